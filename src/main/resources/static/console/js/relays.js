// Relays to brokers, when the application has any: where each publishes, its lag (from its processor), what it
// could not deliver.
import {el, clear, count} from './dom.js';

export function renderRelays(relays, processors) {
  const section = document.getElementById('relays');
  section.hidden = !relays || relays.length === 0;
  if (section.hidden) return;
  const list = clear(document.getElementById('relay-list'));
  for (const relay of relays) {
    const processor = processors.find((candidate) => candidate.name === relay.processor);
    list.append(el('article', {class: 'card relay', dataset: {relay: relay.name}},
      el('header', {}, el('h2', {}, relay.name),
        el('span', {class: `state ${relay.connected ? 'running' : 'error'}`}, relay.connected ? 'connected' : 'down')),
      el('div', {class: 'facts'},
        el('div', {class: 'fact'}, el('span', {class: 'label'}, 'to'), el('span', {class: 'value'}, relay.destination)),
        el('div', {class: 'fact'}, el('span', {class: 'label'}, 'lag'),
          el('span', {class: 'value'}, processor ? `${count(processor.lag)} events` : '–')),
        el('div', {class: 'fact'}, el('span', {class: 'label'}, 'dead letters'),
          el('span', {class: 'value'}, `${count(relay.deadLetters)} in ${relay.deadLetterDestination || '–'}`))),
      relay.error ? el('p', {class: 'error-message'}, relay.error) : null));
  }
}
