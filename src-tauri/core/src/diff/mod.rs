//! What changed between two snapshots of one documentation set: pages added, removed, moved and
//! changed (down to the sections, by heading id, with a word-level diff of their text), and
//! advisories added, removed and changed (with the fields that changed).
//!
//! Both snapshots are verified before anything is compared ([`source`]); the result is plain data
//! ([`model`]) that the CLI prints, the library caches next to the newer snapshot ([`cache`]) and
//! the reader draws. [`open`] is the one entry point that resolves what the user named (a folder,
//! a `.pdsnap` file or an installed id), verifies, compares and caches.

pub mod advisories;
pub mod cache;
pub mod model;
pub mod open;
pub mod pages;
pub mod sections;
pub mod source;
pub mod words;

pub use model::{
    AdvisoryChanges, ChangedAdvisory, ChangedPage, PageChanges, PageMove, SectionChange,
    SectionStatus, SnapshotDiff, SnapshotRef,
};
pub use open::{diff_installed, diff_named, CacheUse, Named, Outcome, Places};
pub use source::DiffSource;

use crate::bundle::format::SnapshotInfo;
use crate::{Error, Result};

/// Compares two verified snapshots. Refuses two snapshots of different documentation sets and a
/// snapshot compared with itself (the same signed manifest on both sides), each with a sentence
/// that says what to do; two different snapshots with the same content give an empty diff.
pub fn compare(old: &DiffSource, new: &DiffSource) -> Result<SnapshotDiff> {
    if old.info.name != new.info.name {
        return Err(Error::Invalid(format!(
            "these snapshots belong to different documentation sets (\"{}\" and \"{}\"); compare two snapshots of the same set",
            old.info.name, new.info.name
        )));
    }
    if old.digest == new.digest {
        return Err(Error::Invalid(format!(
            "both sides are the same snapshot ({} {}); name an older and a newer snapshot to see what changed",
            new.info.name, new.info.version
        )));
    }
    diff(old, new)
}

/// The diff of two snapshots, with no check of what they are (an identical pair diffs empty).
pub fn diff(old: &DiffSource, new: &DiffSource) -> Result<SnapshotDiff> {
    Ok(SnapshotDiff {
        from: snapshot_ref(&old.info),
        to: snapshot_ref(&new.info),
        pages: pages::diff_pages(old, new)?,
        advisories: advisories::diff_advisories(old.advisories.as_ref(), new.advisories.as_ref())?,
    })
}

fn snapshot_ref(info: &SnapshotInfo) -> SnapshotRef {
    SnapshotRef {
        name: info.name.clone(),
        version: info.version.clone(),
        date: info.date.clone(),
    }
}
