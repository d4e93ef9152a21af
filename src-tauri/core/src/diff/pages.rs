//! Page changes between two snapshots: added, removed, moved (same own content under a new route)
//! and changed, with the sections that changed.
//!
//! A page's own content is its title, description, tags and rendered body (text, tables, code and
//! its links' targets). Its navigation — sidebar label, breadcrumbs, previous and next — is left
//! out, so reordering the sidebar changes no page.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::model::{ChangedPage, PageChanges, PageMove, SectionChange, SectionStatus};
use super::sections::{split_sections, PageSection};
use super::source::{DiffSource, PageBytes};
use super::words::{has_changes, word_diff};
use crate::{Error, Result};

/// The part of a page file that is the page's own content.
#[derive(Debug, Deserialize, PartialEq, Eq)]
struct OwnContent {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    tags: Vec<String>,
    html: String,
}

impl OwnContent {
    fn parse(route: &str, page: &PageBytes) -> Result<OwnContent> {
        serde_json::from_slice(&page.json).map_err(|e| {
            Error::Bundle(format!(
                "the page {route} cannot be read ({e}); rebuild the snapshot with this version of Palette Docs"
            ))
        })
    }

    /// A digest of the own content, for finding the same page under another route.
    fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        for part in [
            &self.title,
            &self.description,
            &self.tags.join("\u{1f}"),
            &self.html,
        ] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        hex::encode(h.finalize())
    }
}

/// All page changes from `old` to `new`, every list sorted by route.
pub fn diff_pages(old: &DiffSource, new: &DiffSource) -> Result<PageChanges> {
    let mut changes = PageChanges::default();
    let mut gone: Vec<&String> = Vec::new();
    for (route, before) in &old.pages {
        let Some(after) = new.pages.get(route) else {
            gone.push(route);
            continue;
        };
        // Byte-identical files (the common case) need no parsing at all.
        if before.sha256 == after.sha256 && !before.sha256.is_empty() {
            continue;
        }
        let before = OwnContent::parse(route, before)?;
        let after = OwnContent::parse(route, after)?;
        if before != after {
            changes.changed.extend(changed_page(route, &before, &after));
        }
    }
    let came: Vec<&String> = new
        .pages
        .keys()
        .filter(|r| !old.pages.contains_key(*r))
        .collect();

    // A removed page and an added one with the same own content are one page that moved.
    let mut added_by_print: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for route in &came {
        let print = OwnContent::parse(route, &new.pages[*route])?.fingerprint();
        added_by_print.entry(print).or_default().push(route);
    }
    for list in added_by_print.values_mut() {
        list.sort();
        list.reverse();
    }
    gone.sort();
    let mut moved_to: HashMap<&String, &String> = HashMap::new();
    for route in &gone {
        let print = OwnContent::parse(route, &old.pages[*route])?.fingerprint();
        if let Some(target) = added_by_print.get_mut(&print).and_then(Vec::pop) {
            moved_to.insert(route, target);
        }
    }
    for route in gone {
        match moved_to.get(route) {
            Some(to) => changes.moved.push(PageMove {
                from: route.clone(),
                to: (*to).clone(),
            }),
            None => changes.removed.push(route.clone()),
        }
    }
    let moved_targets: HashSet<&String> = moved_to.values().copied().collect();
    changes.added = came
        .into_iter()
        .filter(|r| !moved_targets.contains(r))
        .cloned()
        .collect();
    changes.added.sort();
    changes.removed.sort();
    changes.moved.sort_by(|a, b| a.from.cmp(&b.from));
    changes.changed.sort_by(|a, b| a.route.cmp(&b.route));
    Ok(changes)
}

/// The page's change, or `None` when only markup that shows no different word or link changed.
fn changed_page(route: &str, before: &OwnContent, after: &OwnContent) -> Option<ChangedPage> {
    let mut fields = Vec::new();
    if before.title != after.title {
        fields.push("title".to_string());
    }
    if before.description != after.description {
        fields.push("description".to_string());
    }
    if before.tags != after.tags {
        fields.push("tags".to_string());
    }
    let details = if before.html == after.html {
        Vec::new()
    } else {
        section_changes(&split_sections(&before.html), &split_sections(&after.html))
    };
    if fields.is_empty() && details.is_empty() {
        return None;
    }
    Some(ChangedPage {
        route: route.to_string(),
        title: after.title.clone(),
        sections: details.iter().map(|d| d.anchor.clone()).collect(),
        fields,
        details,
    })
}

/// Sections matched by anchor: changed ones, new ones (in the newer page's order), then gone ones.
fn section_changes(before: &[PageSection], after: &[PageSection]) -> Vec<SectionChange> {
    let old_by_anchor: HashMap<&str, &PageSection> =
        before.iter().map(|s| (s.anchor.as_str(), s)).collect();
    let new_anchors: HashSet<&str> = after.iter().map(|s| s.anchor.as_str()).collect();
    let mut out = Vec::new();
    for section in after {
        match old_by_anchor.get(section.anchor.as_str()) {
            Some(old) if old.html == section.html => {}
            Some(old) => {
                let words = word_diff(&old.text, &section.text);
                let (links_added, links_removed) = link_changes(&old.links, &section.links);
                // Markup alone (an attribute, a class) that changes no word and no link is no change
                // to the reader.
                if has_changes(&words) || !links_added.is_empty() || !links_removed.is_empty() {
                    out.push(SectionChange {
                        anchor: section.anchor.clone(),
                        heading: section.heading.clone(),
                        status: SectionStatus::Changed,
                        words,
                        links_added,
                        links_removed,
                    });
                }
            }
            None => out.push(SectionChange {
                anchor: section.anchor.clone(),
                heading: section.heading.clone(),
                status: SectionStatus::Added,
                words: word_diff("", &section.text),
                links_added: section.links.clone(),
                links_removed: Vec::new(),
            }),
        }
    }
    for section in before {
        if !new_anchors.contains(section.anchor.as_str()) {
            out.push(SectionChange {
                anchor: section.anchor.clone(),
                heading: section.heading.clone(),
                status: SectionStatus::Removed,
                words: word_diff(&section.text, ""),
                links_added: Vec::new(),
                links_removed: section.links.clone(),
            });
        }
    }
    out
}

/// Link targets only in `new`, and only in `old` (each list in page order, without repeats).
fn link_changes(old: &[String], new: &[String]) -> (Vec<String>, Vec<String>) {
    let only_in = |a: &[String], b: &[String]| {
        let mut out: Vec<String> = Vec::new();
        for link in a {
            if !b.contains(link) && !out.contains(link) {
                out.push(link.clone());
            }
        }
        out
    };
    (only_in(new, old), only_in(old, new))
}
