// Every way of following a link that leaves the snapshot ends on the app's own notice: click, middle-click,
// Ctrl+click and Shift+click on every such link of every page, new tabs and popups included. Zero requests
// outside the app (the harness records and fails every foreign request of the context, new pages included).

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readerSuite, missingPrerequisite, open, waitReady, flattenRoutes } from './harness.js';

const why = missingPrerequisite();
if (why && process.env.CI === 'true') throw new Error(`browser tests cannot run: ${why}`);
if (why) console.log(`# SKIPPED browser tests: ${why}`);

const LINKS = '#doc-body a[href], #sidebar-tree a[href]';

/** Links of the page now drawn that leave the snapshot: [index among LINKS, real address, href, in the sidebar]. */
async function outsideLinks(page) {
  return page.$$eval(LINKS, (els) => els
    .map((a, i) => [i, a.dataset.url || null, a.getAttribute('href'), !!a.closest('#sidebar-tree')])
    .filter(([, url, href]) => url || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)));
}

describe('links that leave the snapshot in Chromium', { skip: why || false }, () => {
  let routes;
  // Data folder, snapshot, serve and browser; every test's pages checked as it ends.
  const suite = readerSuite({ dataPrefix: 'palette-e2e-outside-' });
  const { newPage } = suite;

  before(async () => {
    routes = flattenRoutes((await suite.server.api('/api/nav')).items);
  });

  it('click, middle-click, Ctrl+click and Shift+click on every outside link end on the in-app notice', async () => {
    const { page, context } = await newPage();
    const opened = [];
    context.on('page', (p) => opened.push(p));
    await open(page, suite.url(routes[0]));
    let followed = 0;
    let mail = 0;
    for (const r of routes) {
      await page.evaluate((to) => {
        history.pushState({ scrollY: 0 }, '', to);
        window.dispatchEvent(new PopStateEvent('popstate', { state: { scrollY: 0 } }));
      }, r);
      await waitReady(page);
      for (const [i, url, href, inSidebar] of await outsideLinks(page)) {
        assert.ok(url, `${r}: link ${href} leaves the snapshot but does not point at the notice`);
        assert.match(href, /^\/outside\/\?/, `${r}: link to ${url} points at ${href}`);
        // The sidebar is the same on every page: its links are followed on the first page only.
        if (inSidebar && r !== routes[0]) continue;
        const link = page.locator(LINKS).nth(i);
        await link.scrollIntoViewIfNeeded();
        const shown = url.replace(/^mailto:/i, '');
        if (/^mailto:/i.test(url)) mail += 1;
        for (const modifiers of [[], ['Control'], ['Shift']]) {
          await link.click({ modifiers });
          await page.waitForSelector('#notice-dialog[open]');
          assert.equal(await page.inputValue('#notice-url'), shown, `${r}: ${modifiers.join('+') || 'click'} on ${url}`);
          await page.keyboard.press('Escape');
          await page.waitForSelector('#notice-dialog:not([open])', { state: 'attached' });
        }
        // A middle-click opens a tab, as "open in new tab" would: on the notice route, never the address.
        const tab = context.waitForEvent('page');
        await link.click({ button: 'middle' });
        const p = await tab;
        await waitReady(p);
        assert.equal(new URL(p.url()).origin, suite.server.origin);
        assert.equal(new URL(p.url()).pathname, '/outside/');
        assert.equal(await p.inputValue('#notice-page-url'), shown, `${r}: middle-click on ${url}`);
        await p.close();
        followed += 1;
        assert.equal(new URL(page.url()).pathname, r, 'the reader stays on the page');
      }
    }
    assert.ok(followed > 5, `only ${followed} outside links followed`);
    assert.ok(mail >= 1, 'the security contact is a mail link');
    assert.equal(opened.length, followed, 'one tab per middle-click, nothing else opened');
  });

  it('window.open and target=_blank to an outside address ask for nothing outside the app', async () => {
    const { page, context, foreign } = await newPage();
    await open(page, suite.url(routes[0]));
    const popup = context.waitForEvent('page');
    await page.evaluate(() => window.open('https://docs.spectrocloud.com/security/', '_blank'));
    const p = await popup;
    await p.waitForLoadState('domcontentloaded').catch(() => {});
    // The harness aborts the request and records it: this test shows the guard sees popups too.
    assert.deepEqual(foreign.splice(0), ['https://docs.spectrocloud.com/security/']);
  });
});
