//! What changed since the snapshot this reader read before (`/api/diff`), as the rest of the UI asks
//! about it: is this page changed or new, which sections, is a bookmark's section changed or gone,
//! and which changed pages the reader has opened since (kept per pair of snapshots in localStorage).

import { api } from './api.js';
import { load, save } from './store.js';

let answer = null;

/** The answer of `/api/diff` for the default pair (loaded once per page load; a switch reloads the page). */
export function sinceBefore() {
  if (!answer) {
    answer = api.diff().catch(() => ({ diff: null, reason: null }));
  }
  return answer;
}

const seenKey = (a) => `changes-seen:${a.from_id}>${a.to_id}`;

/** Routes of the changed and added pages the reader has not opened since the change. */
export function unseenRoutes(a) {
  if (!a || !a.diff) return new Set();
  const seen = new Set(load(seenKey(a), []));
  const routes = [...a.diff.pages.changed.map((c) => c.route), ...a.diff.pages.added, ...a.diff.pages.moved.map((m) => m.to)];
  return new Set(routes.filter((r) => !seen.has(r)));
}

/** Remembers that the reader opened `route`, so its mark goes. */
export function markSeen(a, route) {
  if (!a || !a.diff) return;
  const seen = new Set(load(seenKey(a), []));
  if (seen.has(route)) return;
  seen.add(route);
  save(seenKey(a), [...seen]);
}

/** The change of the page at `route`, or null. */
export function pageChange(a, route) {
  return (a && a.diff && a.diff.pages.changed.find((c) => c.route === route)) || null;
}

/**
 * Whether a bookmark is touched by the change: `{ kind: 'changed' | 'gone', route, anchor }` (where to see it),
 * or null. A bookmark on a whole page is flagged when the page changed or went; on a section, when that
 * section changed or went.
 */
export function bookmarkFlag(a, b) {
  if (!a || !a.diff) return null;
  const pages = a.diff.pages;
  if (pages.removed.includes(b.route)) return { kind: 'gone', route: b.route, anchor: null };
  const page = pageChange(a, b.route);
  if (!page) return null;
  const anchor = b.anchor || '';
  const section = page.details.find((d) => d.anchor === anchor);
  if (b.anchor && !section) return null;
  if (section && section.status === 'removed') return { kind: 'gone', route: b.route, anchor: b.anchor };
  return { kind: 'changed', route: b.route, anchor: b.anchor };
}

/** A short count for notices: "3 pages and 2 advisories". */
export function changeCount(diff) {
  const p = diff.pages;
  const v = diff.advisories;
  const pages = p.added.length + p.removed.length + p.moved.length + p.changed.length;
  const advisories = v.added.length + v.removed.length + v.changed.length;
  const n = (k, one, many) => `${k} ${k === 1 ? one : many}`;
  return [pages ? n(pages, 'page', 'pages') : '', advisories ? n(advisories, 'advisory', 'advisories') : '']
    .filter(Boolean).join(' and ');
}

const SHOW_KEY = 'palette.show-changes';

/** Asks the page at `route` to open with its changes shown (a link from What's new or a flagged bookmark). */
export function requestShowChanges(route) {
  try {
    sessionStorage.setItem(SHOW_KEY, route);
  } catch {
    /* without storage the reader presses "Show changes" */
  }
}

/** Whether the page at `route` was asked to open with its changes shown (asked once). */
export function takeShowChanges(route) {
  try {
    const asked = sessionStorage.getItem(SHOW_KEY);
    sessionStorage.removeItem(SHOW_KEY);
    return asked === route;
  } catch {
    return false;
  }
}
