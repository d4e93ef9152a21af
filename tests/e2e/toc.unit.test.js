// Unit tests of the TOC scroll-spy rule (a pure function in ui/js/toc.js) and of search-term extraction.

import { it } from 'node:test';
import assert from 'node:assert/strict';
import { activeHeadingIndex, tocEntries } from '../../ui/js/toc.js';
import { queryTerms } from '../../ui/js/highlight.js';

const vp = { offset: 84, viewportHeight: 900 };

it('nothing is active above the first heading', () => {
  assert.equal(activeHeadingIndex([600, 1400, 2200], vp), -1);
});

it('a heading that reached the top half is active', () => {
  assert.equal(activeHeadingIndex([300, 1100, 1900], vp), 0);
});

it('the heading already scrolled past stays active until the next reaches the top half', () => {
  assert.equal(activeHeadingIndex([-500, 700, 1500], vp), 0);
  assert.equal(activeHeadingIndex([-900, 300, 1100], vp), 1);
});

it('a heading under the navbar counts as passed', () => {
  assert.equal(activeHeadingIndex([72, 800], vp), 0);
  assert.equal(activeHeadingIndex([72, 200], vp), 1);
});

it('past the last heading the last one is active', () => {
  assert.equal(activeHeadingIndex([-3000, -2000, -100], vp), 2);
});

it('at the bottom of the page the last heading on screen wins', () => {
  assert.equal(activeHeadingIndex([-400, 500, 700], { ...vp, atBottom: true }), 2);
  assert.equal(activeHeadingIndex([-400, 500, 1200], { ...vp, atBottom: true }), 1);
});

it('no headings, no active index', () => {
  assert.equal(activeHeadingIndex([], vp), -1);
});

it('TOC keeps h2–h3 only', () => {
  const toc = [{ id: 'a', level: 2 }, { id: 'b', level: 3 }, { id: 'c', level: 4 }, { id: 'd', level: 1 }];
  assert.deepEqual(tocEntries(toc).map((t) => t.id), ['a', 'b']);
});

it('search terms drop filters and quotes', () => {
  assert.deepEqual(queryTerms('tag:cve "FIPS 140-3" in:lifecycle section:"Security Bulletins" encryption'), ['FIPS', '140-3', 'encryption']);
  assert.deepEqual(queryTerms('a OR b'), []);
});
