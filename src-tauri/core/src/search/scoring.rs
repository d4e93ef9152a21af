//! Weighted term clauses that stay plain term scorers, so tantivy can run a union of them well.
//!
//! A keystroke's query holds dozens of (field, term) clauses: every word in seven fields plus the
//! completions of the last one. Wrapped in `BoostQuery`, each clause's scorer was hidden behind a
//! boost scorer, so tantivy gave every word its own union buffer and could not skip documents
//! (block-WAND) in any union; and both passes (all words, then any word) rebuilt every clause's BM25
//! weight. A [`WeightedTerm`] builds its weight once and hands its boost down to tantivy's own term
//! scorer, and [`TermWeights`] keeps the weights of one keystroke for the next.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, SegmentReader, Term};

/// The weight of each term a search used (`None`: no section holds it), by term. Hashed with
/// rustc-hash (FxHash): the default hasher cost more than the lookups it served, and maps of a few
/// dozen short keys, rebuilt every keystroke, leave nothing to flood.
pub(crate) type Weights = FxHashMap<Term, Option<Arc<dyn Weight>>>;

/// Builds term clauses for one search, reusing the weights the previous search built: typing
/// changes one word at a time, and consecutive prefixes share most completions.
pub(crate) struct TermWeights<'a> {
    searcher: &'a tantivy::Searcher,
    previous: Weights,
    current: Weights,
}

impl<'a> TermWeights<'a> {
    pub fn new(searcher: &'a tantivy::Searcher, previous: Weights) -> TermWeights<'a> {
        TermWeights {
            searcher,
            previous,
            current: Weights::default(),
        }
    }

    /// The clause for `term` with `boost`, or `None` when no section holds the term (nothing to
    /// score, and a scorer costs as much to set up as to run on a small index).
    pub fn clause(&mut self, term: Term, boost: Score) -> tantivy::Result<Option<Box<dyn Query>>> {
        let weight = match self.current.get(&term) {
            Some(weight) => weight.clone(),
            None => {
                let weight = match self.previous.remove(&term) {
                    Some(weight) => weight,
                    None => build(self.searcher, &term)?,
                };
                self.current.insert(term.clone(), weight.clone());
                weight
            }
        };
        Ok(weight.map(|weight| -> Box<dyn Query> {
            Box::new(WeightedTerm {
                term,
                weight,
                boost,
            })
        }))
    }

    /// The weights this search used, for the next one.
    pub fn into_weights(self) -> Weights {
        self.current
    }
}

fn build(searcher: &tantivy::Searcher, term: &Term) -> tantivy::Result<Option<Arc<dyn Weight>>> {
    if searcher.doc_freq(term)? == 0 {
        return Ok(None);
    }
    let weight = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)
        .weight(EnableScoring::enabled_from_searcher(searcher))?;
    Ok(Some(Arc::from(weight)))
}

/// A term query with its weight already built and a boost applied inside the term scorer.
#[derive(Clone)]
struct WeightedTerm {
    term: Term,
    /// The term query's own weight, shared by every pass that uses the clause.
    weight: Arc<dyn Weight>,
    boost: Score,
}

impl std::fmt::Debug for WeightedTerm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WeightedTerm({:?}^{})", self.term, self.boost)
    }
}

impl Query for WeightedTerm {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.term, false);
    }
}

impl Weight for WeightedTerm {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.weight.scorer(reader, boost * self.boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let unboosted = self.weight.explain(reader, doc)?;
        let mut explanation = Explanation::new("boost", unboosted.value() * self.boost);
        explanation.add_const("weight of the field", self.boost);
        explanation.add_detail(unboosted);
        Ok(explanation)
    }
}
