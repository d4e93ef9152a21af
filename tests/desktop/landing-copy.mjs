#!/usr/bin/env node
//! A static copy of the landing page as the app draws it, for tests/desktop/coldstart.sh: the document once the
//! page is drawn (in Chromium, against `serve` reading the packaged snapshot as the window does), without its
//! scripts, and its style sheets saved beside it. WebKitGTK's MiniBrowser opening this copy pays what the engine
//! alone needs for this very page (parsing, the first style and layout, painting it) and none of the app's work.
//! The copy takes its title only once its first frame is painted (one line of script, the probes' "next frame
//! then a task"): a title in the head would be shown before anything is drawn, and coldstart.sh times titles.
//!
//!   node tests/desktop/landing-copy.mjs OUT_DIR      (PALETTE_DOCS_BIN: the app; PALETTE_DOCS_DATA_DIR: trusts its snapshot)
//!
//! Writes OUT_DIR/landing.html and the style sheets it links; prints the page's title.

import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, removeDir, startServer, tempDir, waitReady } from '../e2e/harness.js';

const out = process.argv[2];
if (!out) {
  console.error('usage: node tests/desktop/landing-copy.mjs OUT_DIR');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

// A fresh reader, as each launch of coldstart.sh is, who trusts the development key a source build signs with.
const dataDir = tempDir('palette-landing-copy-');
const devKey = path.join(process.env.PALETTE_DOCS_DATA_DIR || '', 'dev-signing-key');
if (process.env.PALETTE_DOCS_DATA_DIR && existsSync(devKey)) copyFileSync(devKey, path.join(dataDir, 'dev-signing-key'));
const server = await startServer({ dataDir });
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
  await page.goto(`${server.url}security/`);
  await waitReady(page);
  const { html, sheets, title } = await page.evaluate(() => {
    const doc = document.documentElement.cloneNode(true);
    for (const s of doc.querySelectorAll('script, link[rel="icon"]')) s.remove();
    const found = [];
    for (const link of doc.querySelectorAll('link[rel="stylesheet"]')) {
      const name = `sheet-${found.length}.css`;
      found.push({ href: link.getAttribute('href'), name });
      link.setAttribute('href', name);
    }
    doc.querySelector('title').textContent = 'Loading';
    const titled = document.createElement('script');
    titled.textContent = `requestAnimationFrame(() => setTimeout(() => { document.title = ${JSON.stringify(document.title)}; }, 0));`;
    doc.querySelector('body').append(titled);
    return { html: `<!doctype html>\n${doc.outerHTML}`, sheets: found, title: document.title };
  });
  for (const { href, name } of sheets) {
    const res = await fetch(new URL(href, server.url));
    if (!res.ok) throw new Error(`${href} answered ${res.status}`);
    writeFileSync(path.join(out, name), await res.text());
  }
  writeFileSync(path.join(out, 'landing.html'), html);
  console.log(title);
} finally {
  await browser.close();
  await server.stop();
  removeDir(dataDir);
}
