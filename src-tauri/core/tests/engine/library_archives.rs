//! The library of installed snapshots on its own (no HTTP): installing refuses hostile archives
//! (escaping paths, links, oversized entries, added or tampered files, foreign signatures) and
//! leaves the library folder as it was; removing the chosen snapshot resets the choice.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::archive_support::{listing, packed_plus};
use crate::support::{
    build_bundle, key, pack_foreign as pack_foreign_of, packed as packed_of, tampered_copy, trust,
};
use palette_docs_core::bundle::pack;
use palette_docs_core::library;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/features")
}

fn packed(file_name: &str) -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    packed_of(&fixture(), file_name)
}

fn pack_foreign(out: &Path) {
    pack_foreign_of(&fixture(), out)
}

#[test]
fn removing_the_chosen_snapshot_from_the_terminal_resets_the_choice() {
    let (_tmp, _, file, library) = packed("snap.pdsnap");
    let installed = library::install(&file, &library, &trust()).expect("install");
    library::write_active(&library, &installed.id).expect("choose");
    assert_eq!(library::read_active(&library), installed.id);
    library::remove(&library, &installed.id).expect("remove");
    assert_eq!(library::read_active(&library), "default");
    assert!(listing(&library).is_empty());
}

fn expect_refused(file: &Path, library: &Path, needle: &str) {
    let before = listing(library);
    let err = library::install(file, library, &trust()).expect_err("hostile archive installed");
    assert!(
        err.to_string().contains(needle),
        "error `{err}` should mention `{needle}`"
    );
    assert_eq!(listing(library), before, "library changed");
}

#[test]
fn hostile_archives_are_refused_and_leave_nothing_behind() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bundle_dir = build_bundle(&fixture(), tmp.path(), &key());
    let library = tmp.path().join("library");
    std::fs::create_dir_all(&library).expect("mkdir");
    let f = tmp.path().join("evil.tar.zst");
    let regular = tar::EntryType::Regular;

    packed_plus(&bundle_dir, &f, (b"../evil", regular, b"x", None));
    expect_refused(&f, &library, "outside");
    assert!(!tmp.path().join("evil").exists());

    packed_plus(&bundle_dir, &f, (b"pages/../../evil", regular, b"x", None));
    expect_refused(&f, &library, "outside");

    packed_plus(&bundle_dir, &f, (b"/tmp/evil-abs", regular, b"x", None));
    expect_refused(&f, &library, "outside");

    packed_plus(
        &bundle_dir,
        &f,
        (b"link", tar::EntryType::Symlink, b"", Some("/etc/passwd")),
    );
    expect_refused(&f, &library, "not a plain file");

    packed_plus(
        &bundle_dir,
        &f,
        (b"hard", tar::EntryType::Link, b"", Some("nav.json")),
    );
    expect_refused(&f, &library, "not a plain file");

    // A zip-bomb-like entry: the header claims more than the limit (checked before reading).
    {
        let file = std::fs::File::create(&f).expect("create");
        let mut enc = zstd::Encoder::new(file, 3).expect("zstd");
        let mut h = tar::Header::new_gnu();
        h.set_path("big.bin").expect("path");
        h.set_size(pack::MAX_ENTRY_BYTES + 1);
        h.set_entry_type(regular);
        h.set_cksum();
        enc.write_all(h.as_bytes()).expect("write");
        // Only the start of the data follows; the size check must fire before it is missed.
        enc.write_all(&[0u8; 4096]).expect("write");
        enc.finish().expect("finish");
    }
    expect_refused(&f, &library, "size limit");

    // A file added to a valid bundle: unpacked, then refused by verification.
    packed_plus(&bundle_dir, &f, (b"extra.txt", regular, b"added", None));
    expect_refused(&f, &library, "extra.txt");

    // A tampered file inside the archive.
    let tampered = tampered_copy(&bundle_dir, tmp.path());
    packed_plus(
        &tampered,
        &f,
        (b"pages", tar::EntryType::Directory, b"", None),
    );
    expect_refused(&f, &library, "nav.json");

    // Signed with a key the app does not trust.
    pack_foreign(&f);
    let before = listing(&library);
    assert!(library::install(&f, &library, &trust()).is_err());
    assert_eq!(listing(&library), before);

    // Not an archive at all.
    std::fs::write(&f, b"hello").expect("write");
    expect_refused(&f, &library, "was refused");

    // Pack refuses a bundle that does not verify.
    assert!(pack::pack(&tampered, &tmp.path().join("out.tar.zst"), &trust()).is_err());
    assert!(listing(&library).is_empty());
}
