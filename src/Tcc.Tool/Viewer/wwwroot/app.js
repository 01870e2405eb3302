// The page's router (#/, #/runs/{id}, #/sessions/{id}) and its live updates: a long poll that answers when the file grew.
(function (V) {
  'use strict';
  const el = V.el;
  const main = document.getElementById('main');
  const live = document.querySelector('[data-testid="live-status"]');
  const warnings = document.querySelector('[data-testid="file-warnings"]');
  const filePath = document.querySelector('[data-testid="file-path"]');
  let current = null;

  function route() {
    const hash = window.location.hash.replace(/^#/, '') || '/';
    const [path, query] = hash.split('?');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'runs' && parts[1]) current = V.runView(main, parts[1]);
    else if (parts[0] === 'sessions' && parts[1]) current = V.sessionView(main, parts[1]);
    else current = V.listView(main, new URLSearchParams(query || ''));
    window.scrollTo(0, 0);
  }

  function setLive(state, text) {
    live.dataset.state = state;
    live.textContent = text;
  }

  /** The warning about the file: lines that could not be read, or a file that is gone. */
  function showHealth(file) {
    filePath.textContent = file.path;
    filePath.title = file.path;
    V.clear(warnings);
    const items = [];
    if (file.problem) items.push(el('div', { testid: 'file-problem' }, file.problem));
    if (file.errorCount > 0) {
      const more = file.errorCount - file.errors.length;
      items.push(el('details', { testid: 'line-errors' },
        el('summary', null, `${file.errorCount} line${file.errorCount === 1 ? '' : 's'} of the file could not be read and ${file.errorCount === 1 ? 'is' : 'are'} left out: `,
          file.errors.map((e) => 'line ' + e.line).join(', '), more > 0 ? ` and ${more} more` : ''),
        el('ul', null, file.errors.map((e) => el('li', { testid: 'line-error', 'data-line': e.line }, el('b', null, 'line ' + e.line), ': ' + e.message)))));
    }
    V.append(warnings, items);
    warnings.hidden = items.length === 0;
  }

  /** Waits for the file to change, then refreshes the view when its data is older; retries while the tool is stopped. */
  async function watch() {
    let version = -1;
    for (;;) {
      try {
        // Ask about the version the view shows when it has one: a view loaded just before a change refreshes too.
        const since = current && current.version !== null ? current.version : version;
        const changes = await V.api('/api/changes', { since });
        version = changes.version;
        setLive('live', 'live');
        showHealth(changes.file);
        if (current && current.version !== null && current.version !== version) await current.refresh();
      } catch (error) {
        setLive('offline', error.status === 401 ? 'token refused' : 'disconnected: is tcc view still running?');
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  }

  window.addEventListener('hashchange', route);
  route();
  watch();
})(window.TccView = window.TccView || {});
