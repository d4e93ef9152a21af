//! Crash-safe file primitives: atomic replace (bookmarks, reading state, the active snapshot, packed
//! snapshots), directory fsync, the cross-process lock, and moving a damaged file aside.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use fs4::fs_std::FileExt;

use crate::{Error, Result};

/// Holds an exclusive lock on a sidecar file until dropped.
///
/// The lock lives on a separate file, not on the data file itself, because the data file is replaced
/// by rename on every write and a lock on a replaced inode would no longer exclude anyone.
/// `flock`-style locks belong to the open file description, so two threads of one process that each
/// acquire a `FileLock` exclude each other too, and the kernel drops the lock when a process dies.
pub(crate) struct FileLock {
    file: File,
}

impl FileLock {
    pub(crate) fn acquire(path: &Path) -> Result<Self> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(path)
            .map_err(|e| Error::Write {
                path: path.to_path_buf(),
                source: e,
            })?;
        match FileExt::lock_exclusive(&file) {
            Ok(()) => {}
            // Some network file systems cannot lock at all; bookmarks that still work (without
            // protection against a second instance) beat bookmarks that never load.
            Err(e) if e.kind() == io::ErrorKind::Unsupported => {}
            Err(e) => return Err(Error::io(path, e)),
        }
        Ok(FileLock { file })
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Closing the file releases the lock anyway; an explicit unlock just makes it prompt.
        let _ = FileExt::unlock(&self.file);
    }
}

/// Reads a file, mapping "does not exist" to `None`.
pub(crate) fn read_optional(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// A temp name beside `target`, unique per process and call, so that even writers outside the
/// store lock (exports) never share a temp file.
fn temp_path(target: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = target
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()))
}

/// Lets `fill` write a fresh temp file beside `target`, fsyncs it and renames it over `target`; on
/// any failure the temp file is removed and `target` is untouched. The caller fsyncs the directory
/// (once, after possibly several renames).
fn replace_with(target: &Path, fill: impl FnOnce(&mut File) -> Result<()>) -> Result<()> {
    let tmp = temp_path(target);
    let result = File::create(&tmp)
        .map_err(|e| write_error(target, e))
        .and_then(|mut file| {
            fill(&mut file)?;
            file.sync_all().map_err(|e| write_error(target, e))
        })
        .and_then(|()| fs::rename(&tmp, target).map_err(|e| write_error(target, e)));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// [`replace_with`] for bytes already in memory.
pub(crate) fn replace(target: &Path, bytes: &[u8]) -> Result<()> {
    replace_with(target, |file| {
        file.write_all(bytes).map_err(|e| write_error(target, e))
    })
}

/// `replace` followed by a directory fsync: the complete atomic write.
pub(crate) fn write_atomic(target: &Path, bytes: &[u8]) -> Result<()> {
    replace(target, bytes)?;
    sync_dir(target)
}

/// The complete atomic write of a file produced by streaming into it (a packed snapshot).
pub(crate) fn write_atomic_with(
    target: &Path,
    fill: impl FnOnce(&mut File) -> Result<()>,
) -> Result<()> {
    replace_with(target, fill)?;
    sync_dir(target)
}

fn write_error(path: &Path, source: io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Makes the renames in `file`'s directory durable; without it a power cut can undo a rename
/// that the program already reported as saved.
pub(crate) fn sync_dir(file: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let dir = parent_dir(file);
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| Error::Write {
                path: dir.to_path_buf(),
                source: e,
            })?;
    }
    #[cfg(not(unix))]
    {
        // Windows cannot open a directory as a File without extra flags; NTFS journals renames.
        let _ = file;
    }
    Ok(())
}

pub(crate) fn parent_dir(file: &Path) -> &Path {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Renames a damaged `file` to `<name>.corrupt-<timestamp>` (with a `-N` suffix if that is taken)
/// and returns the new path. Nothing is ever deleted: the user may want to rescue it by hand.
pub(crate) fn move_aside(file: &Path) -> Result<PathBuf> {
    let name = file
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stamp = crate::clock::compact(crate::clock::now_secs());
    let mut candidate = file.with_file_name(format!("{name}.corrupt-{stamp}"));
    let mut n = 1;
    while candidate.exists() {
        candidate = file.with_file_name(format!("{name}.corrupt-{stamp}-{n}"));
        n += 1;
    }
    fs::rename(file, &candidate).map_err(|e| Error::Write {
        path: file.to_path_buf(),
        source: e,
    })?;
    sync_dir(file)?;
    Ok(candidate)
}

/// Removes temp files a killed writer left beside `target`. Only call while holding the store
/// lock: every store writer creates its temp files under that lock, so any found now are orphans.
pub(crate) fn remove_stale_temps(target: &Path) {
    let Some(name) = target.file_name().map(|s| s.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(parent_dir(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if file_name.starts_with(&prefix) && file_name.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("x.json");
        write_atomic(&target, b"one").expect("first write");
        write_atomic(&target, b"two").expect("second write");
        assert_eq!(fs::read(&target).expect("read"), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn stale_temps_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("b.json");
        fs::write(dir.path().join(".b.json.77-0.tmp"), b"x").expect("write");
        fs::write(dir.path().join("keep.tmp"), b"x").expect("write");
        remove_stale_temps(&target);
        assert!(!dir.path().join(".b.json.77-0.tmp").exists());
        assert!(dir.path().join("keep.tmp").exists());
    }

    #[test]
    fn move_aside_never_overwrites_an_earlier_copy() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("b.json");
        fs::write(&target, b"first").expect("write");
        let a = move_aside(&target).expect("first move");
        fs::write(&target, b"second").expect("write");
        let b = move_aside(&target).expect("second move");
        assert_ne!(a, b);
        assert_eq!(fs::read(a).expect("read a"), b"first");
        assert_eq!(fs::read(b).expect("read b"), b"second");
        assert!(!target.exists());
    }
}
