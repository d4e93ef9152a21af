//! "About this snapshot": what the app is showing, who signed it and whether it verified.

import { api } from './api.js';
import { $, h } from './dom.js';

function describeSigner(s) {
  if (s.signer === 'development') return 'signed with a development key';
  if (s.signer === 'release') return 'release key';
  return s.signer || 'unknown';
}

export function fillAbout(s) {
  const list = $('#about-list');
  list.replaceChildren();
  const rows = [
    ['Name', s.name],
    ['Version', s.version],
    ['Date', s.date],
    ['Edition', s.edition],
    ['Online site', s.site_url],
    ['Upstream source', s.upstream_repo],
    ['Upstream commit', s.upstream_commit],
    ['Signer', `${describeSigner(s)}${s.signer_key_id ? ` (key ${s.signer_key_id})` : ''}`],
    ['Verification', null],
    ['Files', s.files],
  ];
  for (const [k, v] of rows) {
    let dd;
    if (k === 'Verification') {
      dd = h('dd', {}, h('span', { class: s.verified ? 'status-ok' : 'status-bad', 'data-testid': 'about-verified' },
        s.verified
          ? `verified${typeof s.verify_ms === 'number' ? ` in ${s.verify_ms.toFixed(1)} ms` : ''}: signature and every file hash match`
          : 'NOT verified'));
    } else {
      if (v === null || v === undefined || v === '') continue;
      dd = h('dd', {}, String(v));
    }
    list.append(h('dt', {}, k), dd);
  }
  const notice = $('#about-notice');
  notice.hidden = !s.notice;
  notice.textContent = s.notice || '';
}

export async function openAbout() {
  const dlg = $('#about-dialog');
  try {
    fillAbout(await api.snapshot());
  } catch (e) {
    $('#about-list').replaceChildren(h('dt', {}, 'Error'), h('dd', {}, e.message));
  }
  if (!dlg.open) dlg.showModal();
  $('#about-close').focus();
}

export function initAbout() {
  const dlg = $('#about-dialog');
  $('#about-button').addEventListener('click', openAbout);
  $('#snapshot-badge').addEventListener('click', openAbout);
  $('#about-close').addEventListener('click', () => dlg.close());
}

/** Badge text where the original site shows its version button. */
export function badgeText(s) {
  const v = s.version ? String(s.version) : 'snapshot';
  return s.signer === 'development' ? `${v} · dev` : v;
}
