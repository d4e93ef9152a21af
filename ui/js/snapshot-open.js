// "Open snapshot…": a file made with `palette-docs bundle pack` (carried in on a USB stick, say) is sent to
// the app, which verifies and installs it exactly like `bundle install`; the result is shown with an offer to
// switch to it.

import { api } from './api.js';
import { $ } from './dom.js';
import { switchTo, snapshotLabel } from './snapshot-switch.js';

/** The largest file the app accepts (from GET /api/snapshots); 0 until known, the app checks anyway. */
let maxBytes = 0;
/** The snapshot the dialog's "Switch to it" button opens. */
let offered = null;

export function setMaxInstallBytes(n) {
  if (typeof n === 'number' && n > 0) maxBytes = n;
}

export function chooseSnapshotFile() {
  $('#snapshot-file').click();
}

/** The snapshot dialog: a title, one sentence (an error is styled as one) and, optionally, "Switch to it". */
export function showSnapshotMessage(title, text, { error = false, switchId = null } = {}) {
  const dlg = $('#snapshot-dialog');
  $('#snapshot-dialog-title').textContent = title;
  const p = $('#snapshot-dialog-text');
  p.textContent = text;
  p.classList.toggle('is-error', error);
  offered = switchId;
  const switchButton = $('#snapshot-dialog-switch');
  switchButton.hidden = !switchId;
  if (!dlg.open) dlg.showModal();
  (switchId ? switchButton : $('#snapshot-dialog-close')).focus();
}

const mib = (n) => `${(n / 1048576).toFixed(1)} MiB`;

async function install(file) {
  const failed = (text) => showSnapshotMessage('Snapshot not installed', text, { error: true });
  if (maxBytes && file.size > maxBytes) {
    failed(`${file.name} is ${mib(file.size)}, more than the ${mib(maxBytes)} the app installs at once. Install it from a terminal with: palette-docs bundle install FILE`);
    return;
  }
  showSnapshotMessage('Opening snapshot', `Checking ${file.name}: its signature and every file's hash…`);
  let bytes;
  try {
    // The bytes themselves, not the File: the desktop webview passes only in-memory request bodies to the app.
    bytes = await file.arrayBuffer();
  } catch (e) {
    failed(`${file.name} could not be read: ${e.message}`);
    return;
  }
  let installed;
  try {
    installed = await api.installSnapshot(file.name, bytes);
  } catch (e) {
    failed(e.message);
    return;
  }
  const reading = (await api.snapshots().catch(() => null))?.active === installed.id;
  const what = `${snapshotLabel(installed)}${installed.date ? ` (${installed.date})` : ''}`;
  showSnapshotMessage('Snapshot installed',
    `${what} is installed: its signature and every file's hash were verified. ${reading
      ? 'It is the snapshot you are reading.'
      : 'Switch to it now, or later from the snapshot menu.'}`,
    { switchId: reading ? null : installed.id });
}

export function initSnapshotOpen() {
  const input = $('#snapshot-file');
  input.addEventListener('change', () => {
    const file = input.files && input.files[0];
    // Cleared, so choosing the same file again (e.g. after fixing it) is a new choice.
    input.value = '';
    if (file) install(file);
  });
  const dlg = $('#snapshot-dialog');
  $('#snapshot-dialog-close').addEventListener('click', () => dlg.close());
  $('#snapshot-dialog-switch').addEventListener('click', async () => {
    const id = offered;
    showSnapshotMessage('Opening snapshot', 'Verifying and opening the snapshot…');
    try {
      await switchTo(id);
    } catch (e) {
      showSnapshotMessage('Snapshot not opened', e.message, { error: true });
    }
  });
}
