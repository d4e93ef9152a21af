//! Answering queries: one reader for the program's life, a tantivy searcher per query, grouped hits.
//!
//! Ranking comes from field boosts (title > heading > tags > body; each exact field adds to its stemmed
//! twin, so exact words outrank stems) and from listing sections with all words before those with
//! some: two tantivy searches on a large index, one pass over every clause on a small one.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tantivy::collector::TopDocs;
use tantivy::columnar::Column;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Term};

use super::index::index_error;
use super::one_pass;
use super::query::{parse, ParsedQuery};
use super::schema::{fields_of, register_tokenizers, Fields};
use super::scoring::{TermWeights, Weights};
use super::sections::{Preloaded, Section};
use super::snippet::{Highlight, Snippeter};
use super::tokenizer::{split_runs, Normalizer, MAX_TOKEN_LEN};
use super::{Hit, SearchResults};
use crate::{Error, Result};

const W_TITLE: f32 = 6.0;
const W_SECTION: f32 = 4.0;
/// Tags have no stemmed twin, so their single weight sits between heading and body totals.
const W_TAGS: f32 = 5.0;
const W_BODY: f32 = 1.0;
/// Extra weight of an exact-field match; it adds to the stemmed match of the same word.
const EXACT_BONUS: f32 = 1.5;
/// Weight of a completion of the typed prefix relative to the word typed so far.
const EXPANSION: f32 = 0.6;
/// Completions per field for the prefix word, chosen by document frequency.
const MAX_EXPANSIONS: usize = 10;
/// Dictionary entries scanned per field for completions (bounds 1–2 letter prefixes on huge corpora).
const EXPANSION_SCAN: usize = 2_000;
/// Largest number of pages returned, whatever the caller asks.
const MAX_LIMIT: usize = 100;
/// Other sections listed under a page.
const MAX_MORE: usize = 4;
/// Shortest word (in letters) that typo correction touches.
const MIN_TYPO_LEN: usize = 4;

/// The index opened read-only; share it (it is `Send + Sync`) and call [`Searcher::search`] per query.
pub struct Searcher {
    dir: PathBuf,
    reader: IndexReader,
    fields: Fields,
    /// The `page` fast field of each segment, for grouping sections by page.
    pages: Vec<Column<u64>>,
    /// All sections, when the index is small enough to hold them; such an index is also ranked in
    /// one pass (see `one_pass`).
    preloaded: Option<Preloaded>,
    /// The term weights of the previous search, which the next keystroke mostly needs again
    /// (see `scoring::TermWeights`).
    previous: Mutex<Weights>,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher").field("dir", &self.dir).finish()
    }
}

/// One query word, normalized, with its scored clauses.
#[derive(Debug)]
struct Group {
    /// Index into `ParsedQuery::words`.
    word: usize,
    prefix: bool,
    terms: WordTerms,
    /// The scored clauses of the word (see [`Searcher::word_clauses`]).
    clauses: Clauses,
    /// Whether the index holds the word itself (exactly, stemmed or as a tag).
    known: bool,
}

/// The index terms of one query word.
#[derive(Debug)]
struct WordTerms {
    exact: String,
    /// The parts of a compound (empty for a plain word).
    parts: Vec<String>,
    stem: Option<String>,
    /// Completions of a prefix word: (field, term, field weight).
    expansions: Vec<(Field, String, f32)>,
}

/// The scored clauses of one query word or phrase.
type Clauses = Vec<Box<dyn Query>>;

/// Everything one execution needs.
struct Plan {
    groups: Vec<Group>,
    /// Quoted phrases, as tokens and as scored clauses.
    phrases: Vec<(Vec<String>, Clauses)>,
    filters: Vec<Box<dyn Query>>,
}

/// Checks each segment file's checksum (tantivy's footer CRC) before anything decodes it: tantivy
/// trusts its own files and may panic on a damaged one, so a flipped byte must be found here and
/// named, not met later as a crash.
fn check_segment_files(index: &Index, loaded: &[String], label: &Path) -> Result<()> {
    let metas = index
        .searchable_segment_metas()
        .map_err(|e| index_error(label, e))?;
    for meta in metas {
        for file in meta.list_files() {
            let name = file.to_string_lossy();
            if !loaded.iter().any(|l| *l == name) {
                continue;
            }
            if !index.directory().validate_checksum(&file).unwrap_or(false) {
                return Err(Error::Bundle(format!(
                    "the search index file search/{name} in {} is damaged (its checksum does not match); rebuild the snapshot with `palette-docs bundle build`",
                    label.display()
                )));
            }
        }
    }
    Ok(())
}

impl Searcher {
    /// Opens the index in `dir` read-only. Takes milliseconds: files are memory-mapped, and only a
    /// small index has its sections read (see `sections`).
    pub fn open(dir: &Path) -> Result<Searcher> {
        if !dir.join("meta.json").is_file() {
            return Err(Error::Invalid(format!(
                "no search index found in {}; rebuild the bundle with `palette-docs bundle build`",
                dir.display()
            )));
        }
        let index = Index::open_in_dir(dir).map_err(|e| index_error(dir, e))?;
        Searcher::from_index(index, dir)
    }

    /// Opens an index from its files' bytes (as verified from a bundle): nothing is read from disk
    /// afterwards and nothing is written, so a read-only or tampered-later folder cannot matter.
    pub fn open_in_memory(
        files: impl IntoIterator<Item = (String, Vec<u8>)>,
        label: &Path,
    ) -> Result<Searcher> {
        use tantivy::Directory as _;
        let ram = tantivy::directory::RamDirectory::create();
        let mut has_meta = false;
        let mut loaded = Vec::new();
        for (name, bytes) in files {
            has_meta |= name == "meta.json";
            loaded.push(name.clone());
            ram.atomic_write(Path::new(&name), &bytes)
                .map_err(|e| Error::Invalid(format!("cannot load search file {name}: {e}")))?;
        }
        if !has_meta {
            return Err(Error::Invalid(format!(
                "no search index found in {}; rebuild the bundle with `palette-docs bundle build`",
                label.display()
            )));
        }
        let index = Index::open(ram).map_err(|e| index_error(label, e))?;
        check_segment_files(&index, &loaded, label)?;
        Searcher::from_index(index, label)
    }

    fn from_index(index: Index, dir: &Path) -> Result<Searcher> {
        register_tokenizers(&index);
        let fields = fields_of(&index.schema()).ok_or_else(|| {
            Error::Invalid(format!(
                "the search index in {} was written by another version; rebuild the bundle with `palette-docs bundle build`",
                dir.display()
            ))
        })?;
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| index_error(dir, e))?;
        // The reader is never reloaded, so what is read from its searcher here stays valid.
        let searcher = reader.searcher();
        let pages = searcher
            .segment_readers()
            .iter()
            .map(|r| r.fast_fields().u64("page"))
            .collect::<tantivy::Result<Vec<_>>>()
            .map_err(|e| index_error(dir, e))?;
        let preloaded = Preloaded::load(&searcher, &fields).map_err(|e| index_error(dir, e))?;
        Ok(Searcher {
            dir: dir.to_path_buf(),
            reader,
            fields,
            pages,
            preloaded,
            previous: Mutex::new(Weights::default()),
        })
    }

    /// Number of indexed sections.
    pub fn num_sections(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Searches `query` (see the module docs for the syntax) and returns up to `limit` pages.
    ///
    /// Never fails: input is parsed leniently, and an index read error yields no results.
    pub fn search(&self, query: &str, limit: usize) -> SearchResults {
        let parsed = parse(query);
        let limit = limit.min(MAX_LIMIT);
        let mut out = SearchResults {
            query: parsed.text.clone(),
            corrected: None,
            results: Vec::new(),
        };
        if parsed.is_empty() || limit == 0 {
            return out;
        }
        // An index read error here means a damaged bundle; `verify` reports that, the search box shows nothing.
        if let Ok((corrected, results)) = self.run(&parsed, limit) {
            out.corrected = corrected;
            out.results = results;
        }
        out
    }

    fn run(
        &self,
        parsed: &ParsedQuery,
        limit: usize,
    ) -> tantivy::Result<(Option<String>, Vec<Hit>)> {
        let searcher = self.reader.searcher();
        let mut norm = Normalizer::default();
        let plan = self.plan(&searcher, parsed, &mut norm)?;
        if plan.groups.is_empty() && plan.phrases.is_empty() && plan.filters.is_empty() {
            return Ok((None, Vec::new()));
        }

        let corrections = self.corrections(&searcher, &plan)?;
        if !corrections.is_empty() {
            let (fixed, text) = apply_corrections(parsed, &corrections);
            let fixed_plan = self.plan(&searcher, &fixed, &mut norm)?;
            let pages = self.execute(&searcher, &fixed_plan, limit)?;
            if !pages.is_empty() {
                let hits = self.hits(&searcher, &fixed_plan, pages)?;
                return Ok((Some(text), hits));
            }
        }
        let pages = self.execute(&searcher, &plan, limit)?;
        Ok((None, self.hits(&searcher, &plan, pages)?))
    }

    /// Normalizes words, expands the prefix word and builds filter queries.
    fn plan(
        &self,
        searcher: &tantivy::Searcher,
        parsed: &ParsedQuery,
        norm: &mut Normalizer,
    ) -> tantivy::Result<Plan> {
        let f = self.fields;
        let mut groups = Vec::new();
        // Taken, not held: a search running meanwhile just builds its weights itself.
        let previous = std::mem::take(&mut *crate::sync::lock(&self.previous));
        let mut weights = TermWeights::new(searcher, previous);
        for (i, w) in parsed.words.iter().enumerate() {
            let exact = norm.exact(&w.text);
            if exact.is_empty() || exact.len() > MAX_TOKEN_LEN {
                continue;
            }
            let parts: Vec<String> = w
                .parts
                .iter()
                .map(|p| norm.exact(p))
                .filter(|p| !p.is_empty())
                .collect();
            let stem = if parts.is_empty() {
                Some(norm.stem(&w.text))
            } else {
                None
            };
            let mut expansions = Vec::new();
            if w.prefix {
                for (field, weight) in exact_fields(&f) {
                    for term in expand(searcher, field, &exact)? {
                        expansions.push((field, term, weight));
                    }
                }
            }
            let terms = WordTerms {
                exact,
                parts,
                stem,
                expansions,
            };
            let (clauses, known) = self.word_clauses(&mut weights, &terms)?;
            groups.push(Group {
                word: i,
                prefix: w.prefix,
                terms,
                clauses,
                known,
            });
        }
        let mut phrases = Vec::new();
        for p in &parsed.phrases {
            let tokens: Vec<String> = p
                .iter()
                .map(|t| norm.exact(t))
                .filter(|t| !t.is_empty())
                .collect();
            if !tokens.is_empty() {
                let clauses = self.phrase_clauses(&mut weights, &tokens)?;
                phrases.push((tokens, clauses));
            }
        }
        *crate::sync::lock(&self.previous) = weights.into_weights();
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        for tag in &parsed.tags {
            // Tags are indexed by the exact analyzer: the filter uses the whole first run, as a compound.
            let first = split_runs(tag).into_iter().next();
            let term = first
                .map(|r| norm.exact(&tag[r.start..r.end]))
                .unwrap_or_default();
            filters.push(Box::new(TermQuery::new(
                Term::from_field_text(f.tags, &term),
                IndexRecordOption::Basic,
            )));
        }
        for scope in &parsed.scopes {
            filters.push(Box::new(TermQuery::new(
                Term::from_field_text(f.scope, scope),
                IndexRecordOption::Basic,
            )));
        }
        Ok(Plan {
            groups,
            phrases,
            filters,
        })
    }

    /// The scored clauses of one word, any of which is a match of it: exact fields, stemmed fields,
    /// the compound as a phrase of its parts, completions. Terms no section holds are left out, so
    /// whether the word itself is known comes with them.
    fn word_clauses(
        &self,
        weights: &mut TermWeights,
        g: &WordTerms,
    ) -> tantivy::Result<(Clauses, bool)> {
        let f = self.fields;
        let mut c = Clauses::new();
        let mut term = |c: &mut Clauses, field: Field, text: &str, boost: f32| {
            let term = Term::from_field_text(field, text);
            weights.clause(term, boost).map(|clause| c.extend(clause))
        };
        for (field, w) in exact_fields(&f) {
            term(&mut c, field, &g.exact, w * EXACT_BONUS)?;
        }
        term(&mut c, f.tags, &g.exact, W_TAGS)?;
        if let Some(stem) = &g.stem {
            for (field, w) in [(f.title, W_TITLE), (f.section, W_SECTION), (f.body, W_BODY)] {
                term(&mut c, field, stem, w)?;
            }
        }
        let known = !c.is_empty();
        for (field, text, w) in &g.expansions {
            term(&mut c, *field, text, w * EXPANSION * EXACT_BONUS)?;
        }
        if g.parts.len() > 1 {
            c.extend(self.phrase_clauses(weights, &g.parts)?);
        }
        Ok((c, known))
    }

    /// The clauses of a phrase (tokens in order) in the exact fields.
    fn phrase_clauses(
        &self,
        weights: &mut TermWeights,
        tokens: &[String],
    ) -> tantivy::Result<Clauses> {
        let mut c = Clauses::new();
        for (field, w) in exact_fields(&self.fields) {
            if let [token] = tokens {
                let term = Term::from_field_text(field, token);
                c.extend(weights.clause(term, w * EXACT_BONUS)?);
            } else {
                let terms = tokens
                    .iter()
                    .map(|t| Term::from_field_text(field, t))
                    .collect();
                c.push(Box::new(BoostQuery::new(
                    Box::new(PhraseQuery::new(terms)),
                    w * EXACT_BONUS,
                )));
            }
        }
        Ok(c)
    }

    /// Wraps `main` so that every filter must hold, without filters adding to the score.
    fn filtered(&self, main: Box<dyn Query>, plan: &Plan) -> Box<dyn Query> {
        if plan.filters.is_empty() {
            return main;
        }
        let mut c = vec![(Occur::Must, main)];
        for filter in &plan.filters {
            c.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0)),
            ));
        }
        Box::new(BooleanQuery::new(c))
    }

    /// Runs the all-words query, then the any-word query if pages are missing; groups sections by page.
    fn execute(
        &self,
        searcher: &tantivy::Searcher,
        plan: &Plan,
        limit: usize,
    ) -> tantivy::Result<Vec<Vec<DocAddress>>> {
        let words: Vec<&Clauses> = (plan.groups.iter().map(|g| &g.clauses))
            .chain(plan.phrases.iter().map(|p| &p.1))
            .collect();
        let depth = (limit * 6).clamp(30, 300);
        let collector = TopDocs::with_limit(depth);
        let mut grouper = Grouper::new(&self.pages, limit);

        if words.is_empty() {
            // Filters only: list the filtered pages in bundle order.
            let top = searcher.search(&*self.filtered(Box::new(AllQuery), plan), &collector)?;
            grouper.add(top.into_iter().map(|(_, a)| a));
            return Ok(grouper.pages);
        }
        if self.preloaded.is_some() {
            // A small index: both lists from one pass (see `one_pass`).
            let words: Vec<&[Box<dyn Query>]> = words.iter().map(|w| w.as_slice()).collect();
            let (all, any) = one_pass::all_and_any(searcher, &words, &plan.filters, depth)?;
            grouper.add(all.into_iter());
            if words.len() > 1 && grouper.pages.len() < limit {
                grouper.add(any.into_iter());
            }
            return Ok(grouper.pages);
        }
        // A word none of whose terms exist has no clauses, and then no section has all words.
        let all: Box<dyn Query> = match &words[..] {
            [one] => any_of(one.iter().map(|c| c.box_clone()).collect()),
            _ => Box::new(BooleanQuery::new(
                words
                    .iter()
                    .map(|w| {
                        (
                            Occur::Must,
                            any_of(w.iter().map(|c| c.box_clone()).collect()),
                        )
                    })
                    .collect(),
            )),
        };
        let top = searcher.search(&*self.filtered(all, plan), &collector)?;
        grouper.add(top.into_iter().map(|(_, a)| a));
        if words.len() > 1 && grouper.pages.len() < limit {
            // One flat union: scores add up as they would word by word.
            let any = any_of(words.into_iter().flatten().map(|c| c.box_clone()).collect());
            let top = searcher.search(&*self.filtered(any, plan), &collector)?;
            grouper.add(top.into_iter().map(|(_, a)| a));
        }
        Ok(grouper.pages)
    }

    /// Words of 4+ letters that match nothing, with their best edit-distance-1 correction.
    fn corrections(
        &self,
        searcher: &tantivy::Searcher,
        plan: &Plan,
    ) -> tantivy::Result<Vec<(usize, String)>> {
        let f = self.fields;
        let mut exact: Option<ExactDictionaries> = None;
        let mut out = Vec::new();
        for g in &plan.groups {
            if g.known
                || g.terms.exact.chars().count() < MIN_TYPO_LEN
                || !g.terms.exact.chars().all(char::is_alphabetic)
                || !g.terms.expansions.is_empty()
            {
                continue;
            }
            let exact = match &mut exact {
                Some(e) => e,
                None => exact.insert(ExactDictionaries::open(searcher, &f)?),
            };
            let mut best: Option<(u64, String)> = None;
            for candidate in edits1(&g.terms.exact) {
                let mut score = exact.doc_freq(&candidate)?;
                if g.prefix && score == 0 && has_prefix(searcher, f.body_exact, &candidate)? {
                    score = 1;
                }
                if score > best.as_ref().map_or(0, |b| b.0) {
                    best = Some((score, candidate));
                }
            }
            if let Some((_, word)) = best {
                out.push((g.word, word));
            }
        }
        Ok(out)
    }

    /// Reads the stored fields of the grouped sections and builds hits with snippets.
    fn hits(
        &self,
        searcher: &tantivy::Searcher,
        plan: &Plan,
        pages: Vec<Vec<DocAddress>>,
    ) -> tantivy::Result<Vec<Hit>> {
        let mut snippeter = Snippeter::new(highlight(plan));
        let mut out = Vec::with_capacity(pages.len());
        for docs in pages {
            let mut hits = Vec::with_capacity(docs.len());
            for addr in docs {
                hits.push(self.hit(searcher, addr, &mut snippeter)?);
            }
            let mut iter = hits.into_iter();
            if let Some(mut first) = iter.next() {
                first.more = iter.collect();
                out.push(first);
            }
        }
        Ok(out)
    }

    fn hit(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
        snippeter: &mut Snippeter,
    ) -> tantivy::Result<Hit> {
        if let Some((section, prepared)) = self.preloaded.as_ref().and_then(|p| p.get(addr)) {
            let snippet = snippeter.snippet_html(&section.body, Some(prepared));
            return Ok(section.hit(snippet));
        }
        let section = Section::read(searcher, addr, &self.fields)?;
        let snippet = snippeter.snippet_html(&section.body, None);
        Ok(section.hit(snippet))
    }
}

/// The term dictionaries of the exact fields in every segment, opened once for the hundreds of
/// lookups a typo correction makes.
struct ExactDictionaries(Vec<std::sync::Arc<tantivy::InvertedIndexReader>>);

impl ExactDictionaries {
    fn open(searcher: &tantivy::Searcher, f: &Fields) -> tantivy::Result<ExactDictionaries> {
        let mut readers = Vec::new();
        for segment in searcher.segment_readers() {
            for (field, _) in exact_fields(f) {
                readers.push(segment.inverted_index(field)?);
            }
        }
        Ok(ExactDictionaries(readers))
    }

    /// Sections containing `term`, summed over the exact fields (a section may count more than once).
    fn doc_freq(&self, term: &str) -> tantivy::Result<u64> {
        let mut n = 0;
        for reader in &self.0 {
            if let Some(info) = reader.terms().get(term.as_bytes())? {
                n += u64::from(info.doc_freq);
            }
        }
        Ok(n)
    }
}

/// Collects sections into pages (by the `page` fast field) in first-seen order.
///
/// Lists, not hash maps: there are at most `limit` pages of a few sections each.
struct Grouper<'a> {
    /// The `page` fast field of each segment.
    columns: &'a [Column<u64>],
    limit: usize,
    /// The page ordinal of each entry of `pages`.
    page_ids: Vec<u64>,
    pages: Vec<Vec<DocAddress>>,
}

impl<'a> Grouper<'a> {
    fn new(columns: &'a [Column<u64>], limit: usize) -> Grouper<'a> {
        Grouper {
            columns,
            limit,
            page_ids: Vec::new(),
            pages: Vec::new(),
        }
    }

    fn add(&mut self, docs: impl Iterator<Item = DocAddress>) {
        for addr in docs {
            let page = self
                .columns
                .get(addr.segment_ord as usize)
                .and_then(|c| c.first(addr.doc_id))
                .unwrap_or(u64::MAX);
            match self.page_ids.iter().position(|&p| p == page) {
                // A section the all-words pass already placed comes again from the any-word pass.
                Some(i) if self.pages[i].contains(&addr) => {}
                Some(i) if self.pages[i].len() <= MAX_MORE => self.pages[i].push(addr),
                Some(_) => {}
                None if self.pages.len() < self.limit => {
                    self.page_ids.push(page);
                    self.pages.push(vec![addr]);
                }
                None => {}
            }
        }
    }
}

/// The query matching any of `clauses`, scoring the sum of those that match.
fn any_of(clauses: Clauses) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        clauses.into_iter().map(|c| (Occur::Should, c)).collect(),
    ))
}

/// The exact (unstemmed) text fields with their weights.
fn exact_fields(f: &Fields) -> [(Field, f32); 3] {
    [
        (f.title_exact, W_TITLE),
        (f.section_exact, W_SECTION),
        (f.body_exact, W_BODY),
    ]
}

/// Calls `visit(term, doc_freq)` for each term of `field` that starts with `prefix`, in dictionary
/// order per segment, while it returns true.
fn for_each_completion(
    searcher: &tantivy::Searcher,
    field: Field,
    prefix: &str,
    mut visit: impl FnMut(&[u8], u32) -> bool,
) -> tantivy::Result<()> {
    for reader in searcher.segment_readers() {
        let inverted = reader.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()?;
        while stream.advance() && stream.key().starts_with(prefix.as_bytes()) {
            if !visit(stream.key(), stream.value().doc_freq) {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// The most frequent completions of `prefix` in one field (excluding the prefix itself).
///
/// Keeps a running top list instead of collecting every completion: a one-letter prefix has
/// thousands on a large corpus, and only the best few become query terms. Frequencies of a term in
/// several segments add up; bundles hold one merged segment.
fn expand(
    searcher: &tantivy::Searcher,
    field: Field,
    prefix: &str,
) -> tantivy::Result<Vec<String>> {
    // Most frequent first; equal frequencies in dictionary order.
    let order = |a: &(u32, String), b: &(u32, String)| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1));
    let mut best: Vec<(u32, String)> = Vec::with_capacity(MAX_EXPANSIONS + 1);
    let mut scanned = 0;
    for_each_completion(searcher, field, prefix, |key, doc_freq| {
        scanned += 1;
        if key.len() > prefix.len() {
            if let Some(seen) = best.iter_mut().find(|b| b.1.as_bytes() == key) {
                seen.0 += doc_freq;
                best.sort_by(order);
            } else if best.len() < MAX_EXPANSIONS || best.last().is_some_and(|l| doc_freq > l.0) {
                if let Ok(term) = std::str::from_utf8(key) {
                    best.truncate(MAX_EXPANSIONS - 1);
                    best.push((doc_freq, term.to_string()));
                    best.sort_by(order);
                }
            }
        }
        scanned < EXPANSION_SCAN
    })?;
    Ok(best.into_iter().map(|(_, t)| t).collect())
}

fn has_prefix(searcher: &tantivy::Searcher, field: Field, prefix: &str) -> tantivy::Result<bool> {
    let mut found = false;
    for_each_completion(searcher, field, prefix, |_, _| {
        found = true;
        false
    })?;
    Ok(found)
}

/// All strings at edit distance 1 (transposition counts as one edit), transpositions first.
fn edits1(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut alphabet: Vec<char> = ('a'..='z').collect();
    for &c in &chars {
        if !alphabet.contains(&c) {
            alphabet.push(c);
        }
    }
    let mut out = Vec::new();
    let collect = |v: &[char]| v.iter().collect::<String>();
    for i in 0..chars.len().saturating_sub(1) {
        let mut v = chars.clone();
        v.swap(i, i + 1);
        out.push(collect(&v));
    }
    for i in 0..chars.len() {
        let mut v = chars.clone();
        v.remove(i);
        out.push(collect(&v));
    }
    for (i, &original) in chars.iter().enumerate() {
        for &c in alphabet.iter().filter(|&&c| c != original) {
            let mut v = chars.clone();
            v[i] = c;
            out.push(collect(&v));
        }
    }
    for i in 0..=chars.len() {
        for &c in &alphabet {
            let mut v = chars.clone();
            v.insert(i, c);
            out.push(collect(&v));
        }
    }
    out
}

/// The parsed query with corrected words, and its text for `SearchResults::corrected`.
fn apply_corrections(
    parsed: &ParsedQuery,
    corrections: &[(usize, String)],
) -> (ParsedQuery, String) {
    let mut fixed = parsed.clone();
    let mut text = parsed.text.clone();
    let mut by_start: Vec<(usize, usize, &str)> = Vec::new();
    for (i, word) in corrections {
        if let Some(w) = fixed.words.get_mut(*i) {
            by_start.push((w.start, w.end, word));
            w.text = word.clone();
            w.parts.clear();
        }
    }
    by_start.sort_by_key(|b| std::cmp::Reverse(b.0));
    for (start, end, word) in by_start {
        if text.is_char_boundary(start) && text.is_char_boundary(end) && end <= text.len() {
            text.replace_range(start..end, word);
        }
    }
    (fixed, text)
}

/// What the snippets highlight for this plan.
fn highlight(plan: &Plan) -> Highlight {
    let mut hl = Highlight::default();
    for g in &plan.groups {
        Highlight::add(&mut hl.exact, &g.terms.exact);
        for part in &g.terms.parts {
            Highlight::add(&mut hl.exact, part);
        }
        if let Some(stem) = &g.terms.stem {
            Highlight::add(&mut hl.stems, stem);
        }
        if g.prefix {
            Highlight::add(&mut hl.prefixes, &g.terms.exact);
        }
    }
    for token in plan.phrases.iter().flat_map(|p| &p.0) {
        Highlight::add(&mut hl.exact, token);
    }
    hl
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searcher_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Searcher>();
    }

    fn test_docs() -> Vec<super::super::SearchDoc> {
        (0..12)
            .map(|i| super::super::SearchDoc {
                route: format!("/p{}/", i % 5),
                anchor: (i % 2 == 1).then(|| format!("s{i}")),
                page_title: format!("Page {i} encryption keys"),
                section: (i % 2 == 1).then(|| format!("Section {i} CVE-2023-{i:05}")),
                breadcrumbs: vec!["Security".into(), format!("Part {}", i % 3)],
                body: format!(
                    "Tenant keys rotate; encrypted data at rest <b>{i}</b> & us-east-{i}. {}",
                    if i % 3 == 0 { "Déjà vu." } else { "Deja vu." }
                ),
                tags: vec!["security".into()],
            })
            .collect()
    }

    /// Large indexes read sections on demand and rank in two passes; small ones hold their sections
    /// and rank in one: both must answer alike.
    #[test]
    fn held_and_on_demand_sections_give_the_same_results() {
        let docs = test_docs();
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("search");
        super::super::build_index(&path, &docs).expect("index builds");
        let held = Searcher::open(&path).expect("opens");
        assert!(held.preloaded.is_some());
        let on_demand = Searcher {
            preloaded: None,
            ..Searcher::open(&path).expect("opens")
        };
        for q in [
            "encry",
            "tenant key",
            "tenant zebra",
            "deja",
            "\"data at rest\"",
            "cve-2023-00003",
            "us-east",
            "tag:security keys r",
            "in:part-1 page",
            "section 3 cve",
        ] {
            for limit in [1, 3, 10] {
                assert_eq!(held.search(q, limit), on_demand.search(q, limit), "{q}");
            }
            assert!(!held.search(q, 10).results.is_empty(), "{q}");
        }
    }

    /// Typing reuses the previous search's clauses; answers must be those of a fresh searcher.
    #[test]
    fn reused_clauses_answer_like_fresh_ones() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("search");
        super::super::build_index(&path, &test_docs()).expect("index builds");
        let typing = Searcher::open(&path).expect("opens");
        for q in [
            "t",
            "te",
            "tenant",
            "tenant ",
            "tenant k",
            "tenant key",
            "tenant keys r",
            "tenant encyption",
            "tenant encyption k",
            "\"data at\" re",
            "\"data at\" rest",
        ] {
            let fresh = Searcher::open(&path).expect("opens");
            assert_eq!(typing.search(q, 10), fresh.search(q, 10), "{q}");
        }
    }

    #[test]
    fn edits_include_the_fix_for_common_typos() {
        let e = edits1("encyption");
        assert!(e.contains(&"encryption".to_string()));
        assert!(edits1("kubeconfgi").contains(&"kubeconfig".to_string()));
    }
}
