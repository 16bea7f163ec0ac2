// Processors: state, position, lag, segments and who holds them, the last minutes as a chart, and replay.
import {el, clear, count, time, dateTime, confirmDialog} from './dom.js';
import {get, post} from './http.js';
import {drawChart} from './chart.js';
import {renderRelays} from './relays.js';

const REFRESH_MS = 2000;
const RENDERED = 'console:processors-rendered';
let timer = null;

window.addEventListener('resize', () => { if (timer) refresh(); });

export function show() {
  refresh();
  timer = setInterval(refresh, REFRESH_MS);
}

export function hide() {
  clearInterval(timer);
  timer = null;
}

async function refresh() {
  const summary = document.getElementById('processors-summary');
  try {
    const board = await get('/console/api/processors');
    render(board);
    // how long the page took to show the processors, for whoever measures it (performance.getEntriesByName)
    if (!performance.getEntriesByName(RENDERED).length) performance.mark(RENDERED);
    summary.textContent = `${board.processors.length} processors · newest event at position ${count(board.head)}`
      + ` · this instance ${board.instance} · ${time(board.at)}`;
    summary.classList.remove('failed');
  } catch (failure) {
    summary.textContent = `Could not read the processors: ${failure.message}`;
    summary.classList.add('failed');
  }
}

function render(board) {
  const list = document.getElementById('processor-list');
  const seen = new Set();
  for (const processor of board.processors) {
    seen.add(processor.name);
    let card = list.querySelector(`[data-processor="${CSS.escape(processor.name)}"]`);
    if (!card) {
      card = newCard(processor);
      list.append(card);
    }
    update(card, processor);
  }
  for (const card of list.querySelectorAll('[data-processor]')) {
    if (!seen.has(card.dataset.processor)) card.remove();
  }
  renderRelays(board.relays, board.processors);
}

function newCard(processor) {
  const streaming = processor.type !== 'subscribing';
  return el('article', {class: 'card processor', dataset: {processor: processor.name}},
    el('header', {},
      el('h2', {}, processor.name),
      el('span', {class: 'state'})),
    el('div', {class: 'facts'}),
    el('div', {class: 'replay-status'}),
    streaming ? el('div', {class: 'chart', 'aria-label': `lag and events handled per second of ${processor.name}`}) : null,
    el('div', {class: 'segments'}),
    streaming ? el('div', {class: 'actions'},
      el('button', {type: 'button', class: 'replay', onclick: () => askReplay(processor.name)}, 'Replay…')) : null);
}

function update(card, processor) {
  const state = card.querySelector('.state');
  const replaying = processor.state === 'replaying' && processor.replay && !processor.replay.finishedAt;
  state.textContent = replaying ? `replaying ${Math.floor(processor.replay.progress * 100)} %` : processor.state;
  state.className = `state ${processor.state}`;
  card.dataset.state = processor.state;

  const facts = clear(card.querySelector('.facts'));
  facts.append(
    fact('type', processor.type),
    fact('position', count(processor.position), 'position'),
    fact('lag', processor.lag === null || processor.lag === undefined ? '–' : `${count(processor.lag)} events`, 'lag'));
  if (processor.errorMessage) facts.append(el('p', {class: 'error-message'}, processor.errorMessage));

  renderReplay(card.querySelector('.replay-status'), processor);
  renderSegments(card.querySelector('.segments'), processor);
  const chart = card.querySelector('.chart');
  if (chart) drawChart(chart, processor.history);
}

function fact(label, value, name) {
  return el('div', {class: `fact ${name || ''}`}, el('span', {class: 'label'}, label), el('span', {class: 'value'}, value));
}

function renderReplay(container, processor) {
  const replay = processor.replay;
  clear(container);
  container.hidden = !replay;
  if (!replay) return;
  const what = replay.from ? `Replay from ${dateTime(replay.from)}` : 'Replay from the start';
  const outcome = replay.finishedAt
    ? `finished at ${time(replay.finishedAt)}`
    : `running: position ${count(processor.position)} of ${count(replay.target)}`
      + ` (${Math.floor((replay.progress || 0) * 100)} %)`;
  container.dataset.finished = replay.finishedAt ? 'true' : 'false';
  container.append(`${what}, asked at ${time(replay.requestedAt)}, ${outcome}`);
  if (!replay.finishedAt) {
    container.append(el('progress', {max: '1', value: String(replay.progress || 0)}));
  }
}

// Axon flags a segment as replaying until an event past the reset position arrives; once the processor is past
// its replay, that flag says nothing to an operator.
function renderSegments(container, processor) {
  const segments = processor.segments;
  clear(container);
  if (processor.type === 'subscribing') {
    container.append(el('p', {class: 'muted'}, 'handles each event in the thread that publishes it: no position,'
      + ' no lag, no replay'));
    return;
  }
  if (!segments.length) {
    container.append(el('p', {class: 'muted'}, 'no segment claimed'));
    return;
  }
  container.append(el('table', {},
    el('thead', {}, el('tr', {}, el('th', {}, 'segment'), el('th', {}, 'position'), el('th', {}, 'held by'))),
    el('tbody', {}, segments.map((segment) => el('tr', {class: segment.error ? 'failed' : ''},
      el('td', {}, `#${segment.segment}`, segment.replaying && processor.state === 'replaying' ? ' (replaying)' : ''),
      el('td', {}, segment.here ? count(segment.position) : 'elsewhere'),
      el('td', {class: 'owner'}, segment.owner ? segment.owner : 'nobody (released)',
        segment.here ? el('span', {class: 'here'}, ' this instance') : null))))));
}

async function askReplay(name) {
  const fromTime = el('input', {type: 'datetime-local', step: '1', name: 'from', id: 'replay-from'});
  const full = el('input', {type: 'radio', name: 'replay-mode', value: 'full', id: 'replay-full', checked: true});
  const partial = el('input', {type: 'radio', name: 'replay-mode', value: 'from', id: 'replay-partial'});
  fromTime.addEventListener('focus', () => { partial.checked = true; });
  const confirmed = await confirmDialog(`Replay ${name}?`,
    el('label', {class: 'choice'}, full, ' From the start: its tables and dead letters are cleared and every event'
      + ' is handled again.'),
    el('label', {class: 'choice'}, partial, ' Only events stored at or after ', fromTime,
      ' (tables and dead letters are kept).'));
  if (!confirmed) return;
  const body = partial.checked && fromTime.value ? {from: new Date(fromTime.value).toISOString()} : undefined;
  const summary = document.getElementById('processors-summary');
  try {
    await post(`/console/api/processors/${encodeURIComponent(name)}/replay`, body);
  } catch (failure) {
    summary.textContent = `Replay of ${name} refused: ${failure.message}`;
    summary.classList.add('failed');
  }
  refresh();
}
