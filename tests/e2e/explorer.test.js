// The advisory explorer on the Security Bulletins landing page (issue 13), in Chromium against the real
// `palette-docs serve`: an edition + version filter counts what `palette-docs cve list` counts, every column sorts,
// the CSV export holds the rows that match, "my installation" drives the banner and the explorer's first view,
// the explorer works from the keyboard alone, and a deep link (and back/forward) restores a filter.

import { describe, it, before, after, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  cli, missingPrerequisite, buildBundle, startServer, guardedPages, open, waitReady, tempDir, removeDir,
} from './harness.js';
import { applyFilter, emptyFilter, prepare } from '../../ui/js/explorer-model.js';

const why = missingPrerequisite();
if (why && process.env.CI === 'true') throw new Error(`browser tests cannot run: ${why}`);
if (why) console.log(`# SKIPPED explorer browser tests: ${why}`);

const EXPLORER = '/security-bulletins/';
const CSV_NAME = /^palette-docs-advisories-\d{4}-\d{2}-\d{2}\.csv$/;

describe('advisory explorer in Chromium', { skip: why || false }, () => {
  let server;
  let bundle;
  let dataDir;
  let all; // the API's records
  let pair; // the (edition, version) pair most advisories name
  const pages = guardedPages();

  /** `palette-docs cve list … --json` on the test bundle: the records it prints. */
  function cveList(...args) {
    return JSON.parse(cli(['cve', 'list', '--bundle', bundle, ...args, '--json'], dataDir));
  }

  before(async () => {
    dataDir = tempDir('palette-e2e-explorer-');
    bundle = buildBundle(dataDir);
    server = await startServer({ bundle, dataDir });
    await pages.launch();
    all = (await server.api('/api/advisories')).advisories;
    const counts = new Map();
    for (const a of all) for (const x of a.affected) counts.set(`${x.product}\n${x.version}`, (counts.get(`${x.product}\n${x.version}`) || 0) + 1);
    const [top] = [...counts.entries()].sort((x, y) => y[1] - x[1]);
    const [edition, version] = top[0].split('\n');
    pair = { edition, version };
  });

  after(async () => {
    await pages.close();
    await server?.stop();
    removeDir(dataDir);
    removeDir(path.dirname(bundle));
  });

  // Each test starts without an installation (one test sets one).
  beforeEach(() => server.write('DELETE', '/api/state/installation'));
  afterEach(() => pages.check());

  async function explorer(query = '') {
    const { page } = await pages.newPage(server.origin);
    await open(page, new URL(EXPLORER + query, server.url).href);
    await page.waitForSelector('#explorer-table tbody tr');
    return page;
  }

  const countText = (page) => page.textContent('#explorer-count');
  /** The ids of the rows drawn, once the table has drawn them all (after the first screenful it says aria-busy). */
  const rowIds = async (page) => {
    await page.waitForSelector('#explorer-table:not([aria-busy])', { state: 'attached' });
    return page.$$eval('#explorer-table tbody tr', (rows) => rows.map((r) => r.dataset.id));
  };

  it('an edition + version filter lists what `cve list --edition E --version V` lists', async () => {
    const expected = cveList('--edition', pair.edition, '--version', pair.version);
    assert.ok(expected.length > 0 && expected.length < all.length, `the pair ${pair.edition} ${pair.version} narrows the list`);
    const page = await explorer();
    assert.equal(await countText(page), `${all.length} of ${all.length} advisories`);
    await page.selectOption('#explorer-edition', pair.edition);
    await page.selectOption('#explorer-version', pair.version);
    assert.equal(await countText(page), `${expected.length} of ${all.length} advisories`);
    assert.deepEqual((await rowIds(page)).sort(), expected.map((a) => a.id).sort());
    const u = new URL(page.url());
    assert.equal(u.searchParams.get('edition'), pair.edition);
    assert.equal(u.searchParams.get('version'), pair.version);

    // A part of an edition name reads as core reads it: "vertex" is both VerteX editions.
    await page.selectOption('#explorer-version', '');
    await page.evaluate(() => {
      const s = document.querySelector('#explorer-edition');
      s.append(new Option('vertex', 'vertex'));
    });
    await page.selectOption('#explorer-edition', 'vertex');
    assert.equal(await countText(page), `${cveList('--edition', 'vertex').length} of ${all.length} advisories`);
  });

  it('every column sorts both ways, with aria-sort on that column only', async () => {
    const page = await explorer();
    const byId = new Map(all.map((a) => [a.id, a]));
    const checks = {
      Advisory: (a) => a.id,
      Severity: (a) => a.score,
      Status: (a) => a.status,
      'First published': (a) => a.first_published,
      'Last update': (a) => a.last_update,
      Component: (a) => (a.component ? a.component.toLowerCase() : null),
    };
    const idOrder = (x, y) => {
      const px = x.split('-').map((p) => (/^\d+$/.test(p) ? Number(p) : p.toLowerCase()));
      const py = y.split('-').map((p) => (/^\d+$/.test(p) ? Number(p) : p.toLowerCase()));
      for (let i = 0; i < Math.max(px.length, py.length); i += 1) {
        if (px[i] === py[i]) continue;
        if (px[i] === undefined) return -1;
        if (py[i] === undefined) return 1;
        if (typeof px[i] !== typeof py[i]) return typeof px[i] === 'number' ? -1 : 1;
        return px[i] < py[i] ? -1 : 1;
      }
      return 0;
    };
    for (const [label, value] of Object.entries(checks)) {
      for (let click = 0; click < 2; click += 1) {
        await page.click(`#explorer-table thead button:has-text("${label}")`);
        const sorted = await page.$$eval('#explorer-table thead th[aria-sort]', (ths) => ths.map((t) => [t.textContent.replace(/[▲▼]/g, '').trim(), t.getAttribute('aria-sort')]));
        assert.equal(sorted.length, 1, `one sorted column after choosing ${label}`);
        assert.equal(sorted[0][0], label);
        const dir = sorted[0][1];
        assert.ok(dir === 'ascending' || dir === 'descending', dir);
        const values = (await rowIds(page)).map((id) => value(byId.get(id)));
        const present = values.filter((v) => v !== null && v !== undefined && v !== '');
        assert.deepEqual(values.slice(0, present.length), present, `${label}: rows without a value come last`);
        for (let i = 1; i < present.length; i += 1) {
          const c = label === 'Advisory' ? idOrder(present[i - 1], present[i]) : (present[i - 1] < present[i] ? -1 : present[i - 1] > present[i] ? 1 : 0);
          assert.ok(dir === 'ascending' ? c <= 0 : c >= 0, `${label} ${dir}: ${present[i - 1]} then ${present[i]}`);
        }
        // The address keeps the sort, except the default one (severity, highest first), which it leaves out.
        const u = new URL(page.url());
        const isDefault = label === 'Severity' && dir === 'descending';
        assert.equal(u.searchParams.get('dir'), isDefault ? null : dir === 'ascending' ? 'asc' : 'desc');
      }
    }
    // Editions and versions: by the highest version an advisory names.
    await page.click('#explorer-table thead button:has-text("Editions and versions")');
    const versionOrder = (x, y) => {
      for (let i = 0; i < Math.max(x.length, y.length); i += 1) if ((x[i] ?? -1) !== (y[i] ?? -1)) return (x[i] ?? -1) - (y[i] ?? -1);
      return 0;
    };
    const tops = (await rowIds(page)).map((id) => byId.get(id).affected.map((x) => x.version.split('.').map(Number)))
      .filter((vs) => vs.length)
      .map((vs) => vs.sort(versionOrder).pop());
    assert.ok(tops.length > 1);
    for (let i = 1; i < tops.length; i += 1) assert.ok(versionOrder(tops[i - 1], tops[i]) >= 0, `${tops[i - 1]} then ${tops[i]}`);
    assert.equal(await page.getAttribute('#explorer-table th[data-key="affected"]', 'aria-sort'), 'descending');
  });

  it('CSV export holds the rows that match, in the table order, with the CLI field names', async () => {
    const page = await explorer();
    await page.selectOption('#explorer-status', 'ongoing');
    await page.fill('#explorer-text', 'mongodb');
    const ids = await rowIds(page);
    assert.ok(ids.length > 0, 'MongoDB has ongoing advisories');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#explorer-export')]);
    assert.match(download.suggestedFilename(), CSV_NAME);
    const text = readFileSync(await download.path(), 'utf8');
    const lines = text.split('\r\n');
    assert.equal(lines.pop(), '', 'lines end with CRLF');
    assert.equal(lines[0], 'id,score,severity,status,first_published,last_update,component,affected,route,url');
    assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), ids);
    const first = all.find((a) => a.id === ids[0]);
    const cells = lines[1].match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
    assert.equal(cells[1], String(first.score));
    assert.equal(cells[3], 'ongoing');
    assert.match(cells[6], /mongodb/i);
    assert.equal(cells[7], first.affected.map((x) => `${x.product} ${x.version}`).join('; '));
    assert.equal(cells[8], first.route);
    assert.equal(await page.textContent('#explorer-message'), `Exported ${ids.length} ${ids.length === 1 ? 'advisory' : 'advisories'} as ${download.suggestedFilename()}.`);
  });

  it('my installation: set once in the explorer, it drives the banner on both landing pages and the first view', async () => {
    const page = await explorer();
    assert.match(await page.textContent('#installation-banner'), /Set your edition and version/);
    assert.equal((await server.api('/api/snapshot')).advisories, all.length, 'the snapshot counts its advisories (the unset banner shows when there are some)');
    await page.click('#my-installation > summary');
    await page.selectOption('#installation-edition', pair.edition);
    await page.fill('#installation-version', pair.version);
    await page.click('#installation-save');
    await page.waitForFunction(() => /Saved/.test(document.querySelector('.installation-message').textContent));
    assert.deepEqual((await server.api('/api/state/installation')).installation, pair, 'kept by the app, not the browser');

    const hit = cveList('--edition', pair.edition, '--version', pair.version);
    const ongoing = hit.filter((a) => a.status === 'ongoing').length;
    const critical = hit.filter((a) => a.score >= 9).length;
    const sentence = `${hit.length} advisories affect ${pair.edition} ${pair.version} — ${ongoing} ongoing, ${critical} with CVSS ≥ 9`;
    assert.equal((await page.textContent('#installation-banner')).trim(), sentence);
    assert.equal(await countText(page), `${hit.length} of ${all.length} advisories`, 'saving filters the explorer to it');

    // Another page (a new browser context: nothing kept in the browser) starts from it.
    const other = (await pages.newPage(server.origin)).page;
    await open(other, new URL('/security/', server.url).href);
    await other.waitForSelector('#installation-banner a');
    assert.equal((await other.textContent('#installation-banner')).trim(), sentence);
    await other.click('#installation-banner a');
    await other.waitForSelector('#explorer-table tbody tr');
    assert.equal(new URL(other.url()).pathname, EXPLORER);
    assert.equal(await countText(other), `${hit.length} of ${all.length} advisories`);
    await open(other, new URL(EXPLORER, server.url).href);
    await other.waitForSelector('#explorer-table tbody tr');
    assert.equal(await other.inputValue('#explorer-edition'), pair.edition, 'the explorer defaults to the installation');
    assert.equal(await other.inputValue('#explorer-version'), pair.version);
    assert.equal(await countText(other), `${hit.length} of ${all.length} advisories`);
    // "Show all advisories" is a choice the address keeps, though an empty filter would mean the installation.
    await other.click('#explorer-clear');
    assert.equal(await countText(other), `${all.length} of ${all.length} advisories`);
    await other.reload();
    await waitReady(other);
    assert.equal(await countText(other), `${all.length} of ${all.length} advisories`);

    // A malformed version is refused in words; a version no advisory names is a fine answer.
    await page.fill('#installation-version', '4.x');
    await page.click('#installation-save');
    assert.equal(await page.textContent('.installation-message'), 'Write the version as numbers with dots, like 4.5.8.');
    await page.fill('#installation-version', '99.0.1');
    await page.click('#installation-save');
    await page.waitForFunction(() => /99\.0\.1/.test(document.querySelector('#installation-banner').textContent));
    assert.equal((await page.textContent('#installation-banner')).trim(), `No advisory in this snapshot affects ${pair.edition} 99.0.1`);
    await page.click('#installation-forget');
    await page.waitForFunction(() => /Forgotten/.test(document.querySelector('.installation-message').textContent));
    assert.deepEqual((await server.api('/api/state/installation')).installation, null);
  });

  it('keyboard only: / focuses the filter, Enter goes to the rows, arrows move, Enter opens an advisory', async () => {
    const page = await explorer();
    await page.focus('body');
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'explorer-text');
    assert.equal(await page.evaluate(() => document.querySelector('#search-dialog').open), false, '/ does not open the search palette here');
    await page.keyboard.type('mongodb');
    const ids = await rowIds(page);
    assert.ok(ids.length >= 3, 'several MongoDB advisories');
    await page.keyboard.press('Enter');
    const focused = () => page.evaluate(() => document.activeElement.closest('tr')?.dataset.id || document.activeElement.id);
    assert.equal(await focused(), ids[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focused(), ids[2]);
    await page.keyboard.press('ArrowUp');
    assert.equal(await focused(), ids[1]);
    await page.keyboard.press('End');
    assert.equal(await focused(), ids[ids.length - 1]);
    await page.keyboard.press('Home');
    assert.equal(await focused(), ids[0]);
    // The table is one tab stop: Tab leaves it.
    assert.equal(await page.$$eval('#explorer-table [tabindex="0"], #explorer-table a:not([tabindex="-1"])', (x) => x.length), 1);
    // Sorting from the keyboard: Shift+Tab back to a header button, Enter.
    await page.keyboard.down('Shift');
    for (let i = 0; i < 12 && (await page.evaluate(() => document.activeElement.dataset.key)) !== 'affected'; i += 1) await page.keyboard.press('Tab');
    await page.keyboard.up('Shift');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.key), 'affected');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('#explorer-table th[data-key="affected"]', 'aria-sort'), 'descending');
    await page.keyboard.press('Tab');
    const target = await focused();
    assert.ok(ids.includes(target), `Tab from the last header lands on a row (${target})`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.querySelector('#doc-title').textContent === id, target);
    assert.equal(new URL(page.url()).pathname, `/security-bulletins/reports/${target.toLowerCase()}/`);
    // Back returns to the filtered explorer.
    await page.keyboard.press('Alt+ArrowLeft');
    await page.waitForSelector('#explorer-table tbody tr');
    assert.equal(await page.inputValue('#explorer-text'), 'mongodb');
  });

  it('past the first 100 rows: moving down from the last one or "Show more" draws the rest', async () => {
    const page = await explorer();
    const total = all.length;
    assert.ok(total > 100, 'the snapshot has more advisories than one screenful of rows');
    assert.equal((await rowIds(page)).length, 100);
    assert.equal(await page.textContent('.explorer-shown'), 'The first 100 are listed.');
    await page.focus('#explorer-text');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowDown');
    const ids = await rowIds(page);
    assert.equal(ids.length, Math.min(total, 200));
    assert.equal(await page.evaluate(() => document.activeElement.dataset.id), ids[100], 'focus moved onto the 101st row');
    await page.selectOption('#explorer-status', '');
    await page.fill('#explorer-text', ' ');
    assert.equal((await rowIds(page)).length, 100, 'a new filter starts from the first rows again');
    await page.click('#explorer-all');
    assert.equal((await rowIds(page)).length, total);
    assert.equal(await page.isVisible('#explorer-more'), false);
  });

  it('the search palette reads status:, severity:, edition: and version: and keeps plain words working', async () => {
    const { page } = await pages.newPage(server.origin);
    await open(page, new URL('/security/', server.url).href);
    await page.keyboard.press('Control+K');
    const ask = async (q) => {
      await page.fill('#search-input', q);
      await page.waitForFunction((want) => document.querySelector('#search-results').dataset.query === want, q);
      // Every hit, once the list has drawn those after the first screenful; the page of each (a hit may open a
      // section of it, e.g. `#facts`).
      await page.waitForSelector('#search-results:not([aria-busy])', { state: 'attached' });
      return page.$$eval('#search-results [role="option"]', (o) => o.map((x) => x.dataset.target.split('#')[0]));
    };
    const routeOf = (a) => a.route;
    // Filter words alone list the advisories that pass, most severe first (the palette shows up to 20).
    const critical = all.filter((a) => a.status === 'ongoing' && a.severity === 'critical');
    assert.ok(critical.length > 0);
    const got = await ask('status:ongoing severity:critical');
    assert.equal(got.length, Math.min(critical.length, 20));
    for (const t of got) assert.ok(critical.some((a) => routeOf(a) === t), t);

    // Edition (quoted, a part of a name) and version together, with a plain word ranking what passes.
    const [product, version] = [pair.edition.replace(/^Palette /, '').toLowerCase(), pair.version];
    const passing = cveList('--edition', product, '--version', version);
    const mongo = passing.filter((a) => a.component === 'MongoDB');
    const hits = await ask(`edition:"${product}" version:${version} mongodb`);
    assert.ok(hits.length > 0, 'MongoDB advisories affect that pair');
    for (const t of hits) assert.ok(passing.some((a) => routeOf(a) === t), `${t} passes the filter`);
    assert.ok(hits.every((t) => mongo.some((a) => routeOf(a) === t)), 'the word ranks and narrows among them');

    // A plain word still finds pages and advisories alike; an id puts its advisory first.
    assert.ok((await ask('MongoDB')).some((t) => t.startsWith('/security-bulletins/reports/')));
    const one = all[0];
    assert.equal((await ask(one.id.toLowerCase()))[0], one.route);
    // A value that cannot match finds nothing rather than failing.
    assert.deepEqual(await ask('version:4.x'), []);
  });

  it('a deep link opens with its filter and sort; back and forward step through filter changes', async () => {
    const page = await explorer('?status=ongoing&severity=critical&sort=id&dir=asc');
    const expected = applyFilter(prepare(all), { ...emptyFilter(), status: 'ongoing', severity: 'critical' });
    assert.ok(expected.length > 0);
    assert.equal(await countText(page), `${expected.length} of ${all.length} advisories`);
    assert.equal(await page.inputValue('#explorer-status'), 'ongoing');
    assert.equal(await page.inputValue('#explorer-severity'), 'critical');
    assert.equal(await page.getAttribute('#explorer-table th[data-key="id"]', 'aria-sort'), 'ascending');
    for (const id of await rowIds(page)) {
      const a = all.find((x) => x.id === id);
      assert.ok(a.status === 'ongoing' && a.score >= 9, id);
    }
    const year = (await page.$$eval('#explorer-year option', (o) => o.map((x) => x.value))).find(Boolean);
    await page.selectOption('#explorer-year', year);
    const narrowed = await countText(page);
    assert.equal(new URL(page.url()).searchParams.get('year'), year);
    const drawnWithYear = (y) => page.waitForFunction((want) => document.documentElement.dataset.ready === 'true'
      && document.querySelector('#explorer-year')?.value === want, y);
    await page.goBack();
    await drawnWithYear('');
    assert.equal(new URL(page.url()).searchParams.has('year'), false);
    assert.equal(await countText(page), `${expected.length} of ${all.length} advisories`);
    await page.goForward();
    await drawnWithYear(year);
    assert.equal(await countText(page), narrowed);
  });
});
