// The run's timeline: one row per step and tool call, its bar placed on a time axis that starts at the run's start.
(function (V) {
  'use strict';
  const el = V.el;

  /** Round tick spacing for an axis of totalMs: about four to eight ticks. */
  function tickStep(totalMs) {
    const rough = totalMs / 5;
    const magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
    for (const factor of [1, 2, 2.5, 5, 10]) {
      if (rough <= factor * magnitude) return factor * magnitude;
    }
    return 10 * magnitude;
  }

  function percent(value, total) {
    return Math.max(0, Math.min(100, (value / total) * 100));
  }

  /** The steps and tool calls as one list in start order; steps are numbered as they ran. */
  V.spans = function (run) {
    const spans = [];
    run.steps.forEach((step, index) => spans.push({
      kind: 'step', key: 'step:' + step.id, id: step.id, item: step, number: index + 1,
      name: 'Step ' + (index + 1), detail: step.modelUsed || step.modelRequested || '',
    }));
    run.toolCalls.forEach((call) => spans.push({ kind: 'tool_call', key: 'tool_call:' + call.id, id: call.id, item: call, name: call.name, detail: '' }));
    spans.sort((a, b) => a.item.offsetMs - b.item.offsetMs || (a.kind === 'step' ? -1 : 1));
    return spans;
  };

  /** Builds the timeline; onSelect(span) is called when a row is clicked. Returns { node, select(key) }. */
  V.timeline = function (run, spans, onSelect) {
    const total = Math.max(run.timelineMs, 1);
    const step = tickStep(total);
    const ticks = [];
    for (let at = 0; at <= total + step / 1000; at += step) ticks.push(at);

    const axis = el('div', { class: 'tl-axis' }, ticks.map((at) =>
      el('span', { class: 'tl-tick', style: { left: percent(at, total) + '%' } }, V.fmt.duration(at))));
    const grid = () => el('div', { class: 'tl-grid' }, ticks.map((at) => el('span', { style: { left: percent(at, total) + '%' } })));

    const rows = new Map();
    const node = el('div', { class: 'timeline', testid: 'timeline' },
      el('div', { class: 'tl-row tl-header' }, el('div', { class: 'tl-label' }, 'Span'), el('div', { class: 'tl-track' }, axis)),
      el('div', { class: 'tl-row tl-root' },
        el('div', { class: 'tl-label' }, el('span', { class: 'kind kind-run' }, 'RUN'), el('span', { class: 'tl-name' }, run.summary.agent || 'run'),
          el('span', { class: 'tl-dur' }, V.fmt.duration(run.summary.durationMs))),
        el('div', { class: 'tl-track' }, grid(),
          el('div', { class: 'tl-bar bar-run' + (run.summary.status === 'error' ? ' bar-error' : ''), testid: 'timeline-run',
            style: { left: '0%', width: percent(run.summary.durationMs, total) + '%' } }))));

    for (const span of spans) {
      const item = span.item;
      const error = item.status === 'error';
      const bar = el('div', {
        class: 'tl-bar bar-' + span.kind + (error ? ' bar-error' : ''), testid: 'timeline-bar',
        'data-kind': span.kind, 'data-id': span.id, 'data-status': item.status,
        title: `${span.name} · ${V.fmt.duration(item.durationMs)} · starts at +${V.fmt.duration(item.offsetMs)}`,
        style: { left: percent(item.offsetMs, total) + '%', width: percent(item.durationMs, total) + '%' },
      });
      const row = el('button', { type: 'button', class: 'tl-row tl-span' + (error ? ' is-error' : ''), testid: 'timeline-row', 'data-kind': span.kind, 'data-id': span.id,
        onclick: () => onSelect(span) },
        el('div', { class: 'tl-label' },
          el('span', { class: 'kind kind-' + span.kind }, span.kind === 'step' ? 'LLM' : 'TOOL'),
          el('span', { class: 'tl-name' }, span.name, span.detail ? el('span', { class: 'tl-detail' }, ' ' + span.detail) : null),
          error ? el('span', { class: 'tl-error-mark', title: 'error' }, '!') : null,
          el('span', { class: 'tl-dur' }, V.fmt.duration(item.durationMs))),
        el('div', { class: 'tl-track' }, grid(), bar));
      rows.set(span.key, row);
      node.appendChild(row);
    }

    if (spans.length === 0) node.appendChild(V.message('No steps or tool calls were recorded for this run.', 'empty'));

    return {
      node,
      select(key) {
        for (const [rowKey, row] of rows) row.classList.toggle('selected', rowKey === key);
      },
    };
  };
})(window.TccView = window.TccView || {});
