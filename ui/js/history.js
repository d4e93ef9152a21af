//! Reading history: "recently viewed" pages and where the user left off (page + scroll), reopened at start when
//! the URL is `/`. Kept by the app in its data folder (`/api/state`, beside the bookmarks), so the desktop window
//! and `serve` on any port reopen at the same place.

import { api } from './api.js';
import { $, h, toast } from './dom.js';
import { navigate } from './router.js';

let currentRoute = null;
let scrollTimer = 0;
let writes = Promise.resolve();
let recent = []; // the app's list as last answered, for readers that cannot wait (the search palette)
let stopRestoring = () => {};

/** State writes go out one after another, in the order they were made, so the last one is what stays on disk. */
function queue(write) {
  // A reading position that could not be saved is not worth interrupting the reader for.
  writes = writes.then(write).catch(() => {});
}

/** A path the app can open: `/security/x/`, never `//host/…`. */
const isRoute = (r) => typeof r === 'string' && /^\/(?!\/)/.test(r);

/** Keep the recently viewed list of a `/api/state` answer. */
function remember(state) {
  if (state && Array.isArray(state.recent)) recent = state.recent.filter((p) => p && isRoute(p.route));
  return state;
}

/** Recently viewed pages, most recent first: `[{ route, title, viewed }]`. */
export function recentPages() {
  return recent;
}

/** Where to reopen, `{ route, hash, scrollY }`, or null when nothing was read yet (or the state is unavailable). */
export async function lastPosition() {
  let state;
  try {
    state = remember(await api.readingState());
  } catch {
    return null;
  }
  if (state.notice) toast(state.notice);
  if (!isRoute(state.last_route)) return null;
  const scrollY = Number(state.scroll) > 0 ? Number(state.scroll) : 0;
  // A scroll offset is the more precise place; the section is the fallback when the page was not scrolled.
  return { route: state.last_route, hash: scrollY ? '' : state.last_anchor || '', scrollY };
}

/**
 * Scroll to `y`, and again as the page grows (images load after the text), until it is reached, the reader
 * scrolls on their own, or 3 s pass: a reopened page lands where it was left, not where its text alone ends.
 */
export function restoreScroll(y) {
  stopRestoring();
  window.scrollTo(0, y);
  if (Math.abs(window.scrollY - y) < 1) return;
  const USER = ['wheel', 'keydown', 'pointerdown', 'touchstart'];
  const grown = new ResizeObserver(() => {
    window.scrollTo(0, y);
    if (Math.abs(window.scrollY - y) < 1) stopRestoring();
  });
  const timer = setTimeout(() => stopRestoring(), 3000);
  stopRestoring = () => {
    grown.disconnect();
    clearTimeout(timer);
    for (const type of USER) window.removeEventListener(type, stopRestoring, true);
    stopRestoring = () => {};
  };
  for (const type of USER) window.addEventListener(type, stopRestoring, { capture: true, passive: true });
  grown.observe(document.body);
}

/** Record a page view (tag pages and errors are not "pages read"). */
export function recordVisit(route, title) {
  clearTimeout(scrollTimer);
  currentRoute = route;
  queue(() => api.recordVisit(route, title).then(remember));
}

function position() {
  return { route: currentRoute, anchor: decodeURIComponent(location.hash.slice(1)) || null, scroll: Math.round(window.scrollY) };
}

function saveScroll() {
  if (!currentRoute) return;
  const p = position();
  queue(() => api.savePosition(p));
}

export function forgetCurrent() {
  clearTimeout(scrollTimer);
  currentRoute = null;
}

async function renderList() {
  const list = $('#history-list');
  try {
    remember(await api.readingState());
  } catch (e) {
    list.replaceChildren(h('li', { class: 'panel-empty' }, `Recently viewed pages are unavailable: ${e.message}`));
    return;
  }
  list.replaceChildren();
  if (!recent.length) {
    list.append(h('li', { class: 'panel-empty' }, 'Nothing viewed yet.'));
    return;
  }
  for (const p of recent) {
    const when = new Date(p.viewed);
    list.append(h('li', { class: 'panel-item' },
      h('div', { class: 'panel-item-main' },
        h('a', { href: p.route, class: 'panel-item-title' }, p.title || p.route),
        h('span', { class: 'panel-item-meta' }, `${p.route}${isNaN(when) ? '' : ` · ${when.toLocaleString()}`}`))));
  }
}

export async function openHistory() {
  await renderList();
  const dlg = $('#history-dialog');
  if (!dlg.open) dlg.showModal();
  ($('#history-list a') || $('#history-close')).focus();
}

export function initHistory() {
  const dlg = $('#history-dialog');
  $('#history-button').addEventListener('click', openHistory);
  $('#history-close').addEventListener('click', () => dlg.close());
  $('#history-clear').addEventListener('click', async () => {
    try {
      remember(await api.clearRecent());
    } catch (e) {
      toast(`Could not clear the list: ${e.message}`);
    }
    await renderList();
    ($('#history-list a') || $('#history-close')).focus();
  });
  $('#history-list').addEventListener('click', (e) => {
    const a = e.target.closest('a[href]');
    if (!a) return;
    e.preventDefault();
    e.stopPropagation();
    dlg.close();
    navigate(a.getAttribute('href'));
  });
  $('#history-list').addEventListener('keydown', (e) => {
    const links = [...$('#history-list').querySelectorAll('a')];
    const i = links.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && i >= 0) { e.preventDefault(); links[Math.min(i + 1, links.length - 1)].focus(); }
    if (e.key === 'ArrowUp' && i >= 0) { e.preventDefault(); links[Math.max(i - 1, 0)].focus(); }
  });
  window.addEventListener('scroll', () => {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(saveScroll, 300);
  }, { passive: true });
  // Leaving the page: one last write that may outlive it (a pending timer would not run).
  window.addEventListener('pagehide', () => {
    if (!currentRoute) return;
    clearTimeout(scrollTimer);
    api.savePosition(position(), { keepalive: true }).catch(() => {});
  });
}
