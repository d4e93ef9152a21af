//! Computed diffs kept in the library folder, next to the newer snapshot:
//! `<library>/.diffs/<newer id>/<older id>.json`.
//!
//! The folder is dot-prefixed, so the library never lists it as a snapshot, and it sits outside
//! every snapshot folder, whose files are all signed. An entry records both snapshots' manifest
//! digests and is used only while both still match (a reinstalled version recomputes). Entries
//! bigger than [`MAX_ENTRY_BYTES`] are not kept, and the whole cache is held under
//! [`MAX_TOTAL_BYTES`] by dropping the oldest entries. Removing a snapshot ([`forget`]) removes
//! every entry that names it, on either side.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::model::SnapshotDiff;
use crate::bundle::format;
use crate::{Error, Result};

/// The cache folder inside the library folder.
pub const CACHE_DIR: &str = ".diffs";
/// A diff bigger than this (as JSON) is computed each time instead of kept.
pub const MAX_ENTRY_BYTES: u64 = 16 * 1024 * 1024;
/// The cache as a whole stays below this size.
pub const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
/// Bumped whenever the diff's rules or shape change, so older entries are recomputed.
const ENGINE_VERSION: u32 = 1;

/// The two snapshots a cached diff is for, by library id and manifest digest.
#[derive(Debug, Clone, Copy)]
pub struct CacheKey<'a> {
    pub from_id: &'a str,
    pub from_digest: &'a str,
    pub to_id: &'a str,
    pub to_digest: &'a str,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    engine: u32,
    from_digest: String,
    to_digest: String,
    diff: SnapshotDiff,
}

fn is_plain_id(id: &str) -> bool {
    format::is_safe_relative_path(id) && !id.contains('/')
}

fn entry_path(library_dir: &Path, key: &CacheKey<'_>) -> Option<PathBuf> {
    (is_plain_id(key.from_id) && is_plain_id(key.to_id)).then(|| {
        library_dir
            .join(CACHE_DIR)
            .join(key.to_id)
            .join(format!("{}.json", key.from_id))
    })
}

/// The cached diff for `key`, when one was kept for exactly these two snapshots.
pub fn load(library_dir: &Path, key: &CacheKey<'_>) -> Option<SnapshotDiff> {
    let path = entry_path(library_dir, key)?;
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > MAX_ENTRY_BYTES {
        return None;
    }
    let entry: Entry = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    (entry.engine == ENGINE_VERSION
        && entry.from_digest == key.from_digest
        && entry.to_digest == key.to_digest)
        .then_some(entry.diff)
}

/// Keeps `diff` for `key`. Answers whether it was kept (a diff over [`MAX_ENTRY_BYTES`] is not).
pub fn store(library_dir: &Path, key: &CacheKey<'_>, diff: &SnapshotDiff) -> Result<bool> {
    let Some(path) = entry_path(library_dir, key) else {
        return Ok(false);
    };
    let bytes = serde_json::to_vec(&Entry {
        engine: ENGINE_VERSION,
        from_digest: key.from_digest.to_string(),
        to_digest: key.to_digest.to_string(),
        diff: diff.clone(),
    })
    .map_err(|e| Error::Invalid(format!("the diff cannot be encoded: {e}")))?;
    if bytes.len() as u64 > MAX_ENTRY_BYTES {
        return Ok(false);
    }
    let dir = path.parent().unwrap_or(library_dir);
    std::fs::create_dir_all(dir).map_err(|e| write_err(dir, e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| write_err(dir, e))?;
    tmp.write_all(&bytes).map_err(|e| write_err(&path, e))?;
    tmp.persist(&path).map_err(|e| write_err(&path, e.error))?;
    trim(library_dir, &path)?;
    Ok(true)
}

/// Removes every cached diff that names snapshot `id`, as the newer or the older one.
pub fn forget(library_dir: &Path, id: &str) -> Result<()> {
    if !is_plain_id(id) {
        return Ok(());
    }
    let root = library_dir.join(CACHE_DIR);
    let newer = root.join(id);
    match std::fs::remove_dir_all(&newer) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(write_err(&newer, e)),
        _ => {}
    }
    let Ok(dirs) = std::fs::read_dir(&root) else {
        return Ok(());
    };
    for dir in dirs.flatten() {
        let older = dir.path().join(format!("{id}.json"));
        match std::fs::remove_file(&older) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(write_err(&older, e)),
            _ => {}
        }
    }
    Ok(())
}

/// Drops the oldest entries (never `keep`, the one just written) until the cache fits its bound.
fn trim(library_dir: &Path, keep: &Path) -> Result<()> {
    let mut entries: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
    let Ok(dirs) = std::fs::read_dir(library_dir.join(CACHE_DIR)) else {
        return Ok(());
    };
    for dir in dirs.flatten() {
        let Ok(files) = std::fs::read_dir(dir.path()) else {
            continue;
        };
        for file in files.flatten() {
            let Ok(meta) = file.metadata() else { continue };
            if meta.is_file() {
                let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                entries.push((modified, meta.len(), file.path()));
            }
        }
    }
    let mut total: u64 = entries.iter().map(|(_, size, _)| size).sum();
    entries.sort();
    for (_, size, path) in entries {
        if total <= MAX_TOTAL_BYTES {
            break;
        }
        if path != keep {
            std::fs::remove_file(&path).map_err(|e| write_err(&path, e))?;
            total -= size;
        }
    }
    Ok(())
}

fn write_err(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::model::{AdvisoryChanges, PageChanges, SnapshotRef};

    fn diff_with(added: Vec<String>) -> SnapshotDiff {
        let r = SnapshotRef {
            name: "n".into(),
            version: "1".into(),
            date: String::new(),
        };
        SnapshotDiff {
            from: r.clone(),
            to: r,
            pages: PageChanges {
                added,
                ..PageChanges::default()
            },
            advisories: AdvisoryChanges::default(),
        }
    }

    const KEY: CacheKey<'static> = CacheKey {
        from_id: "docs-1",
        from_digest: "aa",
        to_id: "docs-2",
        to_digest: "bb",
    };

    #[test]
    fn kept_for_the_same_two_snapshots_only() {
        let lib = tempfile::tempdir().expect("tempdir");
        let diff = diff_with(vec!["/a/".into()]);
        assert!(store(lib.path(), &KEY, &diff).expect("store"));
        assert_eq!(load(lib.path(), &KEY), Some(diff));
        let reinstalled = CacheKey {
            to_digest: "cc",
            ..KEY
        };
        assert_eq!(load(lib.path(), &reinstalled), None);
    }

    #[test]
    fn forgetting_either_side_removes_the_entry() {
        for id in ["docs-1", "docs-2"] {
            let lib = tempfile::tempdir().expect("tempdir");
            store(lib.path(), &KEY, &diff_with(Vec::new())).expect("store");
            forget(lib.path(), id).expect("forget");
            assert_eq!(load(lib.path(), &KEY), None, "after forgetting {id}");
        }
    }

    #[test]
    fn unsafe_ids_are_never_paths() {
        let lib = tempfile::tempdir().expect("tempdir");
        let key = CacheKey {
            from_id: "../x",
            ..KEY
        };
        assert!(!store(lib.path(), &key, &diff_with(Vec::new())).expect("store"));
        assert!(forget(lib.path(), "..").is_ok());
    }

    #[test]
    fn the_cache_stays_within_its_bound() {
        let lib = tempfile::tempdir().expect("tempdir");
        // Entries of ~6 MB each: the bound holds at most ten of them.
        let big: Vec<String> = (0..300_000).map(|n| format!("/page-{n:08}/")).collect();
        let diff = diff_with(big);
        for n in 0..12 {
            let from = format!("docs-{n}");
            let key = CacheKey {
                from_id: &from,
                ..KEY
            };
            assert!(store(lib.path(), &key, &diff).expect("store"));
        }
        let total: u64 = std::fs::read_dir(lib.path().join(CACHE_DIR).join("docs-2"))
            .expect("cache dir")
            .flatten()
            .filter_map(|f| f.metadata().ok())
            .map(|m| m.len())
            .sum();
        assert!(total <= MAX_TOTAL_BYTES, "{total} bytes kept");
        let last = CacheKey {
            from_id: "docs-11",
            ..KEY
        };
        assert!(
            load(lib.path(), &last).is_some(),
            "the newest entry is kept"
        );
    }
}
