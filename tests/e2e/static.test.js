// Static checks of ui/: no remote resource URL, nothing the strict CSP would block (inline scripts, style attributes).

import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { uiDir } from './harness.js';

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const all = files(uiDir);

it('ui/ has an index.html, a stylesheet and the boot script', () => {
  for (const f of ['index.html', 'css/site.css', 'css/print.css', 'js/app.js', 'js/theme-boot.js']) {
    assert.ok(all.includes(path.join(uiDir, f)), f);
  }
});

it('no http(s):// URL anywhere in ui/ (the app makes zero network requests)', () => {
  const hits = [];
  for (const f of all) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/https?:\/\/[^\s"'`)]+/gi)) hits.push(`${path.relative(uiDir, f)}: ${m[0]}`);
  }
  assert.deepEqual(hits, []);
});

it('index.html has no inline script, no inline style, no event-handler attributes', () => {
  const html = readFileSync(path.join(uiDir, 'index.html'), 'utf8');
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    assert.match(m[1], /\bsrc="\/js\/[a-z.-]+\.js"/, `script without src: ${m[0].slice(0, 80)}`);
    assert.equal(m[2].trim(), '', 'script tags carry no inline code');
  }
  assert.doesNotMatch(html, /<style\b/i);
  assert.doesNotMatch(html, /\sstyle="/i);
  assert.doesNotMatch(html, /\son[a-z]+="/i);
});

it('every URL the UI references is root-relative', () => {
  const html = readFileSync(path.join(uiDir, 'index.html'), 'utf8');
  for (const m of html.matchAll(/\s(?:src|href)="([^"]*)"/g)) {
    assert.ok(m[1].startsWith('/') || m[1].startsWith('#'), `not root-relative: ${m[1]}`);
  }
  for (const f of all.filter((x) => x.endsWith('.js'))) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'/g)) {
      const specifier = m[1] || m[2];
      assert.ok(specifier.startsWith('./'), `${path.relative(uiDir, f)} imports ${specifier}`);
    }
    for (const m of text.matchAll(/fetch\(\s*['`]([^'`]*)/g)) assert.ok(m[1].startsWith('/'), `${f}: fetch(${m[1]})`);
  }
});

it('every ES module has a header comment saying its job', () => {
  for (const f of all.filter((x) => x.endsWith('.js'))) {
    const first = readFileSync(f, 'utf8').split('\n')[0];
    assert.match(first, /^\/\/[!]? \S/, `${path.relative(uiDir, f)} starts with a comment`);
  }
});

it('index.html loads the modules as the one bundled script (one request at start, not one per module)', () => {
  const html = readFileSync(path.join(uiDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1].trim());
  assert.deepEqual(scripts, ['src="/js/theme-boot.js"', 'type="module" src="/js/app.bundle.js"']);
  assert.doesNotMatch(html, /modulepreload/);
});
