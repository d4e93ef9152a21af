//! Reading state (`state.json`): where the user left off, the recently viewed pages and the reader's
//! installation (the edition and version they run, which the advisory explorer starts from).
//! Written atomically like bookmarks, but not precious: a broken file is reset with a notice.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::normalize_anchor;
use super::store::{Format, JsonStore, Parsed, Recovery};
use crate::advisories::Installation;
use crate::library::data_dir;
use crate::{clock, Result};

/// File name of the reading state inside the data directory.
pub const STATE_FILE: &str = "state.json";
/// How many recently viewed pages are kept.
pub const MAX_RECENT: usize = 20;
const STATE_VERSION: u32 = 1;

/// A recently viewed page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecentPage {
    pub route: String,
    pub title: String,
    /// RFC 3339 UTC time of the last view; empty in files written before it was kept.
    #[serde(default)]
    pub viewed: String,
}

/// Where the app reopens, and the "recently viewed" list (most recent first, no duplicates).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReadingState {
    pub version: u32,
    pub last_route: Option<String>,
    pub last_anchor: Option<String>,
    /// Vertical scroll offset of `last_route` (pixels, as the UI reports it).
    pub scroll: f64,
    pub recent: Vec<RecentPage>,
    /// The edition and version the reader runs, once they said (files from before it was kept have none).
    pub installation: Option<Installation>,
}

impl Default for ReadingState {
    fn default() -> Self {
        ReadingState {
            version: STATE_VERSION,
            last_route: None,
            last_anchor: None,
            scroll: 0.0,
            recent: Vec::new(),
            installation: None,
        }
    }
}

/// `state.json` of one data directory; every method is a locked read-modify-write like
/// [`super::BookmarkStore`].
#[derive(Debug)]
pub struct StateStore {
    store: JsonStore<StateFile>,
}

/// `state.json`: not precious, so no backup; a damaged file (or another format version) is reset
/// in place with a notice.
#[derive(Debug)]
struct StateFile;

impl Format for StateFile {
    type Value = ReadingState;
    const FILE_NAME: &'static str = STATE_FILE;
    const BACKUP: bool = false;
    const KEEP_DAMAGED: bool = false;

    fn empty() -> ReadingState {
        ReadingState::default()
    }

    fn parse(bytes: &[u8], _file: &Path) -> Parsed<ReadingState> {
        match parse(bytes) {
            Some(state) => Parsed::Good(state),
            None => Parsed::Damaged,
        }
    }

    fn serialize(state: &ReadingState) -> Vec<u8> {
        serialize(state)
    }

    fn damaged_notice(_: &Recovery) -> String {
        "Your last reading position could not be read, so it was reset; your bookmarks are not affected."
            .into()
    }
}

impl StateStore {
    /// Opens the state at `path_or_dir` (a `.json` file or a directory holding `state.json`).
    pub fn open(path_or_dir: impl AsRef<Path>) -> Result<Self> {
        Ok(StateStore {
            store: JsonStore::open(path_or_dir.as_ref())?,
        })
    }

    /// [`Self::open`] on [`data_dir`].
    pub fn open_default() -> Result<Self> {
        Self::open(data_dir()?)
    }

    /// A message for the UI if the state had to be reset; cleared by [`Self::take_notice`].
    pub fn notice(&self) -> Option<String> {
        self.store.notice()
    }

    pub fn take_notice(&self) -> Option<String> {
        self.store.take_notice()
    }

    pub fn get(&self) -> Result<ReadingState> {
        self.store.read()
    }

    /// Records the page (and section/scroll) the user is reading, for reopening there.
    pub fn set_position(
        &self,
        route: &str,
        anchor: Option<&str>,
        scroll: f64,
    ) -> Result<ReadingState> {
        let anchor = normalize_anchor(anchor.map(str::to_string));
        self.transact(|s| {
            s.last_route = Some(route.to_string());
            s.last_anchor = anchor;
            s.scroll = clean_scroll(scroll);
            true
        })
    }

    /// Records a page view: it becomes the last page and moves to the front of `recent`.
    pub fn visit(&self, route: &str, title: &str) -> Result<ReadingState> {
        self.transact(|s| {
            if s.last_route.as_deref() != Some(route) {
                s.last_anchor = None;
                s.scroll = 0.0;
            }
            s.last_route = Some(route.to_string());
            s.recent.retain(|p| p.route != route);
            s.recent.insert(
                0,
                RecentPage {
                    route: route.to_string(),
                    title: title.to_string(),
                    viewed: clock::rfc3339(clock::now_secs()),
                },
            );
            s.recent.truncate(MAX_RECENT);
            true
        })
    }

    /// Keeps the reader's installation (`None` forgets it).
    pub fn set_installation(&self, installation: Option<Installation>) -> Result<ReadingState> {
        self.transact(|s| {
            let changed = s.installation != installation;
            s.installation = installation;
            changed
        })
    }

    /// Empties the recently viewed list (keeps the reopen position).
    pub fn clear_recent(&self) -> Result<ReadingState> {
        self.transact(|s| {
            let changed = !s.recent.is_empty();
            s.recent.clear();
            changed
        })
    }

    fn transact(&self, change: impl FnOnce(&mut ReadingState) -> bool) -> Result<ReadingState> {
        self.store.transact(|state| {
            let changed = change(state);
            if changed {
                state.version = STATE_VERSION;
            }
            Ok((state.clone(), changed))
        })
    }
}

fn parse(bytes: &[u8]) -> Option<ReadingState> {
    let mut state: ReadingState = serde_json::from_slice(bytes).ok()?;
    if state.version != STATE_VERSION {
        return None;
    }
    state.scroll = clean_scroll(state.scroll);
    state.last_anchor = normalize_anchor(state.last_anchor);
    let mut seen = std::collections::HashSet::new();
    state.recent.retain(|p| seen.insert(p.route.clone()));
    state.recent.truncate(MAX_RECENT);
    // A hand-edited installation that no longer reads as one is dropped, not trusted.
    state.installation = state.installation.filter(Installation::is_valid);
    Some(state)
}

fn serialize(state: &ReadingState) -> Vec<u8> {
    serde_json::to_vec_pretty(state).unwrap_or_else(|_| b"{}".to_vec())
}

/// JSON has no NaN or infinity (serde_json would write `null` and then fail to read it back).
fn clean_scroll(scroll: f64) -> f64 {
    if scroll.is_finite() && scroll > 0.0 {
        scroll
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_file_is_reset_with_a_notice_that_can_be_read_before_it_is_taken() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(STATE_FILE), b"{ not json").expect("write");
        let store = StateStore::open(dir.path()).expect("open");
        assert_eq!(store.get().expect("reset").last_route, None);
        let notice = store.notice().expect("a notice about the reset");
        assert!(notice.contains("reading position"), "{notice}");
        assert_eq!(store.notice(), Some(notice.clone()), "reading it keeps it");
        assert_eq!(store.take_notice(), Some(notice));
        assert_eq!(store.notice(), None, "taking it clears it");
    }

    #[test]
    fn a_visit_keeps_the_position_on_the_same_page_and_resets_it_on_another() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = StateStore::open(dir.path()).expect("open");
        store
            .set_position("/a/", Some("sec"), 300.0)
            .expect("position");
        let same = store.visit("/a/", "A").expect("visit");
        assert_eq!(
            (same.last_anchor.as_deref(), same.scroll),
            (Some("sec"), 300.0)
        );
        let other = store.visit("/b/", "B").expect("visit");
        assert_eq!((other.last_anchor, other.scroll), (None, 0.0));
        assert_eq!(other.last_route.as_deref(), Some("/b/"));
    }

    #[test]
    fn clearing_recent_pages_keeps_the_position_and_is_saved() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = StateStore::open(dir.path()).expect("open");
        store.visit("/a/", "A").expect("visit");
        store
            .set_position("/a/", Some("sec"), 120.0)
            .expect("position");
        let cleared = store.clear_recent().expect("clear");
        assert!(cleared.recent.is_empty());
        assert_eq!(cleared.last_route.as_deref(), Some("/a/"));
        assert_eq!(cleared.last_anchor.as_deref(), Some("sec"));
        let reopened = StateStore::open(dir.path())
            .expect("reopen")
            .get()
            .expect("read");
        assert!(reopened.recent.is_empty(), "the cleared list was written");
        assert_eq!(reopened.scroll, 120.0);
    }

    #[test]
    fn recent_is_deduped_capped_most_recent_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = StateStore::open(dir.path()).expect("open");
        for i in 0..30 {
            store
                .visit(&format!("/p{i}"), &format!("P{i}"))
                .expect("visit");
        }
        let s = store.visit("/p25", "P25 again").expect("visit");
        assert_eq!(s.recent.len(), MAX_RECENT);
        assert_eq!(s.recent[0].route, "/p25");
        assert_eq!(s.recent[0].title, "P25 again");
        assert_eq!(s.recent[1].route, "/p29");
        assert_eq!(s.recent.iter().filter(|p| p.route == "/p25").count(), 1);
    }

    #[test]
    fn the_installation_is_kept_beside_the_position_and_survives_reopening() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = StateStore::open(dir.path()).expect("open");
        store.visit("/a/", "A").expect("visit");
        let mine = Installation::parse("Palette VerteX airgap", "9.8.7").expect("valid");
        let s = store
            .set_installation(Some(mine.clone()))
            .expect("set installation");
        assert_eq!(s.last_route.as_deref(), Some("/a/"), "the position is kept");
        let reopened = StateStore::open(dir.path()).expect("reopen");
        assert_eq!(reopened.get().expect("get").installation, Some(mine));
        let s = reopened.set_installation(None).expect("forget");
        assert_eq!(s.installation, None);
        assert_eq!(s.recent.len(), 1, "forgetting it keeps the rest");
    }

    #[test]
    fn an_older_file_without_an_installation_still_reads() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join(STATE_FILE);
        std::fs::write(
            &file,
            r#"{"version":1,"last_route":"/a/","last_anchor":null,"scroll":3.0,"recent":[]}"#,
        )
        .expect("write");
        let s = StateStore::open(dir.path())
            .expect("open")
            .get()
            .expect("get");
        assert_eq!(s.last_route.as_deref(), Some("/a/"));
        assert_eq!(s.installation, None);
        std::fs::write(
            &file,
            r#"{"version":1,"recent":[],"installation":{"edition":"Palette Nowhere","version":"1.2.3"}}"#,
        )
        .expect("write");
        let s = StateStore::open(dir.path())
            .expect("open")
            .get()
            .expect("get");
        assert_eq!(s.installation, None, "an edition we do not know is dropped");
    }

    #[test]
    fn non_finite_scroll_is_stored_as_zero() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = StateStore::open(dir.path()).expect("open");
        store.set_position("/a", Some("#h"), f64::NAN).expect("set");
        let s = StateStore::open(dir.path())
            .expect("reopen")
            .get()
            .expect("get");
        assert_eq!(s.scroll, 0.0);
        assert_eq!(s.last_anchor.as_deref(), Some("h"));
        // Infinity and negative offsets are no place to reopen at either.
        for bad in [f64::INFINITY, -40.0] {
            let s = store.set_position("/a", None, bad).expect("set");
            assert_eq!(s.scroll, 0.0, "{bad}");
        }
    }
}
