// Advisory explorer figures with 5,000 synthetic advisories (a script printing numbers, never a test):
//   snapshot size — the synthetic snapshot against the default one, per advisory (pages, advisories.json, index)
//   keystroke     — one character typed in the explorer's text filter until the table is repainted (in-page clock)
//   choice        — an edition chosen in the explorer until the table is repainted (in-page clock)
//   first draw    — the explorer page opened until the table is drawn (data-ready)
//   echo          — for scale: the typed text alone painted, no filtering
// and the `cve list --version V --json` command to time as a whole process on the same snapshot.
// Run: cd tests/e2e && PALETTE_DOCS_BIN=target/release/palette-docs node explorer-bench.mjs [advisories] [rounds]
//   (PALETTE_DOCS_BIN is taken from the repository root; default target/debug/palette-docs; needs /usr/bin/chromium)

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BIN, missingPrerequisite, repoRoot, buildBundle, startServer, launchBrowser, waitReady, tempDir, removeDir } from './harness.js';
import { stats } from './probes.js';

const N = Number(process.argv[2] || 5000);
const rounds = Number(process.argv[3] || 40);
const why = missingPrerequisite();
if (why) {
  console.error(`cannot run: ${why}`);
  process.exit(2);
}

const EDITIONS = ['Palette Enterprise', 'Palette Enterprise airgap', 'Palette VerteX', 'Palette VerteX airgap'];
const VERSIONS = ['4.3.1', '4.4.11', '4.4.14', '4.4.18', '4.5.3', '4.5.8', '4.6.0', '4.6.2', '4.7.0'];
const COMPONENTS = ['MongoDB', 'OpenSSL', 'Go Project', 'Python', 'Ubuntu', 'CoreDNS', 'Libcurl', 'NATS', 'Perl', 'Libexpat'];
const STATUSES = ['ongoing', 'ongoing', 'ongoing', 'resolved', 'not affected'];

/** A deterministic generator, so every run measures the same snapshot. */
function random(seed) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function synthetic(n) {
  const r = random(42);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const facts = [];
  const summaries = ['# Synthetic summaries for the explorer benchmark.'];
  for (let i = 0; i < n; i += 1) {
    const id = `CVE-${2020 + (i % 6)}-${String(10000 + i).padStart(5, '0')}`;
    const day = `20${20 + (i % 6)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const affected = [];
    for (const e of EDITIONS) if (r() < 0.5) for (const v of VERSIONS) if (r() < 0.3) affected.push({ product: e, version: v });
    const component = pick(COMPONENTS);
    facts.push({
      id, score: Math.round(r() * 100) / 10, status: pick(STATUSES), first_published: day, last_update: day, component, affected,
      revisions: [{ date: day, change: 'Advisory first published.' }], url: `https://nvd.nist.gov/vuln/detail/${id}`, writeups: [],
      source: `synthetic/${id.toLowerCase()}.md`,
    });
    summaries.push(`\n[${id}]\nsummary = "Synthetic advisory ${i} about ${component}, made up to measure the explorer with many rows."`);
  }
  return { facts, summaries: `${summaries.join('\n')}\n` };
}

function bytesUnder(p) {
  const st = statSync(p);
  if (!st.isDirectory()) return st.size;
  return readdirSync(p).reduce((sum, n) => sum + bytesUnder(path.join(p, n)), 0);
}

const dataDir = tempDir('palette-explorer-bench-data-');
const defaultBundle = buildBundle(dataDir);

// The synthetic snapshot: our docs with the advisory data replaced.
const source = path.join(tempDir('palette-explorer-bench-src-'), 'docs-bundle');
cpSync(path.join(repoRoot, 'docs-bundle'), source, { recursive: true });
const { facts, summaries } = synthetic(N);
writeFileSync(path.join(source, 'advisories', 'advisories.json'), JSON.stringify(facts, null, 1));
writeFileSync(path.join(source, 'advisories', 'summaries.toml'), summaries);
const bundle = path.join(path.dirname(source), 'bundle');
const env = { ...process.env, PALETTE_DOCS_DATA_DIR: dataDir };
const t0 = performance.now();
const built = spawnSync(BIN, ['bundle', 'build', '--source', source, '--out', bundle], { cwd: repoRoot, encoding: 'utf8', env });
if (built.status !== 0) {
  console.error(`bundle build failed:\n${built.stdout}\n${built.stderr}`);
  process.exit(1);
}
const buildMs = performance.now() - t0;

const base = (await import('node:fs')).readFileSync(path.join(repoRoot, 'docs-bundle', 'advisories', 'advisories.json'), 'utf8');
const baseCount = JSON.parse(base).length;
const part = (b, rel) => bytesUnder(path.join(b, rel));
const sizes = (b) => ({
  total: bytesUnder(b), pages: part(b, 'pages/security-bulletins/reports'), json: part(b, 'advisories.json'), search: part(b, 'search'),
});
const small = sizes(defaultBundle);
const large = sizes(bundle);
const per = (k) => ((large[k] - small[k]) / (N - baseCount)).toFixed(0);
console.log(`snapshot: ${N} synthetic advisories built in ${(buildMs / 1000).toFixed(1)} s; ${(large.total / 1e6).toFixed(1)} MB against ${(small.total / 1e6).toFixed(1)} MB with ${baseCount}`);
console.log(`  per advisory: ${per('total')} bytes in all = page ${per('pages')} + advisories.json ${per('json')} + search index ${per('search')} (+ manifest, nav, tags)`);

const server = await startServer({ bundle, dataDir });
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: 'light' });
const page = await context.newPage();

const firstDraw = [];
for (let i = 0; i < 5; i += 1) {
  const s = performance.now();
  await page.goto(`${server.url}security-bulletins/?edition=any`);
  await waitReady(page);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  firstDraw.push(performance.now() - s);
}
console.log(`explorer first draw (page opened → table painted, ${N} advisories fetched once): ${stats(firstDraw)}`);

/**
 * `text` put in the explorer's text filter as typing does, until the repainted table's frame is painted. Like a
 * person typing, it starts once the table has drawn all its rows from the keystroke before and that was painted.
 */
async function typeProbe(text) {
  await new Promise((settled) => {
    const wait = () => (document.querySelector('#explorer-table').hasAttribute('aria-busy')
      ? requestAnimationFrame(wait) : requestAnimationFrame(() => setTimeout(settled, 0)));
    wait();
  });
  return new Promise((resolve) => {
    const input = document.querySelector('#explorer-text');
    const t0 = performance.now();
    input.value = text;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, data: text.at(-1), inputType: 'insertText' }));
    // The explorer repaints the first rows in the input handler; wait for the frame that shows them.
    requestAnimationFrame(() => setTimeout(() => resolve([performance.now() - t0, document.querySelector('#explorer-count').textContent]), 0));
  });
}

async function chooseProbe(value) {
  await new Promise((settled) => {
    const wait = () => (document.querySelector('#explorer-table').hasAttribute('aria-busy')
      ? requestAnimationFrame(wait) : requestAnimationFrame(() => setTimeout(settled, 0)));
    wait();
  });
  return new Promise((resolve) => {
    const sel = document.querySelector('#explorer-edition');
    const t0 = performance.now();
    sel.value = value;
    sel.dispatchEvent(new Event('change', { bubbles: true }));
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
  });
}

const WORDS = ['mongodb', 'openssl', 'python', 'ubuntu', 'coredns', 'libcurl', 'nats', 'perl'];
const keys = [];
const counts = new Set();
for (let i = 0; keys.length < rounds; i += 1) {
  const w = WORDS[i % WORDS.length];
  for (let k = 1; k <= w.length && keys.length < rounds; k += 1) {
    const [ms, count] = await page.evaluate(typeProbe, w.slice(0, k));
    keys.push(ms);
    counts.add(count);
  }
  await page.evaluate(typeProbe, '');
}
console.log(`explorer keystroke → table repainted: ${stats(keys)} (rows matching ranged over ${[...counts].slice(0, 3).join('; ')} …)`);

/** For scale: the text alone put in the field (no input event, no repaint of the table) until that frame is painted. */
function echoProbe(text) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    document.querySelector('#explorer-text').value = text;
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
  });
}
const echoes = [];
for (let i = 0; i < rounds; i += 1) echoes.push(await page.evaluate(echoProbe, 'mongodb'.slice(0, 1 + (i % 7))));
console.log(`  for scale, the typed text alone → painted (no filtering): ${stats(echoes)}`);
const nodes = await page.evaluate(() => ({ all: document.querySelectorAll('*').length, sidebar: document.querySelectorAll('#sidebar *').length }));
console.log(`  the document holds ${nodes.all} elements, ${nodes.sidebar} of them in the sidebar`);

const choices = [];
for (let i = 0; i < Math.min(rounds, 20); i += 1) choices.push(await page.evaluate(chooseProbe, i % 2 ? '' : EDITIONS[i % EDITIONS.length]));
console.log(`explorer edition chosen → table repainted: ${stats(choices)}`);

await browser.close();
await server.stop();
console.log('whole-process `cve list` on this snapshot (time it with /usr/bin/time -v or a benchmark runner):');
console.log(`  PALETTE_DOCS_DATA_DIR=${dataDir} ${BIN} cve list --bundle ${bundle} --version 4.5.8 --json`);
if (!process.env.KEEP) {
  removeDir(dataDir);
  removeDir(path.dirname(source));
  removeDir(path.dirname(defaultBundle));
} else {
  mkdirSync(path.dirname(source), { recursive: true });
  console.log(`kept: ${path.dirname(source)} and ${dataDir} (KEEP=1)`);
}
