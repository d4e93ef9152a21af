//! Bookmarks panel speed: load a 10,000-bookmark file, then filter it once per keystroke of a few
//! typed queries. Target: under 16 ms per keystroke (one frame at 60 Hz).
//!
//! Run: `cargo bench -p palette-docs-core --bench bookmarks`
//! Besides criterion's figures it prints a per-keystroke summary table at the end.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion};
use palette_docs_core::bookmarks::{filter, Bookmark, BookmarkStore};

const COUNT: usize = 10_000;
const QUERIES: [&str; 4] = ["fips", "kubectl", "cve-2024-3", "scan results weekly"];

const TOPICS: [&str; 12] = [
    "FIPS 140-3 mode",
    "SBOM scanning",
    "CVE reports",
    "Audit logs",
    "RBAC roles",
    "Image signing",
    "Air-gapped install",
    "Secrets encryption",
    "Network policies",
    "Pod security admission",
    "Certificate rotation",
    "Vulnerability scan results",
];
const SECTIONS: [&str; 6] = [
    "Prerequisites",
    "Enable with kubectl",
    "Verify the result",
    "Limitations",
    "Troubleshooting",
    "Scan results",
];
const NOTES: [&str; 5] = [
    "",
    "check weekly",
    "asked by the audit team",
    "see CVE-2024-3094 too",
    "kubectl flags differ on VerteX",
];

fn make_bookmarks() -> Vec<Bookmark> {
    (0..COUNT)
        .map(|i| {
            let topic = TOPICS[i % TOPICS.len()];
            let anchored = i % 3 != 0;
            Bookmark {
                id: format!("{i:08x}"),
                route: format!(
                    "/security/{}/page-{i}",
                    topic.to_lowercase().replace(' ', "-")
                ),
                anchor: anchored.then(|| format!("section-{}", i % 7)),
                title: format!("{topic} ({i})"),
                section: anchored.then(|| SECTIONS[i % SECTIONS.len()].to_string()),
                note: NOTES[i % NOTES.len()].to_string(),
                created: "2026-11-26T22:18:23Z".to_string(),
                position: i as u64,
                missing: false,
            }
        })
        .collect()
}

fn write_file(dir: &Path) -> usize {
    let json = serde_json::json!({ "version": 2, "bookmarks": make_bookmarks() });
    let bytes = serde_json::to_vec_pretty(&json).expect("serialize");
    std::fs::write(dir.join("bookmarks.json"), &bytes).expect("write bench file");
    bytes.len()
}

fn prefixes(query: &str) -> Vec<&str> {
    query
        .char_indices()
        .map(|(i, c)| &query[..i + c.len_utf8()])
        .collect()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    write_file(dir.path());
    let store = BookmarkStore::open(dir.path()).expect("open");
    let list = store.list().expect("list");
    assert_eq!(list.len(), COUNT);

    let mut group = c.benchmark_group("bookmarks_10k");
    group.bench_function("load (locked read + parse)", |b| {
        b.iter(|| black_box(store.list().expect("list")))
    });
    for query in QUERIES {
        // One iteration = typing the whole query: a filter pass per keystroke.
        group.bench_function(
            format!("type {query:?} ({} keystrokes)", query.len()),
            |b| {
                b.iter(|| {
                    for prefix in prefixes(query) {
                        black_box(filter(black_box(&list), prefix));
                    }
                })
            },
        );
    }
    group.bench_function("first keystroke \"f\"", |b| {
        b.iter(|| black_box(filter(black_box(&list), "f")))
    });
    group.finish();
}

/// Plain wall-clock summary per keystroke: mean and worst prefix, filter only and reload + filter.
fn summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = write_file(dir.path());
    let store = BookmarkStore::open(dir.path()).expect("open");
    let list = store.list().expect("list");
    const REPS: u32 = 30;

    let time = |f: &mut dyn FnMut()| -> Duration {
        let start = Instant::now();
        for _ in 0..REPS {
            f();
        }
        start.elapsed() / REPS
    };
    let load = time(&mut || {
        black_box(store.list().expect("list"));
    });
    println!();
    println!(
        "bookmarks summary: {COUNT} bookmarks, file {:.1} MiB, load (locked read + parse) {:.2} ms",
        bytes as f64 / 1_048_576.0,
        load.as_secs_f64() * 1e3
    );
    println!(
        "{:<24} {:>10} {:>14} {:>14} {:>22}",
        "query", "keystrokes", "mean ms/key", "worst ms/key", "reload+filter ms/key"
    );
    for query in QUERIES {
        let keys = prefixes(query);
        let per_key: Vec<Duration> = keys
            .iter()
            .map(|p| {
                time(&mut || {
                    black_box(filter(&list, p));
                })
            })
            .collect();
        let reload: Vec<Duration> = keys
            .iter()
            .map(|p| {
                time(&mut || {
                    let fresh = store.list().expect("list");
                    black_box(filter(&fresh, p).len());
                })
            })
            .collect();
        let mean = per_key.iter().sum::<Duration>() / keys.len() as u32;
        let worst = per_key.iter().max().copied().unwrap_or_default();
        let reload_worst = reload.iter().max().copied().unwrap_or_default();
        println!(
            "{:<24} {:>10} {:>14.3} {:>14.3} {:>22.2}",
            format!("{query:?}"),
            keys.len(),
            mean.as_secs_f64() * 1e3,
            worst.as_secs_f64() * 1e3,
            reload_worst.as_secs_f64() * 1e3
        );
    }
    println!("target: < 16 ms per keystroke");
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = bench
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // `cargo test --benches` runs each benchmark once as a smoke test; the summary is for `cargo bench`.
    if std::env::args().any(|a| a == "--bench") {
        summary();
    }
}
