//! The in-app notice for links that leave the snapshot: shows the address and a copy button, never navigates.
//! Such links point at the app's own `/outside/` route, so a middle-click, a modified click or "open in new
//! tab" lands on the same notice instead of the network.

import { $, h, copyText, toast } from './dom.js';

const TEXT = {
  outside: (label) => `“${label || 'This page'}” is part of the online Palette documentation, not of this offline snapshot.`,
  external: (label) => `“${label || 'This link'}” points to a website outside the documentation.`,
  mail: () => 'This is an email address.',
};
const TITLE = { outside: 'Not in this snapshot', external: 'External link', mail: 'Email address' };
const NEVER = 'This app never opens network connections. Open the address on a connected machine.';

/** The app's route showing the notice for `url`. */
export const NOTICE_ROUTE = '/outside/';

export function noticeRoute(kind, url, label) {
  const q = new URLSearchParams({ kind, url });
  if (label) q.set('label', label);
  return `${NOTICE_ROUTE}?${q}`;
}

/** Links that leave the snapshot: { kind, url, label } with the real address, or null for in-app links. */
export function outsideTarget(a) {
  const label = a.dataset.label || a.textContent.trim();
  if (a.dataset.url) return { kind: a.dataset.kind || 'external', url: a.dataset.url, label };
  const href = a.getAttribute('href') || '';
  const kindOf = (url) => (/^mailto:/i.test(url) ? 'mail' : 'external');
  if (a.classList.contains('link-outside') || a.dataset.outside) return { kind: 'outside', url: href, label };
  if (a.classList.contains('link-external') || a.dataset.external) return { kind: kindOf(href), url: href, label };
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) {
    const u = new URL(href, location.href);
    if (u.origin !== location.origin) return { kind: kindOf(href), url: href, label };
  }
  return null;
}

/** Points every link under `root` that leaves the snapshot at the notice route; the address stays in data-url. */
export function routeOutsideLinks(root) {
  for (const a of root.querySelectorAll('a[href]:not([data-url])')) {
    const out = outsideTarget(a);
    if (!out) continue;
    a.dataset.url = out.url;
    a.dataset.kind = out.kind;
    a.setAttribute('href', noticeRoute(out.kind, out.url, out.label));
  }
}

function shownAddress(kind, url) {
  return kind === 'mail' ? url.replace(/^mailto:/i, '') : url;
}

let opener = null;

export function showNotice(kind, url, label) {
  const dlg = $('#notice-dialog');
  opener = document.activeElement;
  $('#notice-title').textContent = TITLE[kind] || TITLE.external;
  $('#notice-text').textContent = (TEXT[kind] || TEXT.external)(label);
  $('#notice-url').value = shownAddress(kind, url);
  if (!dlg.open) dlg.showModal();
  $('#notice-copy').focus();
}

/** The notice as a page of its own, for `/outside/?kind=…&url=…` opened in a new tab or window; answers its title. */
export function renderNoticePage(search) {
  const q = new URLSearchParams(search || '');
  const kind = TITLE[q.get('kind')] ? q.get('kind') : 'external';
  const address = shownAddress(kind, q.get('url') || '');
  const input = h('input', { type: 'text', id: 'notice-page-url', readonly: true, value: address });
  input.addEventListener('focus', () => input.select());
  const copy = h('button', { type: 'button', class: 'button' }, 'Copy address');
  copy.addEventListener('click', async () => {
    const ok = await copyText(address);
    toast(ok ? 'Address copied' : 'Select the address and copy it with Ctrl+C');
  });
  $('#doc-body').replaceChildren(
    h('p', {}, (TEXT[kind] || TEXT.external)(q.get('label'))),
    h('div', { class: 'copy-row' }, h('label', { class: 'visually-hidden', for: 'notice-page-url' }, 'Address'), input, copy),
    h('p', { class: 'muted' }, NEVER),
    h('p', {}, h('a', { href: '/security/' }, 'Go to the Security overview')),
  );
  return TITLE[kind];
}

export function initNotice() {
  const dlg = $('#notice-dialog');
  $('#notice-close').addEventListener('click', () => dlg.close());
  $('#notice-copy').addEventListener('click', async () => {
    const ok = await copyText($('#notice-url').value);
    toast(ok ? 'Address copied' : 'Select the address and copy it with Ctrl+C');
  });
  $('#notice-url').addEventListener('focus', (e) => e.target.select());
  dlg.addEventListener('close', () => {
    if (opener && opener.isConnected) opener.focus();
  });
}
