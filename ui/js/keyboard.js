//! The one keydown dispatcher: every global shortcut lives in SHORTCUTS (which also feeds the `?` sheet).

import { $, h } from './dom.js';

const isMac = /Mac|iPhone|iPad/.test(navigator.platform || '');
const mod = (e) => (isMac ? e.metaKey : e.ctrlKey);

let actions = {};

/** keys: what the sheet shows; match: the test on the event; run: the action name in `actions`. */
export const SHORTCUTS = [
  { keys: ['Ctrl K', '/'], label: 'Search', run: 'search', match: (e) => (mod(e) && !e.altKey && e.key.toLowerCase() === 'k') || (e.key === '/' && !mod(e) && !e.altKey) },
  { keys: ['?'], label: 'Show this list of shortcuts', run: 'help', match: (e) => e.key === '?' && !mod(e) },
  { keys: ['Alt ←'], label: 'Back', run: 'back', match: (e) => e.altKey && !mod(e) && e.key === 'ArrowLeft' },
  { keys: ['Alt →'], label: 'Forward', run: 'forward', match: (e) => e.altKey && !mod(e) && e.key === 'ArrowRight' },
  { keys: ['['], label: 'Previous page', run: 'prev', match: (e) => e.key === '[' && !mod(e) && !e.altKey },
  { keys: [']'], label: 'Next page', run: 'next', match: (e) => e.key === ']' && !mod(e) && !e.altKey },
  { keys: ['Ctrl F'], label: 'Find in page', run: 'find', match: (e) => mod(e) && !e.altKey && e.key.toLowerCase() === 'f' },
  { keys: ['Ctrl D'], label: 'Bookmark this page or the section being read', run: 'bookmark', match: (e) => mod(e) && !e.altKey && e.key.toLowerCase() === 'd' },
  { keys: ['Ctrl B'], label: 'Bookmarks panel', run: 'bookmarks', match: (e) => mod(e) && !e.altKey && e.key.toLowerCase() === 'b' },
  { keys: ['H'], label: 'Recently viewed pages', run: 'history', match: (e) => !mod(e) && !e.altKey && e.key.toLowerCase() === 'h' },
  { keys: ['T'], label: 'Switch theme (light, dark, system)', run: 'theme', match: (e) => !mod(e) && !e.altKey && e.key.toLowerCase() === 't' },
  { keys: ['Ctrl +'], label: 'Zoom in', run: 'zoomIn', match: (e) => mod(e) && (e.key === '+' || e.key === '=') },
  { keys: ['Ctrl -'], label: 'Zoom out', run: 'zoomOut', match: (e) => mod(e) && (e.key === '-' || e.key === '_') },
  { keys: ['Ctrl 0'], label: 'Reset zoom', run: 'zoomReset', match: (e) => mod(e) && e.key === '0' },
  { keys: ['M'], label: 'Focus the docs sidebar', run: 'sidebar', match: (e) => !mod(e) && !e.altKey && e.key.toLowerCase() === 'm' },
  { keys: ['Esc'], label: 'Clear search highlights, close the find bar or the sidebar', run: 'escape', match: (e) => e.key === 'Escape' },
];

// Shown in the sheet but handled elsewhere (dialogs, lists, the tree).
const CONTEXTUAL = [
  { keys: ['↑', '↓', 'Enter'], label: 'Move and open in search results and the bookmarks panel' },
  { keys: ['E', 'Delete', 'Alt ↑/↓'], label: 'Bookmarks panel: edit note, delete (Ctrl Z undoes), reorder' },
  { keys: ['←', '→', '↑', '↓'], label: 'Sidebar tree: collapse, expand, move' },
  { keys: ['Enter', '↓', 'Esc'], label: 'Snapshot menu (the version badge): open, move, close' },
  { keys: ['Enter', 'Shift Enter'], label: 'Find bar: next and previous match' },
  { keys: ['/', '↑', '↓', 'Enter'], label: 'Advisory explorer: filter, move between advisories, open one' },
];

function isTyping(t) {
  if (!t || !(t instanceof Element)) return false;
  if (t.isContentEditable) return true;
  const tag = t.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(t.type);
  return false;
}

function onKeydown(e) {
  if (e.defaultPrevented || e.isComposing) return;
  if (isTyping(e.target)) return;
  if (document.querySelector('dialog[open]')) return; // modal dialogs own the keyboard while open
  const sc = SHORTCUTS.find((s) => s.match(e));
  if (!sc) return;
  const fn = actions[sc.run];
  if (!fn) return;
  if (fn(e) === false) return; // the action declined (e.g. Esc with nothing to clear)
  e.preventDefault();
}

function renderSheet() {
  const tbody = $('#shortcut-table tbody');
  tbody.replaceChildren();
  const keyCell = (keys) => h('td', {}, keys.flatMap((k, i) => [
    i ? ' or ' : null,
    ...k.split(' ').map((part) => h('kbd', {}, isMac && part === 'Ctrl' ? '⌘' : part)),
  ]).filter(Boolean));
  for (const s of [...SHORTCUTS, ...CONTEXTUAL]) tbody.append(h('tr', {}, keyCell(s.keys), h('td', {}, s.label)));
}

export function openShortcuts() {
  renderSheet();
  const dlg = $('#shortcuts-dialog');
  if (!dlg.open) dlg.showModal();
  $('#shortcuts-close').focus({ preventScroll: true });
  dlg.scrollTop = 0; // start reading at the top, with Close still one Enter away
}

export function initKeyboard(handlers) {
  actions = { ...handlers, help: openShortcuts };
  document.addEventListener('keydown', onKeydown);
  $('#shortcuts-close').addEventListener('click', () => $('#shortcuts-dialog').close());
}
