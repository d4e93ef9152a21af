//! Bookmarks to and from a file, from the bookmarks panel: "Export…" saves the export JSON as a download,
//! "Import…" merges a chosen export file (duplicates skipped) and says what happened.

import { api } from './api.js';
import { $, h, toast } from './dom.js';

/** Largest file the app imports (server::api::MAX_IMPORT_BODY); checked here so a huge file is never read. */
const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

let pendingExport = null; // { count, name, url } until the desktop app says where the file went
let onImported = async () => {};

const bookmarksWord = (n) => `${n} bookmark${n === 1 ? '' : 's'}`;

/** The result line in the panel (a live region, so screen readers hear it too). */
function say(text, isError = false) {
  const el = $('#bookmarks-file-status');
  el.textContent = text;
  el.classList.toggle('is-error', isError);
  if (!$('#bookmarks-dialog').open) toast(text);
}

function localDate() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function importSummary({ added, skipped }) {
  if (!added && !skipped) return 'The file holds no bookmarks; nothing was imported.';
  if (!added) return `Nothing new: ${skipped === 1 ? 'its bookmark was' : `all ${skipped} were`} already here.`;
  const already = skipped ? `, ${skipped} ${skipped === 1 ? 'was' : 'were'} already here` : '';
  return `Imported ${bookmarksWord(added)}${already}.`;
}

async function exportBookmarks() {
  let file;
  let count;
  try {
    file = await api.exportBookmarks();
    count = JSON.parse(file.text).bookmarks.length;
  } catch (e) {
    say(`Could not export the bookmarks: ${e.message}`, true);
    return;
  }
  const name = file.name || `palette-docs-bookmarks-${localDate()}.json`;
  const url = URL.createObjectURL(new Blob([file.text], { type: 'application/json' }));
  // Inside the dialog: a modal dialog makes everything outside it inert.
  const a = h('a', { href: url, download: name, hidden: true });
  $('#bookmarks-dialog').append(a);
  a.click();
  a.remove();
  if (pendingExport) URL.revokeObjectURL(pendingExport.url);
  pendingExport = { count, name, url };
  // The browser (serve) keeps the download; the desktop app reports the folder with a `palette:download` event.
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  say(`Exported ${bookmarksWord(count)} as ${name}.`);
}

function onDownloadFinished(e) {
  const { path, ok } = e.detail || {};
  const exported = pendingExport;
  if (!exported) return; // another feature's download (the advisory explorer's CSV)
  pendingExport = null;
  URL.revokeObjectURL(exported.url);
  if (ok && path) say(`Saved ${bookmarksWord(exported.count)} to ${path}`);
  else say(`The file could not be saved${path ? ` to ${path}` : ''}. Check that your Downloads folder exists and is writable.`, true);
}

async function importFile(f) {
  if (f.size > MAX_IMPORT_BYTES) {
    say(`${f.name} is larger than ${MAX_IMPORT_BYTES >> 20} MiB, the most the app imports at once. Import it from a terminal with \`palette-docs bookmarks import FILE\`, which has no size limit.`, true);
    return;
  }
  say(`Importing ${f.name}…`);
  try {
    const bytes = await f.arrayBuffer();
    say(importSummary(await api.importBookmarks(f.name, bytes)));
  } catch (e) {
    say(e.message, true);
  }
  await onImported();
}

/** `imported`: refreshes the panel after an import (whatever its outcome: another window may have changed things). */
export function initBookmarksFile({ imported }) {
  onImported = imported;
  const input = $('#bookmarks-import-file');
  $('#bookmarks-export').addEventListener('click', exportBookmarks);
  $('#bookmarks-import').addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const f = input.files && input.files[0];
    input.value = ''; // choosing the same file again must fire `change` again
    if (f) importFile(f);
  });
  window.addEventListener('palette:download', onDownloadFinished);
}

/** Forget the last result when the panel opens again. */
export function clearFileStatus() {
  const el = $('#bookmarks-file-status');
  el.textContent = '';
  el.classList.remove('is-error');
}
