// The console's router: one view visible at a time, chosen by the address's #fragment.
import * as processors from './processors.js';
import * as deadLetters from './dead-letters.js';
import * as live from './live.js';
import * as story from './story.js';

const views = {'processors': processors, 'dead-letters': deadLetters, 'live': live, 'story': story};
let current = null;

function route() {
  const [name, query] = (location.hash.slice(1) || 'processors').split('?');
  const view = views[name] ? name : 'processors';
  if (current && current !== view) views[current].hide();
  for (const section of document.querySelectorAll('main > .view')) section.hidden = section.id !== view;
  for (const link of document.querySelectorAll('nav a')) {
    link.classList.toggle('active', link.dataset.view === view);
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  current = view;
  views[view].show(new URLSearchParams(query || ''));
}

window.addEventListener('hashchange', route);
route();
deadLetters.watchCount();
