//! The in-app notice for links that leave the snapshot: shows the address and a copy button, never navigates.

import { $, copyText, toast } from './dom.js';

const TEXT = {
  outside: (label) => `“${label || 'This page'}” is part of the online Palette documentation, not of this offline snapshot.`,
  external: (label) => `“${label || 'This link'}” points to a website outside the documentation.`,
  mail: () => 'This is an email address.',
};
const TITLE = { outside: 'Not in this snapshot', external: 'External link', mail: 'Email address' };

let opener = null;

export function showNotice(kind, url, label) {
  const dlg = $('#notice-dialog');
  opener = document.activeElement;
  $('#notice-title').textContent = TITLE[kind] || TITLE.external;
  $('#notice-text').textContent = (TEXT[kind] || TEXT.external)(label);
  const input = $('#notice-url');
  input.value = kind === 'mail' ? url.replace(/^mailto:/i, '') : url;
  if (!dlg.open) dlg.showModal();
  $('#notice-copy').focus();
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
