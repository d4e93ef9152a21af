//! Section text prepared for snippets: where its tokens start, grouped by their first two letters.
//!
//! A snippet needs the tokens of a section that match the query. Cutting and normalizing every token
//! of every returned section dominated keystroke time, yet a token can only match if it begins like
//! some query term. So the text is indexed by the first two bytes of its tokens once (at start-up for
//! small indexes, see `sections`), and a snippet cuts only the tokens under the query's keys.

use super::query::truncate;
use super::tokenizer::{
    ascii_tokens_at, for_each_ascii_token_start, for_each_exact_token, Normalizer,
};

/// Only this much of a long section is searched for matches.
const SCAN_LIMIT: usize = 16 * 1024;

/// The scanned part of a section (see [`SCAN_LIMIT`]), ready for [`PreparedText::for_each_candidate`].
pub(crate) struct PreparedText {
    kind: Kind,
    /// (key, range of `starts` or `tokens`), one entry per key, in key order; see [`key`].
    keys: Vec<(u16, u32, u32)>,
}

/// The key of a normalized token: its first byte and the byte after it (0 if none).
///
/// A query term of two bytes or more matches only tokens with its own key; a one-byte term matches
/// the keys of its byte (see [`term_keys`]).
fn key(first: u8, second: Option<u8>) -> u16 {
    u16::from(first) << 8 | u16::from(second.unwrap_or(0))
}

/// The range of token keys a token must have to begin with `term` (normalized).
pub(crate) fn term_keys(term: &str) -> (u16, u16) {
    match term.as_bytes() {
        [] => (0, u16::MAX),
        [first] => (key(*first, None), key(*first, Some(u8::MAX))),
        [first, second, ..] => {
            let k = key(*first, Some(*second));
            (k, k)
        }
    }
}

enum Kind {
    /// ASCII text (nearly all of the docs) lower-cased, which is all the exact analyzer does to it,
    /// with its token starts; a token is cut from its start only when asked for.
    Ascii { lower: Box<str>, starts: Vec<u32> },
    /// Other text, whose tokens need the analyzer: all of them, with their normalized texts.
    Tokens {
        terms: String,
        tokens: Vec<PreparedToken>,
    },
}

/// A token of non-ASCII text: its byte range in the section, and in `Kind::Tokens::terms`.
struct PreparedToken {
    start: u32,
    end: u32,
    term_start: u32,
    term_end: u32,
}

impl PreparedText {
    pub fn new(body: &str, norm: &mut Normalizer) -> PreparedText {
        let text = truncate(body, SCAN_LIMIT);
        if text.is_ascii() {
            PreparedText::ascii(text)
        } else {
            PreparedText::tokens(text, norm)
        }
    }

    fn ascii(text: &str) -> PreparedText {
        let lower = text.to_ascii_lowercase().into_boxed_str();
        let bytes = lower.as_bytes();
        // The second byte of every token starting at `p`: the part and a compound share it unless
        // the part is one letter, which any term of its first letter matches anyway.
        let key_at = |p: u32| {
            let p = p as usize;
            let next = bytes.get(p + 1).copied().filter(|&b| continues_token(b));
            key(bytes[p], next)
        };
        // Each start packed under its key in one u32 (SCAN_LIMIT keeps positions within 16 bits):
        // sorting plain integers is what made preparing a section cheap enough for start-up.
        const _: () = assert!(SCAN_LIMIT <= 1 << 16);
        let mut keyed: Vec<u32> = Vec::new();
        for_each_ascii_token_start(bytes, |p| {
            keyed.push(u32::from(key_at(p as u32)) << 16 | p as u32)
        });
        keyed.sort_unstable();
        let keys = group_by_key(keyed.iter().map(|k| (k >> 16) as u16));
        let starts = keyed.into_iter().map(|k| k & 0xffff).collect();
        PreparedText {
            kind: Kind::Ascii { lower, starts },
            keys,
        }
    }

    fn tokens(text: &str, norm: &mut Normalizer) -> PreparedText {
        let mut terms = String::new();
        let mut tokens = Vec::new();
        let mut term = String::new();
        for_each_exact_token(text, &mut Vec::new(), |s, e| {
            norm.exact_into(&text[s..e], &mut term);
            tokens.push(PreparedToken {
                start: s as u32,
                end: e as u32,
                term_start: terms.len() as u32,
                term_end: (terms.len() + term.len()) as u32,
            });
            terms.push_str(&term);
        });
        let key_of = |t: &PreparedToken| {
            let term = &terms.as_bytes()[t.term_start as usize..t.term_end as usize];
            key(term.first().copied().unwrap_or(0), term.get(1).copied())
        };
        tokens.sort_by_cached_key(key_of);
        let keys = group_by_key(tokens.iter().map(key_of));
        PreparedText {
            kind: Kind::Tokens { terms, tokens },
            keys,
        }
    }

    /// Calls `f(start, end, normalized text)` for every token whose key is in one of `ranges`
    /// (inclusive, sorted, not overlapping; see [`term_keys`]); `buffer` is scratch space.
    pub fn for_each_candidate(
        &self,
        ranges: &[(u16, u16)],
        buffer: &mut Vec<(usize, usize)>,
        mut f: impl FnMut(usize, usize, &str),
    ) {
        let wanted = ranges.iter().flat_map(|&(lo, hi)| {
            let from = self.keys.partition_point(|k| k.0 < lo);
            self.keys[from..]
                .iter()
                .take_while(move |k| k.0 <= hi)
                .map(|k| k.1 as usize..k.2 as usize)
        });
        match &self.kind {
            Kind::Ascii { lower, starts } => {
                for range in wanted {
                    for &p in &starts[range] {
                        buffer.clear();
                        ascii_tokens_at(lower.as_bytes(), p as usize, buffer);
                        for &(s, e) in buffer.iter() {
                            f(s, e, &lower[s..e]);
                        }
                    }
                }
            }
            Kind::Tokens { terms, tokens } => {
                for range in wanted {
                    for t in &tokens[range] {
                        let term = &terms[t.term_start as usize..t.term_end as usize];
                        f(t.start as usize, t.end as usize, term);
                    }
                }
            }
        }
    }
}

/// Whether a byte after a token's first one belongs to the token (or to a compound starting there).
fn continues_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/' | b'\'')
}

/// The `keys` table for items already ordered by key.
fn group_by_key(keys: impl Iterator<Item = u16>) -> Vec<(u16, u32, u32)> {
    let mut out: Vec<(u16, u32, u32)> = Vec::new();
    for (i, k) in keys.enumerate() {
        let i = i as u32;
        match out.last_mut() {
            Some(last) if last.0 == k => last.2 = i + 1,
            _ => out.push((k, i, i + 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The candidates for tokens beginning with any of `terms`.
    fn candidates(p: &PreparedText, terms: &[&str]) -> Vec<(usize, usize, String)> {
        let mut ranges: Vec<(u16, u16)> = terms.iter().map(|t| term_keys(t)).collect();
        ranges.sort();
        ranges.dedup();
        let mut out = Vec::new();
        p.for_each_candidate(&ranges, &mut Vec::new(), |s, e, t| {
            out.push((s, e, t.to_string()))
        });
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn candidates_are_the_tokens_under_the_letters() {
        let mut norm = Normalizer::default();
        let text = "See CVE-2023-39323, then --kubeconfig: Café cves.";
        let p = PreparedText::new(text, &mut norm);
        assert!(matches!(p.kind, Kind::Tokens { .. }));
        assert_eq!(
            candidates(&p, &["c"]),
            [
                (4, 7, "cve".to_string()),
                (4, 18, "cve-2023-39323".to_string()),
                (39, 44, "cafe".to_string()),
                (45, 49, "cves".to_string()),
            ]
        );
        let ascii = "See CVE-2023-39323, then --kubeconfig: cves.";
        let p = PreparedText::new(ascii, &mut norm);
        assert!(matches!(p.kind, Kind::Ascii { .. }));
        assert_eq!(
            candidates(&p, &["ku", "2"]),
            [
                (8, 12, "2023".to_string()),
                (27, 37, "kubeconfig".to_string())
            ]
        );
        assert_eq!(
            candidates(&p, &["cv", "cve-2"]),
            [
                (4, 7, "cve".to_string()),
                (4, 18, "cve-2023-39323".to_string()),
                (39, 43, "cves".to_string()),
            ]
        );
    }

    proptest::proptest! {
        /// Cutting ASCII tokens from their starts finds what analyzing every token finds.
        #[test]
        fn ascii_and_analyzed_preparations_agree(
            text in "([Ee]ncrypt(ed|ion|s)?|[Kk]ey(s)?|CVE-2023-39323|--|\\.|[ ,;:()]|x-y|[a-z0-9]{1,3}){0,40}",
            terms in proptest::collection::vec(proptest::sample::select(vec!["a", "c", "e", "en", "cv", "cve-", "k", "ke", "x-", "2", "20"]), 0..4),
        ) {
            let mut norm = Normalizer::default();
            let ascii = PreparedText::ascii(&text);
            let analyzed = PreparedText::tokens(&text, &mut norm);
            // Both find every token beginning with a term (and may offer a few more).
            let beginning = |found: Vec<(usize, usize, String)>| -> Vec<(usize, usize, String)> {
                found.into_iter().filter(|t| terms.iter().any(|p| t.2.starts_with(p))).collect()
            };
            let mut all = Vec::new();
            for_each_exact_token(&text, &mut Vec::new(), |s, e| {
                let t = text[s..e].to_ascii_lowercase();
                if terms.iter().any(|p| t.starts_with(p)) {
                    all.push((s, e, t));
                }
            });
            all.sort();
            proptest::prop_assert_eq!(&beginning(candidates(&ascii, &terms)), &all);
            proptest::prop_assert_eq!(&beginning(candidates(&analyzed, &terms)), &all);
        }
    }
}
