//! `verify PATH`: OK and exit 0 for a good snapshot; FAILED, exit 1 and the damaged file named for a
//! changed, missing or unsigned file, a broken signature, or a signer this user does not trust.

use std::path::Path;

use crate::support::{arg, User};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A fresh copy of `good` to damage.
fn copy_of(user: &User, good: &Path, name: &str) -> std::path::PathBuf {
    let dir = user.path(name);
    copy_dir(good, &dir);
    dir
}

#[track_caller]
fn assert_failed(user: &User, dir: &Path, names: &str) {
    let run = user.run(&["verify", &arg(dir)]);
    run.expect_code(1);
    assert!(run.stdout.starts_with("FAILED:"), "{}", run.stdout);
    assert!(
        run.stdout.contains(names),
        "`{names}` is named: {}",
        run.stdout
    );
}

#[test]
fn a_good_snapshot_verifies_with_its_name_and_signer() {
    let user = User::new();
    let good = user.build_snapshot("snap");
    let run = user.run(&["verify", &arg(&good)]);
    run.expect_code(0);
    assert!(
        run.stdout.starts_with("OK: Feature fixture 0.0.1"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("development key"), "{}", run.stdout);
    // --bundle stands in for PATH.
    user.run(&["--bundle", &arg(&good), "verify"])
        .expect_code(0);
}

#[test]
fn a_changed_added_or_removed_file_fails_and_is_named() {
    let user = User::new();
    let good = user.build_snapshot("snap");

    let changed = copy_of(&user, &good, "changed");
    let mut nav = std::fs::read(changed.join("nav.json")).expect("nav.json");
    nav.push(b' ');
    std::fs::write(changed.join("nav.json"), nav).expect("write");
    assert_failed(&user, &changed, "nav.json");

    let removed = copy_of(&user, &good, "removed");
    std::fs::remove_file(removed.join("tags.json")).expect("remove");
    assert_failed(&user, &removed, "tags.json");

    let added = copy_of(&user, &good, "added");
    std::fs::write(added.join("pages").join("smuggled.html"), "<p>hi</p>").expect("write");
    assert_failed(&user, &added, "smuggled.html");

    // The untouched original still verifies: the damage was in the copies only.
    user.run(&["verify", &arg(&good)]).expect_code(0);
}

#[test]
fn a_broken_signature_or_an_untrusted_signer_fails() {
    let user = User::new();
    let good = user.build_snapshot("snap");

    let resigned = copy_of(&user, &good, "bad-signature");
    let sig_path = resigned.join("manifest.sig");
    let mut sig: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&sig_path).expect("manifest.sig")).expect("JSON");
    let hex = sig["signature"].as_str().expect("a signature").to_owned();
    // One hex digit changed: still well-formed, no longer the signature of this manifest.
    let flipped = if hex.starts_with('0') { "1" } else { "0" };
    sig["signature"] = serde_json::Value::from(format!("{flipped}{}", &hex[1..]));
    std::fs::write(&sig_path, sig.to_string()).expect("write");
    assert_failed(&user, &resigned, "bad-signature");

    let manifest = copy_of(&user, &good, "edited-manifest");
    let text = std::fs::read_to_string(manifest.join("manifest.json")).expect("manifest");
    std::fs::write(
        manifest.join("manifest.json"),
        text.replacen("0.0.1", "0.0.2", 1),
    )
    .expect("write");
    assert_failed(&user, &manifest, "edited-manifest");

    // Another user's development key is not in this user's trust store.
    let stranger = User::new();
    let theirs = stranger.build_snapshot("theirs");
    stranger.run(&["verify", &arg(&theirs)]).expect_code(0);
    assert_failed(&user, &theirs, "theirs");
}
