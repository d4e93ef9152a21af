//! Advisories end to end: the default snapshot's records agree with every upstream report (read at
//! test time from `../shared`), the compiled snapshot carries them as pages and `advisories.json`,
//! a vendor build from the upstream docs root gets the same records, bad report pages are named by
//! file:line without stopping the build, and nothing we generate shares ten words with upstream.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::{build_bundle, key, trust};
use palette_docs_core::advisories::{self, import, page, report, store, table, Advisory, Affected};
use palette_docs_core::bundle::{self, BuildOptions};
use palette_docs_core::library::OpenSnapshot;
use palette_docs_core::Error;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn data_dir() -> PathBuf {
    repo_root().join("docs-bundle/advisories")
}

/// The upstream Security Bulletins folder, or `None` after recording that `test` was skipped.
fn upstream_bulletins(test: &str) -> Option<PathBuf> {
    crate::shared_input::shared_path(
        "upstream/librarium/docs/docs-content/security-bulletins/reports",
        test,
    )
    .and_then(|reports| reports.parent().map(Path::to_path_buf))
}

fn records() -> Vec<Advisory> {
    let (records, problems) = store::read_records(&data_dir()).expect("the advisory data reads");
    assert!(problems.is_empty(), "{problems:#?}");
    records
}

fn pairs(list: &[Affected]) -> BTreeSet<(String, String)> {
    list.iter()
        .map(|a| (a.product.clone(), a.version.clone()))
        .collect()
}

#[test]
fn every_upstream_report_matches_its_record() {
    let Some(folder) = upstream_bulletins("advisories::every_upstream_report_matches_its_record")
    else {
        return;
    };
    let reports = folder.join("reports");
    let by_id: BTreeMap<String, Advisory> =
        records().into_iter().map(|r| (r.id.clone(), r)).collect();
    let table_text = std::fs::read_to_string(reports.join("reports.mdx")).expect("reports.mdx");
    let (rows, _) = table::parse_tables(&table_text);
    let mut problems = Vec::new();
    let mut checked = 0;
    for entry in std::fs::read_dir(&reports).expect("reports folder") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !(name.starts_with("cve-") || name.starts_with("ghsa-")) || !name.ends_with(".md") {
            continue;
        }
        checked += 1;
        let text = std::fs::read_to_string(&path).expect("report");
        let stem = name.trim_end_matches(".md");
        let (facts, _) = report::parse_report(&text, stem);
        let Some(record) = by_id.get(&facts.id) else {
            problems.push(format!("{}: no record in docs-bundle/advisories", facts.id));
            continue;
        };
        if facts.score != record.score {
            problems.push(format!(
                "{}: score {:?} upstream, {:?} ours",
                facts.id, facts.score, record.score
            ));
        }
        if facts.status != record.status {
            problems.push(format!(
                "{}: status {:?} upstream, {:?} ours",
                facts.id, facts.status, record.status
            ));
        }
        if facts.last_update != record.last_update {
            problems.push(format!(
                "{}: last update {:?} upstream, {:?} ours",
                facts.id, facts.last_update, record.last_update
            ));
        }
        // The report's own list wins; a report without one (older pages list images) takes the tables'.
        let expected = match &facts.affected {
            Some(list) => pairs(list),
            None => rows
                .iter()
                .filter(|r| r.id == facts.id)
                .flat_map(|r| r.versions.iter().map(|v| (r.edition.clone(), v.clone())))
                .collect(),
        };
        if expected != pairs(&record.affected) {
            problems.push(format!(
                "{}: affected {expected:?} upstream, {:?} ours",
                facts.id,
                pairs(&record.affected)
            ));
        }
    }
    assert!(checked >= 100, "only {checked} upstream reports found");
    assert!(
        problems.is_empty(),
        "{} mismatches:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_older_prose_advisories_are_records_with_working_anchors() {
    let text = std::fs::read_to_string(
        repo_root().join("docs-bundle/docs/security-bulletins/cve-reports.md"),
    )
    .expect("our prose page");
    let (prose, problems) =
        advisories::prose::parse_prose(&text, "/security-bulletins/cve-reports/");
    assert!(problems.is_empty(), "{problems:#?}");
    // 25 write-ups from January 2024 and before, 9 from April and June 2024.
    assert_eq!(prose.len(), 34, "the page has 34 write-ups");
    let records = records();
    for p in &prose {
        let r =
            advisories::find(&records, &p.id).unwrap_or_else(|| panic!("{} has no record", p.id));
        assert!(
            r.writeups.contains(&p.anchor),
            "{} does not link {}",
            p.id,
            p.anchor
        );
        let anchor = p.anchor.split_once('#').map(|(_, a)| a).unwrap_or_default();
        assert!(
            text.contains(&format!("{{#{anchor}}}")),
            "{}: anchor {anchor} is not on the page",
            p.id
        );
    }
}

#[test]
fn the_default_snapshot_carries_every_record_as_a_page_and_a_file() {
    let compiled = bundle::compile(
        &repo_root().join("docs-bundle"),
        &BuildOptions::default(),
        None,
    )
    .expect("compiles");
    let records = records();
    assert!(!records.is_empty());
    assert_eq!(compiled.advisories.len(), records.len());
    for r in &records {
        let page = compiled
            .pages
            .iter()
            .find(|p| p.page.route == r.route)
            .unwrap_or_else(|| panic!("no page for {} at {}", r.id, r.route));
        assert_eq!(page.page.title, r.id);
        assert_eq!(page.page.tags, ["security", "cve"]);
        assert!(
            !page.page.html.contains("<a href=\"http"),
            "{}: the advisory address must not be a live link",
            r.id
        );
    }
    let errors: Vec<String> = compiled
        .diagnostics
        .iter()
        .filter(|d| {
            d.file
                .as_ref()
                .is_some_and(|f| f.to_string_lossy().contains("advisories"))
        })
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let tmp = tempfile::tempdir().expect("tempdir");
    let out = build_bundle(&repo_root().join("docs-bundle"), tmp.path(), &key());
    let manifest = std::fs::read_to_string(out.join("manifest.json")).expect("manifest");
    assert!(
        manifest.contains("\"advisories.json\""),
        "advisories.json is hashed in the manifest"
    );
    let library = OpenSnapshot::open(&out, &trust()).expect("opens");
    let back = advisories::from_bundle(&library.bundle).expect("records");
    assert_eq!(back, compiled.advisories);
    let hits = library.searcher.search("CVE-2024-21626", 3);
    if advisories::find(&back, "CVE-2024-21626").is_some() {
        assert!(
            hits.results
                .iter()
                .any(|h| h.route == "/security-bulletins/reports/cve-2024-21626/"),
            "searching the id finds its page"
        );
    }

    // `cve list` reads this one file on its own: what it gets is the verified file, refused once changed.
    let file = advisories::SNAPSHOT_FILE;
    let alone = bundle::read_signed_file(&out, &trust(), file)
        .expect("reads")
        .expect("listed in the manifest");
    assert_eq!(
        advisories::from_snapshot_file(&alone).expect("parses"),
        back
    );
    assert_eq!(
        bundle::read_signed_file(&out, &trust(), "nothing-like-it.json").expect("reads"),
        None
    );
    let err = bundle::read_signed_file(&out, &bundle::TrustStore::empty(), file)
        .expect_err("a key this store does not trust");
    assert!(matches!(err, Error::Untrusted(_)), "{err}");
    let mut changed = alone;
    changed.push(b'\n');
    std::fs::write(out.join(file), &changed).expect("tamper");
    let err = bundle::read_signed_file(&out, &trust(), file).expect_err("a changed file");
    assert!(
        matches!(err, Error::Untrusted(_)) && err.to_string().contains(file),
        "{err}"
    );
}

#[test]
fn a_vendor_build_recognises_upstream_report_pages() {
    let Some(folder) =
        upstream_bulletins("advisories::a_vendor_build_recognises_upstream_report_pages")
    else {
        return;
    };
    let docs_root = folder.parent().expect("docs root").to_path_buf();
    let compiled = bundle::compile(&docs_root, &BuildOptions::default(), None).expect("compiles");
    let imported = import::read_upstream(&folder).expect("imports");
    assert_eq!(compiled.advisories.len(), imported.facts.len());
    assert!(compiled.advisories.len() >= 100);
    for r in &compiled.advisories {
        let page = compiled
            .pages
            .iter()
            .find(|p| p.page.route == r.route)
            .unwrap_or_else(|| panic!("no page for {}", r.id));
        assert!(
            !page.page.html.contains("NIST CVE Summary"),
            "{}: the vendor page was not replaced by the generated one",
            r.id
        );
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[test]
fn bad_report_pages_are_named_and_the_build_goes_on() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("docs");
    write(
        &root.join("intro.md"),
        "---\ntitle: Intro\n---\n\nA made-up intro page.\n",
    );
    let reports = root.join("security-bulletins/reports");
    write(
        &reports.join("cve-2031-0001.md"),
        "---\ntitle: CVE-2031-0001\n---\n\n## CVE Details\n\n[CVE-2031-0001](https://example.test/1)\n\n\
         ## Last Update\n\n2/31/2031\n\n## CVE Severity\n\n8.0\n\n## Status\n\nDaydreaming\n",
    );
    write(
        &reports.join("cve-2031-0002.md"),
        "## CVE Details\n\n[CVE-2031-0002](https://example.test/2)\n\n## Last Update\n\n1/2/2031\n\n\
         ## CVE Severity\n\n4.0\n\n## Status\n\nOngoing\n",
    );
    let compiled = bundle::compile(&root, &BuildOptions::default(), None).expect("compiles");
    let file = reports.join("cve-2031-0001.md");
    let at = |line: usize, needle: &str| {
        assert!(
            compiled
                .diagnostics
                .iter()
                .any(|d| d.file.as_deref() == Some(file.as_path())
                    && d.line == line
                    && d.message.contains(needle)),
            "no diagnostic at line {line} with {needle:?}: {:#?}",
            compiled.diagnostics
        );
    };
    at(11, "not a date");
    at(19, "unknown status `daydreaming`");
    assert_eq!(
        compiled.advisories.len(),
        2,
        "both advisories are still records"
    );
    assert!(compiled.pages.iter().any(|p| p.page.route == "/intro/"));
    assert!(
        compiled.summaries_missing.is_empty(),
        "a vendor build has no summaries file to miss"
    );
}

/// Lowercase word runs without web addresses, as the upstream-text check counts them.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|w| !w.contains("://"))
        .flat_map(|w| {
            w.split(|c: char| !c.is_alphanumeric())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn runs(text: &str) -> BTreeSet<String> {
    let w = words(text);
    w.windows(10).map(|r| r.join(" ")).collect()
}

#[test]
fn generated_pages_and_data_share_no_ten_words_with_upstream() {
    let Some(folder) =
        upstream_bulletins("advisories::generated_pages_and_data_share_no_ten_words_with_upstream")
    else {
        return;
    };
    let mut upstream = BTreeSet::new();
    let mut stack = vec![folder.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(t) = std::fs::read_to_string(&p) {
                upstream.extend(runs(&t));
            }
        }
    }
    let mut ours: Vec<(String, String)> = records()
        .iter()
        .map(|r| (r.route.clone(), page::markdown(r)))
        .collect();
    for file in [store::FACTS_FILE, store::SUMMARIES_FILE] {
        ours.push((
            file.to_string(),
            std::fs::read_to_string(data_dir().join(file)).expect("data file"),
        ));
    }
    let mut problems = Vec::new();
    for (name, text) in &ours {
        for run in runs(text).intersection(&upstream) {
            problems.push(format!("{name}: \"{run}\""));
        }
    }
    assert!(
        problems.is_empty(),
        "ten-word runs shared with upstream:\n{}",
        problems.join("\n")
    );
}
