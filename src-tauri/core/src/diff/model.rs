//! The diff as data: what the CLI prints, the cache stores and the reader will draw.

use serde::{Deserialize, Serialize};

use super::words::WordRun;

/// What changed from one snapshot (`from`) to another (`to`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotDiff {
    pub from: SnapshotRef,
    pub to: SnapshotRef,
    pub pages: PageChanges,
    pub advisories: AdvisoryChanges,
}

impl SnapshotDiff {
    /// Whether nothing a reader could see changed.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty() && self.advisories.is_empty()
    }
}

/// A snapshot as the diff names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotRef {
    pub name: String,
    pub version: String,
    pub date: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageChanges {
    /// Routes only in the newer snapshot (moved pages excluded).
    pub added: Vec<String>,
    /// Routes only in the older snapshot (moved pages excluded).
    pub removed: Vec<String>,
    /// Pages whose content is the same under a new route.
    pub moved: Vec<PageMove>,
    /// Pages under the same route whose own content changed.
    pub changed: Vec<ChangedPage>,
}

impl PageChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.moved.is_empty()
            && self.changed.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageMove {
    pub from: String,
    pub to: String,
}

/// A page whose title, text, tables, code or link targets changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangedPage {
    pub route: String,
    /// The page's title in the newer snapshot.
    pub title: String,
    /// Anchors of the sections that changed, appeared or disappeared, in the newer page's order
    /// followed by the removed ones; `""` is the text before the first heading.
    pub sections: Vec<String>,
    /// Page fields outside the body that changed: `title`, `description`, `tags`.
    pub fields: Vec<String>,
    /// Each section's change in detail.
    pub details: Vec<SectionChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionStatus {
    Added,
    Removed,
    Changed,
}

/// One section's change: its words, and the link targets that came or went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionChange {
    pub anchor: String,
    pub heading: String,
    pub status: SectionStatus,
    /// The section's text as runs of kept, inserted and deleted words.
    pub words: Vec<WordRun>,
    pub links_added: Vec<String>,
    pub links_removed: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AdvisoryChanges {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<ChangedAdvisory>,
}

impl AdvisoryChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// An advisory present in both snapshots whose record differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangedAdvisory {
    pub id: String,
    /// Names of the record's fields that differ, sorted.
    pub fields: Vec<String>,
    /// Each differing field's value before and after (`null` where the field is absent).
    pub values: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub from: serde_json::Value,
    pub to: serde_json::Value,
}
