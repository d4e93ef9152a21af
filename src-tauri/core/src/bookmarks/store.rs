//! One JSON file of user data, safe across crashes, damaged files and processes writing at once:
//! the lock / load / recover / notice / transact cycle that bookmarks and reading state share.
//!
//! Every operation takes an exclusive lock on the sidecar `<name>.lock`, re-reads the file, applies
//! its change and writes the result atomically (temp file, fsync, rename, fsync dir). Nothing is
//! cached between calls, so two app instances never lose each other's changes.

use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::fsio::{self, FileLock};
use crate::{Error, Result};

/// What one kind of file holds and how it is read, written and recovered.
pub(crate) trait Format {
    type Value;
    /// The file's name inside a data directory.
    const FILE_NAME: &'static str;
    /// Keep the previous good file as `<name>.bak` and fall back to it when the file is damaged.
    const BACKUP: bool;
    /// Move a damaged file aside (`<name>.corrupt-<time>`) instead of overwriting it.
    const KEEP_DAMAGED: bool;

    /// The value of a missing file.
    fn empty() -> Self::Value;
    fn parse(bytes: &[u8], file: &Path) -> Parsed<Self::Value>;
    fn serialize(value: &Self::Value) -> Vec<u8>;
    /// What the user is told after a damaged file was replaced.
    fn damaged_notice(recovery: &Recovery) -> String;
}

/// What [`Format::parse`] made of a file.
pub(crate) enum Parsed<V> {
    Good(V),
    /// Unreadable: recovered from the backup or started afresh.
    Damaged,
    /// Readable but not ours to change (a newer format): left untouched, every operation fails
    /// with this error, and opening the store turns it into a notice so the app still starts.
    Refused(Error),
}

/// How a damaged file was dealt with.
pub(crate) struct Recovery {
    /// Where the damaged file was moved (with [`Format::KEEP_DAMAGED`]).
    pub aside: Option<PathBuf>,
    /// Whether the value came from the backup rather than starting empty.
    pub from_backup: bool,
}

struct Loaded<V> {
    value: V,
    /// The valid bytes read from disk, which become the backup on the next write.
    raw: Option<Vec<u8>>,
}

enum Load<V> {
    Loaded(Loaded<V>),
    Refused(Error),
}

/// One JSON file in a data directory. Cheap to hold; `Send + Sync`; every method is a complete
/// locked read(-modify-write) of the file.
pub(crate) struct JsonStore<F> {
    file: PathBuf,
    backup: PathBuf,
    lock: PathBuf,
    notice: Mutex<Option<String>>,
    format: PhantomData<F>,
}

impl<F> std::fmt::Debug for JsonStore<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonStore")
            .field("file", &self.file)
            .finish_non_exhaustive()
    }
}

impl<F: Format> JsonStore<F> {
    /// Opens (creating the directory if needed) the file at `path_or_dir`: a `.json` file path, or
    /// a directory holding [`Format::FILE_NAME`]. A damaged file is recovered here, a refused one
    /// becomes the notice. Errors only when the directory cannot be created or the file read.
    pub fn open(path_or_dir: &Path) -> Result<Self> {
        let file = resolve_file(path_or_dir, F::FILE_NAME)?;
        let store = JsonStore {
            backup: sidecar(&file, "bak"),
            lock: sidecar(&file, "lock"),
            file,
            notice: Mutex::new(None),
            format: PhantomData,
        };
        let _guard = FileLock::acquire(&store.lock)?;
        fsio::remove_stale_temps(&store.file);
        if let Load::Refused(e) = store.load_locked()? {
            store.push_notice(e.to_string());
        }
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.file
    }

    /// A message for the UI about something the store did on the user's behalf, if any.
    pub fn notice(&self) -> Option<String> {
        crate::sync::lock(&self.notice).clone()
    }

    /// Returns and clears the notice (show it once).
    pub fn take_notice(&self) -> Option<String> {
        crate::sync::lock(&self.notice).take()
    }

    /// The current value, read under the lock.
    pub fn read(&self) -> Result<F::Value> {
        let _guard = FileLock::acquire(&self.lock)?;
        Ok(self.loaded_locked()?.value)
    }

    /// The one read-modify-write path: lock, re-read, apply `change`, save if it says so.
    pub fn transact<T>(
        &self,
        change: impl FnOnce(&mut F::Value) -> Result<(T, bool)>,
    ) -> Result<T> {
        let _guard = FileLock::acquire(&self.lock)?;
        let Loaded { mut value, raw } = self.loaded_locked()?;
        let (out, changed) = change(&mut value)?;
        if changed {
            self.save_locked(&value, raw.as_deref())?;
        }
        Ok(out)
    }

    fn push_notice(&self, message: String) {
        let mut slot = crate::sync::lock(&self.notice);
        *slot = Some(match slot.take() {
            Some(old) if old != message => format!("{old} {message}"),
            _ => message,
        });
    }

    fn loaded_locked(&self) -> Result<Loaded<F::Value>> {
        match self.load_locked()? {
            Load::Loaded(loaded) => Ok(loaded),
            Load::Refused(e) => Err(e),
        }
    }

    fn load_locked(&self) -> Result<Load<F::Value>> {
        let Some(bytes) = fsio::read_optional(&self.file)? else {
            return Ok(Load::Loaded(Loaded {
                value: F::empty(),
                raw: None,
            }));
        };
        match F::parse(&bytes, &self.file) {
            Parsed::Good(value) => Ok(Load::Loaded(Loaded {
                value,
                raw: Some(bytes),
            })),
            Parsed::Refused(e) => Ok(Load::Refused(e)),
            Parsed::Damaged => self.recover_locked().map(Load::Loaded),
        }
    }

    /// Replaces a damaged file with the backup (or an empty value) and says so in the notice. The
    /// backup stays as it is: the next save must not overwrite it with what recovery wrote.
    fn recover_locked(&self) -> Result<Loaded<F::Value>> {
        let aside = if F::KEEP_DAMAGED {
            Some(fsio::move_aside(&self.file)?)
        } else {
            None
        };
        let from_backup = if F::BACKUP {
            fsio::read_optional(&self.backup)?.and_then(|bytes| {
                match F::parse(&bytes, &self.backup) {
                    Parsed::Good(value) => Some(value),
                    Parsed::Damaged | Parsed::Refused(_) => None,
                }
            })
        } else {
            None
        };
        let recovery = Recovery {
            aside,
            from_backup: from_backup.is_some(),
        };
        let value = from_backup.unwrap_or_else(F::empty);
        // Without a backup to restore there is nothing worth writing when the damaged file was
        // moved aside: the next save creates the file.
        if recovery.from_backup || !F::KEEP_DAMAGED {
            fsio::write_atomic(&self.file, &F::serialize(&value))?;
        }
        self.push_notice(F::damaged_notice(&recovery));
        Ok(Loaded { value, raw: None })
    }

    /// Backup first, then the new file, then one directory fsync for both renames.
    fn save_locked(&self, value: &F::Value, previous: Option<&[u8]>) -> Result<()> {
        if let (true, Some(previous)) = (F::BACKUP, previous) {
            fsio::replace(&self.backup, previous)?;
        }
        fsio::replace(&self.file, &F::serialize(value))?;
        fsio::sync_dir(&self.file)
    }
}

/// Resolves `open(path_or_dir)`: a path ending in `.json` is the file itself, anything else is a
/// directory that holds `default_name`. Creates the directory.
fn resolve_file(path_or_dir: &Path, default_name: &str) -> Result<PathBuf> {
    let file = if path_or_dir.extension().is_some_and(|e| e == "json") {
        path_or_dir.to_path_buf()
    } else {
        path_or_dir.join(default_name)
    };
    let dir = fsio::parent_dir(&file);
    std::fs::create_dir_all(dir).map_err(|e| Error::Write {
        path: dir.to_path_buf(),
        source: e,
    })?;
    Ok(file)
}

/// `x.json` → `x.lock`, `x.json.bak`.
fn sidecar(file: &Path, suffix: &str) -> PathBuf {
    let name = file
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if suffix == "lock" {
        let stem = name.strip_suffix(".json").unwrap_or(&name);
        file.with_file_name(format!("{stem}.lock"))
    } else {
        file.with_file_name(format!("{name}.{suffix}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bookmarks::state::STATE_FILE;
    use crate::bookmarks::{BookmarkStore, StateStore, BOOKMARKS_FILE};

    #[test]
    fn sidecars_are_named_after_the_file() {
        let f = Path::new("/d/bookmarks.json");
        assert_eq!(sidecar(f, "lock"), Path::new("/d/bookmarks.lock"));
        assert_eq!(sidecar(f, "bak"), Path::new("/d/bookmarks.json.bak"));
    }

    /// Debug output (in logs and failed assertions) says which file a store is about.
    #[test]
    fn debug_output_names_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = StateStore::open(dir.path()).expect("open");
        let shown = format!("{store:?}");
        assert!(shown.contains("JsonStore"), "{shown}");
        assert!(
            shown.contains(&dir.path().join(STATE_FILE).display().to_string()),
            "{shown}"
        );
    }

    /// The same notice twice (the state file damaged again while the app runs) is said once.
    #[test]
    fn a_repeated_notice_is_said_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join(STATE_FILE);
        std::fs::write(&file, "not json").expect("write");
        let store = StateStore::open(dir.path()).expect("open");
        let first = store.notice().expect("a notice after recovery");
        std::fs::write(&file, "damaged again").expect("write");
        store.get().expect("recovers again");
        assert_eq!(store.notice(), Some(first));
    }

    /// Two different notices are both kept, the older first, until taken.
    #[test]
    fn different_notices_are_joined_in_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join(BOOKMARKS_FILE);
        std::fs::write(&file, r#"{"version": 99, "bookmarks": []}"#).expect("write");
        let store = BookmarkStore::open(dir.path()).expect("open");
        let refused = store
            .notice()
            .expect("the newer file is refused with a notice");
        assert!(refused.contains("newer"), "{refused}");
        std::fs::write(&file, "{ damaged").expect("write");
        assert!(store.list().expect("recovered").is_empty());
        let both = store.take_notice().expect("notices");
        let (older, newer) = both.split_at(refused.len());
        assert_eq!(older, refused, "{both}");
        assert!(
            newer.starts_with(" Your bookmarks file was damaged"),
            "{both}"
        );
        assert_eq!(store.notice(), None, "taken");
    }
}
