// An order's story: every event its request caused, step by step (the request's, then each of the saga's
// commands), with the order's final status.
import {el, clear, count, time, dateTime, json} from './dom.js';
import {get} from './http.js';

let wired = false;

export function show(params) {
  if (!wired) {
    wired = true;
    document.getElementById('story-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const orderId = document.getElementById('story-order').value.trim();
      location.hash = `story?orderId=${encodeURIComponent(orderId)}`;
    });
  }
  const orderId = params.get('orderId');
  if (orderId) {
    document.getElementById('story-order').value = orderId;
    load(orderId);
  }
}

export function hide() {
}

async function load(orderId) {
  const result = clear(document.getElementById('story-result'));
  result.append(el('p', {class: 'summary'}, `Reading the story of ${orderId}…`));
  try {
    render(result, await get(`/console/api/orders/${encodeURIComponent(orderId)}/story`));
  } catch (failure) {
    clear(result).append(el('p', {class: 'summary failed'}, failure.status === 404
      ? `No events of order ${orderId} are stored.` : `Could not read the story: ${failure.message}`));
  }
}

function render(result, story) {
  const order = story.order;
  const events = story.steps.reduce((sum, step) => sum + step.events.length, 0);
  const status = order ? order.status : 'not projected yet';
  clear(result).append(
    el('article', {class: 'card order', dataset: {status}},
      el('header', {}, el('h2', {}, `Order ${story.orderId}`), el('span', {class: `state ${status}`}, status)),
      el('div', {class: 'facts'},
        fact('customer', order ? order.customerId : '–'),
        fact('total', order ? `${order.totalAmount} ${order.currency}` : '–'),
        fact('created', order ? dateTime(order.createdAt) : '–'),
        fact('saga', story.sagaRunning ? 'running' : 'ended'),
        fact('events', count(events)),
        fact('correlation', story.correlationId ?? '–')),
      order && order.cancelReason ? el('p', {class: 'error-message'}, `Cancelled: ${order.cancelReason}`) : null),
    el('ol', {class: 'timeline'}, story.steps.map((step) => renderStep(step, story.steps[0]))));
}

function renderStep(step, first) {
  const started = new Date(first.events[0].timestamp).getTime();
  return el('li', {class: `step ${step.by}`, dataset: {by: step.by}},
    el('div', {class: 'step-label'}, step.by === 'request' ? 'the request' : `saga step ${step.number - 1}`,
      ` · ${[...new Set(step.events.map((event) => event.metadata.source ?? '?'))].join(', ')}`),
    el('ul', {class: 'events'}, step.events.map((event) => el('li', {class: 'event', dataset: {type: event.eventType}},
      el('details', {},
        el('summary', {},
          el('span', {class: 'at'}, `+${new Date(event.timestamp).getTime() - started} ms`),
          el('span', {class: `source ${event.metadata.source ?? ''}`}, event.metadata.source ?? '–'),
          el('strong', {class: 'event-type'}, event.eventType),
          el('span', {class: 'aggregate'}, `${event.aggregateId} v${event.version}`),
          el('span', {class: 'detail'}, highlight(event.data))),
        el('pre', {class: 'envelope'}, json(event)),
        el('p', {class: 'muted'}, `stored ${time(event.timestamp)}`))))));
}

/** The field of an event that tells why: a reason, else an amount. */
function highlight(data) {
  if (!data) return '';
  if (data.reason) return data.reason;
  if (data.amount !== undefined) return String(data.amount);
  if (data.totalAmount !== undefined) return String(data.totalAmount);
  return '';
}

function fact(label, value) {
  return el('div', {class: 'fact'}, el('span', {class: 'label'}, label), el('span', {class: 'value'}, value));
}
