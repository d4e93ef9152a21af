//! Links written against the original site keep working: every heading anchor of every upstream
//! Security page in ../shared resolves in the default snapshot, as one of our heading ids or as an
//! alias the page declares in `anchor_aliases`.
//!
//! The upstream anchors are not stored anywhere: they are computed at test time by rendering the
//! upstream tree with the same engine (github-slugger ids, de-duplicated with `-1`, `-2`), and
//! compared by the same function `bundle check --upstream` uses.

use std::path::{Path, PathBuf};

use palette_docs_core::bundle::upstream_anchors::{counterpart, element_ids, unresolved};
use palette_docs_core::bundle::{self, BuildOptions, Compiled};

#[path = "shared_input/mod.rs"]
mod shared_input;

/// Upstream pages that are documented stale duplicates and have no counterpart (docs-bundle/README.md).
const STALE_UPSTREAM: &[&str] = &["lifecycle/secure-software-development-lifecycle.md"];

/// The upstream Security section (only its pages are compared; the upstream copy also holds a
/// newer top-level Security Bulletins section, which this snapshot does not retell).
fn upstream_security(test: &str) -> Option<PathBuf> {
    shared_input::shared_path("upstream/librarium/docs/docs-content/security", test)
}

fn snapshot_source() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs-bundle")
}

fn compile(source: &Path) -> Compiled {
    bundle::compile(source, &BuildOptions::default(), None)
        .unwrap_or_else(|e| panic!("{} does not compile: {e}", source.display()))
}

#[test]
fn every_upstream_security_anchor_resolves_in_the_default_snapshot() {
    let Some(upstream_root) = upstream_security(
        "upstream_anchors::every_upstream_security_anchor_resolves_in_the_default_snapshot",
    ) else {
        return;
    };
    let upstream = compile(&upstream_root);
    let ours = compile(&snapshot_source());

    // Every upstream Security page but the stale duplicate has a page that retells it.
    let mut missing = Vec::new();
    for page in &upstream.pages {
        let rel = page.page.source_path.as_str();
        let found = counterpart(rel, &ours).is_some();
        if !STALE_UPSTREAM.contains(&rel) && !found {
            missing.push(rel);
        }
    }
    assert!(missing.is_empty(), "no counterpart for {missing:?}");

    let report = unresolved(&ours, &upstream);
    assert_eq!(report.pages_compared, 17, "17 upstream Security pages map");
    assert!(
        report.anchors_checked >= 150,
        "only {} upstream anchors found; is the upstream copy complete?",
        report.anchors_checked
    );
    let lines: Vec<String> = report.unresolved.iter().map(|d| d.to_string()).collect();
    assert!(
        lines.is_empty(),
        "{} upstream anchors do not resolve:\n{}",
        lines.len(),
        lines.join("\n")
    );
}

#[test]
fn the_default_snapshot_declares_only_usable_aliases() {
    // Alias problems (a target that is no heading, an id used twice) are render warnings, which
    // `bundle check --strict` turns into a failure; the snapshot must have none.
    let ours = compile(&snapshot_source());
    let alias_warnings: Vec<_> = ours
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("alias"))
        .map(|d| d.to_string())
        .collect();
    assert!(alias_warnings.is_empty(), "{}", alias_warnings.join("\n"));
    let reports = ours
        .pages
        .iter()
        .find(|p| p.page.route == "/security-bulletins/cve-reports/")
        .expect("the CVE reports page is in the snapshot");
    let ids = element_ids(&reports.page.html);
    // A numbered sub-heading anchor of one report (the long dated anchors of the same page, such as
    // the one quoted in issue 21, are checked against upstream by the test above).
    assert!(
        ids.contains("impact-9"),
        "#impact-9 is missing from the CVE reports page"
    );
    // On the vendor's current page the October 17, 2023 report is the nineteenth, so its References
    // heading is `references-18`.
    assert!(
        reports.page.html.contains(
            "<span id=\"references-18\" class=\"anchor-alias\"></span><h2 id=\"cve-2023-4911\""
        ),
        "the aliases sit right before the report heading they stand for"
    );
}

/// The vendor's advisory report pages (`security-bulletins/reports/*.md`): every section anchor lands
/// on our page for the same advisory (our sections carry the vendor's anchors as aliases).
#[test]
fn every_upstream_report_anchor_resolves_on_our_advisory_page() {
    let test = "upstream_anchors::every_upstream_report_anchor_resolves_on_our_advisory_page";
    let Some(reports) = shared_input::shared_path(
        "upstream/librarium/docs/docs-content/security-bulletins/reports",
        test,
    ) else {
        return;
    };
    let ours = compile(&snapshot_source());
    let mut checked = 0;
    let mut unresolved = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&reports)
        .expect("reports folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    for file in files {
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let route = format!("/security-bulletins/reports/{stem}/");
        let Some(page) = ours.pages.iter().find(|p| p.page.route == route) else {
            continue; // a report whose id our records spell otherwise is the advisories test's business
        };
        let ids = element_ids(&page.page.html);
        let text = std::fs::read_to_string(&file).expect("report");
        for heading in text.lines().filter_map(|l| l.strip_prefix("## ")) {
            let anchor = palette_docs_core::render::headings::slug(heading);
            checked += 1;
            if !ids.contains(anchor.as_str()) {
                unresolved.push(format!("{route}#{anchor}"));
            }
        }
    }
    assert!(checked > 500, "only {checked} report anchors found");
    assert!(
        unresolved.is_empty(),
        "{} of {checked} report anchors land nowhere: {:?}",
        unresolved.len(),
        &unresolved[..unresolved.len().min(20)]
    );
}

/// The vendor's top-level Security Bulletins pages (the landing page, the CVE index and the long
/// write-ups): every heading anchor lands on the page of ours that retells it.
#[test]
fn every_upstream_bulletins_anchor_resolves_in_the_default_snapshot() {
    let test = "upstream_anchors::every_upstream_bulletins_anchor_resolves_in_the_default_snapshot";
    let Some(root) = shared_input::shared_path(
        "upstream/librarium/docs/docs-content/security-bulletins",
        test,
    ) else {
        return;
    };
    let upstream = compile(&root);
    let ours = compile(&snapshot_source());
    let report = unresolved(&ours, &upstream);
    assert!(
        report.anchors_checked >= 150,
        "only {} upstream anchors found",
        report.anchors_checked
    );
    let lines: Vec<String> = report.unresolved.iter().map(|d| d.to_string()).collect();
    assert!(
        lines.is_empty(),
        "{} of {} upstream anchors do not resolve:\n{}",
        lines.len(),
        report.anchors_checked,
        lines.join("\n")
    );
}
