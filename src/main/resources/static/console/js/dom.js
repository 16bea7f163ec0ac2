// Small helpers to build the page's elements without a framework.

/** el('div', {class: 'x', onclick: f}, child, 'text') */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

const number = new Intl.NumberFormat('en');
export const count = (value) => value === null || value === undefined ? '–' : number.format(value);

/** plural(1, 'letter') is '1 letter', plural(2, 'letter') '2 letters'. */
export const plural = (value, word) => `${count(value)} ${word}${value === 1 ? '' : 's'}`;

export function time(iso) {
  if (!iso) return '–';
  const at = new Date(iso);
  return at.toLocaleTimeString('en-GB', {hour12: false}) + '.' + String(at.getMilliseconds()).padStart(3, '0');
}

export function dateTime(iso) {
  if (!iso) return '–';
  const at = new Date(iso);
  return at.toLocaleDateString('en-CA') + ' ' + time(iso);
}

export function json(value) {
  return JSON.stringify(value, null, 2);
}

/** Asks before something that cannot be undone; resolves true when confirmed. */
export function confirmDialog(title, ...body) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  clear(document.getElementById('confirm-body')).append(...body);
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), {once: true});
  });
}
