// The library of snapshots in Chromium, against `serve` started like the installed app (a packaged snapshot
// plus the library in the data dir, no --bundle): the navbar badge as an ARIA menu button, "Open snapshot…"
// installing a packed file bigger than other requests may be, switching on the same route, refusals that
// leave the library as it was, bookmarks following their route across a switch, and the choice surviving
// a restart. Each test sets up the library it needs (installedNewer / removeNewer): none relies on an earlier
// test having installed or chosen a snapshot.

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync, rmSync, readdirSync, statSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  missingPrerequisite, buildBundle, startServer, guardedPages, assertServesCurrentUi, open, waitReady, tempDir,
  removeDir, repoRoot, cli,
} from './harness.js';

const why = missingPrerequisite();
if (why && process.env.CI === 'true') throw new Error(`browser tests cannot run: ${why}`);
if (why) console.log(`# SKIPPED browser tests: ${why}`);

const NEWER_VERSION = '2026.12.0-e2e';
const KEPT = '/security/core-principles/';
const DROPPED = '/security/lifecycle/release-process/';
const TAMPERED_FILE = 'pages/security/core-principles.json';

/** Every file of a folder, relative path → bytes. */
function readTree(dir, base = dir, out = new Map()) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) readTree(p, base, out);
    else out.set(path.relative(base, p).split(path.sep).join('/'), readFileSync(p));
  }
  return out;
}

/** A ustar archive of `files` (relative path → bytes). */
function tar(files) {
  const parts = [];
  for (const [name, data] of files) {
    const header = Buffer.alloc(512);
    header.write(name, 0, 100, 'utf8');
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write('00000000000\0', 136);
    header.fill(' ', 148, 156);
    header.write('0', 156);
    header.write('ustar\0' + '00', 257, 'latin1');
    const sum = header.reduce((a, b) => a + b, 0);
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    parts.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** One zstd frame of raw (stored) blocks: a valid archive for the app's decoder without a zstd library here. */
function zstdStored(data) {
  const BLOCK = 128 * 1024;
  const parts = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3])]; // magic; no flags; 128 KiB window
  for (let at = 0; at === 0 || at < data.length; at += BLOCK) {
    const chunk = data.subarray(at, at + BLOCK);
    const last = at + BLOCK >= data.length ? 1 : 0;
    const head = (chunk.length << 3) | last; // block type 0: raw
    parts.push(Buffer.from([head & 0xff, (head >> 8) & 0xff, (head >> 16) & 0xff]), chunk);
  }
  return Buffer.concat(parts);
}

describe('library of snapshots in Chromium', { skip: why || false }, () => {
  let server;
  let bundle;
  let dataDir;
  let work;
  let newerPack;
  let tamperedPack;
  let notAPack;
  const pages = guardedPages();

  const start = () => startServer({ dataDir, defaultBundle: bundle });
  const url = (p) => new URL(p, server.url).href;
  const libraryDir = () => path.join(dataDir, 'snapshots');
  const libraryListing = () => (existsSync(libraryDir()) ? readdirSync(libraryDir()).sort() : []);

  before(async () => {
    dataDir = tempDir('palette-e2e-snapshots-data-');
    work = tempDir('palette-e2e-snapshots-work-');
    bundle = buildBundle(dataDir);
    // A newer snapshot: another version, one page fewer, and an incompressible image so the packed file is
    // bigger than the 1 MiB other requests may carry.
    const src = path.join(work, 'newer-source');
    cpSync(path.join(repoRoot, 'docs-bundle'), src, { recursive: true });
    const toml = path.join(src, 'snapshot.toml');
    writeFileSync(toml, readFileSync(toml, 'utf8')
      .replace(/^version = ".*"$/m, `version = "${NEWER_VERSION}"`)
      .replace(/^date = ".*"$/m, 'date = "2026-12-10"'));
    rmSync(path.join(src, 'docs', 'security', 'lifecycle', 'release-process.md'));
    writeFileSync(path.join(src, 'static', 'e2e-noise.png'), randomBytes(1536 * 1024));
    const page = path.join(src, 'docs', 'security', 'lifecycle', 'secure-development.md');
    writeFileSync(page, `${readFileSync(page, 'utf8')}\n![Noise that does not compress](/e2e-noise.png)\n`);
    const newer = path.join(work, 'newer-bundle');
    cli(['bundle', 'build', '--source', src, '--out', newer], dataDir);
    newerPack = path.join(work, 'palette-security-newer.pdsnap');
    cli(['bundle', 'pack', newer, '-o', newerPack], dataDir);
    assert.ok(statSync(newerPack).size > 1024 * 1024, 'the packed snapshot is bigger than 1 MiB');
    // The same snapshot with one page changed after signing.
    const files = readTree(newer);
    files.set(TAMPERED_FILE, Buffer.from(files.get(TAMPERED_FILE).toString('utf8').replace(/Principles/, 'Principals')));
    tamperedPack = path.join(work, 'tampered.pdsnap');
    writeFileSync(tamperedPack, zstdStored(tar(files)));
    notAPack = path.join(work, 'notes.pdsnap');
    writeFileSync(notAPack, 'Meeting notes, not a snapshot.\n');

    server = await start();
    await assertServesCurrentUi(server.origin);
    await pages.launch();
  });

  after(async () => {
    await pages.close();
    await server?.stop();
    removeDir(dataDir);
    removeDir(work);
    if (bundle) removeDir(path.dirname(bundle));
  });

  afterEach(() => pages.check());

  const newPage = () => pages.newPage(server.origin);

  /** Drops the error entries a test expects (a refusal is a 4xx answer), failing if one is missing. */
  function expectErrors(errors, ...patterns) {
    for (const re of patterns) {
      const i = errors.findIndex((e) => re.test(e));
      assert.ok(i >= 0, `expected an error matching ${re} in: ${errors.join('\n')}`);
      errors.splice(i, 1);
    }
  }

  const focused = (page) => page.evaluate(() => {
    const el = document.activeElement;
    return { id: el.id, role: el.getAttribute('role'), text: el.textContent.trim(), checked: el.getAttribute('aria-checked') };
  });
  const menuItems = (page) => page.$$eval('#snapshot-menu [role^="menuitem"]', (els) => els.map((e) => ({
    role: e.getAttribute('role'), text: e.textContent.trim(), checked: e.getAttribute('aria-checked'), id: e.dataset.snapshotId || e.id,
  })));
  const menuOpen = async (page) => !(await page.locator('#snapshot-menu').isHidden());
  /** Press `key` (or click) on the badge and wait until the menu is shown with an item focused. */
  async function openMenu(page, key) {
    if (key) {
      await page.focus('#snapshot-badge');
      await page.keyboard.press(key);
    } else {
      await page.click('#snapshot-badge');
    }
    await page.waitForFunction(() => !document.querySelector('#snapshot-menu').hidden
      && document.activeElement?.closest('#snapshot-menu'));
  }

  async function choose(id) {
    await server.write('POST', '/api/snapshots/active', { id });
  }

  const newerListed = async () => (await server.api('/api/snapshots')).snapshots.find((s) => s.version === NEWER_VERSION)?.id;

  /** The id of the newer snapshot, installed from its pack with the CLI if it is not in the library yet. */
  async function installedNewer() {
    if (!(await newerListed())) cli(['bundle', 'install', newerPack], dataDir);
    const id = await newerListed();
    assert.ok(id, 'the newer snapshot is installed');
    return id;
  }

  /** Reads the packaged snapshot and removes the newer one from the library if it is there. */
  async function removeNewer() {
    await choose('default');
    const id = await newerListed();
    if (id) cli(['bundle', 'remove', id], dataDir);
    assert.equal(await newerListed(), undefined, 'the newer snapshot is gone');
  }

  async function openSnapshotFile(page, file) {
    await openMenu(page);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#snapshot-menu-open')]);
    await chooser.setFiles(file);
    await page.waitForFunction(() => document.querySelector('#snapshot-dialog[open]')
      && /installed/i.test(document.querySelector('#snapshot-dialog-title').textContent));
  }

  it('the badge is a menu button: keyboard opens it, moves through it and Esc returns to the badge', async () => {
    const { page } = await newPage();
    await open(page, url(KEPT));
    const badge = page.locator('#snapshot-badge');
    assert.equal(await badge.getAttribute('aria-haspopup'), 'menu');
    assert.equal(await badge.getAttribute('aria-expanded'), 'false');
    assert.equal(await badge.getAttribute('aria-controls'), 'snapshot-menu');
    assert.equal(await page.getAttribute('#snapshot-menu', 'role'), 'menu');

    await openMenu(page, 'Enter');
    assert.equal(await badge.getAttribute('aria-expanded'), 'true');
    const items = await menuItems(page);
    assert.deepEqual(items.map((i) => i.role), ['menuitemradio', 'menuitem', 'menuitem', 'menuitem']);
    assert.equal(items[0].id, 'default');
    assert.equal(items[0].checked, 'true');
    assert.match(items[0].text, /2026\.11\.1.*packaged/);
    assert.equal(items[1].text.split('Install')[0], 'Open snapshot…');
    assert.equal(items[2].text.split('Changes')[0], 'What’s new');
    assert.equal(items[3].text, 'About this snapshot');
    assert.equal((await focused(page)).role, 'menuitemradio', 'Enter focuses the first item');

    await page.keyboard.press('ArrowDown');
    assert.equal((await focused(page)).id, 'snapshot-menu-open');
    await page.keyboard.press('ArrowDown');
    assert.equal((await focused(page)).id, 'snapshot-menu-whats-new');
    await page.keyboard.press('ArrowDown');
    assert.equal((await focused(page)).id, 'snapshot-menu-about');
    await page.keyboard.press('ArrowDown');
    assert.equal((await focused(page)).role, 'menuitemradio', 'ArrowDown wraps to the first item');
    await page.keyboard.press('ArrowUp');
    assert.equal((await focused(page)).id, 'snapshot-menu-about', 'ArrowUp wraps to the last item');
    await page.keyboard.press('Home');
    assert.equal((await focused(page)).role, 'menuitemradio');
    await page.keyboard.press('End');
    assert.equal((await focused(page)).id, 'snapshot-menu-about');
    await page.keyboard.press('o');
    assert.equal((await focused(page)).id, 'snapshot-menu-open', 'typing a letter moves to the item starting with it');
    const theme = await page.getAttribute('html', 'data-theme-pref');
    await page.keyboard.press('t');
    assert.equal(await page.getAttribute('html', 'data-theme-pref'), theme, 'global shortcuts wait while the menu is open');

    await page.keyboard.press('Escape');
    assert.equal(await menuOpen(page), false);
    assert.equal(await badge.getAttribute('aria-expanded'), 'false');
    assert.equal((await focused(page)).id, 'snapshot-badge', 'Esc returns focus to the badge');

    for (const key of ['Space', 'ArrowDown']) {
      await openMenu(page, key);
      assert.equal((await focused(page)).role, 'menuitemradio', `${key} opens on the first item`);
      await page.keyboard.press('Escape');
      assert.equal(await menuOpen(page), false);
    }
    await openMenu(page, 'ArrowUp');
    assert.equal((await focused(page)).id, 'snapshot-menu-about', 'ArrowUp opens on the last item');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#about-dialog[open]');
    assert.equal(await menuOpen(page), false);
    await page.click('#about-close');

    // Choosing the snapshot being read only closes the menu; a click elsewhere closes it too.
    await openMenu(page);
    await page.keyboard.press('Enter');
    assert.equal(await menuOpen(page), false);
    assert.equal(new URL(page.url()).pathname, KEPT);
    await openMenu(page);
    await page.click('#doc-title');
    assert.equal(await menuOpen(page), false);
  });

  it('Open snapshot… installs a packed file over 1 MiB and switches to it on the same page', async () => {
    await removeNewer();
    const { page } = await newPage();
    await open(page, url(KEPT));
    assert.equal(await page.getAttribute('#snapshot-file', 'accept'), '.pdsnap');
    await openSnapshotFile(page, newerPack);
    assert.equal(await page.textContent('#snapshot-dialog-title'), 'Snapshot installed');
    assert.match(await page.textContent('#snapshot-dialog-text'), new RegExp(`${NEWER_VERSION.replace(/\./g, '\\.')} \\(2026-12-10\\) is installed: its signature and every file's hash were verified`));
    assert.equal((await focused(page)).id, 'snapshot-dialog-switch', 'the offer to switch has focus');
    const list = await server.api('/api/snapshots');
    assert.equal(list.active, 'default');
    const newerId = list.snapshots.find((s) => s.version === NEWER_VERSION)?.id;
    assert.ok(newerId, `the new snapshot is listed: ${JSON.stringify(list)}`);

    await Promise.all([page.waitForEvent('load'), page.click('#snapshot-dialog-switch')]);
    await waitReady(page);
    assert.equal(new URL(page.url()).pathname, KEPT, 'the page stays on the same route');
    assert.match(await page.textContent('#snapshot-badge-text'), new RegExp(NEWER_VERSION.replace(/\./g, '\\.')));
    assert.equal(await page.isHidden('#snapshot-notice'), true, 'nothing to explain');
    assert.equal((await server.api('/api/snapshots')).active, newerId);
    // The menu lists both, the new one checked.
    await openMenu(page);
    const items = await menuItems(page);
    assert.deepEqual(items.filter((i) => i.role === 'menuitemradio').map((i) => [i.id, i.checked]), [['default', 'false'], [newerId, 'true']]);
  });

  it('switching from a page the other snapshot lacks opens its first page with a notice', async () => {
    const newerId = await installedNewer();
    await choose('default');
    const { page, errors } = await newPage();
    await open(page, url(DROPPED));
    const title = await page.textContent('#doc-title');
    await openMenu(page, 'ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal((await focused(page)).text.startsWith(NEWER_VERSION), true);
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await waitReady(page);
    assert.equal(new URL(page.url()).pathname, '/security/');
    const notice = await page.textContent('#snapshot-notice-text');
    assert.ok(!(await page.isHidden('#snapshot-notice')), 'the notice is shown');
    assert.ok(notice.includes(`“${title}” (${DROPPED}) is not in`) && notice.includes(NEWER_VERSION), notice);
    await page.click('#snapshot-notice-close');
    assert.equal(await page.isHidden('#snapshot-notice'), true);
    assert.equal((await server.api('/api/snapshots')).active, newerId);
    // The check that the page is missing in the new snapshot is an expected 404.
    expectErrors(errors, /HTTP 404 for .*\/api\/page\/security\/lifecycle\/release-process/);
  });

  it('a tampered pack and a file that is not a pack are refused, naming what failed, and nothing is installed', async () => {
    const { page, errors } = await newPage();
    await open(page, url(KEPT));
    const before = await server.api('/api/snapshots');
    const files = libraryListing();

    await openSnapshotFile(page, tamperedPack);
    assert.equal(await page.textContent('#snapshot-dialog-title'), 'Snapshot not installed');
    const tampered = await page.textContent('#snapshot-dialog-text');
    assert.match(tampered, /tampered\.pdsnap was not installed/);
    assert.ok(tampered.includes(`${TAMPERED_FILE}: content does not match the manifest (changed after signing)`), tampered);
    assert.equal(await page.isHidden('#snapshot-dialog-switch'), true, 'nothing to switch to');
    assert.equal((await focused(page)).id, 'snapshot-dialog-close');
    await page.keyboard.press('Enter');
    assert.equal(await page.isHidden('#snapshot-dialog'), true);

    await openSnapshotFile(page, notAPack);
    assert.match(await page.textContent('#snapshot-dialog-text'), /notes\.pdsnap was refused: it is not a snapshot archive/);
    await page.click('#snapshot-dialog-close');

    assert.deepEqual(await server.api('/api/snapshots'), before, 'the library did not change');
    assert.deepEqual(libraryListing(), files, 'nothing was written to the library folder');
    expectErrors(errors, /HTTP 422 for .*\/api\/snapshots\/install/, /HTTP 422 for .*\/api\/snapshots\/install/);
  });

  it('the chosen snapshot is still read after a restart; a tampered one falls back to the packaged one and says so', async () => {
    // A fresh install: this test damages it on disk, and removes it when done.
    await removeNewer();
    const newerId = await installedNewer();
    try {
      await choose(newerId);
      await server.stop();
      server = await start();
      assert.equal((await server.api('/api/snapshots')).active, newerId);
      {
        const { page } = await newPage();
        await open(page, url(KEPT));
        assert.match(await page.textContent('#snapshot-badge-text'), new RegExp(NEWER_VERSION.replace(/\./g, '\\.')));
        assert.equal(await page.isHidden('#snapshot-notice'), true);
      }

      // Changed on disk while the app was closed: refused at start, the packaged one is read, the reader is told.
      const nav = path.join(libraryDir(), newerId, 'nav.json');
      writeFileSync(nav, readFileSync(nav, 'utf8').replace('Security', 'Insecurity'));
      await server.stop();
      server = await start();
      assert.equal((await server.api('/api/snapshots')).active, 'default');
      const { page } = await newPage();
      await open(page, url(KEPT));
      assert.match(await page.textContent('#snapshot-badge-text'), /2026\.11\.1/);
      assert.ok(!(await page.isHidden('#snapshot-notice')), 'the fallback is explained');
      const notice = await page.textContent('#snapshot-notice-text');
      assert.ok(notice.includes('was refused') && notice.includes('nav.json') && notice.includes('packaged snapshot'), notice);
    } finally {
      await removeNewer();
    }
  });

  it('bookmarks follow their route across a switch: kept pages open in the new snapshot, dropped ones are marked', async () => {
    const newerId = await installedNewer();
    await choose('default');
    const clear = async () => {
      for (const b of (await server.api('/api/bookmarks')).bookmarks) await server.write('DELETE', `/api/bookmarks/${b.id}`);
    };
    const post = (route, title) => server.write('POST', '/api/bookmarks', { route, anchor: null, title, section: null, note: '' });
    await clear();
    try {
      await post(KEPT, 'Kept page');
      await post(DROPPED, 'Dropped page');
      const missing = async () => Object.fromEntries((await server.api('/api/bookmarks')).bookmarks.map((b) => [b.title, b.missing === true]));
      assert.deepEqual(await missing(), { 'Kept page': false, 'Dropped page': false }, 'both pages are in the packaged snapshot');

      const { page } = await newPage();
      await open(page, url(KEPT));
      await openMenu(page, 'ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal((await focused(page)).text.startsWith(NEWER_VERSION), true);
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
      await waitReady(page);
      assert.equal((await server.api('/api/snapshots')).active, newerId);
      assert.deepEqual(await missing(), { 'Kept page': false, 'Dropped page': true });

      // The panel says which one is not in this snapshot; that one stays put, the other opens its page.
      await page.goto(url('/security/'));
      await waitReady(page);
      await page.keyboard.press('Control+B');
      await page.waitForSelector('#bookmarks-list [role="option"]');
      const item = (title) => page.locator('#bookmarks-list [role="option"]', { hasText: title });
      assert.equal(await item('Dropped page').locator('.missing-badge').count(), 1);
      assert.equal(await item('Kept page').locator('.missing-badge').count(), 0);
      await item('Dropped page').press('Enter');
      await page.waitForFunction(() => /not in this snapshot/.test(document.querySelector('#toast-text').textContent));
      assert.equal(new URL(page.url()).pathname, '/security/');
      await item('Kept page').press('Enter');
      await page.waitForFunction((r) => location.pathname === r, KEPT);
      await waitReady(page);
      const kept = await server.api(`/api/page${KEPT.replace(/\/$/, '')}`);
      assert.equal(await page.textContent('#doc-title'), kept.title);
      assert.match(await page.textContent('#snapshot-badge-text'), new RegExp(NEWER_VERSION.replace(/\./g, '\\.')));

      // Back on the packaged snapshot, the dropped page is there again and its bookmark is no longer marked.
      await choose('default');
      assert.deepEqual(await missing(), { 'Kept page': false, 'Dropped page': false });
    } finally {
      await clear();
      await choose('default');
    }
  });

  it('a reader pinned with --bundle lists only the snapshot it reads, and About', async () => {
    const pinned = await startServer({ bundle, dataDir });
    try {
      const { page } = await pages.newPage(pinned.origin);
      await open(page, new URL(KEPT, pinned.url).href);
      await openMenu(page, 'Enter');
      const items = await menuItems(page);
      assert.deepEqual(items.map((i) => [i.role, i.checked]), [['menuitemradio', 'true'], ['menuitem', null]]);
      assert.match(items[0].text, /2026\.11\.1.*--bundle/);
      assert.equal(items[1].text, 'About this snapshot');
      assert.equal(await page.locator('#snapshot-menu-open').count(), 0);
    } finally {
      await pinned.stop();
    }
  });
});
