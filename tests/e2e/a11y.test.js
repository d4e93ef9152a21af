// axe-core over the whole reader: every page of the snapshot and the tag, bookmarks, search and outside-link
// views, in light and dark, 1400 px and 700 px wide. Zero violations of any impact.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readerSuite, missingPrerequisite, open, waitReady, flattenRoutes } from './harness.js';
import { violations } from './axe.js';

const why = missingPrerequisite();
if (why && process.env.CI === 'true') throw new Error(`browser tests cannot run: ${why}`);
if (why) console.log(`# SKIPPED browser tests: ${why}`);

const COMBINATIONS = [
  { theme: 'light', width: 1400 }, { theme: 'dark', width: 1400 },
  { theme: 'light', width: 700 }, { theme: 'dark', width: 700 },
];

/** Draws `route` the way a click would: through the app's own router, without reloading the page. */
async function goClientSide(page, route) {
  await page.evaluate((r) => {
    history.pushState({ scrollY: 0 }, '', r);
    window.dispatchEvent(new PopStateEvent('popstate', { state: { scrollY: 0 } }));
  }, route);
  await waitReady(page);
}

describe('accessibility (axe-core) in Chromium', { skip: why || false }, () => {
  let routes;
  let tags;
  // Data folder, snapshot, serve and browser; every test's pages checked as it ends.
  const suite = readerSuite({ dataPrefix: 'palette-e2e-a11y-' });
  const { newPage } = suite;

  before(async () => {
    routes = flattenRoutes((await suite.server.api('/api/nav')).items);
    tags = await suite.server.api('/api/tags');
  });

  for (const { theme, width } of COMBINATIONS) {
    it(`every page of the snapshot: 0 violations (${theme}, ${width} px)`, async () => {
      const { page } = await newPage({ colorScheme: theme, viewport: { width, height: 900 } });
      await open(page, suite.url(routes[0]));
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
      const found = [];
      for (const r of routes) {
        await goClientSide(page, r);
        found.push(...await violations(page, r));
      }
      assert.ok(routes.length > 5, 'the snapshot has pages to check');
      assert.deepEqual(found, [], `${found.length} axe violations:\n${found.join('\n')}`);
    });

    it(`tag, bookmarks, search and outside-link views: 0 violations (${theme}, ${width} px)`, async () => {
      const post = (b) => suite.server.write('POST', '/api/bookmarks', { anchor: null, section: null, note: '', ...b });
      const made = [
        await post({ route: routes[0], title: 'A page bookmark', note: 'why it matters' }),
        await post({ route: '/security/no-such-page-in-this-snapshot/', title: 'A missing page' }),
      ];
      try {
        const { page } = await newPage({ colorScheme: theme, viewport: { width, height: 900 } });
        await open(page, suite.url(routes[0]));
        const found = [];
        await goClientSide(page, '/tags/');
        found.push(...await violations(page, 'tag list'));
        const tag = tags[0];
        await goClientSide(page, `/tags/${encodeURIComponent(tag.tag)}/`);
        found.push(...await violations(page, 'tag page'));
        await goClientSide(page, routes[0]);

        await page.keyboard.press('Control+B');
        await page.waitForSelector('#bookmarks-list [role="option"]');
        found.push(...await violations(page, 'bookmarks panel'));
        await page.keyboard.press('ArrowDown');
        found.push(...await violations(page, 'bookmarks panel, item selected'));
        await page.keyboard.press('Escape');

        await page.keyboard.press('Control+K');
        await page.keyboard.type('encryption');
        await page.waitForFunction(() => document.querySelector('#search-results').dataset.query === 'encryption');
        found.push(...await violations(page, 'search results'));
        await page.fill('#search-input', 'xyzzyqq');
        await page.waitForFunction(() => document.querySelector('#search-results').dataset.query === 'xyzzyqq');
        found.push(...await violations(page, 'search, no results'));
        await page.keyboard.press('Escape');

        await page.evaluate(() => document.querySelector('#doc-body a[data-outside], #doc-body a[data-external], #sidebar-tree a[data-outside]').click());
        await page.waitForSelector('#notice-dialog[open]');
        found.push(...await violations(page, 'outside-link notice'));
        await page.keyboard.press('Escape');

        // The notice as a page of its own (what a middle-click or "open in new tab" on such a link shows).
        await goClientSide(page, `/outside/?kind=outside&url=${encodeURIComponent('https://docs.spectrocloud.com/release-notes/')}&label=Release%20Notes`);
        found.push(...await violations(page, 'outside-link notice page'));
        assert.deepEqual(found, [], `${found.length} axe violations:\n${found.join('\n')}`);
      } finally {
        for (const b of made) await suite.server.write('DELETE', `/api/bookmarks/${b.id}`);
      }
    });

    it(`advisory explorer with a filter, a focused row, the installation form and banner: 0 violations (${theme}, ${width} px)`, async () => {
      await suite.server.write('PUT', '/api/state/installation', { edition: 'Palette VerteX airgap', version: '4.5.8' });
      try {
        const { page } = await newPage({ colorScheme: theme, viewport: { width, height: 900 } });
        await open(page, suite.url('/security-bulletins/?status=ongoing&sort=updated&dir=asc'));
        await page.waitForSelector('#explorer-table tbody tr');
        const found = [];
        found.push(...await violations(page, 'explorer, filtered'));
        await page.click('#my-installation > summary');
        await page.focus('#explorer-text');
        await page.keyboard.press('Enter');
        await page.keyboard.press('ArrowDown');
        found.push(...await violations(page, 'explorer, row focused, installation form open'));
        await goClientSide(page, '/security/');
        await page.waitForSelector('#installation-banner a');
        found.push(...await violations(page, 'Security landing page with the installation banner'));
        assert.deepEqual(found, [], `${found.length} axe violations:\n${found.join('\n')}`);
      } finally {
        await suite.server.write('DELETE', '/api/state/installation');
      }
    });
  }
});
