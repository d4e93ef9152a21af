//! The search palette (Ctrl+K or /): results as you type, ↑/↓/Enter/Esc, grouped hits, recent searches.

import { api } from './api.js';
import { $, h } from './dom.js';
import { load, save } from './store.js';
import { queryTerms } from './highlight.js';
import { navigate } from './router.js';
import { recentPages } from './history.js';

// No debounce (it would add its delay to every keystroke); instead at most one request is in flight and
// only the latest text is queued behind it, so fast typing never floods the API.
let inflight = null;
let queued = false;
let options = [];
let selected = -1;
let userMoved = false; // the reader picked a result with ↑/↓ or the mouse since the last keystroke
let seq = 0;
let opener = null;
// Answers already fetched, by query text. A page never outlives its snapshot (switching reloads it), so
// backspacing or typing a query again shows its answer in the same frame, with no round trip.
const answers = new Map();
const ANSWERS_KEPT = 100;

function remember(q, data) {
  answers.delete(q);
  answers.set(q, data);
  if (answers.size > ANSWERS_KEPT) answers.delete(answers.keys().next().value);
}

const dlg = () => $('#search-dialog');
const input = () => $('#search-input');

function recentSearches() {
  return load('recentSearches', []);
}

function rememberSearch(q) {
  const list = [q, ...recentSearches().filter((x) => x !== q)].slice(0, 8);
  save('recentSearches', list);
}

function select(i) {
  if (options.length === 0) {
    selected = -1;
    input().removeAttribute('aria-activedescendant');
    return;
  }
  if (options[selected]) options[selected].el.setAttribute('aria-selected', 'false');
  selected = (i + options.length) % options.length;
  const el = options[selected].el;
  if (!el.isConnected) drawLater();
  el.setAttribute('aria-selected', 'true');
  input().setAttribute('aria-activedescendant', el.id);
  el.scrollIntoView({ block: 'nearest' });
}

/** A list box holds options only: while a sentence stands in for them, the box is a plain container. */
function syncListRole() {
  const box = $('#search-results');
  if (options.length) box.setAttribute('role', 'listbox');
  else box.removeAttribute('role');
}

function addOption(container, opt, cls = '') {
  const id = `search-opt-${options.length}`;
  const el = h('div', { role: 'option', id, class: `search-option ${cls}`.trim(), 'aria-selected': 'false', 'data-target': opt.kind === 'query' ? null : opt.target, 'data-kind': opt.kind, 'data-index': options.length });
  el.append(...opt.content);
  container.append(el);
  options.push({ ...opt, el });
}

// The five entities the API's escaper writes (core::html::escape); anything else stays as written.
const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescapeText = (s) => s.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);

function snippet(html) {
  // The API escapes the text and adds only <mark>; rebuild it as text nodes rather than trusting innerHTML.
  const span = h('span', { class: 'search-option-snippet' });
  const parts = String(html || '').split(/(<mark>|<\/mark>)/);
  let inMark = false;
  for (const p of parts) {
    if (p === '<mark>') inMark = true;
    else if (p === '</mark>') inMark = false;
    else if (p) span.append(inMark ? h('mark', {}, unescapeText(p)) : unescapeText(p));
  }
  return span;
}

function markedWords(html) {
  return [...String(html || '').matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => unescapeText(m[1]));
}

function hitTarget(hit) {
  return hit.route + (hit.anchor ? `#${hit.anchor}` : '');
}

function renderEmpty() {
  dropLater();
  const box = $('#search-results');
  box.replaceChildren();
  box.dataset.query = '';
  options = [];
  selected = -1;
  input().removeAttribute('aria-activedescendant');
  $('#search-status').textContent = '';
  const searches = recentSearches();
  if (searches.length) {
    const g = h('div', { role: 'group', 'aria-labelledby': 'recent-searches-title' },
      h('div', { class: 'search-group-title', id: 'recent-searches-title' }, 'Recent searches'));
    for (const q of searches) {
      addOption(g, { kind: 'query', query: q, content: [h('span', { class: 'search-option-title' }, q)] });
    }
    box.append(g);
  }
  const pages = recentPages().slice(0, 5);
  if (pages.length) {
    const g = h('div', { role: 'group', 'aria-labelledby': 'recent-pages-title' },
      h('div', { class: 'search-group-title', id: 'recent-pages-title' }, 'Recently viewed'));
    for (const p of pages) {
      addOption(g, { kind: 'page', target: p.route, content: [h('span', { class: 'search-option-title' }, p.title), h('span', { class: 'search-option-path' }, p.route)] });
    }
    box.append(g);
  }
  if (!options.length) box.append(h('p', { class: 'search-empty' }, 'Type to search the Security docs.'));
  syncListRole();
}

// About what the results box shows without scrolling. Options past it are drawn in the next frame (the list is
// aria-busy meanwhile), so the frame that shows the typed character is not held up by results not yet in view.
const FIRST_OPTIONS = 8;
let later = null; // { groups, frame }: result groups still to be put in the box

function drawLater() {
  if (!later) return;
  const { groups } = later;
  dropLater();
  $('#search-results').append(...groups);
}

function dropLater() {
  if (!later) return;
  cancelAnimationFrame(later.frame);
  later = null;
  $('#search-results').removeAttribute('aria-busy');
}

function renderResults(q, data) {
  const box = $('#search-results');
  // Keep the reader's ↑/↓ choice when a later keystroke's answer still contains it.
  const keep = userMoved && selected >= 0 && options[selected] ? options[selected].target : null;
  dropLater();
  box.dataset.query = q;
  options = [];
  selected = -1;
  const results = data.results || [];
  const status = $('#search-status');
  if (data.corrected) status.textContent = `No exact match — showing results for “${data.corrected}”.`;
  else status.textContent = results.length ? `${results.length} page${results.length === 1 ? '' : 's'} found` : 'No results';
  if (!results.length) {
    input().removeAttribute('aria-activedescendant');
    box.replaceChildren(h('p', { class: 'search-empty' }, `No results for “${q}”.`));
    syncListRole();
    return;
  }
  const groups = results.map((hit, gi) => {
    const titleId = `search-group-${gi}`;
    const g = h('div', { role: 'group', 'aria-labelledby': titleId },
      h('div', { class: 'search-group-title', id: titleId }, hit.page_title));
    const opt = (x, cls) => addOption(g, {
      kind: 'hit', target: hitTarget(x), query: q, words: markedWords(x.snippet_html), cls,
      content: [
        h('span', { class: 'search-option-title' }, x.section || x.page_title),
        h('span', { class: 'search-option-path' }, (x.breadcrumbs || []).join(' › ')),
        snippet(x.snippet_html),
      ],
    }, cls);
    opt(hit, '');
    for (const m of hit.more || []) opt(m, 'more');
    return { g, shown: options.length };
  });
  // What the box shows without scrolling goes in with the typed character; the rest a frame later.
  const first = groups.findIndex((x) => x.shown >= FIRST_OPTIONS) + 1 || groups.length;
  box.replaceChildren(...groups.slice(0, first).map((x) => x.g));
  if (first < groups.length) {
    box.setAttribute('aria-busy', 'true');
    later = { groups: groups.slice(first).map((x) => x.g), frame: requestAnimationFrame(() => { later.frame = requestAnimationFrame(drawLater); }) };
  }
  syncListRole();
  const again = keep ? options.findIndex((o) => o.target === keep) : -1;
  select(again >= 0 ? again : 0);
}

function runSearch() {
  if (inflight) {
    queued = true;
    return inflight;
  }
  inflight = searchNow().finally(() => {
    inflight = null;
    if (queued) {
      queued = false;
      runSearch();
    }
  });
  return inflight;
}

async function searchNow() {
  const q = input().value.trim();
  const mine = ++seq;
  if (!q) {
    renderEmpty();
    return;
  }
  const known = answers.get(q);
  if (known) {
    renderResults(q, known);
    return;
  }
  try {
    const data = await api.search(q);
    remember(q, data);
    if (mine !== seq) return; // a newer keystroke already answered
    renderResults(q, data);
  } catch (e) {
    if (mine !== seq) return;
    dropLater();
    options = [];
    selected = -1;
    input().removeAttribute('aria-activedescendant');
    $('#search-status').textContent = 'Search is unavailable';
    $('#search-results').replaceChildren(h('p', { class: 'search-empty' }, e.message));
    syncListRole();
  }
}

/** Resolves once the answer for the text now in the box is on screen. */
async function settle() {
  while (inflight) await inflight;
  if (!(options[0] && options[0].kind === 'hit' && options[0].query === input().value.trim())) await searchNow();
}

function activate(i) {
  const o = options[i];
  if (!o) return;
  if (o.kind === 'query') {
    input().value = o.query;
    runSearch();
    return;
  }
  if (o.kind === 'hit') rememberSearch(o.query);
  const terms = o.kind === 'hit' ? [...queryTerms(o.query), ...o.words] : null;
  dlg().close();
  navigate(o.target, { highlight: terms });
}

export function openSearch() {
  const d = dlg();
  if (d.open) {
    input().select();
    return;
  }
  opener = document.activeElement;
  d.showModal();
  input().focus();
  input().select();
  if (!input().value.trim()) renderEmpty();
  else runSearch();
}

export function initSearch() {
  $('#search-button').addEventListener('click', openSearch);
  $('#search-close').addEventListener('click', () => dlg().close());
  dlg().addEventListener('close', () => {
    if (opener && opener.isConnected && opener !== document.body) opener.focus({ preventScroll: true });
  });
  // A click on the backdrop (outside the dialog box) closes it.
  dlg().addEventListener('click', (e) => {
    if (e.target === dlg()) dlg().close();
  });
  // One pair of listeners for every option, present and future: options carry their index.
  const optionAt = (e) => {
    const el = e.target.closest && e.target.closest('#search-results [role="option"]');
    return el ? Number(el.dataset.index) : -1;
  };
  $('#search-results').addEventListener('mousemove', (e) => {
    const k = optionAt(e);
    if (k >= 0 && k !== selected) {
      userMoved = true;
      select(k);
    }
  });
  $('#search-results').addEventListener('click', (e) => {
    const k = optionAt(e);
    if (k >= 0) activate(k);
  });
  input().addEventListener('input', () => {
    userMoved = false;
    const q = input().value.trim();
    if (q && !answers.has(q)) {
      const now = api.searchAtOnce(q);
      if (now) remember(q, now);
    }
    // A known answer is drawn at once, even while another request is out (its late answer is dropped).
    if (answers.has(q)) searchNow();
    else runSearch();
  });
  input().addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      userMoved = true;
      select(selected + 1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      userMoved = true;
      select(selected - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (e.isComposing) return;
      // Enter right after typing: make sure the answer for the final text is on screen first.
      const q = input().value.trim();
      const pending = options.length === 0 || options[0].kind !== 'hit' || options[0].query !== q;
      if (pending && q) settle().then(() => activate(Math.max(selected, 0)));
      else activate(selected >= 0 ? selected : 0);
    }
  });
}
