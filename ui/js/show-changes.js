//! "Show changes" on a page that changed since the snapshot read before: a bar above the article
//! with a toggle that marks, in place, the words inserted (`<ins>`) and deleted (`<del>`) in each
//! changed section, from the word runs of `/api/diff`. The runs are laid over the page's own text
//! nodes, so formatting, links and code stay as they are; a section whose text cannot be matched
//! word for word shows its runs as a block under its heading instead. Turning it off puts every
//! text node back.

import { $, h } from './dom.js';

const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

let undo = [];

/** The page's text nodes by section anchor ('' before the first heading with an id), in reading order. */
function textBySection(body) {
  const sections = new Map([['', []]]);
  let current = sections.get('');
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType === Node.TEXT_NODE) return NodeFilter.FILTER_ACCEPT;
      // Added by the reader, not part of the page's text: the heading's direct link, buttons.
      if (node.matches('a.hash-link, button, .changes-block')) return NodeFilter.FILTER_REJECT;
      if (HEADINGS.has(node.tagName) && node.id) {
        if (!sections.has(node.id)) sections.set(node.id, []);
        current = sections.get(node.id);
      }
      return NodeFilter.FILTER_SKIP;
    },
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) current.push(node);
  return sections;
}

/**
 * The newer side's words with their fate: `chars` is the newer text without whitespace, `inserted[i]`
 * whether char i was inserted, `deletedBefore.get(i)` the deleted text shown before char i, and
 * `changesBefore[i]` how many chars before i are inserted or have deleted text before them (so a
 * stretch of text without a change is found without looking at its characters).
 */
function newerSide(runs) {
  const solids = [];
  const flags = [];
  const deletedBefore = new Map();
  let length = 0;
  for (const run of runs) {
    if (run.op === 'delete') {
      const text = run.text.trim();
      if (text) deletedBefore.set(length, `${deletedBefore.get(length) || ''} ${text}`.trim());
      continue;
    }
    const solid = run.text.replace(/\s+/g, '');
    solids.push(solid);
    flags.push([length, solid.length, run.op === 'insert']);
    length += solid.length;
  }
  const inserted = new Uint8Array(length);
  for (const [at, n, ins] of flags) if (ins) inserted.fill(1, at, at + n);
  const changesBefore = new Uint32Array(length + 1);
  for (let i = 0; i < length; i += 1) {
    changesBefore[i + 1] = changesBefore[i] + (inserted[i] || deletedBefore.has(i) ? 1 : 0);
  }
  return { chars: solids.join(''), inserted, deletedBefore, changesBefore };
}

/** `node`'s pieces (whitespace kept as it is), each word split where its characters change fate. */
function piecesOf(node, side, from) {
  const parts = [];
  let at = from;
  for (const piece of node.data.split(/(\s+)/)) {
    if (!piece) continue;
    if (/^\s/.test(piece)) {
      parts.push({ text: piece });
      continue;
    }
    let start = 0;
    for (let i = 1; i <= piece.length; i += 1) {
      const boundary = i === piece.length || side.inserted[at + i] !== side.inserted[at + start]
        || side.deletedBefore.has(at + i);
      if (!boundary) continue;
      parts.push({ text: piece.slice(start, i), inserted: side.inserted[at + start] === 1, deleted: side.deletedBefore.get(at + start) });
      start = i;
    }
    at += piece.length;
  }
  return parts;
}

/** Lays `runs` over `nodes` (text nodes); answers false, changing nothing, when their words differ. */
function markInPlace(nodes, runs) {
  const side = newerSide(runs);
  const plans = [];
  let at = 0;
  for (const node of nodes) {
    const solid = node.data.replace(/\s+/g, '');
    if (side.chars.slice(at, at + solid.length) !== solid) return false;
    if (side.changesBefore[at + solid.length] !== side.changesBefore[at]) plans.push({ node, parts: piecesOf(node, side, at) });
    at += solid.length;
  }
  if (at !== side.chars.length) return false;
  for (const { node, parts } of plans) {
    const made = [];
    for (const p of parts) {
      if (p.deleted) made.push(h('del', { class: 'change-del' }, p.deleted), document.createTextNode(' '));
      made.push(p.inserted ? h('ins', { class: 'change-ins' }, p.text) : document.createTextNode(p.text));
    }
    node.replaceWith(...made);
    undo.push(() => {
      made[0].before(node);
      for (const m of made) m.remove();
    });
  }
  const tail = side.deletedBefore.get(side.chars.length);
  if (tail) {
    const last = nodes[nodes.length - 1];
    const del = h('del', { class: 'change-del' }, ` ${tail}`);
    if (last) last.after(del);
    else return false;
    undo.push(() => del.remove());
  }
  return true;
}

/** The runs as one block: for sections whose text cannot be laid over the page, and removed ones. */
function runsBlock(label, runs) {
  return h('div', { class: 'changes-block' },
    h('p', { class: 'changes-block-label' }, label),
    h('p', {}, runs.map((r) => {
      if (r.op === 'insert') return h('ins', { class: 'change-ins' }, r.text);
      if (r.op === 'delete') return h('del', { class: 'change-del' }, r.text);
      return r.text;
    })));
}

function showChanges(body, change) {
  const sections = textBySection(body);
  for (const detail of change.details) {
    const heading = detail.anchor ? document.getElementById(detail.anchor) : null;
    if (detail.status === 'removed' || !sections.has(detail.anchor)) {
      const block = runsBlock(`Removed section${detail.heading ? `: ${detail.heading}` : ''}`, detail.words);
      body.append(block);
      undo.push(() => block.remove());
      continue;
    }
    if (markInPlace(sections.get(detail.anchor), detail.words)) continue;
    const block = runsBlock('This section’s words, changed:', detail.words);
    if (heading && body.contains(heading)) heading.after(block);
    else body.prepend(block);
    undo.push(() => block.remove());
  }
}

function hideChanges() {
  for (const fn of undo.reverse()) fn();
  undo = [];
}

/**
 * Puts the bar above the article body `body` when `change` (the page's entry in the diff) is set;
 * `since` names the older snapshot. `on` starts with the changes shown.
 */
export function attachShowChanges(body, change, since, { on = false } = {}) {
  undo = [];
  $('#changes-bar')?.remove();
  if (!change) return;
  const count = change.details.length;
  const button = h('button', { type: 'button', class: 'button changes-toggle', 'aria-pressed': 'false' }, 'Show changes');
  const bar = h('div', { id: 'changes-bar', class: 'changes-bar', role: 'note' },
    h('span', {}, `This page changed since ${since}: ${count} ${count === 1 ? 'section' : 'sections'}.`),
    button);
  const set = (show) => {
    if (show) showChanges(body, change);
    else hideChanges();
    button.setAttribute('aria-pressed', String(show));
    button.textContent = show ? 'Hide changes' : 'Show changes';
  };
  button.addEventListener('click', () => set(button.getAttribute('aria-pressed') !== 'true'));
  body.before(bar);
  if (on) set(true);
}
