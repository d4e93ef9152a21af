// What changed between two snapshots, in Chromium, against `serve` started like the installed app (the
// packaged snapshot plus a library): after switching to a newer snapshot the landing page leads to
// "What's new", which lists the changed advisory first, then the changed, added and removed pages; a
// changed page is marked in the sidebar until opened and shows its inserted and deleted words in place
// with "Show changes"; a bookmark on a changed section is flagged; any two snapshots can be compared.
// Zero requests outside the app (the harness fails the test on any).

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  missingPrerequisite, buildBundle, startServer, guardedPages, assertServesCurrentUi, open, tempDir, removeDir,
  repoRoot, cli,
} from './harness.js';
import { violations } from './axe.js';

const why = missingPrerequisite();
if (why && process.env.CI === 'true') throw new Error(`browser tests cannot run: ${why}`);
if (why) console.log(`# SKIPPED browser tests: ${why}`);

const CHANGED = '/security/core-principles/';
const CHANGED_SECTION = 'defense-in-depth';
const REMOVED = '/security/lifecycle/release-process/';
const ADDED = '/security/e2e-new-page/';
const ADVISORY = 'CVE-2005-2541';

/** docs-bundle with known edits: one section reworded, a page removed, a page added, an advisory's status changed. */
function newerSource(work) {
  const src = path.join(work, 'newer-source');
  cpSync(path.join(repoRoot, 'docs-bundle'), src, { recursive: true });
  const edit = (rel, fn) => writeFileSync(path.join(src, rel), fn(readFileSync(path.join(src, rel), 'utf8')));
  edit('snapshot.toml', (t) => t.replace(/^version = ".*"$/m, 'version = "2026.12.9-e2e"').replace(/^date = ".*"$/m, 'date = "2026-12-20"'));
  edit('docs/security/core-principles.md', (t) => {
    const at = t.indexOf('## Defense in Depth');
    assert.ok(at > 0, 'the page still has its Defense in Depth section');
    const para = t.indexOf('\n\n', at) + 2;
    return `${t.slice(0, para)}Layered controls matter more than any single one. ${t.slice(para)}`;
  });
  rmSync(path.join(src, 'docs', 'security', 'lifecycle', 'release-process.md'));
  writeFileSync(path.join(src, 'docs', 'security', 'e2e-new-page.md'),
    '---\ntitle: "Brand New Page"\nsidebar_position: 99\n---\n\n# Brand New Page\n\nA page that only the newer snapshot has.\n');
  edit('advisories/advisories.json', (t) => {
    const records = JSON.parse(t);
    const record = records.find((r) => r.id === ADVISORY);
    assert.ok(record, `${ADVISORY} is in the default snapshot`);
    record.status = record.status === 'ongoing' ? 'resolved' : 'ongoing';
    return `${JSON.stringify(records, null, 2)}\n`;
  });
  return src;
}

describe('what changed between snapshots, in Chromium', { skip: why || false }, () => {
  let server;
  let bundle;
  let dataDir;
  let work;
  let newerId;
  const pages = guardedPages();

  before(async () => {
    dataDir = tempDir('palette-e2e-whats-new-data-');
    work = tempDir('palette-e2e-whats-new-work-');
    bundle = buildBundle(dataDir);
    const newer = path.join(work, 'newer-bundle');
    cli(['bundle', 'build', '--source', newerSource(work), '--out', newer], dataDir);
    const pack = path.join(work, 'newer.pdsnap');
    cli(['bundle', 'pack', newer, '-o', pack], dataDir);
    cli(['bundle', 'install', pack], dataDir);
    server = await startServer({ dataDir, defaultBundle: bundle });
    await assertServesCurrentUi(server.origin);
    newerId = (await server.api('/api/snapshots')).snapshots.find((s) => !s.default).id;
    // Read the packaged snapshot first, with a bookmark on the section that will change; then the newer one.
    await server.write('POST', '/api/bookmarks', {
      route: CHANGED, anchor: CHANGED_SECTION, title: 'Core Principles', section: 'Defense in Depth', note: '',
    });
    await server.write('POST', '/api/snapshots/active', { id: newerId });
    // The reader's installation, which the changed advisory affects.
    await server.write('PUT', '/api/state/installation', { edition: 'Palette VerteX', version: '4.4.14' });
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

  it('the landing page leads to What\'s new, which lists the advisory first, then the pages by section', async () => {
    const { page } = await pages.newPage(server.origin);
    await open(page, new URL('/security/', server.url).href);
    const note = page.locator('#whats-new-note');
    await note.waitFor();
    const { diff } = await server.api('/api/diff');
    const p = diff.pages;
    assert.deepEqual([p.added, p.removed], [[ADDED], [REMOVED]]);
    assert.ok(p.changed.some((c) => c.route === CHANGED && c.sections.includes(CHANGED_SECTION)), JSON.stringify(p.changed));
    assert.deepEqual(diff.advisories.changed.map((c) => [c.id, c.fields]), [[ADVISORY, ['status']]]);
    const pageCount = p.added.length + p.removed.length + p.moved.length + p.changed.length;
    assert.match(await note.textContent(), new RegExp(`${pageCount} pages and 1 advisory changed`));
    // The changed and added pages are marked in the sidebar (said to screen readers too).
    await page.waitForSelector(`#sidebar-tree [data-route="${CHANGED}"] .change-dot`);
    assert.match(await page.textContent(`#sidebar-tree [data-route="${CHANGED}"]`), /\(changed\)/);
    await note.getByRole('link').click();
    await page.waitForFunction(() => location.pathname === '/whats-new/' && document.documentElement.dataset.ready === 'true');
    assert.equal(await page.textContent('#doc-title'), 'What’s new');
    const headings = await page.$$eval('#doc-body h2', (els) => els.map((e) => e.textContent));
    assert.deepEqual(headings.slice(0, 2), ['Advisories', 'Pages']);
    const advisory = await page.textContent('#doc-body section:first-of-type li');
    assert.match(advisory, new RegExp(`changed ${ADVISORY} affects Palette VerteX 4\\.4\\.14: status`));
    const body = await page.textContent('#doc-body');
    assert.ok(body.includes('Brand New Page') && body.includes(REMOVED) && body.includes('Core Principles'), body);
    assert.ok(await page.$(`#doc-body a[href="${CHANGED}#${CHANGED_SECTION}"]`), 'the changed section is linked');
  });

  it('following a change opens the page with its changes shown in place; the toggle puts the text back', async () => {
    const { page } = await pages.newPage(server.origin);
    await open(page, new URL('/whats-new/', server.url).href);
    const original = await page.evaluate(async (route) => {
      const r = await fetch(`/api/page${route.replace(/\/$/, '')}`);
      return (await r.json()).html.length;
    }, CHANGED);
    assert.ok(original > 0);
    await page.click(`#doc-body a[href="${CHANGED}#${CHANGED_SECTION}"]`);
    await page.waitForSelector('.changes-toggle[aria-pressed="true"]');
    const inserted = await page.$$eval('#doc-body ins.change-ins', (els) => els.map((e) => e.textContent).join(' '));
    assert.match(inserted, /Layered controls matter more than any single one\./);
    // Laid over the page's own paragraphs, not a block of its own.
    assert.equal(await page.$$eval('#doc-body .changes-block', (els) => els.length), 0);
    assert.ok(await page.$eval('#doc-body ins.change-ins', (e) => !!e.closest('p')), 'the insertion sits in a paragraph');
    const shownText = await page.textContent('#doc-body');
    await page.click('.changes-toggle');
    assert.equal(await page.getAttribute('.changes-toggle', 'aria-pressed'), 'false');
    assert.equal(await page.$$eval('#doc-body ins, #doc-body del', (els) => els.length), 0);
    assert.equal(await page.textContent('#doc-body'), shownText, 'the same words, unmarked');
    // Keyboard: the toggle is a button in the tab order.
    await page.focus('.changes-toggle');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('.changes-toggle', 'aria-pressed'), 'true');
    // Opened: its sidebar mark is gone.
    assert.equal(await page.$(`#sidebar-tree [data-route="${CHANGED}"] .change-dot`), null);
  });

  it('a bookmark on the changed section is flagged, and opens with the changes shown', async () => {
    const { page } = await pages.newPage(server.origin);
    await open(page, new URL('/security/', server.url).href);
    await page.keyboard.press('Control+b');
    await page.waitForSelector('#bookmarks-dialog[open]');
    const flag = page.locator('#bookmarks-list [data-flag="changed"]');
    await flag.waitFor();
    assert.match(await flag.textContent(), /changed since 2026\.11/);
    await page.locator('#bookmarks-list [role="option"]').first().press('Enter');
    await page.waitForSelector('.changes-toggle[aria-pressed="true"]');
    assert.equal(new URL(page.url()).pathname, CHANGED);
  });

  it('the snapshot menu opens What\'s new; any two snapshots can be compared, and the choice is kept in the address', async () => {
    const { page } = await pages.newPage(server.origin);
    await open(page, new URL('/security/', server.url).href);
    await page.focus('#snapshot-badge');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#snapshot-menu-whats-new');
    await page.focus('#snapshot-menu-whats-new');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.pathname === '/whats-new/' && document.documentElement.dataset.ready === 'true');
    await page.selectOption('#whats-new-from', newerId);
    await page.selectOption('#whats-new-to', 'default');
    await page.click('.whats-new-compare button[type="submit"]');
    await page.waitForFunction(() => /2026\.12\.9-e2e \(2026-12-20\) to/.test(document.querySelector('.whats-new-summary')?.textContent || ''));
    assert.equal(new URL(page.url()).search, `?from=${newerId}&to=default`);
    // The same address opened anew shows the same comparison.
    await open(page, page.url());
    assert.match(await page.textContent('.whats-new-summary'), /from .*2026\.12\.9-e2e/);
    // Added in one direction is removed in the other.
    assert.ok((await page.textContent('#doc-body')).includes('Brand New Page') === false);
  });

  for (const theme of ['light', 'dark']) {
    it(`What's new, the Show changes bar and marked words, the flagged bookmark: 0 axe violations (${theme})`, async () => {
      const { page } = await pages.newPage(server.origin, { colorScheme: theme });
      await open(page, new URL('/whats-new/', server.url).href);
      const found = await violations(page, 'What\'s new');
      await page.click(`#doc-body a[href="${CHANGED}#${CHANGED_SECTION}"]`);
      await page.waitForSelector('.changes-toggle[aria-pressed="true"]');
      found.push(...await violations(page, 'a page with its changes shown'));
      await page.keyboard.press('Control+b');
      await page.waitForSelector('#bookmarks-list [data-flag]');
      found.push(...await violations(page, 'bookmarks panel with a flagged bookmark'));
      assert.deepEqual(found, []);
    });
  }
});
