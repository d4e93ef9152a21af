//! Build throughput: the upstream Security section, and synthetic corpora of 1k/5k/10k pages made at
//! bench time from the upstream pages (never committed). Prints figures; run with
//! `cargo bench -p palette-docs-core --bench build`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use palette_docs_core::bundle::sign::SigningKey;
use palette_docs_core::bundle::{self, BuildOptions, SignerKind};

fn upstream() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/upstream/librarium/docs/docs-content");
    dir.is_dir().then_some(dir)
}

/// `n` pages in folders of 100, each a copy of an upstream page with its links left as they are
/// (so they resolve outside the snapshot, as a big docs site's would).
fn synthetic(source: &Path, n: usize, into: &Path) -> u64 {
    let mut pages = Vec::new();
    collect(source, &mut pages);
    pages.sort();
    let mut bytes = 0;
    for i in 0..n {
        let text = std::fs::read_to_string(&pages[i % pages.len()]).unwrap_or_default();
        let dir = into.join(format!("section-{:03}", i / 100));
        std::fs::create_dir_all(&dir).ok();
        // A page-level slug would make copies collide on one route.
        let text = text.replace("slug: \"index\"", "");
        bytes += text.len() as u64;
        std::fs::write(dir.join(format!("page-{i:05}.md")), text).ok();
    }
    bytes
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn build_once(source: &Path, out: &Path) -> (Duration, usize) {
    let key = SigningKey::from_bytes(&[9; 32]);
    let started = Instant::now();
    let report = bundle::build(
        source,
        out,
        &BuildOptions::default(),
        &key,
        SignerKind::Development,
        None,
    )
    .expect("build succeeds");
    (started.elapsed(), report.pages)
}

fn main() {
    // `cargo test --benches` runs benches with `--bench` absent; do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let Some(src) = upstream() else {
        println!("skipped: ../shared not found");
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut times: Vec<Duration> = (0..7)
        .map(|_| build_once(&src, &tmp.path().join("security")).0)
        .collect();
    times.sort();
    println!(
        "security section: 18 pages, full build (render + nav + index + sign + write) median {:.1} ms, min {:.1} ms, max {:.1} ms",
        times[3].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[6].as_secs_f64() * 1e3
    );
    let sizes: Vec<usize> = std::env::var("BUILD_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1000, 5000, 10000]);
    for n in sizes {
        let corpus = tmp.path().join(format!("corpus-{n}"));
        let md_bytes = synthetic(&src, n, &corpus);
        let (elapsed, pages) = build_once(&corpus, &tmp.path().join(format!("out-{n}")));
        assert_eq!(pages, n, "every synthetic page builds");
        println!(
            "synthetic {pages:>5} pages ({:.1} MB markdown): {:.2} s, {:.0} pages/s, {:.3} ms/page, peak RSS so far {:.0} MB",
            md_bytes as f64 / 1_048_576.0,
            elapsed.as_secs_f64(),
            pages as f64 / elapsed.as_secs_f64(),
            elapsed.as_secs_f64() * 1e3 / pages as f64,
            peak_rss_mb()
        );
        let _ = std::fs::remove_dir_all(&corpus);
    }
}
