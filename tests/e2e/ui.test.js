// Browser end-to-end tests of the reading UI against the real `palette-docs serve` in Debian's Chromium.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  readerSuite, missingPrerequisite, open, waitReady, ensureArtifacts, flattenNav, findDeepPage, flattenRoutes,
} from './harness.js';

const why = missingPrerequisite();
if (why && process.env.CI === 'true') throw new Error(`browser tests cannot run: ${why}`);
if (why) console.log(`# SKIPPED browser tests: ${why}`);

describe('reading UI in Chromium', { skip: why || false }, () => {
  let nav;
  let landing;
  // Data folder, snapshot, serve and browser; every test's pages checked as it ends.
  const suite = readerSuite({ dataPrefix: 'palette-e2e-data-', checkUi: true });
  const { url, newPage } = suite;

  before(async () => {
    nav = await suite.server.api('/api/nav');
    landing = await suite.server.api('/api/page/security');
  });

  /**
   * Deletes every bookmark of the test data folder. Each bookmark test starts from none and leaves none
   * (in `finally`, so a failure does not spill its bookmarks into the next test's counts).
   */
  async function clearBookmarks() {
    for (const b of (await suite.server.api('/api/bookmarks')).bookmarks) {
      await suite.server.write('DELETE', `/api/bookmarks/${b.id}`);
    }
  }

  it('sidebar entries equal /api/nav, outside sections marked', async () => {
    const { page } = await newPage();
    await open(page, url('/security/'));
    // A collapsed group is drawn when it first opens (thousands of advisory entries stay out of the document
    // until asked for): before opening them, no entry of a collapsed group is there.
    const collapsedEntries = await page.$$eval('#sidebar-tree [role="group"][hidden] [role="treeitem"]', (els) => els.length);
    assert.equal(collapsedEntries, 0);
    while (await page.evaluate(() => {
      const closed = document.querySelector('#sidebar-tree [aria-expanded="false"]');
      closed?.closest('.tree-row').querySelector('.tree-caret').click();
      return closed !== null;
    }));
    const shown = await page.$$eval('#sidebar-tree [role="treeitem"]', (els) => els.map((e) => [
      Number(e.getAttribute('aria-level')), e.querySelector('.label').textContent,
      e.dataset.outside ? 'outside' : e.hasAttribute('aria-expanded') ? 'category' : 'page',
    ]));
    // Categories without children are drawn as plain pages (no caret opening nothing).
    const expected = flattenNav(nav.items).map(([l, label, kind, n]) => [l, label, kind === 'category' && n === 0 ? 'page' : kind]);
    assert.deepEqual(shown, expected);
    const outsideCount = flattenNav(nav.items).filter((x) => x[2] === 'outside').length;
    assert.equal(await page.locator('#sidebar-tree .outside-mark').count(), outsideCount);
    // The landing page is highlighted.
    assert.equal(await page.getAttribute('#sidebar-tree [aria-current="page"]', 'href'), '/security/');
    assert.equal(await page.title(), `${landing.title} | Palette Docs Offline`);
  });

  it('sidebar works as an ARIA tree with the keyboard', async () => {
    const { page } = await newPage();
    await open(page, url('/security/'));
    await page.focus('#sidebar-tree [aria-current="page"]');
    const sec = page.locator('#sidebar-tree [aria-current="page"]');
    assert.equal(await sec.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await sec.getAttribute('aria-expanded'), 'false');
    await page.keyboard.press('ArrowRight');
    assert.equal(await sec.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('ArrowRight'); // into the first child
    await page.keyboard.press('Enter');
    await waitReady(page);
    const firstChild = nav.items.find((i) => i.route === '/security/').items[0];
    assert.equal(new URL(page.url()).pathname, firstChild.route);
    // Expanding a category is remembered across reloads.
    const other = nav.items.find((i) => i.type === 'category' && i.route !== '/security/' && (i.items || []).length);
    if (other) {
      const item = page.locator(`#sidebar-tree [role="treeitem"][aria-expanded]`, { hasText: other.label }).first();
      assert.equal(await item.getAttribute('aria-expanded'), 'false');
      // The caret is a mouse target next to the item (hidden from assistive technology: the item expands itself).
      await item.locator('xpath=following-sibling::*[contains(@class, "tree-caret")]').click();
      assert.equal(await item.getAttribute('aria-expanded'), 'true');
      await page.reload();
      await waitReady(page);
      assert.equal(await item.getAttribute('aria-expanded'), 'true');
    }
  });

  it('breadcrumbs of a nested page: home → categories → page', async () => {
    const deep = findDeepPage(nav.items, 3);
    assert.ok(deep, 'the nav has a page nested two categories deep');
    const data = await suite.server.api(`/api/page${deep.route.replace(/\/$/, '')}`);
    const { page } = await newPage();
    await open(page, url(deep.route));
    const crumbs = await page.$$eval('#breadcrumbs li', (lis) => lis.map((li) => {
      const a = li.querySelector('a');
      return { text: li.textContent.trim(), href: a ? a.getAttribute('href') : null, label: a?.getAttribute('aria-label') || null };
    }));
    assert.equal(crumbs[0].label, 'Home page');
    assert.ok(crumbs.length >= 3, `nested breadcrumbs: ${JSON.stringify(crumbs)}`);
    assert.deepEqual(crumbs.slice(1).map((c) => c.text), data.breadcrumbs.map((b) => b.label));
    for (const [i, b] of data.breadcrumbs.entries()) {
      if (i < data.breadcrumbs.length - 1 && b.route) assert.equal(crumbs[i + 1].href, b.route);
    }
    // A breadcrumb link navigates in-app.
    const parent = data.breadcrumbs.filter((b) => b.route).at(-2) || data.breadcrumbs.find((b) => b.route);
    await page.click(`#breadcrumbs a[href="${parent.route}"]`);
    await waitReady(page);
    assert.equal(new URL(page.url()).pathname, parent.route);
  });

  it('theme choice survives a reload and is applied before first paint', async () => {
    const { page } = await newPage();
    await open(page, url('/security/'));
    let boot = await page.evaluate(() => window.__paletteBoot);
    assert.equal(boot.theme, 'light');
    assert.equal(boot.bodyParsed, false, 'theme-boot runs in <head>, before the body exists');
    // system → light → dark
    for (let i = 0; i < 3 && (await page.getAttribute('html', 'data-theme-pref')) !== 'dark'; i++) await page.click('#theme-toggle');
    assert.equal(await page.getAttribute('html', 'data-theme-pref'), 'dark', 'three presses cycle to dark');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    assert.match(await page.getAttribute('#theme-toggle', 'aria-label'), /currently dark mode/);
    await page.reload();
    // The value captured by the synchronous head script, before any module ran and before the body was parsed.
    boot = await page.evaluate(() => window.__paletteBoot);
    assert.deepEqual([boot.theme, boot.pref, boot.bodyParsed], ['dark', 'dark', false]);
    await waitReady(page);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(27, 27, 29)');
  });

  it('follows the system theme when set to system', async () => {
    const { page } = await newPage({ colorScheme: 'dark' });
    await open(page, url('/security/'));
    const boot = await page.evaluate(() => window.__paletteBoot);
    assert.deepEqual([boot.pref, boot.theme], ['system', 'dark']);
  });

  it('TOC highlights the section scrolled to', async () => {
    const { page } = await newPage();
    await open(page, url('/security/'));
    const toc = landing.toc.filter((t) => t.level <= 3);
    assert.ok(toc.length >= 3, 'the landing page has several sections');
    assert.equal(await page.locator('#toc-list a').count(), toc.length);
    for (const target of [toc[1], toc[Math.floor(toc.length / 2)]]) {
      await page.evaluate((id) => {
        const el = document.getElementById(id);
        window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 100);
      }, target.id);
      await page.waitForFunction((id) => document.querySelector('#toc-list a.active')?.dataset.id === id, target.id, { timeout: 3000 });
    }
    // Clicking a TOC entry jumps there and highlights it.
    const last = toc[toc.length - 1];
    await page.click(`#toc-list a[data-id="${last.id}"]`);
    await page.waitForFunction((id) => document.querySelector('#toc-list a.active')?.dataset.id === id, last.id, { timeout: 3000 });
    assert.equal(new URL(page.url()).hash, `#${last.id}`);
  });

  it('keyboard-only search (Ctrl+K, type, ↓, Enter) lands on the chosen section with terms highlighted', async () => {
    const { page } = await newPage();
    await open(page, url('/security/'));
    const query = 'signature';
    const api = await suite.server.api(`/api/search?q=${query}`);
    assert.ok(api.results.length > 0, 'the bundle has hits for the query');
    await page.keyboard.press('Control+K');
    await page.waitForSelector('#search-dialog[open]');
    await page.keyboard.type(query);
    // Wait for the answer to the whole word (answers to its prefixes may be on screen first).
    await page.waitForFunction((q) => document.querySelector('#search-results').dataset.query === q
      && document.querySelectorAll('#search-results [role="option"][data-kind="hit"]').length > 1, query);
    assert.equal(await page.getAttribute('#search-results [role="option"][aria-selected="true"]', 'data-target'),
      await page.getAttribute('#search-results [role="option"]', 'data-target'), 'first result preselected');
    await page.keyboard.press('ArrowDown');
    const target = await page.getAttribute('#search-results [role="option"][aria-selected="true"]', 'data-target');
    const allTargets = api.results.flatMap((h) => [h, ...(h.more || [])]).map((h) => h.route + (h.anchor ? `#${h.anchor}` : ''));
    assert.ok(allTargets.includes(target), `${target} is one of the API's hits`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((t) => location.pathname + location.hash === t, target);
    await waitReady(page);
    assert.equal(await page.locator('#search-dialog[open]').count(), 0);
    const [route, anchor] = target.split('#');
    assert.equal(new URL(page.url()).pathname, route);
    if (anchor) {
      const top = await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().top, anchor);
      assert.ok(top >= 0 && top < 200, `the section heading is at the top of the view (top=${top})`);
    }
    assert.ok(await page.locator('#doc-body mark.search-term').count() > 0, 'query terms highlighted');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#doc-body mark.search-term').count(), 0, 'Esc clears the highlights');
  });

  it('search shows recent searches when empty and works with the mouse', async () => {
    const { page } = await newPage();
    await open(page, url('/security/'));
    await page.click('#search-button');
    await page.fill('#search-input', 'lifecycle');
    await page.waitForSelector('#search-results [role="option"][data-kind="hit"]');
    const target = await page.getAttribute('#search-results [role="option"][data-kind="hit"]', 'data-target');
    await page.click('#search-results [role="option"][data-kind="hit"]');
    await page.waitForFunction((t) => location.pathname + location.hash === t, target);
    await page.keyboard.press('/');
    await page.waitForSelector('#search-dialog[open]');
    await page.fill('#search-input', '');
    await page.waitForSelector('#recent-searches-title');
    assert.match(await page.textContent('#search-results'), /lifecycle/);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#search-dialog[open]').count(), 0);
  });

  it('search: an answer already seen is drawn again without asking the app; snippets show plain characters', async () => {
    const { page } = await newPage();
    await open(page, url('/security/'));
    const asked = [];
    page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/search') asked.push(new URL(r.url()).searchParams.get('q')); });
    await page.keyboard.press('Control+K');
    await page.waitForSelector('#search-dialog[open]');
    await page.keyboard.type('palette');
    await page.waitForFunction(() => document.querySelector('#search-results').dataset.query === 'palette');
    assert.ok(asked.includes('palette'), `the app was asked for the word (asked: ${asked.join(', ')})`);
    const text = await page.textContent('#search-results');
    assert.doesNotMatch(text, /&(?:amp|lt|gt|quot|#39);/, 'no escaped entity shows in a snippet');
    // Fast typing skips prefixes (one request in flight, the latest text queued), so back off to a
    // shorter text and type the word again: its answer is on record and must be drawn with no request.
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.waitForFunction(() => document.querySelector('#search-results').dataset.query === 'palet');
    const before = asked.length;
    await page.keyboard.type('te');
    await page.waitForFunction(() => document.querySelector('#search-results').dataset.query === 'palette');
    assert.ok(!asked.slice(before).includes('palette'), `the word was not asked again (asked: ${asked.slice(before).join(', ')})`);
    assert.ok(await page.locator('#search-results [role="option"][data-kind="hit"]').count() > 0);
  });

  it('search: while the app answers within a frame, a keystroke\'s results are in the page as its event returns; a long list ends a frame later', async () => {
    const { page } = await newPage();
    await open(page, url('/security/'));
    await page.keyboard.press('Control+K');
    await page.waitForSelector('#search-dialog[open]');
    // Typed as the keyboard does, one keystroke at a time: the input event, then, in the same task, what the
    // palette shows. Each ordinary answer's time decides whether the next is asked at once (under a frame), so
    // on a machine slow enough for every answer to take longer, none would be: hence many keystrokes.
    const typed = [];
    for (const word of ['security', 'encryption']) {
      for (let k = 1; k <= word.length; k += 1) {
        const text = word.slice(0, k);
        const shownAtOnce = await page.evaluate((t) => {
          const input = document.querySelector('#search-input');
          input.value = t;
          input.dispatchEvent(new InputEvent('input', { bubbles: true, data: t.at(-1), inputType: 'insertText' }));
          return document.querySelector('#search-results').dataset.query === t;
        }, text);
        await page.waitForFunction((t) => document.querySelector('#search-results').dataset.query === t, text);
        typed.push(`${text}${shownAtOnce ? '' : ' (later)'}`);
      }
    }
    assert.ok(typed.some((t) => !t.endsWith('(later)')), `no keystroke was answered at once: ${typed.join(', ')}`);
    // The answer shown, whichever way it came, is the API's, whole and in its order once the list is no longer busy.
    const api = await suite.server.api('/api/search?q=encryption&limit=20');
    const hits = api.results.flatMap((h) => [h, ...(h.more || [])]).map((h) => h.route + (h.anchor ? `#${h.anchor}` : ''));
    assert.ok(hits.length > 8, `the query has more hits than a screenful (${hits.length})`);
    await page.waitForSelector('#search-results:not([aria-busy])', { state: 'attached' });
    assert.deepEqual(await page.$$eval('#search-results [role="option"]', (os) => os.map((o) => o.dataset.target)), hits);
  });

  it('prev/next cards and [ ] keys follow the API order', async () => {
    const { page } = await newPage();
    await open(page, url('/security/'));
    assert.ok(landing.next, 'the landing page has a next page');
    assert.equal(await page.textContent('#pager a.next .label'), `${landing.next.label} »`);
    await page.keyboard.press(']');
    await page.waitForFunction((r) => location.pathname === r, landing.next.route);
    await waitReady(page);
    const nextPage = await suite.server.api(`/api/page${landing.next.route.replace(/\/$/, '')}`);
    assert.equal(await page.textContent('#doc-title'), nextPage.title);
    await page.click('#pager a.prev');
    await page.waitForFunction(() => location.pathname === '/security/');
    await waitReady(page);
    await page.keyboard.press('Alt+ArrowLeft');
    await page.waitForFunction((r) => location.pathname === r, landing.next.route);
    await waitReady(page);
    await page.keyboard.press('Alt+ArrowRight');
    await page.waitForFunction(() => location.pathname === '/security/');
  });

  it('a tag opens the tag page listing its pages', async () => {
    const { page } = await newPage();
    await open(page, url('/security/'));
    const tag = landing.tags[0];
    assert.ok(tag, 'the landing page has a tag');
    await page.click(`#doc-footer a.tag >> text="${tag}"`);
    await page.waitForFunction((t) => location.pathname === `/tags/${t}/`, tag);
    await waitReady(page);
    const data = await suite.server.api(`/api/tags/${encodeURIComponent(tag)}`);
    assert.equal(await page.locator('.tag-page-list > li').count(), data.pages.length);
    assert.match(await page.textContent('#doc-title'), new RegExp(`tagged with “${tag}”`));
    await page.click(`.tag-page-list a[href="${data.pages[0].route}"]`);
    await waitReady(page);
    assert.equal(new URL(page.url()).pathname, data.pages[0].route);
  });

  it('an outside-snapshot entry shows a notice with the address, and no request leaves the app', async () => {
    const { page, foreign } = await newPage();
    await open(page, url('/security/'));
    const outside = nav.items.find((i) => i.type === 'outside');
    assert.ok(outside, 'the nav lists sections that are not in the snapshot');
    await page.click(`#sidebar-tree a[data-outside] >> text="${outside.label}"`);
    await page.waitForSelector('#notice-dialog[open]');
    assert.equal(await page.inputValue('#notice-url'), outside.url);
    assert.match(await page.textContent('#notice-title'), /Not in this snapshot/);
    assert.equal(new URL(page.url()).pathname, '/security/');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#notice-dialog[open]').count(), 0);
    // Links inside articles that leave the snapshot behave the same way.
    const inArticle = page.locator('#doc-body a.link-outside, #doc-body a.link-external');
    if (await inArticle.count()) {
      const href = await inArticle.first().evaluate((a) => a.dataset.url);
      await inArticle.first().click();
      await page.waitForSelector('#notice-dialog[open]');
      assert.equal(await page.inputValue('#notice-url'), href);
      assert.equal(new URL(page.url()).pathname, '/security/');
    }
    assert.deepEqual(foreign, []);
  });

  it('bookmarks: add, annotate and remove (with undo) by keyboard only; they survive a suite.server restart', async () => {
    const target = landing.next.route;
    const tpage = await suite.server.api(`/api/page${target.replace(/\/$/, '')}`);
    await clearBookmarks();
    try {
      {
        const { page } = await newPage();
        await open(page, url(target));
        await page.keyboard.press('Control+D');
        await page.waitForSelector('#bookmark-edit-dialog[open]');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'bookmark-note');
        await page.keyboard.type('first read');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => !document.querySelector('#bookmark-edit-dialog').open);
        await page.waitForSelector('#bookmark-page[aria-pressed="true"]');
        let saved = (await suite.server.api('/api/bookmarks')).bookmarks;
        assert.equal(saved.length, 1);
        assert.deepEqual([saved[0].route, saved[0].anchor, saved[0].note], [target, null, 'first read']);
        // Annotate from the panel.
        await page.keyboard.press('Control+B');
        await page.waitForSelector('#bookmarks-dialog[open]');
        await page.keyboard.type(tpage.title.split(' ')[0]);
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('e');
        await page.waitForSelector('#bookmark-edit-dialog[open]');
        await page.keyboard.type(', then annotated');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.querySelector('#bookmarks-list .panel-item-note')?.textContent === 'first read, then annotated');
        saved = (await suite.server.api('/api/bookmarks')).bookmarks;
        assert.equal(saved[0].note, 'first read, then annotated');
      }
      // Restart the server on the same data dir: the bookmark is still there.
      await suite.restart();
      {
        const { page } = await newPage();
        await open(page, url('/security/'));
        await page.keyboard.press('Control+B');
        await page.waitForSelector('#bookmarks-dialog[open]');
        await page.waitForSelector('#bookmarks-list [role="option"]');
        assert.match(await page.textContent('#bookmarks-list'), /first read, then annotated/);
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Delete');
        await page.waitForFunction(() => !document.querySelector('#bookmarks-list [role="option"]'));
        assert.equal((await suite.server.api('/api/bookmarks')).bookmarks.length, 0);
        // Undo brings it back with its note.
        await page.keyboard.press('Control+z');
        await page.waitForSelector('#bookmarks-list [role="option"]');
        let saved = (await suite.server.api('/api/bookmarks')).bookmarks;
        assert.deepEqual(saved.map((b) => b.note), ['first read, then annotated']);
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Delete');
        await page.waitForFunction(() => !document.querySelector('#bookmarks-list [role="option"]'));
        saved = (await suite.server.api('/api/bookmarks')).bookmarks;
        assert.equal(saved.length, 0);
        await page.keyboard.press('Escape');
        await page.reload();
        await waitReady(page);
        assert.equal(await page.getAttribute('#bookmark-page', 'aria-pressed'), 'false');
      }
    } finally {
      await clearBookmarks();
    }
  });

  it('a section bookmark opens scrolled to its section', async () => {
    await clearBookmarks();
    try {
      const { page } = await newPage();
      await open(page, url('/security/'));
      const section = landing.toc[Math.min(2, landing.toc.length - 1)];
      await page.click(`#doc-body .heading-bookmark[data-anchor="${section.id}"]`);
      await page.waitForSelector('#bookmark-edit-dialog[open]');
      assert.equal(await page.isChecked('#bookmark-scope-section'), true);
      await page.keyboard.press('Enter');
      await page.waitForSelector(`#doc-body .heading-bookmark[data-anchor="${section.id}"][aria-pressed="true"]`);
      const saved = (await suite.server.api('/api/bookmarks')).bookmarks;
      assert.equal(saved.at(-1).anchor, section.id);
      // Go elsewhere, then open it from the panel.
      await page.keyboard.press(']');
      await page.waitForFunction((r) => location.pathname === r, landing.next.route);
      await waitReady(page);
      await page.keyboard.press('Control+B');
      await page.waitForSelector('#bookmarks-list [role="option"]');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForFunction((id) => location.hash === `#${id}`, section.id);
      await waitReady(page);
      const top = await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().top, section.id);
      assert.ok(top >= 0 && top < 200, `section heading at the top (top=${top})`);
    } finally {
      await clearBookmarks();
    }
  });

  it('bookmarks panel: filter, manual reorder with Alt+arrows, sort, and "not in this snapshot" entries', async () => {
    const post = (b) => suite.server.write('POST', '/api/bookmarks', { anchor: null, section: null, note: '', ...b });
    await clearBookmarks();
    try {
      await post({ route: '/security/', title: 'Alpha landing' });
      await post({ route: landing.next.route, title: 'Beta next' });
      await post({ route: '/security/no-such-page-in-this-snapshot/', title: 'Gamma gone' });
      const { page } = await newPage();
      await open(page, url('/security/'));
      await page.keyboard.press('Control+B');
      await page.waitForSelector('#bookmarks-list [role="option"]');
      const titles = () => page.$$eval('#bookmarks-list .panel-item-title', (els) => els.map((e) => e.textContent));
      assert.deepEqual((await titles()).map((t) => t.split(/not in/)[0]), ['Alpha landing', 'Beta next', 'Gamma gone']);
      assert.match((await titles())[2], /not in this snapshot/);
      // Manual order: move the first one down with Alt+ArrowDown; the server keeps the new order.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Alt+ArrowDown');
      await page.waitForFunction(() => document.querySelector('#bookmarks-list .panel-item-title').textContent.startsWith('Beta'));
      await page.waitForFunction(async () => {
        const r = await fetch('/api/bookmarks').then((x) => x.json());
        return r.bookmarks[0].title === 'Beta next' && r.bookmarks[1].title === 'Alpha landing';
      });
      // Sort by title, then filter as you type.
      await page.selectOption('#bookmarks-sort', 'title');
      assert.deepEqual((await titles()).map((t) => t.slice(0, 4)), ['Alph', 'Beta', 'Gamm']);
      await page.fill('#bookmarks-filter', 'gam');
      assert.equal(await page.locator('#bookmarks-list [role="option"]').count(), 1);
      await page.selectOption('#bookmarks-sort', 'manual');
    } finally {
      await clearBookmarks();
    }
  });

  it('About this snapshot shows the signer and verification', async () => {
    const snap = await suite.server.api('/api/snapshot');
    const { page } = await newPage();
    await open(page, url('/security/'));
    await page.click('#snapshot-badge');
    await page.click('#snapshot-menu-about');
    await page.waitForSelector('#about-dialog[open]');
    const text = await page.textContent('#about-list');
    assert.ok(text.includes(String(snap.version)));
    assert.ok(text.includes(String(snap.files)));
    if (snap.signer === 'development') assert.match(text, /signed with a development key/);
    assert.match(text, snap.verified ? /verified/ : /NOT verified/);
  });

  it('shortcut sheet, find in page, zoom and history', async () => {
    const { page } = await newPage();
    await open(page, url('/security/'));
    await page.keyboard.press('?');
    await page.waitForSelector('#shortcuts-dialog[open]');
    const sheet = await page.textContent('#shortcut-table');
    for (const s of ['Search', 'Back', 'Forward', 'Previous page', 'Next page', 'Find in page', 'Zoom in', 'Bookmarks panel']) assert.ok(sheet.includes(s), s);
    await page.keyboard.press('Escape');
    // Find in page.
    await page.keyboard.press('Control+F');
    await page.waitForSelector('#find-bar:not([hidden])');
    const word = landing.title.split(' ').at(-1);
    await page.keyboard.type(word);
    await page.waitForFunction(() => /of \d+/.test(document.querySelector('#find-count').textContent));
    assert.ok(await page.locator('#doc mark.find-hit').count() > 0);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#doc mark.find-hit').count(), 0);
    // Zoom persists.
    await page.keyboard.press('Control+=');
    const zoomed = await page.evaluate(() => document.documentElement.style.zoom);
    assert.equal(zoomed, '1.1');
    await page.reload();
    assert.equal(await page.evaluate(() => window.__paletteBoot.zoom), 1.1);
    await waitReady(page);
    await page.keyboard.press('Control+0');
    assert.ok(['', '1'].includes(await page.evaluate(() => document.documentElement.style.zoom)), 'Ctrl+0 resets the zoom');
    await page.reload();
    assert.equal(await page.evaluate(() => window.__paletteBoot.zoom), 1, 'the reset zoom is kept');
    await waitReady(page);
    // History: start at `/` reopens the last page read (which the app saves in its data folder as it goes).
    await page.keyboard.press(']');
    await page.waitForFunction((r) => location.pathname === r, landing.next.route);
    await waitReady(page);
    await page.waitForFunction(async (r) => (await fetch('/api/state').then((x) => x.json())).last_route === r, landing.next.route);
    await page.goto(url('/'));
    await waitReady(page);
    assert.equal(new URL(page.url()).pathname, landing.next.route);
    await page.keyboard.press('h');
    await page.waitForSelector('#history-dialog[open]');
    assert.ok(await page.locator('#history-list a').count() >= 2);
  });

  it('narrow windows: the sidebar becomes a menu and the TOC collapses', async () => {
    const { page } = await newPage({ viewport: { width: 700, height: 900 } });
    await open(page, url('/security/'));
    assert.equal(await page.isVisible('#sidebar'), false);
    assert.equal(await page.isVisible('#toc'), false);
    assert.equal(await page.isVisible('#toc-mobile'), true);
    await page.click('#menu-button');
    await page.waitForFunction(() => document.body.classList.contains('sidebar-open'));
    assert.equal(await page.getAttribute('#menu-button', 'aria-expanded'), 'true');
    await page.waitForFunction(() => getComputedStyle(document.querySelector('#sidebar')).transform === 'none');
    await page.screenshot({ path: path.join(ensureArtifacts(), 'narrow-menu-open.png') });
    const next = landing.next.route;
    await page.click(`#sidebar-tree a[href="${next}"]`);
    await waitReady(page);
    assert.equal(new URL(page.url()).pathname, next);
    assert.equal(await page.evaluate(() => document.body.classList.contains('sidebar-open')), false);
    await page.waitForSelector('#sidebar', { state: 'hidden' });
    const dir = ensureArtifacts();
    await page.screenshot({ path: path.join(dir, 'narrow-light.png') });
  });

  async function findPage(predicate) {
    const routes = flattenRoutes(nav.items);
    for (const r of routes) {
      const data = await suite.server.api(`/api/page${r.replace(/\/$/, '')}`);
      if (predicate(data)) return data;
    }
    return null;
  }

  it('tabs work with click and arrow keys; code blocks get copy buttons unless hideClipboard', async () => {
    const withTabs = await findPage((d) => d.html.includes('role="tablist"'));
    assert.ok(withTabs, 'the default snapshot has a page with tabs (Artifact Signatures)');
    const { page } = await newPage();
    await open(page, url(withTabs.route));
    const tabs = page.locator('#doc-body .tabs').first().locator('[role="tab"]');
    assert.ok(await tabs.count() >= 2);
    await tabs.nth(0).focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await tabs.nth(1).getAttribute('aria-selected'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'tab');
    const panel1 = await tabs.nth(1).getAttribute('aria-controls');
    const panel0 = await tabs.nth(0).getAttribute('aria-controls');
    assert.equal(await page.isVisible(`[id="${panel1}"]`), true);
    assert.equal(await page.isVisible(`[id="${panel0}"]`), false);
    await tabs.nth(0).click();
    assert.equal(await page.isVisible(`[id="${panel0}"]`), true);
    const blocks = await page.$$eval('#doc-body .code-block', (els) => els.map((e) => [e.dataset.clipboard, !!e.querySelector('.copy-button')]));
    for (const [clip, hasButton] of blocks) assert.equal(hasButton, clip !== 'false');
  });

  it('print stylesheet shows the article only, with the snapshot version in the footer', async () => {
    const snap = await suite.server.api('/api/snapshot');
    const { page } = await newPage();
    await open(page, url('/security/'));
    await page.emulateMedia({ media: 'print' });
    for (const sel of ['.navbar', '#sidebar', '#toc', '#pager']) assert.equal(await page.isVisible(sel), false, sel);
    assert.equal(await page.isVisible('#doc-body'), true);
    assert.equal(await page.isVisible('#print-footer'), true);
    assert.ok((await page.textContent('#print-footer')).includes(String(snap.version)));
  });

  it('an address that is not a page of the snapshot says so and offers a way back', async () => {
    const { page, errors } = await newPage();
    await open(page, url('/security/no-such-page/'));
    assert.equal(await page.textContent('#doc-title'), 'Not in this snapshot');
    assert.equal(await page.title(), 'Not in this snapshot | Palette Docs Offline');
    assert.equal(await page.locator('#doc-body [role="alert"] a[href="/security/"]').count(), 1);
    // The only error is the expected 404 for that page.
    assert.deepEqual(errors.splice(0), [`HTTP 404 for ${url('/api/page/security/no-such-page')}`]);
  });

  it('text contrast meets WCAG AA in both themes', async () => {
    for (const scheme of ['light', 'dark']) {
      const { page } = await newPage({ colorScheme: scheme });
      await open(page, url('/security/'));
      const low = await page.evaluate(() => {
        const parse = (c) => (c.match(/[\d.]+/g) || []).map(Number);
        const lum = ([r, g, b]) => {
          const f = (v) => { const x = v / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        const bgOf = (el) => {
          for (let e = el; e; e = e.parentElement) {
            const c = parse(getComputedStyle(e).backgroundColor);
            if (c.length >= 3 && (c.length === 3 || c[3] > 0.5)) return c.slice(0, 3);
          }
          return [255, 255, 255];
        };
        const sel = ['body', '.markdown p', '.markdown a', '.admonition', '.admonition-heading', '#sidebar-tree [role="treeitem"]',
          '#sidebar-tree [aria-current="page"]', '.outside-mark', '.breadcrumbs a', '.breadcrumbs [aria-current]', '#toc-list a',
          '#toc-list a.active', '.tag', '.pagination .sublabel', '.pagination .label', '.snapshot-badge', '.search-button', '.code-block code', '.code-title'];
        const out = [];
        for (const s of sel) {
          for (const el of [...document.querySelectorAll(s)].slice(0, 3)) {
            const fg = parse(getComputedStyle(el).color).slice(0, 3);
            const [a, b] = [lum(fg), lum(bgOf(el))].sort((x, y) => y - x);
            const ratio = (a + 0.05) / (b + 0.05);
            if (ratio < 4.5) out.push(`${s}: ${ratio.toFixed(2)}`);
          }
        }
        return out;
      });
      assert.deepEqual(low, [], `${scheme} theme: contrast below 4.5:1`);
    }
  });

  it('screenshots: light and dark (artifacts for a human; the two themes must differ)', async () => {
    const dir = ensureArtifacts();
    const shots = {};
    for (const scheme of ['light', 'dark']) {
      const { page } = await newPage({ colorScheme: scheme });
      await open(page, url('/security/'));
      assert.equal(await page.getAttribute('html', 'data-theme'), scheme);
      shots[scheme] = await page.screenshot({ path: path.join(dir, `security-${scheme}.png`) });
      await page.keyboard.press('Control+K');
      await page.keyboard.type('encryption');
      await page.waitForFunction(() => document.querySelector('#search-results').dataset.query === 'encryption');
      assert.ok(await page.locator('#search-results [role="option"]').count() > 0, 'results are shown');
      await page.screenshot({ path: path.join(dir, `search-${scheme}.png`) });
      await page.keyboard.press('Escape');
    }
    assert.ok(shots.light.length > 10000 && !shots.light.equals(shots.dark), 'the light and dark pages look different');
  });
});
