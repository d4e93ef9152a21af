//! `bundle pack|install|list|remove`: a packed snapshot installed, listed, read and removed; a
//! damaged pack refused without leaving anything installed; removing twice or the packaged one.

use crate::support::{arg, User};

/// The ids `bundle list` prints, without the packaged `default` line.
fn installed_ids(user: &User) -> Vec<String> {
    let run = user.run(&["bundle", "list"]);
    run.expect_code(0);
    assert!(run.stdout.starts_with("default\t"), "{}", run.stdout);
    run.stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .map(str::to_owned)
        .collect()
}

fn pack(user: &User, name: &str) -> String {
    let snapshot = arg(&user.build_snapshot("snap"));
    let file = arg(&user.path(name));
    let run = user.run(&["bundle", "pack", &snapshot, "--out", &file]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("Feature fixture 0.0.1"),
        "{}",
        run.stdout
    );
    file
}

#[test]
fn a_packed_snapshot_installs_lists_reads_and_removes() {
    let user = User::new();
    let file = pack(&user, "fixture.pdsnap");
    assert!(installed_ids(&user).is_empty());

    let run = user.run(&["bundle", "install", &file]);
    run.expect_code(0);
    let ids = installed_ids(&user);
    assert_eq!(ids.len(), 1, "{ids:?}");
    let id = &ids[0];
    assert!(
        run.stdout.contains(&format!("`{id}`")),
        "install names the id: {}",
        run.stdout
    );
    let listing = user.run(&["bundle", "list"]).stdout;
    assert!(
        listing.contains("Feature fixture 0.0.1 (2026-11-26, Test)"),
        "{listing}"
    );

    // The installed copy is a complete, verifiable snapshot that search can read.
    let installed = user.data_dir().join("snapshots").join(id);
    let installed = listing
        .lines()
        .find(|l| l.starts_with(id.as_str()))
        .and_then(|l| l.rsplit('\t').next())
        .map(std::path::PathBuf::from)
        .unwrap_or(installed);
    user.run(&["verify", &arg(&installed)]).expect_code(0);
    let run = user.run(&["--bundle", &arg(&installed), "search", "footnote"]);
    run.expect_code(0);
    assert!(run.stdout.contains("/guide/reference/"), "{}", run.stdout);

    // Installing the same file again does not add a second copy.
    user.run(&["bundle", "install", &file]);
    assert_eq!(installed_ids(&user), ids, "one copy per snapshot");

    let run = user.run(&["bundle", "remove", id]);
    run.expect_code(0);
    assert!(run.stdout.contains(id.as_str()), "{}", run.stdout);
    assert!(installed_ids(&user).is_empty());
    assert!(!installed.exists(), "{} is gone", installed.display());

    let run = user.run(&["bundle", "remove", id]);
    run.expect_code(1);
    assert!(run.stderr.starts_with("error:"), "{}", run.stderr);
    assert!(
        run.stderr.contains(id.as_str()),
        "the unknown id is named: {}",
        run.stderr
    );
}

#[test]
fn the_packaged_snapshot_cannot_be_removed() {
    let user = User::new();
    let run = user.run(&["bundle", "remove", "default"]);
    run.expect_code(1);
    assert!(run.stderr.starts_with("error:"), "{}", run.stderr);
    // Refused as the packaged snapshot, not merely as an unknown id.
    assert!(run.stderr.contains("packaged"), "{}", run.stderr);
}

#[test]
fn a_damaged_or_foreign_pack_is_refused_and_nothing_is_installed() {
    let user = User::new();
    let file = pack(&user, "fixture.pdsnap");
    let bytes = std::fs::read(&file).expect("the pack");

    // Cut in half (an interrupted copy across the air gap).
    let cut = user.path("cut.pdsnap");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("write");
    // Not a pack at all.
    let text = user.path("notes.pdsnap");
    std::fs::write(&text, "a text file renamed").expect("write");
    for bad in [&cut, &text] {
        let run = user.run(&["bundle", "install", &arg(bad)]);
        run.expect_code(1);
        assert!(run.stderr.starts_with("error:"), "{}", run.stderr);
        assert!(
            installed_ids(&user).is_empty(),
            "{} left nothing installed",
            bad.display()
        );
    }

    // A good pack signed by another machine's development key: not trusted here.
    let stranger = User::new();
    let theirs = pack(&stranger, "theirs.pdsnap");
    let run = user.run(&["bundle", "install", &theirs]);
    run.expect_code(1);
    assert!(run.stderr.starts_with("error:"), "{}", run.stderr);
    assert!(installed_ids(&user).is_empty());
    assert!(
        !user.data_dir().join("snapshots").exists()
            || std::fs::read_dir(user.data_dir().join("snapshots"))
                .expect("library folder")
                .flatten()
                .all(|e| e.file_name().to_string_lossy().starts_with('.')),
        "no half-installed folder stays behind"
    );
}
