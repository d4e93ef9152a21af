// The snapshot switcher in the navbar (the original site's version menu), an ARIA menu button: the installed
// snapshots (the one being read checked, the packaged one marked), "Open snapshot…", "What’s new" and "About this
// snapshot".

import { api } from './api.js';
import { navigate } from './router.js';
import { $, $$, h, toast } from './dom.js';
import { openAbout, badgeText } from './about.js';
import { switchTo, snapshotLabel } from './snapshot-switch.js';
import { chooseSnapshotFile, setMaxInstallBytes, showSnapshotMessage } from './snapshot-open.js';

let button;
let menu;

const items = () => $$('[role^="menuitem"]', menu);
const isOpen = () => !menu.hidden;

/** The badge shows the version being read, where the original site shows its version button. */
export function showSnapshotBadge(snapshot) {
  $('#snapshot-badge-text').textContent = badgeText(snapshot);
  // The spoken name starts with the words on the badge, so speech control ("click 4.7 dev") finds it.
  button.setAttribute('aria-label', `${badgeText(snapshot)}: snapshot ${snapshotLabel(snapshot)}; switch, open a snapshot file, or about`);
}

function item(role, text, detail, attrs, onChoose) {
  const el = h('div', { role, tabindex: '-1', class: 'snapshot-menu-item', ...attrs },
    role === 'menuitemradio' ? h('span', { class: 'snapshot-menu-check', 'aria-hidden': 'true' }) : null,
    h('span', { class: 'snapshot-menu-text' },
      h('span', { class: 'snapshot-menu-label' }, ...[].concat(text)),
      detail ? h('span', { class: 'snapshot-menu-detail' }, detail) : null));
  el.addEventListener('click', () => onChoose());
  return el;
}

async function choose(s, active) {
  close(true);
  if (s.id === active) return;
  toast(`Verifying and opening ${snapshotLabel(s)}…`);
  try {
    await switchTo(s.id);
  } catch (e) {
    showSnapshotMessage('Snapshot not opened', e.message, { error: true });
  }
}

/** The menu's entries from the library; a reader pinned with --bundle lists only the snapshot it reads. */
async function fill() {
  let data = { active: null, snapshots: [] };
  try {
    data = await api.snapshots();
  } catch (e) {
    toast(`The snapshot list could not be loaded: ${e.message}`);
  }
  setMaxInstallBytes(data.max_install_bytes);
  const entries = [];
  const pinned = !data.snapshots || !data.snapshots.length;
  if (pinned) {
    const current = await api.snapshot().catch(() => null);
    if (current) {
      entries.push(item('menuitemradio', current.version || current.name || 'This snapshot',
        `${current.name || ''} · the only snapshot of this window (opened with --bundle)`,
        { 'aria-checked': 'true' }, () => close(true)));
    }
  }
  for (const s of data.snapshots || []) {
    const checked = s.id === data.active;
    const label = [s.version || s.id, s.default ? h('span', { class: 'snapshot-menu-tag' }, 'packaged') : null];
    const detail = [s.name, s.date].filter(Boolean).join(' · ');
    entries.push(item('menuitemradio', label, detail,
      { 'aria-checked': String(checked), 'data-snapshot-id': s.id }, () => choose(s, data.active)));
  }
  entries.push(h('div', { role: 'separator', class: 'snapshot-menu-separator' }));
  if (!pinned) {
    entries.push(item('menuitem', 'Open snapshot…', 'Install a file made with bundle pack (.pdsnap)',
      { id: 'snapshot-menu-open' }, () => {
        close(true);
        chooseSnapshotFile();
      }));
  }
  if (!pinned) {
    entries.push(item('menuitem', 'What’s new', 'Changes since the snapshot you read before; compare any two',
      { id: 'snapshot-menu-whats-new' }, () => {
        close(true);
        navigate('/whats-new/');
      }));
  }
  entries.push(item('menuitem', 'About this snapshot', null, { id: 'snapshot-menu-about' }, () => {
    close(true);
    openAbout();
  }));
  menu.replaceChildren(...entries);
}

let opening = null;

/** Lists the snapshots afresh (one may have been installed from a terminal), then shows the menu. */
function open(focus = 'first') {
  opening ||= fill().then(() => {
    opening = null;
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    const list = items();
    (focus === 'last' ? list[list.length - 1] : list[0])?.focus();
  });
  return opening;
}

function close(returnFocus) {
  if (!isOpen()) return;
  menu.hidden = true;
  button.setAttribute('aria-expanded', 'false');
  if (returnFocus) button.focus();
}

function move(delta) {
  const list = items();
  const i = list.indexOf(document.activeElement);
  list[(i + delta + list.length) % list.length]?.focus();
}

/** Type-ahead: the next item whose text starts with the typed character. */
function jumpTo(char) {
  const list = items();
  const start = list.indexOf(document.activeElement);
  for (let n = 1; n <= list.length; n += 1) {
    const el = list[(start + n) % list.length];
    if (el.textContent.trim().toLowerCase().startsWith(char)) {
      el.focus();
      return;
    }
  }
}

function onMenuKeydown(e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const list = items();
  const keys = {
    ArrowDown: () => move(1),
    ArrowUp: () => move(-1),
    Home: () => list[0]?.focus(),
    End: () => list[list.length - 1]?.focus(),
    Escape: () => close(true),
    Enter: () => document.activeElement?.click(),
    ' ': () => document.activeElement?.click(),
  };
  if (e.key === 'Tab') {
    // Leave the menu; the browser then moves on from the button, as if the menu had not been opened.
    close(true);
    return;
  }
  const run = keys[e.key] || (e.key.length === 1 ? () => jumpTo(e.key.toLowerCase()) : null);
  if (!run) return;
  // Handled here: no page scroll, no global shortcut, no click on the button focus may return to.
  e.preventDefault();
  run();
}

export function initSnapshotMenu() {
  button = $('#snapshot-badge');
  menu = $('#snapshot-menu');
  button.addEventListener('click', () => (isOpen() ? close(true) : open('first')));
  button.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    open(e.key === 'ArrowUp' ? 'last' : 'first');
  });
  menu.addEventListener('keydown', onMenuKeydown);
  // Focus or a click anywhere else closes the menu (a dialog opening, Ctrl+K, the page).
  $('#snapshot-switcher').addEventListener('focusout', (e) => {
    if (isOpen() && !$('#snapshot-switcher').contains(e.relatedTarget)) close(false);
  });
  document.addEventListener('pointerdown', (e) => {
    if (isOpen() && !$('#snapshot-switcher').contains(e.target)) close(false);
  });
}
