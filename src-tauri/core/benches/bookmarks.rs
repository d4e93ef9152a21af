//! Bookmarks panel speed: load a 10,000-bookmark file (lock, read, parse), what the panel waits for
//! when it opens. Filtering as you type happens in the UI, on the list loaded once.
//!
//! Run: `cargo bench -p palette-docs-core --bench bookmarks`

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, Criterion};
use palette_docs_core::bookmarks::{Bookmark, BookmarkStore};

const COUNT: usize = 10_000;

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
    group.finish();
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
}
