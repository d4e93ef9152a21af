// lunr.js side by side with our tantivy index, on the very same sections and keystrokes.
//
// Input: the JSON written by `cargo run --release -p palette-docs-core --example export_sections -- OUT.json`
// (sections, keystrokes, and our own figures measured in that run). This script builds a lunr index the
// way Docusaurus local-search plugins do (title/heading/tags/body fields with boosts, a separate docs
// store to show results), times every keystroke with the last word as a trailing wildcard, and prints
// a table with the ratios lunr / ours (> 1 means ours is faster or smaller).
//
// Usage: node tests/bench-lunr/bench.mjs target/bench-lunr/security.json

import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import lunr from "lunr";

const file = process.argv[2];
if (!file) {
  console.error("usage: node bench.mjs SECTIONS.json   (write it with the export_sections example)");
  process.exit(2);
}
const input = JSON.parse(readFileSync(file, "utf8"));
const { docs, keystrokes, ours } = input;
const rounds = ours.rounds ?? 20;
// As many results as our side was asked for (what the reader's search box requests).
const limit = ours.limit ?? 20;

// Build: the index plus the docs store a UI needs to show titles and snippets (lunr keeps only refs).
const t0 = performance.now();
const idx = lunr(function () {
  this.ref("id");
  this.field("title", { boost: 6 });
  this.field("section", { boost: 4 });
  this.field("tags", { boost: 5 });
  this.field("body");
  this.metadataWhitelist = ["position"]; // what highlight-capable plugins enable
  docs.forEach((d, i) =>
    this.add({ id: String(i), title: d.page_title, section: d.section ?? "", tags: d.tags.join(" "), body: d.body }),
  );
});
const buildMs = performance.now() - t0;
const store = docs.map((d) => ({
  route: d.route,
  anchor: d.anchor,
  page_title: d.page_title,
  section: d.section,
  breadcrumbs: d.breadcrumbs,
  body: d.body,
}));
const indexBytes = Buffer.byteLength(JSON.stringify(idx));
const storeBytes = Buffer.byteLength(JSON.stringify(store));

// Typeahead as the Docusaurus lunr plugins do it: earlier words whole, the last one also as a prefix.
function search(text) {
  const tokens = lunr.tokenizer(text).map((t) => t.toString()).filter(Boolean);
  if (tokens.length === 0) return [];
  try {
    return idx
      .query((q) => {
        tokens.forEach((t, i) => {
          q.term(t, { boost: 10 });
          if (i === tokens.length - 1) {
            q.term(t, { wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false, boost: 1 });
          }
        });
      })
      .slice(0, limit);
  } catch {
    return [];
  }
}

for (const k of keystrokes) search(k); // warm-up, as on our side
const us = [];
for (let r = 0; r < rounds; r++) {
  for (const k of keystrokes) {
    const t = performance.now();
    search(k);
    us.push((performance.now() - t) * 1000);
  }
}
us.sort((a, b) => a - b);
const pct = (p) => us[Math.round((us.length - 1) * p)];
const lunrFig = { build_ms: buildMs, index_bytes: indexBytes, store_bytes: storeBytes, p50_us: pct(0.5), p99_us: pct(0.99) };

const fmt = (v, unit) =>
  unit === "B" ? `${(v / 1024).toFixed(1)} KiB` : unit === "ms" ? `${v.toFixed(1)} ms` : `${v.toFixed(1)} µs`;
const rows = [
  ["index build", ours.build_ms, lunrFig.build_ms, "ms"],
  ["index size (ours: whole index incl. stored text; lunr: index JSON)", ours.index_bytes, lunrFig.index_bytes, "B"],
  ["shipped size (lunr: index JSON + docs store)", ours.index_bytes, lunrFig.index_bytes + lunrFig.store_bytes, "B"],
  ["keystroke p50", ours.p50_us, lunrFig.p50_us, "us"],
  ["keystroke p99", ours.p99_us, lunrFig.p99_us, "us"],
];
console.log(
  `corpus ${input.corpus}: ${docs.length} sections, markdown ${fmt(ours.markdown_bytes, "B")}, ` +
    `${keystrokes.length} keystrokes x ${rounds} rounds, ${limit} results each; node ${process.version}, lunr ${lunr.version}`,
);
console.log(`our index opens in ${ours.open_ms.toFixed(2)} ms (lunr must parse its JSON: timed below)`);
const tl = performance.now();
lunr.Index.load(JSON.parse(JSON.stringify(idx)));
console.log(`lunr Index.load of its serialized index: ${(performance.now() - tl).toFixed(2)} ms (excludes fetching/reading the JSON)`);
console.log("");
console.log("| figure | ours (tantivy) | lunr | lunr / ours |");
console.log("| --- | ---: | ---: | ---: |");
for (const [name, o, l, unit] of rows) {
  console.log(`| ${name} | ${fmt(o, unit)} | ${fmt(l, unit)} | ${(l / o).toFixed(2)}x |`);
}
