//! "About this snapshot": what the app is showing, who signed it and whether it verified.

import { api } from './api.js';
import { $, h } from './dom.js';
import { switchTo, reopenHere } from './snapshot-switch.js';

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
  await fillSnapshots();
  if (!dlg.open) dlg.showModal();
  $('#about-close').focus();
}

/** The library of snapshots, listed under "About this snapshot" (the version menu of the original site). */
export async function fillSnapshots() {
  let section = $('#about-snapshots');
  if (!section) {
    section = h('section', { id: 'about-snapshots', class: 'about-snapshots', 'aria-label': 'Installed snapshots' });
    $('#about-notice').after(section);
  }
  section.replaceChildren();
  let data;
  try {
    data = await api.snapshots();
  } catch {
    return;
  }
  // A reader pinned to one folder (`--bundle`) has an empty library: nothing to choose from.
  if (!data.snapshots?.length) return;
  const status = h('p', { class: 'about-notice', role: 'status', 'aria-live': 'polite' });
  const list = h('ul', { class: 'snapshot-list', 'data-testid': 'snapshot-list' });
  const switchHere = async (id) => {
    status.textContent = 'Verifying and opening the snapshot…';
    try {
      await switchTo(id);
    } catch (e) {
      status.textContent = e.message;
    }
  };
  const remove = async (id) => {
    try {
      // Removing the snapshot being read switches to the packaged one: reopen the page there.
      const answer = await api.removeSnapshot(id);
      if (answer && answer.active) await reopenHere(answer);
      else await fillSnapshots();
    } catch (e) {
      status.textContent = e.message;
    }
  };
  for (const s of data.snapshots || []) {
    const label = `${s.name || s.id} ${s.version || ''} (${s.date || ''})${s.default ? ' — packaged' : ''}`;
    const active = s.id === data.active;
    list.append(h('li', { 'aria-current': active ? 'true' : null },
      h('span', {}, label),
      ' ',
      active
        ? h('strong', {}, 'reading')
        : h('button', { type: 'button', class: 'button', 'data-snapshot': s.id, onclick: () => switchHere(s.id) }, 'Switch'),
      s.default ? null : h('button', { type: 'button', class: 'button', onclick: () => remove(s.id) }, 'Remove')));
  }
  section.append(
    h('h3', {}, 'Snapshots'),
    list,
    h('p', {}, 'To add a snapshot carried in as one file (for example from a USB stick), choose “Open snapshot…” in the snapshot menu (the version badge in the navbar), or run ',
      h('code', {}, 'palette-docs bundle install FILE'), '.'),
    status,
  );
}

export function initAbout() {
  const dlg = $('#about-dialog');
  $('#about-button').addEventListener('click', openAbout);
  $('#about-close').addEventListener('click', () => dlg.close());
}

/** Badge text where the original site shows its version button. */
export function badgeText(s) {
  const v = s.version ? String(s.version) : 'snapshot';
  return s.signer === 'development' ? `${v} · dev` : v;
}
