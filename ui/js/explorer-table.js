//! The explorer's table: column headers that sort (with aria-sort), rows built once per advisory and reused so that
//! a keystroke repaints only the rows shown (at most `limit` of them), and grid-style keys between rows
//! (↑ ↓ Home End PageUp PageDown, Enter opens the advisory) with one tab stop for the whole table.
//! A repaint while typing draws the rows a window shows at once and the rest right after that frame is painted (the
//! table says aria-busy meanwhile): the typed character and the first rows show in one frame.

import { h } from './dom.js';
import { COLUMNS, affectedByEdition } from './explorer-model.js';

/** How many rows are drawn before "Show more" (a repaint stays cheap however many advisories match). */
export const PAGE = 100;
const PAGE_STEP = 10;
/**
 * Rows drawn in the frame of the keystroke: what a window shows below the filters (about ten rows at 900 px). The
 * rest follow one frame later; fewer rows in that first frame is what keeps a keystroke within about a frame.
 */
const FIRST_ROWS = 15;

function severityCell(a) {
  if (typeof a.score !== 'number') return h('td', { class: 'explorer-score' }, h('span', { class: 'muted' }, 'not stated'));
  const band = a.severity || '';
  return h('td', { class: 'explorer-score' },
    h('span', { class: `severity severity-${band}` }, a.score.toFixed(1)), ' ', band);
}

function affectedCell(a) {
  const groups = affectedByEdition(a);
  if (!groups.length) return h('td', {}, h('span', { class: 'muted' }, 'none listed'));
  return h('td', { class: 'explorer-affected' }, groups.map((g) => h('span', { class: 'explorer-edition' },
    h('span', { class: 'explorer-edition-name' }, g.product.replace(/^Palette /, '')), ' ', g.versions.join(', '))));
}

function buildRow(a) {
  return h('tr', { tabindex: '-1', 'data-id': a.id, 'data-route': a.route },
    h('th', { scope: 'row' }, h('a', { href: a.route, tabindex: '-1' }, a.id)),
    severityCell(a),
    h('td', {}, a.status || h('span', { class: 'muted' }, 'not stated')),
    h('td', { class: 'explorer-date' }, a.first_published || '—'),
    h('td', { class: 'explorer-date' }, a.last_update || '—'),
    h('td', {}, a.component || '—'),
    affectedCell(a));
}

/**
 * The table. `onSort(key)`: a header was chosen; `onOpen(route)`: Enter on a row; `onMore()`: the reader moved past
 * the last drawn row while more match (the caller raises the limit and repaints).
 */
export function createTable({ onSort, onOpen, onMore }) {
  const rowsById = new Map();
  const caption = h('caption', { class: 'visually-hidden' });
  const heads = COLUMNS.map((c) => h('th', { scope: 'col', 'data-key': c.key },
    h('button', { type: 'button', class: 'explorer-sort', 'data-key': c.key },
      c.label, h('span', { class: 'explorer-sort-mark', 'aria-hidden': 'true' }))));
  const tbody = h('tbody', {});
  const table = h('table', { class: 'explorer-table', id: 'explorer-table' }, caption, h('thead', {}, h('tr', {}, heads)), tbody);
  let activeId = null;
  let shown = [];
  /** The rows after the first screenful, waiting for the next frame: { frame }. */
  let pending = null;

  function drawRest() {
    if (!pending) return;
    cancelAnimationFrame(pending.frame);
    pending = null;
    tbody.append(...shown.slice(tbody.childElementCount).map(rowOf));
    table.removeAttribute('aria-busy');
  }

  const rowOf = (a) => {
    let tr = rowsById.get(a.id);
    if (!tr) {
      tr = buildRow(a);
      rowsById.set(a.id, tr);
    }
    return tr;
  };

  table.querySelector('thead').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-key]');
    if (b) onSort(b.dataset.key);
  });

  function setActive(tr, focus) {
    for (const r of tbody.querySelectorAll('tr[tabindex="0"]')) r.tabIndex = -1;
    if (!tr) return;
    tr.tabIndex = 0;
    activeId = tr.dataset.id;
    if (focus) tr.focus();
  }

  tbody.addEventListener('focusin', (e) => {
    const tr = e.target.closest('tr');
    if (tr && tr.dataset.id !== activeId) setActive(tr, false);
  });
  tbody.addEventListener('click', (e) => {
    const tr = e.target.closest('tr');
    if (tr && !e.target.closest('a')) setActive(tr, true);
  });
  tbody.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    drawRest();
    const rows = [...tbody.children];
    const i = rows.indexOf(document.activeElement);
    if (i < 0) return;
    let to = null;
    if (e.key === 'ArrowDown') to = i + 1;
    else if (e.key === 'ArrowUp') to = i - 1;
    else if (e.key === 'PageDown') to = i + PAGE_STEP;
    else if (e.key === 'PageUp') to = i - PAGE_STEP;
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = rows.length - 1;
    else if (e.key === 'Enter') {
      e.preventDefault();
      onOpen(rows[i].dataset.route);
      return;
    }
    if (to === null) return;
    e.preventDefault();
    if (to >= rows.length && onMore()) {
      const now = [...tbody.children];
      setActive(now[Math.min(to, now.length - 1)], true);
      return;
    }
    setActive(rows[Math.max(0, Math.min(to, rows.length - 1))], true);
  });

  return {
    el: table,
    /**
     * Draw the first `limit` of `advisories` (already filtered and sorted) and mark the sort column; `whole`: every
     * row in this frame (printing), as when the reader is in the table (its row may be past the first screenful).
     */
    paint(advisories, sort, limit, whole = false) {
      const hadFocus = tbody.contains(document.activeElement);
      shown = advisories.length > limit ? advisories.slice(0, limit) : advisories;
      if (pending) {
        cancelAnimationFrame(pending.frame);
        pending = null;
      }
      const split = !whole && !hadFocus && shown.length > FIRST_ROWS;
      tbody.replaceChildren(...(split ? shown.slice(0, FIRST_ROWS) : shown).map(rowOf));
      if (split) {
        table.setAttribute('aria-busy', 'true');
        // The next frame's own callbacks draw the rest, once this frame (the typed character, the first rows) is shown.
        pending = { frame: requestAnimationFrame(() => { pending.frame = requestAnimationFrame(drawRest); }) };
      } else {
        table.removeAttribute('aria-busy');
      }
      for (const th of heads) {
        const on = th.dataset.key === sort.key;
        if (on) th.setAttribute('aria-sort', sort.dir === 'asc' ? 'ascending' : 'descending');
        else th.removeAttribute('aria-sort');
        th.querySelector('.explorer-sort-mark').textContent = on ? (sort.dir === 'asc' ? '▲' : '▼') : '';
      }
      const col = COLUMNS.find((c) => c.key === sort.key);
      caption.textContent = `Advisories, sorted by ${col ? col.label.toLowerCase() : sort.key}, ${sort.dir === 'asc' ? 'ascending' : 'descending'}`;
      const keep = activeId && rowsById.get(activeId);
      const target = keep && keep.parentNode === tbody ? keep : tbody.firstElementChild;
      setActive(target, hadFocus && target !== null);
    },
    /** Focus the current row (the table's one tab stop); false when no row is shown. */
    focus() {
      drawRest();
      const tr = tbody.querySelector('tr[tabindex="0"]') || tbody.firstElementChild;
      if (!tr) return false;
      setActive(tr, true);
      return true;
    },
  };
}
