// Helpers shared by the page's scripts: building elements (text only ever goes in as text), formatting, and the API.
(function (V) {
  'use strict';

  const token = new URLSearchParams(window.location.search).get('token') || '';

  /** Creates an element. attrs: class, testid, data-*, on<event> handlers, style (an object), other attributes as text. */
  V.el = function (tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'testid') node.dataset.testid = value;
      else if (name === 'style') Object.assign(node.style, value);
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    V.append(node, children);
    return node;
  };

  /** Appends children: strings and numbers as text nodes, nodes as they are, arrays flattened, null and false skipped. */
  V.append = function (node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  };

  V.clear = function (node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  };

  /** The hash link of a run, a session or the list. */
  V.link = {
    run: (id) => '#/runs/' + encodeURIComponent(id),
    session: (id) => '#/sessions/' + encodeURIComponent(id),
  };

  V.fmt = {
    duration(ms) {
      if (ms === null || ms === undefined) return '–';
      if (ms < 1) return ms > 0 ? '<1 ms' : '0 ms';
      if (ms < 1000) return Math.round(ms) + ' ms';
      if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
      const minutes = Math.floor(ms / 60000);
      const seconds = Math.round((ms % 60000) / 1000);
      return minutes + ' m ' + String(seconds).padStart(2, '0') + ' s';
    },
    time(iso) {
      const date = new Date(iso);
      return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    },
    /** Recent times as an age ("5 min ago"); older ones as a date, which reads better than "276 d ago". */
    ago(iso) {
      const seconds = (Date.now() - new Date(iso).getTime()) / 1000;
      if (seconds < 0) return V.fmt.time(iso);
      if (seconds < 60) return Math.floor(seconds) + ' s ago';
      if (seconds < 3600) return Math.floor(seconds / 60) + ' min ago';
      if (seconds < 86400) return Math.floor(seconds / 3600) + ' h ago';
      return new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    },
    number(n) {
      return n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US');
    },
    cost(dollars) {
      if (dollars === null || dollars === undefined) return '–';
      const digits = dollars >= 1 ? 2 : dollars >= 0.01 ? 4 : 6;
      return '$' + dollars.toFixed(digits);
    },
    shortId(id) {
      return id && id.length > 12 ? id.slice(0, 8) + '…' : id;
    },
  };

  /** JSON text indented for reading; other text as it is. */
  V.pretty = function (text) {
    if (typeof text !== 'string') return '';
    const trimmed = text.trim();
    if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return text;
    try {
      return JSON.stringify(JSON.parse(trimmed), null, 2);
    } catch {
      return text;
    }
  };

  /** GETs an API path with the token in a header; throws with the server's message when it refuses. */
  V.api = async function (path, params) {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== '') query.set(name, String(value));
    }
    const url = path + (query.toString() ? '?' + query : '');
    const response = await fetch(url, { headers: { 'X-Tcc-Token': token }, cache: 'no-store' });
    if (!response.ok) {
      const error = new Error((await response.text()).trim() || response.statusText);
      error.status = response.status;
      throw error;
    }
    return response.json();
  };

  /** A status pill: ok, error or open. */
  V.statusPill = function (status) {
    return V.el('span', { class: 'pill pill-' + status, testid: 'status' }, status);
  };

  /** A titled block of text (prompt, response, arguments); nothing when there is no text. */
  V.textBlock = function (title, text, testid) {
    if (text === null || text === undefined || text === '') return null;
    return V.el('section', { class: 'text-block', testid },
      V.el('h4', null, title),
      V.el('pre', { class: 'code' }, V.pretty(text)));
  };

  /** A definition list of label/value pairs; pairs without a value are left out. */
  V.facts = function (pairs, testid) {
    const list = V.el('dl', { class: 'facts', testid });
    for (const [label, value] of pairs) {
      if (value === null || value === undefined || value === '') continue;
      V.append(list, [V.el('dt', null, label), V.el('dd', null, value)]);
    }
    return list;
  };

  /** What to show while loading, or when something failed. */
  V.message = function (text, kind) {
    return V.el('div', { class: 'message ' + (kind || ''), testid: 'message' }, text);
  };
})(window.TccView = window.TccView || {});
