//! The only module that talks to the server: root-relative JSON calls of the server::api contract. A
//! server shared by a team (`/api/snapshot` answers `reader_state: "browser"`) keeps no reader's state:
//! bookmarks and reading history then go to browser-state.js instead, with the same answers.

import { browserState } from './browser-state.js';

/** An API answer that was not 2xx; `message` is the server's sentence when it sent one. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * The answers the server put into the page (`#first-answers`: nav, snapshot, reading state, the first page), so
 * that the first page is drawn without waiting on a request. Each is used once; later calls ask the server.
 */
const carried = (() => {
  try {
    const data = JSON.parse(document.getElementById('first-answers')?.textContent || '{}');
    return { answers: data.answers || {}, pages: data.pages || {} };
  } catch {
    return { answers: {}, pages: {} };
  }
})();

function takeCarried(table, key) {
  if (!Object.hasOwn(table, key)) return undefined;
  const answer = table[key];
  delete table[key];
  return answer;
}

/**
 * One JSON call. `body` is sent as JSON; `opts.raw` sends it as it is (the bytes of a file);
 * `opts.keepalive` lets the request outlive the page (a last write on leaving).
 */
async function call(method, path, body, opts = {}) {
  if (method === 'GET') {
    const answer = takeCarried(carried.answers, path);
    if (answer !== undefined) return answer;
  }
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = opts.raw ? body : JSON.stringify(body);
  }
  if (opts.keepalive) init.keepalive = true;
  const res = await reach(path, init);
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) throw failure(res, path, data);
  return data;
}

/** The app not answering (a stopped `serve`, a dropped tunnel) is a sentence, not the browser's "Failed to fetch". */
export const UNREACHABLE = 'The app is not answering. If it runs as `palette-docs serve`, start it again, then reload this page.';

async function reach(path, init) {
  try {
    return await fetch(path, init);
  } catch {
    throw new ApiError(0, UNREACHABLE);
  }
}

function failure(res, path, data) {
  const msg = (data && data.error) || `The app answered ${res.status} for ${path}.`;
  return new ApiError(res.status, msg);
}

/** A file the API offers as a download: `{ name, text }` (`name` from Content-Disposition, or null). */
async function file(path) {
  const res = await reach(path, { headers: { Accept: 'application/json' } });
  const text = await res.text();
  if (!res.ok) {
    let data = null;
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
    throw failure(res, path, data);
  }
  const m = /filename="([^"/\\]+)"/.exec(res.headers.get('Content-Disposition') || '');
  return { name: m ? m[1] : null, text };
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

const searchPath = (q, limit) => `/api/search?q=${encodeURIComponent(q)}&limit=${limit}`;

// A search answered while the keystroke's own event runs is drawn in the frame that shows the typed character;
// an ordinary request answers a frame later at best. Asking synchronously holds the page until the answer is
// in, which is worth it only while answers come back within a frame (the window's own process, `serve` on this
// machine or network): one slower answer (a tunnel, a busy team server) puts searches back on ordinary
// requests, whose times decide again.
const QUICK_MS = 16;
let quickSearch = false;

/** The answer to `q` at once, or undefined when it cannot be had quickly (then use `api.search`). */
function searchAtOnce(q, limit = 20) {
  if (!quickSearch) return undefined;
  const t0 = performance.now();
  const req = new XMLHttpRequest();
  try {
    req.open('GET', searchPath(q, limit), false);
    req.setRequestHeader('Accept', 'application/json');
    req.send();
  } catch {
    quickSearch = false;
    return undefined;
  }
  quickSearch = performance.now() - t0 < QUICK_MS;
  // A refusal is left to `api.search`, which says it the usual way.
  if (req.status !== 200) return undefined;
  try {
    return JSON.parse(req.responseText);
  } catch {
    return undefined;
  }
}

/** Whether this reader's state lives in the browser (asked once; a loopback or desktop reader answers "server"). */
let statePlace = null;
function keptInBrowser() {
  if (!statePlace) {
    statePlace = api.snapshot().then((s) => s.reader_state === 'browser');
    statePlace.catch(() => {
      statePlace = null;
    });
  }
  return statePlace;
}

/** `name`'s call: to the server, or to the browser's own store on a shared server. */
function readerState(name, remote) {
  return async (...args) => {
    if (!(await keptInBrowser())) return remote(...args);
    try {
      return await browserState[name](...args);
    } catch (e) {
      throw new ApiError(e.status || 500, e.message);
    }
  };
}

export const api = {
  nav: () => cached('nav', () => call('GET', '/api/nav')),
  snapshot: () => cached('snapshot', () => call('GET', '/api/snapshot')),
  page: (route) => cached(`page:${route}`, () => {
    const answer = takeCarried(carried.pages, route);
    return answer !== undefined ? Promise.resolve(answer) : call('GET', pageApiPath(route));
  }),
  tags: () => cached('tags', () => call('GET', '/api/tags')),
  tag: (tag) => cached(`tag:${tag}`, () => call('GET', `/api/tags/${encodeURIComponent(tag)}`)),
  search: async (q, limit = 20) => {
    const t0 = performance.now();
    const answer = await call('GET', searchPath(q, limit));
    quickSearch = performance.now() - t0 < QUICK_MS;
    return answer;
  },
  searchAtOnce,
  bookmarks: readerState('bookmarks', () => call('GET', '/api/bookmarks')),
  addBookmark: readerState('addBookmark', (b) => call('POST', '/api/bookmarks', b)),
  updateBookmark: readerState('updateBookmark', (id, patch) => call('PUT', `/api/bookmarks/${encodeURIComponent(id)}`, patch)),
  deleteBookmark: readerState('deleteBookmark', (id) => call('DELETE', `/api/bookmarks/${encodeURIComponent(id)}`)),
  exportBookmarks: readerState('exportBookmarks', () => file('/api/bookmarks/export')),
  /** `bytes`: the chosen file as it is (an ArrayBuffer); `name` is quoted in error messages. */
  importBookmarks: readerState('importBookmarks', (name, bytes) => call('POST', `/api/bookmarks/import?name=${encodeURIComponent(name)}`, bytes, { raw: true })),
  readingState: readerState('readingState', () => call('GET', '/api/state')),
  recordVisit: readerState('recordVisit', (route, title) => call('POST', '/api/state/visit', { route, title })),
  savePosition: readerState('savePosition', (position, opts) => call('PUT', '/api/state/position', position, opts)),
  clearRecent: readerState('clearRecent', () => call('DELETE', '/api/state/recent')),
  installation: readerState('installation', () => call('GET', '/api/state/installation')),
  setInstallation: readerState('setInstallation', (inst) => call('PUT', '/api/state/installation', inst)),
  clearInstallation: readerState('clearInstallation', () => call('DELETE', '/api/state/installation')),
  advisories: () => cached('advisories', () => call('GET', '/api/advisories')),
  snapshots: () => call('GET', '/api/snapshots'),
  switchSnapshot: (id) => call('POST', '/api/snapshots/active', { id }),
  /** What changed between two snapshots (`from`/`to` ids; both omitted: since the one read before). */
  diff: (from, to) => {
    const q = new URLSearchParams();
    if (from) q.set('from', from);
    if (to) q.set('to', to);
    const query = q.toString();
    return cached(`diff:${query}`, () => call('GET', `/api/diff${query ? `?${query}` : ''}`));
  },
  removeSnapshot: (id) => call('DELETE', `/api/snapshots/${encodeURIComponent(id)}`),
  /** `bytes`: a packed snapshot file as it is (an ArrayBuffer); `name` is quoted in error messages. */
  installSnapshot: (name, bytes) => call('POST', `/api/snapshots/install?name=${encodeURIComponent(name)}`, bytes, { raw: true }),
};
