//! The page of one advisory, written as markdown in our words from its record (facts card, the
//! product × version matrix, the revision timeline, the advisory address as copyable text), so it goes
//! through the same renderer, sanitizer, nav and search index as every other page.

use std::collections::BTreeMap;

use super::record::{Advisory, EDITIONS};

/// Markdown-significant characters in a fact taken from a source, escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '{' | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A one-line description: score, band, status, component.
pub fn description(a: &Advisory) -> String {
    let mut parts = Vec::new();
    match (a.score, a.severity) {
        (Some(s), Some(b)) => parts.push(format!("CVSS {s:.1} ({})", b.as_str())),
        _ => parts.push("CVSS score not stated".to_string()),
    }
    parts.push(
        a.status
            .clone()
            .unwrap_or_else(|| "status not stated".into()),
    );
    if let Some(c) = &a.component {
        parts.push(c.clone());
    }
    format!("{}: {}", a.id, parts.join(", "))
}

/// The in-page link to one of our write-ups, relative to the reports folder
/// (`/security-bulletins/cve-reports/#x` → `../cve-reports.md#x`).
fn writeup_link(route: &str) -> Option<String> {
    let (path, anchor) = route.split_once('#').unwrap_or((route, ""));
    let page = path
        .trim_matches('/')
        .strip_prefix("security-bulletins/")?
        .trim_matches('/');
    if page.is_empty() || page.contains('/') {
        return None;
    }
    Some(if anchor.is_empty() {
        format!("../{page}.md")
    } else {
        format!("../{page}.md#{anchor}")
    })
}

/// The body of the advisory page (no frontmatter; the title is the id).
pub fn markdown(a: &Advisory) -> String {
    let mut md = String::from("## Summary\n\n");
    match &a.summary {
        Some(s) => md.push_str(s.trim()),
        None => md.push_str(
            "Our summary of this advisory is still to be written; the facts below are current.",
        ),
    }
    md.push_str("\n\n");
    let score = match (a.score, a.severity) {
        (Some(s), Some(b)) => format!("{s:.1}, {}", b.as_str()),
        _ => "not stated".into(),
    };
    let fact = |label: &str, value: Option<&str>| {
        format!(
            "- **{label}:** {}\n",
            value.map_or_else(|| "not stated".to_string(), escape)
        )
    };
    md.push_str("## Facts\n\n");
    md.push_str(&format!("- **CVSS score:** {score}\n"));
    md.push_str(&fact("Status", a.status.as_deref()));
    md.push_str(&fact("First published", a.first_published.as_deref()));
    md.push_str(&fact("Last update", a.last_update.as_deref()));
    md.push_str(&fact("Component", a.component.as_deref()));
    md.push('\n');

    md.push_str("## Affected editions and versions\n\n");
    if a.affected.is_empty() {
        md.push_str("No edition or version is listed for this advisory.\n\n");
    } else {
        let mut versions: Vec<&str> = a.affected.iter().map(|x| x.version.as_str()).collect();
        versions.sort_by_key(|v| version_key(v));
        versions.dedup();
        let editions: Vec<&str> = EDITIONS
            .iter()
            .rev()
            .copied()
            .filter(|e| a.affected.iter().any(|x| x.product == *e))
            .collect();
        md.push_str("| Version |");
        for e in &editions {
            md.push_str(&format!(" {e} |"));
        }
        md.push_str("\n| --- |");
        for _ in &editions {
            md.push_str(" :-: |");
        }
        md.push('\n');
        for v in versions {
            md.push_str(&format!("| {v} |"));
            for e in &editions {
                let hit = a.affected.iter().any(|x| x.product == *e && x.version == v);
                md.push_str(if hit { " affected |" } else { " — |" });
            }
            md.push('\n');
        }
        md.push('\n');
    }

    if !a.revisions.is_empty() {
        md.push_str("## Revision timeline\n\n");
        for r in &a.revisions {
            md.push_str(&format!("- **{}**: {}\n", r.date, escape(&r.change)));
        }
        md.push('\n');
    }

    let links: Vec<String> = a.writeups.iter().filter_map(|r| writeup_link(r)).collect();
    if !links.is_empty() {
        md.push_str("## Our write-up\n\n");
        for l in links {
            md.push_str(&format!("- [Read our longer report on {}]({l})\n", a.id));
        }
        md.push('\n');
    }

    if let Some(url) = &a.url {
        md.push_str("## Advisory address\n\nThe full record outside this snapshot (copy it into a browser that has network access):\n\n");
        md.push_str(&format!("```text\n{}\n```\n", url.replace('`', "")));
    }
    md
}

/// The anchors of the vendor's report pages (their section headings, slugged as Docusaurus does),
/// each kept as an alias of the section of ours that holds the same facts, so an address copied from
/// the vendor's site lands in the right place. Only sections this page has are named.
pub fn upstream_aliases(a: &Advisory) -> BTreeMap<String, Vec<String>> {
    let mut aliases = BTreeMap::new();
    let mut alias = |ours: &str, theirs: &[&str]| {
        aliases.insert(
            ours.to_string(),
            theirs.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
        );
    };
    alias(
        "summary",
        &["nist-cve-summary", "nist-summary", "our-official-summary"],
    );
    // Without a revision timeline, the last update (in the facts) is what the vendor's history held.
    if a.revisions.is_empty() {
        alias(
            "facts",
            &["cve-severity", "status", "last-update", "revision-history"],
        );
    } else {
        alias("facts", &["cve-severity", "status", "last-update"]);
    }
    alias(
        "affected-editions-and-versions",
        &["affected-products--versions", "images"],
    );
    if !a.revisions.is_empty() {
        alias("revision-timeline", &["revision-history"]);
    }
    if a.url.is_some() {
        alias("advisory-address", &["cve-details"]);
    }
    aliases
}

fn version_key(v: &str) -> Vec<u64> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisories::record::{Affected, Facts, Revision};

    fn record() -> Advisory {
        Advisory::new(
            Facts {
                id: "CVE-2031-0001".into(),
                score: Some(9.4),
                status: Some("ongoing".into()),
                first_published: Some("2031-01-02".into()),
                last_update: Some("2031-03-09".into()),
                component: Some("Wid_get".into()),
                affected: vec![
                    Affected {
                        product: "Palette VerteX airgap".into(),
                        version: "9.10.0".into(),
                    },
                    Affected {
                        product: "Palette VerteX airgap".into(),
                        version: "9.9.0".into(),
                    },
                    Affected {
                        product: "Palette Enterprise".into(),
                        version: "9.9.0".into(),
                    },
                ],
                revisions: vec![Revision {
                    date: "2031-01-02".into(),
                    change: "Advisory first published.".into(),
                }],
                url: Some("https://example.test/1".into()),
                writeups: vec!["/security-bulletins/cve-reports/#cve-2031-0001".into()],
                source: "x".into(),
            },
            Some("A made-up widget leaks.".into()),
        )
    }

    #[test]
    fn the_page_carries_every_fact_in_order() {
        let md = markdown(&record());
        assert!(
            md.starts_with("## Summary\n\nA made-up widget leaks.\n"),
            "{md}"
        );
        assert!(md.contains("## Facts\n\n- **CVSS score:**"), "{md}");
        assert!(md.contains("- **CVSS score:** 9.4, critical\n"), "{md}");
        assert!(md.contains("- **Component:** Wid\\_get\n"), "{md}");
        assert!(
            md.contains("| Version | Palette Enterprise | Palette VerteX airgap |\n"),
            "{md}"
        );
        let nine = md
            .find("| 9.9.0 | affected | affected |")
            .expect("9.9.0 row");
        let ten = md.find("| 9.10.0 | — | affected |").expect("9.10.0 row");
        assert!(nine < ten, "versions in numeric order");
        assert!(
            md.contains("- **2031-01-02**: Advisory first published.\n"),
            "{md}"
        );
        assert!(md.contains("(../cve-reports.md#cve-2031-0001)"), "{md}");
        assert!(md.contains("```text\nhttps://example.test/1\n```"), "{md}");
        assert_eq!(
            description(&record()),
            "CVE-2031-0001: CVSS 9.4 (critical), ongoing, Wid_get"
        );
    }
}
