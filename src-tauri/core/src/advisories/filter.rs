//! Choosing advisories: by edition, version, status and minimum score (what `cve list` and the API
//! answer), and finding one by id in any spelling.

use crate::{Error, Result};

use super::record::{is_version, Advisory};

/// What to keep; every field that is set must match.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub edition: Option<String>,
    pub version: Option<String>,
    pub status: Option<String>,
    pub min_score: Option<f64>,
}

impl Filter {
    /// A filter from user text, refusing a version or score that could never match.
    pub fn parse(
        edition: Option<&str>,
        version: Option<&str>,
        status: Option<&str>,
        min_score: Option<&str>,
    ) -> Result<Filter> {
        let version = version
            .map(str::trim)
            .map(|v| v.trim_start_matches(['v', 'V']));
        if let Some(v) = version {
            if !is_version(v) {
                return Err(Error::Invalid(format!(
                    "`{v}` is not a version; write it like 4.5.8"
                )));
            }
        }
        let min_score = match min_score.map(str::trim) {
            None => None,
            Some(s) => match s.parse::<f64>() {
                Ok(n) if (0.0..=10.0).contains(&n) => Some(n),
                _ => {
                    return Err(Error::Invalid(format!(
                        "`{s}` is not a CVSS score; give a number from 0 to 10, like 7.5"
                    )))
                }
            },
        };
        Ok(Filter {
            edition: edition
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(String::from),
            version: version.map(String::from),
            status: status
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty()),
            min_score,
        })
    }

    pub fn matches(&self, a: &Advisory) -> bool {
        let edition_ok = match (&self.edition, &self.version) {
            (e, Some(v)) => a.affects_version(e.as_deref(), v),
            (Some(e), None) => a.affects_edition(e),
            (None, None) => true,
        };
        let status_ok = match &self.status {
            Some(s) => a.status.as_deref() == Some(s.as_str()),
            None => true,
        };
        let score_ok = match self.min_score {
            Some(min) => a.score.is_some_and(|s| s >= min),
            None => true,
        };
        edition_ok && status_ok && score_ok
    }

    pub fn apply<'a>(&self, records: &'a [Advisory]) -> Vec<&'a Advisory> {
        records.iter().filter(|a| self.matches(a)).collect()
    }
}

/// The advisory with this id: `CVE-2024-21626`, `cve-2024-21626` and `2024-21626` all find it.
pub fn find<'a>(records: &'a [Advisory], id: &str) -> Option<&'a Advisory> {
    let wanted = id.trim().to_lowercase();
    records.iter().find(|a| {
        let own = a.id.to_lowercase();
        own == wanted || own.split_once('-').is_some_and(|(_, rest)| rest == wanted)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisories::record::{Affected, Facts};

    fn rec(id: &str, score: f64, status: &str, pairs: &[(&str, &str)]) -> Advisory {
        Advisory::new(
            Facts {
                id: id.into(),
                score: Some(score),
                status: Some(status.into()),
                first_published: None,
                last_update: None,
                component: None,
                affected: pairs
                    .iter()
                    .map(|(p, v)| Affected {
                        product: (*p).into(),
                        version: (*v).into(),
                    })
                    .collect(),
                revisions: vec![],
                url: None,
                writeups: vec![],
                source: "s".into(),
            },
            None,
        )
    }

    fn ids(f: &Filter, records: &[Advisory]) -> Vec<String> {
        f.apply(records).iter().map(|a| a.id.clone()).collect()
    }

    #[test]
    fn filters_combine() {
        let records = vec![
            rec(
                "CVE-2031-0001",
                9.8,
                "ongoing",
                &[("Palette VerteX airgap", "9.1.0")],
            ),
            rec(
                "CVE-2031-0002",
                5.0,
                "resolved",
                &[("Palette VerteX", "9.1.0")],
            ),
            rec(
                "CVE-2031-0003",
                7.5,
                "ongoing",
                &[("Palette Enterprise", "9.2.0")],
            ),
        ];
        let f = |e: Option<&str>, v: Option<&str>, s: Option<&str>, m: Option<&str>| {
            Filter::parse(e, v, s, m).expect("valid")
        };
        assert_eq!(
            ids(&f(Some("vertex"), None, None, None), &records),
            ["CVE-2031-0001", "CVE-2031-0002"]
        );
        assert_eq!(
            ids(&f(Some("palette vertex"), None, None, None), &records),
            ["CVE-2031-0002"]
        );
        assert_eq!(
            ids(&f(None, Some("9.1.0"), Some("Ongoing"), None), &records),
            ["CVE-2031-0001"]
        );
        assert_eq!(
            ids(&f(None, None, None, Some("7.5")), &records),
            ["CVE-2031-0001", "CVE-2031-0003"]
        );
        assert_eq!(
            ids(&f(Some("enterprise"), Some("9.1.0"), None, None), &records),
            Vec::<String>::new()
        );
    }

    #[test]
    fn bad_versions_and_scores_are_sentences() {
        let e = Filter::parse(None, Some("four"), None, None).expect_err("bad version");
        assert!(e.to_string().contains("write it like 4.5.8"), "{e}");
        let e = Filter::parse(None, None, None, Some("11")).expect_err("bad score");
        assert!(e.to_string().contains("from 0 to 10"), "{e}");
    }

    #[test]
    fn ids_are_found_in_any_spelling() {
        let records = vec![
            rec("CVE-2031-0001", 1.0, "ongoing", &[]),
            rec("GHSA-ab12-cd34-ef56", 1.0, "ongoing", &[]),
        ];
        for q in ["CVE-2031-0001", "cve-2031-0001", "2031-0001"] {
            assert_eq!(
                find(&records, q).map(|a| a.id.as_str()),
                Some("CVE-2031-0001"),
                "{q}"
            );
        }
        assert_eq!(
            find(&records, "ghsa-AB12-cd34-ef56").map(|a| a.id.as_str()),
            Some("GHSA-ab12-cd34-ef56")
        );
        assert!(find(&records, "CVE-2031-9999").is_none());
    }
}
