//! Search benchmarks: per-keystroke latency (p50/p90/p99 over every prefix of 30 queries, asking for as
//! many pages as the reader's search box does), index open time,
//! and index size against the markdown it was built from — on the Security corpus and on a synthetic
//! 10,000-page corpus generated here from the upstream sections (never written to the repository).
//!
//! Run: `cargo bench -p palette-docs-core --bench search` (set `SEARCH_BENCH_PAGES` to change 10,000).

#[path = "../tests/search_support/corpus.rs"]
mod corpus;
#[path = "../tests/search_support/upstream.rs"]
mod upstream;

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use palette_docs_core::search::{build_index, SearchDoc, Searcher};

/// Timed passes over all keystrokes for the percentile figures.
const ROUNDS: usize = 20;

struct Built {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    searcher: Searcher,
}

fn build(name: &str, docs: &[SearchDoc], markdown_bytes: u64) -> Built {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("search");
    let t = Instant::now();
    build_index(&path, docs).expect("index builds");
    let build_time = t.elapsed();
    let size = dir_size(&path);
    let mut opens: Vec<Duration> = (0..30)
        .map(|_| {
            let t = Instant::now();
            let s = Searcher::open(&path).expect("opens");
            let e = t.elapsed();
            drop(s);
            e
        })
        .collect();
    opens.sort();
    println!(
        "[{name}] {} sections, build {:.2?}, index {} bytes vs markdown {} bytes = {:.2}x, open p50 {:.2?} max {:.2?}",
        docs.len(),
        build_time,
        size,
        markdown_bytes,
        size as f64 / markdown_bytes.max(1) as f64,
        opens[opens.len() / 2],
        opens[opens.len() - 1],
    );
    let searcher = Searcher::open(&path).expect("opens");
    Built {
        _dir: dir,
        path,
        searcher,
    }
}

/// Times every keystroke ROUNDS times and prints p50/p90/p99/max over all of them, then the
/// keystrokes with the slowest median (where the tail comes from).
fn keystroke_percentiles(name: &str, searcher: &Searcher) {
    let keys = corpus::keystrokes(corpus::BENCH_QUERIES);
    for k in &keys {
        std::hint::black_box(searcher.search(k, corpus::UI_LIMIT));
    }
    let mut per_key = vec![Vec::with_capacity(ROUNDS); keys.len()];
    for _ in 0..ROUNDS {
        for (k, times) in keys.iter().zip(&mut per_key) {
            let t = Instant::now();
            std::hint::black_box(searcher.search(k, corpus::UI_LIMIT));
            times.push(t.elapsed());
        }
    }
    let mut samples: Vec<Duration> = per_key.iter().flatten().copied().collect();
    samples.sort();
    let pct = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "[{name}] keystrokes (limit {}): {} prefixes x {ROUNDS} rounds: p50 {:.1?}  p90 {:.1?}  p99 {:.1?}  max {:.1?}",
        corpus::UI_LIMIT,
        keys.len(),
        pct(0.50),
        pct(0.90),
        pct(0.99),
        samples[samples.len() - 1]
    );
    let mut medians: Vec<(Duration, &str)> = per_key
        .iter_mut()
        .zip(&keys)
        .map(|(times, k)| {
            times.sort();
            (times[times.len() / 2], k.as_str())
        })
        .collect();
    medians.sort_by_key(|m| std::cmp::Reverse(m.0));
    let slowest: Vec<String> = medians
        .iter()
        .take(5)
        .map(|(d, k)| format!("{k:?} {d:.1?}"))
        .collect();
    println!(
        "[{name}] slowest keystrokes (median): {}",
        slowest.join(", ")
    );
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

fn benches(c: &mut Criterion) {
    let docs = upstream::upstream_docs();
    if docs.is_empty() {
        println!("SKIPPED search bench: ../shared/upstream not found");
        return;
    }
    let keys = corpus::keystrokes(corpus::BENCH_QUERIES);

    let security = build("security", &docs, upstream::upstream_markdown_bytes());
    keystroke_percentiles("security", &security.searcher);

    let pages = std::env::var("SEARCH_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let synthetic_docs = corpus::synthetic_docs(&docs, pages);
    let md = corpus::markdown_bytes(&synthetic_docs) as u64;
    let synthetic = build(&format!("synthetic-{pages}"), &synthetic_docs, md);
    drop(synthetic_docs);
    keystroke_percentiles(&format!("synthetic-{pages}"), &synthetic.searcher);

    let mut g = c.benchmark_group("search");
    g.sample_size(10);
    for (name, built) in [("security", &security), ("synthetic", &synthetic)] {
        g.bench_function(format!("{name}/all_keystrokes_{}", keys.len()), |b| {
            b.iter(|| {
                for k in &keys {
                    std::hint::black_box(built.searcher.search(k, corpus::UI_LIMIT));
                }
            })
        });
        g.bench_function(format!("{name}/open"), |b| {
            b.iter(|| std::hint::black_box(Searcher::open(&built.path).expect("opens")))
        });
    }
    g.finish();
}

criterion_group!(search, benches);
criterion_main!(search);
