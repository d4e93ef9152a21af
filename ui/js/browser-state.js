//! A reader's bookmarks, recently viewed pages and position kept in this browser (localStorage), for a
//! server shared by a team (`serve --allow-remote`), which keeps none. Each function answers what the
//! matching `/api/bookmarks` or `/api/state` call answers, so api.js can use it in their place; the
//! export file is the app's bookmarks file (format 2), so it imports anywhere the app runs.

import { load, save } from './store.js';

const BOOKMARKS = 'team.bookmarks';
const STATE = 'team.state';
const INSTALLATION = 'team.installation';
const FORMAT = 2;
const MAX_RECENT = 20;

/** A failed call, as api.js's ApiError carries it (status + the sentence to show). */
export class LocalError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const newId = () => `b-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
const cleanAnchor = (a) => (typeof a === 'string' && a.replace(/^#/, '').trim() ? a.replace(/^#/, '').trim() : null);
const sameTarget = (b, route, anchor) => b.route === route && (b.anchor || null) === (anchor || null);

function readList() {
  const list = load(BOOKMARKS, []);
  return Array.isArray(list) ? list.filter((b) => b && typeof b.route === 'string' && typeof b.id === 'string') : [];
}

function writeList(list) {
  list.forEach((b, i) => {
    b.position = i;
  });
  save(BOOKMARKS, list);
  return list;
}

const shown = (b) => ({ ...b, missing: false });

function find(list, id) {
  const at = list.findIndex((b) => b.id === id);
  if (at < 0) throw new LocalError(404, 'That bookmark is no longer here; it may have been removed in another tab.');
  return at;
}

export const browserState = {
  bookmarks: async () => ({ bookmarks: readList().map(shown), notice: null }),

  addBookmark: async (b) => {
    const route = typeof b.route === 'string' ? b.route.trim() : '';
    if (!route) throw new LocalError(400, 'a bookmark needs a `route`');
    const list = readList();
    const anchor = cleanAnchor(b.anchor);
    const existing = list.find((x) => sameTarget(x, route, anchor));
    if (existing) return shown(existing);
    const section = typeof b.section === 'string' && b.section.trim() ? b.section : null;
    const bookmark = { id: newId(), route, anchor, title: String(b.title || ''), section, note: String(b.note || ''), created: now(), position: list.length };
    writeList([...list, bookmark]);
    return shown(bookmark);
  },

  updateBookmark: async (id, patch) => {
    const list = readList();
    let at = find(list, id);
    if (typeof patch.note === 'string') list[at].note = patch.note;
    if (Number.isInteger(patch.position) && patch.position >= 0) {
      const [item] = list.splice(at, 1);
      at = Math.min(patch.position, list.length);
      list.splice(at, 0, item);
    }
    writeList(list);
    return shown(list[at]);
  },

  deleteBookmark: async (id) => {
    const list = readList();
    list.splice(find(list, id), 1);
    writeList(list);
    return null;
  },

  exportBookmarks: async () => {
    const bookmarks = readList().map(({ id, route, anchor, title, section, note, created, position }) => ({ id, route, anchor, title, section, note, created, position }));
    return { name: null, text: `${JSON.stringify({ version: FORMAT, bookmarks }, null, 2)}\n` };
  },

  /** `bytes`: the chosen file (an ArrayBuffer); merged as the app merges it: same page and section skipped. */
  importBookmarks: async (name, bytes) => {
    const incoming = parseFile(name, bytes);
    const list = readList();
    const ids = new Set(list.map((b) => b.id));
    let added = 0;
    let skipped = 0;
    for (const b of incoming) {
      if (list.some((x) => sameTarget(x, b.route, b.anchor))) {
        skipped += 1;
        continue;
      }
      const id = ids.has(b.id) || ['export', 'import'].includes(b.id) ? newId() : b.id;
      ids.add(id);
      list.push({ ...b, id });
      added += 1;
    }
    writeList(list);
    return { added, skipped };
  },

  readingState: async () => answerState(readState()),

  recordVisit: async (route, title) => {
    const s = readState();
    if (s.last_route !== route) {
      s.last_anchor = null;
      s.scroll = 0;
    }
    s.last_route = route;
    s.recent = [{ route, title: String(title || ''), viewed: now() }, ...s.recent.filter((p) => p.route !== route)].slice(0, MAX_RECENT);
    return answerState(writeState(s));
  },

  savePosition: async ({ route, anchor, scroll }) => {
    const s = readState();
    s.last_route = route;
    s.last_anchor = cleanAnchor(anchor);
    s.scroll = Number(scroll) > 0 ? Number(scroll) : 0;
    return answerState(writeState(s));
  },

  clearRecent: async () => {
    const s = readState();
    s.recent = [];
    return answerState(writeState(s));
  },

  // My installation (edition + version); installation.js checks what it reads back.
  installation: async () => ({ installation: load(INSTALLATION, null) }),

  setInstallation: async (inst) => {
    save(INSTALLATION, inst);
    return { installation: inst };
  },

  clearInstallation: async () => {
    save(INSTALLATION, null);
    return { installation: null };
  },
};

function readState() {
  const s = load(STATE, null);
  return {
    last_route: s && typeof s.last_route === 'string' ? s.last_route : null,
    last_anchor: s && typeof s.last_anchor === 'string' ? s.last_anchor : null,
    scroll: s && Number(s.scroll) > 0 ? Number(s.scroll) : 0,
    recent: s && Array.isArray(s.recent) ? s.recent.filter((p) => p && typeof p.route === 'string') : [],
  };
}

function writeState(s) {
  save(STATE, s);
  return s;
}

const answerState = (s) => ({ ...s, notice: null });

/** The bookmarks of an export file (format 2, or the first release's format 1), or a sentence saying why not. */
function parseFile(name, bytes) {
  // The sentences the app says for the same files (core's bookmarks errors), so both modes read alike.
  const bad = (why) => new LocalError(400, `${name} is not a Palette Docs bookmarks file (${why}). Choose a file made with "Export bookmarks".`);
  let file;
  try {
    file = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw bad(`it is not valid bookmarks JSON: ${e.message}`);
  }
  if (!file || typeof file.version !== 'number' || !Array.isArray(file.bookmarks)) throw bad('it has no version and bookmarks list');
  if (file.version > FORMAT) {
    throw new LocalError(400, `this bookmarks file (${name}) was written by a newer Palette Docs (format ${file.version}); update the app to use it.`);
  }
  const out = [];
  for (const b of file.bookmarks) {
    if (!b || typeof b !== 'object') continue;
    let route = b.route;
    let anchor = b.anchor;
    if (file.version === 1 && typeof b.url === 'string') [route, anchor] = b.url.split('#');
    if (typeof route !== 'string' || !route.trim()) continue;
    out.push({
      id: typeof b.id === 'string' && b.id ? b.id : newId(),
      route: route.trim(),
      anchor: cleanAnchor(anchor),
      title: String(b.title || ''),
      section: typeof b.section === 'string' && b.section.trim() ? b.section : null,
      note: String(b.note || ''),
      created: typeof b.created === 'string' ? b.created : now(),
      position: out.length,
    });
  }
  // Repeated within the file: the merge skips (and counts) all but the first, as the app does.
  return out;
}
