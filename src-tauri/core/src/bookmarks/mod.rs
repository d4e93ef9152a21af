//! Bookmarks and reading state: small user files in the data directory that survive restarts,
//! crashes, damaged files, snapshot updates and two app instances writing at once.
//!
//! Design: the file is the only source of truth. Both files are a [`store::JsonStore`]: every
//! operation takes an exclusive lock on the sidecar `bookmarks.lock`, re-reads `bookmarks.json`,
//! applies its change and writes the result atomically (temp file, fsync, rename, fsync dir),
//! keeping the previous good file as `bookmarks.json.bak`. Nothing is cached between calls, so the
//! desktop app and `serve` running at the same time never lose each other's changes.

mod schema;
mod state;
mod store;

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use crate::library::data_dir;
use crate::{clock, fsio};
use crate::{Error, Result};
use store::{Format, JsonStore, Parsed, Recovery};

pub use schema::CURRENT_VERSION;
pub use state::{ReadingState, RecentPage, StateStore, MAX_RECENT};

/// File name of the bookmarks store inside the data directory.
pub const BOOKMARKS_FILE: &str = "bookmarks.json";

/// One bookmark: a page (route) or a section of it (route + anchor). Keyed by route + anchor,
/// never by file position, so it survives a new snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    pub id: String,
    /// In-app route of the page, e.g. `/security/fips`.
    pub route: String,
    /// Heading id within the page, without `#`; `None` bookmarks the page itself.
    pub anchor: Option<String>,
    /// Page title when the bookmark was made.
    pub title: String,
    /// Section heading text when `anchor` is set.
    pub section: Option<String>,
    #[serde(default)]
    pub note: String,
    /// RFC 3339 UTC, e.g. `2026-11-26T22:18:23Z`.
    pub created: String,
    /// 0-based manual order; the list is always sorted by it.
    pub position: u64,
    /// Set by [`mark_missing`] when the current snapshot lacks the page or anchor. Never read from
    /// or written to the file: it describes the snapshot, not the bookmark.
    #[serde(default, skip_deserializing, skip_serializing_if = "is_false")]
    pub missing: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// What the UI sends to add a bookmark.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewBookmark {
    pub route: String,
    pub anchor: Option<String>,
    pub title: String,
    pub section: Option<String>,
    pub note: String,
}

/// Result of [`BookmarkStore::add`] / [`BookmarkStore::restore`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AddOutcome {
    pub bookmark: Bookmark,
    /// `true` when route + anchor was already bookmarked and that bookmark was returned unchanged.
    pub existed: bool,
}

/// Result of [`BookmarkStore::import`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub added: usize,
    /// Already present (same route + anchor), or duplicated inside the imported file.
    pub skipped: usize,
}

/// Names under `/api/bookmarks/` that are actions, not bookmarks. Generated ids never take this
/// shape (they always contain `-`); an id read from a file that does is replaced on load.
pub(crate) const RESERVED_IDS: [&str; 2] = ["export", "import"];

/// Whether `id` cannot be a bookmark's id: empty, an action name, too long, or holding anything but
/// letters, digits, `-` and `_` (an id like `../x` or `a%2e` could not be named in a URL path, so the
/// bookmark could never be edited or deleted).
pub(crate) fn unusable_id(id: &str) -> bool {
    id.is_empty()
        || id.len() > MAX_ID_LEN
        || RESERVED_IDS.contains(&id)
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Longest id kept as it is (the app's own ids are about 30 characters).
const MAX_ID_LEN: usize = 64;
/// Most bookmarks one store holds after an import (a reader keeps dozens; the panel lists them all).
pub const MAX_BOOKMARKS: usize = 10_000;
/// Biggest bookmarks file an import reads (10,000 bookmarks with long notes fit in a few MB).
pub const MAX_IMPORT_BYTES: u64 = 8 * 1024 * 1024;

/// The name an export is offered under: `palette-docs-bookmarks-2026-11-26.json` (UTC date).
pub fn export_file_name() -> String {
    let now = clock::rfc3339(clock::now_secs());
    format!("palette-docs-bookmarks-{}.json", &now[..10])
}

/// A unique, opaque id: time in nanoseconds, process id and a per-process counter, in hex.
/// Two processes never collide (different pids), one process never repeats (counter).
pub(crate) fn new_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "{:x}-{:x}-{:x}",
        clock::now_nanos() as u64,
        std::process::id(),
        n
    )
}

/// Anchors are stored without `#`; an empty anchor means the page itself.
pub(crate) fn normalize_anchor(anchor: Option<String>) -> Option<String> {
    let anchor = anchor?;
    let trimmed = anchor.trim().trim_start_matches('#');
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == anchor.len() {
        // Already clean (the usual case when loading): keep the allocation.
        Some(anchor)
    } else {
        Some(trimmed.to_string())
    }
}

fn same_target(b: &Bookmark, route: &str, anchor: Option<&str>) -> bool {
    b.route == route && b.anchor.as_deref() == anchor
}

/// Flags (never removes) bookmarks whose page or anchor the current snapshot lacks.
/// `exists(route, anchor)` answers for the loaded snapshot. Returns how many are missing.
pub fn mark_missing(
    bookmarks: &mut [Bookmark],
    mut exists: impl FnMut(&str, Option<&str>) -> bool,
) -> usize {
    let mut count = 0;
    for b in bookmarks.iter_mut() {
        b.missing = !exists(&b.route, b.anchor.as_deref());
        count += usize::from(b.missing);
    }
    count
}

/// The bookmarks file of one data directory. Cheap to hold; `Send + Sync`; every method is a
/// complete locked read(-modify-write) of the file.
#[derive(Debug)]
pub struct BookmarkStore {
    store: JsonStore<BookmarksFile>,
}

/// `bookmarks.json`: versioned (a newer format is refused, not touched), backed up on every save,
/// a damaged file moved aside and replaced from the backup.
#[derive(Debug)]
struct BookmarksFile;

impl Format for BookmarksFile {
    type Value = Vec<Bookmark>;
    const FILE_NAME: &'static str = BOOKMARKS_FILE;
    const BACKUP: bool = true;
    const KEEP_DAMAGED: bool = true;

    fn empty() -> Vec<Bookmark> {
        Vec::new()
    }

    fn parse(bytes: &[u8], file: &Path) -> Parsed<Vec<Bookmark>> {
        match schema::parse(bytes) {
            Ok(list) => Parsed::Good(list),
            Err(schema::ParseError::TooNew(found)) => Parsed::Refused(Error::BookmarksTooNew {
                path: file.to_path_buf(),
                found,
                supported: CURRENT_VERSION,
            }),
            Err(schema::ParseError::Damaged(_)) => Parsed::Damaged,
        }
    }

    fn serialize(list: &Vec<Bookmark>) -> Vec<u8> {
        schema::serialize(list)
    }

    fn damaged_notice(recovery: &Recovery) -> String {
        // The full path: the user may want to find the file and rescue something from it.
        let aside = recovery
            .aside
            .as_deref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        if recovery.from_backup {
            format!("Your bookmarks file was damaged; it was saved as {aside} and your bookmarks from the last good save were restored.")
        } else {
            format!("Your bookmarks file was damaged and no usable backup was found; it was saved as {aside} and a new, empty bookmarks list was started.")
        }
    }
}

impl BookmarkStore {
    /// Opens (creating the directory if needed) the store at `path_or_dir`: a `.json` file path, or a
    /// directory holding `bookmarks.json`. A damaged file is recovered here (see [`Self::notice`]).
    /// A file from a newer app does not fail `open` — so the app still starts — but sets the
    /// notice, and every operation then returns [`Error::BookmarksTooNew`].
    /// Errors only when the directory cannot be created or the file cannot be read at all.
    pub fn open(path_or_dir: impl AsRef<Path>) -> Result<Self> {
        Ok(BookmarkStore {
            store: JsonStore::open(path_or_dir.as_ref())?,
        })
    }

    /// [`Self::open`] on [`data_dir`].
    pub fn open_default() -> Result<Self> {
        Self::open(data_dir()?)
    }

    /// Path of `bookmarks.json`.
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// A message for the UI about something the store did on the user's behalf (recovered a damaged
    /// file, refused a newer one), if any. Stays until [`Self::take_notice`].
    pub fn notice(&self) -> Option<String> {
        self.store.notice()
    }

    /// Returns and clears the notice (show it once).
    pub fn take_notice(&self) -> Option<String> {
        self.store.take_notice()
    }

    /// All bookmarks sorted by position (`missing` is false; see [`mark_missing`]).
    pub fn list(&self) -> Result<Vec<Bookmark>> {
        self.store.read()
    }

    /// Adds a bookmark at the end. If the route + anchor is already bookmarked, returns that one
    /// unchanged with `existed: true`.
    pub fn add(&self, new: NewBookmark) -> Result<AddOutcome> {
        let anchor = normalize_anchor(new.anchor);
        let route = new.route.trim().to_string();
        if route.is_empty() {
            return Err(Error::Invalid(
                "a bookmark needs the page route it points to; open a page and bookmark it from there"
                    .into(),
            ));
        }
        self.transact(|list| {
            if let Some(b) = list
                .iter()
                .find(|b| same_target(b, &route, anchor.as_deref()))
            {
                return Ok((
                    AddOutcome {
                        bookmark: b.clone(),
                        existed: true,
                    },
                    false,
                ));
            }
            let bookmark = Bookmark {
                id: unused_id(list),
                route: route.clone(),
                anchor: anchor.clone(),
                title: new.title.clone(),
                section: new.section.clone().filter(|s| !s.trim().is_empty()),
                note: new.note.clone(),
                created: clock::rfc3339(clock::now_secs()),
                position: list.len() as u64,
                missing: false,
            };
            list.push(bookmark.clone());
            Ok((
                AddOutcome {
                    bookmark,
                    existed: false,
                },
                true,
            ))
        })
    }

    /// Puts back a bookmark returned by [`Self::delete`] (undo): same id, note, date, and its old
    /// position. If its route + anchor has been bookmarked again meanwhile, returns that one.
    pub fn restore(&self, bookmark: Bookmark) -> Result<AddOutcome> {
        let mut bookmark = bookmark;
        bookmark.anchor = normalize_anchor(bookmark.anchor);
        bookmark.missing = false;
        self.transact(|list| {
            if let Some(b) = list
                .iter()
                .find(|b| same_target(b, &bookmark.route, bookmark.anchor.as_deref()))
            {
                return Ok((
                    AddOutcome {
                        bookmark: b.clone(),
                        existed: true,
                    },
                    false,
                ));
            }
            let mut restored = bookmark.clone();
            if unusable_id(&restored.id) || list.iter().any(|b| b.id == restored.id) {
                restored.id = unused_id(list);
            }
            let at = (restored.position as usize).min(list.len());
            list.insert(at, restored);
            renumber(list);
            let bookmark = list[at].clone();
            Ok((
                AddOutcome {
                    bookmark,
                    existed: false,
                },
                true,
            ))
        })
    }

    /// Replaces the note of bookmark `id`; returns the updated bookmark.
    pub fn update_note(&self, id: &str, note: &str) -> Result<Bookmark> {
        self.transact(|list| {
            let b = find_mut(list, id)?;
            let changed = b.note != note;
            b.note = note.to_string();
            Ok((b.clone(), changed))
        })
    }

    /// Moves bookmark `id` to 0-based `position` (clamped to the end); returns the new order.
    pub fn move_to(&self, id: &str, position: usize) -> Result<Vec<Bookmark>> {
        self.transact(|list| {
            let from = list
                .iter()
                .position(|b| b.id == id)
                .ok_or_else(|| Error::BookmarkNotFound(id.to_string()))?;
            let item = list.remove(from);
            let to = position.min(list.len());
            list.insert(to, item);
            renumber(list);
            Ok((list.clone(), from != to))
        })
    }

    /// Removes bookmark `id` and returns it, so the UI can offer undo via [`Self::restore`].
    pub fn delete(&self, id: &str) -> Result<Bookmark> {
        self.transact(|list| {
            let at = list
                .iter()
                .position(|b| b.id == id)
                .ok_or_else(|| Error::BookmarkNotFound(id.to_string()))?;
            let removed = list.remove(at);
            renumber(list);
            Ok((removed, true))
        })
    }

    /// Writes all bookmarks to `path` (current format, atomically); returns how many.
    pub fn export(&self, path: impl AsRef<Path>) -> Result<usize> {
        let list = self.list()?;
        fsio::write_atomic(path.as_ref(), &schema::serialize(&list))?;
        Ok(list.len())
    }

    /// The bytes [`Self::export`] writes, for a download.
    pub fn export_bytes(&self) -> Result<Vec<u8>> {
        Ok(schema::serialize(&self.list()?))
    }

    /// Merges the bookmarks of an exported file (any supported format) into the store, skipping
    /// route + anchor pairs already present. Imported bookmarks keep their note, title and date and
    /// go to the end in the file's order. A file from a newer app is refused with
    /// [`Error::BookmarksTooNew`]; a damaged one with [`Error::BookmarksFile`].
    pub fn import(&self, path: impl AsRef<Path>) -> Result<ImportSummary> {
        let path = path.as_ref();
        let size = std::fs::metadata(path)
            .map_err(|e| Error::io(path, e))?
            .len();
        if size > MAX_IMPORT_BYTES {
            return Err(too_big_to_import(path));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        self.import_bytes(&bytes, path)
    }

    /// [`Self::import`] of a file's contents (an upload); `source` names the file in errors.
    pub fn import_bytes(&self, bytes: &[u8], source: &Path) -> Result<ImportSummary> {
        if bytes.len() as u64 > MAX_IMPORT_BYTES {
            return Err(too_big_to_import(source));
        }
        let incoming = schema::parse(bytes).map_err(|e| match e {
            schema::ParseError::TooNew(found) => Error::BookmarksTooNew {
                path: source.to_path_buf(),
                found,
                supported: CURRENT_VERSION,
            },
            schema::ParseError::Damaged(reason) => Error::BookmarksFile {
                path: source.to_path_buf(),
                reason,
            },
        })?;
        self.transact(|list| {
            let mut summary = ImportSummary {
                added: 0,
                skipped: 0,
            };
            let mut ids: HashSet<String> = list.iter().map(|b| b.id.clone()).collect();
            let mut keys: HashSet<(String, Option<String>)> = list
                .iter()
                .map(|b| (b.route.clone(), b.anchor.clone()))
                .collect();
            for b in &incoming {
                if !keys.insert((b.route.clone(), b.anchor.clone())) {
                    summary.skipped += 1;
                    continue;
                }
                if list.len() >= MAX_BOOKMARKS {
                    // Nothing is saved: the error leaves the store as it was.
                    return Err(Error::TooLarge(format!(
                        "{} holds more bookmarks than fit: a store keeps at most {MAX_BOOKMARKS}, and this import would go past that. Remove some bookmarks or import a smaller file; nothing was imported.",
                        source.display()
                    )));
                }
                let mut b = b.clone();
                while !ids.insert(b.id.clone()) {
                    b.id = new_id();
                }
                b.position = list.len() as u64;
                list.push(b);
                summary.added += 1;
            }
            Ok((summary, summary.added > 0))
        })
    }

    fn transact<T>(
        &self,
        change: impl FnOnce(&mut Vec<Bookmark>) -> Result<(T, bool)>,
    ) -> Result<T> {
        self.store.transact(change)
    }
}

fn find_mut<'a>(list: &'a mut [Bookmark], id: &str) -> Result<&'a mut Bookmark> {
    list.iter_mut()
        .find(|b| b.id == id)
        .ok_or_else(|| Error::BookmarkNotFound(id.to_string()))
}

fn renumber(list: &mut [Bookmark]) {
    for (i, b) in list.iter_mut().enumerate() {
        b.position = i as u64;
    }
}

fn too_big_to_import(source: &Path) -> Error {
    Error::TooLarge(format!(
        "{} is larger than {} MB, more than any bookmarks export; choose a file made with \"Export bookmarks\". Nothing was imported.",
        source.display(),
        MAX_IMPORT_BYTES >> 20
    ))
}

fn unused_id(list: &[Bookmark]) -> String {
    loop {
        let id = new_id();
        if list.iter().all(|b| b.id != id) {
            return id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(route: &str, anchor: Option<&str>) -> NewBookmark {
        NewBookmark {
            route: route.into(),
            anchor: anchor.map(str::to_string),
            title: format!("Title of {route}"),
            ..NewBookmark::default()
        }
    }

    #[test]
    fn ids_are_unique() {
        let ids: HashSet<String> = (0..10_000).map(|_| new_id()).collect();
        assert_eq!(ids.len(), 10_000);
    }

    #[test]
    fn anchors_are_normalized() {
        assert_eq!(normalize_anchor(Some("#a".into())).as_deref(), Some("a"));
        assert_eq!(normalize_anchor(Some(" ".into())), None);
        assert_eq!(normalize_anchor(Some("#".into())), None);
        assert_eq!(normalize_anchor(None), None);
    }

    #[test]
    fn add_dedupes_by_route_and_anchor() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = BookmarkStore::open(dir.path()).expect("open");
        let a = store.add(new("/p", Some("#h"))).expect("add");
        let again = store.add(new("/p", Some("h"))).expect("add again");
        assert!(!a.existed);
        assert!(again.existed);
        assert_eq!(a.bookmark.id, again.bookmark.id);
        let page = store.add(new("/p", None)).expect("page");
        assert!(!page.existed);
        assert_eq!(store.list().expect("list").len(), 2);
    }

    #[test]
    fn empty_route_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = BookmarkStore::open(dir.path()).expect("open");
        assert!(matches!(store.add(new("  ", None)), Err(Error::Invalid(_))));
    }

    #[test]
    fn move_and_note_and_delete_restore() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = BookmarkStore::open(dir.path()).expect("open");
        let ids: Vec<String> = ["/a", "/b", "/c"]
            .iter()
            .map(|r| store.add(new(r, None)).expect("add").bookmark.id)
            .collect();
        let order = store.move_to(&ids[2], 0).expect("move");
        let routes: Vec<&str> = order.iter().map(|b| b.route.as_str()).collect();
        assert_eq!(routes, ["/c", "/a", "/b"]);
        let noted = store.update_note(&ids[0], "read twice").expect("note");
        assert_eq!(noted.note, "read twice");
        let removed = store.delete(&ids[0]).expect("delete");
        assert_eq!(removed.position, 1);
        assert_eq!(store.list().expect("list").len(), 2);
        let back = store.restore(removed.clone()).expect("restore");
        assert!(!back.existed);
        let list = store.list().expect("list");
        assert_eq!(list[1], removed);
        assert!(matches!(
            store.delete("nope"),
            Err(Error::BookmarkNotFound(_))
        ));
    }

    #[test]
    fn mark_missing_flags_without_removing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = BookmarkStore::open(dir.path()).expect("open");
        store.add(new("/here", Some("sec"))).expect("add");
        store.add(new("/gone", None)).expect("add");
        let mut list = store.list().expect("list");
        let n = mark_missing(&mut list, |route, anchor| {
            route == "/here" && anchor == Some("sec")
        });
        assert_eq!(n, 1);
        assert!(!list[0].missing);
        assert!(list[1].missing);
        let json = serde_json::to_string(&list[1]).expect("json");
        assert!(json.contains("\"missing\":true"));
        assert_eq!(store.list().expect("list").len(), 2);
    }
}
