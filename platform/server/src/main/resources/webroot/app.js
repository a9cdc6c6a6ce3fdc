// The page of `shiftadd serve`: submits specs, lists the runs with their progress, follows the
// selected run's progress log and shows its result. Every number comes from the HTTP API
// that docs/API.md describes, and the page stores nothing on the server.
'use strict';

const TOKEN_KEY = 'shiftadd.token';
const POLL_MILLIS = 1000;
const RETRY_MILLIS = 2000;
const SVG_NS = 'http://www.w3.org/2000/svg';
const TERMINAL = new Set(['finished', 'failed', 'cancelled']);
/** Used when the installation has no examples/mnist-mlp.yaml. */
const FALLBACK_SPEC = `name: mnist-mlp
data: mnist
model: { type: mlp, layers: [784, 300, 10] }
train: { epochs: 15, batch: 64, learningRate: 0.35, momentum: 0.8, seed: 1 }
baseline: { bits: 8 }
stages:
  - decomposer: lcc-fp
  - decomposer: lcc-fs
`;
const COLORS = ['#1f5fa8', '#d1495b', '#2b7a0b', '#e39400', '#6a4c93', '#00798c', '#8d6346'];

const $ = (id) => document.getElementById(id);

/** The selected run: its id, its open event stream and how far its result has loaded. */
const selection = {
  id: null, stream: null, resultRequested: false, resultShown: false, ended: false,
};
const runRows = new Map();
let polling = false;

/** Thrown after a 401, once the token form is on screen. */
class AuthError extends Error {}

// ---- HTTP -------------------------------------------------------------------------------

/**
 * Sends a request to the API with the bearer token of this tab, if any. Shows the token form
 * and throws AuthError on 401.
 */
async function api(path, init = {}) {
  const headers = new Headers(init.headers || {});
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) {
    headers.set('Authorization', 'Bearer ' + token);
  }
  let response;
  try {
    response = await fetch(path, { ...init, headers, cache: 'no-store' });
  } catch (e) {
    if (e.name !== 'AbortError') {
      setServerState('server unreachable: ' + e.message, true);
    }
    throw e;
  }
  if (response.status === 401) {
    showAuth(token ? 'The server rejected the token; enter the token that it was started with.'
      : null);
    throw new AuthError('missing or invalid bearer token');
  }
  return response;
}

async function apiJson(path) {
  const response = await api(path);
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || `${path}: HTTP ${response.status}`);
  }
  return body;
}

function setServerState(text, offline) {
  const state = $('server-state');
  state.textContent = text;
  state.classList.toggle('offline', offline);
}

function showAuth(message) {
  if (message) {
    $('auth-message').textContent = message;
  }
  $('auth').hidden = false;
  setServerState('authentication required', true);
}

// ---- formatting -------------------------------------------------------------------------

function formatCount(n) {
  return typeof n === 'number' ? n.toLocaleString('en-US') : '–';
}

function formatRatio(r) {
  return typeof r === 'number' ? r.toFixed(2) + 'x' : '–';
}

function formatAccuracy(a) {
  return typeof a === 'number' ? (a * 100).toFixed(2) + ' %' : '–';
}

function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  return node;
}

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, String(value));
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/**
 * Shows a fraction in 0..1 on a progress bar. Without a fraction, the bar of a run that has
 * ended stays empty, and that of a run still going is indeterminate.
 */
function setProgress(bar, fraction, ended) {
  if (typeof fraction === 'number') {
    bar.value = fraction;
    bar.dataset.fraction = String(fraction);
  } else if (ended) {
    bar.value = 0;
    bar.dataset.fraction = '';
  } else {
    bar.removeAttribute('value');
    bar.dataset.fraction = '';
  }
}

// ---- run list ---------------------------------------------------------------------------

async function refreshRuns() {
  if (polling) {
    return;
  }
  polling = true;
  try {
    const body = await apiJson('/api/runs');
    setServerState(`connected, ${body.runs.length} runs in the store`, false);
    renderRuns(body.runs);
  } catch (e) {
    if (!(e instanceof AuthError) && e.name !== 'TypeError') {
      setServerState('listing the runs failed: ' + e.message, true);
    }
  } finally {
    polling = false;
  }
}

function renderRuns(runs) {
  const body = $('runs-body');
  const seen = new Set();
  for (const run of runs) {
    seen.add(run.id);
    let row = runRows.get(run.id);
    if (!row) {
      row = createRunRow(run.id);
      runRows.set(run.id, row);
    }
    updateRunRow(row, run);
    // Appending an attached row moves it, so the rows follow the server's order.
    body.appendChild(row);
    if (run.id === selection.id) {
      updateDetailState(run);
    }
  }
  for (const [id, row] of runRows) {
    if (!seen.has(id)) {
      row.remove();
      runRows.delete(id);
    }
  }
  $('runs-empty').hidden = runs.length > 0;
}

function createRunRow(id) {
  const row = element('tr', null, { 'data-testid': 'run-row', 'data-run-id': id });
  row.append(element('td', id, { class: 'run-id' }), element('td', null, { class: 'status' }));
  const progressCell = element('td');
  progressCell.append(element('progress', null, { max: '1', 'data-testid': 'run-progress' }),
    element('span', null, { class: 'percent' }));
  row.append(progressCell, element('td', null, { class: 'message' }));
  row.addEventListener('click', () => select(id));
  return row;
}

function updateRunRow(row, run) {
  const status = row.querySelector('.status');
  status.textContent = run.status + (run.cancelRequested && !TERMINAL.has(run.status)
    ? ' (cancelling)' : '');
  status.className = 'status status-' + run.status;
  const fraction = run.progress ? run.progress.fraction : null;
  setProgress(row.querySelector('progress'), fraction, TERMINAL.has(run.status));
  row.querySelector('.percent').textContent =
    typeof fraction === 'number' ? ` ${Math.round(fraction * 100)} %` : '';
  const message = run.progress && run.progress.message ? run.progress.message : '';
  row.querySelector('.message').textContent = message;
  row.querySelector('.message').title = message;
  row.classList.toggle('selected', run.id === selection.id);
}

// ---- selected run -----------------------------------------------------------------------

function select(id) {
  if (selection.stream) {
    selection.stream.abort();
  }
  selection.id = id;
  selection.resultRequested = false;
  selection.resultShown = false;
  selection.ended = false;
  selection.stream = null;
  for (const [rowId, row] of runRows) {
    row.classList.toggle('selected', rowId === id);
  }
  history.replaceState(null, '', '#run=' + encodeURIComponent(id));
  $('run-detail').hidden = false;
  $('detail-id').textContent = id;
  $('detail-status').textContent = '';
  $('detail-reason').hidden = true;
  $('run-log').textContent = '';
  $('run-result').hidden = true;
  followEvents(id);
  loadDetail(id);
}

async function loadDetail(id) {
  try {
    const run = await apiJson('/api/runs/' + encodeURIComponent(id));
    if (id !== selection.id) {
      return;
    }
    updateDetailState(run);
    if (run.result && !selection.resultShown) {
      selection.resultShown = true;
      renderResult(run.result);
    }
  } catch (e) {
    if (!(e instanceof AuthError) && id === selection.id) {
      $('detail-status').textContent = 'cannot load the run: ' + e.message;
    }
  }
}

function updateDetailState(run) {
  $('detail-status').textContent = run.status;
  $('detail-status').className = 'status-' + run.status;
  setProgress($('detail-progress'), run.progress ? run.progress.fraction : null,
    TERMINAL.has(run.status));
  $('detail-cancel').hidden = TERMINAL.has(run.status) || run.status === 'unknown';
  const reason = $('detail-reason');
  reason.hidden = !run.reason;
  reason.textContent = run.reason || '';
  // The run list carries no results, so a finished run is fetched once on its own.
  if (run.status === 'finished' && !run.result && !selection.resultRequested) {
    selection.resultRequested = true;
    loadDetail(run.id);
  }
}

async function cancelSelected() {
  const id = selection.id;
  try {
    const response = await api('/api/runs/' + encodeURIComponent(id), { method: 'DELETE' });
    const body = await response.json();
    if (!response.ok) {
      $('detail-reason').hidden = false;
      $('detail-reason').textContent = body.error;
    }
  } catch (e) {
    // api() has already shown the token form or the lost connection.
  }
  refreshRuns();
}

/**
 * Reads the run's server-sent events with fetch rather than EventSource, because
 * EventSource cannot send the Authorization header.
 */
async function followEvents(id) {
  const controller = new AbortController();
  selection.stream = controller;
  const log = $('run-log');
  log.textContent = '';
  try {
    const response = await api(`/api/runs/${encodeURIComponent(id)}/events`,
      { signal: controller.signal });
    if (!response.ok) {
      const body = await response.json();
      log.textContent = body.error || `HTTP ${response.status}`;
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        handleEvent(id, parseEvent(buffer.slice(0, end)));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch (e) {
    if (e.name === 'AbortError' || e instanceof AuthError) {
      return;
    }
  }
  // The server closes the stream after the 'end' event, so any other end is a lost
  // connection.
  const current = () => selection.stream === controller && !selection.ended;
  if (current()) {
    setTimeout(() => {
      if (current()) {
        followEvents(id);
      }
    }, RETRY_MILLIS);
  }
}

function parseEvent(block) {
  const event = { type: 'message', data: '' };
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') {
      event.type = value;
    } else if (field === 'data') {
      event.data += (event.data ? '\n' : '') + value;
    }
  }
  return event;
}

function handleEvent(id, event) {
  if (id !== selection.id || !event.data) {
    return;
  }
  const data = JSON.parse(event.data);
  if (event.type === 'progress') {
    const log = $('run-log');
    log.append(`${data.line}  [${data.phase}] ${data.message}\n`);
    log.scrollTop = log.scrollHeight;
  } else if (event.type === 'end') {
    selection.ended = true;
    updateDetailState(data);
    loadDetail(id);
  }
}

// ---- result -----------------------------------------------------------------------------

function methodsOf(result) {
  const total = result.total || {};
  const names = Object.keys(total.additions || {});
  for (const layer of result.layers || []) {
    for (const name of Object.keys(layer.additions || {})) {
      if (!names.includes(name)) {
        names.push(name);
      }
    }
  }
  return names;
}

function renderResult(result) {
  const methods = methodsOf(result);
  renderLayerTable(result, methods);
  renderComparison(result.comparison);
  renderPlot(result, methods);
  $('run-result').hidden = false;
}

function renderLayerTable(result, methods) {
  const table = $('layer-table');
  table.replaceChildren();
  const head = element('tr');
  head.append(element('th', 'layer'), element('th', 'rows', { class: 'number' }),
    element('th', 'cols', { class: 'number' }), element('th', 'B', { class: 'number' }));
  methods.forEach((m) => head.append(element('th', m + ' adds', { class: 'number' })));
  table.append(element('thead'));
  table.tHead.append(head);

  const body = element('tbody');
  for (const layer of result.layers || []) {
    const row = element('tr', null, { 'data-testid': 'layer-row', 'data-layer': layer.name });
    row.append(element('td', layer.name, { class: 'layer-name' }),
      element('td', formatCount(layer.rows), { class: 'number', 'data-column': 'rows' }),
      element('td', formatCount(layer.cols), { class: 'number', 'data-column': 'cols' }),
      element('td', layer.bits ?? '–', { class: 'number', 'data-column': 'bits' }));
    for (const m of methods) {
      const adds = layer.additions ? layer.additions[m] : undefined;
      row.append(element('td', formatCount(adds), { class: 'number', 'data-method': m }));
    }
    body.append(row);
  }
  table.append(body);

  const total = result.total || {};
  const foot = element('tfoot');
  foot.append(
    totalRow('total-additions', 'total', methods, total.additions, formatCount),
    totalRow('total-ratio', 'ratio to CSD', methods, total.ratioToCsd, formatRatio),
    totalRow('total-accuracy', 'test accuracy', methods, total.accuracy, formatAccuracy));
  if (result.accuracy && typeof result.accuracy.float === 'number') {
    const row = element('tr', null, { 'data-testid': 'float-accuracy' });
    row.append(element('th', 'float network test accuracy', { colspan: '4' }),
      element('td', formatAccuracy(result.accuracy.float), { class: 'number' }));
    foot.append(row);
  }
  table.append(foot);
}

function totalRow(testId, label, methods, values, format) {
  const row = element('tr', null, { 'data-testid': testId });
  row.append(element('th', label, { colspan: '4' }));
  for (const m of methods) {
    const value = values ? values[m] : undefined;
    row.append(element('td', format(value), { class: 'number', 'data-method': m }));
  }
  return row;
}

function renderComparison(comparison) {
  const rows = comparison && Array.isArray(comparison.rows) ? comparison.rows : [];
  $('comparison').hidden = rows.length === 0;
  const table = $('comparison-table');
  table.replaceChildren();
  if (rows.length === 0) {
    return;
  }
  const head = element('tr');
  for (const name of ['method', 'precision', 'additions', 'ratio to CSD', 'test accuracy',
    'within limit', 'configuration']) {
    head.append(element('th', name));
  }
  table.append(element('thead'));
  table.tHead.append(head);
  const body = element('tbody');
  for (const r of rows) {
    const row = element('tr', null, { 'data-testid': 'comparison-row' });
    row.append(element('td', r.method), element('td', r.precision),
      element('td', formatCount(r.additions), { class: 'number' }),
      element('td', formatRatio(r.ratioToCsd), { class: 'number' }),
      element('td', formatAccuracy(r.accuracy), { class: 'number' }),
      element('td', r.withinLimit ? 'yes' : 'no'), element('td', r.configuration || ''));
    body.append(row);
  }
  table.append(body);
}

// ---- plot -------------------------------------------------------------------------------

/**
 * Draws additions (log scale) against test accuracy: one filled point per method from
 * result.total, and one ring per configuration that the comparison at equal accuracy tried.
 */
function renderPlot(result, methods) {
  const plot = $('plot');
  plot.replaceChildren();
  const total = result.total || {};
  const points = methods
    .map((m, i) => ({ method: m, color: COLORS[i % COLORS.length],
      additions: (total.additions || {})[m], accuracy: (total.accuracy || {})[m] }))
    .filter((p) => p.additions > 0 && typeof p.accuracy === 'number');
  const trials = ((result.comparison && result.comparison.trials) || [])
    .filter((t) => t.additions > 0 && typeof t.accuracy === 'number');
  if (points.length === 0 && trials.length === 0) {
    plot.append(element('p', 'No test accuracy: this run has no test data to plot.',
      { id: 'plot-empty' }));
    return;
  }

  const size = { width: 600, height: 340, left: 64, right: 110, top: 14, bottom: 46 };
  const all = points.concat(trials);
  const x = logScale(all.map((p) => p.additions), size.left, size.width - size.right);
  const y = linearScale(all.map((p) => p.accuracy * 100), size.height - size.bottom, size.top);
  const chart = svg('svg', { id: 'plot-svg', width: size.width, height: size.height,
    viewBox: `0 0 ${size.width} ${size.height}`, role: 'img',
    'aria-label': 'additions per inference versus test accuracy' });
  drawAxes(chart, size, x, y);

  for (const t of trials) {
    const ring = svg('circle', { class: t.withinLimit ? 'trial within' : 'trial',
      cx: x.map(t.additions), cy: y.map(t.accuracy * 100), r: 3.5,
      'data-testid': 'plot-trial', 'data-stage': t.stage });
    ring.append(svg('title', {}, `${t.stage} ${t.setting}: ${formatCount(t.additions)}`
      + ` additions, ${formatAccuracy(t.accuracy)}`));
    chart.append(ring);
  }
  for (const p of points) {
    const cx = x.map(p.additions);
    const cy = y.map(p.accuracy * 100);
    const dot = svg('circle', { class: 'method', cx, cy, r: 5, fill: p.color,
      'data-testid': 'plot-point', 'data-method': p.method, 'data-additions': p.additions,
      'data-accuracy': p.accuracy });
    dot.append(svg('title', {}, `${p.method}: ${formatCount(p.additions)} additions,`
      + ` ${formatAccuracy(p.accuracy)}`));
    chart.append(dot, svg('text', { x: cx + 8, y: cy - 6, fill: p.color }, p.method));
  }
  plot.append(chart, element('p', 'Filled points: the methods of the table above.'
    + (trials.length === 0 ? '' : ' Rings: every configuration that the comparison at equal'
      + ' accuracy tried, green where it stays within the accuracy limit.'),
  { id: 'plot-caption' }));
}

/**
 * Maps values to pixels on a base-10 log scale that spans whole decades, with ticks at 1, 2
 * and 5 times each power of ten when it spans at most two decades.
 */
function logScale(values, from, to) {
  const low = Math.floor(Math.log10(Math.min(...values)));
  let high = Math.ceil(Math.log10(Math.max(...values)));
  if (high === low) {
    high += 1;
  }
  const multiples = high - low <= 2 ? [1, 2, 5] : [1];
  const ticks = [];
  for (let k = low; k <= high; k++) {
    for (const m of multiples) {
      if (k < high || m === 1) {
        ticks.push(m * 10 ** k);
      }
    }
  }
  return {
    ticks,
    map: (v) => from + (Math.log10(v) - low) / (high - low) * (to - from),
    label: formatCount,
  };
}

/**
 * Maps values to pixels on a linear scale whose ends are multiples of a step of 0.5, 1, 2, 5,
 * 10 or 20, chosen for at most 7 intervals, with a margin of 0.3 beyond the values.
 */
function linearScale(values, from, to) {
  const min = Math.min(...values) - 0.3;
  const max = Math.max(...values) + 0.3;
  const step = [0.5, 1, 2, 5, 10, 20].find((s) => (max - min) / s <= 7) || 25;
  const low = Math.floor(min / step) * step;
  const high = Math.ceil(max / step) * step;
  const ticks = [];
  for (let i = 0; low + i * step <= high + 1e-9; i++) {
    ticks.push(low + i * step);
  }
  return {
    ticks,
    map: (v) => from + (v - low) / (high - low) * (to - from),
    label: (v) => v.toFixed(step < 1 ? 1 : 0),
  };
}

function drawAxes(chart, size, x, y) {
  const bottom = size.height - size.bottom;
  const right = size.width - size.right;
  for (const t of x.ticks) {
    const px = x.map(t);
    chart.append(svg('line', { class: 'grid', x1: px, x2: px, y1: size.top, y2: bottom }),
      svg('text', { x: px, y: bottom + 16, 'text-anchor': 'middle' }, x.label(t)));
  }
  for (const t of y.ticks) {
    const py = y.map(t);
    chart.append(svg('line', { class: 'grid', x1: size.left, x2: right, y1: py, y2: py }),
      svg('text', { x: size.left - 6, y: py + 4, 'text-anchor': 'end' }, y.label(t) + ' %'));
  }
  chart.append(
    svg('line', { class: 'axis', x1: size.left, x2: right, y1: bottom, y2: bottom }),
    svg('line', { class: 'axis', x1: size.left, x2: size.left, y1: size.top, y2: bottom }),
    svg('text', { x: (size.left + right) / 2, y: size.height - 8, 'text-anchor': 'middle' },
      'additions per inference (log scale)'),
    svg('text', { x: 14, y: (size.top + bottom) / 2, 'text-anchor': 'middle',
      transform: `rotate(-90 14 ${(size.top + bottom) / 2})` }, 'test accuracy'));
}

// ---- spec form and stages ---------------------------------------------------------------

async function loadExampleSpec() {
  const input = $('spec-input');
  let text = FALLBACK_SPEC;
  try {
    const response = await fetch('/examples/mnist-mlp.yaml', { cache: 'no-store' });
    if (response.ok) {
      text = await response.text();
    }
  } catch (e) {
    // The built-in spec stays.
  }
  if (!input.value) {
    input.value = text;
  }
}

async function submitSpec(event) {
  event.preventDefault();
  const text = $('spec-input').value;
  const type = text.trimStart().startsWith('{') ? 'application/json' : 'application/yaml';
  const errors = $('spec-errors');
  const status = $('spec-status');
  status.textContent = 'submitting…';
  try {
    const response = await api('/api/runs', { method: 'POST',
      headers: { 'Content-Type': type }, body: text });
    const body = await response.json().catch(() => ({}));
    if (response.status === 202) {
      errors.hidden = true;
      status.textContent = 'submitted run ' + body.id;
      select(body.id);
      refreshRuns();
      return;
    }
    status.textContent = '';
    $('spec-error').textContent = body.error || `the server returned HTTP ${response.status}`;
    $('spec-problems').replaceChildren(...(body.problems || [])
      .map((p) => element('li', p, { 'data-testid': 'spec-problem' })));
    errors.hidden = false;
  } catch (e) {
    status.textContent = e instanceof AuthError ? 'enter the bearer token first'
      : 'the request failed: ' + e.message;
  }
}

async function loadStages() {
  try {
    const body = await apiJson('/api/stages');
    $('stages-body').replaceChildren(...body.stages.map((s) => {
      const row = element('tr', null, { 'data-testid': 'stage-row',
        'data-stage': `${s.kind}/${s.name}` });
      row.append(element('td', s.kind), element('td', s.name), element('td', s.bundle),
        element('td', s.version), element('td', s.ranking, { class: 'number' }),
        element('td', s.serving ? 'yes' : 'no', { 'data-column': 'serving' }));
      return row;
    }));
  } catch (e) {
    if (!(e instanceof AuthError)) {
      const row = element('tr');
      row.append(element('td', 'cannot list the stages: ' + e.message, { colspan: '6' }));
      $('stages-body').replaceChildren(row);
    }
  }
}

function useToken(event) {
  event.preventDefault();
  const token = $('token-input').value.trim();
  if (!token) {
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  $('token-input').value = '';
  $('auth').hidden = true;
  refreshAll();
}

function refreshAll() {
  refreshRuns();
  loadStages();
  if (selection.id) {
    select(selection.id);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('spec-form').addEventListener('submit', submitSpec);
  $('token-form').addEventListener('submit', useToken);
  $('detail-cancel').addEventListener('click', cancelSelected);
  loadExampleSpec();
  // A link such as /#run=ID opens that run.
  const linked = /^#run=(.+)$/.exec(location.hash);
  if (linked) {
    try {
      selection.id = decodeURIComponent(linked[1]);
    } catch (e) {
      // A malformed link opens no run; the page works as without it.
      console.warn('ignoring the malformed run link ' + location.hash);
    }
  }
  refreshAll();
  setInterval(refreshRuns, POLL_MILLIS);
});
