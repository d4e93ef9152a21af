//! Our older prose write-ups (`security-bulletins/cve-reports.md`): one `## CVE-…: subject (CVSS x)
//! {#anchor}` section per advisory with **Published**, **Effect on Palette** and **Further reading**
//! items, read into facts. The page stays as it is; records link back to its anchors.

use crate::diagnostics::{Diagnostic, Severity};
use crate::source::frontmatter;

use super::date::parse_date;
use super::record::{is_advisory_id, Revision};

/// One write-up of the prose page.
#[derive(Debug, Clone, PartialEq)]
pub struct ProseAdvisory {
    pub line: usize,
    pub id: String,
    pub anchor: String,
    pub score: Option<f64>,
    pub published: Option<String>,
    /// "not affected" only when the write-up says Palette is not affected; otherwise unknown.
    pub status: Option<String>,
    pub url: Option<String>,
}

/// Reads every advisory section of the page. `page_route` is the page's own route.
pub fn parse_prose(text: &str, page_route: &str) -> (Vec<ProseAdvisory>, Vec<Diagnostic>) {
    let split = frontmatter::split(text);
    let mut out: Vec<ProseAdvisory> = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in split.body.lines().enumerate() {
        let n = split.body_first_line + i;
        if let Some(heading) = line.strip_prefix("## ") {
            let id = heading
                .split([':', ' '])
                .next()
                .unwrap_or_default()
                .to_string();
            if !is_advisory_id(&id) {
                continue;
            }
            let anchor = heading
                .rsplit_once("{#")
                .and_then(|(_, a)| a.strip_suffix('}'))
                .map_or_else(|| id.to_lowercase(), |a| a.trim().to_string());
            let score = heading
                .rsplit_once("(CVSS ")
                .and_then(|(_, s)| s.split_once(')'))
                .and_then(|(s, _)| s.trim().parse::<f64>().ok())
                .filter(|s| (0.0..=10.0).contains(s));
            if score.is_none() {
                problems.push(Diagnostic::new(
                    Severity::Warning,
                    n,
                    format!("`{id}`: the heading has no `(CVSS x.y)` score"),
                ));
            }
            out.push(ProseAdvisory {
                line: n,
                anchor: format!("{}#{anchor}", page_route),
                id,
                score,
                published: None,
                status: None,
                url: None,
            });
            continue;
        }
        if line.starts_with("# ") || line.starts_with("## ") {
            continue;
        }
        let Some(current) = out.last_mut() else {
            continue;
        };
        let item = line.trim_start().trim_start_matches("- ").trim();
        if let Some(value) = item.strip_prefix("**Published:**") {
            current.published = parse_date(value);
            if current.published.is_none() {
                problems.push(Diagnostic::new(
                    Severity::Warning,
                    n,
                    format!("`{}`: `{}` is not a date", current.id, value.trim()),
                ));
            }
        } else if let Some(value) = item.strip_prefix("**Effect on Palette:**") {
            let value = value.trim().to_lowercase();
            if value.starts_with("none") {
                current.status = Some("not affected".into());
            }
        } else if let Some(value) = item.strip_prefix("**Further reading:**") {
            current.url = value
                .split_once("](")
                .and_then(|(_, rest)| rest.split_once(')'))
                .map(|(url, _)| url.trim().to_string());
        }
    }
    (out, problems)
}

/// The revision a write-up stands for: its publication in our bulletin.
pub fn revision(p: &ProseAdvisory) -> Option<Revision> {
    p.published.as_ref().map(|date| Revision {
        date: date.clone(),
        change: "Write-up published in the Security Bulletins.".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_ups_become_facts() {
        let page = "---\ntitle: x\n---\n\n# Bulletins\n\nIntro.\n\n\
            ## CVE-2031-0005: a made-up flaw (CVSS 8.3) {#cve-2031-0005-one}\n\nWords.\n\n\
            - **Published:** 2031-02-03\n- **Effect on Palette:** none. We never run it.\n\
            - **Further reading:** [record](https://example.test/5)\n\n\
            ## CVE-2031-0006: another (CVSS high)\n\n- **Published:** someday\n- **Effect on Palette:** every release.\n";
        let (list, problems) = parse_prose(page, "/security-bulletins/cve-reports/");
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].id, "CVE-2031-0005");
        assert_eq!(
            list[0].anchor,
            "/security-bulletins/cve-reports/#cve-2031-0005-one"
        );
        assert_eq!(list[0].score, Some(8.3));
        assert_eq!(list[0].published.as_deref(), Some("2031-02-03"));
        assert_eq!(list[0].status.as_deref(), Some("not affected"));
        assert_eq!(list[0].url.as_deref(), Some("https://example.test/5"));
        assert_eq!(
            list[1].anchor,
            "/security-bulletins/cve-reports/#cve-2031-0006"
        );
        assert_eq!(list[1].status, None);
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [17, 19], "{problems:#?}");
    }
}
