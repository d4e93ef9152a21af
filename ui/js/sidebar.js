//! Docs sidebar: the /api/nav tree as an ARIA tree (roving focus, arrow keys), remembered collapse state, active page.

import { $, $$, h, icon, ICONS } from './dom.js';
import { load, save } from './store.js';
import { noticeRoute } from './notice.js';

let tree;
let counter = 0;
// Type-ahead: letters typed within TYPE_AHEAD_MS of each other form one prefix ("Cl" → Cl…).
const TYPE_AHEAD_MS = 700;
let typed = '';
let typedAt = 0;
const expandedState = load('sidebar.expanded', {});
// A collapsed category's entries are drawn the first time it opens: a snapshot with thousands of advisory
// pages would otherwise put them all in the document, and every later change of the page would pay a style
// and layout pass over them. Group id → what it will hold.
const unbuilt = new Map();
// Routes changed since the snapshot read before and not opened yet; marked whenever their entry is drawn.
const changed = new Set();

function keyOf(trail) {
  return trail.join(' / ');
}

function containsRoute(item, route) {
  if (item.route === route) return true;
  return (item.items || []).some((c) => containsRoute(c, route));
}

function buildItem(item, level, trail, activeRoute) {
  const li = h('li', { role: 'none', class: 'tree-node' });
  const row = h('div', { class: 'tree-row' });
  li.append(row);
  const label = h('span', { class: 'label' }, item.label);
  let el;
  if (item.type === 'outside') {
    el = h('a', {
      role: 'treeitem', href: noticeRoute('outside', item.url, item.label), class: 'outside', 'data-outside': 'true',
      'data-url': item.url, 'data-kind': 'outside', 'data-label': item.label,
      'aria-level': level, tabindex: '-1', title: `Not in this snapshot — online at ${item.url}`,
    }, level === 1 ? icon(ICONS.outside, 16, {}) : null, label,
    h('span', { class: 'outside-mark', 'aria-hidden': 'true' }, 'online'),
    h('span', { class: 'visually-hidden' }, ' (not in this snapshot)'));
    el.querySelector('svg')?.classList.add('item-icon');
    row.append(el);
    return li;
  }
  const attrs = { role: 'treeitem', 'aria-level': level, tabindex: '-1' };
  if (item.route) {
    attrs.href = item.route;
    attrs['data-route'] = item.route;
  }
  el = h(item.route ? 'a' : 'span', attrs);
  if (level === 1) {
    const ic = icon(item.type === 'category' ? ICONS.folder : ICONS.doc, 16);
    ic.classList.add('item-icon');
    el.append(ic);
  }
  el.append(label);
  row.append(el);
  // A category without children (an index page only) reads as a plain page: no caret that opens nothing.
  if (item.type === 'category' && (item.items || []).length > 0) {
    const id = `tree-group-${++counter}`;
    const t = [...trail, item.label];
    const k = keyOf(t);
    const expanded = k in expandedState ? expandedState[k] : containsRoute(item, activeRoute);
    el.setAttribute('aria-expanded', String(expanded));
    // Not aria-owns: an owned group would be read as part of the item's name ("Security Security").
    el.dataset.group = id;
    el.dataset.key = k;
    // The caret is for the mouse only: the tree item itself expands (arrow keys, Enter, Space) and says so
    // with aria-expanded, and a tree may hold nothing but items and groups.
    const caret = h('span', { class: 'tree-caret', 'aria-hidden': 'true' }, icon(ICONS.caret, 16));
    row.append(caret);
    const group = h('ul', { role: 'group', id });
    group.hidden = !expanded;
    unbuilt.set(id, { items: item.items, level: level + 1, trail: t, activeRoute });
    if (expanded) buildGroup(group);
    li.append(group);
  }
  return li;
}

/** Draws the entries of a group not drawn yet (see `unbuilt`). */
function buildGroup(group) {
  const spec = group && unbuilt.get(group.id);
  if (!spec) return;
  unbuilt.delete(group.id);
  group.append(...spec.items.map((c) => buildItem(c, spec.level, spec.trail, spec.activeRoute)));
  for (const el of $$('[data-route]', group)) if (changed.has(el.dataset.route)) addChangeMark(el);
}

/** The entry of `route`, drawing the collapsed groups on the way to it. */
function entryOf(route) {
  const find = () => tree.querySelector(`[data-route="${CSS.escape(route)}"]`);
  let el = find();
  while (!el) {
    const id = [...unbuilt.keys()].find((k) => unbuilt.get(k).items.some((i) => containsRoute(i, route)));
    if (!id) return null;
    buildGroup(document.getElementById(id));
    el = find();
  }
  return el;
}

export function renderSidebar(nav, activeRoute) {
  tree = $('#sidebar-tree');
  unbuilt.clear();
  tree.replaceChildren(...nav.items.map((i) => buildItem(i, 1, [], activeRoute)));
  const first = tree.querySelector('[role="treeitem"]');
  if (first) first.tabIndex = 0;
}

function setExpanded(item, expanded, remember = true) {
  if (!item || !item.hasAttribute('aria-expanded')) return;
  item.setAttribute('aria-expanded', String(expanded));
  const group = document.getElementById(item.dataset.group);
  if (group && expanded) buildGroup(group);
  if (group) group.hidden = !expanded;
  if (remember && item.dataset.key) {
    expandedState[item.dataset.key] = expanded;
    save('sidebar.expanded', expandedState);
  }
}

function visibleItems() {
  return $$('[role="treeitem"]', tree).filter((el) => !el.closest('[role="group"][hidden]'));
}

function focusItem(el) {
  if (!el) return;
  for (const t of $$('[role="treeitem"][tabindex="0"]', tree)) t.tabIndex = -1;
  el.tabIndex = 0;
  el.focus();
}

function parentItem(el) {
  const group = el.closest('li[role="none"]')?.parentElement;
  if (!group || group.getAttribute('role') !== 'group') return null;
  return tree.querySelector(`[data-group="${group.id}"]`);
}

function labelOf(item) {
  return (item.querySelector('.label')?.textContent || item.textContent).trim().toLowerCase();
}

/**
 * Focus the next visible item whose label starts with what was typed: a new letter starts after the current
 * item, a longer prefix may stay on it; repeating one letter steps through the items starting with it.
 */
function typeAhead(key, items, i, now) {
  typed = now - typedAt < TYPE_AHEAD_MS ? typed + key.toLowerCase() : key.toLowerCase();
  typedAt = now;
  const repeated = typed.length > 1 && [...typed].every((c) => c === typed[0]);
  const prefix = repeated ? typed[0] : typed;
  const from = prefix.length > 1 ? i : i + 1;
  const order = [...items.slice(from), ...items.slice(0, from)];
  focusItem(order.find((t) => labelOf(t).startsWith(prefix)));
}

function onKeydown(e) {
  const el = e.target.closest('[role="treeitem"]');
  if (!el || e.altKey || e.ctrlKey || e.metaKey) return;
  const items = visibleItems();
  const i = items.indexOf(el);
  const expandable = el.hasAttribute('aria-expanded');
  const expanded = el.getAttribute('aria-expanded') === 'true';
  let handled = true;
  switch (e.key) {
    case 'ArrowDown': focusItem(items[i + 1]); break;
    case 'ArrowUp': focusItem(items[i - 1]); break;
    case 'Home': focusItem(items[0]); break;
    case 'End': focusItem(items[items.length - 1]); break;
    case 'ArrowRight':
      if (expandable && !expanded) setExpanded(el, true);
      else if (expandable) focusItem(visibleItems()[i + 1]);
      break;
    case 'ArrowLeft':
      if (expandable && expanded) setExpanded(el, false);
      else focusItem(parentItem(el));
      break;
    case 'Enter':
      if (el.tagName !== 'A') setExpanded(el, !expanded);
      else handled = false; // native link activation → router
      break;
    case ' ':
      if (expandable) setExpanded(el, !expanded);
      else el.click();
      break;
    default: {
      if (e.key.length === 1 && /[a-z0-9]/i.test(e.key)) typeAhead(e.key, items, i, e.timeStamp);
      else handled = false;
    }
  }
  if (handled) {
    e.preventDefault();
    e.stopPropagation();
  }
}

function onClick(e) {
  const caret = e.target.closest('.tree-caret');
  if (caret) {
    const item = caret.previousElementSibling;
    setExpanded(item, item.getAttribute('aria-expanded') !== 'true');
    return;
  }
  const item = e.target.closest('[role="treeitem"]');
  if (!item) return;
  if (item.tagName !== 'A') setExpanded(item, item.getAttribute('aria-expanded') !== 'true');
  else if (item.hasAttribute('aria-expanded') && item.getAttribute('aria-expanded') !== 'true') setExpanded(item, true);
  for (const t of $$('[role="treeitem"][tabindex="0"]', tree)) t.tabIndex = -1;
  item.tabIndex = 0;
}

/** Highlight the page being read, open its ancestors and scroll it into the sidebar's view. */
export function setActive(route) {
  if (!tree) return;
  for (const el of $$('[aria-current="page"]', tree)) el.removeAttribute('aria-current');
  for (const el of $$('.tree-row.has-active', tree)) el.classList.remove('has-active');
  const el = route ? entryOf(route) : null;
  if (!el) return;
  el.setAttribute('aria-current', 'page');
  let p = parentItem(el);
  while (p) {
    setExpanded(p, true, false);
    p.parentElement.classList.add('has-active');
    p = parentItem(p);
  }
  for (const t of $$('[role="treeitem"][tabindex="0"]', tree)) t.tabIndex = -1;
  el.tabIndex = 0;
  const box = $('#sidebar');
  const r = el.getBoundingClientRect();
  const b = box.getBoundingClientRect();
  if (r.top < b.top || r.bottom > b.bottom) el.scrollIntoView({ block: 'center' });
}

/**
 * Marks the sidebar entries of `routes` (pages changed since the snapshot read before, not opened yet):
 * a dot for the eye and "(changed)" for screen readers, until `unmarkChanged` is called for the page.
 */
export function markChanged(routes) {
  if (!tree) return;
  for (const route of routes) {
    changed.add(route);
    const el = tree.querySelector(`[data-route="${CSS.escape(route)}"]`);
    if (el) addChangeMark(el);
  }
}

function addChangeMark(el) {
  if (el.querySelector('.change-dot')) return;
  el.classList.add('changed-page');
  el.append(h('span', { class: 'change-dot', 'aria-hidden': 'true', title: 'Changed since the snapshot you read before' }),
    h('span', { class: 'visually-hidden change-said' }, ' (changed)'));
}

export function unmarkChanged(route) {
  changed.delete(route);
  const el = tree && tree.querySelector(`[data-route="${CSS.escape(route)}"]`);
  if (!el) return;
  el.classList.remove('changed-page');
  for (const m of el.querySelectorAll('.change-dot, .change-said')) m.remove();
}

/** The parts of the screen behind the drawer: inert while it is open, so focus and clicks stay in it. */
const BEHIND = ['.skip-region', '.navbar', '#main-content'];

/** Opens or closes the drawer of narrow windows; opening moves focus into it (as a modal dialog would). */
export function openSidebar(open) {
  document.body.classList.toggle('sidebar-open', open);
  $('#menu-button').setAttribute('aria-expanded', String(open));
  $('#sidebar-backdrop').hidden = !open;
  for (const sel of BEHIND) $(sel).inert = open;
  if (open) ($('[role="treeitem"][tabindex="0"]', tree) || $('[role="treeitem"]', tree))?.focus();
}

export function initSidebar() {
  tree = $('#sidebar-tree');
  tree.addEventListener('keydown', onKeydown);
  tree.addEventListener('click', onClick);
  $('#menu-button').addEventListener('click', () => openSidebar(!document.body.classList.contains('sidebar-open')));
  $('#sidebar-backdrop').addEventListener('click', () => openSidebar(false));
  $('#sidebar').addEventListener('keydown', (e) => {
    if (!document.body.classList.contains('sidebar-open')) return;
    if (e.key === 'Escape') {
      openSidebar(false);
      $('#menu-button').focus();
    } else if (e.key === 'Tab') {
      // The drawer holds one tab stop (the tree, with its own arrow keys): Tab stays on it.
      e.preventDefault();
    }
  });
  // Widening the window past the drawer's breakpoint leaves no drawer to be in.
  window.matchMedia('(max-width: 996px)').addEventListener('change', (e) => {
    if (!e.matches && document.body.classList.contains('sidebar-open')) openSidebar(false);
  });
}
