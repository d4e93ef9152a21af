//! The temporary folders of an install (`.incoming-*` while unpacking, `.old-*` for the copy being
//! replaced), each holding a lock while its install runs, and the sweep that removes the ones an
//! interrupted install left behind.
//!
//! Layout: `<library>/.incoming-XXXX/.lock` (locked by the running install) and
//! `<library>/.incoming-XXXX/snapshot/` (the content). A folder whose lock can be taken belongs to
//! nobody and is removed — except that a `.old-*` copy whose snapshot is no longer installed (the
//! install stopped between moving it aside and moving the new one in) is put back.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use fs4::fs_std::FileExt;

use crate::bundle::format::{self, Manifest};
use crate::{Error, Result};

/// Prefix of the folders an install unpacks into before verification; never listed.
pub const INCOMING_PREFIX: &str = ".incoming-";
/// Prefix of the folder an installed copy is moved into while a new copy replaces it.
pub const OLD_PREFIX: &str = ".old-";
/// The lock file inside each temporary folder.
const LOCK_FILE: &str = ".lock";
/// The content folder inside each temporary folder.
const CONTENT: &str = "snapshot";
/// A temporary folder with no lock file is only removed once it is this old: an install creates its
/// lock right after its folder, so only an install killed between the two leaves one.
const UNLOCKED_GRACE: Duration = Duration::from_secs(60);

/// A temporary folder owned by this install; removed (content and lock) when dropped.
pub struct Staging {
    dir: tempfile::TempDir,
    /// Held for the install's life; closing it releases the lock.
    _lock: File,
}

impl Staging {
    /// Creates `<library_dir>/<prefix>XXXX/` with its lock taken.
    pub fn create(library_dir: &Path, prefix: &str) -> Result<Staging> {
        let dir = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir_in(library_dir)
            .map_err(|e| write_err(library_dir, e))?;
        let lock_path = dir.path().join(LOCK_FILE);
        let lock = File::options()
            .write(true)
            .create_new(true)
            .open(&lock_path)
            .map_err(|e| write_err(&lock_path, e))?;
        match lock.try_lock_exclusive() {
            Ok(true) => {}
            Ok(false) => {
                return Err(write_err(
                    &lock_path,
                    std::io::Error::new(std::io::ErrorKind::WouldBlock, "already locked"),
                ))
            }
            Err(e) => return Err(write_err(&lock_path, e)),
        }
        Ok(Staging { dir, _lock: lock })
    }

    /// Where the content goes (not created).
    pub fn content(&self) -> PathBuf {
        self.dir.path().join(CONTENT)
    }
}

/// Removes the temporary folders no running install holds (and restores an aside copy whose
/// snapshot is missing). Best effort: a folder that cannot be removed is left for the next sweep.
/// Answers how many folders were removed or restored.
pub fn sweep(library_dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(library_dir) else {
        return 0;
    };
    let mut swept = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let is_old = name.starts_with(OLD_PREFIX);
        if !is_old && !name.starts_with(INCOMING_PREFIX) {
            continue;
        }
        // Never follow a link planted under one of these names.
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        if !meta.is_dir() {
            continue;
        }
        let dir = entry.path();
        let lock = match File::options().write(true).open(dir.join(LOCK_FILE)) {
            Ok(lock) => match lock.try_lock_exclusive() {
                Ok(true) => Some(lock),
                _ => continue, // a running install owns it
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let age = meta
                    .modified()
                    .ok()
                    .and_then(|m| SystemTime::now().duration_since(m).ok());
                if age.map_or(true, |a| a < UNLOCKED_GRACE) {
                    continue;
                }
                None
            }
            Err(_) => continue,
        };
        if is_old && restore_aside_copy(library_dir, &dir.join(CONTENT)) {
            swept += 1;
        }
        if std::fs::remove_dir_all(&dir).is_ok() {
            swept += 1;
        }
        drop(lock);
    }
    swept
}

/// Puts an aside copy back where it was installed if nothing replaced it; answers whether it did.
fn restore_aside_copy(library_dir: &Path, content: &Path) -> bool {
    let Ok(bytes) = std::fs::read(content.join(format::MANIFEST)) else {
        return false;
    };
    let Ok(manifest) = serde_json::from_slice::<Manifest>(&bytes) else {
        return false;
    };
    let target = library_dir.join(super::installed::snapshot_id(&manifest.snapshot));
    if std::fs::symlink_metadata(&target).is_ok() {
        return false;
    }
    std::fs::rename(content, &target).is_ok()
}

fn write_err(path: &Path, source: std::io::Error) -> Error {
    Error::write(path, source)
}
