//! Filter-as-you-type for the bookmarks panel: case-insensitive substring match over title,
//! section, note and route.

use super::Bookmark;

/// Bookmarks matching `query`, in their list order. Every whitespace-separated word of the query
/// must occur (case-insensitively, as a substring) in the title, section, note or route; words may
/// match different fields, so "fips note" finds a FIPS page whose note says "note". An empty
/// query returns everything.
pub fn filter<'a>(bookmarks: &'a [Bookmark], query: &str) -> Vec<&'a Bookmark> {
    let terms: Vec<Term> = query.split_whitespace().map(Term::new).collect();
    if terms.is_empty() {
        return bookmarks.iter().collect();
    }
    bookmarks
        .iter()
        .filter(|b| {
            terms.iter().all(|t| {
                t.found_in(&b.title)
                    || b.section.as_deref().is_some_and(|s| t.found_in(s))
                    || t.found_in(&b.note)
                    || t.found_in(&b.route)
            })
        })
        .collect()
}

struct Term {
    lower: String,
    ascii: bool,
}

impl Term {
    fn new(word: &str) -> Self {
        Term {
            lower: word.to_lowercase(),
            ascii: word.is_ascii(),
        }
    }

    fn found_in(&self, haystack: &str) -> bool {
        if self.ascii {
            // The common case, without allocating per field: ASCII bytes never occur inside a
            // multi-byte UTF-8 sequence, so a byte-wise ASCII-case-insensitive scan is exact.
            contains_ascii_ci(haystack.as_bytes(), self.lower.as_bytes())
        } else {
            haystack.to_lowercase().contains(&self.lower)
        }
    }
}

fn contains_ascii_ci(haystack: &[u8], needle: &[u8]) -> bool {
    let Some(&first) = needle.first() else {
        return true;
    };
    if needle.len() > haystack.len() {
        return false;
    }
    let last_start = haystack.len() - needle.len();
    haystack[..=last_start]
        .iter()
        .enumerate()
        .filter(|(_, c)| c.to_ascii_lowercase() == first)
        .any(|(i, _)| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bm(title: &str, section: Option<&str>, note: &str, route: &str) -> Bookmark {
        Bookmark {
            id: title.into(),
            route: route.into(),
            anchor: None,
            title: title.into(),
            section: section.map(str::to_string),
            note: note.into(),
            created: "2026-01-01T00:00:00Z".into(),
            position: 0,
            missing: false,
        }
    }

    fn ids(found: Vec<&Bookmark>) -> Vec<&str> {
        found.into_iter().map(|b| b.id.as_str()).collect()
    }

    #[test]
    fn matches_each_field_case_insensitively() {
        let list = [
            bm("FIPS mode", None, "", "/security/fips"),
            bm("SBOM", Some("Scan Results"), "", "/security/sbom"),
            bm("Audit", None, "Check Weekly", "/audit"),
            bm("Other", None, "", "/security/cve-2024-1234"),
        ];
        assert_eq!(ids(filter(&list, "fips")), ["FIPS mode"]);
        assert_eq!(ids(filter(&list, "scan res")), ["SBOM"]);
        assert_eq!(ids(filter(&list, "WEEK")), ["Audit"]);
        assert_eq!(ids(filter(&list, "CVE-2024")), ["Other"]);
        assert_eq!(filter(&list, "security").len(), 3);
        assert_eq!(filter(&list, "").len(), 4);
        assert_eq!(filter(&list, "   ").len(), 4);
        assert!(filter(&list, "zzz").is_empty());
    }

    #[test]
    fn all_words_must_match_somewhere() {
        let list = [
            bm("FIPS mode", None, "read", "/a"),
            bm("FIPS", None, "", "/b"),
        ];
        assert_eq!(ids(filter(&list, "fips read")), ["FIPS mode"]);
    }

    #[test]
    fn non_ascii_queries_and_haystacks() {
        let list = [
            bm("Überblick", None, "", "/a"),
            bm("Café policy", None, "", "/b"),
        ];
        assert_eq!(ids(filter(&list, "über")), ["Überblick"]);
        assert_eq!(ids(filter(&list, "CAFÉ")), ["Café policy"]);
        assert_eq!(ids(filter(&list, "policy")), ["Café policy"]);
        assert_eq!(ids(filter(&list, "blick")), ["Überblick"]);
    }

    #[test]
    fn ascii_scan_edges() {
        assert!(contains_ascii_ci(b"abc", b""));
        assert!(!contains_ascii_ci(b"ab", b"abc"));
        assert!(contains_ascii_ci(b"xxABC", b"abc"));
        assert!(contains_ascii_ci(b"aaab", b"aab"));
    }
}
