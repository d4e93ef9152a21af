//! Integration tests of the bookmarks and reading-state stores through the public API:
//! round trip, migration, newer-format refusal, damaged-file recovery, export/import.

use std::fs;
use std::path::Path;

use palette_docs_core::bookmarks::{
    mark_missing, BookmarkStore, NewBookmark, StateStore, CURRENT_VERSION,
};
use palette_docs_core::Error;

fn new(route: &str, anchor: Option<&str>, title: &str) -> NewBookmark {
    NewBookmark {
        route: route.into(),
        anchor: anchor.map(str::to_string),
        title: title.into(),
        section: anchor.map(|a| format!("Section {a}")),
        note: String::new(),
    }
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn corrupt_copies(dir: &Path) -> Vec<String> {
    file_names(dir)
        .into_iter()
        .filter(|n| n.starts_with("bookmarks.json.corrupt-"))
        .collect()
}

/// A store with three bookmarks saved at least twice, so that a `.bak` exists.
fn seeded(dir: &Path) -> (BookmarkStore, Vec<String>) {
    let store = BookmarkStore::open(dir).expect("open");
    let ids = [
        ("/security/fips", None, "FIPS"),
        ("/security/sbom", Some("scan"), "SBOM"),
        ("/security/cve", None, "CVEs"),
    ]
    .iter()
    .map(|(r, a, t)| store.add(new(r, *a, t)).expect("add").bookmark.id)
    .collect();
    (store, ids)
}

mod store {
    use super::*;

    #[test]
    fn round_trip_survives_reopen() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (store, ids) = seeded(dir.path());
        store.update_note(&ids[1], "weekly").expect("note");
        let before = store.list().expect("list");
        drop(store);

        let reopened = BookmarkStore::open(dir.path().join("bookmarks.json")).expect("reopen");
        assert_eq!(reopened.notice(), None);
        let after = reopened.list().expect("list");
        assert_eq!(before, after);
        assert_eq!(after.len(), 3);
        assert_eq!(after[1].note, "weekly");
        assert_eq!(after[1].anchor.as_deref(), Some("scan"));
        assert_eq!(after[1].section.as_deref(), Some("Section scan"));
        assert!(after[0].created.ends_with('Z') && after[0].created.len() == 20);

        let text = fs::read_to_string(dir.path().join("bookmarks.json")).expect("read");
        let json: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(json["version"], CURRENT_VERSION);
        let first = &json["bookmarks"][0];
        for key in [
            "id", "route", "anchor", "title", "section", "note", "created", "position",
        ] {
            assert!(first.get(key).is_some(), "missing {key} in {first}");
        }
        assert!(first.get("missing").is_none());
        assert!(dir.path().join("bookmarks.json.bak").exists());
        assert!(dir.path().join("bookmarks.lock").exists());
    }

    #[test]
    fn backup_holds_the_previous_save() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (store, _) = seeded(dir.path());
        let current = fs::read(dir.path().join("bookmarks.json")).expect("read");
        store.add(new("/x", None, "X")).expect("add");
        assert_eq!(
            fs::read(dir.path().join("bookmarks.json.bak")).expect("read bak"),
            current
        );
    }

    #[test]
    fn v1_file_is_migrated_to_v2() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("bookmarks.json");
        let v1 = r##"{"version": 1, "bookmarks": [
            {"id": "old-1", "url": "/security/fips#fips-140-3", "title": "FIPS", "note": "compliance", "added": 1700000000},
            {"id": "old-2", "url": "/security/sbom", "title": "SBOM", "added": 1700000100}
        ]}"##;
        fs::write(&path, v1).expect("write v1");

        let store = BookmarkStore::open(dir.path()).expect("open");
        assert_eq!(store.notice(), None);
        let list = store.list().expect("list");
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].id, "old-1");
        assert_eq!(list[0].route, "/security/fips");
        assert_eq!(list[0].anchor.as_deref(), Some("fips-140-3"));
        assert_eq!(list[0].section, None);
        assert_eq!(list[0].note, "compliance");
        assert_eq!(list[0].created, "2023-11-14T22:13:20Z");
        assert_eq!((list[0].position, list[1].position), (0, 1));
        // Reading alone does not rewrite the user's file.
        assert_eq!(fs::read_to_string(&path).expect("read"), v1);

        // The first write stores format 2 and keeps the v1 file as the backup.
        let dup = store
            .add(new("/security/fips", Some("#fips-140-3"), "FIPS"))
            .expect("dedupe");
        assert!(dup.existed);
        store.add(new("/security/new", None, "New")).expect("add");
        let json: serde_json::Value =
            serde_json::from_slice(&fs::read(&path).expect("read")).expect("json");
        assert_eq!(json["version"], 2);
        assert_eq!(json["bookmarks"].as_array().map(Vec::len), Some(3));
        assert_eq!(
            fs::read_to_string(dir.path().join("bookmarks.json.bak")).expect("bak"),
            v1
        );
    }

    #[test]
    fn newer_format_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("bookmarks.json");
        let future = br#"{"version": 3, "bookmarks": [], "folders": ["from the future"]}"#;
        fs::write(&path, future).expect("write");

        let store = BookmarkStore::open(dir.path()).expect("open still succeeds");
        let notice = store.notice().expect("a notice");
        assert!(notice.contains("newer Palette Docs (format 3)"), "{notice}");
        assert!(notice.contains("update the app"), "{notice}");

        let err = store.list().expect_err("list refused");
        assert!(matches!(
            err,
            Error::BookmarksTooNew {
                found: 3,
                supported: 2,
                ..
            }
        ));
        let msg = err.to_string();
        assert!(msg.starts_with("this bookmarks file ("), "{msg}");
        assert!(store.add(new("/a", None, "A")).is_err());
        assert!(store.delete("x").is_err());
        assert!(store.export(dir.path().join("out.json")).is_err());

        assert_eq!(fs::read(&path).expect("read"), future);
        let names = file_names(dir.path());
        assert_eq!(names, ["bookmarks.json", "bookmarks.lock"], "{names:?}");
    }

    /// Damaged contents of every kind: moved aside, backup restored, notice set.
    #[test]
    fn damaged_file_is_moved_aside_and_backup_restored() {
        let damaged: [(&str, &[u8]); 5] = [
            ("garbage", b"this is not json at all"),
            (
                "truncated",
                b"{\"version\": 2, \"bookmarks\": [{\"id\": \"a\", \"rou",
            ),
            ("empty", b""),
            ("not utf-8", b"\xff\xfe\xfd{\"version\":2}"),
            ("wrong shape", b"{\"version\": 2, \"bookmarks\": 42}"),
        ];
        for (kind, bytes) in damaged {
            let dir = tempfile::tempdir().expect("tempdir");
            let (store, _) = seeded(dir.path());
            // The backup holds the save before the last one: the first two bookmarks.
            let expected: Vec<String> = store.list().expect("list")[..2]
                .iter()
                .map(|b| b.id.clone())
                .collect();
            drop(store);
            fs::write(dir.path().join("bookmarks.json"), bytes).expect("damage");

            let store = BookmarkStore::open(dir.path()).expect(kind);
            let notice = store
                .notice()
                .unwrap_or_else(|| panic!("{kind}: no notice"));
            assert!(
                notice.starts_with("Your bookmarks file was damaged; it was saved as ")
                    && notice.contains(&format!(
                        "{}",
                        dir.path().join("bookmarks.json.corrupt-").display()
                    )),
                "{kind}: {notice}"
            );
            assert!(
                notice.contains("last good save were restored"),
                "{kind}: {notice}"
            );
            let ids: Vec<String> = store
                .list()
                .expect("list")
                .into_iter()
                .map(|b| b.id)
                .collect();
            assert_eq!(ids, expected, "{kind}");

            let aside = corrupt_copies(dir.path());
            assert_eq!(aside.len(), 1, "{kind}: {aside:?}");
            assert!(notice.contains(&aside[0]), "{kind}");
            assert_eq!(
                fs::read(dir.path().join(&aside[0])).expect("aside"),
                bytes,
                "{kind}"
            );
            assert_eq!(store.take_notice().as_deref(), Some(notice.as_str()));
            assert_eq!(store.notice(), None);
            // The restored file is valid again: a reopen is silent.
            assert_eq!(
                BookmarkStore::open(dir.path()).expect("reopen").notice(),
                None
            );
        }
    }

    #[test]
    fn damaged_file_without_backup_starts_empty() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join("bookmarks.json"), b"{\"version\":").expect("write");
        fs::write(dir.path().join("bookmarks.json.bak"), b"also broken").expect("write");
        let store = BookmarkStore::open(dir.path()).expect("open");
        let notice = store.notice().expect("notice");
        assert!(notice.contains("no usable backup"), "{notice}");
        assert!(store.list().expect("list").is_empty());
        assert_eq!(corrupt_copies(dir.path()).len(), 1);
        // Still usable; the broken backup is never promoted.
        store.add(new("/a", None, "A")).expect("add");
        assert_eq!(store.list().expect("list").len(), 1);
    }

    #[test]
    fn damage_between_operations_is_recovered_too() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (store, _) = seeded(dir.path());
        fs::write(dir.path().join("bookmarks.json"), b"\0\0\0\0").expect("damage");
        let added = store
            .add(new("/later", None, "Later"))
            .expect("add after damage");
        assert!(!added.existed);
        assert!(store.notice().is_some());
        assert_eq!(store.list().expect("list").len(), 3);
    }

    #[test]
    fn delete_then_restore_is_an_undo() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (store, ids) = seeded(dir.path());
        let before = store.list().expect("list");
        let removed = store.delete(&ids[1]).expect("delete");
        assert_eq!(store.list().expect("list").len(), 2);
        let back = store.restore(removed).expect("restore");
        assert!(!back.existed);
        assert_eq!(store.list().expect("list"), before);
        let err = store.delete("no-such-id").expect_err("unknown id");
        assert!(err.to_string().contains("no-such-id"));
    }

    #[test]
    fn export_then_import_merges_without_duplicates() {
        let a = tempfile::tempdir().expect("tempdir");
        let b = tempfile::tempdir().expect("tempdir");
        let (store_a, _) = seeded(a.path());
        store_a
            .update_note(&store_a.list().expect("list")[0].id, "from A")
            .expect("note");
        let exported = a.path().join("export.json");
        assert_eq!(store_a.export(&exported).expect("export"), 3);

        let store_b = BookmarkStore::open(b.path()).expect("open b");
        store_b
            .add(new("/security/cve", None, "CVEs (B)"))
            .expect("add");
        store_b.add(new("/only-b", None, "B")).expect("add");
        let summary = store_b.import(&exported).expect("import");
        assert_eq!((summary.added, summary.skipped), (2, 1));
        let list = store_b.list().expect("list");
        let routes: Vec<&str> = list.iter().map(|x| x.route.as_str()).collect();
        assert_eq!(
            routes,
            [
                "/security/cve",
                "/only-b",
                "/security/fips",
                "/security/sbom"
            ]
        );
        assert_eq!(list[0].title, "CVEs (B)", "existing bookmark kept");
        assert_eq!(list[2].note, "from A");
        let positions: Vec<u64> = list.iter().map(|x| x.position).collect();
        assert_eq!(positions, [0, 1, 2, 3]);

        let again = store_b.import(&exported).expect("import again");
        assert_eq!((again.added, again.skipped), (0, 3));
        assert_eq!(store_b.list().expect("list").len(), 4);
    }

    #[test]
    fn import_refuses_newer_and_damaged_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (store, _) = seeded(dir.path());
        let newer = dir.path().join("newer.json");
        fs::write(&newer, br#"{"version": 9, "bookmarks": []}"#).expect("write");
        let err = store.import(&newer).expect_err("newer refused");
        assert!(err.to_string().contains("format 9"), "{err}");
        assert!(fs::read(&newer)
            .expect("read")
            .starts_with(b"{\"version\": 9"));

        let broken = dir.path().join("broken.json");
        fs::write(&broken, b"[1, 2").expect("write");
        let err = store.import(&broken).expect_err("damaged refused");
        assert!(matches!(err, Error::BookmarksFile { .. }), "{err}");
        assert!(err.to_string().contains("Export bookmarks"), "{err}");

        assert!(store.import(dir.path().join("absent.json")).is_err());
        assert_eq!(store.list().expect("list").len(), 3);
    }

    #[test]
    fn import_accepts_format_1() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = BookmarkStore::open(dir.path()).expect("open");
        let v1 = dir.path().join("old.json");
        fs::write(
            &v1,
            br#"{"version":1,"bookmarks":[{"id":"q","url":"/a#b","title":"A","added":1},{"id":"r","url":"/a#b","title":"dup","added":2}]}"#,
        )
        .expect("write");
        let s = store.import(&v1).expect("import");
        assert_eq!((s.added, s.skipped), (1, 1));
        assert_eq!(store.list().expect("list")[0].anchor.as_deref(), Some("b"));
    }

    #[test]
    fn missing_pages_are_flagged_never_deleted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (store, _) = seeded(dir.path());
        let mut list = store.list().expect("list");
        let missing = mark_missing(&mut list, |route, anchor| {
            route != "/security/cve" && anchor != Some("scan")
        });
        assert_eq!(missing, 2);
        let flags: Vec<bool> = list.iter().map(|b| b.missing).collect();
        assert_eq!(flags, [false, true, true]);
        assert_eq!(store.list().expect("list").len(), 3);
    }

    #[test]
    fn file_path_and_data_dir_forms_both_work() {
        let dir = tempfile::tempdir().expect("tempdir");
        let nested = dir.path().join("a/b");
        let store = BookmarkStore::open(&nested).expect("open creates dirs");
        store.add(new("/x", None, "X")).expect("add");
        assert_eq!(store.path(), nested.join("bookmarks.json"));
        let custom = BookmarkStore::open(dir.path().join("mine.json")).expect("open file");
        custom.add(new("/y", None, "Y")).expect("add");
        assert!(dir.path().join("mine.lock").exists());
    }

    #[test]
    fn threads_of_one_process_do_not_lose_writes() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::thread::scope(|s| {
            for t in 0..4 {
                let path = dir.path().to_path_buf();
                s.spawn(move || {
                    let store = BookmarkStore::open(path).expect("open");
                    for i in 0..25 {
                        store
                            .add(new(&format!("/t{t}/{i}"), None, "T"))
                            .expect("add");
                    }
                });
            }
        });
        let store = BookmarkStore::open(dir.path()).expect("open");
        assert_eq!(store.list().expect("list").len(), 100);
    }

    #[test]
    fn reading_state_round_trip_and_reset() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = StateStore::open(dir.path()).expect("open");
        assert_eq!(state.get().expect("get").last_route, None);
        state.visit("/a", "A").expect("visit");
        state.visit("/b", "B").expect("visit");
        state.visit("/a", "A").expect("visit");
        state
            .set_position("/a", Some("intro"), 512.5)
            .expect("position");
        drop(state);

        let state = StateStore::open(dir.path()).expect("reopen");
        let s = state.get().expect("get");
        assert_eq!(s.last_route.as_deref(), Some("/a"));
        assert_eq!(s.last_anchor.as_deref(), Some("intro"));
        assert_eq!(s.scroll, 512.5);
        let recent: Vec<&str> = s.recent.iter().map(|p| p.route.as_str()).collect();
        assert_eq!(recent, ["/a", "/b"]);
        assert_eq!(state.notice(), None);
        drop(state);

        fs::write(dir.path().join("state.json"), b"{\"last_route\": ").expect("damage");
        let state = StateStore::open(dir.path()).expect("open damaged");
        let notice = state.take_notice().expect("notice");
        assert!(notice.contains("reading position"), "{notice}");
        assert_eq!(state.get().expect("get").recent.len(), 0);
        assert!(serde_json::from_slice::<serde_json::Value>(
            &fs::read(dir.path().join("state.json")).expect("read")
        )
        .is_ok());
        assert!(state.clear_recent().expect("clear").recent.is_empty());
    }

    #[test]
    fn state_and_bookmarks_share_a_data_dir() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (_store, _) = seeded(dir.path());
        StateStore::open(dir.path())
            .expect("open")
            .visit("/a", "A")
            .expect("visit");
        let names = file_names(dir.path());
        for expected in [
            "bookmarks.json",
            "bookmarks.lock",
            "state.json",
            "state.lock",
        ] {
            assert!(names.iter().any(|n| n == expected), "{names:?}");
        }
    }
}
