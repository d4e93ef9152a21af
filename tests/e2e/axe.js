// axe-core run inside a page of the app, for the accessibility checks of every suite.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe on the document as it is now; answers one line per violating node. */
export async function violations(page, where) {
  // Evaluated through the devtools protocol, so the app's CSP (no inline or injected scripts) stays as it is.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    // The default rules plus the experimental ones (label-content-name-mismatch is one of them).
    const rules = Object.fromEntries(window.axe.getRules(['experimental']).map((x) => [x.ruleId, { enabled: true }]));
    const r = await window.axe.run(document, { resultTypes: ['violations'], rules });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.split('\n').slice(1, 2).join('').trim()}`));
  });
  return found.map((f) => `${where}: ${f}`);
}
