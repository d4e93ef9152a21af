// Hostile content in Chromium: a snapshot someone else built, full of markup that tries to run script
// or reach the network, goes through the real `bundle build` → `serve` → UI path. The page is opened,
// every link is hovered and clicked, and a canary global (`window.__pwned`) must stay unset while no
// request leaves the app's origin (harness.js aborts and records any that tries).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  missingPrerequisite, startServer, launchBrowser, appContext, open, tempDir, removeDir, repoRoot, BIN,
} from './harness.js';

const why = missingPrerequisite();
if (why && process.env.CI === 'true') throw new Error(`browser tests cannot run: ${why}`);
if (why) console.log(`# SKIPPED hostile-content browser tests: ${why}`);

// Every line is an attempt; each sets the canary if it ever runs. Written for this test (no upstream text).
const HOSTILE = String.raw`---
title: "Hostile page <script>window.__pwned='title'</script>"
description: "x\" onmouseover=\"window.__pwned='description'"
tags: ["x\"><img src=x onerror=window.__pwned='tag'>"]
---

Intro text with a <b onmouseover="window.__pwned='b-hover'">bold hover target</b>.

<script>window.__pwned = 'script'</script>

<SCRIPT SRC="https://evil.example/x.js"></SCRIPT>

<img src="x" onerror="window.__pwned='img-onerror'"> <img src="https://evil.example/beacon.png">

<img srcset="https://evil.example/a.png 1x"> <video poster="https://evil.example/p.png"></video>

<iframe src="javascript:parent.__pwned='iframe'"></iframe> <iframe srcdoc="<script>parent.__pwned='srcdoc'</script>"></iframe>

<object data="data:text/html,<script>parent.__pwned='object'</script>"></object> <embed src="https://evil.example/e.swf">

<svg onload="window.__pwned='svg-onload'"><script>window.__pwned='svg-script'</script><a href="javascript:window.__pwned='svg-link'"><text y="20">svg link</text></a></svg>

<math><a href="javascript:window.__pwned='math'">math link</a></math>

<p style="background:url(https://evil.example/bg.png)" onclick="window.__pwned='p-click'">styled clickable paragraph</p>

<style>@import url(https://evil.example/y.css); body { background: url(https://evil.example/z.png) }</style>

<link rel="stylesheet" href="https://evil.example/x.css"> <base href="https://evil.example/">

<meta http-equiv="refresh" content="0;url=javascript:window.__pwned='meta'">

<details open ontoggle="window.__pwned='details'"><summary>details</summary>inside</details>

<a href="javascript:window.__pwned='a-js'">html javascript link</a>

<a href="  JaVaScRiPt:window.__pwned='a-js-case'">mixed-case javascript link</a>

<a href="&#106;avascript:window.__pwned='a-entity'">entity javascript link</a>

<a href="&#x6A;&#x61;vascript&colon;window.__pwned='a-hex-entity'">hex entity javascript link</a>

<a href="data:text/html,<script>window.__pwned='a-data'</script>">html data link</a>

[markdown javascript link](javascript:window.__pwned='md-js')

[markdown data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)

[markdown entity link](&#106;avascript:window.__pwned='md-entity')

[quoted title](https://example.org/ "a\" onmouseover=\"window.__pwned='md-title'")

[single-quoted title](https://example.org/ 'b'' onmouseover=''window.__pwned=1')

<a href="https://example.org/" title='x" onmouseover="window.__pwned=&#39;a-title&#39;'>html quoted title</a>

<form action="javascript:window.__pwned='form'"><button>submit</button></form>

![remote image](https://evil.example/remote.png "t\" onerror=\"window.__pwned='img-title'")

:::warning <img src=x onerror="window.__pwned='admonition-title'">

Admonition body <script>window.__pwned='admonition'</script>

:::

## Heading <img src=x onerror="window.__pwned='heading'">

` + '```html\n<script>window.__pwned=\'code\'</script>\n```\n';

describe('hostile snapshot content in Chromium', { skip: why || false }, () => {
  let server;
  let browser;
  let work;

  before(async () => {
    work = tempDir('palette-e2e-hostile-');
    const src = path.join(work, 'src', 'evil');
    mkdirSync(src, { recursive: true });
    writeFileSync(path.join(src, 'evil.md'), HOSTILE);
    writeFileSync(path.join(src, 'ok.md'), '---\ntitle: Plain page\n---\nA harmless neighbour page.\n');
    const dataDir = path.join(work, 'data');
    const bundle = path.join(work, 'bundle');
    const r = spawnSync(BIN, ['bundle', 'build', '--source', path.join(work, 'src'), '--out', bundle], {
      encoding: 'utf8', env: { ...process.env, PALETTE_DOCS_DATA_DIR: dataDir },
    });
    assert.equal(r.status, 0, `bundle build failed:\n${r.stdout}\n${r.stderr}`);
    server = await startServer({ bundle, dataDir });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (work) removeDir(work);
  });

  it('the API page carries no script, handler, javascript:/data: link or remote resource', async () => {
    const page = await server.api('/api/page/evil');
    const html = page.html;
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<(iframe|object|embed|base|meta|link|style|form)\b/i);
    // Attribute names only: quoted values and escaped text may legitimately contain `onerror=` as text.
    const tags = [...html.replace(/"[^"]*"/g, '""').matchAll(/<[a-z][^>]*>/gi)].map((m) => m[0]);
    assert.deepEqual(tags.filter((t) => /\son[a-z]+\s*=/i.test(t)), [], 'event-handler attribute survived');
    assert.doesNotMatch(html, /(href|src|action)\s*=\s*["']?\s*(javascript|data|vbscript):/i);
    assert.doesNotMatch(html, /(src|srcset|poster|data)\s*=\s*["']?(https?:)?\/\//i);
    assert.doesNotMatch(html, /url\(/i);
  });

  it('opening, hovering and clicking everything runs nothing and requests nothing outside the app', async () => {
    const { context, foreign, errors } = await appContext(browser, server.origin);
    // A dialog (alert/confirm) would mean script ran.
    const dialogs = [];
    try {
      const page = await context.newPage();
      page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
      await open(page, `${server.url}evil/`);
      const canary = () => page.evaluate(() => window.__pwned);
      assert.equal(await canary(), undefined, 'canary set on load');

      const article = page.locator('article, main').first();
      const articleText = await article.innerText();
      assert.match(articleText, /bold hover target/, 'the hostile page rendered');

      // The DOM as the browser built it: nothing executable survived.
      const dom = await page.evaluate(() => {
        const root = document.querySelector('main') || document.body;
        const bad = [];
        for (const el of root.querySelectorAll('*')) {
          const tag = el.tagName.toLowerCase();
          if (['script', 'iframe', 'object', 'embed', 'base', 'meta', 'form'].includes(tag)) bad.push(`<${tag}>`);
          for (const a of el.attributes) {
            if (/^on/i.test(a.name)) bad.push(`${tag}[${a.name}]`);
            if (/^\s*(javascript|data|vbscript):/i.test(a.value) && ['href', 'src', 'action', 'xlink:href'].includes(a.name)) bad.push(`${tag}[${a.name}=${a.value}]`);
          }
        }
        return bad;
      });
      assert.deepEqual(dom, [], 'executable markup reached the DOM');

      // Hover everything, then click every link (the app shows outside addresses instead of opening them).
      const targets = page.locator('#doc *');
      const count = Math.min(await targets.count(), 400);
      let hovered = 0;
      for (let i = 0; i < count; i++) {
        // Some elements cannot be hovered (zero size, display: none): counted, so "nothing happened" fails.
        hovered += await targets.nth(i).hover({ timeout: 500, force: true }).then(() => 1, () => 0);
      }
      assert.ok(hovered > count / 2, `only ${hovered} of ${count} elements could be hovered`);
      assert.equal(await canary(), undefined, 'canary set by hovering');

      const links = page.locator('#doc a[href]');
      const n = await links.count();
      assert.ok(n > 5, `expected the hostile links to render as text or safe links, found ${n}`);
      let clicked = 0;
      for (let i = 0; i < n; i++) {
        const link = links.nth(i);
        if (!(await link.isVisible().catch(() => false))) continue;
        clicked += await link.click({ timeout: 2000 }).then(() => 1, () => 0);
        await page.keyboard.press('Escape');
        assert.equal(await canary(), undefined, `canary set by clicking link ${i}`);
        if (!new URL(page.url()).pathname.startsWith('/evil')) await open(page, `${server.url}evil/`);
      }
      assert.ok(clicked >= 5, `only ${clicked} of ${n} links could be clicked: the canary proves nothing`);
      await page.locator('#doc p', { hasText: 'styled clickable paragraph' }).click({ timeout: 2000 });
      // A negative check (the canary stays unset) has no event to wait for: a bounded wait lets a handler
      // the click might have triggered run before the canary is read.
      await page.waitForTimeout(300);
      assert.equal(await canary(), undefined, 'canary set after interaction');
      assert.deepEqual(dialogs, [], `a dialog opened: ${dialogs.join(', ')}`);
    } finally {
      await context.close();
    }
    assert.deepEqual(foreign, [], `the page asked for a non-app origin: ${foreign.join(', ')}`);
    // Expected 404s: the harmless relative `src="x"` images point nowhere, and this two-page snapshot has
    // no `/security/` landing page, which the UI asks for as its home.
    const real = errors.filter((e) => !/^HTTP 404 for .*(\/x|\/api\/page\/security)$/.test(e));
    assert.deepEqual(real, [], `page errors: ${real.join('\n')}`);
  });
});
