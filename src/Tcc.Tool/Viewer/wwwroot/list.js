// The run list (newest first, with filters) and a session's runs (oldest first). Both refresh in place when the file grows.
(function (V) {
  'use strict';
  const el = V.el;

  const SINCE_CHOICES = [['', 'Any time'], ['15m', 'Last 15 minutes'], ['1h', 'Last hour'], ['24h', 'Last 24 hours'], ['7d', 'Last 7 days']];
  const STATUS_CHOICES = [['', 'Any status'], ['ok', 'ok'], ['error', 'error'], ['open', 'open (no run line yet)']];

  /** The table of runs; rows link to the run page. */
  function runTable(runs, showSession) {
    const head = el('thead', null, el('tr', null,
      el('th', null, 'Status'), el('th', null, 'Started'), el('th', null, 'Agent'), el('th', { class: 'wide' }, 'Prompt'),
      el('th', { class: 'num' }, 'Steps'), el('th', { class: 'num' }, 'Tools'), el('th', { class: 'num' }, 'Tokens'),
      el('th', { class: 'num' }, 'Cost'), el('th', { class: 'num' }, 'Duration'), showSession ? el('th', null, 'Session') : null));
    const body = el('tbody', { testid: 'run-rows' });
    for (const run of runs) {
      const href = V.link.run(run.id);
      const row = el('tr', { class: 'run-row status-' + run.status, testid: 'run-row', 'data-run-id': run.id, onclick: (event) => {
        if (!event.target.closest('a')) window.location.hash = href;
      } },
      el('td', null, V.statusPill(run.status)),
      el('td', { title: V.fmt.time(run.startTime) }, el('a', { href, class: 'row-link' }, V.fmt.ago(run.startTime))),
      el('td', null, run.agent ? el('span', { class: 'agent' }, run.agent) : el('span', { class: 'muted' }, '–')),
      el('td', { class: 'wide prompt' }, run.prompt || el('span', { class: 'muted' }, run.id)),
      el('td', { class: 'num' }, run.steps),
      el('td', { class: 'num' }, run.toolCalls, run.failedChildren ? el('span', { class: 'failed', title: 'failed steps and tool calls' }, ' (' + run.failedChildren + ' failed)') : null),
      el('td', { class: 'num' }, V.fmt.number(run.totalTokens)),
      el('td', { class: 'num' }, V.fmt.cost(run.cost)),
      el('td', { class: 'num' }, V.fmt.duration(run.durationMs)),
      showSession ? el('td', null, run.sessionId ? el('a', { href: V.link.session(run.sessionId), class: 'mono', title: run.sessionId }, V.fmt.shortId(run.sessionId)) : el('span', { class: 'muted' }, '–')) : null);
      body.appendChild(row);
    }
    return el('table', { class: 'runs', testid: 'run-table' }, head, body);
  }

  function select(name, choices, value, onChange) {
    return el('label', { class: 'filter' }, el('span', null, name),
      el('select', { testid: 'filter-' + name.toLowerCase(), onchange: (event) => onChange(event.target.value) },
        choices.map(([key, text]) => el('option', { value: key, selected: key === (value || '') }, text))));
  }

  /** The list page: filters live in the hash (#/?agent=...), so a filtered list can be bookmarked. */
  V.listView = function (main, params) {
    const filters = { agent: params.get('agent') || '', status: params.get('status') || '', since: params.get('since') || '', session: params.get('session') || '' };
    const setFilter = (name, value) => {
      filters[name] = value;
      const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
      window.location.hash = '#/' + (query.toString() ? '?' + query : '');
    };
    const agentSlot = el('span', { class: 'slot' });
    const results = el('div', { class: 'results' }, V.message('Loading…'));
    const count = el('span', { class: 'count', testid: 'run-count' });
    V.clear(main).appendChild(el('div', { class: 'list-page' },
      el('div', { class: 'toolbar' },
        el('h1', null, 'Runs'), count,
        el('div', { class: 'filters' }, agentSlot,
          select('Status', STATUS_CHOICES, filters.status, (v) => setFilter('status', v)),
          select('Since', SINCE_CHOICES, filters.since, (v) => setFilter('since', v)),
          el('label', { class: 'filter' }, el('span', null, 'Session'),
            el('input', { type: 'search', placeholder: 'session id', value: filters.session, testid: 'filter-session',
              onchange: (event) => setFilter('session', event.target.value.trim()) })))),
      results));

    const view = { version: null };
    view.refresh = async function () {
      try {
        const [list, agents] = await Promise.all([
          V.api('/api/runs', { agent: filters.agent, status: filters.status, since: filters.since, session: filters.session }),
          V.api('/api/agents'),
        ]);
        view.version = list.version;
        const agentChoices = [['', 'Any agent']].concat(agents.agents.map((a) => [a, a]));
        if (filters.agent && !agents.agents.includes(filters.agent)) agentChoices.push([filters.agent, filters.agent]);
        V.clear(agentSlot).appendChild(select('Agent', agentChoices, filters.agent, (v) => setFilter('agent', v)));
        count.textContent = list.total > list.runs.length ? `newest ${list.runs.length} of ${list.total}` : `${list.total} run${list.total === 1 ? '' : 's'}`;
        V.clear(results).appendChild(list.runs.length > 0 ? runTable(list.runs, true)
          : V.message(list.total === 0 && !Object.values(filters).some(Boolean)
            ? 'No runs in the file yet. They appear here as your app records them.'
            : 'No runs match these filters.', 'empty'));
      } catch (error) {
        V.clear(results).appendChild(V.message('Could not load the runs: ' + error.message, 'error'));
      }
    };
    view.refresh();
    return view;
  };

  /** A session's runs, in the order they ran. */
  V.sessionView = function (main, sessionId) {
    const results = el('div', { class: 'results' }, V.message('Loading…'));
    V.clear(main).appendChild(el('div', { class: 'list-page' },
      el('nav', { class: 'crumbs' }, el('a', { href: '#/' }, '← All runs')),
      el('div', { class: 'toolbar' }, el('h1', null, 'Session'), el('span', { class: 'mono session-id', testid: 'session-id' }, sessionId)),
      results));
    const view = { version: null };
    view.refresh = async function () {
      try {
        const session = await V.api('/api/sessions/' + encodeURIComponent(sessionId));
        view.version = session.version;
        V.clear(results).append(
          el('p', { class: 'muted' }, `${session.runs.length} run${session.runs.length === 1 ? '' : 's'}, oldest first`),
          runTable(session.runs, false));
      } catch (error) {
        V.clear(results).appendChild(V.message(error.status === 404 ? 'No run of this session is in the file.' : 'Could not load the session: ' + error.message, 'error'));
      }
    };
    view.refresh();
    return view;
  };
})(window.TccView = window.TccView || {});
