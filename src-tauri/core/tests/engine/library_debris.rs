//! Folders an interrupted install leaves in the library (`.incoming-*`, `.old-*`) are swept at start,
//! at install and at list — but never one a running install still holds.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use fs4::fs_std::FileExt;

use crate::support::{build_bundle, key, trust};
use palette_docs_core::bundle::pack;
use palette_docs_core::library::{self, Library, Places};

/// The feature fixture built into `<into>/bundle`.
fn fixture_bundle(into: &Path) -> PathBuf {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/features");
    build_bundle(&fixture, into, &key())
}

/// Opens the library as the app does at start.
fn open_at_start(default_dir: &Path, library: &Path) {
    Library::open_chosen(Places {
        default_dir: default_dir.to_path_buf(),
        library_dir: library.to_path_buf(),
        trust: trust(),
    })
    .expect("open");
}

fn hidden(library: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(library)
        .expect("read library")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".active")
        .collect();
    names.sort();
    names
}

/// A leftover install folder as an interrupted install leaves it: a lock file nobody holds and
/// half the content.
fn leftover(library: &Path, name: &str) -> PathBuf {
    let dir = library.join(name);
    std::fs::create_dir_all(dir.join("snapshot/pages")).expect("mkdir");
    std::fs::write(dir.join("snapshot/pages/half.json"), vec![b'x'; 4096]).expect("write");
    File::create(dir.join(".lock")).expect("lock file");
    dir
}

#[test]
fn leftovers_are_swept_at_list_install_and_start_but_held_ones_are_kept() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bundle = fixture_bundle(tmp.path());
    let packed = tmp.path().join("snap.pdsnap");
    pack::pack(&bundle, &packed, &trust()).expect("pack");
    let library = tmp.path().join("library");
    std::fs::create_dir_all(&library).expect("mkdir");

    // At list.
    leftover(&library, ".incoming-a1");
    leftover(&library, ".old-b2");
    assert_eq!(hidden(&library), [".incoming-a1", ".old-b2"]);
    assert!(library::list(&library).expect("list").is_empty());
    assert!(hidden(&library).is_empty(), "{:?}", hidden(&library));

    // Held by a running install: kept by every sweep until its lock is released.
    let busy = leftover(&library, ".incoming-busy");
    let lock = File::options()
        .write(true)
        .open(busy.join(".lock"))
        .expect("open lock");
    assert!(lock.try_lock_exclusive().expect("lock"));
    library::list(&library).expect("list");
    library::install(&packed, &library, &trust()).expect("install");
    open_at_start(&bundle, &library);
    assert_eq!(hidden(&library), [".incoming-busy"]);
    drop(lock);

    // At install.
    leftover(&library, ".incoming-c3");
    library::install(&packed, &library, &trust()).expect("install again");
    assert!(hidden(&library).is_empty(), "{:?}", hidden(&library));

    // At start, including a folder whose install died before it could create its lock file (only
    // removed once it is old enough that no install can still be about to lock it).
    leftover(&library, ".incoming-d4");
    let fresh = library.join(".incoming-nolock");
    std::fs::create_dir_all(&fresh).expect("mkdir");
    open_at_start(&bundle, &library);
    assert_eq!(hidden(&library), [".incoming-nolock"]);
    File::open(&fresh)
        .expect("open dir")
        .set_modified(SystemTime::now() - Duration::from_secs(3600))
        .expect("age it");
    open_at_start(&bundle, &library);
    assert!(hidden(&library).is_empty(), "{:?}", hidden(&library));
    assert_eq!(library::list(&library).expect("list").len(), 1);
}

#[test]
fn an_install_stopped_while_replacing_a_copy_gets_the_copy_back() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bundle = fixture_bundle(tmp.path());
    let packed = tmp.path().join("snap.pdsnap");
    pack::pack(&bundle, &packed, &trust()).expect("pack");
    let library = tmp.path().join("library");
    let installed = library::install(&packed, &library, &trust()).expect("install");
    // As if killed right after moving the installed copy aside.
    let aside = library.join(".old-x9");
    std::fs::create_dir_all(&aside).expect("mkdir");
    File::create(aside.join(".lock")).expect("lock file");
    std::fs::rename(&installed.dir, aside.join("snapshot")).expect("move aside");
    assert!(
        library::list(&library).expect("list").len() == 1,
        "restored"
    );
    assert!(installed.dir.join("manifest.json").is_file());
    assert!(hidden(&library).is_empty(), "{:?}", hidden(&library));
}

#[test]
fn a_failed_install_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let library = tmp.path().join("library");
    let bad = tmp.path().join("bad.pdsnap");
    std::fs::write(&bad, b"not an archive").expect("write");
    assert!(library::install(&bad, &library, &trust()).is_err());
    assert!(hidden(&library).is_empty(), "{:?}", hidden(&library));
}
