//! Reading history: "recently viewed" pages and the last page + scroll position, reopened at start when the URL is `/`.

import { $, h } from './dom.js';
import { load, save } from './store.js';
import { navigate } from './router.js';

const MAX = 30;
let currentRoute = null;
let scrollTimer = 0;

export function recentPages() {
  return load('history', []);
}

export function lastPosition() {
  const p = load('lastPage', null);
  return p && typeof p.route === 'string' && p.route.startsWith('/') ? p : null;
}

/** Record a page view (tag pages and errors are not "pages read"). */
export function recordVisit(route, title) {
  currentRoute = route;
  const list = [{ route, title, time: new Date().toISOString() }, ...recentPages().filter((p) => p.route !== route)].slice(0, MAX);
  save('history', list);
  save('lastPage', { route, scrollY: 0 });
}

function saveScroll() {
  if (!currentRoute) return;
  save('lastPage', { route: currentRoute, scrollY: Math.round(window.scrollY) });
}

export function forgetCurrent() {
  currentRoute = null;
}

function renderList() {
  const list = $('#history-list');
  const pages = recentPages();
  list.replaceChildren();
  if (!pages.length) {
    list.append(h('li', { class: 'panel-empty' }, 'Nothing viewed yet.'));
    return;
  }
  for (const p of pages) {
    const when = new Date(p.time);
    list.append(h('li', { class: 'panel-item' },
      h('div', { class: 'panel-item-main' },
        h('a', { href: p.route, class: 'panel-item-title' }, p.title),
        h('span', { class: 'panel-item-meta' }, `${p.route} · ${isNaN(when) ? '' : when.toLocaleString()}`))));
  }
}

export function openHistory() {
  renderList();
  const dlg = $('#history-dialog');
  if (!dlg.open) dlg.showModal();
  ($('#history-list a') || $('#history-close')).focus();
}

export function initHistory() {
  const dlg = $('#history-dialog');
  $('#history-button').addEventListener('click', openHistory);
  $('#history-close').addEventListener('click', () => dlg.close());
  $('#history-clear').addEventListener('click', () => {
    save('history', []);
    renderList();
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
    scrollTimer = setTimeout(saveScroll, 200);
  }, { passive: true });
  window.addEventListener('pagehide', saveScroll);
}
