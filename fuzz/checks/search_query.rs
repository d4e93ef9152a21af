//! Fuzz check: the search query path (parser, fuzzy terms, snippets) against a tiny in-memory index.
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/search_query.rs`) and the corpus replay that
//! `cargo test` runs (`src-tauri/core/tests/engine/fuzz_replay`).

use std::sync::OnceLock;

use palette_docs_core::search::{build_index, SearchDoc, Searcher};

fn doc(route: &str, title: &str, section: Option<&str>, body: &str) -> SearchDoc {
    SearchDoc {
        route: route.to_string(),
        anchor: section.map(|s| s.to_lowercase().replace(' ', "-")),
        page_title: title.to_string(),
        section: section.map(str::to_string),
        breadcrumbs: vec!["Security".to_string()],
        body: body.to_string(),
        tags: vec!["security".to_string()],
    }
}

fn searcher() -> &'static Searcher {
    static SEARCHER: OnceLock<(tempfile::TempDir, Searcher)> = OnceLock::new();
    &SEARCHER
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir for the fuzz index");
            let path = dir.path().join("index");
            build_index(
                &path,
                &[
                    doc(
                        "/a/",
                        "Data Encryption",
                        None,
                        "AES-256 encryption at rest and TLS 1.3 in transit.",
                    ),
                    doc(
                        "/b/",
                        "SBOM",
                        Some("Scan results"),
                        "Software bill of materials, CVE scans, kubectl get pods.",
                    ),
                    doc(
                        "/c/",
                        "RBAC",
                        Some("Roles"),
                        "Role-based access control for tenant admins and project members.",
                    ),
                ],
            )
            .expect("fuzz index builds");
            let s = Searcher::open(&path).expect("fuzz index opens");
            (dir, s)
        })
        .1
}

/// Panics on a finding; returns normally for any input the code handles.
pub fn check(data: &[u8]) {
    let query = String::from_utf8_lossy(data);
    let _ = searcher().search(&query, 20);
}
