//! The per-edition tables of the upstream `reports/reports.mdx`: one tab per edition, one row per
//! advisory with first published date, last modified date, versions, component, score and status.

use crate::diagnostics::{Diagnostic, Severity};

use super::date::parse_date;
use super::record::{canonical_id, is_version, split_edition};
use super::report::{normalise_status, parse_score};

/// One row of one edition's table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub line: usize,
    pub id: String,
    pub edition: String,
    pub first_published: Option<String>,
    pub modified: Option<String>,
    pub versions: Vec<String>,
    pub component: Option<String>,
    pub score: Option<f64>,
    pub status: Option<String>,
}

/// Reads every edition table of the page; rows outside a recognised edition tab are reported.
pub fn parse_tables(text: &str) -> (Vec<TableRow>, Vec<Diagnostic>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut edition: Option<&'static str> = None;
    let mut header: Vec<String> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let trimmed = line.trim();
        if trimmed.starts_with("<TabItem") {
            let label = attribute(trimmed, "label").unwrap_or_default();
            edition = split_edition(&label)
                .filter(|(_, rest)| rest.trim().is_empty())
                .map(|(e, _)| e);
            if edition.is_none() {
                problems.push(Diagnostic::new(
                    Severity::Warning,
                    n,
                    format!("tab `{label}` is not an edition name; its rows are skipped"),
                ));
            }
            header.clear();
            continue;
        }
        if !trimmed.starts_with('|') {
            continue;
        }
        let cells = cells(trimmed);
        if cells.iter().any(|c| c.eq_ignore_ascii_case("CVE ID")) {
            header = cells.iter().map(|c| c.to_lowercase()).collect();
            continue;
        }
        if cells
            .iter()
            .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
        {
            continue;
        }
        let Some(edition) = edition else { continue };
        if header.is_empty() {
            continue;
        }
        let cell = |name: &str| -> &str {
            header
                .iter()
                .position(|h| h == name)
                .and_then(|i| cells.get(i))
                .map_or("", String::as_str)
        };
        let Some(id) = link_label(cell("cve id")) else {
            problems.push(Diagnostic::new(
                Severity::Warning,
                n,
                "table row without a `[CVE-…](…)` link in its first column; skipped",
            ));
            continue;
        };
        let mut date = |name: &str| -> Option<String> {
            let text = cell(name);
            let parsed = parse_date(text);
            if parsed.is_none() && !text.is_empty() {
                problems.push(Diagnostic::new(
                    Severity::Warning,
                    n,
                    format!("`{id}`: `{text}` under `{name}` is not a date"),
                ));
            }
            parsed
        };
        let first_published = date("initial pub date");
        let modified = date("modified date");
        let mut versions = Vec::new();
        for v in cell("product version")
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            if is_version(v) {
                versions.push(v.to_string());
            } else {
                problems.push(Diagnostic::new(
                    Severity::Warning,
                    n,
                    format!("`{id}`: `{v}` is not a version like 4.5.8"),
                ));
            }
        }
        let kind = cell("vulnerability type");
        let component = kind
            .split_once(':')
            .map_or(kind, |(_, c)| c)
            .trim()
            .to_string();
        let status = normalise_status(cell("status"));
        rows.push(TableRow {
            line: n,
            id: canonical_id(&id),
            edition: edition.to_string(),
            first_published,
            modified,
            versions,
            component: (!component.is_empty()).then_some(component),
            score: parse_score(cell("cvss severity")),
            status: (!status.is_empty()).then_some(status),
        });
    }
    (rows, problems)
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[start..].find('"')?;
    Some(tag[start..start + end].to_string())
}

fn cells(row: &str) -> Vec<String> {
    row.trim_start_matches('|')
        .trim_end_matches('|')
        .split('|')
        .map(|c| c.trim().to_string())
        .collect()
}

fn link_label(cell: &str) -> Option<String> {
    let rest = cell.strip_prefix('[')?;
    let (label, _) = rest.split_once(']')?;
    Some(label.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Made-up bulletins\n\n<Tabs>\n\n<TabItem label=\"Palette VerteX Airgap\" value=\"a\">\n\n\
| CVE ID | Status | Product Version | Initial Pub Date | Modified Date | Vulnerability Type | CVSS Severity |\n\
| --- | --- | --- | --- | --- | --- | --- |\n\
| [CVE-2031-0001](./cve-2031-0001.md) | :mag: Ongoing | 9.1.0, 9.1.1 | 1/2/31 | 3/9/31 | Third-party component: Widget | [9.4](https://example.test) |\n\
| [GHSA-ab12-cd34-ef56](./ghsa-ab12-cd34-ef56.md) | :white_check_mark: Resolved | 9.1.x | 1/5/31 | 2/9/31 | Third-party component: Gadget | 7.0 |\n\n\
</TabItem>\n\n<TabItem label=\"Somewhere Else\" value=\"b\">\n\n\
| CVE ID | Status | Product Version | Initial Pub Date | Modified Date | Vulnerability Type | CVSS Severity |\n\
| --- | --- | --- | --- | --- | --- | --- |\n\
| [CVE-2031-0009](./cve-2031-0009.md) | Ongoing | 9.1.0 | 1/2/31 | 3/9/31 | Third-party component: Widget | 1.0 |\n\n</TabItem>\n";

    #[test]
    fn rows_carry_their_edition_and_facts() {
        let (rows, problems) = parse_tables(PAGE);
        assert_eq!(rows.len(), 2, "{rows:#?}");
        let r = &rows[0];
        assert_eq!(r.id, "CVE-2031-0001");
        assert_eq!(r.edition, "Palette VerteX airgap");
        assert_eq!(r.first_published.as_deref(), Some("2031-01-02"));
        assert_eq!(r.modified.as_deref(), Some("2031-03-09"));
        assert_eq!(r.versions, ["9.1.0", "9.1.1"]);
        assert_eq!(r.component.as_deref(), Some("Widget"));
        assert_eq!(r.score, Some(9.4));
        assert_eq!(r.status.as_deref(), Some("ongoing"));
        assert_eq!(rows[1].id, "GHSA-ab12-cd34-ef56");
        assert_eq!(rows[1].status.as_deref(), Some("resolved"));
        assert!(rows[1].versions.is_empty());
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [10, 14], "{problems:#?}");
    }
}
