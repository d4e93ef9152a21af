//! Lenient parsing of what a user typed into words, quoted phrases and filters; it cannot fail.
//!
//! No query language is exposed: `AND`/`OR`/`NOT`, `title:`, `+`/`-` and stray quotes are read as
//! plain text, so nothing a user types can be a syntax error. See [`crate::search`] for the syntax.

use super::tokenizer::{split_runs, Run};

/// Longer input is cut here (at a character boundary): nobody types more, and pasting a page must stay fast.
pub(crate) const MAX_QUERY_BYTES: usize = 256;
/// At most this many words are searched; the rest are ignored.
pub(crate) const MAX_WORDS: usize = 12;
/// At most this many quoted phrases are honoured.
pub(crate) const MAX_PHRASES: usize = 4;

/// Words that carry no meaning on their own; dropped when the query has other words.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how",
    "i", "in", "is", "it", "of", "on", "or", "the", "to", "what", "when", "where", "which", "who",
    "why", "with", "not", "my", "we", "you", "this", "that", "there", "these", "should",
];

/// One bare word (a run of the operator tokenizer) of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    /// The run as typed (not normalized), e.g. `CVE-2023-39323` or `encry`.
    pub text: String,
    /// The parts of a compound run as typed; empty for a plain word.
    pub parts: Vec<String>,
    /// Byte range in [`ParsedQuery::text`], used to write the corrected query.
    pub start: usize,
    pub end: usize,
    /// The last word while the user is still typing it: matched as a prefix.
    pub prefix: bool,
    /// A stopword, dropped when other words exist.
    pub stop: bool,
}

/// A parsed query: never invalid, possibly empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ParsedQuery {
    /// The input after truncation; corrections are written into this.
    pub text: String,
    pub words: Vec<Word>,
    /// Quoted phrases, each as its runs' parts in order (compounds already split).
    pub phrases: Vec<Vec<String>>,
    /// Values of `tag:` filters.
    pub tags: Vec<String>,
    /// Values of `in:` / `section:` filters, as slugs.
    pub scopes: Vec<String>,
}

impl ParsedQuery {
    /// True when there is nothing to match and nothing to filter on.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
            && self.phrases.is_empty()
            && self.tags.is_empty()
            && self.scopes.is_empty()
    }
}

/// Cuts `s` to at most `max` bytes without splitting a character.
pub(crate) fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Parses user input; every input gives a query (maybe empty).
pub(crate) fn parse(input: &str) -> ParsedQuery {
    let truncated = input.len() > MAX_QUERY_BYTES;
    let text = truncate(input, MAX_QUERY_BYTES).to_string();
    let mut q = ParsedQuery {
        text: text.clone(),
        ..ParsedQuery::default()
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    // Whether the text ends inside a bare word that the user may still be typing.
    let mut ends_in_word = false;
    while i < text.len() {
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        if c.is_whitespace() {
            i += c.len_utf8();
            ends_in_word = false;
            continue;
        }
        if c == '"' {
            match text[i + 1..].find('"') {
                Some(close) => {
                    let inner = &text[i + 1..i + 1 + close];
                    push_phrase(&mut q, inner);
                    i += close + 2;
                }
                // An unbalanced quote is just a character: read the rest as bare words.
                None => i += 1,
            }
            ends_in_word = false;
            continue;
        }
        let chunk_end = text[i..]
            .find(|c: char| c.is_whitespace() || c == '"')
            .map_or(text.len(), |n| i + n);
        let chunk = &text[i..chunk_end];
        if let Some((key, value)) = chunk.split_once(':') {
            let key = key.to_ascii_lowercase();
            if matches!(key.as_str(), "tag" | "in" | "section") {
                // `section:"Security Bulletins"`: the value is the quoted text after the colon.
                let (value, next) = if value.is_empty() && bytes.get(chunk_end) == Some(&b'"') {
                    match text[chunk_end + 1..].find('"') {
                        Some(close) => (
                            &text[chunk_end + 1..chunk_end + 1 + close],
                            chunk_end + close + 2,
                        ),
                        None => (&text[chunk_end + 1..], text.len()),
                    }
                } else {
                    (value, chunk_end)
                };
                push_filter(&mut q, &key, value);
                i = next;
                ends_in_word = false;
                continue;
            }
        }
        for run in split_runs(chunk) {
            push_word(&mut q, chunk, i, &run);
        }
        ends_in_word = true;
        i = chunk_end;
    }
    // A cut-off query was pasted, not typed: no prefix guessing on its last word.
    if ends_in_word && !truncated {
        if let Some(last) = q.words.last_mut() {
            if last.end == q.text.len() {
                last.prefix = true;
                last.stop = false;
            }
        }
    }
    drop_noise(&mut q);
    q
}

fn push_word(q: &mut ParsedQuery, chunk: &str, offset: usize, run: &Run) {
    let text = &chunk[run.start..run.end];
    let parts = if run.is_compound() {
        run.parts
            .iter()
            .map(|&(s, e)| chunk[s..e].to_string())
            .collect()
    } else {
        Vec::new()
    };
    let lower = text.to_lowercase();
    q.words.push(Word {
        text: text.to_string(),
        parts,
        start: offset + run.start,
        end: offset + run.end,
        prefix: false,
        stop: STOPWORDS.contains(&lower.as_str()) || matches!(text, "AND" | "OR" | "NOT"),
    });
}

fn push_phrase(q: &mut ParsedQuery, inner: &str) {
    let tokens: Vec<String> = split_runs(inner)
        .iter()
        .flat_map(|r| r.parts.iter().map(|&(s, e)| inner[s..e].to_string()))
        .take(MAX_WORDS)
        .collect();
    if !tokens.is_empty() && q.phrases.len() < MAX_PHRASES {
        q.phrases.push(tokens);
    }
}

fn push_filter(q: &mut ParsedQuery, key: &str, value: &str) {
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    if key == "tag" {
        q.tags.push(value.to_string());
    } else {
        let slug = super::schema::slug(value);
        if !slug.is_empty() {
            q.scopes.push(slug);
        }
    }
}

/// Drops stopwords and operator words when real words remain, and caps the word count.
fn drop_noise(q: &mut ParsedQuery) {
    if q.words.iter().any(|w| !w.stop) {
        q.words.retain(|w| !w.stop);
    }
    if q.words.len() > MAX_WORDS {
        // Keep the first words; the typed prefix (last) stays meaningful only if it survives.
        q.words.truncate(MAX_WORDS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(q: &ParsedQuery) -> Vec<(&str, bool)> {
        q.words
            .iter()
            .map(|w| (w.text.as_str(), w.prefix))
            .collect()
    }

    #[test]
    fn last_word_is_a_prefix_only_while_typing() {
        assert_eq!(
            words(&parse("data encry")),
            [("data", false), ("encry", true)]
        );
        assert_eq!(
            words(&parse("data encry ")),
            [("data", false), ("encry", false)]
        );
    }

    #[test]
    fn stopwords_drop_when_other_words_exist() {
        assert_eq!(
            words(&parse("how are passwords stored")),
            [("passwords", false), ("stored", true)]
        );
        assert_eq!(words(&parse("AND OR NOT ")).len(), 3);
        assert_eq!(
            words(&parse("tls AND fips")),
            [("tls", false), ("fips", true)]
        );
    }

    #[test]
    fn phrases_and_unbalanced_quotes() {
        let q = parse("\"FIPS 140-3\" mode");
        assert_eq!(q.phrases, vec![vec!["FIPS", "140", "3"]]);
        assert_eq!(words(&q), [("mode", true)]);
        let q = parse("\"unbalanced quote");
        assert!(q.phrases.is_empty());
        assert_eq!(words(&q), [("unbalanced", false), ("quote", true)]);
    }

    #[test]
    fn filters() {
        let q = parse("tag:CVE section:\"Security Bulletins\" in:lifecycle openssl");
        assert_eq!(q.tags, ["CVE"]);
        assert_eq!(q.scopes, ["security-bulletins", "lifecycle"]);
        assert_eq!(words(&q), [("openssl", true)]);
        let q = parse("title:encryption");
        assert_eq!(words(&q), [("title", false), ("encryption", true)]);
    }

    #[test]
    fn long_input_is_truncated_on_a_char_boundary() {
        let long = "é".repeat(10_000);
        let q = parse(&long);
        assert!(q.text.len() <= MAX_QUERY_BYTES);
        assert!(q.words.iter().all(|w| !w.prefix));
        let many = "word ".repeat(100);
        assert_eq!(parse(&many).words.len(), MAX_WORDS);
    }
}
