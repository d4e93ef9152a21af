// Shared fixture for the browser tests: builds the bundle with the real binary, starts `palette-docs serve`
// on a free port, launches Debian's Chromium through playwright-core, and fails any test whose page
// asks for anything outside the app's own origin.

import assert from 'node:assert/strict';
import { before, after, afterEach } from 'node:test';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync, mkdirSync, rmSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const artifactsDir = path.join(repoRoot, 'tests', 'artifacts');
export const uiDir = path.join(repoRoot, 'ui');

// A relative PALETTE_DOCS_BIN is taken from the repository root, as the README's commands write it.
export const BIN = path.resolve(repoRoot, process.env.PALETTE_DOCS_BIN || path.join('target', 'debug', 'palette-docs'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** Why the browser suite cannot run here, or null. Under CI=true a missing prerequisite is a failure. */
export function missingPrerequisite() {
  if (!existsSync(BIN)) return `${BIN} is missing (build it with \`cargo build -p palette-docs\`)`;
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install chromium)`;
  return null;
}

export function skipOrFail(t) {
  const why = missingPrerequisite();
  if (!why) return false;
  if (process.env.CI === 'true') throw new Error(`browser tests cannot run: ${why}`);
  console.log(`# SKIPPED browser tests: ${why}`);
  t.skip(why);
  return true;
}

/** Runs the app's CLI with `dataDir` as its data folder; answers its stdout, throws with its output on failure. */
export function cli(args, dataDir) {
  const r = spawnSync(BIN, args, { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, PALETTE_DOCS_DATA_DIR: dataDir } });
  if (r.status !== 0) throw new Error(`palette-docs ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

let builtBundle = null;
/**
 * Build the snapshot once per test process from docs-bundle/ with the real CLI. It is signed with the
 * development key kept in `dataDir`, so `serve` must run with the same PALETTE_DOCS_DATA_DIR to trust it.
 */
export function buildBundle(dataDir) {
  if (builtBundle) return builtBundle;
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'palette-e2e-bundle-')), 'bundle');
  const r = spawnSync(BIN, ['bundle', 'build', '--source', path.join(repoRoot, 'docs-bundle'), '--out', out], {
    cwd: repoRoot, encoding: 'utf8', env: { ...process.env, PALETTE_DOCS_DATA_DIR: dataDir },
  });
  if (r.status !== 0) throw new Error(`bundle build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  builtBundle = out;
  return out;
}

/**
 * Start `palette-docs serve` on a free port; resolves with { url, origin, stop() }. Without `bundle` the server
 * reads like the installed app: the packaged snapshot `defaultBundle` plus the library of snapshots in `dataDir`.
 * `args`: more `serve` options, e.g. `['--allow-remote']` (team mode).
 */
export async function startServer({ bundle, dataDir, defaultBundle, args = [] }) {
  const pinned = bundle ? ['--bundle', bundle] : [];
  const packaged = defaultBundle ? { PALETTE_DOCS_DEFAULT_BUNDLE: defaultBundle } : {};
  const child = spawn(BIN, ['serve', ...pinned, '--port', '0', ...args], {
    cwd: repoRoot,
    env: { ...process.env, PALETTE_DOCS_DATA_DIR: dataDir, ...packaged },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 20 s; stderr:\n${stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/Serving Palette Docs Offline on (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing its URL; stderr:\n${stderr}`));
    });
  });
  child.stdout.resume();
  const origin = new URL(url).origin;
  return {
    url,
    origin,
    async stop() {
      // Ended already: by itself (exitCode) or by a signal, e.g. an earlier stop() (signalCode).
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
    /** A write the way the UI sends it (same Origin header; serve refuses writes without one). */
    async write(method, p, body) {
      const res = await fetch(origin + p, {
        method,
        headers: { Origin: origin, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${p} answered ${res.status}: ${await res.text()}`);
      return res.status === 204 ? null : res.json();
    },
    async api(p) {
      const res = await fetch(origin + p);
      if (!res.ok) throw new Error(`${p} answered ${res.status}`);
      return res.status === 204 ? null : res.json();
    },
  };
}

export function tempDir(prefix) {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function removeDir(dir) {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    /* best effort */
  }
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A fresh browser context bound to the app's origin. Every request is checked: anything that is not the
 * app's own origin is aborted and recorded in `foreign`, which each test asserts to be empty.
 * Page errors and CSP violations are recorded in `errors`.
 */
export async function appContext(browser, origin, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: 'light', ...options });
  const foreign = [];
  const errors = [];
  await context.route('**', (route) => {
    const u = route.request().url();
    let ok = false;
    try {
      ok = new URL(u).origin === origin;
    } catch {
      ok = false;
    }
    if (ok) return route.continue();
    foreign.push(u);
    return route.abort();
  });
  context.on('page', (p) => watch(p, errors));
  return { context, foreign, errors };
}

/**
 * The browser of a test file and the contexts its tests open, checked as each test ends. Use as:
 *
 *   const pages = guardedPages();
 *   before(() => pages.launch());  after(() => pages.close());  afterEach(() => pages.check());
 *   const { page, errors } = await pages.newPage(server.origin);
 *
 * `check` closes every context opened since the last check and fails the test if a page asked for a
 * non-app origin or recorded an error that matches none of `allowedErrors` (answers a test provokes on
 * purpose).
 */
export function guardedPages({ allowedErrors = [] } = {}) {
  let browser = null;
  const opened = [];
  return {
    async launch() {
      browser = await launchBrowser();
    },
    async close() {
      await browser?.close();
    },
    /** A page in a fresh context bound to `origin` (see appContext); answers { page, context, foreign, errors }. */
    async newPage(origin, options) {
      const ctx = await appContext(browser, origin, options);
      opened.push(ctx);
      const page = await ctx.context.newPage();
      return { page, ...ctx };
    },
    async check() {
      while (opened.length) {
        const { context, foreign, errors } = opened.pop();
        await context.close();
        assert.deepEqual(foreign, [], `the page asked for a non-app origin: ${foreign.join(', ')}`);
        const unexpected = errors.filter((e) => !allowedErrors.some((re) => re.test(e)));
        assert.deepEqual(unexpected, [], `page errors: ${unexpected.join('\n')}`);
      }
    },
  };
}

/**
 * The setup most browser suites share, registered as hooks of the enclosing `describe`: before the suite, a data
 * folder, the docs-bundle snapshot built into it, `serve` over both and the browser; after each test, its pages
 * checked (see guardedPages); after the suite, all stopped and removed. Answers live handles: `suite.server`,
 * `suite.dataDir` and `suite.bundle` (set once the suite's `before` has run), `suite.pages`, `suite.url(path)`,
 * `suite.newPage(options)` and `suite.restart()`.
 *
 *   const suite = readerSuite({ dataPrefix: 'palette-e2e-keys-', checkUi: true });
 *   before(async () => { landing = await suite.server.api('/api/page/security'); }); // runs after the suite's own
 *
 * `checkUi`: fail when the binary serves an older ui/ (assertServesCurrentUi). `prepare(dataDir)`: runs once the
 * snapshot is built, before `serve` starts. `serverArgs`, `allowedErrors`: passed to startServer and guardedPages.
 */
export function readerSuite({ dataPrefix, checkUi = false, prepare, serverArgs = [], allowedErrors = [] }) {
  const suite = {
    server: null,
    dataDir: null,
    bundle: null,
    pages: guardedPages({ allowedErrors }),
    url: (p) => new URL(p, suite.server.url).href,
    /** A page of the app's origin in a fresh, checked context (see guardedPages). */
    newPage: (options) => suite.pages.newPage(suite.server.origin, options),
    /** Stops `serve` and starts it again over the same data folder and snapshot (on another free port). */
    async restart() {
      await suite.server.stop();
      suite.server = await startServer({ bundle: suite.bundle, dataDir: suite.dataDir, args: serverArgs });
    },
  };
  before(async () => {
    suite.dataDir = tempDir(dataPrefix);
    suite.bundle = buildBundle(suite.dataDir);
    await prepare?.(suite.dataDir);
    suite.server = await startServer({ bundle: suite.bundle, dataDir: suite.dataDir, args: serverArgs });
    // The binary embeds ui/ at compile time: testing an older copy would test the wrong code.
    if (checkUi) await assertServesCurrentUi(suite.server.origin);
    await suite.pages.launch();
  });
  after(async () => {
    await suite.pages.close();
    await suite.server?.stop();
    if (suite.dataDir) removeDir(suite.dataDir);
    if (suite.bundle) removeDir(path.dirname(suite.bundle));
  });
  afterEach(() => suite.pages.check());
  return suite;
}

/** Fails unless the server at `origin` serves the working tree's ui/ (the binary embeds it at compile time). */
export async function assertServesCurrentUi(origin) {
  const stale = await staleUiFiles(origin);
  assert.deepEqual(stale, [], `the binary serves an older copy of ui/ (${stale.join(', ')}); run \`cargo build -p palette-docs\``);
}

function watch(page, errors) {
  // A same-origin 4xx/5xx is a missing UI file or asset (or a broken API call): the page shows something wrong.
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(text)) errors.push(`csp: ${text}`);
  });
}

/** Open an app URL and wait until the route is drawn. */
export async function open(page, url) {
  await page.goto(url);
  await waitReady(page);
}

export async function waitReady(page) {
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
}

export function ensureArtifacts() {
  mkdirSync(artifactsDir, { recursive: true });
  return artifactsDir;
}

/** Depth-first list of nav entries as [level, label, kind]. */
export function flattenNav(items, level = 1, out = []) {
  for (const i of items) {
    out.push([level, i.label, i.type, (i.items || []).length]);
    if (i.items) flattenNav(i.items, level + 1, out);
  }
  return out;
}

/** First page of the nav at `minDepth` or deeper (for nested-page tests). */
export function findDeepPage(items, minDepth, depth = 1) {
  for (const i of items) {
    if (i.type === 'page' && depth >= minDepth) return i;
    if (i.items) {
      const f = findDeepPage(i.items, minDepth, depth + 1);
      if (f) return f;
    }
  }
  return null;
}

/** Every in-snapshot route of the nav, in order. */
export function flattenRoutes(items, out = []) {
  for (const i of items) {
    if (i.route && i.type !== 'outside') out.push(i.route);
    if (i.items) flattenRoutes(i.items, out);
  }
  return out;
}

/** ui/ files (relative paths) whose served bytes differ from the working tree: the binary embeds an older UI. */
export async function staleUiFiles(origin) {
  const walk = (dir) => readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
  const stale = [];
  for (const f of walk(uiDir)) {
    const rel = path.relative(uiDir, f).split(path.sep).join('/');
    const res = await fetch(`${origin}/${rel}`);
    let served = Buffer.from(await res.arrayBuffer());
    // The shell is served with the answers of its first page in its head (server `first_answers`).
    if (rel === 'index.html') served = Buffer.from(served.toString('utf8').replace(/<script type="application\/json" id="first-answers">[^<]*<\/script>\n/, ''));
    if (!served.equals(readFileSync(f))) stale.push(rel);
  }
  return stale;
}
