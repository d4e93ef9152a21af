//! The "What's new" page (`/whats-new/`): what changed since the snapshot this reader read before,
//! or between any two installed snapshots chosen on the page (`?from=<id>&to=<id>`, kept in the
//! address). Advisories first (new ones affecting the reader's installation on top), then pages grouped by the
//! section of the sidebar they belong to.

import { api } from './api.js';
import { h } from './dom.js';
import { changeCount, unseenRoutes, requestShowChanges } from './changes.js';
import { loadInstallation } from './installation.js';
import { applyFilter, emptyFilter, prepare } from './explorer-model.js';

export const WHATS_NEW_ROUTE = '/whats-new/';

const advisoryRoute = (id) => `/security-bulletins/reports/${id.toLowerCase()}/`;
const label = (s) => [s.name, s.version].filter(Boolean).join(' ') + (s.date ? ` (${s.date})` : '');

/**
 * Route → label of every sidebar entry, and route → the group a change is listed under: the
 * second level of the sidebar (Security › Lifecycle), or the section for pages directly under it.
 */
function navIndex(nav) {
  const labels = new Map();
  const groupOf = new Map();
  const mark = (items, group) => {
    for (const item of items || []) {
      if (item.route) {
        labels.set(item.route, item.label);
        groupOf.set(item.route, group);
      }
      mark(item.items, group);
    }
  };
  for (const top of nav.items || []) {
    if (top.route) {
      labels.set(top.route, top.label);
      groupOf.set(top.route, top.label);
    }
    for (const item of top.items || []) {
      mark([item], item.items && item.items.length ? `${top.label} › ${item.label}` : top.label);
    }
  }
  return { labels, groupOf };
}

function compareForm(list, from, to, onCompare) {
  const options = (chosen) => list.snapshots.map((s) => h('option', { value: s.id, selected: s.id === chosen ? '' : null },
    `${s.version || s.id}${s.default ? ' (packaged)' : ''}${s.date ? ` · ${s.date}` : ''}`));
  const fromSel = h('select', { id: 'whats-new-from' }, options(from));
  const toSel = h('select', { id: 'whats-new-to' }, options(to));
  const form = h('form', { class: 'whats-new-compare', 'aria-label': 'Compare two snapshots' },
    h('label', { for: 'whats-new-from' }, 'From'), fromSel,
    h('label', { for: 'whats-new-to' }, 'to'), toSel,
    h('button', { type: 'submit', class: 'button' }, 'Compare'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    onCompare(fromSel.value, toSel.value);
  });
  return form;
}

/**
 * The ids of the snapshot being read that affect the reader's installation, with its name: `{ ids, name }`, or
 * null without an installation (or when the comparison is not about the snapshot being read).
 */
async function affectingInstallation() {
  const [inst, data] = await Promise.all([loadInstallation(), api.advisories().catch(() => null)]);
  if (!inst || !data) return null;
  const hit = applyFilter(prepare(data.advisories || []), { ...emptyFilter(), edition: inst.edition, version: inst.version });
  return { ids: new Set(hit.map((r) => r.a.id)), name: `${inst.edition} ${inst.version}` };
}

function advisoriesPart(v, mine) {
  if (!v.added.length && !v.removed.length && !v.changed.length) return null;
  const affects = (id) => (mine && mine.ids.has(id) ? [' ', h('span', { class: 'change-badge change-removed' }, `affects ${mine.name}`)] : null);
  const added = mine ? [...v.added].sort((x, y) => Number(mine.ids.has(y)) - Number(mine.ids.has(x))) : v.added;
  const value = (x) => (x === null || x === undefined ? '—' : typeof x === 'object' ? JSON.stringify(x) : String(x));
  return h('section', { 'aria-labelledby': 'whats-new-advisories' },
    h('h2', { id: 'whats-new-advisories' }, 'Advisories'),
    h('ul', { class: 'whats-new-list' },
      added.map((id) => h('li', {}, h('span', { class: 'change-badge change-added' }, 'new'), ' ', h('a', { href: advisoryRoute(id) }, id), affects(id))),
      v.changed.map((c) => h('li', {}, h('span', { class: 'change-badge change-changed' }, 'changed'), ' ',
        h('a', { href: advisoryRoute(c.id) }, c.id), affects(c.id), ': ',
        (c.values || []).map((f, i) => [i ? '; ' : '', h('span', { class: 'change-field' }, f.field), ' ',
          h('del', { class: 'change-del' }, value(f.from)), ' → ', h('ins', { class: 'change-ins' }, value(f.to))]))),
      v.removed.map((id) => h('li', {}, h('span', { class: 'change-badge change-removed' }, 'withdrawn'), ' ', id))));
}

function pagesPart(p, index, unseen) {
  const groups = new Map();
  const add = (route, item) => {
    const g = index.groupOf.get(route) || 'Other pages';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(item);
  };
  const title = (route) => index.labels.get(route) || route;
  const newMark = (route) => (unseen.has(route) ? h('span', { class: 'visually-hidden' }, ' (not opened yet)') : null);
  for (const r of p.added) {
    add(r, h('li', {}, h('span', { class: 'change-badge change-added' }, 'new page'), ' ', h('a', { href: r }, title(r)), newMark(r)));
  }
  for (const c of p.changed) {
    const sections = c.details.filter((d) => d.anchor && d.status !== 'removed');
    add(c.route, h('li', {}, h('span', { class: 'change-badge change-changed' }, 'changed'), ' ',
      h('a', { href: c.route, 'data-show-changes': 'true' }, c.title || title(c.route)), newMark(c.route),
      sections.length ? h('ul', { class: 'whats-new-sections' }, sections.map((d) => h('li', {},
        h('a', { href: `${c.route}#${d.anchor}`, 'data-show-changes': 'true' }, d.heading || d.anchor),
        d.status === 'added' ? ' (new section)' : ''))) : null,
      c.details.some((d) => d.status === 'removed')
        ? h('p', { class: 'whats-new-note' }, `Removed: ${c.details.filter((d) => d.status === 'removed').map((d) => d.heading || d.anchor).join(', ')}`)
        : null));
  }
  for (const m of p.moved) {
    add(m.to, h('li', {}, h('span', { class: 'change-badge change-moved' }, 'moved'), ' ', h('a', { href: m.to }, title(m.to)), ` (was ${m.from})`));
  }
  for (const r of p.removed) {
    add(r, h('li', {}, h('span', { class: 'change-badge change-removed' }, 'removed'), ' ', h('code', {}, r)));
  }
  if (!groups.size) return null;
  return h('section', { 'aria-labelledby': 'whats-new-pages' },
    h('h2', { id: 'whats-new-pages' }, 'Pages'),
    [...groups].map(([g, items], i) => [h('h3', { id: `whats-new-group-${i + 1}` }, g), h('ul', { class: 'whats-new-list' }, items)]));
}

/**
 * Draws the page into `body`; `search` is the address's query (`?from=&to=`). Answers the title.
 * Comparing other snapshots replaces the address and draws again.
 */
export async function renderWhatsNew(body, search) {
  const q = new URLSearchParams(search || '');
  const [list, nav] = await Promise.all([api.snapshots().catch(() => ({ snapshots: [] })), api.nav()]);
  let answer;
  try {
    answer = await api.diff(q.get('from'), q.get('to'));
  } catch (e) {
    answer = { diff: null, from_id: q.get('from'), to_id: q.get('to'), error: e.message };
  }
  const parts = [];
  const d = answer.diff;
  if (answer.error) parts.push(h('div', { class: 'error-box', role: 'alert' }, h('p', {}, answer.error)));
  else if (!d) parts.push(h('p', {}, answer.reason || 'There is nothing to compare.'));
  else if (!changeCount(d)) parts.push(h('p', {}, `Nothing a reader can see changed from ${label(d.from)} to ${label(d.to)}.`));
  else {
    parts.push(h('p', { class: 'whats-new-summary' }, `${changeCount(d)} changed from ${label(d.from)} to ${label(d.to)}.`));
    const mine = answer.to_id === list.active ? await affectingInstallation() : null;
    parts.push(advisoriesPart(d.advisories, mine));
    parts.push(pagesPart(d.pages, navIndex(nav), unseenRoutes(answer)));
  }
  if ((list.snapshots || []).length > 1) {
    const active = list.active;
    const from = answer.from_id || (list.snapshots.find((s) => s.id !== active) || {}).id;
    parts.push(h('h2', { id: 'whats-new-compare' }, 'Compare two snapshots'));
    parts.push(compareForm(list, from, answer.to_id || active, (f, t) => {
      history.replaceState(history.state, '', `${WHATS_NEW_ROUTE}?${new URLSearchParams({ from: f, to: t })}`);
      renderWhatsNew(body, location.search);
    }));
  }
  body.replaceChildren(...parts.filter(Boolean));
  for (const a of body.querySelectorAll('a[data-show-changes]')) {
    a.addEventListener('click', () => requestShowChanges(new URL(a.href).pathname));
  }
  return 'What’s new';
}
