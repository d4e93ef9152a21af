//! Draws the reading column: breadcrumbs, title, page HTML, tags, prev/next cards; also tag pages and errors.

import { $, h, icon, ICONS } from './dom.js';

export function renderBreadcrumbs(crumbs) {
  const nav = $('#breadcrumbs');
  const ol = h('ol', {});
  ol.append(h('li', {}, h('a', { href: '/security/', class: 'home', 'aria-label': 'Home page' }, icon(ICONS.home, 18))));
  (crumbs || []).forEach((c, i) => {
    const last = i === crumbs.length - 1;
    let el;
    if (last) el = h('span', { 'aria-current': 'page' }, c.label);
    else if (c.route) el = h('a', { href: c.route }, c.label);
    else el = h('span', {}, c.label);
    ol.append(h('li', {}, el));
  });
  nav.replaceChildren(ol);
}

export function renderFooter(tags) {
  const footer = $('#doc-footer');
  footer.replaceChildren();
  if (!tags || !tags.length) return;
  footer.append(
    h('span', { class: 'tags-label', id: 'tags-label' }, 'Tags:'),
    h('ul', { class: 'tag-list', 'aria-labelledby': 'tags-label' },
      tags.map((t) => h('li', {}, h('a', { class: 'tag', href: `/tags/${encodeURIComponent(t)}/`, rel: 'tag' }, t)))),
  );
}

export function renderPager(prev, next) {
  const nav = $('#pager');
  nav.replaceChildren();
  if (prev) {
    nav.append(h('a', { class: 'prev', href: prev.route, rel: 'prev' },
      h('span', { class: 'sublabel' }, 'Previous'), h('span', { class: 'label' }, `« ${prev.label}`)));
  }
  if (next) {
    nav.append(h('a', { class: 'next', href: next.route, rel: 'next' },
      h('span', { class: 'sublabel' }, 'Next'), h('span', { class: 'label' }, `${next.label} »`)));
  }
  nav.hidden = !prev && !next;
}

/** Page HTML is sanitized by the renderer at build time and verified by hash at open; parse it off-document. */
export function setBody(html) {
  const body = $('#doc-body');
  const tpl = document.createElement('template');
  tpl.innerHTML = html || '';
  body.replaceChildren(tpl.content);
  return body;
}

export function setTitle(text) {
  $('#doc-title').textContent = text;
  document.title = text ? `${text} | Palette Docs Offline` : 'Palette Docs Offline';
}

export function renderTagPage(data) {
  const n = data.pages.length;
  setTitle(`${n} doc${n === 1 ? '' : 's'} tagged with “${data.tag}”`);
  const body = $('#doc-body');
  body.replaceChildren(
    h('p', {}, h('a', { href: '/tags/' }, 'View all tags')),
    h('ul', { class: 'tag-page-list' }, data.pages.map((p) => h('li', {},
      h('a', { href: p.route }, p.title),
      p.description ? h('p', {}, p.description) : null))),
  );
  renderBreadcrumbs([{ label: 'Tags', route: '/tags/' }, { label: data.tag, route: null }]);
}

export function renderAllTags(list) {
  setTitle('Tags');
  $('#doc-body').replaceChildren(h('ul', { class: 'tag-list' },
    list.map((t) => h('li', {}, h('a', { class: 'tag', href: `/tags/${encodeURIComponent(t.tag)}/` }, `${t.tag} (${t.count})`)))));
  renderBreadcrumbs([{ label: 'Tags', route: null }]);
}

export function renderError(title, message, path) {
  setTitle(title);
  $('#doc-body').replaceChildren(h('div', { class: 'error-box', role: 'alert' },
    h('p', {}, message),
    path ? h('p', {}, 'Address: ', h('code', {}, path)) : null,
    h('p', {}, h('a', { href: '/security/' }, 'Go to the Security overview'), ' or press ', h('kbd', {}, 'Ctrl'), h('kbd', {}, 'K'), ' to search.')));
  renderBreadcrumbs([]);
}
