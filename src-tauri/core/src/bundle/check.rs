//! Opening every file of a verified bundle the app will parse, so `verify` answers for what `open`
//! and `serve` will meet: a damaged JSON file or search index is named here, not met later.

use std::collections::HashMap;
use std::path::Path;

use super::format::{self, NavFile, PageFile, Tag};
use crate::search::Searcher;
use crate::{Error, Result};

/// Parses nav, tags, advisories and every page, and opens the search index (checksums included),
/// from the verified `contents` of the bundle at `dir`.
pub fn contents_open(contents: &HashMap<String, Vec<u8>>, dir: &Path) -> Result<()> {
    let nav = contents
        .get(format::NAV)
        .ok_or_else(|| Error::Bundle(format!("the bundle has no {}", format::NAV)))?;
    serde_json::from_slice::<NavFile>(nav).map_err(|e| damaged(format::NAV, dir, e))?;
    let tags = contents
        .get(format::TAGS)
        .ok_or_else(|| Error::Bundle(format!("the bundle has no {}", format::TAGS)))?;
    serde_json::from_slice::<Vec<Tag>>(tags).map_err(|e| damaged(format::TAGS, dir, e))?;
    pages_and_records_open(contents, dir)?;
    let search_files: Vec<(String, Vec<u8>)> = contents
        .iter()
        .filter_map(|(path, bytes)| {
            path.strip_prefix("search/")
                .map(|rest| (rest.to_string(), bytes.clone()))
        })
        .collect();
    if search_files.is_empty() {
        return Err(Error::Bundle(
            "the bundle has no search index; rebuild it with `palette-docs bundle build`".into(),
        ));
    }
    Searcher::open_in_memory(search_files, dir).map_err(|e| {
        Error::Bundle(format!(
            "the search index of {} cannot be opened: {e}",
            dir.display()
        ))
    })?;
    Ok(())
}

/// Parses every page and the advisory records, and refuses a page holding `<meta>` or `<base>`:
/// what [`super::Bundle::open`] checks on top of the hashes, because the reader shows these files
/// as they are.
pub fn pages_and_records_open(contents: &HashMap<String, Vec<u8>>, dir: &Path) -> Result<()> {
    if let Some(records) = contents.get(crate::advisories::SNAPSHOT_FILE) {
        serde_json::from_slice::<Vec<crate::advisories::Advisory>>(records)
            .map_err(|e| damaged(crate::advisories::SNAPSHOT_FILE, dir, e))?;
    }
    for (path, bytes) in contents {
        if path.starts_with("pages/") && path.ends_with(".json") {
            let page =
                serde_json::from_slice::<PageFile>(bytes).map_err(|e| damaged(path, dir, e))?;
            refuse_document_tags(path, &page.html)?;
        }
    }
    Ok(())
}

fn damaged(name: &str, dir: &Path, e: serde_json::Error) -> Error {
    Error::Bundle(format!(
        "{name} in {} is damaged ({e}); rebuild the snapshot with `palette-docs bundle build`",
        dir.display()
    ))
}

/// `<meta>` (a refresh navigates with no click) and `<base>` (every relative link changes) never
/// survive the build's sanitizer, so a page holding one was not made by `bundle build`: refused,
/// because the reader inserts page HTML as it is.
fn refuse_document_tags(path: &str, html: &str) -> Result<()> {
    let lower = html.to_ascii_lowercase();
    for tag in ["<meta", "<base"] {
        let found = lower.match_indices(tag).any(|(at, _)| {
            lower[at + tag.len()..]
                .chars()
                .next()
                .map_or(true, |c| c.is_ascii_whitespace() || c == '>' || c == '/')
        });
        if found {
            return Err(Error::Bundle(format!(
                "{path} holds a `{tag}>` tag, which `palette-docs bundle build` never writes; the snapshot is refused"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_tags_are_found_in_any_case_but_not_inside_other_names() {
        assert!(refuse_document_tags("p", "<p>x</p><META http-equiv=refresh>").is_err());
        assert!(refuse_document_tags("p", "<base href='https://e/'>").is_err());
        assert!(refuse_document_tags("p", "<basefont><metadata-x>").is_ok());
        assert!(refuse_document_tags("p", "<code>&lt;meta&gt;</code>").is_ok());
    }
}
