//! Diff benchmark: two synthetic 10,000-page snapshots with 1 % of the pages changed, built through
//! the real build, then verified and compared; prints the time of each step.
//!
//! `cargo run -p palette-docs-core --example diff_bench -- prepare DIR` builds `DIR/old` and
//! `DIR/new` once; `/usr/bin/time -v cargo run … --example diff_bench -- run DIR` (or the built
//! binary under `/usr/bin/time -v`) measures the diff, so the build's memory is not counted.

use std::path::{Path, PathBuf};
use std::time::Instant;

use palette_docs_core::bundle::sign::SigningKey;
use palette_docs_core::bundle::{self, BuildOptions, SignerKind, TrustStore};
use palette_docs_core::diff::{self, DiffSource};

const PAGES: usize = 10_000;
const PER_FOLDER: usize = 100;
/// Every hundredth page changes: 1 %.
const CHANGE_EVERY: usize = 100;

fn key() -> SigningKey {
    SigningKey::from_bytes(&[42; 32])
}

fn page(n: usize, changed: bool) -> String {
    let days = if changed { 30 } else { 90 };
    let mut text = format!(
        "---\ntitle: Hardening topic {n}\nsidebar_position: {}\ntags: [\"topic-{}\"]\n---\n\n\
         Topic {n} explains one control of the platform and how an operator checks it.\n\n",
        n % PER_FOLDER,
        n % 7
    );
    for s in 0..4 {
        text.push_str(&format!("## Step {s} of topic {n}\n\n"));
        for p in 0..3 {
            text.push_str(&format!(
                "Paragraph {p} of step {s}: the operator reviews the cluster profile, confirms the \
                 layer versions, and records the result in the audit log so a later review can \
                 compare it with the baseline kept for release {n}.\n\n"
            ));
        }
        if s == 1 {
            text.push_str(&format!(
                "Rotate the credentials every {days} days.\n\n\
                 | Setting | Value |\n|---|---|\n| `rotation.days` | {days} |\n| `audit.enabled` | true |\n\n\
                 ```yaml\nrotation:\n  days: {days}\n  audit: true\n```\n\n"
            ));
        }
    }
    text
}

fn write_tree(root: &Path, version: &str, changed: bool) -> PathBuf {
    let src = root.join(format!("src-{version}"));
    let docs = src.join("docs");
    std::fs::create_dir_all(&docs).expect("mkdir");
    std::fs::write(
        src.join("snapshot.toml"),
        format!(
            "[snapshot]\nname = \"Synthetic docs\"\nversion = \"{version}\"\ndate = \"2026-12-06\"\n\
             edition = \"Bench\"\ndocs_root = \"docs\"\nsite_url = \"https://docs.example.test\"\n"
        ),
    )
    .expect("toml");
    for n in 0..PAGES {
        let folder = docs.join(format!("area-{:03}", n / PER_FOLDER));
        std::fs::create_dir_all(&folder).expect("mkdir");
        let edit = changed && n % CHANGE_EVERY == 0;
        std::fs::write(folder.join(format!("topic-{n:05}.md")), page(n, edit)).expect("page");
    }
    src
}

fn prepare(dir: &Path) {
    for (version, changed) in [("1.0", false), ("1.1", true)] {
        let started = Instant::now();
        let src = write_tree(dir, version, changed);
        let out = dir.join(if changed { "new" } else { "old" });
        let report = bundle::build(
            &src,
            &out,
            &BuildOptions::default(),
            &key(),
            SignerKind::Release,
            None,
        )
        .expect("build");
        println!(
            "built {} pages into {} in {:.1} s",
            report.pages,
            out.display(),
            started.elapsed().as_secs_f64()
        );
    }
}

fn run(dir: &Path) {
    let mut trust = TrustStore::empty();
    trust.trust(key().verifying_key(), SignerKind::Release);
    let started = Instant::now();
    let old = DiffSource::open(&dir.join("old"), "old", &trust).expect("old snapshot");
    let new = DiffSource::open(&dir.join("new"), "new", &trust).expect("new snapshot");
    let verified = started.elapsed();
    let diffed = Instant::now();
    let d = diff::compare(&old, &new).expect("diff");
    let diff_time = diffed.elapsed();
    let json = serde_json::to_vec(&d).expect("json");
    println!(
        "pages {} vs {}: {} changed, {} added, {} removed, {} moved; {} sections; JSON {} bytes",
        old.pages.len(),
        new.pages.len(),
        d.pages.changed.len(),
        d.pages.added.len(),
        d.pages.removed.len(),
        d.pages.moved.len(),
        d.pages
            .changed
            .iter()
            .map(|c| c.sections.len())
            .sum::<usize>(),
        json.len()
    );
    println!(
        "verify both: {:.3} s; diff: {:.3} s; total: {:.3} s",
        verified.as_secs_f64(),
        diff_time.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [cmd, dir] if cmd == "prepare" => prepare(Path::new(dir)),
        [cmd, dir] if cmd == "run" => run(Path::new(dir)),
        _ => eprintln!("usage: diff_bench prepare DIR | diff_bench run DIR"),
    }
}
