// "Show changes" on a long page, in Chromium (a script printing figures, never a test): the app's own
// show-changes module marks a synthetic page of SECTIONS sections × PARAGRAPHS paragraphs of 60 words
// with one inserted and one deleted word per section, from the press of the toggle until the next frame.
// Run: cd tests/e2e && node bench-changes.mjs [rounds] [sections]

import path from 'node:path';
import { missingPrerequisite, buildBundle, startServer, launchBrowser, waitReady, tempDir, removeDir } from './harness.js';
import { stats } from './probes.js';

const rounds = Number(process.argv[2] || 15);
const SECTIONS = Number(process.argv[3] || 100);
const PARAGRAPHS = 5;
const why = missingPrerequisite();
if (why) {
  console.error(`cannot run: ${why}`);
  process.exit(2);
}

const dataDir = tempDir('palette-bench-changes-');
const bundle = buildBundle(dataDir);
const server = await startServer({ bundle, dataDir });
const browser = await launchBrowser();
const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
await page.goto(`${server.url}security/`);
await waitReady(page);

const times = await page.evaluate(async ({ rounds, sections, paragraphs }) => {
  const { attachShowChanges } = await import('/js/show-changes.js');
  const word = (i) => `word${i % 97}`;
  const body = document.querySelector('#doc-body');
  const details = [];
  const html = [];
  for (let s = 0; s < sections; s += 1) {
    const anchor = `section-${s}`;
    html.push(`<h2 id="${anchor}">Section ${s}</h2>`);
    const words = [];
    for (let p = 0; p < paragraphs; p += 1) {
      const para = Array.from({ length: 60 }, (_, i) => word(s * 1000 + p * 60 + i));
      html.push(`<p>${para.join(' ')}</p>`);
      words.push(...para);
    }
    // One word inserted in the middle and one deleted near the end.
    const mid = Math.floor(words.length / 2);
    details.push({
      anchor, heading: `Section ${s}`, status: 'changed', links_added: [], links_removed: [],
      words: [
        { op: 'equal', text: `Section ${s} ${words.slice(0, mid).join(' ')} ` },
        { op: 'insert', text: `${words[mid]} ` },
        { op: 'equal', text: `${words.slice(mid + 1, -3).join(' ')} ` },
        { op: 'delete', text: 'gone ' },
        { op: 'equal', text: words.slice(-3).join(' ') },
      ],
    });
  }
  const change = { route: '/bench/', title: 'Bench', sections: details.map((d) => d.anchor), fields: [], details };
  const out = [];
  for (let r = 0; r < rounds; r += 1) {
    body.innerHTML = html.join('');
    attachShowChanges(body, change, 'the older snapshot');
    const toggle = document.querySelector('.changes-toggle');
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    const t0 = performance.now();
    toggle.click();
    const script = performance.now() - t0;
    await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
    out.push([script, performance.now() - t0]);
    if (body.querySelectorAll('ins.change-ins').length !== sections) throw new Error('not every section was marked');
  }
  return out;
}, { rounds, sections: SECTIONS, paragraphs: PARAGRAPHS });

console.log(`Show changes, ${SECTIONS} sections × ${PARAGRAPHS} paragraphs × 60 words (${SECTIONS * PARAGRAPHS * 60} words):`);
console.log(`  script (marking the words):  ${stats(times.map((t) => t[0]))}`);
console.log(`  toggle press → next frame: ${stats(times.map((t) => t[1]))}`);
await browser.close();
await server.stop();
removeDir(dataDir);
removeDir(path.dirname(bundle));
