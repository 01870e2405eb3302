// The details of the selected step or tool call, shown beside the timeline.
(function (V) {
  'use strict';
  const el = V.el;

  function tokens(step) {
    if (step.promptUncachedTokens === undefined && step.promptCachedTokens === undefined && step.completionTokens === undefined) return null;
    const prompt = (step.promptUncachedTokens || 0) + (step.promptCachedTokens || 0);
    const parts = [V.fmt.number(prompt) + ' in'];
    if (step.promptCachedTokens) parts.push(V.fmt.number(step.promptCachedTokens) + ' cached');
    parts.push(V.fmt.number(step.completionTokens || 0) + ' out');
    return parts.join(' · ');
  }

  function model(step) {
    if (step.modelUsed && step.modelRequested && step.modelUsed !== step.modelRequested) return `${step.modelUsed} (asked for ${step.modelRequested})`;
    return step.modelUsed || step.modelRequested;
  }

  function errorBox(item) {
    if (item.status !== 'error' && !item.statusMessage) return null;
    return el('div', { class: item.status === 'error' ? 'error-box' : 'note-box', testid: 'span-status-message' },
      item.status === 'error' ? 'Error' : 'Status', item.statusMessage ? ': ' + item.statusMessage : '');
  }

  function stepDetails(step) {
    return [
      V.facts([
        ['Model', model(step)],
        ['Finish reason', step.finishReason],
        ['Starts at', '+' + V.fmt.duration(step.offsetMs)],
        ['Duration', V.fmt.duration(step.durationMs)],
        ['Time to first token', step.ttftMs !== undefined ? V.fmt.duration(step.ttftMs) : null],
        ['Tokens', tokens(step)],
        ['Cost', step.cost !== undefined ? V.fmt.cost(step.cost) : null],
        ['Step id', el('span', { class: 'mono' }, step.id)],
      ], 'span-facts'),
      errorBox(step),
      V.textBlock('Prompt', step.prompt, 'span-prompt'),
      V.textBlock('Response', step.response, 'span-response'),
      step.toolDefinitions ? el('details', { class: 'text-block' }, el('summary', null, 'Tool definitions'),
        el('pre', { class: 'code' }, V.pretty(step.toolDefinitions))) : null,
    ];
  }

  function toolDetails(call) {
    return [
      V.facts([
        ['Tool', call.name],
        ['Starts at', '+' + V.fmt.duration(call.offsetMs)],
        ['Duration', V.fmt.duration(call.durationMs)],
        ['Call id', el('span', { class: 'mono' }, call.id)],
      ], 'span-facts'),
      errorBox(call),
      V.textBlock('Arguments', call.args, 'span-args'),
      V.textBlock('Result', call.result, 'span-result'),
    ];
  }

  /** The panel for one span; a hint when none is selected. */
  V.spanDetails = function (span) {
    if (!span) return el('div', { class: 'details-empty muted' }, 'Click a bar to see its details.');
    const item = span.item;
    return el('div', { class: 'details', 'data-kind': span.kind, 'data-id': span.id },
      el('div', { class: 'details-head' },
        el('span', { class: 'kind kind-' + span.kind }, span.kind === 'step' ? 'LLM' : 'TOOL'),
        el('h3', { testid: 'span-title' }, span.name),
        V.statusPill(item.status)),
      span.kind === 'step' ? stepDetails(item) : toolDetails(item));
  };
})(window.TccView = window.TccView || {});
