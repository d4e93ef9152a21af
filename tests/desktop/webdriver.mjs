//! The WebDriver client the desktop tests share: plain HTTP calls to tauri-driver (Node 20 fetch; no browser
//! download, no npm client), a session on the real app window, and a tiny check runner.
//!
//! Environment (set by tests/desktop/run.sh):
//!   APP        the app binary (default: target/debug/palette-docs)
//!   DRIVER     tauri-driver's address (default: http://127.0.0.1:4444)
//!   ARTIFACTS  where screenshots go (default: tests/artifacts)

import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const APP = resolve(process.env.APP || `${root}/target/debug/palette-docs`);
export const DRIVER = process.env.DRIVER || 'http://127.0.0.1:4444';
export const ARTIFACTS = resolve(process.env.ARTIFACTS || `${root}/tests/artifacts`);
export const TIMEOUT_MS = Number(process.env.SMOKE_TIMEOUT_MS || 20000);
export const ORIGIN = 'palette://localhost';
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
export const KEY = { tab: '\uE004', control: '\uE009', enter: '\uE007', down: '\uE015', escape: '\uE00C', delete: '\uE017', pageDown: '\uE00F' };

mkdirSync(ARTIFACTS, { recursive: true });

async function wd(method, path, body) {
  const res = await fetch(`${DRIVER}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    // A wedged webview must fail the check, not hang the whole run.
    signal: AbortSignal.timeout(TIMEOUT_MS + 10000),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${path}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  }
  if (!res.ok || (json.value && json.value.error)) {
    const v = json.value || {};
    throw new Error(`${method} ${path}: ${v.error || res.status}: ${v.message || text.slice(0, 300)}`);
  }
  return json.value;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Session {
  static async start(args = []) {
    const value = await wd('POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application: APP, args } } },
    });
    const s = new Session();
    s.id = value.sessionId;
    return s;
  }
  call(method, path, body) {
    return wd(method, `/session/${this.id}${path}`, body);
  }
  run(script, ...args) {
    return this.call('POST', '/execute/sync', { script, args });
  }
  /** Runs `script` as an async function body (it may `await`) and answers what it returns. */
  runAsync(script, ...args) {
    return this.call('POST', '/execute/async', {
      script: `const done = arguments[arguments.length - 1];
               (async (...args) => { ${script} })(...Array.prototype.slice.call(arguments, 0, -1))
                 .then(done, (e) => done({ error: String(e) }));`,
      args,
    });
  }
  async find(css) {
    const el = await this.call('POST', '/element', { using: 'css selector', value: css });
    // W3C key first; older WebKitWebDriver builds answer with the JSON-wire `ELEMENT` key.
    const id = el && (el[ELEMENT] || el.ELEMENT);
    if (!id) throw new Error(`no element id for ${css} in ${JSON.stringify(el)}`);
    return id;
  }
  click(el) {
    return this.call('POST', `/element/${el}/click`, {});
  }
  type(el, text) {
    return this.call('POST', `/element/${el}/value`, { text });
  }
  keys(...sequence) {
    // One key-input source: press each chord (array = held together) in turn.
    const actions = [];
    for (const chord of sequence) {
      const ks = Array.isArray(chord) ? chord : [chord];
      for (const k of ks) actions.push({ type: 'keyDown', value: k });
      for (const k of [...ks].reverse()) actions.push({ type: 'keyUp', value: k });
    }
    return this.call('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  }
  /** Types `text` key by key into whatever has focus. */
  typeKeys(text) {
    return this.keys(...[...text]);
  }
  async until(what, script, ...args) {
    const end = Date.now() + TIMEOUT_MS;
    let last;
    while (Date.now() < end) {
      try {
        last = await this.run(script, ...args);
        if (last) return last;
      } catch (e) {
        last = e.message;
      }
      await sleep(100);
    }
    throw new Error(`timed out after ${TIMEOUT_MS} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
  }
  /** Like `until`, with an async script (e.g. one that asks the app's API). */
  async untilAsync(what, script, ...args) {
    const end = Date.now() + TIMEOUT_MS;
    let last;
    while (Date.now() < end) {
      try {
        last = await this.runAsync(script, ...args);
        if (last && !last.error) return last;
      } catch (e) {
        last = e.message;
      }
      await sleep(150);
    }
    throw new Error(`timed out after ${TIMEOUT_MS} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
  }
  async screenshot(name) {
    // WebKitGTK's WebDriver snapshot never returns while the page declares `color-scheme: dark`
    // (seen with Xvfb, WebKitGTK 2.4x): paint form controls light for the instant of the picture;
    // the page's own dark colours come from its CSS variables and stay as they are.
    await this.run(`document.documentElement.style.setProperty('color-scheme', 'only light')`);
    let png;
    try {
      png = await this.call('GET', '/screenshot');
    } finally {
      await this.run(`document.documentElement.style.removeProperty('color-scheme')`);
    }
    const file = `${ARTIFACTS}/${name}.png`;
    writeFileSync(file, Buffer.from(png, 'base64'));
    return file;
  }
  async end() {
    try {
      await this.call('DELETE', '');
    } catch {
      // The app may already be gone; nothing to clean up then.
    }
  }
}

// A page is shown when the article has a title and is no longer marked busy.
export const PAGE_READY = `
  const h1 = document.querySelector('#doc-title') || document.querySelector('main article h1');
  const doc = document.querySelector('#doc');
  if (!h1 || !h1.textContent.trim() || (doc && doc.getAttribute('aria-busy') === 'true')) return null;
  return { title: h1.textContent.trim(), path: location.pathname, hash: location.hash, href: location.href,
           docTitle: document.title };
`;

/** Named checks: each prints `ok` or `FAIL` with its time; `finish` prints the tally and exits. */
export function checks(label) {
  const results = [];
  return {
    async check(name, fn) {
      const t0 = Date.now();
      try {
        const detail = await fn();
        results.push({ name, ok: true });
        console.log(`ok   ${name} (${Date.now() - t0} ms)${detail ? ` — ${detail}` : ''}`);
        return true;
      } catch (e) {
        results.push({ name, ok: false });
        console.log(`FAIL ${name}: ${e.message}`);
        return false;
      }
    },
    fail(name, e) {
      results.push({ name, ok: false });
      console.log(`FAIL ${name}: ${e.message || e}`);
    },
    finish() {
      const passed = results.filter((r) => r.ok).length;
      const failed = results.length - passed;
      console.log(`${label}: ${passed} passed, ${failed} failed`);
      process.exit(failed ? 1 : 0);
    },
  };
}
