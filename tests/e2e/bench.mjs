// UI speed figures in Chromium against the real `palette-docs serve` (a script printing numbers, never a test):
//   cold start   — launch `serve`, open `/security/`, until the page is drawn (data-ready) and painted
//   navigation   — click the "Next" card until the next page is drawn and painted (in-page clock)
//   keystroke    — one character typed in the search palette until its results are painted (in-page clock)
// Run: cd tests/e2e && PALETTE_DOCS_BIN=target/release/palette-docs node bench.mjs [rounds]
//   (PALETTE_DOCS_BIN is taken from the repository root; default target/debug/palette-docs; needs /usr/bin/chromium)

import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { missingPrerequisite, buildBundle, startServer, launchBrowser, waitReady, tempDir, removeDir, BIN } from './harness.js';
import { navigationProbe, keystrokeProbe, textEchoProbe, BENCH_WORDS, stats, sameFrame } from './probes.js';

const rounds = Number(process.argv[2] || 20);
const TYPING_GAP_MS = 100;
const why = missingPrerequisite();
if (why) {
  console.error(`cannot run: ${why}`);
  process.exit(2);
}

const dataDir = tempDir('palette-bench-data-');
const bundle = buildBundle(dataDir);
const browser = await launchBrowser();
// A plain context: the tests' request guard and response watcher send every request through
// Playwright (node and back); the reader has neither, so neither do its timings.
const plainContext = () => browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: 'light' });

const cold = [];
const serverReady = [];
const firstPaint = [];
for (let i = 0; i < Math.min(rounds, 10); i += 1) {
  const context = await plainContext();
  const page = await context.newPage();
  const t0 = performance.now();
  const server = await startServer({ bundle, dataDir });
  const t1 = performance.now();
  await page.goto(`${server.url}security/`);
  await waitReady(page);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const t2 = performance.now();
  cold.push(t2 - t0);
  serverReady.push(t1 - t0);
  firstPaint.push(t2 - t1);
  await context.close();
  await server.stop();
}

const server = await startServer({ bundle, dataDir });
const context = await plainContext();
const page = await context.newPage();
await page.goto(`${server.url}security/`);
await waitReady(page);

const nav = [];
for (let i = 0; i < rounds; i += 1) {
  const hasNext = await page.locator('#pager a.next').count();
  const sel = hasNext ? '#pager a.next' : '#pager a.prev';
  nav.push(await page.evaluate(navigationProbe, sel));
  await waitReady(page);
}

await page.keyboard.press('Control+K');
await page.waitForSelector('#search-dialog[open]');
const keys = [];
const knownKeys = [];
const echo = [];
const asked = new Set();
for (let i = 0; i < rounds; i += 1) {
  const word = BENCH_WORDS[i % BENCH_WORDS.length];
  for (let k = 1; k <= word.length; k += 1) {
    const text = word.slice(0, k);
    // Each probe starts from a page at rest, as when a person types (~10 characters a second).
    await page.waitForTimeout(TYPING_GAP_MS);
    (asked.has(text) ? knownKeys : keys).push(await page.evaluate(keystrokeProbe, text));
    asked.add(text);
    // For scale, in the same state: the field's text changed once more with no search, until painted.
    await page.waitForTimeout(TYPING_GAP_MS);
    echo.push(await page.evaluate(textEchoProbe, `${text} `));
  }
  await page.fill('#search-input', '');
  await page.waitForSelector('#search-results .search-group-title, #search-results .search-empty');
}

console.log(`binary: ${BIN}`);
console.log(`cold start (serve spawn → first page painted): ${stats(cold)}`);
console.log(`  of which serve spawn → listening (bundle verified): ${stats(serverReady)}`);
console.log(`  of which page request → first page painted: ${stats(firstPaint)}`);
console.log(`page-to-page navigation (click → next page painted): ${stats(nav)}`);
console.log(`keystroke → search results painted (a query not asked before): ${stats(keys.map((k) => k.ms))}`);
console.log(`  results in the frame that shows the typed character: ${sameFrame(keys)}`);
console.log(`  for scale, the text change alone (no search, after each keystroke) → painted: ${stats(echo)}`);
if (knownKeys.length) console.log(`  the same for a query asked before (answer kept in the page): ${stats(knownKeys.map((k) => k.ms))}`);

await context.close();
await browser.close();
await server.stop();
removeDir(dataDir);
removeDir(path.dirname(bundle));
