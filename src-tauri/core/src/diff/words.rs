//! Word-level difference of two texts, as runs of kept, inserted and deleted words (the `similar`
//! crate does the diffing; this only groups its tokens into runs the reader can highlight).

use std::time::Duration;

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

/// A text longer than this many bytes on either side is not diffed word by word: the section is
/// reported as replaced (one deleted and one inserted run), which keeps a pathological page from
/// costing seconds.
pub const MAX_WORD_DIFF_BYTES: usize = 256 * 1024;

/// How long the diff algorithm may search for the smallest difference before it settles for a
/// correct but coarser one.
const DIFF_TIMEOUT: Duration = Duration::from_millis(250);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WordOp {
    Equal,
    Insert,
    Delete,
}

/// Consecutive words (with the whitespace between them) that share one fate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordRun {
    pub op: WordOp,
    pub text: String,
}

/// The runs that turn `old` into `new`. Reading only the `equal` and `delete` runs gives `old`
/// back; only the `equal` and `insert` runs give `new`.
pub fn word_diff(old: &str, new: &str) -> Vec<WordRun> {
    if old.len() > MAX_WORD_DIFF_BYTES || new.len() > MAX_WORD_DIFF_BYTES {
        return [(WordOp::Delete, old), (WordOp::Insert, new)]
            .into_iter()
            .filter(|(_, text)| !text.is_empty())
            .map(|(op, text)| WordRun {
                op,
                text: text.to_string(),
            })
            .collect();
    }
    let diff = TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_words(old, new);
    let mut runs: Vec<WordRun> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => WordOp::Equal,
            ChangeTag::Insert => WordOp::Insert,
            ChangeTag::Delete => WordOp::Delete,
        };
        match runs.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => runs.push(WordRun {
                op,
                text: change.value().to_string(),
            }),
        }
    }
    runs
}

/// Whether the runs change anything at all.
pub fn has_changes(runs: &[WordRun]) -> bool {
    runs.iter().any(|r| r.op != WordOp::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(runs: &[WordRun], skip: WordOp) -> String {
        runs.iter()
            .filter(|r| r.op != skip)
            .map(|r| r.text.as_str())
            .collect()
    }

    #[test]
    fn a_changed_word_is_one_delete_and_one_insert() {
        let runs = word_diff(
            "Rotate the keys every 90 days.",
            "Rotate the keys every 30 days.",
        );
        let changed: Vec<_> = runs
            .iter()
            .filter(|r| r.op != WordOp::Equal)
            .map(|r| (r.op, r.text.as_str()))
            .collect();
        assert_eq!(changed, [(WordOp::Delete, "90"), (WordOp::Insert, "30")]);
        assert_eq!(
            side(&runs, WordOp::Insert),
            "Rotate the keys every 90 days."
        );
        assert_eq!(
            side(&runs, WordOp::Delete),
            "Rotate the keys every 30 days."
        );
    }

    #[test]
    fn equal_texts_have_no_changes() {
        let runs = word_diff("same words here", "same words here");
        assert!(!has_changes(&runs));
        assert_eq!(runs.len(), 1);
    }

    #[test]
    fn huge_texts_are_reported_as_replaced() {
        let big = "word ".repeat(MAX_WORD_DIFF_BYTES / 4);
        let runs = word_diff(&big, "short");
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].op, WordOp::Delete);
        assert_eq!(runs[1].text, "short");
    }
}
