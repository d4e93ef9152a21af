//! My installation: the edition and version the reader runs, kept by the app in its data folder beside the reading
//! state (`/api/state/installation`), so the window and `serve` share it (a reader the app keeps no state for keeps it
//! in this browser); the banner saying how many advisories affect it, and the small form that sets it.

import { api, ApiError } from './api.js';
import { h } from './dom.js';
import { load, save } from './store.js';
import { EDITIONS, cleanVersion, emptyFilter, installationFigures, writeQuery } from './explorer-model.js';

const LOCAL_KEY = 'installation';
export const EXPLORER_ROUTE = '/security-bulletins/';
/** The explorer's installation form, the target of the banner's "set it" link. */
export const FORM_ID = 'my-installation';

function valid(x) {
  if (!x || typeof x !== 'object') return null;
  const edition = EDITIONS.find((e) => e === x.edition);
  const version = cleanVersion(x.version);
  return edition && version ? { edition, version } : null;
}

/** Whether the app answered that it keeps no state for this reader (then this browser keeps it). */
const unkept = (e) => e instanceof ApiError && e.status === 503;

/** The reader's installation `{ edition, version }`, or null when none was set. */
export async function loadInstallation() {
  try {
    return valid((await api.installation()).installation);
  } catch (e) {
    if (unkept(e)) return valid(load(LOCAL_KEY, null));
    return null;
  }
}

/** Keep `inst` (null forgets it); answers what is now kept. Throws the app's sentence when it refused. */
export async function saveInstallation(inst) {
  try {
    const answer = inst ? await api.setInstallation(inst) : await api.clearInstallation();
    return valid(answer.installation);
  } catch (e) {
    if (!unkept(e)) throw e;
    save(LOCAL_KEY, inst);
    return valid(inst);
  }
}

/** The explorer's address filtered to `inst`. */
export function explorerLink(inst) {
  return EXPLORER_ROUTE + writeQuery({ ...emptyFilter(), edition: inst.edition, version: inst.version }, null);
}

/** "N advisories affect <edition> <version> — k ongoing, j with CVSS ≥ 9", linking to the filtered explorer. */
export function installationBanner(rows, inst) {
  if (!inst) {
    return h('p', { class: 'installation-banner is-unset', id: 'installation-banner' },
      'Which advisories affect the Palette you run? ',
      h('a', { href: `${EXPLORER_ROUTE}#${FORM_ID}` }, 'Set your edition and version'),
      ' once, and this page counts them for you.');
  }
  const { count, ongoing, critical } = installationFigures(rows, inst);
  const name = `${inst.edition} ${inst.version}`;
  const text = count
    ? `${count} ${count === 1 ? 'advisory affects' : 'advisories affect'} ${name} — ${ongoing} ongoing, ${critical} with CVSS ≥ 9`
    : `No advisory in this snapshot affects ${name}`;
  return h('p', { class: `installation-banner${critical ? ' has-critical' : ''}`, id: 'installation-banner' },
    h('a', { href: explorerLink(inst) }, text));
}

/**
 * The form on the explorer that sets the installation. `versions`: the versions the advisories name (offered, not
 * imposed: a version no advisory names is a fine answer). `onSaved(inst | null)` runs after a change was kept.
 */
export function installationForm(inst, versions, onSaved) {
  const summaryText = h('span', {});
  const edition = h('select', { id: 'installation-edition', required: true },
    h('option', { value: '' }, 'Choose…'), [...EDITIONS].reverse().map((e) => h('option', { value: e }, e)));
  const version = h('input', {
    type: 'text', id: 'installation-version', list: 'installation-versions', autocomplete: 'off', spellcheck: 'false',
    inputmode: 'decimal', placeholder: 'e.g. 4.5.8', required: true,
  });
  const message = h('p', { class: 'installation-message', role: 'status' });
  const forget = h('button', { type: 'button', class: 'button', id: 'installation-forget' }, 'Forget');
  const form = h('form', { class: 'installation-form' },
    h('div', { class: 'explorer-field' }, h('label', { for: 'installation-edition' }, 'Edition'), edition),
    h('div', { class: 'explorer-field' }, h('label', { for: 'installation-version' }, 'Version'), version,
      h('datalist', { id: 'installation-versions' }, versions.map((v) => h('option', { value: v })))),
    h('div', { class: 'installation-actions' },
      h('button', { type: 'submit', class: 'button button-primary', id: 'installation-save' }, 'Save'), forget),
    message);
  const box = h('details', { class: 'installation', id: FORM_ID },
    h('summary', {}, summaryText), h('p', { class: 'muted' },
      'The app keeps your answer with your reading position, so the desktop window and palette-docs serve both use it. The explorer and the Security pages start from it.'),
    form);

  const show = (x) => {
    summaryText.textContent = x ? `My installation: ${x.edition} ${x.version}` : 'My installation: not set';
    edition.value = x ? x.edition : '';
    version.value = x ? x.version : '';
    forget.hidden = !x;
  };
  show(inst);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = cleanVersion(version.value);
    if (!edition.value || !v) {
      message.textContent = !edition.value ? 'Choose the edition you run.' : 'Write the version as numbers with dots, like 4.5.8.';
      (edition.value ? version : edition).focus();
      return;
    }
    try {
      const kept = await saveInstallation({ edition: edition.value, version: v });
      show(kept);
      message.textContent = `Saved: ${kept.edition} ${kept.version}.`;
      onSaved(kept);
    } catch (err) {
      message.textContent = `Not saved: ${err.message}`;
    }
  });
  forget.addEventListener('click', async () => {
    try {
      await saveInstallation(null);
      show(null);
      message.textContent = 'Forgotten: the explorer now starts with every advisory.';
      edition.focus();
      onSaved(null);
    } catch (err) {
      message.textContent = `Not forgotten: ${err.message}`;
    }
  });
  return box;
}
