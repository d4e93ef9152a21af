//! Revision history lines (`- 2.0 08/17/2031 <what changed>`) turned into a date and a change written
//! in our words from the facts the line names (kind of change, editions, versions, status).

use std::sync::OnceLock;

use regex::Regex;

/// What one history line says happened, in our own wording; `None` when its date cannot be read.
pub fn describe(line_text: &str) -> Option<(String, String)> {
    let rest = line_text.trim().trim_start_matches(['-', '*']).trim();
    let mut words = rest.splitn(3, char::is_whitespace);
    let first = words.next()?;
    let (date_text, what) = if crate::advisories::date::parse_date(first).is_some() {
        (first, rest[first.len()..].trim())
    } else {
        let second = words.next()?;
        (second, words.next().unwrap_or("").trim())
    };
    let date = crate::advisories::date::parse_date(date_text)?;
    Some((date, change_in_our_words(what)))
}

fn editions_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(?:(vertex)(\s+airgap)?|(enterprise|enterptise)(\s+airgap)?|palette\s+(airgap))\b",
        )
        .expect("a valid pattern")
    })
}

fn versions_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\b\d+\.\d+\.\d+\b").expect("a valid pattern"))
}

/// The editions a line mentions, canonical and without repeats, in the order named.
fn editions_named(text: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for c in editions_regex().captures_iter(text) {
        let name = if c.get(1).is_some() {
            if c.get(2).is_some() {
                "Palette VerteX airgap"
            } else {
                "Palette VerteX"
            }
        } else if c.get(3).is_some() {
            if c.get(4).is_some() {
                "Palette Enterprise airgap"
            } else {
                "Palette Enterprise"
            }
        } else {
            "Palette Enterprise airgap"
        };
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn versions_named(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in versions_regex().find_iter(text) {
        if !out.iter().any(|v| v == m.as_str()) {
            out.push(m.as_str().to_string());
        }
    }
    out
}

fn scope(text: &str) -> String {
    let editions = editions_named(text);
    let versions = versions_named(text);
    match (editions.is_empty(), versions.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!(" — version {}", versions.join(", ")),
        (false, true) => format!(" — {}", editions.join(", ")),
        (false, false) => format!(" — {} at {}", editions.join(", "), versions.join(", ")),
    }
}

fn change_in_our_words(what: &str) -> String {
    let lower = what.to_lowercase();
    if lower.contains("initial") && lower.contains("publi") {
        "Advisory first published.".to_string()
    } else if lower.contains("remediat") || lower.contains("fixed in") {
        format!("Marked as remediated{}.", scope(what))
    } else if let Some(pos) = lower.find("status to ") {
        let status = lower[pos + "status to ".len()..]
            .trim()
            .trim_end_matches('.')
            .to_string();
        format!("Status set to {status}.")
    } else if lower.starts_with("added") || lower.contains("affected product") {
        format!("Affected list extended{}.", scope(what))
    } else if lower.starts_with("removed") {
        format!("Affected list shortened{}.", scope(what))
    } else {
        "Advisory revised.".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    fn change(line: &str) -> String {
        describe(line).expect("readable").1
    }

    #[test]
    fn kinds_of_change_are_retold() {
        assert_eq!(
            describe("- 1.0 01/02/2031 Initial Publication"),
            Some(("2031-01-02".into(), "Advisory first published.".into()))
        );
        assert_eq!(
            change("- 2.0 1/3/31 Added Palette VerteX airgap 9.1.2 & palette enterptise 9.1.2 to Affected Products"),
            "Affected list extended — Palette VerteX airgap, Palette Enterprise at 9.1.2."
        );
        assert_eq!(
            change("- 3.0 1/4/31 Added Palette airgap 9.1.3 to Affected Products"),
            "Affected list extended — Palette Enterprise airgap at 9.1.3."
        );
        assert_eq!(
            change("- 4.0 1/5/31 CVE remediated in Palette VerteX 9.2.0"),
            "Marked as remediated — Palette VerteX at 9.2.0."
        );
        assert_eq!(
            change("- 5.0 1/6/31 Changed CVE status to Resolved"),
            "Status set to resolved."
        );
        assert_eq!(
            change("- 6.0 1/7/31 Something nobody foresaw"),
            "Advisory revised."
        );
    }

    #[test]
    fn a_line_without_a_date_is_not_a_revision() {
        assert_eq!(describe("- 1.0 someday Initial Publication"), None);
        assert_eq!(describe("- loose words"), None);
    }
}
