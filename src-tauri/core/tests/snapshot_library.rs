//! The library of snapshots: pack → install → list → open → remove, and hostile archives (escaping
//! paths, links, oversized entries, tampered content, foreign signatures) refused with the library
//! folder left as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

use palette_docs_core::api::{Api, Library, Request, UiDir};
use palette_docs_core::bundle::pack;
use palette_docs_core::bundle::sign::SigningKey;
use palette_docs_core::bundle::{self, BuildOptions, SignerKind, TrustStore};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/features")
}

fn key() -> SigningKey {
    SigningKey::from_bytes(&[42; 32])
}

fn trust() -> TrustStore {
    let mut t = TrustStore::empty();
    t.trust(key().verifying_key(), SignerKind::Release);
    t
}

fn built(tmp: &Path, key: &SigningKey) -> PathBuf {
    let out = tmp.join("bundle");
    bundle::build(
        &fixture(),
        &out,
        &BuildOptions::default(),
        key,
        SignerKind::Release,
        None,
    )
    .expect("build");
    out
}

/// The library folder's entries, names only (hidden temp folders included).
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

/// One raw archive entry: name bytes, entry type, data, link target.
type RawEntry<'a> = (&'a [u8], tar::EntryType, &'a [u8], Option<&'a str>);

/// Writes a tar + zstd archive from raw entries: (name bytes, entry type, data, link target).
fn raw_archive(out: &Path, entries: &[RawEntry<'_>]) {
    let file = std::fs::File::create(out).expect("create");
    let enc = zstd::Encoder::new(file, 3).expect("zstd");
    let mut b = tar::Builder::new(enc);
    for (name, kind, data, link) in entries {
        let mut h = tar::Header::new_old();
        {
            let old = h.as_old_mut();
            old.name = [0; 100];
            old.name[..name.len()].copy_from_slice(name);
        }
        h.set_entry_type(*kind);
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        if let Some(l) = link {
            h.set_link_name(l).expect("link");
        }
        h.set_cksum();
        b.append(&h, *data).expect("append");
    }
    b.into_inner().expect("tar").finish().expect("finish");
}

/// A packed archive of a valid bundle with one extra entry appended.
fn packed_plus(bundle: &Path, out: &Path, extra: RawEntry<'_>) {
    let mut entries: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    let mut stack = vec![bundle.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(bundle).expect("inside").to_string_lossy();
                entries.push((rel.as_bytes().to_vec(), std::fs::read(&p).expect("read")));
            }
        }
    }
    let mut all: Vec<RawEntry<'_>> = entries
        .iter()
        .map(|(n, d)| (n.as_slice(), tar::EntryType::Regular, d.as_slice(), None))
        .collect();
    all.push(extra);
    raw_archive(out, &all);
}

#[test]
fn pack_install_list_open_remove_round_trip() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bundle_dir = built(tmp.path(), &key());
    let file = tmp.path().join("snap.tar.zst");
    let report = pack::pack(&bundle_dir, &file, &trust()).expect("pack");
    assert!(report.bytes_out > 0 && report.files > 2);

    let library = tmp.path().join("library");
    let installed = pack::install(&file, &library, &trust()).expect("install");
    assert_eq!(listing(&library), vec![installed.id.clone()]);
    // Installing the same version again replaces it, leaving one copy and no temp folders.
    let again = pack::install(&file, &library, &trust()).expect("reinstall");
    assert_eq!(again.id, installed.id);
    assert_eq!(listing(&library), vec![installed.id.clone()]);

    let list = pack::list(&library).expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].snapshot, report.snapshot);
    Library::open(&installed.dir, &trust()).expect("installed snapshot opens");

    // Through the API: list, switch, refuse removing the active one, switch back, remove.
    let lib = Library::open(&bundle_dir, &trust()).expect("open default");
    let api = Api::new(lib, Box::new(UiDir(tmp.path().into())), Err("none".into())).with_snapshots(
        bundle_dir.clone(),
        library.clone(),
        trust(),
    );
    let r = api.handle(&Request::get("/api/snapshots"));
    assert_eq!(r.status, 200);
    let v: serde_json::Value = serde_json::from_slice(&r.body).expect("json");
    assert_eq!(v["active"], "default");
    assert_eq!(v["snapshots"][0]["id"], "default");
    assert_eq!(v["snapshots"][0]["default"], true);
    assert_eq!(v["snapshots"][1]["id"], installed.id.as_str());

    let post = |id: &str| {
        let body = format!("{{\"id\":\"{id}\"}}");
        api.handle(&Request {
            method: "POST",
            path: "/api/snapshots/active",
            query: "",
            body: body.as_bytes(),
            host: None,
            origin: None,
        })
    };
    let delete = |id: &str| {
        let path = format!("/api/snapshots/{id}");
        api.handle(&Request {
            method: "DELETE",
            path: &path,
            query: "",
            body: &[],
            host: None,
            origin: None,
        })
        .status
    };
    assert_eq!(post(&installed.id).status, 200);
    assert_eq!(api.active_snapshot(), installed.id);
    assert_eq!(post("nope").status, 404);
    assert_eq!(post("../bundle").status, 404);
    assert_eq!(api.active_snapshot(), installed.id);
    assert_eq!(delete(&installed.id), 409);
    assert_eq!(delete("default"), 400);
    assert_eq!(post("default").status, 200);
    assert_eq!(delete(&installed.id), 204);
    assert!(listing(&library).is_empty());
    assert!(pack::remove(&library, "default").is_err());
    assert!(pack::remove(&library, "missing").is_err());
}

#[test]
fn switching_to_a_tampered_snapshot_keeps_the_current_one() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bundle_dir = built(tmp.path(), &key());
    let file = tmp.path().join("snap.tar.zst");
    pack::pack(&bundle_dir, &file, &trust()).expect("pack");
    let library = tmp.path().join("library");
    let installed = pack::install(&file, &library, &trust()).expect("install");
    std::fs::write(installed.dir.join("nav.json"), b"{}").expect("tamper");
    let lib = Library::open(&bundle_dir, &trust()).expect("open default");
    let api = Api::new(lib, Box::new(UiDir(tmp.path().into())), Err("none".into())).with_snapshots(
        bundle_dir.clone(),
        library.clone(),
        trust(),
    );
    let body = format!("{{\"id\":\"{}\"}}", installed.id);
    let r = api.handle(&Request {
        method: "POST",
        path: "/api/snapshots/active",
        query: "",
        body: body.as_bytes(),
        host: None,
        origin: None,
    });
    assert_eq!(r.status, 422);
    assert!(String::from_utf8_lossy(&r.body).contains("nav.json"));
    assert_eq!(api.active_snapshot(), "default");
}

fn expect_refused(file: &Path, library: &Path, needle: &str) {
    let before = listing(library);
    let err = pack::install(file, library, &trust()).expect_err("hostile archive installed");
    assert!(
        err.to_string().contains(needle),
        "error `{err}` should mention `{needle}`"
    );
    assert_eq!(listing(library), before, "library changed");
}

#[test]
fn hostile_archives_are_refused_and_leave_nothing_behind() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bundle_dir = built(tmp.path(), &key());
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
    let tampered = tmp.path().join("tampered");
    copy_dir(&bundle_dir, &tampered);
    std::fs::write(tampered.join("nav.json"), b"{\"items\":[]}").expect("tamper");
    packed_plus(
        &tampered,
        &f,
        (b"pages", tar::EntryType::Directory, b"", None),
    );
    expect_refused(&f, &library, "nav.json");

    // Signed with a key the app does not trust.
    let foreign_tmp = tempfile::tempdir().expect("tempdir");
    let foreign = built(foreign_tmp.path(), &SigningKey::from_bytes(&[7; 32]));
    let mut foreign_trust = TrustStore::empty();
    foreign_trust.trust(
        SigningKey::from_bytes(&[7; 32]).verifying_key(),
        SignerKind::Release,
    );
    pack::pack(&foreign, &f, &foreign_trust).expect("pack foreign");
    let before = listing(&library);
    assert!(pack::install(&f, &library, &trust()).is_err());
    assert_eq!(listing(&library), before);

    // Not an archive at all.
    std::fs::write(&f, b"hello").expect("write");
    expect_refused(&f, &library, "was refused");

    // Pack refuses a bundle that does not verify.
    assert!(pack::pack(&tampered, &tmp.path().join("out.tar.zst"), &trust()).is_err());
    assert!(listing(&library).is_empty());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}
