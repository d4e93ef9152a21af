// The reader tried as a new user would (issue 15): one test per defect found, each failing before its fix.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readerSuite, missingPrerequisite, startServer, open, waitReady, flattenRoutes } from './harness.js';

const why = missingPrerequisite();
if (why && process.env.CI === 'true') throw new Error(`browser tests cannot run: ${why}`);
if (why) console.log(`# SKIPPED browser tests: ${why}`);

describe('reader defects found trying it as a new user (Chromium)', { skip: why || false }, () => {
  let nav;
  let pagesData;
  // Data folder, snapshot, serve and browser; every test's pages checked as it ends.
  const suite = readerSuite({ dataPrefix: 'palette-e2e-reader-' });
  const { pages, url, newPage } = suite;

  before(async () => {
    nav = await suite.server.api('/api/nav');
    pagesData = [];
    for (const r of flattenRoutes(nav.items)) pagesData.push(await suite.server.api(`/api/page${r.replace(/\/$/, '')}`));
  });

  const sectionsOf = (p) => (p.toc || []).filter((t) => t.level === 2 || t.level === 3);
  /** The page with the longest "On this page" list. */
  const longestToc = () => pagesData.reduce((a, b) => (sectionsOf(b).length > sectionsOf(a).length ? b : a));

  it('1. Ctrl+D on a page already bookmarked bookmarks the section being read', async () => {
    const p = pagesData.find((x) => sectionsOf(x).length >= 3);
    const pageMark = await suite.server.write('POST', '/api/bookmarks', { route: p.route, anchor: null, title: p.title, section: null, note: '' });
    const made = [pageMark];
    try {
      const { page } = await newPage();
      await open(page, url(p.route));
      const target = sectionsOf(p)[1].id;
      await page.evaluate((id) => document.getElementById(id).scrollIntoView({ block: 'start' }), target);
      await page.waitForFunction((id) => document.querySelector('#toc-list a.active')?.dataset.id === id, target);
      await page.keyboard.press('Control+D');
      await page.waitForSelector('#bookmark-edit-dialog[open]');
      assert.equal(await page.textContent('#bookmark-edit-title'), 'Add bookmark');
      assert.equal(await page.isChecked('#bookmark-scope-section'), true);
      await page.keyboard.press('Enter');
      await page.waitForSelector('#bookmark-edit-dialog:not([open])', { state: 'attached' });
      const list = (await suite.server.api('/api/bookmarks')).bookmarks;
      const section = list.find((b) => b.route === p.route && b.anchor === target);
      assert.ok(section, `no bookmark of section ${target}: ${JSON.stringify(list)}`);
      made.push(section);
      assert.equal(list.filter((b) => b.route === p.route && !b.anchor).length, 1, 'the page bookmark stays one');
    } finally {
      for (const b of made) await suite.server.write('DELETE', `/api/bookmarks/${b.id}`);
    }
  });

  it('2 and 3. the side "On this page" box keeps its active entry in sight and stays below the navbar at the page end', async () => {
    const p = longestToc();
    const { page } = await newPage({ viewport: { width: 1400, height: 700 } });
    await open(page, url(p.route));
    const box = () => page.evaluate(() => {
      const toc = document.querySelector('#toc').getBoundingClientRect();
      const nav = document.querySelector('.navbar').getBoundingClientRect();
      const heading = document.querySelector('#toc-heading').getBoundingClientRect();
      const active = document.querySelector('#toc-list a.active')?.getBoundingClientRect();
      return { top: toc.top, bottom: toc.bottom, navBottom: nav.bottom, headingTop: heading.top, active: active && { top: active.top, bottom: active.bottom } };
    });
    assert.ok(await page.evaluate(() => { const t = document.querySelector('#toc'); return t.scrollHeight > t.clientHeight; }),
      `${p.route}: the contents list is long enough to scroll`);
    await page.mouse.wheel(0, 600);
    await page.waitForFunction(() => document.querySelector('#toc-list a.active'));
    const middle = await box();
    await page.keyboard.press('End');
    await page.waitForFunction(() => window.innerHeight + window.scrollY >= document.scrollingElement.scrollHeight - 2);
    const last = sectionsOf(p).at(-1).id;
    await page.waitForFunction((id) => document.querySelector('#toc-list a.active')?.dataset.id === id, last);
    const end = await box();
    // Sub-pixel layout (a quarter pixel on long pages) is no movement anyone sees.
    assert.ok(Math.abs(end.top - middle.top) < 1, `the box does not move at the end of the page (${middle.top} → ${end.top})`);
    assert.ok(end.top >= end.navBottom, `the box (${end.top}) stays below the navbar (${end.navBottom})`);
    // One pixel of slack: the list scrolls by whole pixels, the entries sit on fractional ones.
    assert.ok(end.active.top >= end.top - 1 && end.active.bottom <= end.bottom + 1,
      `the active entry (${end.active.top}–${end.active.bottom}) is inside the box (${end.top}–${end.bottom})`);
    await page.keyboard.press('Home');
    await page.waitForFunction(() => window.scrollY === 0);
    await page.mouse.wheel(0, 300);
    await page.waitForFunction(() => document.querySelector('#toc').scrollTop === 0 || document.querySelector('#toc-list a.active'));
    const top = await box();
    if (top.active) assert.ok(top.active.top >= top.top && top.active.bottom <= top.bottom, 'back at the top, the active entry is in sight');
  });

  it('4. at 700 px, M and the menu button move focus into the drawer, Tab stays there, the page behind is inert', async () => {
    const { page } = await newPage({ viewport: { width: 700, height: 900 } });
    await open(page, url('/security/'));
    const inDrawer = () => page.evaluate(() => !!document.activeElement.closest('#sidebar'));
    await page.locator('#doc-title').focus();
    await page.keyboard.press('m');
    await page.waitForFunction(() => document.body.classList.contains('sidebar-open'));
    assert.equal(await inDrawer(), true, 'M moves focus into the drawer');
    for (const key of ['Tab', 'Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      assert.equal(await inDrawer(), true, `${key} stays in the drawer`);
    }
    assert.equal(await page.evaluate(() => document.querySelector('#main-content').inert && document.querySelector('.navbar').inert), true);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.body.classList.contains('sidebar-open'));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'menu-button');
    assert.equal(await page.evaluate(() => document.querySelector('#main-content').inert), false);
    await page.keyboard.press('Enter'); // the menu button
    await page.waitForFunction(() => document.body.classList.contains('sidebar-open'));
    assert.equal(await inDrawer(), true, 'the menu button moves focus into the drawer');
    await page.keyboard.press('Tab');
    assert.equal(await inDrawer(), true, 'Tab stays in the drawer');
  });

  it('a vendor report anchor that names a CVE opens at that CVE\'s report (no alias repeats the vendor heading)', async () => {
    const { page } = await newPage();
    await open(page, url('/security-bulletins/cve-reports/#may-01-2099---cve-2023-39323-a-title-we-made-up'));
    await page.waitForFunction(() => window.scrollY > 0);
    const top = await page.evaluate(() => document.getElementById('cve-2023-39323').getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 200, `the report heading is at the top of the view (top ${top})`);
  });

  it('5. the outside-link notice quotes the entry name alone, not its badge', async () => {
    const outside = nav.items.find((i) => i.type === 'outside');
    const { page } = await newPage();
    await open(page, url('/security/'));
    await page.click(`#sidebar-tree a[data-outside] >> text="${outside.label}"`);
    await page.waitForSelector('#notice-dialog[open]');
    assert.match(await page.textContent('#notice-text'), new RegExp(`^“${outside.label}” is part of`));
  });

  it('6. no results: no stale active option, and the status line says so', async () => {
    const { page } = await newPage();
    await open(page, url('/security/'));
    await page.keyboard.press('Control+K');
    await page.keyboard.type('encryption');
    await page.waitForFunction(() => document.querySelector('#search-input').getAttribute('aria-activedescendant'));
    await page.fill('#search-input', 'xyzzyqq');
    await page.waitForFunction(() => document.querySelector('#search-results').dataset.query === 'xyzzyqq');
    assert.equal(await page.getAttribute('#search-input', 'aria-activedescendant'), null);
    assert.equal(await page.textContent('#search-status'), 'No results');
  });

  it('7. a search hit in an unselected tab selects that tab; find in page searches unselected tabs', async () => {
    const withTabs = pagesData.find((x) => x.html.includes('role="tablist"'));
    assert.ok(withTabs, 'the default snapshot has a page with tabs (Artifact Signatures)');
    const { page } = await newPage();
    await open(page, url(withTabs.route));
    // A word of the second tab that the page shows nowhere else, and that search finds on this page. Words
    // are read from each text node on its own: textContent runs the words of neighbouring elements together.
    const candidates = await page.evaluate(() => {
      // Single words, then two neighbouring words (a phrase is rarer than either of its words).
      const termsOf = (root) => {
        const out = [];
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const words = n.data.toLowerCase().match(/[a-z]{4,}/g) || [];
          out.push(...words, ...words.slice(1).map((w, i) => `${words[i]} ${w}`).filter((p) => n.data.toLowerCase().includes(p)));
        }
        return out;
      };
      const panel = document.querySelectorAll('#doc-body .tabs [role="tabpanel"]')[1];
      const clone = document.querySelector('#doc-body').cloneNode(true);
      clone.querySelectorAll('.tabs [role="tabpanel"]')[1].remove();
      const elsewhere = [...new Set(termsOf(clone))];
      return [...new Set(termsOf(panel))].filter((w) => !elsewhere.some((e) => e.includes(w)))
        .sort((x, y) => x.split(' ').length - y.split(' ').length);
    });
    let word = null;
    for (const w of candidates) {
      const r = await suite.server.api(`/api/search?q=${encodeURIComponent(w)}`);
      if (r.results[0] && r.results[0].route === withTabs.route) {
        word = w;
        break;
      }
    }
    assert.ok(word, `a word or phrase only the second tab holds that search finds on this page (${candidates.join(', ')})`);
    const secondTab = page.locator('#doc-body .tabs [role="tab"]').nth(1);
    assert.equal(await secondTab.getAttribute('aria-selected'), 'false');
    await page.keyboard.press('Control+F');
    await page.keyboard.type(word);
    await page.waitForFunction(() => /of \d+/.test(document.querySelector('#find-count').textContent));
    assert.equal(await secondTab.getAttribute('aria-selected'), 'true', 'find in page selected the tab of its match');
    await page.keyboard.press('Escape');

    await open(page, url('/security/'));
    await page.keyboard.press('Control+K');
    await page.keyboard.type(word);
    await page.waitForFunction((w) => document.querySelector('#search-results').dataset.query === w, word);
    await page.keyboard.press('Enter');
    await page.waitForFunction((r) => location.pathname === r, withTabs.route);
    await waitReady(page);
    const tab = page.locator('#doc-body .tabs [role="tab"]').nth(1);
    assert.equal(await tab.getAttribute('aria-selected'), 'true', `the search hit for "${word}" selected its tab`);
    assert.equal(await page.locator('#doc-body mark.search-term').first().isVisible(), true);
  });

  it('8. with the app stopped, search says so in a sentence', async () => {
    // A server of its own, stopped while the page is open (same data folder: it holds the signing key).
    const own = await startServer({ bundle: suite.bundle, dataDir: suite.dataDir });
    try {
      const { page } = await pages.newPage(own.origin);
      await open(page, new URL('/security/', own.url).href);
      await own.stop();
      await page.keyboard.press('Control+K');
      await page.keyboard.type('kubeconfig');
      await page.waitForSelector('#search-results .search-empty');
      const text = await page.textContent('#search-results');
      assert.doesNotMatch(text, /Failed to fetch/);
      assert.match(text, /not answering.*start it again/);
    } finally {
      await own.stop();
    }
  });

  it('9. sidebar type-ahead uses the typed prefix; a category is named once; the security contact is a mail link', async () => {
    const { page } = await newPage();
    await open(page, url('/security/'));
    const labels = await page.$$eval('#sidebar-tree [role="treeitem"]', (els) => els
      .filter((e) => !e.closest('[role="group"][hidden]')).map((e) => e.querySelector('.label').textContent));
    // A two-letter prefix whose first letter alone would reach an earlier item.
    const target = labels.find((l, i) => l.length > 2 && labels.slice(0, i).some((x) => x[0].toLowerCase() === l[0].toLowerCase()
      && !x.toLowerCase().startsWith(l.slice(0, 2).toLowerCase())));
    assert.ok(target, `a label to type toward among ${labels.join(', ')}`);
    await page.focus('#sidebar-tree [role="treeitem"]');
    await page.keyboard.type(target.slice(0, 2));
    assert.equal(await page.evaluate(() => document.activeElement.querySelector('.label').textContent), target);
    const names = await page.evaluate(() => {
      const el = document.querySelector('#sidebar-tree [role="treeitem"][aria-expanded="true"]');
      return { text: el.textContent.trim(), owns: el.getAttribute('aria-owns') };
    });
    assert.equal(names.owns, null, 'the expanded item does not own its group (whose name would repeat its own)');
    const mail = page.locator('#doc-body a[data-kind="mail"]');
    assert.ok(await mail.count() >= 1, 'the security contact is a link');
    await mail.first().click();
    await page.waitForSelector('#notice-dialog[open]');
    assert.match(await page.inputValue('#notice-url'), /^[^:]+@[a-z.]+$/);
    assert.equal(await page.textContent('#notice-title'), 'Email address');
  });
});
