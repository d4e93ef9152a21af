//! Exports the search sections and query keystrokes to JSON for the lunr comparison, with our own figures.
//!
//! `cargo run --release -p palette-docs-core --example export_sections -- OUT.json [--pages N]`
//! writes `{ corpus, docs, keystrokes, ours: { build_ms, index_bytes, markdown_bytes, p50_us, p99_us, … } }`;
//! `node tests/bench-lunr/bench.mjs OUT.json` then measures lunr on the same input and prints the ratios.
//! Without `--pages` the corpus is the upstream Security pages; with it, the synthetic N-page corpus.

#[path = "../tests/search_support/corpus.rs"]
mod corpus;
#[path = "../tests/search_support/upstream.rs"]
mod upstream;

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use palette_docs_core::search::{build_index, Searcher};

const ROUNDS: usize = 20;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: export_sections OUT.json [--pages N]");
        return ExitCode::from(2);
    };
    let pages: Option<usize> = args
        .iter()
        .position(|a| a == "--pages")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok());
    let upstream_docs = upstream::upstream_docs();
    if upstream_docs.is_empty() {
        eprintln!("../shared/upstream not found: nothing to export");
        return ExitCode::from(1);
    }
    let (corpus_name, docs, markdown_bytes) = match pages {
        Some(n) => {
            let d = corpus::synthetic_docs(&upstream_docs, n);
            let md = corpus::markdown_bytes(&d) as u64;
            (format!("synthetic-{n}"), d, md)
        }
        None => (
            "security".to_string(),
            upstream_docs,
            upstream::upstream_markdown_bytes(),
        ),
    };

    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("cannot create a temporary folder: {e}");
            return ExitCode::from(1);
        }
    };
    let path = dir.path().join("search");
    let t = Instant::now();
    if let Err(e) = build_index(&path, &docs) {
        eprintln!("{e}");
        return ExitCode::from(1);
    }
    let build_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let searcher = match Searcher::open(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let open_ms = t.elapsed().as_secs_f64() * 1e3;

    let keys = corpus::keystrokes(corpus::BENCH_QUERIES);
    for k in &keys {
        std::hint::black_box(searcher.search(k, corpus::UI_LIMIT));
    }
    let mut us: Vec<f64> = Vec::new();
    for _ in 0..ROUNDS {
        for k in &keys {
            let t = Instant::now();
            std::hint::black_box(searcher.search(k, corpus::UI_LIMIT));
            us.push(t.elapsed().as_secs_f64() * 1e6);
        }
    }
    us.sort_by(f64::total_cmp);
    let pct = |p: f64| us[((us.len() as f64 - 1.0) * p).round() as usize];

    let json = serde_json::json!({
        "corpus": corpus_name,
        "docs": docs,
        "keystrokes": keys,
        "ours": {
            "engine": "tantivy (palette-docs-core)",
            "build_ms": build_ms,
            "open_ms": open_ms,
            "index_bytes": dir_size(&path),
            "markdown_bytes": markdown_bytes,
            "rounds": ROUNDS,
            "limit": corpus::UI_LIMIT,
            "p50_us": pct(0.5),
            "p99_us": pct(0.99),
            "mean_us": us.iter().sum::<f64>() / us.len() as f64,
        }
    });
    if let Some(parent) = Path::new(out).parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    match std::fs::write(out, json.to_string()) {
        Ok(()) => {
            println!(
                "wrote {} sections and {} keystrokes to {out}",
                docs.len(),
                keys.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {out}: {e}");
            ExitCode::from(1)
        }
    }
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
