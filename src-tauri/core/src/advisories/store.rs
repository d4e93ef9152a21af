//! The advisory data files of a snapshot folder (`docs-bundle/advisories/`): `advisories.json`, the
//! facts written by the importer (an array sorted by id, so re-imports diff cleanly), and
//! `summaries.toml`, our own summaries, which only people edit and no code ever writes.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Severity};
use crate::{Error, Result};

use super::record::{Advisory, Facts};

pub const FACTS_FILE: &str = "advisories.json";
pub const SUMMARIES_FILE: &str = "summaries.toml";

/// Reads the facts file.
pub fn read_facts(dir: &Path) -> Result<Vec<Facts>> {
    let path = dir.join(FACTS_FILE);
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::Invalid(format!(
            "{}:{}: {e}; rerun `palette-docs cve import` to write it again",
            path.display(),
            e.line()
        ))
    })
}

/// Writes the facts file: pretty JSON, one array sorted by id, ending in a newline.
pub fn write_facts(dir: &Path, facts: &[Facts]) -> Result<()> {
    let mut sorted = facts.to_vec();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let mut text = serde_json::to_string_pretty(&sorted)
        .map_err(|e| Error::Invalid(format!("cannot encode the advisory facts: {e}")))?;
    text.push('\n');
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let path = dir.join(FACTS_FILE);
    std::fs::write(&path, text).map_err(|e| Error::Write { path, source: e })
}

/// Our summaries by advisory id, and the entries that could not be used (with their line).
pub fn read_summaries(dir: &Path) -> Result<(BTreeMap<String, String>, Vec<Diagnostic>)> {
    let path = dir.join(SUMMARIES_FILE);
    if !path.is_file() {
        return Ok((BTreeMap::new(), Vec::new()));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    parse_summaries(&text)
        .map(|(s, problems)| (s, problems.into_iter().map(|p| p.in_file(&path)).collect()))
}

/// See [`read_summaries`]; a file that is not TOML at all is an error naming its line.
pub fn parse_summaries(text: &str) -> Result<(BTreeMap<String, String>, Vec<Diagnostic>)> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map_or(0, |s| text[..s.start.min(text.len())].lines().count().max(1));
        Error::Invalid(format!(
            "{SUMMARIES_FILE}:{line}: {}; each advisory is a table like [CVE-2031-0001] with summary = \"…\"",
            e.message()
        ))
    })?;
    let line_of = |id: &str| {
        text.lines()
            .position(|l| l.trim() == format!("[{id}]"))
            .map_or(0, |i| i + 1)
    };
    let mut out = BTreeMap::new();
    let mut problems = Vec::new();
    for (id, value) in table {
        match value
            .as_table()
            .and_then(|t| t.get("summary"))
            .and_then(|s| s.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(summary) => {
                out.insert(id, summary.to_string());
            }
            None => problems.push(Diagnostic::new(
                Severity::Warning,
                line_of(&id),
                format!("[{id}] has no `summary = \"…\"` text; write one or remove the table"),
            )),
        }
    }
    Ok((out, problems))
}

/// The header a new summaries file starts with.
pub const SUMMARIES_HEADER: &str = "# Our own summaries of the advisories in advisories.json: one table per advisory id,\n\
# written by people from the facts, never copied from a source. The importer never writes this file.\n\
#\n\
# [CVE-YYYY-NNNN]\n\
# summary = \"One or two sentences in our words.\"\n";

/// Creates the summaries file with only its header when there is none; never touches an existing one.
pub fn ensure_summaries_file(dir: &Path) -> Result<()> {
    let path = dir.join(SUMMARIES_FILE);
    if path.exists() {
        return Ok(());
    }
    std::fs::write(&path, SUMMARIES_HEADER).map_err(|e| Error::Write { path, source: e })
}

/// The records of a snapshot folder's data: facts joined with our summaries.
pub fn read_records(dir: &Path) -> Result<(Vec<Advisory>, Vec<Diagnostic>)> {
    let facts = read_facts(dir)?;
    let (mut summaries, problems) = read_summaries(dir)?;
    let records = facts
        .into_iter()
        .map(|f| {
            let summary = summaries.remove(&f.id);
            Advisory::new(f, summary)
        })
        .collect();
    Ok((records, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_are_read_and_bad_entries_named() {
        let text = "# ours\n[CVE-2031-0001]\nsummary = \"A made-up widget leaks.\"\n\n[CVE-2031-0002]\nnote = \"x\"\n";
        let (s, problems) = parse_summaries(text).expect("toml");
        assert_eq!(
            s.get("CVE-2031-0001").map(String::as_str),
            Some("A made-up widget leaks.")
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 5);
        let err = parse_summaries("[CVE-2031-0001\nsummary = 1").expect_err("not toml");
        assert!(err.to_string().contains("summaries.toml:1"), "{err}");
    }

    #[test]
    fn the_header_alone_is_an_empty_summaries_file() {
        let (s, problems) = parse_summaries(SUMMARIES_HEADER).expect("toml");
        assert!(s.is_empty() && problems.is_empty());
    }

    #[test]
    fn facts_round_trip_sorted() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let fact = |id: &str| Facts {
            id: id.into(),
            score: Some(5.5),
            status: None,
            first_published: None,
            last_update: None,
            component: None,
            affected: vec![],
            revisions: vec![],
            url: None,
            writeups: vec![],
            source: "s".into(),
        };
        write_facts(tmp.path(), &[fact("CVE-2031-0002"), fact("CVE-2031-0001")]).expect("write");
        let back = read_facts(tmp.path()).expect("read");
        assert_eq!(back[0].id, "CVE-2031-0001");
        ensure_summaries_file(tmp.path()).expect("header");
        std::fs::write(
            tmp.path().join(SUMMARIES_FILE),
            "[CVE-2031-0001]\nsummary = \"Ours.\"\n",
        )
        .expect("w");
        ensure_summaries_file(tmp.path()).expect("untouched");
        let (records, _) = read_records(tmp.path()).expect("records");
        assert_eq!(records[0].summary.as_deref(), Some("Ours."));
        assert_eq!(records[1].summary, None);
    }
}
