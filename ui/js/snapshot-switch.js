// Switching snapshots: ask the app to read another one, then reopen the page being read there (or the
// landing page, saying why), and the notice banner that tells the reader what happened.

import { api, pageApiPath } from './api.js';
import { $ } from './dom.js';

const LANDING = '/security/';
/** What to tell the reader after the reload a switch needs (sessionStorage survives it). */
const PENDING_KEY = 'palette.snapshotNotice';
/** The start notice (e.g. "the chosen snapshot was refused") already shown in this session. */
const SHOWN_KEY = 'palette.snapshotNoticeShown';

function session(op, key, value) {
  try {
    if (op === 'get') return sessionStorage.getItem(key);
    if (op === 'set') sessionStorage.setItem(key, value);
    else sessionStorage.removeItem(key);
  } catch {
    /* storage disabled: the notice is only lost */
  }
  return null;
}

/** "Palette Security Documentation 2026.11.1" */
export function snapshotLabel(s) {
  return [s && s.name, s && s.version].filter(Boolean).join(' ') || 'the snapshot';
}

/** Whether `path` can be shown from the snapshot the app reads now. */
async function routeExists(path) {
  if (path === '/' || path === '/tags/' || path === '/whats-new/') return true;
  const target = path.startsWith('/tags/')
    ? `/api/tags/${encodeURIComponent(decodeURIComponent(path.slice(6).replace(/\/$/, '')))}`
    : pageApiPath(path);
  const res = await fetch(target, { headers: { Accept: 'application/json' } }).catch(() => null);
  return !!(res && res.ok);
}

/**
 * After the app switched (`answer` = `{ snapshot, notice }` from the API): reload on the same route when the
 * new snapshot has it, so bookmarks and the reading position follow; otherwise open the landing page and say why.
 * A full reload drops every answer of the previous snapshot the UI cached.
 */
export async function reopenHere(answer) {
  const notices = [];
  if (answer && answer.notice) notices.push(answer.notice);
  const here = window.location.pathname;
  const keep = await routeExists(here);
  if (!keep) {
    const title = $('#doc-title')?.textContent?.trim();
    const what = title ? `“${title}” (${here})` : here;
    notices.push(`${what} is not in ${snapshotLabel(answer && answer.snapshot)}, so its first page is shown instead.`);
  }
  if (notices.length) session('set', PENDING_KEY, notices.join(' '));
  if (keep) window.location.reload();
  else window.location.assign(LANDING);
}

/** Asks the app to read snapshot `id` (verified on the way), then reopens the page. Throws the app's refusal. */
export async function switchTo(id) {
  const answer = await api.switchSnapshot(id);
  await reopenHere(answer);
}

function showNotice(text) {
  $('#snapshot-notice-text').textContent = text;
  $('#snapshot-notice').hidden = false;
}

/**
 * At start: the notice left by a switch, and the app's own notice about the snapshot it opened (e.g. the one
 * chosen last time was refused or removed, so the packaged one is read), the latter once per session.
 */
export function showSnapshotNotices(startNotice) {
  const texts = [];
  const pending = session('get', PENDING_KEY);
  if (pending) {
    texts.push(pending);
    session('remove', PENDING_KEY);
  }
  if (startNotice && session('get', SHOWN_KEY) !== startNotice) {
    texts.push(startNotice);
    session('set', SHOWN_KEY, startNotice);
  }
  if (texts.length) showNotice(texts.join(' '));
}

export function initSnapshotNotice() {
  $('#snapshot-notice-close').addEventListener('click', () => {
    $('#snapshot-notice').hidden = true;
    $('#main-content').focus({ preventScroll: true });
  });
}
