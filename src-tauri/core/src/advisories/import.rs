//! The importer: reads an upstream Security Bulletins folder (report pages and the per-edition
//! tables) and, optionally, our older prose page, and merges them into one set of facts per
//! advisory. The report page is authoritative for its own facts; the tables add the first
//! published date and the component; every disagreement between them is listed with file:line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Severity};
use crate::{Error, Result};

use super::prose::{self, ProseAdvisory};
use super::record::{Affected, Facts};
use super::report::{parse_report, ReportFacts};
use super::table::{parse_tables, TableRow};

/// The merged facts and everything worth telling the person who ran the import.
#[derive(Debug, Default)]
pub struct Imported {
    pub facts: Vec<Facts>,
    /// Unreadable or malformed input, with file and line.
    pub problems: Vec<Diagnostic>,
    /// Report ↔ table disagreements, with file and line.
    pub disagreements: Vec<Diagnostic>,
}

/// The `reports/` folder of a Security Bulletins folder (or the folder itself when it holds the reports).
pub fn reports_dir(folder: &Path) -> Option<PathBuf> {
    let nested = folder.join("reports");
    [nested, folder.to_path_buf()]
        .into_iter()
        .find(|d| report_files(d).is_ok_and(|f| !f.is_empty()))
}

fn report_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().to_lowercase());
            name.is_some_and(|n| {
                // `cve-2024-21626.md`, not the section's own `cve-index.md` or `cve-reports.md`.
                let advisory = n
                    .strip_prefix("cve-")
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
                    || n.starts_with("ghsa-");
                advisory && n.ends_with(".md")
            })
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Reads an upstream Security Bulletins folder. Fails only when it holds no report pages at all.
pub fn read_upstream(folder: &Path) -> Result<Imported> {
    let dir = reports_dir(folder).ok_or_else(|| {
        Error::Invalid(format!(
            "{} holds no advisory pages (reports/cve-*.md or reports/ghsa-*.md); pass the upstream security-bulletins folder",
            folder.display()
        ))
    })?;
    let mut imported = Imported::default();
    let mut reports: BTreeMap<String, (ReportFacts, PathBuf)> = BTreeMap::new();
    for file in report_files(&dir).map_err(|e| Error::io(&dir, e))? {
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) => {
                imported.problems.push(
                    Diagnostic::new(Severity::Error, 0, format!("cannot be read: {e}; skipped"))
                        .in_file(&file),
                );
                continue;
            }
        };
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (facts, problems) = parse_report(&text, &stem);
        imported
            .problems
            .extend(problems.into_iter().map(|p| p.in_file(&file)));
        if let Some((_, first)) = reports.get(&facts.id) {
            imported.problems.push(
                Diagnostic::new(
                    Severity::Warning,
                    1,
                    format!(
                        "{} is also described by {}; this page is skipped",
                        facts.id,
                        first.display()
                    ),
                )
                .in_file(&file),
            );
            continue;
        }
        reports.insert(facts.id.clone(), (facts, file));
    }
    let table_file = ["reports.mdx", "reports.md"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file());
    let mut rows: BTreeMap<String, Vec<TableRow>> = BTreeMap::new();
    if let Some(file) = &table_file {
        let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
        let (parsed, problems) = parse_tables(&text);
        imported
            .problems
            .extend(problems.into_iter().map(|p| p.in_file(file)));
        for row in parsed {
            rows.entry(row.id.clone()).or_default().push(row);
        }
    }
    let table_file = table_file.unwrap_or_else(|| dir.join("reports.mdx"));
    let ids: Vec<String> = reports.keys().chain(rows.keys()).cloned().collect();
    let mut seen = std::collections::BTreeSet::new();
    for id in ids {
        if !seen.insert(id.clone()) {
            continue;
        }
        let report = reports.get(&id);
        let table = rows.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let facts = merge(
            &id,
            report,
            table,
            &dir,
            &table_file,
            &mut imported.disagreements,
        );
        imported.facts.push(facts);
    }
    imported.facts.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(imported)
}

fn most_common(values: impl Iterator<Item = String>) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(k, _)| *k == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(v, _)| v)
}

fn default_url(id: &str) -> Option<String> {
    if id.starts_with("CVE-") {
        Some(format!("https://nvd.nist.gov/vuln/detail/{id}"))
    } else if id.starts_with("GHSA-") {
        Some(format!(
            "https://github.com/advisories/{}",
            id.to_lowercase()
        ))
    } else {
        None
    }
}

fn table_pairs(table: &[TableRow]) -> Vec<Affected> {
    let mut pairs: Vec<Affected> = table
        .iter()
        .flat_map(|r| {
            r.versions.iter().map(|v| Affected {
                product: r.edition.clone(),
                version: v.clone(),
            })
        })
        .collect();
    pairs.sort();
    pairs.dedup();
    pairs
}

fn merge(
    id: &str,
    report: Option<&(ReportFacts, PathBuf)>,
    table: &[TableRow],
    dir: &Path,
    table_file: &Path,
    disagreements: &mut Vec<Diagnostic>,
) -> Facts {
    let mut disagree = |row: &TableRow, message: String| {
        disagreements.push(
            Diagnostic::new(Severity::Warning, row.line, format!("{id}: {message}"))
                .in_file(table_file),
        );
    };
    let components: Vec<String> = table.iter().filter_map(|r| r.component.clone()).collect();
    let component = most_common(components.iter().cloned());
    let first_published = table.iter().filter_map(|r| r.first_published.clone()).min();
    for row in table {
        if let (Some(c), Some(main)) = (&row.component, &component) {
            if c != main {
                disagree(
                    row,
                    format!(
                        "{} names the component `{c}`, other tabs `{main}`",
                        row.edition
                    ),
                );
            }
        }
    }
    let Some((r, file)) = report else {
        let newest = table.iter().filter_map(|r| r.modified.clone()).max();
        return Facts {
            id: id.to_string(),
            score: table.iter().find_map(|r| r.score),
            status: table.iter().find_map(|r| r.status.clone()),
            first_published,
            last_update: newest,
            component,
            affected: table_pairs(table),
            revisions: Vec::new(),
            url: default_url(id),
            writeups: Vec::new(),
            source: relative(table_file, dir),
        };
    };
    for row in table {
        if let (Some(t), Some(p)) = (row.score, r.score) {
            if (t - p).abs() > f64::EPSILON {
                disagree(
                    row,
                    format!("the {} table gives score {t}, the report {p}", row.edition),
                );
            }
        }
        if let (Some(t), Some(p)) = (&row.status, &r.status) {
            if t != p {
                disagree(
                    row,
                    format!(
                        "the {} table gives status `{t}`, the report `{p}`",
                        row.edition
                    ),
                );
            }
        }
        if let (Some(t), Some(p)) = (&row.modified, &r.last_update) {
            if t != p {
                disagree(
                    row,
                    format!(
                        "the {} table was modified {t}, the report last updated {p}",
                        row.edition
                    ),
                );
            }
        }
        if let Some(listed) = &r.affected {
            let mut in_report: Vec<&str> = listed
                .iter()
                .filter(|a| a.product == row.edition)
                .map(|a| a.version.as_str())
                .collect();
            let mut in_table: Vec<&str> = row.versions.iter().map(String::as_str).collect();
            in_report.sort();
            in_table.sort();
            if in_report != in_table {
                disagree(
                    row,
                    format!(
                        "the {} table lists versions [{}], the report [{}]",
                        row.edition,
                        in_table.join(", "),
                        in_report.join(", ")
                    ),
                );
            }
        }
    }
    Facts {
        id: id.to_string(),
        score: r.score,
        status: r.status.clone(),
        first_published: first_published
            .or_else(|| r.revisions.iter().map(|v| v.date.clone()).min()),
        last_update: r.last_update.clone(),
        component,
        affected: r.affected.clone().unwrap_or_else(|| table_pairs(table)),
        revisions: r.revisions.clone(),
        url: r.url.clone().or_else(|| default_url(id)),
        writeups: Vec::new(),
        source: relative(file, dir),
    }
}

fn relative(file: &Path, dir: &Path) -> String {
    let name = file
        .strip_prefix(dir)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/");
    format!("reports/{name}")
}

/// Adds our older prose write-ups: an advisory the upstream input also has keeps the upstream facts
/// and gains a link to the write-up; the others become records of their own from the write-up's facts.
pub fn merge_prose(facts: &mut Vec<Facts>, prose: &[ProseAdvisory], source: &str) {
    for p in prose {
        if let Some(existing) = facts.iter_mut().find(|f| f.id == p.id) {
            if !existing.writeups.contains(&p.anchor) {
                existing.writeups.push(p.anchor.clone());
            }
            if existing.source == source {
                // A second write-up of one id: the record spans both.
                if let Some(rev) = prose::revision(p) {
                    existing.revisions.push(rev);
                    existing.revisions.sort_by(|a, b| a.date.cmp(&b.date));
                }
                existing.first_published =
                    min_opt(existing.first_published.take(), p.published.clone());
                existing.last_update = max_opt(existing.last_update.take(), p.published.clone());
            }
            continue;
        }
        facts.push(Facts {
            id: p.id.clone(),
            score: p.score,
            status: p.status.clone(),
            first_published: p.published.clone(),
            last_update: p.published.clone(),
            component: None,
            affected: Vec::new(),
            revisions: prose::revision(p).into_iter().collect(),
            url: p.url.clone().or_else(|| default_url(&p.id)),
            writeups: vec![p.anchor.clone()],
            source: source.to_string(),
        });
    }
    facts.sort_by(|a, b| a.id.cmp(&b.id));
}

/// What `cve import` did.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub written: usize,
    pub prose_read: usize,
    /// Ids that were not in the facts file before this run.
    pub new: Vec<String>,
    /// Ids without our summary in summaries.toml.
    pub summary_missing: Vec<String>,
    pub problems: Vec<Diagnostic>,
    pub disagreements: Vec<Diagnostic>,
}

/// The importer: reads `from` (an upstream security-bulletins folder) and our prose page `prose`
/// (when given), writes the facts into `into`, creates `summaries.toml` only when it is missing and
/// never changes it. Fails only on unusable input (no report pages) or an unwritable folder.
pub fn import_into(from: &Path, into: &Path, prose_page: Option<&Path>) -> Result<ImportReport> {
    let mut imported = read_upstream(from)?;
    let mut report = ImportReport::default();
    if let Some(page) = prose_page {
        let text = std::fs::read_to_string(page).map_err(|e| Error::io(page, e))?;
        let (list, problems) = prose::parse_prose(&text, "/security-bulletins/cve-reports/");
        imported
            .problems
            .extend(problems.into_iter().map(|p| p.in_file(page)));
        let source = page
            .file_name()
            .map(|n| format!("docs/security-bulletins/{}", n.to_string_lossy()))
            .unwrap_or_default();
        merge_prose(&mut imported.facts, &list, &source);
        report.prose_read = list.len();
    }
    let before: Vec<String> = super::store::read_facts(into)
        .map(|f| f.into_iter().map(|x| x.id).collect())
        .unwrap_or_default();
    super::store::write_facts(into, &imported.facts)?;
    super::store::ensure_summaries_file(into)?;
    let (summaries, summary_problems) = super::store::read_summaries(into)?;
    report.written = imported.facts.len();
    report.new = imported
        .facts
        .iter()
        .map(|f| f.id.clone())
        .filter(|id| !before.contains(id))
        .collect();
    report.summary_missing = imported
        .facts
        .iter()
        .map(|f| f.id.clone())
        .filter(|id| !summaries.contains_key(id))
        .collect();
    report.problems = imported.problems;
    report.problems.extend(summary_problems);
    report.disagreements = imported.disagreements;
    Ok(report)
}

fn min_opt(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_opt(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).expect("write fixture");
    }

    #[test]
    fn reports_and_tables_merge_and_disagreements_are_listed() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let reports = tmp.path().join("reports");
        std::fs::create_dir(&reports).expect("mkdir");
        write(
            &reports,
            "cve-2031-0001.md",
            "## CVE Details\n\n[CVE-2031-0001](https://example.test/1)\n\n## Last Update\n\n3/9/2031\n\n\
             ## CVE Severity\n\n9.4\n\n## Status\n\nOngoing\n\n## Affected Products & Versions\n\n- Palette VerteX 9.1.0\n",
        );
        write(
            &reports,
            "cve-2031-0002.md",
            "## CVE Details\n\n[CVE-2031-0002](https://example.test/2)\n\n## Last Update\n\n3/1/2031\n\n\
             ## CVE Severity\n\n5.0\n\n## Status\n\nOngoing\n\n## Images\n\n- registry.test/x:1\n",
        );
        write(
            &reports,
            "reports.mdx",
            "<TabItem label=\"Palette VerteX\" value=\"v\">\n\n\
| CVE ID | Status | Product Version | Initial Pub Date | Modified Date | Vulnerability Type | CVSS Severity |\n\
| --- | --- | --- | --- | --- | --- | --- |\n\
| [CVE-2031-0001](./cve-2031-0001.md) | Ongoing | 9.1.0, 9.1.1 | 1/2/31 | 3/9/31 | Third-party component: Widget | 9.4 |\n\
| [CVE-2031-0002](./cve-2031-0002.md) | Ongoing | 9.1.1 | 1/3/31 | 3/1/31 | Third-party component: Gadget | 5.0 |\n\
| [CVE-2031-0003](./cve-2031-0003.md) | Ongoing | 9.1.1 | 1/4/31 | 3/2/31 | Third-party component: Gizmo | 6.1 |\n\n</TabItem>\n",
        );
        let imported = read_upstream(tmp.path()).expect("imports");
        let ids: Vec<&str> = imported.facts.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["CVE-2031-0001", "CVE-2031-0002", "CVE-2031-0003"]);
        let one = &imported.facts[0];
        assert_eq!(one.first_published.as_deref(), Some("2031-01-02"));
        assert_eq!(one.component.as_deref(), Some("Widget"));
        assert_eq!(one.affected.len(), 1, "the report is authoritative");
        assert_eq!(one.source, "reports/cve-2031-0001.md");
        let two = &imported.facts[1];
        assert_eq!(
            two.affected[0].version, "9.1.1",
            "no list in the report: the table's"
        );
        let three = &imported.facts[2];
        assert_eq!(three.score, Some(6.1));
        assert_eq!(
            three.url.as_deref(),
            Some("https://nvd.nist.gov/vuln/detail/CVE-2031-0003")
        );
        assert_eq!(
            imported.disagreements.len(),
            1,
            "{:#?}",
            imported.disagreements
        );
        let d = &imported.disagreements[0];
        assert_eq!(d.line, 5);
        assert!(
            d.message.contains("[9.1.0, 9.1.1], the report [9.1.0]"),
            "{}",
            d.message
        );
        assert!(imported.problems.is_empty(), "{:#?}", imported.problems);
    }

    #[test]
    fn a_second_import_refreshes_facts_and_keeps_our_summaries() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let from = tmp.path().join("up/reports");
        std::fs::create_dir_all(&from).expect("mkdir");
        let into = tmp.path().join("data");
        let page = |score: &str| {
            format!(
                "## CVE Details\n\n[CVE-2031-0001](https://example.test/1)\n\n## Last Update\n\n3/9/2031\n\n\
                 ## CVE Severity\n\n{score}\n\n## Status\n\nOngoing\n"
            )
        };
        write(&from, "cve-2031-0001.md", &page("9.4"));
        let first = import_into(&from, &into, None).expect("first import");
        assert_eq!(first.new, ["CVE-2031-0001"]);
        assert_eq!(first.summary_missing, ["CVE-2031-0001"]);
        let ours = "# ours\n[CVE-2031-0001]\nsummary = \"A made-up widget leaks.\"\n";
        std::fs::write(into.join("summaries.toml"), ours).expect("write summaries");
        write(&from, "cve-2031-0001.md", &page("9.6"));
        write(
            &from,
            "cve-2031-0002.md",
            &page("1.0").replace("0001", "0002"),
        );
        let second = import_into(&from, &into, None).expect("second import");
        assert_eq!(second.new, ["CVE-2031-0002"]);
        assert_eq!(second.summary_missing, ["CVE-2031-0002"]);
        let facts = crate::advisories::store::read_facts(&into).expect("facts");
        assert_eq!(facts[0].score, Some(9.6), "facts refreshed");
        assert_eq!(
            std::fs::read_to_string(into.join("summaries.toml")).expect("summaries"),
            ours,
            "our summaries untouched"
        );
    }

    #[test]
    fn a_folder_without_reports_is_refused() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let err = read_upstream(tmp.path()).expect_err("no reports");
        assert!(err.to_string().contains("holds no advisory pages"), "{err}");
    }

    #[test]
    fn prose_write_ups_join_or_become_records() {
        let mut facts = vec![Facts {
            id: "CVE-2031-0001".into(),
            score: Some(9.4),
            status: Some("ongoing".into()),
            first_published: None,
            last_update: None,
            component: None,
            affected: vec![],
            revisions: vec![],
            url: None,
            writeups: vec![],
            source: "reports/cve-2031-0001.md".into(),
        }];
        let prose = |id: &str, anchor: &str, date: &str| ProseAdvisory {
            line: 1,
            id: id.into(),
            anchor: format!("/b/#{anchor}"),
            score: Some(7.0),
            published: Some(date.into()),
            status: None,
            url: None,
        };
        merge_prose(
            &mut facts,
            &[
                prose("CVE-2031-0001", "a", "2031-01-01"),
                prose("CVE-2031-0007", "b", "2031-05-01"),
                prose("CVE-2031-0007", "c", "2031-02-01"),
            ],
            "docs/b.md",
        );
        assert_eq!(facts.len(), 2);
        assert_eq!(facts[0].writeups, ["/b/#a"]);
        assert_eq!(facts[0].score, Some(9.4));
        assert_eq!(facts[1].writeups, ["/b/#b", "/b/#c"]);
        assert_eq!(facts[1].first_published.as_deref(), Some("2031-02-01"));
        assert_eq!(facts[1].last_update.as_deref(), Some("2031-05-01"));
        assert_eq!(facts[1].revisions.len(), 2);
    }
}
