//! Entry point: wires the feature modules and draws a route (page, tag page, tag list, What's new, not found).

import { api } from './api.js';
import { $, h, toast } from './dom.js';
import { initTheme, cycleTheme } from './theme.js';
import { startRouter, startAt, navigate, currentLocation, scrollToAnchor, route, normalizePath } from './router.js';
import { renderSidebar, setActive, initSidebar, openSidebar, markChanged, unmarkChanged } from './sidebar.js';
import { renderToc, refreshToc } from './toc.js';
import { initSearch, openSearch } from './search-palette.js';
import { initKeyboard } from './keyboard.js';
import { initNotice, renderNoticePage, routeOutsideLinks, NOTICE_ROUTE } from './notice.js';
import { initAbout } from './about.js';
import { initSnapshotMenu, showSnapshotBadge } from './snapshot-menu.js';
import { initSnapshotOpen } from './snapshot-open.js';
import { initSnapshotNotice, showSnapshotNotices } from './snapshot-switch.js';
import { initFind, openFind, closeFind, isFindOpen, refreshFind } from './find.js';
import { initBookmarks, attachToPage, openAdd, openBookmarks } from './bookmarks.js';
import { initHistory, recordVisit, lastPosition, restoreScroll, forgetCurrent, openHistory } from './history.js';
import { zoomIn, zoomOut, zoomReset } from './zoom.js';
import { wireTabs, revealInTabs } from './tabs.js';
import { wireCode } from './code.js';
import { wireScrollable } from './scrollable.js';
import { markTerms, clearMarks } from './highlight.js';
import * as article from './article.js';
import { sinceBefore, unseenRoutes, markSeen, pageChange, takeShowChanges, changeCount } from './changes.js';
import { attachShowChanges } from './show-changes.js';
import { renderWhatsNew, WHATS_NEW_ROUTE } from './whats-new.js';
import { decoratePage, focusExplorerFilter } from './explorer.js';

const LANDING = '/security/';
const HIT = 'search-term';
let currentPage = null;
let navReady = null;

function setBusy(busy) {
  $('#doc').setAttribute('aria-busy', String(busy));
  document.documentElement.dataset.ready = busy ? 'false' : 'true';
  // User Timing marks for the start-up figures (tests/desktop/bench.mjs reads them); they cost nothing.
  if (!busy && performance.getEntriesByName('first-page-drawn').length === 0) performance.mark('first-page-drawn');
}

function applyScroll(loc) {
  if (loc.hash && scrollToAnchor(loc.hash)) return;
  restoreScroll(typeof loc.scrollY === 'number' ? loc.scrollY : 0);
}

async function render(loc) {
  setBusy(true);
  if (window.matchMedia('(max-width: 996px)').matches) openSidebar(false);
  const body = $('#doc-body');
  clearMarks(body, HIT);
  $('#changes-bar')?.remove();
  await navReady;
  const path = loc.path;
  currentPage = null;
  try {
    if (path === NOTICE_ROUTE) {
      article.setTitle(renderNoticePage(loc.search));
      article.renderBreadcrumbs([]);
      finishNonPage();
    } else if (path === WHATS_NEW_ROUTE) {
      const title = await renderWhatsNew(body, loc.search);
      if (route() !== loc) return;
      article.setTitle(title);
      article.renderBreadcrumbs([{ label: title, route: null }]);
      finishNonPage();
    } else if (path === '/tags/') {
      article.renderAllTags(await api.tags());
      finishNonPage();
    } else if (path.startsWith('/tags/')) {
      const tag = decodeURIComponent(path.slice(6).replace(/\/$/, ''));
      article.renderTagPage(await api.tag(tag));
      finishNonPage();
    } else {
      const page = await api.page(path);
      if (route() !== loc) return; // the user moved on while this loaded
      currentPage = page;
      article.setTitle(page.title);
      const el = article.setBody(page.html);
      routeOutsideLinks(el);
      wireTabs(el);
      wireCode(el);
      wireScrollable(el);
      article.renderBreadcrumbs(page.breadcrumbs);
      article.renderFooter(page.tags);
      article.renderPager(page.prev, page.next);
      renderToc(page);
      setActive(page.route || path);
      attachToPage({ route: page.route || path, title: page.title }, el);
      recordVisit(page.route || path, page.title);
      prefetch([page.next, page.prev]);
      await decoratePage(page.route || path, el, loc.search || '', () => route() === loc);
      if (route() !== loc) return;
      showWhatChanged(loc, page.route || path, el);
    }
  } catch (e) {
    if (route() !== loc) return;
    const notFound = e.status === 404;
    article.renderError(notFound ? 'Not in this snapshot' : 'This page could not be shown',
      notFound ? 'This address is not a page of this snapshot.' : e.message, path);
    finishNonPage();
  }
  applyScroll(loc);
  if (loc.highlight && loc.highlight.length) {
    const marks = markTerms(body, loc.highlight, HIT);
    // The hits that brought the reader here may sit in an unselected tab of the section: select it.
    const hits = marksOfSection(marks, loc.hash ? document.getElementById(loc.hash) : null);
    const hidden = bestHiddenPanel(hits);
    if (hidden && revealInTabs(hidden) && loc.hash) scrollToAnchor(loc.hash);
    if (marks.length && !loc.hash) marks[0].scrollIntoView({ block: 'center' });
    if (marks.length) toast('Search terms highlighted — press Esc to clear');
  }
  refreshFind();
  refreshToc();
  if (loc.pushed) {
    // Move focus to the content so keyboard and screen-reader users start reading the new page.
    const target = loc.hash ? document.getElementById(loc.hash) : $('#doc-title');
    if (target) {
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
    }
  }
  setBusy(false);
}

/**
 * After a page is drawn, from the change since the snapshot read before (asked once, never holding up the
 * page): the "Show changes" bar on a changed page, its sidebar mark gone, and on the landing page a note
 * leading to What's new.
 */
function showWhatChanged(loc, pageRoute, el) {
  const on = takeShowChanges(pageRoute);
  sinceBefore().then((a) => {
    if (route() !== loc || !a || !a.diff) return;
    const since = [a.diff.from.name, a.diff.from.version].filter(Boolean).join(' ');
    attachShowChanges(el, pageChange(a, pageRoute), since, { on });
    markSeen(a, pageRoute);
    unmarkChanged(pageRoute);
    const count = changeCount(a.diff);
    if (pageRoute === LANDING && count && !$('#whats-new-note')) {
      el.prepend(h('p', { id: 'whats-new-note', class: 'whats-new-note', role: 'note' },
        `Since ${since}, ${count} changed. `, h('a', { href: WHATS_NEW_ROUTE }, 'See what’s new')));
    }
  });
}

/**
 * The unselected tab panel holding more of the searched terms (distinct words) than the section shows
 * now, or null: a phrase found in a hidden tab opens it, a word also shown outside the tabs does not.
 */
function bestHiddenPanel(hits) {
  const terms = (ms) => new Set(ms.map((m) => m.textContent.toLowerCase())).size;
  // A term in a tab's label counts for the panel that tab shows.
  const panelOf = (m) => {
    const tab = m.closest('[role="tab"]');
    const panel = tab ? document.getElementById(tab.getAttribute('aria-controls') || '') : m.closest('[role="tabpanel"]');
    return panel && panel.hasAttribute('hidden') ? panel : null;
  };
  const shown = terms(hits.filter((m) => !panelOf(m)));
  const byPanel = new Map();
  for (const m of hits) {
    const p = panelOf(m);
    if (p) byPanel.set(p, [...(byPanel.get(p) || []), m]);
  }
  let best = null;
  let most = shown;
  for (const [panel, ms] of byPanel) {
    if (terms(ms) > most) {
      best = panel;
      most = terms(ms);
    }
  }
  return best;
}

/** The marks between `heading` and the next heading of its level or above (all marks without a heading). */
function marksOfSection(marks, heading) {
  if (!heading || !/^H[1-6]$/.test(heading.tagName)) return marks;
  const level = Number(heading.tagName[1]);
  const next = [...$('#doc-body').querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .find((x) => Number(x.tagName[1]) <= level && (heading.compareDocumentPosition(x) & Node.DOCUMENT_POSITION_FOLLOWING));
  const after = (a, b) => a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING;
  return marks.filter((m) => after(heading, m) && (!next || after(m, next)));
}

/** Warm the page cache for the likely next clicks, when the browser is idle, so they draw without a round trip. */
function prefetch(links) {
  const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 50));
  idle(() => {
    for (const l of links) if (l && l.route) api.page(l.route).catch(() => {});
  });
}

function onHoverPrefetch(e) {
  const a = e.target.closest && e.target.closest('a[href^="/"]');
  if (!a || a.dataset.outside || a.dataset.external || a.dataset.url) return;
  const p = new URL(a.href).pathname;
  if (p.startsWith('/api/') || p.startsWith('/assets/') || p.startsWith('/tags/')) return;
  if (normalizePath(p) === WHATS_NEW_ROUTE || normalizePath(p) === NOTICE_ROUTE) return;
  api.page(p.endsWith('/') ? p : `${p}/`).catch(() => {});
}

function finishNonPage() {
  article.renderFooter([]);
  article.renderPager(null, null);
  renderToc(null);
  setActive(null);
  attachToPage(null, null);
  forgetCurrent();
}

function goSibling(which) {
  const link = currentPage && currentPage[which];
  if (!link) return false;
  navigate(link.route);
  return true;
}

function onEscape() {
  let did = false;
  if ($('#doc-body mark.' + HIT)) {
    clearMarks($('#doc-body'), HIT);
    did = true;
  }
  if (isFindOpen()) {
    closeFind();
    did = true;
  }
  if (document.body.classList.contains('sidebar-open')) {
    openSidebar(false);
    did = true;
  }
  return did;
}

async function boot() {
  initTheme();
  initNotice();
  initAbout();
  initSnapshotMenu();
  initSnapshotOpen();
  initSnapshotNotice();
  initSidebar();
  initSearch();
  initFind();
  initBookmarks();
  initHistory();
  initKeyboard({
    search: (e) => (e.key === '/' && focusExplorerFilter()) || openSearch(),
    back: () => history.back(),
    forward: () => history.forward(),
    prev: () => goSibling('prev'),
    next: () => goSibling('next'),
    find: openFind,
    bookmark: () => (currentPage ? openAdd(undefined) : false),
    bookmarks: openBookmarks,
    history: openHistory,
    theme: () => {
      const t = cycleTheme();
      toast(`Theme: ${t}`);
    },
    zoomIn,
    zoomOut,
    zoomReset,
    sidebar: () => {
      if (window.matchMedia('(max-width: 996px)').matches) openSidebar(true);
      else ($('#sidebar-tree [tabindex="0"]') || $('#sidebar-tree [role="treeitem"]'))?.focus();
    },
    escape: onEscape,
  });
  $('#skip-link').addEventListener('click', (e) => {
    e.preventDefault();
    $('#main-content').focus();
    $('#main-content').scrollIntoView();
  });

  // The nav does not depend on where the reader starts: ask for it before the reading position.
  const navRequest = api.nav();
  const here = currentLocation();
  let start = here;
  if (here.path === '/') {
    const last = await lastPosition();
    start = last ? { path: last.route, hash: last.hash, scrollY: last.scrollY } : { path: LANDING, hash: '' };
  }
  // Ask for the first page now, alongside the nav, rather than after it; and draw the sidebar only once
  // the page is here too, so that both land in one layout and one paint (each costs tens of ms in a
  // software-rendered window).
  const firstPage = start.path.startsWith('/tags/') || start.path === NOTICE_ROUTE || start.path === WHATS_NEW_ROUTE ? null : api.page(start.path).catch(() => {});
  navReady = Promise.all([navRequest, firstPage]).then(([nav]) => {
    renderSidebar(nav, start.path);
    sinceBefore().then((a) => markChanged(unseenRoutes(a)));
    if (nav.snapshot) {
      showSnapshotBadge(nav.snapshot);
      showSnapshotNotices(nav.snapshot.notice);
      $('#print-footer').textContent = `Palette Docs Offline — ${nav.snapshot.name || 'snapshot'} ${nav.snapshot.version || ''} (${nav.snapshot.date || ''})`;
    }
  }).catch((e) => {
    toast(`The navigation could not be loaded: ${e.message}`);
  });
  document.addEventListener('pointerover', onHoverPrefetch, { passive: true });
  document.addEventListener('focusin', onHoverPrefetch);
  startRouter(render);
  await startAt(start);
}

performance.mark('app-start');
boot();
