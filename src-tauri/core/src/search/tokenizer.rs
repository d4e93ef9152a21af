//! The operator-vocabulary tokenizer: keeps `CVE-2023-39323`, `us-east-1`, `4.7.0` whole *and* splits them into parts.
//!
//! Prose tokenizers split `CVE-2023-39323` into three unrelated words, so an operator pasting the id gets
//! every page that mentions "2023". Here a run of letters/digits glued by joiners (`-` `_` `.` `/` `'`) is
//! emitted once as the whole compound and then part by part. The compound shares its position with the
//! first part and the parts take consecutive positions, so both the exact compound term and a phrase of
//! its parts (`2023-39323` → "2023" "39323") match the same place in a document.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer,
    TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Tokens longer than this (in bytes) are dropped: they are hashes or base64, never typed by hand.
pub(crate) const MAX_TOKEN_LEN: usize = 48;

/// Characters that glue the parts of one operator token together.
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '_' | '.' | '/' | '\'' | '’')
}

/// One whitespace/punctuation-delimited run of text, e.g. `--kubeconfig` trimmed to `kubeconfig`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Run {
    /// Byte range of the trimmed run in the source text.
    pub start: usize,
    pub end: usize,
    /// Byte ranges of the parts; a single entry when the run has no inner joiner.
    pub parts: Vec<(usize, usize)>,
}

impl Run {
    pub fn is_compound(&self) -> bool {
        self.parts.len() > 1
    }
}

/// Splits text into runs of letters/digits possibly glued by joiners; everything else separates.
pub(crate) fn split_runs(text: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if !(c.is_alphanumeric() || is_joiner(c)) {
            chars.next();
            continue;
        }
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if c.is_alphanumeric() || is_joiner(c) {
                end = i + c.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        if let Some(run) = trim_run(text, start, end) {
            runs.push(run);
        }
    }
    runs
}

/// Drops leading/trailing joiners (`--flag`, `end.`) and records the parts of what is left.
fn trim_run(text: &str, start: usize, end: usize) -> Option<Run> {
    let raw = &text[start..end];
    let trimmed_front = raw.trim_start_matches(is_joiner);
    let s = start + (raw.len() - trimmed_front.len());
    let trimmed = trimmed_front.trim_end_matches(is_joiner);
    if trimmed.is_empty() {
        return None;
    }
    let e = s + trimmed.len();
    let mut parts = Vec::new();
    let mut part_start: Option<usize> = None;
    for (i, c) in trimmed.char_indices() {
        if is_joiner(c) {
            if let Some(ps) = part_start.take() {
                parts.push((s + ps, s + i));
            }
        } else if part_start.is_none() {
            part_start = Some(i);
        }
    }
    if let Some(ps) = part_start {
        parts.push((s + ps, e));
    }
    Some(Run {
        start: s,
        end: e,
        parts,
    })
}

/// Tantivy tokenizer over [`split_runs`]: compound first, then its parts at consecutive positions.
#[derive(Clone, Debug)]
pub struct OperatorTokenizer {
    /// Emit whole compounds too. The stemmed fields skip them: compounds are matched in the exact
    /// fields only, and leaving them out keeps the index within 1.5x of the markdown.
    compounds: bool,
}

/// Token stream over a precomputed token list (texts are short sections; simplicity wins here).
pub struct OperatorTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for OperatorTokenizer {
    type TokenStream<'a> = OperatorTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> OperatorTokenStream {
        let mut tokens = Vec::new();
        let mut position = 0usize;
        for run in split_runs(text) {
            if self.compounds && run.is_compound() {
                tokens.push(token(text, run.start, run.end, position));
            }
            for &(s, e) in &run.parts {
                tokens.push(token(text, s, e, position));
                position += 1;
            }
        }
        OperatorTokenStream { tokens, next: 0 }
    }
}

fn token(text: &str, start: usize, end: usize, position: usize) -> Token {
    Token {
        offset_from: start,
        offset_to: end,
        position,
        text: text[start..end].to_string(),
        position_length: 1,
    }
}

impl TokenStream for OperatorTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self
            .next
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1))]
    }

    fn token_mut(&mut self) -> &mut Token {
        let i = self
            .next
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1));
        &mut self.tokens[i]
    }
}

/// Name under which the unstemmed operator analyzer is registered in the index.
pub(crate) const EXACT: &str = "palette_exact";
/// Name under which the English-stemming operator analyzer is registered in the index.
pub(crate) const STEMMED: &str = "palette_en";

/// The analyzer of the exact fields: operator tokens, lower-cased and accent-folded, never stemmed.
pub(crate) fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(OperatorTokenizer { compounds: true })
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The analyzer of the prose fields: as [`exact_analyzer`] plus English stemming.
pub(crate) fn stemmed_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(OperatorTokenizer { compounds: false })
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Normalizers for single words on the query side, so query terms equal indexed terms byte for byte.
#[derive(Clone)]
pub(crate) struct Normalizer {
    exact: TextAnalyzer,
    stem: TextAnalyzer,
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer {
            exact: TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
            stem: TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }
}

impl Normalizer {
    /// Lower-cased, accent-folded form of one token, as the exact fields store it.
    pub fn exact(&mut self, word: &str) -> String {
        first_token(&mut self.exact, word)
    }

    /// Stemmed form of one token, as the prose fields store it.
    pub fn stem(&mut self, word: &str) -> String {
        first_token(&mut self.stem, word)
    }
}

fn first_token(analyzer: &mut TextAnalyzer, word: &str) -> String {
    let mut stream = analyzer.token_stream(word);
    if stream.advance() {
        stream.token().text.clone()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, usize)> {
        let mut analyzer = exact_analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position));
        }
        out
    }

    fn texts(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn cve_ids_keep_whole_and_parts_at_consecutive_positions() {
        assert_eq!(
            tokens("see CVE-2023-39323 now"),
            vec![
                ("see".into(), 0),
                ("cve-2023-39323".into(), 1),
                ("cve".into(), 1),
                ("2023".into(), 2),
                ("39323".into(), 3),
                ("now".into(), 4),
            ]
        );
    }

    #[test]
    fn operator_vocabulary_is_kept_as_typed() {
        assert_eq!(texts("FIPS 140-3"), ["fips", "140-3", "140", "3"]);
        assert_eq!(texts("ECDSA-P256"), ["ecdsa-p256", "ecdsa", "p256"]);
        assert_eq!(texts("kubectl get pods"), ["kubectl", "get", "pods"]);
        assert_eq!(texts("--kubeconfig"), ["kubeconfig"]);
        assert_eq!(texts("us-east-1"), ["us-east-1", "us", "east", "1"]);
        assert_eq!(
            texts("spectro_public_key.pem"),
            ["spectro_public_key.pem", "spectro", "public", "key", "pem"]
        );
        assert_eq!(texts("v4.7.0."), ["v4.7.0", "v4", "7", "0"]);
        assert_eq!(texts("(4.7.0)"), ["4.7.0", "4", "7", "0"]);
    }

    #[test]
    fn punctuation_only_and_emoji_give_no_tokens() {
        assert!(texts("--- ... !!! ✅ ❌ 🚀").is_empty());
        assert_eq!(texts("Déjà-vu"), ["deja-vu", "deja", "vu"]);
    }

    #[test]
    fn offsets_point_into_the_source() {
        let text = "x `--kubeconfig` y";
        let runs = split_runs(text);
        assert_eq!(&text[runs[1].start..runs[1].end], "kubeconfig");
    }

    #[test]
    fn stemming_applies_to_prose_only_field() {
        let mut analyzer = stemmed_analyzer();
        let mut stream = analyzer.token_stream("Encrypted passwords");
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        assert_eq!(out, ["encrypt", "password"]);
        let mut n = Normalizer::default();
        assert_eq!(n.stem("Encryption"), "encrypt");
        assert_eq!(n.exact("Encryption"), "encryption");
    }
}
