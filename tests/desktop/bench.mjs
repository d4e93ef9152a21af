#!/usr/bin/env node
//! UI speed figures in the real app window (WebKitGTK over the palette:// scheme), with the same in-page
//! clocks as tests/e2e/bench.mjs: page-to-page navigation and keystroke → search results painted.
//! Prints figures; asserts nothing. Run it through run.sh, which starts Xvfb and tauri-driver:
//!
//!   DESKTOP_SCRIPTS=bench.mjs tests/desktop/run.sh target/release/palette-docs      (BENCH_ROUNDS=20)

import { APP, KEY, Session, PAGE_READY } from './webdriver.mjs';
import { navigationProbe, keystrokeProbe, textEchoProbe, BENCH_WORDS, stats, sameFrame } from '../e2e/probes.js';

const rounds = Number(process.env.BENCH_ROUNDS || 20);
const TYPING_GAP_MS = 100;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs one of the probes in the window and answers what it answered (milliseconds, or the keystroke's object). */
async function probe(s, fn, arg) {
  const answer = await s.runAsync(`return await (${fn})(args[0]);`, arg);
  if (typeof (answer?.ms ?? answer) !== 'number') throw new Error(`${fn.name}: ${JSON.stringify(answer)}`);
  return answer;
}

const s = await Session.start();
try {
  await s.until('the landing page', PAGE_READY);
  // The in-page part of the cold start (app.js marks it): the window's navigation start → modules run →
  // first page drawn. tests/desktop/coldstart.sh times the whole launch from outside.
  const start = await s.run(`const at = (n) => Math.round(performance.getEntriesByName(n)[0]?.startTime ?? NaN);
    return { app: at('app-start'), drawn: at('first-page-drawn') };`);
  const nav = [];
  for (let i = 0; i < rounds; i += 1) {
    const sel = await s.run(`return document.querySelector('#pager a.next') ? '#pager a.next' : '#pager a.prev'`);
    nav.push(await probe(s, navigationProbe, sel));
    await s.until('the page', PAGE_READY);
  }

  await s.keys([KEY.control, 'k']);
  await s.until('the search dialog', `return document.querySelector('#search-dialog')?.open ? true : null`);
  // Each keystroke is followed by the engine's floor in the same state: the field's text changed once more
  // with no search (results of the keystroke still shown), so the two are measured alternately. Each starts
  // from a window at rest, TYPING_GAP_MS after the one before, as keystrokes come when a person types (~10
  // characters a second), not back to back.
  const keys = [];
  const echo = [];
  for (let i = 0; i < Math.min(rounds, BENCH_WORDS.length); i += 1) {
    const word = BENCH_WORDS[i];
    for (let k = 1; k <= word.length; k += 1) {
      await sleep(TYPING_GAP_MS);
      keys.push(await probe(s, keystrokeProbe, word.slice(0, k)));
      await sleep(TYPING_GAP_MS);
      echo.push(await probe(s, textEchoProbe, `${word.slice(0, k)} `));
    }
  }
  console.log(`binary: ${APP}`);
  console.log(`start-up inside the window: modules running at ${start.app} ms, first page drawn at ${start.drawn} ms after navigation start`);
  console.log(`page-to-page navigation (click → next page painted): ${stats(nav)}`);
  console.log(`keystroke → search results painted (a query not asked before): ${stats(keys.map((k) => k.ms))}`);
  console.log(`  results in the frame that shows the typed character: ${sameFrame(keys)}`);
  console.log(`  for scale, the text change alone (no search, after each keystroke) → painted: ${stats(echo)}`);
} finally {
  await s.end();
}
