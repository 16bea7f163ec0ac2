// Dead letters per processing group: each parked sequence with its letters, retry a group, evict a sequence.
// Read, retried and evicted through the admin API, as any operator's script would.
import {el, clear, plural, dateTime, confirmDialog} from './dom.js';
import {get, post, remove} from './http.js';

const REFRESH_MS = 2000;
const COUNT_REFRESH_MS = 5000;
let timer = null;
let shown = null;

export function show() {
  refresh();
  timer = setInterval(refresh, REFRESH_MS);
}

export function hide() {
  clearInterval(timer);
  timer = null;
}

/** Keeps the number of waiting letters in the navigation, whichever view is open. */
export function watchCount() {
  const update = () => get('/api/admin/dead-letters').then(showCount).catch(() => {});
  update();
  setInterval(update, COUNT_REFRESH_MS);
}

function showCount(groups) {
  const total = groups.reduce((sum, group) => sum + group.letters, 0);
  const badge = document.getElementById('dead-letter-count');
  badge.textContent = total ? String(total) : '';
  badge.hidden = !total;
}

async function refresh() {
  const summary = document.getElementById('dead-letters-summary');
  try {
    const groups = await get('/api/admin/dead-letters');
    showCount(groups);
    render(groups);
    const waiting = groups.filter((group) => group.letters > 0);
    summary.textContent = waiting.length
      ? `${plural(waiting.reduce((sum, group) => sum + group.letters, 0), 'letter')} waiting in ${waiting.length} of`
        + ` ${groups.length} groups`
      : `Every queue is empty (${groups.length} groups).`;
    summary.classList.toggle('failed', waiting.length > 0);
  } catch (failure) {
    summary.textContent = `Could not read the dead letters: ${failure.message}`;
    summary.classList.add('failed');
  }
}

// Drawn again only when something changed, so that a button is not replaced under the operator's pointer.
function render(groups) {
  const state = JSON.stringify(groups);
  if (state === shown) return;
  shown = state;
  const container = clear(document.getElementById('dead-letter-groups'));
  for (const group of groups) {
    container.append(el('article', {class: `card group ${group.letters ? 'waiting' : 'empty'}`,
      dataset: {group: group.group, letters: String(group.letters)}},
    el('header', {},
      el('h2', {}, group.group),
      el('span', {class: 'letters'}, plural(group.letters, 'letter')),
      group.letters ? el('button', {type: 'button', class: 'retry', onclick: () => retry(group.group)}, 'Retry group')
        : null),
    group.sequences.map((sequence) => renderSequence(group.group, sequence))));
  }
}

function renderSequence(group, sequence) {
  return el('section', {class: 'sequence', dataset: {sequence: sequence.sequenceId}},
    el('header', {},
      el('h3', {}, sequence.sequenceId),
      el('button', {type: 'button', class: 'evict danger', onclick: () => evict(group, sequence)}, 'Evict…')),
    el('ol', {class: 'letter-list'}, sequence.letters.map(renderLetter)));
}

function renderLetter(letter) {
  const next = letter.parked ? 'parked: waits for an operator'
    : letter.nextAttempt ? `next automatic try ${dateTime(letter.nextAttempt)}`
      : letter.tries === 0 ? 'queued behind the failed event' : '–';
  return el('li', {class: `letter ${letter.parked ? 'parked' : ''}`, dataset: {event: letter.eventId}},
    el('div', {class: 'what'},
      el('strong', {class: 'event-type'}, letter.eventType),
      ` ${letter.aggregateId ?? ''} v${letter.aggregateVersion ?? '–'} · stored ${dateTime(letter.timestamp)}`),
    letter.causeType ? el('div', {class: 'cause'}, `${letter.causeType}: ${letter.causeMessage ?? ''}`) : null,
    el('div', {class: 'tries'}, `tries ${letter.tries}`,
      letter.firstTry ? ` · first ${dateTime(letter.firstTry)}` : '',
      letter.lastTry ? ` · last ${dateTime(letter.lastTry)}` : '',
      ` · ${next}`),
    el('div', {class: 'event-id muted'}, `event ${letter.eventId}`));
}

async function retry(group) {
  const notice = document.getElementById('dead-letters-notice');
  try {
    const result = await post(`/api/admin/dead-letters/${encodeURIComponent(group)}/retry`);
    notice.textContent = `Retried ${group}: ${result.drainedSequences} sequence(s) drained,`
      + ` ${result.remainingLetters} letter(s) remain.`;
  } catch (failure) {
    notice.textContent = `Retry of ${group} failed: ${failure.message}`;
  }
  refresh();
}

async function evict(group, sequence) {
  const confirmed = await confirmDialog(`Evict ${sequence.sequenceId} from ${group}?`,
    el('p', {}, `Its ${sequence.letters.length} event(s) leave the queue and will not be applied by ${group}`
      + ' unless the projection is replayed.'));
  if (!confirmed) return;
  const notice = document.getElementById('dead-letters-notice');
  try {
    await remove(`/api/admin/dead-letters/${encodeURIComponent(group)}/${encodeURIComponent(sequence.sequenceId)}`);
    notice.textContent = `Evicted ${sequence.sequenceId} from ${group}.`;
  } catch (failure) {
    notice.textContent = `Eviction failed: ${failure.message}`;
  }
  refresh();
}
