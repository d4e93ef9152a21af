//! Answering queries: one reader for the program's life, a tantivy searcher per query, grouped hits.
//!
//! Ranking comes from field boosts (title > heading > tags > body; each exact field adds to its stemmed
//! twin, so exact words outrank stems) and from running the all-words query before the any-word one.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, TantivyDocument, Value};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Term};

use super::index::index_error;
use super::query::{parse, ParsedQuery};
use super::schema::{fields_of, register_tokenizers, Fields};
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
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher").field("dir", &self.dir).finish()
    }
}

/// One query word, normalized and ready to become term queries.
#[derive(Debug, Clone)]
struct Group {
    /// Index into `ParsedQuery::words`.
    word: usize,
    exact: String,
    parts: Vec<String>,
    stem: Option<String>,
    prefix: bool,
    /// Completions of a prefix word: (field, term, field weight).
    expansions: Vec<(Field, String, f32)>,
}

/// Everything one execution needs.
struct Plan {
    groups: Vec<Group>,
    phrases: Vec<Vec<String>>,
    filters: Vec<Box<dyn Query>>,
}

impl Searcher {
    /// Opens the index in `dir` read-only. Takes milliseconds: files are memory-mapped, nothing is loaded.
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
        for (name, bytes) in files {
            has_meta |= name == "meta.json";
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
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| index_error(dir, e))?;
        Ok(Searcher {
            dir: dir.to_path_buf(),
            reader,
            fields,
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
                for (field, weight) in [
                    (f.title_exact, W_TITLE),
                    (f.section_exact, W_SECTION),
                    (f.body_exact, W_BODY),
                ] {
                    for term in expand(searcher, field, &exact)? {
                        expansions.push((field, term, weight));
                    }
                }
            }
            groups.push(Group {
                word: i,
                exact,
                parts,
                stem,
                prefix: w.prefix,
                expansions,
            });
        }
        let phrases = parsed
            .phrases
            .iter()
            .map(|p| {
                p.iter()
                    .map(|t| norm.exact(t))
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|p: &Vec<String>| !p.is_empty())
            .collect();
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

    /// The query for one word: exact fields, stemmed fields, compound phrase, completions.
    fn group_query(&self, g: &Group) -> Box<dyn Query> {
        let f = self.fields;
        let exact_fields = [
            (f.title_exact, W_TITLE),
            (f.section_exact, W_SECTION),
            (f.body_exact, W_BODY),
        ];
        let mut c: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, w) in exact_fields {
            c.push(should(term_query(field, &g.exact), w * EXACT_BONUS));
        }
        c.push(should(term_query(f.tags, &g.exact), W_TAGS));
        if g.parts.len() > 1 {
            for (field, w) in exact_fields {
                c.push(should(phrase_query(field, &g.parts), w * EXACT_BONUS));
            }
        }
        if let Some(stem) = &g.stem {
            for (field, w) in [(f.title, W_TITLE), (f.section, W_SECTION), (f.body, W_BODY)] {
                c.push(should(term_query(field, stem), w));
            }
        }
        for (field, term, w) in &g.expansions {
            c.push(should(
                term_query(*field, term),
                w * EXPANSION * EXACT_BONUS,
            ));
        }
        Box::new(BooleanQuery::new(c))
    }

    fn phrase_clause(&self, tokens: &[String]) -> Box<dyn Query> {
        let f = self.fields;
        let c = [
            (f.title_exact, W_TITLE),
            (f.section_exact, W_SECTION),
            (f.body_exact, W_BODY),
        ]
        .into_iter()
        .map(|(field, w)| should(phrase_query(field, tokens), w * EXACT_BONUS))
        .collect();
        Box::new(BooleanQuery::new(c))
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
        let clauses: Vec<Box<dyn Query>> = plan
            .groups
            .iter()
            .map(|g| self.group_query(g))
            .chain(plan.phrases.iter().map(|p| self.phrase_clause(p)))
            .collect();
        let depth = (limit * 6).clamp(30, 300);
        let collector = TopDocs::with_limit(depth);
        let mut grouper = Grouper::new(searcher, limit)?;

        if clauses.is_empty() {
            // Filters only: list the filtered pages in bundle order.
            let top = searcher.search(&*self.filtered(Box::new(AllQuery), plan), &collector)?;
            grouper.add(top.into_iter().map(|(_, a)| a));
            return Ok(grouper.pages);
        }
        let all: Box<dyn Query> = if clauses.len() == 1 {
            clauses[0].box_clone()
        } else {
            Box::new(BooleanQuery::new(
                clauses
                    .iter()
                    .map(|q| (Occur::Must, q.box_clone()))
                    .collect(),
            ))
        };
        let top = searcher.search(&*self.filtered(all, plan), &collector)?;
        grouper.add(top.into_iter().map(|(_, a)| a));
        if clauses.len() > 1 && grouper.pages.len() < limit {
            let any: Box<dyn Query> = Box::new(BooleanQuery::new(
                clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
            ));
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
        let exact_fields = [f.title_exact, f.section_exact, f.body_exact];
        let df = |field: Field, t: &str| searcher.doc_freq(&Term::from_field_text(field, t));
        let mut out = Vec::new();
        for g in &plan.groups {
            if g.exact.chars().count() < MIN_TYPO_LEN
                || !g.exact.chars().all(char::is_alphabetic)
                || !g.expansions.is_empty()
            {
                continue;
            }
            let mut known = 0;
            for field in exact_fields.into_iter().chain([f.tags]) {
                known += df(field, &g.exact)?;
            }
            if let Some(stem) = &g.stem {
                known += df(f.body, stem)? + df(f.title, stem)? + df(f.section, stem)?;
            }
            if known > 0 {
                continue;
            }
            let mut best: Option<(u64, String)> = None;
            for candidate in edits1(&g.exact) {
                let mut score = 0;
                for field in exact_fields {
                    score += df(field, &candidate)?;
                }
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
        let hl = highlight(plan);
        let mut snippeter = Snippeter::default();
        let mut out = Vec::with_capacity(pages.len());
        for docs in pages {
            let mut hits = Vec::with_capacity(docs.len());
            for addr in docs {
                hits.push(self.hit(searcher, addr, &hl, &mut snippeter)?);
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
        hl: &Highlight,
        snippeter: &mut Snippeter,
    ) -> tantivy::Result<Hit> {
        let f = self.fields;
        let doc: TantivyDocument = searcher.doc(addr)?;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str().map(str::to_string))
        };
        let body = text(f.body).unwrap_or_default();
        Ok(Hit {
            route: text(f.route).unwrap_or_default(),
            anchor: text(f.anchor),
            page_title: text(f.title).unwrap_or_default(),
            section: text(f.heading),
            breadcrumbs: doc
                .get_all(f.breadcrumbs)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            snippet_html: snippeter.snippet_html(&body, hl),
            more: Vec::new(),
        })
    }
}

/// Collects sections into pages (by the `page` fast field) in first-seen order.
struct Grouper {
    columns: Vec<tantivy::columnar::Column<u64>>,
    limit: usize,
    index_of: HashMap<u64, usize>,
    seen: HashSet<DocAddress>,
    pages: Vec<Vec<DocAddress>>,
}

impl Grouper {
    fn new(searcher: &tantivy::Searcher, limit: usize) -> tantivy::Result<Grouper> {
        let columns = searcher
            .segment_readers()
            .iter()
            .map(|r| r.fast_fields().u64("page"))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Grouper {
            columns,
            limit,
            index_of: HashMap::new(),
            seen: HashSet::new(),
            pages: Vec::new(),
        })
    }

    fn add(&mut self, docs: impl Iterator<Item = DocAddress>) {
        for addr in docs {
            if !self.seen.insert(addr) {
                continue;
            }
            let page = self
                .columns
                .get(addr.segment_ord as usize)
                .and_then(|c| c.first(addr.doc_id))
                .unwrap_or(u64::MAX);
            match self.index_of.get(&page) {
                Some(&i) if self.pages[i].len() <= MAX_MORE => self.pages[i].push(addr),
                Some(_) => {}
                None if self.pages.len() < self.limit => {
                    self.index_of.insert(page, self.pages.len());
                    self.pages.push(vec![addr]);
                }
                None => {}
            }
        }
    }
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// A phrase over one field; a single token degrades to a term query (tantivy requires 2+ terms).
fn phrase_query(field: Field, tokens: &[String]) -> Box<dyn Query> {
    if tokens.len() < 2 {
        return term_query(field, tokens.first().map_or("", String::as_str));
    }
    let terms = tokens
        .iter()
        .map(|t| Term::from_field_text(field, t))
        .collect();
    Box::new(PhraseQuery::new(terms))
}

fn should(q: Box<dyn Query>, boost: f32) -> (Occur, Box<dyn Query>) {
    (Occur::Should, Box::new(BoostQuery::new(q, boost)))
}

/// The most frequent completions of `prefix` in one field (excluding the prefix itself).
fn expand(
    searcher: &tantivy::Searcher,
    field: Field,
    prefix: &str,
) -> tantivy::Result<Vec<String>> {
    let mut found: HashMap<String, u32> = HashMap::new();
    for reader in searcher.segment_readers() {
        let inverted = reader.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()?;
        let mut scanned = 0;
        while stream.advance() && scanned < EXPANSION_SCAN {
            let key = stream.key();
            if !key.starts_with(prefix.as_bytes()) {
                break;
            }
            scanned += 1;
            if key.len() == prefix.len() {
                continue;
            }
            if let Ok(term) = std::str::from_utf8(key) {
                *found.entry(term.to_string()).or_default() += stream.value().doc_freq;
            }
        }
    }
    let mut terms: Vec<(String, u32)> = found.into_iter().collect();
    terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    terms.truncate(MAX_EXPANSIONS);
    Ok(terms.into_iter().map(|(t, _)| t).collect())
}

fn has_prefix(searcher: &tantivy::Searcher, field: Field, prefix: &str) -> tantivy::Result<bool> {
    for reader in searcher.segment_readers() {
        let inverted = reader.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()?;
        if stream.advance() && stream.key().starts_with(prefix.as_bytes()) {
            return Ok(true);
        }
    }
    Ok(false)
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
        hl.exact.insert(g.exact.clone());
        hl.exact.extend(g.parts.iter().cloned());
        if let Some(stem) = &g.stem {
            hl.stems.insert(stem.clone());
        }
        if g.prefix {
            hl.prefixes.push(g.exact.clone());
        }
    }
    for p in &plan.phrases {
        hl.exact.extend(p.iter().cloned());
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

    #[test]
    fn edits_include_the_fix_for_common_typos() {
        let e = edits1("encyption");
        assert!(e.contains(&"encryption".to_string()));
        assert!(edits1("kubeconfgi").contains(&"kubeconfig".to_string()));
    }
}
