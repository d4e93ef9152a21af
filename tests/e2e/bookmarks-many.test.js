// The bookmarks panel with the most bookmarks a store keeps (10,000, issue 20): it draws one batch of
// options and says how many match, the filter reaches any bookmark, moving down past the last drawn option
// draws the next batch, and a bookmark imported with an id that cannot be named in a URL can be deleted.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readerSuite, missingPrerequisite, open } from './harness.js';

const why = missingPrerequisite();
if (why && process.env.CI === 'true') throw new Error(`browser tests cannot run: ${why}`);
if (why) console.log(`# SKIPPED many-bookmarks browser tests: ${why}`);

const COUNT = 10000;
const BATCH = 200;

describe('the bookmarks panel with 10,000 bookmarks', { skip: why || false }, () => {
  const suite = readerSuite({
    dataPrefix: 'palette-e2e-many-',
    prepare: (dataDir) => {
      // Written as an export from elsewhere would be; the first id is one no URL path can name.
      const bookmarks = Array.from({ length: COUNT }, (_, i) => ({
        id: i === 0 ? '../snapshots/x%2e' : `b${i}`,
        route: '/security/',
        anchor: `made-up-section-${i}`,
        title: `Saved place ${i}`,
        section: null,
        note: i % 7 === 0 ? `note for place ${i}` : '',
        created: '2026-01-01T00:00:00Z',
        position: i,
      }));
      writeFileSync(path.join(dataDir, 'bookmarks.json'), JSON.stringify({ version: 2, bookmarks }));
    },
  });

  it('draws a batch, filters all of them, draws more on the way down, and deletes an odd id', async () => {
    const { page } = await suite.newPage();
    await open(page, suite.url('/security/'));
    await page.keyboard.press('Control+B');
    await page.waitForSelector('#bookmarks-dialog[open]');
    const options = () => page.$$eval('#bookmarks-list [role="option"]', (els) => els.length);
    assert.equal(await options(), BATCH);
    assert.equal(await page.isHidden('#bookmarks-more-line'), false);
    assert.match(await page.textContent('#bookmarks-more-count'), new RegExp(`${BATCH} of ${COUNT} shown`));

    // The filter looks through every bookmark, not only the drawn ones.
    await page.fill('#bookmarks-filter', 'place 9999');
    await page.waitForFunction(() => document.querySelectorAll('#bookmarks-list [role="option"]').length === 1);
    assert.match(await page.textContent('#bookmarks-list [role="option"]'), /Saved place 9999/);
    assert.equal(await page.isHidden('#bookmarks-more-line'), true);

    // Down from the last drawn option: the next batch is drawn and the next option has the focus.
    await page.fill('#bookmarks-filter', '');
    await page.waitForFunction((n) => document.querySelectorAll('#bookmarks-list [role="option"]').length === n, BATCH);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowDown');
    assert.equal(await options(), 2 * BATCH);
    assert.match(await page.evaluate(() => document.activeElement.textContent), new RegExp(`^Saved place ${BATCH}(?!\\d)`));

    // The bookmark imported with `../snapshots/x%2e` got a usable id and can be deleted.
    const first = (await suite.server.api('/api/bookmarks')).bookmarks[0];
    assert.equal(first.title, 'Saved place 0');
    assert.match(first.id, /^[A-Za-z0-9_-]+$/);
    await page.keyboard.press('Home');
    await page.keyboard.press('Delete');
    await page.waitForFunction(() => ![...document.querySelectorAll('#bookmarks-list .panel-item-title')]
      .some((el) => /^Saved place 0(?!\d)/.test(el.textContent)));
    const after = (await suite.server.api('/api/bookmarks')).bookmarks;
    assert.equal(after.length, COUNT - 1);
    assert.ok(!after.some((b) => b.title === 'Saved place 0'));
  });
});
