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
const fn is_joiner(c: char) -> bool {
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
    let mut parts = Vec::new();
    for_each_run(text, &mut parts, |start, end, parts| {
        runs.push(Run {
            start,
            end,
            parts: parts.to_vec(),
        })
    });
    runs
}

/// Calls `f(start, end, parts)` for every run of [`split_runs`], reusing `parts` as the buffer of
/// part ranges. One pass, nothing allocated per run: the tokenizer and the snippet scanner walk
/// whole sections, the latter on every keystroke.
pub(crate) fn for_each_run(
    text: &str,
    parts: &mut Vec<(usize, usize)>,
    mut f: impl FnMut(usize, usize, &[(usize, usize)]),
) {
    parts.clear();
    let bytes = text.as_bytes();
    let mut part_start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let (class, len) = match bytes[i] {
            b if b.is_ascii() => (ASCII_CLASSES[usize::from(b)], 1),
            _ => {
                let c = text[i..].chars().next().unwrap_or(' ');
                (CharClass::of(c), c.len_utf8())
            }
        };
        match class {
            CharClass::Word => {
                part_start.get_or_insert(i);
            }
            // A joiner ends a part but not the run; leading and trailing joiners belong to no part.
            CharClass::Joiner => {
                if let Some(ps) = part_start.take() {
                    parts.push((ps, i));
                }
            }
            CharClass::Other => {
                if let Some(ps) = part_start.take() {
                    parts.push((ps, i));
                }
                emit_run(parts, &mut f);
            }
        }
        i += len;
    }
    if let Some(ps) = part_start {
        parts.push((ps, bytes.len()));
    }
    emit_run(parts, &mut f);
}

/// Hands a finished run (from its first part to its last) to `f` and empties `parts`.
fn emit_run(parts: &mut Vec<(usize, usize)>, f: &mut impl FnMut(usize, usize, &[(usize, usize)])) {
    if let (Some(first), Some(last)) = (parts.first(), parts.last()) {
        f(first.0, last.1, parts);
    }
    parts.clear();
}

/// Calls `f(p)` for every byte `p` of the ASCII `text` where exact-analyzer tokens start: a letter or
/// digit that does not continue a part (so it starts a run, or a part after a joiner). A tight loop
/// over bytes; what starts there is cut only on request, by [`ascii_tokens_at`].
pub(crate) fn for_each_ascii_token_start(text: &[u8], mut f: impl FnMut(usize)) {
    let word = |b: u8| matches!(ASCII_CLASSES[usize::from(b & 0x7f)], CharClass::Word);
    let mut i = 0;
    while i < text.len() {
        while i < text.len() && !word(text[i]) {
            i += 1;
        }
        if i < text.len() {
            f(i);
        }
        while i < text.len() && word(text[i]) {
            i += 1;
        }
    }
}

/// Pushes the exact-analyzer tokens that start at the token start `p` of the ASCII `text` (see
/// [`for_each_ascii_token_start`]): the part, and the whole compound when `p` begins a run of
/// several parts; the long-token rule of [`for_each_exact_token`] applies.
pub(crate) fn ascii_tokens_at(text: &[u8], p: usize, out: &mut Vec<(usize, usize)>) {
    let class = |i: usize| ASCII_CLASSES[usize::from(text[i] & 0x7f)];
    let word_end = |mut i: usize| {
        while i < text.len() && matches!(class(i), CharClass::Word) {
            i += 1;
        }
        i
    };
    let part_end = word_end(p);
    let mut keep = |s: usize, e: usize| {
        if e - s < MAX_TOKEN_LEN {
            out.push((s, e));
        }
    };
    keep(p, part_end);
    // The first part of a run: only joiners (or nothing) between it and the start of the run.
    let mut before = p;
    while before > 0 && matches!(class(before - 1), CharClass::Joiner) {
        before -= 1;
    }
    if before > 0 && !matches!(class(before - 1), CharClass::Other) {
        return;
    }
    let (mut i, mut run_end) = (part_end, part_end);
    while i < text.len() {
        match class(i) {
            CharClass::Joiner => i += 1,
            CharClass::Word => {
                i = word_end(i);
                run_end = i;
            }
            CharClass::Other => break,
        }
    }
    if run_end > part_end {
        keep(p, run_end);
    }
}

#[derive(Clone, Copy)]
enum CharClass {
    /// A letter or digit.
    Word,
    /// Glues parts into one run: see [`is_joiner`].
    Joiner,
    Other,
}

impl CharClass {
    fn of(c: char) -> CharClass {
        if c.is_alphanumeric() {
            CharClass::Word
        } else if is_joiner(c) {
            CharClass::Joiner
        } else {
            CharClass::Other
        }
    }
}

/// [`CharClass::of`] for every ASCII byte, looked up rather than computed in the scanning loop.
const ASCII_CLASSES: [CharClass; 128] = {
    let mut table = [CharClass::Other; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() {
            CharClass::Word
        } else if is_joiner(c as char) {
            CharClass::Joiner
        } else {
            CharClass::Other
        };
        b += 1;
    }
    table
};

/// Calls `f(start, end)` for the byte range of every token the exact analyzer keeps, in its order
/// (a compound, then its parts), without allocating per token. Ranges of `MAX_TOKEN_LEN` bytes or
/// more are skipped, as the analyzer's long-token filter drops them.
pub(crate) fn for_each_exact_token(
    text: &str,
    parts: &mut Vec<(usize, usize)>,
    mut f: impl FnMut(usize, usize),
) {
    let mut keep = |s: usize, e: usize| {
        if e - s < MAX_TOKEN_LEN {
            f(s, e)
        }
    };
    for_each_run(text, parts, |start, end, parts| {
        if parts.len() > 1 {
            keep(start, end);
        }
        for &(s, e) in parts {
            keep(s, e);
        }
    });
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
        for_each_run(text, &mut Vec::new(), |start, end, parts| {
            if self.compounds && parts.len() > 1 {
                tokens.push(token(text, start, end, position));
            }
            for &(s, e) in parts {
                tokens.push(token(text, s, e, position));
                position += 1;
            }
        });
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

    /// [`Normalizer::exact`] into a reused buffer; ASCII words (nearly all of the docs) skip the
    /// analyzer, whose filters leave ASCII text lower-cased and otherwise unchanged.
    pub fn exact_into(&mut self, word: &str, out: &mut String) {
        out.clear();
        if word.is_ascii() {
            out.push_str(word);
            out.make_ascii_lowercase();
        } else {
            out.push_str(&self.exact(word));
        }
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

    /// The snippet scanner must see exactly the tokens the index holds, or marks would go missing.
    fn scanned(text: &str) -> Vec<(String, usize, usize)> {
        let mut norm = Normalizer::default();
        let mut out = Vec::new();
        for_each_exact_token(text, &mut Vec::new(), |s, e| {
            let mut t = String::new();
            norm.exact_into(&text[s..e], &mut t);
            out.push((t, s, e));
        });
        out
    }

    fn analyzed(text: &str) -> Vec<(String, usize, usize)> {
        let mut analyzer = exact_analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn token_scan_agrees_with_the_exact_analyzer() {
        let long = format!("{} short", "x".repeat(MAX_TOKEN_LEN));
        let just_short = format!("{} ok", "y".repeat(MAX_TOKEN_LEN - 1));
        for text in [
            "see CVE-2023-39323 now, then --kubeconfig and spectro_public_key.pem.",
            "Déjà-vu ÉCOLE straße İstanbul ﬁle ２０２３ — “quoted” it’s v4.7.0.",
            "--- ... !!! ✅ -a- _ .x. a--b",
            long.as_str(),
            just_short.as_str(),
            "",
        ] {
            assert_eq!(scanned(text), analyzed(text), "{text:?}");
        }
    }

    /// The run rules written plainly: maximal runs of letters, digits and joiners, trimmed of joiners,
    /// split at joiners into parts.
    fn model_runs(text: &str) -> Vec<Run> {
        let glued = |c: char| c.is_alphanumeric() || is_joiner(c);
        let mut runs = Vec::new();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            if !glued(chars[i].1) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < chars.len() && glued(chars[j].1) {
                j += 1;
            }
            let run = &chars[i..j];
            let mut parts = Vec::new();
            let mut k = 0;
            while k < run.len() {
                if is_joiner(run[k].1) {
                    k += 1;
                    continue;
                }
                let start = run[k].0;
                while k < run.len() && !is_joiner(run[k].1) {
                    k += 1;
                }
                let (last, c) = run[k - 1];
                parts.push((start, last + c.len_utf8()));
            }
            if let (Some(first), Some(last)) = (parts.first(), parts.last()) {
                runs.push(Run {
                    start: first.0,
                    end: last.1,
                    parts: parts.clone(),
                });
            }
            i = j;
        }
        runs
    }

    /// Tokens of ASCII text found from their start positions, sorted as the full scan sorts them.
    fn ascii_tokens(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for_each_ascii_token_start(text.as_bytes(), |p| {
            ascii_tokens_at(text.as_bytes(), p, &mut out)
        });
        out.sort();
        out
    }

    fn all_tokens(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for_each_exact_token(text, &mut Vec::new(), |s, e| out.push((s, e)));
        out.sort();
        out
    }

    #[test]
    fn tokens_found_from_their_starts_are_the_scanned_tokens() {
        let long = format!("a-{} b", "x".repeat(MAX_TOKEN_LEN));
        for text in [
            "see CVE-2023-39323 now, then --kubeconfig and spectro_public_key.pem.",
            "-- .a a. _a_b_ 1.2.3 x/y/z 'quoted' it's us-east-1",
            long.as_str(),
            "",
        ] {
            assert_eq!(ascii_tokens(text), all_tokens(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn tokens_found_from_their_starts_on_any_ascii(text in "[a-cA-C0-9\\-_./' ,;:()]{0,60}") {
            proptest::prop_assert_eq!(ascii_tokens(&text), all_tokens(&text));
        }

        #[test]
        fn token_scan_agrees_on_any_text(text in "\\PC{0,80}") {
            proptest::prop_assert_eq!(scanned(&text), analyzed(&text));
        }

        #[test]
        fn runs_follow_the_plain_rules(text in "([a-zA-Z0-9é’\\-_./' ,;:!?()\\[\\]🚀]|\\PC){0,60}") {
            proptest::prop_assert_eq!(split_runs(&text), model_runs(&text));
        }
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
