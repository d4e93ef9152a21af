//! Ranking a small index in one pass: sections matching every word and sections matching some word,
//! found together.
//!
//! The general way runs two tantivy searches, all words required and then any word; each builds a
//! scorer for every clause, and the first also a union per word. On an index of a few hundred
//! sections those set-ups cost more than the scoring itself, so here every clause gets one scorer and
//! a plain merge walks them all, noting which words each section matched. The scores are the same
//! sums of the same clause scores.

use tantivy::query::{EnableScoring, Query, Scorer};
use tantivy::{DocAddress, DocSet, Score, TERMINATED};

/// Sections matching every word, and sections matching any word, each at most `depth`, best first
/// (ties in index order), as the two searches would return them. `words` holds the clauses of each
/// word (any clause matching is a match of the word); every section must match all of `filters`.
pub(crate) fn all_and_any(
    searcher: &tantivy::Searcher,
    words: &[&[Box<dyn Query>]],
    filters: &[Box<dyn Query>],
    depth: usize,
) -> tantivy::Result<(Vec<DocAddress>, Vec<DocAddress>)> {
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    let mut weights = Vec::new();
    for (word, clauses) in words.iter().enumerate() {
        for clause in clauses.iter() {
            weights.push((word, clause.weight(scoring)?));
        }
    }
    let mut filter_weights = Vec::new();
    for filter in filters {
        filter_weights.push(filter.weight(scoring)?);
    }
    // At most MAX_WORDS words and MAX_PHRASES phrases: a bit each fits.
    let every_word = u64::MAX >> (64 - words.len().clamp(1, 64));
    let (mut all, mut any) = (Vec::new(), Vec::new());
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let mut scorers: Vec<(usize, Box<dyn Scorer>)> = Vec::with_capacity(weights.len());
        for (word, weight) in &weights {
            scorers.push((*word, weight.scorer(reader, 1.0)?));
        }
        let mut required: Vec<Box<dyn Scorer>> = Vec::with_capacity(filter_weights.len());
        for weight in &filter_weights {
            required.push(weight.scorer(reader, 1.0)?);
        }
        let alive = reader.alive_bitset();
        loop {
            let doc = scorers
                .iter()
                .map(|s| s.1.doc())
                .min()
                .unwrap_or(TERMINATED);
            if doc == TERMINATED {
                break;
            }
            let mut score: Score = 0.0;
            let mut matched = 0u64;
            for (word, scorer) in scorers.iter_mut() {
                if scorer.doc() == doc {
                    score += scorer.score();
                    matched |= 1 << *word;
                    scorer.advance();
                }
            }
            let kept = alive.map_or(true, |a| a.is_alive(doc))
                && required
                    .iter_mut()
                    .all(|r| r.doc() == doc || (r.doc() < doc && r.seek(doc) == doc));
            if kept {
                let hit = (score, DocAddress::new(ord as u32, doc));
                if matched == every_word {
                    all.push(hit);
                }
                any.push(hit);
            }
        }
    }
    Ok((best(all, depth), best(any, depth)))
}

fn best(mut hits: Vec<(Score, DocAddress)>, depth: usize) -> Vec<DocAddress> {
    hits.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    hits.into_iter().take(depth).map(|(_, addr)| addr).collect()
}
