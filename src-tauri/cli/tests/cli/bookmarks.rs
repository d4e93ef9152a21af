//! `bookmarks export|import|list`: a round trip between two users, the exit codes and messages on a
//! damaged file, a file from a newer app and a missing file — and that a refused import changes nothing.
//! Messages are checked for substance (the file is named, `error:` on stderr), not wording.

use crate::support::{arg, User};

/// A format-1 export (the oldest the app reads): two bookmarks, one with an anchor and a note.
const FORMAT_1: &str = r#"{"version": 1, "bookmarks": [
  {"id": "a1", "url": "/guide/reference/", "title": "Reference", "note": "", "added": 1764000000},
  {"id": "b2", "url": "/guide/#heading-one", "title": "Fixture Guide", "note": "read first", "added": 1764000100}
]}"#;

fn write(user: &User, name: &str, text: &str) -> String {
    let path = user.path(name);
    std::fs::write(&path, text).expect("write the file to import");
    arg(&path)
}

/// `bookmarks list` lines (titles and routes), without the notes' indented lines.
fn listed(user: &User, bundle: &str) -> Vec<String> {
    let run = user.run(&["--bundle", bundle, "bookmarks", "list"]);
    run.expect_code(0);
    run.stdout
        .lines()
        .filter(|l| !l.starts_with("    "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn exported_bookmarks_import_into_another_user_once() {
    let alice = User::new();
    let bundle = arg(&alice.build_snapshot("snap"));
    assert_eq!(listed(&alice, &bundle), ["No bookmarks yet."]);

    let file = write(&alice, "old.json", FORMAT_1);
    let run = alice.run(&["bookmarks", "import", &file]);
    run.expect_code(0);
    assert!(run.stdout.contains("Imported 2 "), "{}", run.stdout);
    let lines = listed(&alice, &bundle);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].contains("Reference") && lines[0].contains("/guide/reference/"),
        "{lines:?}"
    );
    assert!(lines[1].contains("/guide/#heading-one"), "{lines:?}");
    assert!(
        !lines.iter().any(|l| l.contains("not in this snapshot")),
        "both targets exist in the fixture: {lines:?}"
    );

    let export = arg(&alice.path("export.json"));
    let run = alice.run(&["bookmarks", "export", &export]);
    run.expect_code(0);
    assert!(run.stdout.contains("Exported 2 "), "{}", run.stdout);
    assert!(run.stdout.contains("export.json"), "{}", run.stdout);
    let exported: serde_json::Value =
        serde_json::from_slice(&std::fs::read(alice.path("export.json")).expect("exported file"))
            .expect("the export is JSON");
    assert_eq!(exported["version"], 2, "written in the current format");
    assert_eq!(exported["bookmarks"].as_array().map(Vec::len), Some(2));

    let bob = User::new();
    let run = bob.run(&["bookmarks", "import", &export]);
    run.expect_code(0);
    assert!(run.stdout.contains("Imported 2 "), "{}", run.stdout);
    // The same file again: nothing added, both counted as already present.
    let run = bob.run(&["bookmarks", "import", &export]);
    run.expect_code(0);
    assert!(run.stdout.contains("Imported 0 "), "{}", run.stdout);
    assert!(run.stdout.contains("2 already present"), "{}", run.stdout);
    assert_eq!(
        listed(&bob, &bundle),
        lines,
        "the same bookmarks in the same order"
    );
    let note = bob.run(&["--bundle", &bundle, "bookmarks", "list"]);
    assert!(
        note.stdout.contains("    read first"),
        "the note travels: {}",
        note.stdout
    );
}

#[test]
fn a_refused_import_exits_1_names_the_file_and_changes_nothing() {
    let user = User::new();
    let bundle = arg(&user.build_snapshot("snap"));
    let good = write(&user, "good.json", FORMAT_1);
    user.run(&["bookmarks", "import", &good]).expect_code(0);
    let before = listed(&user, &bundle);

    let cases = [
        ("truncated.json", r#"{"version": 2, "bookm"#),
        ("garbage.json", "this is not JSON at all"),
        ("empty.json", ""),
        (
            "wrong-shape.json",
            r#"{"version": 2, "bookmarks": [{"id": 5}]}"#,
        ),
        ("newer.json", r#"{"version": 99, "bookmarks": []}"#),
    ];
    for (name, text) in cases {
        let file = write(&user, name, text);
        let run = user.run(&["bookmarks", "import", &file]);
        run.expect_code(1);
        assert!(
            run.stdout.is_empty(),
            "{name}: nothing reported as imported: {}",
            run.stdout
        );
        assert!(run.stderr.starts_with("error:"), "{name}: {}", run.stderr);
        assert!(run.stderr.contains(name), "{name} is named: {}", run.stderr);
        assert_eq!(
            listed(&user, &bundle),
            before,
            "{name} changed the bookmarks"
        );
        // The file given is never rewritten (a newer app's file must stay as it was).
        assert_eq!(
            std::fs::read_to_string(user.path(name)).expect("still there"),
            text,
            "{name}"
        );
    }
    let newer = user.run(&["bookmarks", "import", &arg(&user.path("newer.json"))]);
    assert!(
        newer.stderr.contains("99"),
        "the newer format is named: {}",
        newer.stderr
    );

    let run = user.run(&["bookmarks", "import", &arg(&user.path("absent.json"))]);
    run.expect_code(1);
    assert!(run.stderr.contains("absent.json"), "{}", run.stderr);
}

#[test]
fn export_into_a_missing_folder_fails_and_names_the_path() {
    let user = User::new();
    let target = arg(&user.path("no/such/folder/out.json"));
    let run = user.run(&["bookmarks", "export", &target]);
    run.expect_code(1);
    assert!(run.stderr.starts_with("error:"), "{}", run.stderr);
    assert!(run.stderr.contains("out.json"), "{}", run.stderr);
    assert!(!user.path("no").exists());
}
