//! In-page clocks, and the way figures are printed, shared by the UI benchmarks (tests/e2e/bench.mjs in
//! Chromium, tests/desktop/bench.mjs in the real window). Each clock is a self-contained function:
//! Playwright passes it to page.evaluate, WebDriver sends its source. Each answers milliseconds from the
//! action to the frame after the change was drawn (requestAnimationFrame, then a task: the paint of that
//! frame has happened).

/** Clicks `selector` (a prev/next card) and waits until the next page is drawn and painted. */
export function navigationProbe(selector) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const obs = new MutationObserver(() => {
      if (document.documentElement.dataset.ready === 'true') {
        obs.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
      }
    });
    obs.observe(document.documentElement, { attributes: true, attributeFilter: ['data-ready'] });
    document.querySelector(selector).click();
  });
}

/**
 * Puts `text` in the open search palette as typing does and waits until its results are painted. Answers
 * `{ ms, frame }`: `frame` 0 when the results went into the first frame after the keystroke (the one that shows
 * the typed character), 1 when into the next, and so on.
 */
export function keystrokeProbe(text) {
  return new Promise((resolve) => {
    const box = document.querySelector('#search-results');
    const input = document.querySelector('#search-input');
    let frames = 0;
    let counting = true;
    const count = () => {
      if (!counting) return;
      frames += 1;
      requestAnimationFrame(count);
    };
    requestAnimationFrame(count);
    const t0 = performance.now();
    const obs = new MutationObserver(() => {
      if (box.dataset.query !== text.trim()) return;
      obs.disconnect();
      counting = false;
      const frame = frames;
      requestAnimationFrame(() => setTimeout(() => resolve({ ms: performance.now() - t0, frame }), 0));
    });
    obs.observe(box, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-query'] });
    input.value = text;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, data: text.at(-1), inputType: 'insertText' }));
  });
}

/**
 * The engine's share of a keystroke: `text` put in the focused search field with no search run (no input
 * event), until that frame is painted. What a keystroke costs the page before any results are drawn.
 */
export function textEchoProbe(text) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    document.querySelector('#search-input').value = text;
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
  });
}

/** Words from the Security docs to type letter by letter: no two share a first letter, so every
 * keystroke asks a query not asked before (answers already seen are drawn without a round trip). */
export const BENCH_WORDS = [
  'encryption', 'signature', 'vulnerability', 'lifecycle', 'kubernetes', 'fips', 'cve', 'gateway',
  'tenant', 'openssl', 'rbac', 'audit', 'hardening', 'mfa', 'bounty', 'profile', 'ingress',
  'network', 'workload', 'jwt', 'database', 'upgrade',
];

/** How many of the keystroke probes' answers put their results in the frame that showed the typed character. */
export function sameFrame(answers) {
  const n = answers.filter((a) => a.frame === 0).length;
  return `${n} of ${answers.length} (${Math.round((100 * n) / answers.length)} %)`;
}

/** How the benchmarks print a figure (in node, not in the page): median, p90 and min of `xs` milliseconds. */
export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, min ${s[0].toFixed(1)} ms (n=${s.length})`;
}
