// Bookmarks export and import from the bookmarks panel, in Chromium against the real `palette-docs serve`:
// the export is a download of the export JSON; importing it into a fresh data folder restores the bookmarks,
// importing it again adds none, and newer-format, damaged or oversized files are refused with a clear message
// and lose nothing. Every action is taken with the keyboard.

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  missingPrerequisite, buildBundle, startServer, guardedPages, open, tempDir, removeDir,
} from './harness.js';

const why = missingPrerequisite();
if (why && process.env.CI === 'true') throw new Error(`browser tests cannot run: ${why}`);
if (why) console.log(`# SKIPPED bookmarks file browser tests: ${why}`);

const EXPORT_NAME = /^palette-docs-bookmarks-\d{4}-\d{2}-\d{2}\.json$/;

describe('bookmarks export and import in Chromium', { skip: why || false }, () => {
  let bundle;
  let dataA;
  let dataB;
  let serverA;
  let serverB;
  let files;
  // Refused imports answer 400 on purpose; any other failed request or page error fails the test.
  const pages = guardedPages({ allowedErrors: [/^HTTP 400 for .*\/api\/bookmarks\/import\?/] });

  before(async () => {
    dataA = tempDir('palette-e2e-data-a-');
    dataB = tempDir('palette-e2e-data-b-');
    files = tempDir('palette-e2e-files-');
    bundle = buildBundle(dataA);
    // The second reader is a fresh user who trusts the same development-signed snapshot.
    copyFileSync(path.join(dataA, 'dev-signing-key'), path.join(dataB, 'dev-signing-key'));
    serverA = await startServer({ bundle, dataDir: dataA });
    serverB = await startServer({ bundle, dataDir: dataB });
    await pages.launch();
  });

  after(async () => {
    await pages.close();
    await serverA?.stop();
    await serverB?.stop();
    for (const d of [dataA, dataB, files]) removeDir(d);
    removeDir(path.dirname(bundle));
  });

  afterEach(() => pages.check());

  async function panelOn(server) {
    const { page } = await pages.newPage(server.origin);
    await open(page, new URL('/security/', server.url).href);
    await page.keyboard.press('Control+B');
    await page.waitForSelector('#bookmarks-dialog[open]');
    return page;
  }

  /** Move focus with Tab (only) until it reaches `selector`, then press Enter. */
  async function tabTo(page, selector) {
    for (let i = 0; i < 30; i += 1) {
      if (await page.evaluate((s) => document.activeElement === document.querySelector(s), selector)) {
        await page.keyboard.press('Enter');
        return;
      }
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  async function importByKeyboard(page, file) {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), tabTo(page, '#bookmarks-import')]);
    assert.equal(await chooser.element().getAttribute('accept'), 'application/json,.json');
    await chooser.setFiles(file);
  }

  /** The status line once it says `pattern`: its text and whether it is an error. */
  async function status(page, pattern) {
    await page.waitForFunction((src) => new RegExp(src).test(document.querySelector('#bookmarks-file-status').textContent), pattern.source);
    return page.$eval('#bookmarks-file-status', (el) => ({ text: el.textContent, error: el.classList.contains('is-error') }));
  }

  const notes = async (server) => (await server.api('/api/bookmarks')).bookmarks.map((b) => [b.route, b.anchor, b.note]);

  // One scenario, not two tests: the import half needs the file the export half downloads, and a fresh
  // reader (serverB) with no bookmarks yet.
  it('export downloads a dated JSON file; importing it into a fresh data folder restores the bookmarks, again adds none', async () => {
    const landing = await serverA.api('/api/page/security');
    const section = landing.toc[0];
    const post = (b) => serverA.write('POST', '/api/bookmarks', { anchor: null, section: null, note: '', ...b });
    await post({ route: '/security/', title: landing.title, note: 'start here' });
    await post({ route: '/security/', anchor: section.id, title: landing.title, section: section.text, note: 'the section' });
    await post({ route: landing.next.route, title: landing.next.label });

    const pageA = await panelOn(serverA);
    await pageA.waitForSelector('#bookmarks-list [role="option"]');
    assert.equal(await pageA.getAttribute('#bookmarks-export', 'aria-label'), 'Export bookmarks to a file…');
    const [download] = await Promise.all([pageA.waitForEvent('download'), tabTo(pageA, '#bookmarks-export')]);
    assert.match(download.suggestedFilename(), EXPORT_NAME);
    const exported = path.join(files, download.suggestedFilename());
    await download.saveAs(exported);
    const file = JSON.parse(readFileSync(exported, 'utf8'));
    assert.equal(file.version, 2);
    assert.deepEqual(file.bookmarks.map((b) => [b.route, b.anchor, b.note]), await notes(serverA));
    assert.equal(file.bookmarks.length, 3);
    const s = await status(pageA, /Exported/);
    assert.equal(s.text, `Exported 3 bookmarks as ${download.suggestedFilename()}.`);
    assert.equal(s.error, false);

    assert.deepEqual(await notes(serverB), []);
    const page = await panelOn(serverB);
    await importByKeyboard(page, exported);
    assert.deepEqual(await status(page, /^Imported/), { text: 'Imported 3 bookmarks.', error: false });
    assert.deepEqual(await notes(serverB), await notes(serverA));
    // The panel lists them without a reload, notes included.
    await page.waitForFunction(() => document.querySelectorAll('#bookmarks-list [role="option"]').length === 3);
    assert.match(await page.textContent('#bookmarks-list'), /start here[\s\S]*the section/);

    await importByKeyboard(page, exported);
    assert.deepEqual(await status(page, /^Nothing new/), { text: 'Nothing new: all 3 were already here.', error: false });
    assert.equal((await notes(serverB)).length, 3);

    // A file with one new bookmark among known ones merges just that one.
    const withOneMore = JSON.parse(readFileSync(exported, 'utf8'));
    withOneMore.bookmarks.push({ ...withOneMore.bookmarks[0], id: 'one-more', route: '/tags/', note: 'new one', position: 3 });
    const mixed = path.join(files, 'mixed.json');
    writeFileSync(mixed, JSON.stringify(withOneMore));
    await importByKeyboard(page, mixed);
    assert.deepEqual(await status(page, /^Imported 1/), { text: 'Imported 1 bookmark, 3 were already here.', error: false });
    assert.deepEqual((await notes(serverB)).at(-1), ['/tags/', null, 'new one']);
    await page.waitForFunction(() => document.querySelectorAll('#bookmarks-list [role="option"]').length === 4);
  });

  it('a file from a newer format version is refused with the CLI sentence; nothing changes', async () => {
    const before = await notes(serverB);
    const newer = path.join(files, 'from-a-newer-app.json');
    writeFileSync(newer, JSON.stringify({ version: 99, bookmarks: [{ id: 'x', route: '/security/', title: 'X' }] }));
    const page = await panelOn(serverB);
    await importByKeyboard(page, newer);
    // Not just /newer/: the "Importing from-a-newer-app.json…" line that comes first matches that too.
    const s = await status(page, /written by a newer/);
    assert.equal(s.error, true);
    assert.match(s.text, /^this bookmarks file \(from-a-newer-app\.json\) was written by a newer Palette Docs \(format 99\); update the app to use it\./);
    assert.deepEqual(await notes(serverB), before);
  });

  it('invalid JSON is refused with a clear error and loses nothing', async () => {
    // Something to lose, whether or not the scenario above ran first.
    if (!(await notes(serverB)).length) {
      await serverB.write('POST', '/api/bookmarks', { route: '/security/', anchor: null, section: null, title: 'Kept', note: 'keep me' });
    }
    const before = await notes(serverB);
    const broken = path.join(files, 'notes.json');
    writeFileSync(broken, '{"version": 2, "bookmarks": [{"id": "a", "rou');
    const page = await panelOn(serverB);
    await page.waitForSelector('#bookmarks-list [role="option"]');
    await importByKeyboard(page, broken);
    const s = await status(page, /not a Palette Docs bookmarks file/);
    assert.equal(s.error, true);
    assert.match(s.text, /^notes\.json is not a Palette Docs bookmarks file \(.+\)\. Choose a file made with "Export bookmarks"\.$/);
    assert.deepEqual(await notes(serverB), before);
    assert.equal(await page.locator('#bookmarks-list [role="option"]').count(), before.length);
    // Reopening the panel clears the old message.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+B');
    await page.waitForSelector('#bookmarks-dialog[open]');
    assert.equal(await page.textContent('#bookmarks-file-status'), '');
  });

  it('a file over the import limit is refused before it is read or sent', async () => {
    const huge = path.join(files, 'huge.json');
    writeFileSync(huge, Buffer.alloc(9 * 1024 * 1024, 0x20));
    const page = await panelOn(serverB);
    const sent = [];
    page.on('request', (r) => { if (r.url().includes('/api/bookmarks/import')) sent.push(r.url()); });
    await importByKeyboard(page, huge);
    const s = await status(page, /larger than/);
    assert.equal(s.error, true);
    assert.equal(s.text, 'huge.json is larger than 8 MiB, the most the app imports at once. Import it from a terminal with `palette-docs bookmarks import FILE`, which has no size limit.');
    assert.deepEqual(sent, []);
  });
});
