// The global shortcuts of ui/js/keyboard.js in Chromium, each checked by its effect: `[`/`]`, `T`,
// `M`, `Ctrl -`/`Ctrl 0`, that they do nothing while the reader types in a field, and what the copy
// button of a code block puts on the clipboard.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readerSuite, missingPrerequisite, open, waitReady, repoRoot } from './harness.js';

const why = missingPrerequisite();
if (why && process.env.CI === 'true') throw new Error(`browser tests cannot run: ${why}`);
if (why) console.log(`# SKIPPED browser tests: ${why}`);

// The cycle the shortcut sheet announces ("light, dark, system").
const THEMES = ['light', 'dark', 'system'];

describe('keyboard shortcuts and the copy button in Chromium', { skip: why || false }, () => {
  let landing;
  // Data folder, snapshot, serve and browser; every test's pages checked as it ends.
  const suite = readerSuite({ dataPrefix: 'palette-e2e-keys-', checkUi: true });
  const { url, newPage } = suite;

  before(async () => {
    landing = await suite.server.api('/api/page/security');
  });

  const themePref = (page) => page.getAttribute('html', 'data-theme-pref');
  const zoom = (page) => page.evaluate(() => document.documentElement.style.zoom);
  const pathname = (page) => page.evaluate(() => location.pathname);

  it('] opens the next page and [ the previous one', async () => {
    assert.ok(landing.next, 'the landing page has a next page');
    const { page } = await newPage();
    await open(page, url(landing.next.route));
    const here = await suite.server.api(`/api/page${landing.next.route.replace(/\/$/, '')}`);
    assert.equal(here.prev?.route, '/security/', 'the landing page comes before its next page');
    await page.keyboard.press('[');
    await page.waitForFunction(() => location.pathname === '/security/');
    await waitReady(page);
    assert.equal(await page.textContent('#doc-title'), landing.title);
    await page.keyboard.press(']');
    await page.waitForFunction((r) => location.pathname === r, landing.next.route);
    await waitReady(page);
    assert.equal(await page.textContent('#doc-title'), here.title);
  });

  it('T cycles light, dark and system, says so, and the choice survives a reload', async () => {
    const { page } = await newPage();
    await open(page, url('/security/'));
    const first = await themePref(page);
    assert.ok(THEMES.includes(first), `a known preference at start: ${first}`);
    let expected = first;
    for (let i = 0; i < THEMES.length; i++) {
      expected = THEMES[(THEMES.indexOf(expected) + 1) % THEMES.length];
      await page.keyboard.press('t');
      assert.equal(await themePref(page), expected, `press ${i + 1}`);
      assert.equal(await page.textContent('#toast-text'), `Theme: ${expected}`);
      // The context's colour scheme is light, so `system` shows the light theme.
      assert.equal(await page.getAttribute('html', 'data-theme'), expected === 'dark' ? 'dark' : 'light');
    }
    assert.equal(expected, first, 'three presses come back to the start');
    await page.keyboard.press('Shift+T');
    const chosen = await themePref(page);
    assert.notEqual(chosen, first, 'capital T works too');
    await page.reload();
    await waitReady(page);
    assert.equal(await themePref(page), chosen);
  });

  it('Ctrl - zooms out step by step, Ctrl 0 resets, and both are kept across a reload', async () => {
    const { page } = await newPage();
    await open(page, url('/security/'));
    assert.equal(await zoom(page), '', 'no zoom at start');
    await page.keyboard.press('Control+Minus');
    assert.equal(await zoom(page), '0.9');
    assert.equal(await page.textContent('#toast-text'), 'Zoom 90%');
    await page.keyboard.press('Control+Minus');
    assert.equal(await zoom(page), '0.8');
    await page.reload();
    await waitReady(page);
    assert.equal(await zoom(page), '0.8', 'the zoom is applied again after a reload');
    await page.keyboard.press('Control+0');
    assert.equal(await zoom(page), '', 'Ctrl 0 is 100%');
    assert.equal(await page.textContent('#toast-text'), 'Zoom 100%');
    await page.reload();
    await waitReady(page);
    assert.equal(await zoom(page), '', 'the reset is kept');
    assert.equal(await page.evaluate(() => window.__paletteBoot.zoom), 1);
  });

  it('M focuses the sidebar on a wide window and opens it as a menu on a narrow one', async () => {
    const wide = await newPage();
    await open(wide.page, url('/security/'));
    await wide.page.keyboard.press('m');
    assert.equal(
      await wide.page.evaluate(() => document.activeElement?.closest('#sidebar-tree') !== null
        && document.activeElement.getAttribute('role') === 'treeitem'),
      true,
      'a tree item of the sidebar has the focus',
    );
    // From there the tree's own keys work: ↓ moves to the next item.
    const before = await wide.page.evaluate(() => document.activeElement.textContent);
    await wide.page.keyboard.press('ArrowDown');
    assert.notEqual(await wide.page.evaluate(() => document.activeElement.textContent), before);

    const narrow = await newPage({ viewport: { width: 700, height: 900 } });
    await open(narrow.page, url('/security/'));
    assert.equal(await narrow.page.isVisible('#sidebar'), false);
    await narrow.page.keyboard.press('m');
    await narrow.page.waitForFunction(() => document.body.classList.contains('sidebar-open'));
    assert.equal(await narrow.page.getAttribute('#menu-button', 'aria-expanded'), 'true');
    await narrow.page.keyboard.press('Escape');
    await narrow.page.waitForFunction(() => !document.body.classList.contains('sidebar-open'));
  });

  it('shortcuts do nothing while typing in a field, and work again once it is left', async () => {
    const { page } = await newPage();
    await open(page, url('/security/'));
    const theme = await themePref(page);
    await page.keyboard.press('Control+F');
    await page.waitForSelector('#find-bar:not([hidden])');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'find-input');
    // Every plain-key shortcut, typed as text.
    await page.keyboard.type('t][mh?/');
    await page.keyboard.press('Control+Minus');
    assert.equal(await page.inputValue('#find-input'), 't][mh?/', 'the keys went into the field');
    assert.equal(await pathname(page), '/security/', '[ and ] did not navigate');
    assert.equal(await themePref(page), theme, 'T did not switch the theme');
    assert.equal(await zoom(page), '', 'Ctrl - did not zoom');
    assert.equal(await page.evaluate(() => document.body.classList.contains('sidebar-open')), false);
    assert.equal(await page.locator('dialog[open]').count(), 0, 'no history, shortcut sheet or search opened');

    // Positive control: the same key outside the field does switch the theme.
    await page.keyboard.press('Escape');
    await page.waitForSelector('#find-bar', { state: 'hidden' });
    await page.keyboard.press('t');
    assert.notEqual(await themePref(page), theme);
  });

  it('a code block\'s copy button puts exactly the code on the clipboard', async () => {
    // The script of the artifact signatures page, as written in our docs source (the fence after its title).
    const source = readFileSync(
      path.join(repoRoot, 'docs-bundle', '_partials', 'security', '_artifact-studio-signature-verification.mdx'),
      'utf8',
    );
    const fence = source.match(/^( *)```shell title="check-signatures\.sh"[^\n]*\n([\s\S]*?)^\1```/m);
    assert.ok(fence, 'the source has the check-signatures.sh block');
    const indent = fence[1].length;
    const expected = fence[2].replace(/\n$/, '').split('\n').map((l) => l.slice(indent)).join('\n');
    assert.ok(expected.split('\n').length > 9, 'a script of several lines (line 9 is highlighted)');

    const { page, context } = await newPage();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.origin });
    await open(page, url('/security/artifact-signatures/'));
    // Something else on the clipboard first, so a copy that did nothing cannot pass.
    await page.evaluate(() => navigator.clipboard.writeText('before the click'));
    const button = page.getByRole('button', { name: 'Copy code: check-signatures.sh' });
    await button.click();
    await page.waitForFunction(() => document.querySelector('#toast-text').textContent === 'Code copied');
    assert.equal(await button.textContent(), 'Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, expected);
  });
});
