//! The advisory record: one CVE or GHSA report's facts, our summary, and the route of its page.

use serde::{Deserialize, Serialize};

/// The editions a product line names, in the spelling the app shows. Longest first, so that
/// "Palette VerteX airgap" is not read as "Palette VerteX".
pub const EDITIONS: [&str; 4] = [
    "Palette Enterprise airgap",
    "Palette VerteX airgap",
    "Palette Enterprise",
    "Palette VerteX",
];

/// Statuses the sources are known to use (lowercase); any other word is kept but reported.
pub const KNOWN_STATUSES: [&str; 5] = [
    "ongoing",
    "resolved",
    "not affected",
    "fixed",
    "under investigation",
];

/// One edition at one version that an advisory affects.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Affected {
    pub product: String,
    pub version: String,
}

/// One step of an advisory's history; `change` is written by us from what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub date: String,
    pub change: String,
}

/// CVSS v3 qualitative bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityBand {
    None,
    Low,
    Medium,
    High,
    Critical,
}

impl SeverityBand {
    /// The band of a CVSS v3 base score (0–10); `None` for a score outside that range.
    pub fn of(score: f64) -> Option<SeverityBand> {
        if !(0.0..=10.0).contains(&score) {
            return None;
        }
        Some(if score == 0.0 {
            SeverityBand::None
        } else if score < 4.0 {
            SeverityBand::Low
        } else if score < 7.0 {
            SeverityBand::Medium
        } else if score < 9.0 {
            SeverityBand::High
        } else {
            SeverityBand::Critical
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SeverityBand::None => "none",
            SeverityBand::Low => "low",
            SeverityBand::Medium => "medium",
            SeverityBand::High => "high",
            SeverityBand::Critical => "critical",
        }
    }
}

/// The facts of one advisory as the data file keeps them (no summary: that is ours, in summaries.toml).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub id: String,
    pub score: Option<f64>,
    pub status: Option<String>,
    pub first_published: Option<String>,
    pub last_update: Option<String>,
    pub component: Option<String>,
    #[serde(default)]
    pub affected: Vec<Affected>,
    #[serde(default)]
    pub revisions: Vec<Revision>,
    pub url: Option<String>,
    /// In-app routes of our own longer write-ups of this advisory (the older Security Bulletins page).
    #[serde(default)]
    pub writeups: Vec<String>,
    /// Where the facts came from, relative to the importer's input (`reports/cve-2024-21626.md`).
    pub source: String,
}

/// An advisory as the snapshot, the CLI and the API carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advisory {
    pub id: String,
    pub score: Option<f64>,
    pub severity: Option<SeverityBand>,
    pub status: Option<String>,
    pub first_published: Option<String>,
    pub last_update: Option<String>,
    pub component: Option<String>,
    pub affected: Vec<Affected>,
    pub revisions: Vec<Revision>,
    pub url: Option<String>,
    pub route: String,
    pub summary: Option<String>,
    #[serde(default)]
    pub writeups: Vec<String>,
}

impl Advisory {
    pub fn new(facts: Facts, summary: Option<String>) -> Advisory {
        Advisory {
            route: route_of(&facts.id),
            severity: facts.score.and_then(SeverityBand::of),
            id: facts.id,
            score: facts.score,
            status: facts.status,
            first_published: facts.first_published,
            last_update: facts.last_update,
            component: facts.component,
            affected: facts.affected,
            revisions: facts.revisions,
            url: facts.url,
            summary,
            writeups: facts.writeups,
        }
    }

    /// Whether the advisory affects an edition, named in any case: a full edition name matches that
    /// edition only ("Palette VerteX" is not "Palette VerteX airgap"); a part of a name matches every
    /// edition containing it ("vertex" matches both VerteX editions).
    pub fn affects_edition(&self, edition: &str) -> bool {
        self.affected
            .iter()
            .any(|a| product_matches(&a.product, edition))
    }

    /// Whether the advisory lists `version` for some product (for `edition`, when given).
    pub fn affects_version(&self, edition: Option<&str>, version: &str) -> bool {
        self.affected.iter().any(|a| {
            a.version == version
                && match edition {
                    Some(e) => product_matches(&a.product, e),
                    None => true,
                }
        })
    }
}

/// See [`Advisory::affects_edition`].
pub fn product_matches(product: &str, edition: &str) -> bool {
    let wanted = edition.trim().to_lowercase();
    let product = product.to_lowercase();
    if EDITIONS.iter().any(|e| e.to_lowercase() == wanted) {
        product == wanted
    } else {
        product.contains(&wanted)
    }
}

/// The page route of an advisory: `/security-bulletins/reports/cve-2024-21626/`.
pub fn route_of(id: &str) -> String {
    format!("/security-bulletins/reports/{}/", id.to_lowercase())
}

/// The canonical spelling of an edition named at the start of `text` (any case), and the rest of the text.
pub fn split_edition(text: &str) -> Option<(&'static str, &str)> {
    let trimmed = text.trim_start();
    EDITIONS.iter().find_map(|e| {
        let head = trimmed.get(..e.len())?;
        let rest = &trimmed[e.len()..];
        let boundary = rest.is_empty() || rest.starts_with([' ', ',', ':', '\t']);
        (head.eq_ignore_ascii_case(e) && boundary).then_some((*e, rest))
    })
}

/// A version as the bulletins write it: dot-separated numbers (`4.5.8`).
pub fn is_version(text: &str) -> bool {
    !text.is_empty()
        && text.split('.').count() >= 2
        && text
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether the advisory id has a shape we know: CVE-YYYY-NNNN… or GHSA-xxxx-xxxx-xxxx.
pub fn is_advisory_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    match parts.as_slice() {
        ["CVE", year, n] => {
            year.len() == 4
                && year.bytes().all(|b| b.is_ascii_digit())
                && n.len() >= 4
                && n.bytes().all(|b| b.is_ascii_digit())
        }
        ["GHSA", a, b, c] => [a, b, c]
            .iter()
            .all(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_alphanumeric())),
        _ => false,
    }
}

/// `ghsa-74fp-r6jw-h4mp` → `GHSA-74fp-r6jw-h4mp`, `cve-2024-1` → `CVE-2024-1` (the upstream spelling).
pub fn canonical_id(raw: &str) -> String {
    let raw = raw.trim();
    match raw.split_once('-') {
        Some((prefix, rest)) => format!("{}-{}", prefix.to_uppercase(), rest),
        None => raw.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_cvss_v3() {
        assert_eq!(SeverityBand::of(0.0), Some(SeverityBand::None));
        assert_eq!(SeverityBand::of(0.1), Some(SeverityBand::Low));
        assert_eq!(SeverityBand::of(3.9), Some(SeverityBand::Low));
        assert_eq!(SeverityBand::of(4.0), Some(SeverityBand::Medium));
        assert_eq!(SeverityBand::of(6.9), Some(SeverityBand::Medium));
        assert_eq!(SeverityBand::of(7.0), Some(SeverityBand::High));
        assert_eq!(SeverityBand::of(8.9), Some(SeverityBand::High));
        assert_eq!(SeverityBand::of(9.0), Some(SeverityBand::Critical));
        assert_eq!(SeverityBand::of(10.0), Some(SeverityBand::Critical));
        assert_eq!(SeverityBand::of(10.1), None);
    }

    #[test]
    fn editions_are_read_longest_first_in_any_case() {
        assert_eq!(
            split_edition("palette vertex AIRGAP 1.2.3"),
            Some(("Palette VerteX airgap", " 1.2.3"))
        );
        assert_eq!(
            split_edition("Palette Enterprise 1.2.3, 1.2.4"),
            Some(("Palette Enterprise", " 1.2.3, 1.2.4"))
        );
        assert_eq!(split_edition("Palette Enterprisey 1.0"), None);
        assert_eq!(split_edition("Something else"), None);
    }

    #[test]
    fn ids_and_versions_are_recognised() {
        assert!(is_advisory_id("CVE-2031-12345"));
        assert!(is_advisory_id("GHSA-ab12-cd34-ef56"));
        assert!(!is_advisory_id("CVE-31-1"));
        assert!(!is_advisory_id("cve2031"));
        assert_eq!(canonical_id("ghsa-ab12-cd34-ef56"), "GHSA-ab12-cd34-ef56");
        assert!(is_version("9.8.7"));
        assert!(!is_version("9"));
        assert!(!is_version("9.x"));
    }

    #[test]
    fn a_record_gets_its_route_and_band() {
        let facts = Facts {
            id: "CVE-2031-0001".into(),
            score: Some(9.1),
            status: Some("ongoing".into()),
            first_published: None,
            last_update: Some("2031-01-02".into()),
            component: Some("Widget".into()),
            affected: vec![Affected {
                product: "Palette VerteX airgap".into(),
                version: "9.9.1".into(),
            }],
            revisions: vec![],
            url: None,
            writeups: vec![],
            source: "x.md".into(),
        };
        let a = Advisory::new(facts, None);
        assert_eq!(a.route, "/security-bulletins/reports/cve-2031-0001/");
        assert_eq!(a.severity, Some(SeverityBand::Critical));
        assert!(a.affects_edition("VERTEX AIRGAP"));
        assert!(a.affects_edition("vertex"));
        assert!(!a.affects_edition("Palette VerteX"));
        assert!(!a.affects_edition("enterprise"));
        assert!(a.affects_version(Some("vertex"), "9.9.1"));
        assert!(!a.affects_version(Some("enterprise"), "9.9.1"));
        assert!(!a.affects_version(None, "9.9.2"));
    }
}
