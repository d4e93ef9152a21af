//! The on-disk shape of a bookmarks file in every format version, and the migration to the current one.
//!
//! Format 1 (the first release's shape, still read):
//! `{ "version": 1, "bookmarks": [ { "id", "url": "route#anchor", "title", "note", "added": <unix seconds> } ] }`
//! — order was the array order, there was no section title.
//!
//! Format 2 (current):
//! `{ "version": 2, "bookmarks": [ { "id", "route", "anchor", "title", "section", "note", "created", "position" } ] }`.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{normalize_anchor, Bookmark};
use crate::clock;

/// The newest format this build reads and the only one it writes.
pub const CURRENT_VERSION: u32 = 2;

/// Why a file's bytes could not become a bookmark list.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ParseError {
    /// A newer app wrote it; it must be left alone.
    TooNew(u64),
    /// Not readable as any known format (garbage, truncated, empty, not UTF-8, wrong shape).
    Damaged(String),
}

#[derive(Deserialize)]
struct Probe {
    version: u64,
}

#[derive(Serialize)]
struct FileOut<'a> {
    version: u32,
    bookmarks: &'a [Bookmark],
}

#[derive(Deserialize)]
struct FileV2 {
    version: u64,
    bookmarks: Vec<Bookmark>,
}

#[derive(Deserialize)]
struct FileV1 {
    bookmarks: Vec<BookmarkV1>,
}

#[derive(Deserialize)]
struct BookmarkV1 {
    id: String,
    url: String,
    title: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    added: u64,
}

/// Parses any supported format into a normalized current-format list
/// (sorted by position, positions renumbered 0.., anchors normalized, ids unique).
pub(crate) fn parse(bytes: &[u8]) -> Result<Vec<Bookmark>, ParseError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ParseError::Damaged(format!("it is not UTF-8 text: {e}")))?;
    if text.trim().is_empty() {
        return Err(ParseError::Damaged("it is empty".into()));
    }
    // Fast path, one pass: a current-format file (the common case). Anything else — an older or
    // newer format, or damage — is classified by reading only the version first.
    let mut list = match serde_json::from_str::<FileV2>(text) {
        Ok(file) if file.version == u64::from(CURRENT_VERSION) => file.bookmarks,
        _ => parse_by_version(text)?,
    };
    normalize(&mut list);
    Ok(list)
}

fn parse_by_version(text: &str) -> Result<Vec<Bookmark>, ParseError> {
    let probe: Probe = serde_json::from_str(text)
        .map_err(|e| ParseError::Damaged(format!("it is not valid bookmarks JSON: {e}")))?;
    match probe.version {
        1 => Ok(migrate_v1(serde_json::from_str::<FileV1>(text).map_err(
            |e| ParseError::Damaged(format!("format 1 file is malformed: {e}")),
        )?)),
        2 => serde_json::from_str::<FileV2>(text)
            .map(|file| file.bookmarks)
            .map_err(|e| ParseError::Damaged(format!("format 2 file is malformed: {e}"))),
        v if v > u64::from(CURRENT_VERSION) => Err(ParseError::TooNew(v)),
        v => Err(ParseError::Damaged(format!("unknown format version {v}"))),
    }
}

/// Serializes in the current format. Pretty-printed: it is the user's file and may be read by hand.
pub(crate) fn serialize(list: &[Bookmark]) -> Vec<u8> {
    let file = FileOut {
        version: CURRENT_VERSION,
        bookmarks: list,
    };
    // Serializing plain strings and integers cannot fail; fall back to an empty list just in case
    // rather than panicking inside a save.
    let mut bytes = serde_json::to_vec_pretty(&file)
        .unwrap_or_else(|_| format!("{{\"version\":{CURRENT_VERSION},\"bookmarks\":[]}}").into());
    bytes.push(b'\n');
    bytes
}

fn migrate_v1(file: FileV1) -> Vec<Bookmark> {
    file.bookmarks
        .into_iter()
        .enumerate()
        .map(|(i, old)| {
            let (route, anchor) = match old.url.split_once('#') {
                Some((route, anchor)) => (route.to_string(), Some(anchor.to_string())),
                None => (old.url, None),
            };
            Bookmark {
                id: old.id,
                route,
                anchor,
                title: old.title,
                section: None,
                note: old.note,
                created: clock::rfc3339(old.added),
                position: i as u64,
                missing: false,
            }
        })
        .collect()
}

/// Puts a list into the invariant form every operation relies on.
pub(crate) fn normalize(list: &mut [Bookmark]) {
    // Stable sort: equal positions (hand-edited files) keep their file order.
    list.sort_by_key(|b| b.position);
    for (i, b) in list.iter_mut().enumerate() {
        b.position = i as u64;
        b.anchor = normalize_anchor(b.anchor.take());
        b.missing = false;
    }
    // A duplicated id would make delete/update ambiguous; later copies get a new one, as does an
    // id that names an API action. Found with borrowed keys first, so the common case (nothing to
    // fix) clones nothing.
    let mut seen = HashSet::with_capacity(list.len());
    let duplicates: Vec<usize> = list
        .iter()
        .enumerate()
        .filter(|(_, b)| super::unusable_id(&b.id) || !seen.insert(b.id.as_str()))
        .map(|(i, _)| i)
        .collect();
    if duplicates.is_empty() {
        return;
    }
    // Replacements are derived from the file's content, not drawn at random: a file that is only
    // read (never saved) must answer the same ids on every load, or the id the UI was given no
    // longer names the bookmark when it asks to edit or delete it.
    let mut taken: HashSet<String> = list.iter().map(|b| b.id.clone()).collect();
    for i in duplicates {
        let mut id = format!("r{i}-{:016x}", fnv1a(list[i].id.as_bytes()));
        while taken.contains(&id) {
            id.push('x');
        }
        taken.insert(id.clone());
        list[i].id = id;
    }
}

/// FNV-1a: a hash that stays the same across builds and platforms.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_made_for_duplicates_use_the_standard_64_bit_fnv_1a() {
        // The published FNV-1a test vectors: a replacement id is the same on every build and machine.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn v1_is_migrated() {
        let v1 = br##"{"version":1,"bookmarks":[
            {"id":"a","url":"/security/fips#fips-140-3","title":"FIPS","note":"check","added":1700000000},
            {"id":"b","url":"/security/sbom","title":"SBOM","added":0}]}"##;
        let list = parse(v1).expect("v1 parses");
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].route, "/security/fips");
        assert_eq!(list[0].anchor.as_deref(), Some("fips-140-3"));
        assert_eq!(list[0].created, "2023-11-14T22:13:20Z");
        assert_eq!(list[0].note, "check");
        assert_eq!(list[1].anchor, None);
        assert_eq!(list[1].note, "");
        assert_eq!((list[0].position, list[1].position), (0, 1));
    }

    #[test]
    fn newer_version_is_refused() {
        assert_eq!(
            parse(br#"{"version":7,"bookmarks":"whatever"}"#),
            Err(ParseError::TooNew(7))
        );
    }

    #[test]
    fn damaged_inputs_are_reported() {
        for bad in [
            &b""[..],
            b"   \n",
            b"garbage",
            br#"{"version":2,"bookmarks":[{"id":"a","rou"#,
            b"\xff\xfe\x00{",
            br#"{"bookmarks":[]}"#,
            br#"{"version":0,"bookmarks":[]}"#,
            br#"{"version":2,"bookmarks":{}}"#,
        ] {
            assert!(
                matches!(parse(bad), Err(ParseError::Damaged(_))),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn normalize_sorts_renumbers_and_fixes_ids() {
        let v2 = br##"{"version":2,"bookmarks":[
            {"id":"x","route":"/b","anchor":"#h","title":"B","section":null,"note":"","created":"2026-01-01T00:00:00Z","position":9},
            {"id":"x","route":"/a","anchor":"","title":"A","section":null,"note":"","created":"2026-01-01T00:00:00Z","position":3}]}"##;
        let list = parse(v2).expect("parses");
        assert_eq!(list[0].route, "/a");
        assert_eq!(list[0].anchor, None);
        assert_eq!(list[1].anchor.as_deref(), Some("h"));
        assert_eq!((list[0].position, list[1].position), (0, 1));
        assert_ne!(list[0].id, list[1].id);
    }

    #[test]
    fn ids_naming_api_actions_are_replaced() {
        let v1 = br#"{"version":1,"bookmarks":[
            {"id":"export","url":"/a","title":"A"},{"id":"import","url":"/b","title":"B"},{"id":"keep","url":"/c","title":"C"}]}"#;
        let ids: Vec<String> = parse(v1)
            .expect("parses")
            .into_iter()
            .map(|b| b.id)
            .collect();
        assert!(ids[..2].iter().all(|id| id.contains('-')), "{ids:?}");
        assert_eq!(ids[2], "keep");
    }

    #[test]
    fn serialize_round_trips() {
        let list =
            parse(br#"{"version":1,"bookmarks":[{"id":"a","url":"/x#y","title":"X","added":5}]}"#)
                .expect("parses");
        let bytes = serialize(&list);
        assert!(std::str::from_utf8(&bytes)
            .expect("utf8")
            .contains("\"version\": 2"));
        assert_eq!(parse(&bytes).expect("reparses"), list);
    }
}
