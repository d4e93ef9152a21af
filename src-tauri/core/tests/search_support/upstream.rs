//! Test input for search: the upstream Security pages as the bundle builder renders them — the same
//! `SearchDoc`s `palette-docs bundle build` indexes. Shared by the relevance test, the bench and the
//! `export_sections` example through `#[path]`.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use palette_docs_core::bundle::{self, BuildOptions};
use palette_docs_core::search::SearchDoc;

/// `../shared/upstream/librarium` next to the repository, if present.
pub fn upstream_root() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/upstream/librarium");
    root.join("docs/docs-content/security")
        .is_dir()
        .then_some(root)
}

/// The Security pages as search documents; empty when the upstream copy is absent.
///
/// Panics when absent and `CI=true`, because CI must not silently skip the corpus tests.
pub fn upstream_docs() -> Vec<SearchDoc> {
    let Some(root) = upstream_root() else {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("../shared/upstream is required when CI=true");
        }
        return Vec::new();
    };
    bundle::compile(
        &root.join("docs/docs-content"),
        &BuildOptions::default(),
        None,
    )
    .expect("the upstream docs compile")
    .search_docs()
}

fn collect_md(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_md(&path, out);
        } else if path.extension().is_some_and(|e| e == "md" || e == "mdx") {
            out.push(path);
        }
    }
}

/// Bytes of the upstream Security markdown (pages and the included partial): the index-size yardstick.
pub fn upstream_markdown_bytes() -> u64 {
    let Some(root) = upstream_root() else {
        return 0;
    };
    let mut files = Vec::new();
    collect_md(&root.join("docs/docs-content/security"), &mut files);
    collect_md(&root.join("_partials/security"), &mut files);
    files
        .iter()
        .filter_map(|f| fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}
