// Live events: each event as it is stored (server-sent events), narrowed by type and aggregate, newest on top,
// each expandable to its envelope.
import {el, clear, time, json} from './dom.js';

const KEEP = 200;
const seenTypes = new Set();
let source = null;
let paused = false;
let wired = false;

export function show(params) {
  wire();
  if (params.has('aggregateId')) document.getElementById('live-aggregate').value = params.get('aggregateId');
  if (params.has('type')) document.getElementById('live-type').value = params.get('type');
  connect();
}

export function hide() {
  disconnect();
}

function wire() {
  if (wired) return;
  wired = true;
  document.getElementById('live-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    clear(document.getElementById('live-events'));
    connect();
  });
  document.getElementById('live-pause').addEventListener('click', (event) => {
    paused = !paused;
    event.target.textContent = paused ? 'Resume' : 'Pause';
    status(paused ? 'paused (new events are not shown)' : 'live');
  });
  document.getElementById('live-clear').addEventListener('click', () => clear(document.getElementById('live-events')));
}

function connect() {
  disconnect();
  const params = new URLSearchParams();
  const type = document.getElementById('live-type').value.trim();
  const aggregateId = document.getElementById('live-aggregate').value.trim();
  if (type) params.set('type', type);
  if (aggregateId) params.set('aggregateId', aggregateId);
  source = new EventSource(`/console/api/events?${params}`);
  status('connecting…');
  source.addEventListener('ready', () => status(paused ? 'paused' : 'live', true));
  source.addEventListener('stored', (message) => {
    if (!paused) add(JSON.parse(message.data));
  });
  source.addEventListener('error', () => status('reconnecting…'));
}

function disconnect() {
  if (source) source.close();
  source = null;
  status('not connected');
}

function status(text, connected) {
  const node = document.getElementById('live-status');
  node.textContent = text;
  if (connected !== undefined) node.dataset.connected = String(connected);
  else if (text !== 'live' && !text.startsWith('paused')) node.dataset.connected = 'false';
}

/** The type filter suggests the types seen so far. */
function remember(type) {
  if (seenTypes.has(type)) return;
  seenTypes.add(type);
  document.getElementById('event-types').append(el('option', {value: type}));
}

function add(event) {
  remember(event.eventType);
  const list = document.getElementById('live-events');
  list.prepend(el('li', {class: 'event', dataset: {type: event.eventType, aggregate: event.aggregateId ?? ''}},
    el('details', {},
      el('summary', {},
        el('span', {class: 'at'}, time(event.timestamp)),
        el('span', {class: `source ${event.metadata.source ?? ''}`}, event.metadata.source ?? '–'),
        el('strong', {class: 'event-type'}, event.eventType),
        el('span', {class: 'aggregate'}, event.aggregateId ?? ''),
        el('span', {class: 'version muted'}, event.version === null ? '' : `v${event.version}`),
        el('span', {class: 'position muted'}, `#${event.position}`)),
      el('pre', {class: 'envelope'}, json(event)))));
  while (list.children.length > KEEP) list.lastElementChild.remove();
}
