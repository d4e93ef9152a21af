//! Bookmarks: page/section bookmarks with notes, the panel (filter, keyboard, sort, manual order, undo delete,
//! export and import through bookmarks-file.js).

import { api } from './api.js';
import { $, $$, h, icon, ICONS, toast } from './dom.js';
import { load, save } from './store.js';
import { navigate } from './router.js';
import { currentSectionId } from './toc.js';
import { initBookmarksFile, clearFileStatus } from './bookmarks-file.js';
import { sinceBefore, bookmarkFlag, requestShowChanges } from './changes.js';

let items = [];
let loaded = null;
let page = null; // { route, title }
let editing = null; // { mode: 'add'|'edit', bookmark?, sectionId?, sectionText? }
let focusIndex = 0;
let lastRemoved = null;
let changes = null; // the answer of /api/diff: bookmarks whose section changed or went are flagged
/** Options drawn at once: with thousands of bookmarks the panel stays quick, and the filter finds the rest. */
const PANEL_BATCH = 200;
let drawnLimit = PANEL_BATCH;

const sameTarget = (b, route, anchor) => b.route === route && (b.anchor || null) === (anchor || null);

export function findBookmark(route, anchor) {
  return items.find((b) => sameTarget(b, route, anchor)) || null;
}

export async function refreshBookmarks() {
  try {
    const data = await api.bookmarks();
    items = data.bookmarks || [];
    if (data.notice && load('bookmarkNoticeSeen', null) !== data.notice) {
      // Shown once per distinct notice (e.g. "your bookmarks file was damaged and restored from the backup").
      const n = $('#bookmarks-notice');
      n.textContent = data.notice;
      n.hidden = false;
      toast(data.notice);
      save('bookmarkNoticeSeen', data.notice);
    }
  } catch (e) {
    items = [];
    const n = $('#bookmarks-notice');
    n.textContent = `Bookmarks are unavailable: ${e.message}`;
    n.hidden = false;
  }
  syncButtons();
  return items;
}

function ensureLoaded() {
  if (!loaded) loaded = refreshBookmarks();
  return loaded;
}

function headingText(el) {
  const clone = el.cloneNode(true);
  for (const x of clone.querySelectorAll('.hash-link, .heading-bookmark')) x.remove();
  return clone.textContent.trim();
}

function syncButtons() {
  const btn = $('#bookmark-page');
  if (page) {
    const on = !!findBookmark(page.route, null);
    btn.setAttribute('aria-pressed', String(on));
    btn.setAttribute('aria-label', on ? 'Edit the bookmark of this page' : 'Bookmark this page');
  }
  for (const b of $$('#doc-body .heading-bookmark')) {
    const on = !!(page && findBookmark(page.route, b.dataset.anchor));
    b.setAttribute('aria-pressed', String(on));
  }
}

/** Called by the article renderer for every page: title button and a "bookmark this section" button per heading. */
export function attachToPage(p, body) {
  page = p;
  $('#bookmark-page').hidden = !p;
  if (!p) return;
  for (const hd of body.querySelectorAll('h2[id], h3[id]')) {
    const text = headingText(hd);
    const b = h('button', {
      type: 'button', class: 'heading-bookmark', 'data-anchor': hd.id, 'aria-pressed': 'false',
      'aria-label': `Bookmark this section: ${text}`, title: 'Bookmark this section',
    }, icon(ICONS.bookmark, 16));
    b.addEventListener('click', () => openAdd(hd.id));
    const link = hd.querySelector('.hash-link');
    if (link) link.after(b);
    else hd.append(b);
  }
  ensureLoaded().then(syncButtons);
}

/**
 * Open the "add bookmark" dialog. `anchor`: undefined → Ctrl+D (this page preselected, the section being read offered;
 * once the page is bookmarked, the section being read preselected); null → this page; a heading id → that section.
 * An existing bookmark opens its note instead.
 */
export async function openAdd(anchor) {
  if (!page) return;
  await ensureLoaded();
  const offered = typeof anchor === 'string' ? anchor : anchor === undefined ? currentSectionId() : null;
  const sectionEl = offered ? document.getElementById(offered) : null;
  const sectionText = sectionEl ? headingText(sectionEl) : null;
  const pageMark = findBookmark(page.route, null);
  const sectionMark = sectionEl ? findBookmark(page.route, offered) : null;
  const wantSection = !!sectionEl && (typeof anchor === 'string' || (anchor === undefined && !!pageMark));
  const existing = wantSection ? sectionMark : pageMark;
  if (existing) {
    openEdit(existing);
    return;
  }
  editing = { mode: 'add', sectionId: sectionEl ? offered : null, sectionText };
  $('#bookmark-edit-title').textContent = 'Add bookmark';
  $('#bookmark-edit-target').textContent = page.title;
  $('#bookmark-scope').hidden = !sectionEl;
  $('#bookmark-scope-section-label').textContent = sectionText ? `Section “${sectionText}”` : 'This section';
  // A page already bookmarked cannot be bookmarked twice: only its section is on offer.
  $('#bookmark-scope-page').disabled = !!pageMark;
  $('#bookmark-scope-page').checked = !wantSection;
  $('#bookmark-scope-section').checked = wantSection;
  $('#bookmark-note').value = '';
  showEditor();
}

function openEdit(b) {
  editing = { mode: 'edit', bookmark: b };
  $('#bookmark-edit-title').textContent = 'Edit bookmark note';
  $('#bookmark-edit-target').textContent = b.section ? `${b.title} › ${b.section}` : b.title;
  $('#bookmark-scope').hidden = true;
  $('#bookmark-note').value = b.note || '';
  showEditor();
}

function showEditor() {
  const dlg = $('#bookmark-edit-dialog');
  if (!dlg.open) dlg.showModal();
  const note = $('#bookmark-note');
  note.focus();
  note.setSelectionRange(note.value.length, note.value.length);
}

async function saveEditor() {
  const dlg = $('#bookmark-edit-dialog');
  const note = $('#bookmark-note').value.trim();
  const e = editing;
  editing = null;
  dlg.close();
  if (!e) return;
  try {
    if (e.mode === 'add') {
      const section = $('#bookmark-scope-section').checked && e.sectionId;
      const created = await api.addBookmark({
        route: page.route, anchor: section ? e.sectionId : null, title: page.title,
        section: section ? e.sectionText : null, note,
      });
      items.push(created);
      toast(section ? `Section “${e.sectionText}” bookmarked` : 'Page bookmarked');
    } else {
      const updated = await api.updateBookmark(e.bookmark.id, { note });
      items = items.map((b) => (b.id === updated.id ? updated : b));
      toast('Note saved');
    }
  } catch (err) {
    toast(`Could not save the bookmark: ${err.message}`);
  }
  syncButtons();
  if ($('#bookmarks-dialog').open) renderPanel();
}

// ---------- panel ----------

function sortMode() {
  return $('#bookmarks-sort').value;
}

function visibleBookmarks() {
  const q = $('#bookmarks-filter').value.trim().toLowerCase();
  let list = items.slice();
  if (q) {
    const words = q.split(/\s+/);
    list = list.filter((b) => {
      const hay = `${b.title} ${b.section || ''} ${b.note || ''} ${b.route}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  }
  if (sortMode() === 'title') list.sort((a, b) => `${a.title} ${a.section || ''}`.localeCompare(`${b.title} ${b.section || ''}`));
  else if (sortMode() === 'date') list.sort((a, b) => String(b.created).localeCompare(String(a.created)));
  return list;
}

function renderPanel() {
  const list = $('#bookmarks-list');
  const matching = visibleBookmarks();
  const shown = matching.slice(0, drawnLimit);
  list.replaceChildren();
  const more = $('#bookmarks-more-line');
  more.hidden = matching.length <= shown.length;
  $('#bookmarks-more-count').textContent = more.hidden ? ''
    : `${shown.length} of ${matching.length} shown; type to filter, or`;
  if (!shown.length) {
    list.append(h('li', { class: 'panel-empty', role: 'presentation' },
      items.length ? 'No bookmark matches the filter.' : 'No bookmarks yet. Press Ctrl+D on a page to add one.'));
    return;
  }
  focusIndex = Math.min(focusIndex, shown.length - 1);
  const rows = [];
  shown.forEach((b, i) => {
    const created = new Date(b.created);
    const li = h('li', {
      class: 'panel-item', role: 'option', id: `bookmark-${b.id}`, tabindex: i === focusIndex ? '0' : '-1',
      'aria-selected': 'false', 'data-id': b.id, 'aria-keyshortcuts': 'E Delete',
    },
    h('div', { class: 'panel-item-main' },
      h('span', { class: 'panel-item-title' }, b.title, b.section ? ` › ${b.section}` : '',
        b.missing ? h('span', { class: 'missing-badge' }, 'not in this snapshot') : null,
        flagBadge(b)),
      b.note ? h('span', { class: 'panel-item-note' }, b.note) : null,
      h('span', { class: 'panel-item-meta' }, `${b.route}${b.anchor ? `#${b.anchor}` : ''} · ${isNaN(created) ? '' : created.toLocaleDateString()}`)),
    // Mouse targets only: an option may hold no controls of its own; the keyboard has E and Delete on the
    // option (said by aria-keyshortcuts and the key line under the list).
    h('div', { class: 'panel-item-actions', 'aria-hidden': 'true' },
      h('span', { class: 'link-button', 'data-act': 'edit', title: `Edit note of ${b.title} (E)` }, 'Edit note'),
      h('span', { class: 'link-button', 'data-act': 'delete', title: `Delete bookmark ${b.title} (Delete)` }, 'Delete')));
    rows.push(li);
  });
  // One insertion for the whole batch.
  list.append(...rows);
}

/** Draws the next batch and focuses its first option (or option `focus` when given). */
function showMore(focus) {
  const first = panelItems().length;
  drawnLimit += PANEL_BATCH;
  renderPanel();
  focusItem(focus ?? first);
}

/** "changed" or "gone since <older snapshot>" when the change since the snapshot read before touches `b`. */
function flagBadge(b) {
  const flag = bookmarkFlag(changes, b);
  if (!flag) return null;
  const since = changes.diff.from.version || changes.diff.from.name;
  return h('span', { class: `change-badge change-${flag.kind === 'gone' ? 'removed' : 'changed'}`, 'data-flag': flag.kind },
    flag.kind === 'gone' ? `gone since ${since}` : `changed since ${since}`);
}

function panelItems() {
  return $$('#bookmarks-list [role="option"]');
}

function focusItem(i) {
  const all = panelItems();
  if (!all.length) return;
  // Moving down past the last drawn option draws the next batch.
  if (i >= all.length && !$('#bookmarks-more-line').hidden) {
    showMore(i);
    return;
  }
  focusIndex = Math.max(0, Math.min(i, all.length - 1));
  all.forEach((el, k) => {
    el.tabIndex = k === focusIndex ? 0 : -1;
    el.setAttribute('aria-selected', String(k === focusIndex));
  });
  all[focusIndex].focus();
}

function byId(id) {
  return items.find((b) => b.id === id);
}

function openBookmark(b) {
  if (!b) return;
  if (b.missing) {
    toast('This bookmark points to a page or section that is not in this snapshot.');
    return;
  }
  $('#bookmarks-dialog').close();
  // A bookmark whose section changed opens with the changes shown.
  if (bookmarkFlag(changes, b)) requestShowChanges(b.route);
  navigate(b.route + (b.anchor ? `#${b.anchor}` : ''));
}

async function removeBookmark(b) {
  const index = items.indexOf(b);
  try {
    await api.deleteBookmark(b.id);
  } catch (err) {
    toast(`Could not delete: ${err.message}`);
    return;
  }
  items = items.filter((x) => x !== b);
  lastRemoved = { b, index };
  renderPanel();
  focusItem(focusIndex);
  if (!panelItems().length) $('#bookmarks-filter').focus();
  syncButtons();
  toast(`Removed “${b.section || b.title}”`, { label: 'Undo', run: undoRemove });
}

async function undoRemove() {
  const r = lastRemoved;
  lastRemoved = null;
  if (!r) return;
  try {
    let created = await api.addBookmark({ route: r.b.route, anchor: r.b.anchor, title: r.b.title, section: r.b.section, note: r.b.note || '' });
    if (r.index < items.length) created = (await api.updateBookmark(created.id, { position: r.index })) || created;
    items.splice(Math.min(r.index, items.length), 0, created);
    toast('Bookmark restored');
  } catch (err) {
    toast(`Could not restore: ${err.message}`);
  }
  syncButtons();
  if ($('#bookmarks-dialog').open) renderPanel();
}

async function move(b, delta) {
  if (sortMode() !== 'manual' || $('#bookmarks-filter').value.trim()) {
    toast('Reordering works in manual order without a filter');
    return;
  }
  const from = items.indexOf(b);
  const to = from + delta;
  if (to < 0 || to >= items.length) return;
  items.splice(from, 1);
  items.splice(to, 0, b);
  renderPanel();
  focusItem(to);
  try {
    await api.updateBookmark(b.id, { position: to });
  } catch (err) {
    toast(`Could not save the order: ${err.message}`);
  }
}

export async function openBookmarks() {
  const dlg = $('#bookmarks-dialog');
  $('#bookmarks-sort').value = load('bookmarkSort', 'manual');
  await refreshBookmarks();
  loaded = Promise.resolve(items);
  focusIndex = 0;
  drawnLimit = PANEL_BATCH;
  clearFileStatus();
  renderPanel();
  if (!dlg.open) dlg.showModal();
  $('#bookmarks-filter').focus();
}

export function initBookmarks() {
  sinceBefore().then((a) => {
    changes = a;
    if ($('#bookmarks-dialog').open) renderPanel();
  });
  initBookmarksFile({
    imported: async () => {
      await refreshBookmarks();
      loaded = Promise.resolve(items);
      if ($('#bookmarks-dialog').open) renderPanel();
    },
  });
  $('#bookmarks-button').addEventListener('click', openBookmarks);
  $('#bookmarks-close').addEventListener('click', () => $('#bookmarks-dialog').close());
  $('#bookmark-page').addEventListener('click', () => openAdd(null));
  $('#bookmark-edit-form').addEventListener('submit', (e) => {
    e.preventDefault();
    saveEditor();
  });
  $('#bookmark-edit-cancel').addEventListener('click', () => {
    editing = null;
    $('#bookmark-edit-dialog').close();
  });
  $('#bookmark-edit-dialog').addEventListener('close', () => {
    editing = null;
    if ($('#bookmarks-dialog').open) focusItem(focusIndex);
  });
  $('#bookmark-note').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      saveEditor();
    }
  });
  $('#bookmarks-filter').addEventListener('input', () => {
    focusIndex = 0;
    drawnLimit = PANEL_BATCH;
    renderPanel();
  });
  $('#bookmarks-more').addEventListener('click', () => showMore());
  $('#bookmarks-filter').addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusItem(0);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const first = visibleBookmarks()[0];
      openBookmark(first);
    } else if (e.key === 'Escape') {
      // WebKit (the desktop window) spends Esc in a search field on emptying it: Esc closes the panel everywhere.
      e.preventDefault();
      $('#bookmarks-dialog').close();
    }
  });
  $('#bookmarks-sort').addEventListener('change', () => {
    save('bookmarkSort', sortMode());
    drawnLimit = PANEL_BATCH;
    renderPanel();
  });
  const list = $('#bookmarks-list');
  list.addEventListener('keydown', (e) => {
    const li = e.target.closest('[role="option"]');
    if (!li) return;
    const b = byId(li.dataset.id);
    const i = panelItems().indexOf(li);
    let handled = true;
    if (e.altKey && e.key === 'ArrowUp') move(b, -1);
    else if (e.altKey && e.key === 'ArrowDown') move(b, 1);
    else if (e.key === 'ArrowDown') focusItem(i + 1);
    else if (e.key === 'ArrowUp') {
      if (i === 0) $('#bookmarks-filter').focus();
      else focusItem(i - 1);
    } else if (e.key === 'Home') focusItem(0);
    else if (e.key === 'End') focusItem(panelItems().length - 1);
    else if (e.key === 'Enter') openBookmark(b);
    else if (e.key === 'e' || e.key === 'E' || e.key === 'F2') openEdit(b);
    else if (e.key === 'Delete' || e.key === 'Backspace') removeBookmark(b);
    else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') undoRemove();
    else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  });
  list.addEventListener('click', (e) => {
    const li = e.target.closest('[role="option"]');
    if (!li) return;
    const b = byId(li.dataset.id);
    const act = e.target.closest('[data-act]')?.dataset.act;
    if (act === 'edit') openEdit(b);
    else if (act === 'delete') removeBookmark(b);
    else openBookmark(b);
  });
  $('#bookmarks-dialog').addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && lastRemoved && (e.target.id !== 'bookmarks-filter' || !e.target.value)) {
      e.preventDefault();
      undoRemove();
    }
  });
}
