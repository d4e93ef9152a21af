//! The only module that talks to the server: root-relative JSON calls of the core::api contract.

/** An API answer that was not 2xx; `message` is the server's sentence when it sent one. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    const msg = (data && data.error) || `The app answered ${res.status} for ${path}.`;
    throw new ApiError(res.status, msg);
  }
  return data;
}

const once = new Map();
// Nav, snapshot and pages never change while the app runs (the bundle is immutable), so cache them.
function cached(key, load) {
  if (!once.has(key)) {
    const p = load();
    once.set(key, p);
    // A 404 is final (the bundle never changes while the app runs); anything else may be retried.
    p.catch((e) => {
      if (!(e instanceof ApiError && e.status === 404)) once.delete(key);
    });
  }
  return once.get(key);
}

/** `/security/core-principles/` → `/api/page/security/core-principles`. */
export function pageApiPath(route) {
  const trimmed = route.replace(/^\/+|\/+$/g, '');
  return `/api/page/${trimmed.split('/').map(encodeURIComponent).join('/')}`;
}

export const api = {
  nav: () => cached('nav', () => call('GET', '/api/nav')),
  snapshot: () => cached('snapshot', () => call('GET', '/api/snapshot')),
  page: (route) => cached(`page:${route}`, () => call('GET', pageApiPath(route))),
  tags: () => cached('tags', () => call('GET', '/api/tags')),
  tag: (tag) => cached(`tag:${tag}`, () => call('GET', `/api/tags/${encodeURIComponent(tag)}`)),
  search: (q, limit = 20) => call('GET', `/api/search?q=${encodeURIComponent(q)}&limit=${limit}`),
  bookmarks: () => call('GET', '/api/bookmarks'),
  addBookmark: (b) => call('POST', '/api/bookmarks', b),
  updateBookmark: (id, patch) => call('PUT', `/api/bookmarks/${encodeURIComponent(id)}`, patch),
  deleteBookmark: (id) => call('DELETE', `/api/bookmarks/${encodeURIComponent(id)}`),
  snapshots: () => call('GET', '/api/snapshots'),
  switchSnapshot: (id) => call('POST', '/api/snapshots/active', { id }),
  removeSnapshot: (id) => call('DELETE', `/api/snapshots/${encodeURIComponent(id)}`),
};
