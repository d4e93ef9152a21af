//! One upstream advisory page (`reports/cve-….md`): its sections (`## CVE Details`, `## Last Update`,
//! `## CVE Severity`, `## Status`, `## Affected Products & Versions`, `## Revision History`), the
//! older variant with `## Images`, and the single-table variant, read into facts. Every problem is a
//! diagnostic with the line of the page it concerns; the rest of the page is still read.

use crate::diagnostics::{Diagnostic, Severity};
use crate::source::frontmatter;

use super::date::parse_date;
use super::record::{
    canonical_id, is_advisory_id, is_version, split_edition, Affected, Revision, KNOWN_STATUSES,
};
use super::revision;

/// What one report page says about its advisory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportFacts {
    pub id: String,
    pub url: Option<String>,
    pub last_update: Option<String>,
    pub score: Option<f64>,
    pub status: Option<String>,
    /// `None` when the page has no affected-products section (older pages list images instead).
    pub affected: Option<Vec<Affected>>,
    pub revisions: Vec<Revision>,
}

/// A section's lines with their 1-based line numbers in the file.
struct Section<'a> {
    heading: String,
    line: usize,
    lines: Vec<(usize, &'a str)>,
}

/// Reads a report page. `file_stem` (`cve-2031-0001`) names the advisory when the page does not.
pub fn parse_report(text: &str, file_stem: &str) -> (ReportFacts, Vec<Diagnostic>) {
    let split = frontmatter::split(text);
    let mut problems = Vec::new();
    let mut facts = ReportFacts {
        id: canonical_id(file_stem),
        ..ReportFacts::default()
    };
    let sections = sections(split.body, split.body_first_line);
    let warn = |problems: &mut Vec<Diagnostic>, line: usize, message: String| {
        problems.push(Diagnostic::new(Severity::Warning, line, message));
    };

    if let Some(table) = sections.iter().find_map(|s| single_table(s)) {
        read_single_table(&table, &mut facts, &mut problems);
    }
    for s in &sections {
        let content: Vec<(usize, &str)> = s
            .lines
            .iter()
            .copied()
            .filter(|(_, l)| !l.trim().is_empty())
            .collect();
        let first = content.first().copied();
        match s.heading.to_lowercase().as_str() {
            "cve details" if single_table(s).is_none() => match first.and_then(|(_, l)| link(l)) {
                Some((label, url)) => {
                    facts.id = canonical_id(&label);
                    facts.url = Some(url);
                }
                None => warn(
                    &mut problems,
                    first.map_or(s.line, |f| f.0),
                    "`CVE Details` should hold a link like [CVE-2031-0001](https://…); none found"
                        .into(),
                ),
            },
            "last update" => {
                facts.last_update = read_date(first, s.line, "Last Update", &mut problems)
            }
            "cve severity" => facts.score = read_score(first, s.line, &mut problems),
            "status" => facts.status = read_status(first, s.line, &mut problems),
            "affected products & versions" | "affected products and versions" => {
                facts.affected = Some(read_affected(&content, &mut problems))
            }
            "revision history" => facts.revisions = read_revisions(&content, &mut problems),
            _ => {}
        }
    }
    if !is_advisory_id(&facts.id) {
        warn(
            &mut problems,
            split.body_first_line,
            format!(
                "`{}` is not an advisory id (CVE-YYYY-NNNN or GHSA-xxxx-xxxx-xxxx); name the file or the `CVE Details` link after one",
                facts.id
            ),
        );
    }
    for (found, what) in [
        (facts.last_update.is_some(), "Last Update"),
        (facts.score.is_some(), "CVE Severity"),
        (facts.status.is_some(), "Status"),
    ] {
        if !found && !problems.iter().any(|p| p.message.contains(what)) {
            warn(
                &mut problems,
                split.body_first_line,
                format!("the page has no readable `{what}`; add a `## {what}` section"),
            );
        }
    }
    (facts, problems)
}

fn sections(body: &str, first_line: usize) -> Vec<Section<'_>> {
    let mut out: Vec<Section<'_>> = Vec::new();
    for (i, line) in body.lines().enumerate() {
        let n = first_line + i;
        let heading = line
            .strip_prefix("## ")
            .or_else(|| line.strip_prefix("# "))
            .map(str::trim);
        match (heading, out.last_mut()) {
            (Some(h), _) => out.push(Section {
                heading: h.to_string(),
                line: n,
                lines: Vec::new(),
            }),
            (None, Some(s)) => s.lines.push((n, line)),
            (None, None) => {}
        }
    }
    out
}

/// `[label](url)` at the start of a line.
fn link(line: &str) -> Option<(String, String)> {
    let rest = line.trim().strip_prefix('[')?;
    let (label, rest) = rest.split_once("](")?;
    let (url, _) = rest.split_once(')')?;
    Some((label.trim().to_string(), url.trim().to_string()))
}

/// A cell or line that is either `7.5` or `[7.5](url)`.
fn unlinked(text: &str) -> String {
    link(text).map_or_else(|| text.trim().to_string(), |(label, _)| label)
}

fn read_date(
    first: Option<(usize, &str)>,
    heading_line: usize,
    what: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let Some((line, text)) = first else {
        problems.push(Diagnostic::new(
            Severity::Warning,
            heading_line,
            format!("`{what}` is empty; write a date like 7/16/2031"),
        ));
        return None;
    };
    let date = parse_date(text);
    if date.is_none() {
        problems.push(Diagnostic::new(
            Severity::Warning,
            line,
            format!(
                "`{what}`: `{}` is not a date; write it like 7/16/2031 or 2031-07-16",
                text.trim()
            ),
        ));
    }
    date
}

/// A CVSS score 0–10.
pub fn parse_score(text: &str) -> Option<f64> {
    let value: f64 = unlinked(text).parse().ok()?;
    (0.0..=10.0).contains(&value).then_some(value)
}

fn read_score(
    first: Option<(usize, &str)>,
    heading_line: usize,
    problems: &mut Vec<Diagnostic>,
) -> Option<f64> {
    let (line, text) = first.unwrap_or((heading_line, ""));
    let score = parse_score(text);
    if score.is_none() {
        problems.push(Diagnostic::new(
            Severity::Warning,
            line,
            format!(
                "`CVE Severity`: `{}` is not a CVSS score from 0 to 10",
                text.trim()
            ),
        ));
    }
    score
}

/// The status word, lowercase, without the emoji shortcodes the tables put before it.
pub fn normalise_status(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| !(w.starts_with(':') && w.ends_with(':') && w.len() > 1))
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn read_status(
    first: Option<(usize, &str)>,
    heading_line: usize,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let (line, text) = first.unwrap_or((heading_line, ""));
    let status = normalise_status(text);
    if status.is_empty() {
        problems.push(Diagnostic::new(
            Severity::Warning,
            line,
            "`Status` is empty; write e.g. Ongoing or Resolved",
        ));
        return None;
    }
    if !KNOWN_STATUSES.contains(&status.as_str()) {
        problems.push(Diagnostic::new(
            Severity::Warning,
            line,
            format!(
                "unknown status `{status}`; known ones are {}",
                KNOWN_STATUSES.join(", ")
            ),
        ));
    }
    Some(status)
}

/// List items with their wrapped continuation lines joined.
fn items(content: &[(usize, &str)]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (n, line) in content {
        let trimmed = line.trim_start();
        if let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        {
            out.push((*n, item.trim().to_string()));
        } else if let Some(last) = out
            .last_mut()
            .filter(|_| line.starts_with(char::is_whitespace))
        {
            last.1.push(' ');
            last.1.push_str(trimmed);
        } else {
            out.push((*n, trimmed.to_string()));
        }
    }
    out
}

/// `Palette VerteX airgap 4.4.11, 4.4.14` → one pair per version.
pub fn parse_product_line(text: &str) -> Result<Vec<Affected>, String> {
    let (product, rest) = split_edition(text)
        .ok_or_else(|| format!("`{}` does not start with an edition name", text.trim()))?;
    let versions: Vec<&str> = rest
        .split([',', '&'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    if versions.is_empty() {
        return Err(format!("`{}` names no version", text.trim()));
    }
    versions
        .iter()
        .map(|v| {
            let v = v.trim_start_matches(['v', 'V']);
            if is_version(v) {
                Ok(Affected {
                    product: product.to_string(),
                    version: v.to_string(),
                })
            } else {
                Err(format!("`{v}` is not a version like 4.5.8"))
            }
        })
        .collect()
}

fn read_affected(content: &[(usize, &str)], problems: &mut Vec<Diagnostic>) -> Vec<Affected> {
    let mut out = Vec::new();
    for (line, item) in items(content) {
        match parse_product_line(&item) {
            Ok(pairs) => out.extend(pairs),
            Err(message) => problems.push(Diagnostic::new(
                Severity::Warning,
                line,
                format!("affected products: {message}; write lines like `Palette VerteX airgap 4.5.8, 4.5.9`"),
            )),
        }
    }
    out.sort();
    out.dedup();
    out
}

fn read_revisions(content: &[(usize, &str)], problems: &mut Vec<Diagnostic>) -> Vec<Revision> {
    let mut out = Vec::new();
    for (line, item) in items(content) {
        match revision::describe(&item) {
            Some((date, change)) => out.push(Revision { date, change }),
            None => problems.push(Diagnostic::new(
                Severity::Warning,
                line,
                "revision history: this line has no readable date; write `- 2.0 08/17/2031 …`",
            )),
        }
    }
    out
}

/// The single-table variant: a header row naming `CVE ID` and `Last Update`, then one data row.
struct SingleTable {
    line: usize,
    cells: Vec<(String, String)>,
}

fn row_cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

fn single_table(section: &Section<'_>) -> Option<SingleTable> {
    let rows: Vec<(usize, &str)> = section
        .lines
        .iter()
        .copied()
        .filter(|(_, l)| l.trim_start().starts_with('|'))
        .collect();
    let (_, header) = rows.first()?;
    let header = row_cells(header);
    if !header.iter().any(|h| h.eq_ignore_ascii_case("CVE ID")) {
        return None;
    }
    let (line, data) = rows.get(2)?;
    Some(SingleTable {
        line: *line,
        cells: header.into_iter().zip(row_cells(data)).collect(),
    })
}

fn read_single_table(table: &SingleTable, facts: &mut ReportFacts, problems: &mut Vec<Diagnostic>) {
    let first = Some(table.line);
    for (name, cell) in &table.cells {
        let at = first.map(|l| (l, cell.as_str()));
        match name.to_lowercase().as_str() {
            "cve id" => {
                if let Some((label, url)) = link(cell) {
                    facts.id = canonical_id(&label);
                    facts.url = Some(url);
                }
            }
            "last update" => facts.last_update = read_date(at, table.line, "Last Update", problems),
            "cve severity" => facts.score = read_score(at, table.line, problems),
            "status" => facts.status = read_status(at, table.line, problems),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECTIONS: &str = "---\ntitle: \"CVE-2031-0001\"\n---\n\n## CVE Details\n\n\
        [CVE-2031-0001](https://example.test/CVE-2031-0001)\n\n## Last Update\n\n3/9/2031\n\n\
        ## NIST CVE Summary\n\nA made-up flaw in a made-up widget.\n\n## CVE Severity\n\n\
        [9.4](https://example.test/CVE-2031-0001)\n\n## Status\n\nOngoing\n\n\
        ## Affected Products & Versions\n\n- Palette VerteX airgap 9.1.0, 9.1.1\n- Palette Enterprise 9.1.1\n\n\
        ## Revision History\n\n- 1.0 02/01/2031 Initial Publication\n- 2.0 3/9/31 Added Palette VerteX airgap 9.1.1 to\n  Affected Products\n";

    #[test]
    fn a_sectioned_report_gives_every_fact() {
        let (f, problems) = parse_report(SECTIONS, "cve-2031-0001");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(f.id, "CVE-2031-0001");
        assert_eq!(f.url.as_deref(), Some("https://example.test/CVE-2031-0001"));
        assert_eq!(f.last_update.as_deref(), Some("2031-03-09"));
        assert_eq!(f.score, Some(9.4));
        assert_eq!(f.status.as_deref(), Some("ongoing"));
        let pairs: Vec<(String, String)> = f
            .affected
            .unwrap_or_default()
            .into_iter()
            .map(|a| (a.product, a.version))
            .collect();
        assert_eq!(
            pairs,
            [
                ("Palette Enterprise".to_string(), "9.1.1".to_string()),
                ("Palette VerteX airgap".to_string(), "9.1.0".to_string()),
                ("Palette VerteX airgap".to_string(), "9.1.1".to_string()),
            ]
        );
        assert_eq!(f.revisions.len(), 2);
        assert_eq!(f.revisions[1].date, "2031-03-09");
        assert_eq!(
            f.revisions[1].change,
            "Affected list extended — Palette VerteX airgap at 9.1.1."
        );
    }

    #[test]
    fn the_older_variant_with_images_has_no_affected_list() {
        let page = "## CVE Details\n\n[CVE-2031-0002](https://example.test/2)\n\n## Last Update\n\n1/2/2031\n\n\
            ## CVE Severity\n\n7.1\n\n## Status\n\nResolved\n\n## Images\n\n- registry.test/widget:v1\n";
        let (f, problems) = parse_report(page, "cve-2031-0002");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(f.score, Some(7.1));
        assert_eq!(f.status.as_deref(), Some("resolved"));
        assert_eq!(f.affected, None);
    }

    #[test]
    fn the_single_table_variant_is_read() {
        let page = "---\ntitle: x\n---\n\n# CVE Details\n\nIntro words.\n\n\
            | CVE ID | Status | Last Update | NIST CVE Summary | Official Summary | CVE Severity |\n\
            | --- | --- | --- | --- | --- | --- |\n\
            | [CVE-2031-0003](https://example.test/3) | Ongoing | 7/4/31 | made up | ours | [8.2](https://example.test/3) |\n";
        let (f, problems) = parse_report(page, "cve-2031-0003");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(f.id, "CVE-2031-0003");
        assert_eq!(f.url.as_deref(), Some("https://example.test/3"));
        assert_eq!(f.last_update.as_deref(), Some("2031-07-04"));
        assert_eq!(f.score, Some(8.2));
        assert_eq!(f.status.as_deref(), Some("ongoing"));
    }

    #[test]
    fn bad_sections_are_named_by_line_and_the_rest_is_read() {
        let page = "## CVE Details\n\nno link here\n\n## Last Update\n\n31/31/2031\n\n\
            ## CVE Severity\n\n[eleven](https://example.test)\n\n## Status\n\nPondering\n\n\
            ## Affected Products & Versions\n\n- Palette Nowhere 1.0.0\n- Palette VerteX 9.0.1, soon\n- Palette VerteX 9.0.2\n";
        let (f, problems) = parse_report(page, "cve-2031-0004");
        let lines: Vec<(usize, &str)> = problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        let at = |n: usize, needle: &str| {
            assert!(
                lines.iter().any(|(l, m)| *l == n && m.contains(needle)),
                "no problem at line {n} with {needle:?} in {lines:#?}"
            )
        };
        at(3, "CVE Details");
        at(7, "not a date");
        at(11, "not a CVSS score");
        at(15, "unknown status `pondering`");
        at(19, "does not start with an edition");
        at(20, "`soon` is not a version");
        assert_eq!(f.id, "CVE-2031-0004");
        assert_eq!(f.status.as_deref(), Some("pondering"));
        assert_eq!(f.affected.map(|a| a.len()), Some(1));
    }
}
