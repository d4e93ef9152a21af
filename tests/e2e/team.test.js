// Team mode in Chromium against the real `palette-docs serve --allow-remote` (on 127.0.0.1): each reader's
// bookmarks and reading history live in their own browser, two browser contexts keep separate bookmarks,
// the export file of one imports into the other, the server refuses writes with a sentence, and the
// server's data folder is not written.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { readerSuite, missingPrerequisite, open, tempDir, removeDir } from './harness.js';

const why = missingPrerequisite();
if (why && process.env.CI === 'true') throw new Error(`browser tests cannot run: ${why}`);
if (why) console.log(`# SKIPPED team mode browser tests: ${why}`);

/** Every file under `dir` with its size, modification time and contents, to compare before and after. */
function snapshotOf(dir) {
  const out = {};
  for (const name of readdirSync(dir, { recursive: true })) {
    const p = path.join(dir, name);
    const st = statSync(p);
    out[name] = st.isDirectory() ? `dir ${st.mtimeMs}` : `${st.size} ${st.mtimeMs} ${readFileSync(p, 'base64')}`;
  }
  return out;
}

describe('team mode (serve --allow-remote) in Chromium', { skip: why || false }, () => {
  let files;
  let dataBefore;
  const suite = readerSuite({
    dataPrefix: 'palette-e2e-team-data-',
    serverArgs: ['--allow-remote'],
    // The writes this test sends itself are refused on purpose.
    allowedErrors: [/^HTTP 403 for .*\/api\//],
    // The data folder as it is before the server starts, for the last test to compare.
    prepare: (dataDir) => {
      dataBefore = snapshotOf(dataDir);
    },
  });
  const { newPage } = suite;

  before(() => {
    files = tempDir('palette-e2e-team-files-');
  });

  after(() => removeDir(files));

  const storedBookmarks = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('palette.team.bookmarks') || '[]'));

  async function bookmarkThisPage(page, note) {
    await page.keyboard.press('Control+D');
    await page.waitForSelector('#bookmark-edit-dialog[open]');
    await page.fill('#bookmark-note', note);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#bookmark-edit-dialog:not([open])', { state: 'attached' });
    await page.waitForFunction(() => document.querySelector('#bookmark-page').getAttribute('aria-pressed') === 'true');
  }

  async function panelCount(page) {
    await page.keyboard.press('Control+B');
    await page.waitForSelector('#bookmarks-dialog[open]');
    const n = await page.locator('#bookmarks-list [role="option"]').count();
    return n;
  }

  it('the server says readers keep their state in the browser and refuses to keep any itself', async () => {
    const snapshot = await suite.server.api('/api/snapshot');
    assert.equal(snapshot.reader_state, 'browser');
    for (const [method, p, body] of [
      ['POST', '/api/bookmarks', { route: '/security/', anchor: null, title: 'S', section: null, note: '' }],
      ['PUT', '/api/state/position', { route: '/security/', anchor: null, scroll: 10 }],
      ['GET', '/api/bookmarks', undefined],
      ['POST', '/api/snapshots/active', { id: 'default' }],
    ]) {
      const res = await fetch(suite.server.origin + p, {
        method,
        headers: { Origin: suite.server.origin, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      assert.equal(res.status, 403, `${method} ${p}`);
      assert.match((await res.json()).error, /shared .* read-only: bookmarks, recently viewed pages and the reading position are kept in your browser/);
    }
  });

  it('two browsers keep separate bookmarks and history; an export of one imports into the other', async () => {
    const landing = await suite.server.api('/api/page/security');
    const next = landing.next.route;
    const a = await newPage();
    const b = await newPage();

    await open(a.page, suite.url('/security/'));
    await bookmarkThisPage(a.page, 'reader A');
    await open(b.page, suite.url(next));
    await bookmarkThisPage(b.page, 'reader B');

    assert.deepEqual((await storedBookmarks(a.page)).map((x) => [x.route, x.note]), [['/security/', 'reader A']]);
    assert.deepEqual((await storedBookmarks(b.page)).map((x) => [x.route, x.note]), [[next, 'reader B']]);

    // Kept across a reload, and each panel lists only its own reader's bookmark.
    await open(a.page, suite.url('/security/'));
    assert.equal(await panelCount(a.page), 1);
    assert.match(await a.page.textContent('#bookmarks-list'), /reader A/);
    await a.page.keyboard.press('Escape');
    assert.equal(await panelCount(b.page), 1);
    assert.doesNotMatch(await b.page.textContent('#bookmarks-list'), /reader A/);

    // Reading history too: reader B never opened the landing page.
    const recent = (page) => page.evaluate(() => (JSON.parse(localStorage.getItem('palette.team.state') || '{}').recent || []).map((p) => p.route));
    assert.ok((await recent(a.page)).includes('/security/'));
    assert.ok(!(await recent(b.page)).includes('/security/'));

    // A's export is the app's bookmarks file; B imports it from its own panel.
    await a.page.keyboard.press('Control+B');
    await a.page.waitForSelector('#bookmarks-dialog[open]');
    const [download] = await Promise.all([a.page.waitForEvent('download'), a.page.click('#bookmarks-export')]);
    const exported = path.join(files, download.suggestedFilename());
    await download.saveAs(exported);
    const file = JSON.parse(readFileSync(exported, 'utf8'));
    assert.equal(file.version, 2);
    assert.deepEqual(file.bookmarks.map((x) => [x.route, x.anchor, x.note]), [['/security/', null, 'reader A']]);

    const [chooser] = await Promise.all([b.page.waitForEvent('filechooser'), b.page.click('#bookmarks-import')]);
    await chooser.setFiles(exported);
    await b.page.waitForFunction(() => /^Imported 1 bookmark/.test(document.querySelector('#bookmarks-file-status').textContent));
    assert.deepEqual((await storedBookmarks(b.page)).map((x) => x.note), ['reader B', 'reader A']);
    assert.deepEqual((await storedBookmarks(a.page)).map((x) => x.note), ['reader A']);
  });

  it('the server\'s data folder is not written', () => {
    assert.deepEqual(snapshotOf(suite.dataDir), dataBefore);
  });
});
