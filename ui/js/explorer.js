//! The advisory explorer on the Security Bulletins landing page, and the "my installation" banner there and on the
//! Security landing page. The advisories come from `/api/advisories` once; filtering and sorting happen here; the
//! filter lives in the URL query (deep links, bookmarks, back and forward); the rows that match export as CSV and
//! all of them print.

import { api } from './api.js';
import { h } from './dom.js';
import { navigate } from './router.js';
import { COLUMNS, applyFilter, emptyFilter, narrows, prepare, readQuery, sortRows, writeQuery } from './explorer-model.js';
import { createTable, PAGE } from './explorer-table.js';
import { createFilters } from './explorer-filters.js';
import { toCsv, csvFileName } from './explorer-csv.js';
import { EXPLORER_ROUTE, installationBanner, installationForm, loadInstallation } from './installation.js';

const BANNER_ROUTES = ['/security/', EXPLORER_ROUTE];
/** The heading of our landing page that the explorer follows; a page without one (a vendor build) gets it at the end. */
const HEADING_ID = 'advisory-explorer';
/** Where a page built from the vendor's sources had `<CveReportsTable />` (a plain list of advisory links until then). */
const PLACEHOLDER = '[data-explorer="advisories"]';

let data = null; // Promise of { rows, total, choices }
let view = null; // the explorer on screen, or null
let pendingExport = null; // { count, name, url } until the desktop app says where the file went
let listening = false;

const advisoriesWord = (n) => `${n} ${n === 1 ? 'advisory' : 'advisories'}`;

/** The snapshot's advisories, asked for once (a snapshot never changes while the app runs; a switch reloads). */
function loadData() {
  if (!data) {
    data = api.advisories().then((answer) => {
      const rows = prepare(answer.advisories || []);
      const statuses = [...new Set(rows.map((r) => r.a.status).filter(Boolean))].sort();
      const years = [...new Set(rows.map((r) => r.year).filter(Boolean))].sort().reverse();
      return { rows, total: answer.total ?? rows.length, choices: { editions: answer.editions || [], versions: answer.versions || [], statuses, years } };
    });
    data.catch(() => {
      data = null;
    });
  }
  return data;
}

/**
 * Add what belongs to `route`: the banner on the Security and Security Bulletins landing pages, the explorer on the
 * latter and on a page built from the vendor's `<CveReportsTable />`. `stillHere()` says whether the reader is still
 * on that route once the data arrived.
 */
export async function decoratePage(route, body, search, stillHere) {
  view = null;
  // The table wants the width the contents column would take (see `.explorer-page` in site.css).
  document.documentElement.classList.remove('explorer-page');
  const here = body.querySelector(PLACEHOLDER);
  if (!BANNER_ROUTES.includes(route) && !here) return;
  const withTable = route === EXPLORER_ROUTE || Boolean(here);
  const rows = withTable ? loadData() : null;
  const inst = await loadInstallation();
  if (!withTable && !inst) {
    // The banner asking for an installation needs no advisory, only that the snapshot has some: at start both
    // answers came with the page (api.js), so it goes in with the page rather than a request later.
    const { advisories } = await api.snapshot().catch(() => ({}));
    if (stillHere() && advisories) body.prepend(installationBanner([], null));
    return;
  }
  let d;
  try {
    d = await (rows || loadData());
  } catch (e) {
    if (stillHere() && route === EXPLORER_ROUTE) {
      body.append(h('p', { class: 'error-box', role: 'alert' }, `The advisories could not be loaded: ${e.message}`));
    }
    return;
  }
  if (!stillHere() || !d.total) return; // an older snapshot without advisory records has nothing to count
  if (BANNER_ROUTES.includes(route)) body.prepend(installationBanner(d.rows, inst));
  if (withTable) mountExplorer(body, d, inst, search);
}

/** `/` on the explorer page: focus its text filter (true), or leave `/` to the search palette (false). */
export function focusExplorerFilter() {
  if (!view || !view.root.isConnected) return false;
  view.filters.focusText();
  return true;
}

function mountExplorer(body, d, inst, search) {
  const q = readQuery(search);
  const st = {
    d, inst, sort: q.sort, limit: PAGE, filtered: [], typing: false,
    filter: !q.explicit && inst ? { ...emptyFilter(), edition: inst.edition, version: inst.version } : q.filter,
  };
  st.sorted = sortRows(d.rows, st.sort);

  const count = h('p', { class: 'explorer-count', id: 'explorer-count', role: 'status' });
  const note = h('p', { class: 'muted explorer-note', id: 'explorer-note' });
  const printed = h('p', { class: 'explorer-print-summary' });
  const message = h('p', { class: 'explorer-message', id: 'explorer-message', role: 'status' });
  const moreButton = h('button', { type: 'button', class: 'button', id: 'explorer-more' });
  const allButton = h('button', { type: 'button', class: 'button', id: 'explorer-all' });
  const more = h('div', { class: 'explorer-more' }, h('span', { class: 'muted explorer-shown' }), moreButton, allButton);
  const table = createTable({
    onSort: (key) => {
      const col = COLUMNS.find((c) => c.key === key);
      st.sort = st.sort.key === key ? { key, dir: st.sort.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: col.desc ? 'desc' : 'asc' };
      st.sorted = sortRows(d.rows, st.sort);
      commit(false);
      repaint();
    },
    onOpen: (route) => navigate(route),
    onMore: () => {
      if (st.filtered.length <= st.limit) return false;
      st.limit += PAGE;
      repaint();
      return true;
    },
  });
  const filters = createFilters(d.choices, (f, typing) => {
    st.filter = f;
    st.limit = PAGE;
    commit(typing);
    repaint();
  });
  filters.set(st.filter);
  filters.el.addEventListener('explorer:rows', () => table.focus());

  const exportButton = h('button', { type: 'button', class: 'button', id: 'explorer-export', title: 'Save the advisories that match as a CSV file' }, 'Export CSV…');
  const printButton = h('button', { type: 'button', class: 'button', id: 'explorer-print' }, 'Print…');
  const clearButton = h('button', { type: 'button', class: 'button', id: 'explorer-clear' }, 'Show all advisories');
  exportButton.addEventListener('click', () => exportCsv(st, message));
  printButton.addEventListener('click', () => window.print());
  clearButton.addEventListener('click', () => {
    st.filter = emptyFilter();
    st.limit = PAGE;
    filters.set(st.filter);
    commit(false);
    repaint();
  });
  moreButton.addEventListener('click', () => {
    st.limit += PAGE;
    repaint();
  });
  allButton.addEventListener('click', () => {
    st.limit = Infinity;
    repaint();
  });

  const setup = installationForm(inst, d.choices.versions, (kept) => {
    st.inst = kept;
    body.querySelector('#installation-banner')?.replaceWith(installationBanner(d.rows, kept));
    if (kept) {
      st.filter = { ...emptyFilter(), edition: kept.edition, version: kept.version };
      st.limit = PAGE;
      filters.set(st.filter);
      commit(false);
    }
    repaint();
  });

  const heading = body.querySelector(`#${HEADING_ID}`);
  const root = h('section', { class: 'explorer', id: 'explorer', 'aria-label': heading ? null : 'Advisory explorer', 'aria-labelledby': heading ? HEADING_ID : null },
    setup, filters.el,
    h('div', { class: 'explorer-bar' }, count, h('div', { class: 'explorer-actions' }, clearButton, exportButton, printButton)),
    note, printed,
    h('div', { class: 'explorer-scroll' }, table.el),
    more, message);
  placeAfter(body, heading, root);
  document.documentElement.classList.add('explorer-page');

  function repaint() {
    // Typing more letters only narrows: the rows are picked from those that passed the keystroke before.
    const from = st.filteredBy && st.filteredSort === st.sorted && narrows(st.filteredBy, st.filter) ? st.filtered : st.sorted;
    st.filtered = applyFilter(from, st.filter);
    st.filteredBy = { ...st.filter };
    st.filteredSort = st.sorted;
    paintRows(st.limit);
  }

  function paintRows(limit, whole = false) {
    const n = st.filtered.length;
    table.paint(st.filtered.map((r) => r.a), st.sort, limit, whole);
    const shown = Math.min(n, limit);
    count.textContent = `${n} of ${advisoriesWord(d.total)}`;
    more.querySelector('.explorer-shown').textContent = shown < n ? `The first ${shown} are listed.` : '';
    const mine = st.inst && st.filter.edition === st.inst.edition && st.filter.version === st.inst.version;
    note.textContent = mine ? `Filtered to your installation, ${st.inst.edition} ${st.inst.version}.` : '';
    note.hidden = !mine;
    printed.textContent = filterSummary(st.filter);
    more.hidden = shown >= n;
    moreButton.textContent = `Show ${Math.min(PAGE, n - shown)} more`;
    allButton.textContent = `Show all ${n}`;
  }

  /** Keep the filter in the address: a new history entry per choice, one per run of typing. */
  function commit(typing) {
    const url = location.pathname + writeQuery(st.filter, st.sort, { pinned: Boolean(st.inst) });
    const replace = typing && st.typing;
    st.typing = typing;
    if (url === location.pathname + location.search) return;
    // Typing does not scroll: the entry keeps the position it has (reading scrollY here would lay the page out
    // again in the middle of every keystroke).
    if (replace) history.replaceState(history.state, '', url);
    else history.pushState({ scrollY: window.scrollY }, '', url);
  }

  view = { root, filters, paintAll: () => paintRows(Infinity, true), paintShown: () => paintRows(st.limit) };
  repaint();
  listen();
}

/** What a printed list was filtered by, in words. */
function filterSummary(f) {
  const parts = [];
  if (f.edition) parts.push(`edition ${f.edition}`);
  if (f.version) parts.push(`version ${f.version}`);
  if (f.status) parts.push(`status ${f.status}`);
  if (f.severity) parts.push(`severity ${f.severity}`);
  if (f.year) parts.push(`published in ${f.year}`);
  if (f.q) parts.push(`containing “${f.q}”`);
  return parts.length ? `Filtered by ${parts.join(', ')}.` : 'Every advisory of this snapshot, unfiltered.';
}

/**
 * In place of the vendor's `<CveReportsTable />`; else after our heading's own text (before the next heading of the
 * page), or at the end with a heading of its own.
 */
function placeAfter(body, heading, root) {
  const spot = body.querySelector(PLACEHOLDER);
  if (spot) {
    spot.replaceWith(root);
    return;
  }
  if (!heading) {
    body.append(h('h2', { id: HEADING_ID }, 'Advisory explorer'), root);
    root.setAttribute('aria-labelledby', HEADING_ID);
    root.removeAttribute('aria-label');
    return;
  }
  let next = heading.nextElementSibling;
  while (next && !/^H[1-6]$/.test(next.tagName)) next = next.nextElementSibling;
  body.insertBefore(root, next);
}

function exportCsv(st, message) {
  const list = st.filtered.map((r) => r.a);
  const name = csvFileName();
  const url = URL.createObjectURL(new Blob([toCsv(list)], { type: 'text/csv' }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  if (pendingExport) URL.revokeObjectURL(pendingExport.url);
  pendingExport = { count: list.length, name, url, message };
  // The browser (serve) keeps the download; the desktop app reports the folder with a `palette:download` event.
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  message.textContent = `Exported ${advisoriesWord(list.length)} as ${name}.`;
}

function listen() {
  if (listening) return;
  listening = true;
  window.addEventListener('palette:download', (e) => {
    const exported = pendingExport;
    if (!exported) return; // another feature's download
    pendingExport = null;
    URL.revokeObjectURL(exported.url);
    const { path, ok } = e.detail || {};
    exported.message.textContent = ok && path
      ? `Saved ${advisoriesWord(exported.count)} to ${path}`
      : `The file could not be saved${path ? ` to ${path}` : ''}. Check that your Downloads folder exists and is writable.`;
  });
  // Print every matching row, not only the first page of them.
  window.addEventListener('beforeprint', () => {
    if (view && view.root.isConnected) view.paintAll();
  });
  window.addEventListener('afterprint', () => {
    if (view && view.root.isConnected) view.paintShown();
  });
}
