// A run's page: its totals, its timeline with the selected span's details beside it, its input and output, metadata and feedback.
(function (V) {
  'use strict';
  const el = V.el;

  function stat(label, value, testid, sub) {
    return el('div', { class: 'stat', testid }, el('div', { class: 'stat-label' }, label), el('div', { class: 'stat-value' }, value),
      sub ? el('div', { class: 'stat-sub' }, sub) : null);
  }

  function stats(run) {
    const s = run.summary;
    const cached = run.cachedPromptTokens ? ` · ${V.fmt.number(run.cachedPromptTokens)} cached` : '';
    return el('div', { class: 'stats' },
      stat('Duration', V.fmt.duration(s.durationMs), 'stat-duration'),
      stat('Steps', s.steps, 'stat-steps'),
      stat('Tool calls', s.toolCalls, 'stat-tool-calls'),
      stat('Errors', s.failedChildren, 'stat-errors', s.failedChildren ? 'steps and tool calls' : null),
      stat('Tokens', V.fmt.number(s.totalTokens), 'stat-tokens', `${V.fmt.number(run.promptTokens)} in${cached} · ${V.fmt.number(run.completionTokens)} out`),
      stat('Cost', V.fmt.cost(s.cost), 'stat-cost'));
  }

  function sessionNav(place) {
    if (!place) return null;
    return el('div', { class: 'session-nav', testid: 'session-nav' },
      el('a', { href: V.link.session(place.id), testid: 'session-link' }, `Session ${V.fmt.shortId(place.id)}`),
      el('span', { class: 'muted' }, ` · run ${place.index + 1} of ${place.count}`),
      place.previousRunId ? el('a', { href: V.link.run(place.previousRunId), class: 'nav-step', testid: 'previous-run' }, '‹ previous') : null,
      place.nextRunId ? el('a', { href: V.link.run(place.nextRunId), class: 'nav-step', testid: 'next-run' }, 'next ›') : null);
  }

  function metadata(run) {
    const shown = run.metadata;
    if (shown.length === 0) return null;
    return el('section', { class: 'card', testid: 'metadata' }, el('h2', null, 'Metadata'),
      el('table', { class: 'kv' }, el('tbody', null, shown.map((m) =>
        el('tr', { testid: 'metadata-entry' }, el('th', null, m.key), el('td', null, m.value))))));
  }

  function feedback(run) {
    if (run.feedback.length === 0) return null;
    const score = (s) => s === 'thumbs_up' ? 'Thumbs up' : s === 'thumbs_down' ? 'Thumbs down' : s;
    return el('section', { class: 'card', testid: 'feedback' }, el('h2', null, 'Feedback'),
      el('ul', { class: 'feedback' }, run.feedback.map((f) =>
        el('li', { testid: 'feedback-entry', class: f.score === 'thumbs_down' ? 'negative' : f.score === 'thumbs_up' ? 'positive' : '' },
          f.score ? el('span', { class: 'score' }, score(f.score)) : null,
          f.text ? el('span', { class: 'feedback-text' }, f.text) : null))));
  }

  function io(run) {
    return el('section', { class: 'card', testid: 'run-io' }, el('h2', null, 'Input and output'),
      V.textBlock('System prompt', run.systemPrompt, 'run-system-prompt'),
      V.textBlock('User prompt', run.userPrompt, 'run-user-prompt'),
      V.textBlock('Response', run.response, 'run-response'),
      run.fullInput ? el('details', { class: 'text-block' }, el('summary', null, 'Full input'), el('pre', { class: 'code' }, V.pretty(run.fullInput))) : null,
      run.fullOutput ? el('details', { class: 'text-block' }, el('summary', null, 'Full output'), el('pre', { class: 'code' }, V.pretty(run.fullOutput))) : null,
      !run.systemPrompt && !run.userPrompt && !run.response ? el('p', { class: 'muted' }, 'The run recorded no prompt or response.') : null);
  }

  V.runView = function (main, runId) {
    const view = { version: null, selected: null };
    V.clear(main).appendChild(V.message('Loading…'));

    view.refresh = async function () {
      let run;
      try {
        run = await V.api('/api/runs/' + encodeURIComponent(runId));
      } catch (error) {
        V.clear(main).append(el('nav', { class: 'crumbs' }, el('a', { href: '#/' }, '← All runs')),
          V.message(error.status === 404 ? 'No run with this id is in the file (yet).' : 'Could not load the run: ' + error.message, 'error'));
        return;
      }
      view.version = run.version;
      const s = run.summary;
      const spans = V.spans(run);
      // Keep the selection across live updates; at first, show the first error, else the first span.
      let current = spans.find((x) => x.key === view.selected) || spans.find((x) => x.item.status === 'error') || spans[0] || null;
      const panel = el('aside', { class: 'tl-details', testid: 'span-details' });
      const timeline = V.timeline(run, spans, (span) => show(span));
      function show(span) {
        current = span;
        view.selected = span ? span.key : null;
        timeline.select(view.selected);
        V.clear(panel).appendChild(V.spanDetails(span));
      }
      show(current);

      V.clear(main).appendChild(el('div', { class: 'run-page', testid: 'run-page', 'data-run-id': s.id },
        el('nav', { class: 'crumbs' }, el('a', { href: '#/', testid: 'back-to-list' }, '← All runs'), sessionNav(run.session)),
        el('div', { class: 'run-head' },
          el('h1', null, s.agent || 'Run'), V.statusPill(s.status),
          el('span', { class: 'mono run-id', testid: 'run-id' }, s.id),
          el('span', { class: 'muted' }, V.fmt.time(s.startTime))),
        run.statusMessage ? el('div', { class: s.status === 'error' ? 'error-box' : 'note-box', testid: 'run-status-message' }, run.statusMessage) : null,
        s.status === 'open' ? el('div', { class: 'note-box' }, 'No run line yet: the run is still going, or its line was lost. Its steps and tool calls are shown as they arrive.') : null,
        stats(run),
        el('section', { class: 'card trace' }, el('h2', null, 'Timeline'),
          el('div', { class: 'legend' }, el('span', { class: 'kind kind-step' }, 'LLM'), ' step  ',
            el('span', { class: 'kind kind-tool_call' }, 'TOOL'), ' tool call  ', el('span', { class: 'legend-error' }, ''), ' error'),
          el('div', { class: 'trace-body' }, timeline.node, panel)),
        el('div', { class: 'columns' }, io(run), el('div', { class: 'side' }, metadata(run), feedback(run)))));
    };
    view.refresh();
    return view;
  };
})(window.TccView = window.TccView || {});
