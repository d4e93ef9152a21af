// A snapshot built from the vendor's own sources (../shared/upstream, test input only) gets the advisory
// explorer where the vendor's page has `<CveReportsTable />`: the builder leaves a plain list of advisory links
// there, and the reader replaces it with the explorer over the same records.

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { cli, missingPrerequisite, startServer, guardedPages, open, tempDir, removeDir, repoRoot } from './harness.js';

const UPSTREAM = path.resolve(repoRoot, '..', 'shared', 'upstream', 'librarium', 'docs', 'docs-content');
const why = missingPrerequisite() || (existsSync(UPSTREAM) ? null : `${UPSTREAM} not found`);
if (why && process.env.CI === 'true') throw new Error(`vendor-build browser test cannot run: ${why}`);
if (why) console.log(`# SKIPPED vendor-build browser test: ${why}`);

describe('a build from the vendor\'s sources, in Chromium', { skip: why || false }, () => {
  let server;
  let dataDir;
  let bundle;
  const pages = guardedPages();

  before(async () => {
    dataDir = tempDir('palette-e2e-vendor-');
    bundle = path.join(dataDir, 'vendor-bundle');
    // The vendor's copy has a few links into pages it does not hold (copies from several commits): a build
    // with errors still writes the snapshot, and the exit status says so.
    try {
      cli(['bundle', 'build', '--source', UPSTREAM, '--out', bundle], dataDir);
    } catch (e) {
      assert.ok(existsSync(path.join(bundle, 'manifest.json')), e.message);
    }
    server = await startServer({ bundle, dataDir });
    await pages.launch();
  });

  after(async () => {
    await pages.close();
    await server?.stop();
    removeDir(dataDir);
  });

  afterEach(() => pages.check());

  it('<CveReportsTable /> becomes the explorer over every advisory record', async () => {
    const records = await server.api('/api/advisories');
    assert.ok(records.total > 50, `the vendor's reports give advisory records (${records.total})`);
    const { page } = await pages.newPage(server.origin);
    await open(page, new URL('/security-bulletins/reports/', server.url).href);
    await page.waitForSelector('#explorer');
    assert.equal(await page.$('[data-explorer="advisories"]'), null, 'the plain list was replaced');
    assert.equal(await page.textContent('#explorer-count'), `${records.total} of ${records.total} advisories`);
  });
});
