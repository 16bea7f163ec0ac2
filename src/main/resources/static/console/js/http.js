// Every request of the console goes through here, so that credentials and protection travel the same way.

function csrfHeader() {
  const cookie = document.cookie.split('; ').find((entry) => entry.startsWith('XSRF-TOKEN='));
  return cookie ? {'X-XSRF-TOKEN': decodeURIComponent(cookie.split('=')[1])} : {};
}

export class Problem extends Error {
  constructor(status, body) {
    super(body && body.detail ? body.detail : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function request(method, path, body) {
  const headers = {'Accept': 'application/json, application/problem+json', ...csrfHeader()};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Problem(response.status, parsed);
  return parsed;
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body);
export const remove = (path) => request('DELETE', path);
