//! Bookmarks imports from files made elsewhere: bounded in size and count with a sentence that says
//! so, and ids that could not be named in a URL replaced so every bookmark can be edited and deleted.

use palette_docs_core::bookmarks::{BookmarkStore, MAX_BOOKMARKS, MAX_IMPORT_BYTES};

/// A version-2 export of `n` bookmarks with ids from `id`.
fn export_of(n: usize, id: impl Fn(usize) -> String) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id":{},"route":"/p{i}/","anchor":null,"title":"P{i}","section":null,"note":"","created":"2026-01-01T00:00:00Z","position":{i}}}"#,
                serde_json::Value::from(id(i))
            )
        })
        .collect();
    format!(r#"{{"version":2,"bookmarks":[{}]}}"#, items.join(","))
}

#[test]
fn an_import_past_the_count_limit_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = BookmarkStore::open(dir.path()).expect("open");
    let file = dir.path().join("many.json");
    std::fs::write(&file, export_of(MAX_BOOKMARKS + 1, |i| format!("id{i}"))).expect("write");
    let err = store.import(&file).expect_err("imported past the limit");
    assert!(err.to_string().contains("at most 10000"), "{err}");
    assert!(store.list().expect("list").is_empty());
    // Up to the limit is fine.
    std::fs::write(&file, export_of(MAX_BOOKMARKS, |i| format!("id{i}"))).expect("write");
    assert_eq!(store.import(&file).expect("import").added, MAX_BOOKMARKS);
}

#[test]
fn an_import_file_past_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = BookmarkStore::open(dir.path()).expect("open");
    let file = dir.path().join("huge.json");
    let f = std::fs::File::create(&file).expect("create");
    f.set_len(MAX_IMPORT_BYTES + 1).expect("sparse file");
    let err = store.import(&file).expect_err("imported a huge file");
    assert!(err.to_string().contains("larger than 8 MB"), "{err}");
    let err = store
        .import_bytes(&vec![b' '; MAX_IMPORT_BYTES as usize + 1], &file)
        .expect_err("imported huge bytes");
    assert!(err.to_string().contains("larger than 8 MB"), "{err}");
}

#[test]
fn ids_that_cannot_be_named_in_a_url_are_replaced_on_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = BookmarkStore::open(dir.path()).expect("open");
    let odd = [
        "../snapshots/X",
        "e4%2e%2e",
        "a b",
        "x\u{1b}[2J",
        &"y".repeat(500),
        "ok-id_1",
    ];
    let file = dir.path().join("odd.json");
    std::fs::write(&file, export_of(odd.len(), |i| odd[i].to_string())).expect("write");
    store.import(&file).expect("import");
    let list = store.list().expect("list");
    assert_eq!(list.len(), odd.len());
    assert_eq!(list[5].id, "ok-id_1", "a plain id is kept");
    for b in &list {
        assert!(
            b.id.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'),
            "{:?}",
            b.id
        );
        store.update_note(&b.id, "edited").expect("edit");
    }
    for b in list {
        store.delete(&b.id).expect("delete");
    }
    assert!(store.list().expect("list").is_empty());
}

#[test]
fn odd_ids_in_a_file_that_is_only_read_stay_the_same_between_loads() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Written by another program (or an older version): never saved by this one before the reads.
    std::fs::write(
        dir.path().join("bookmarks.json"),
        export_of(3, |i| ["../snapshots/X", "e4%2e%2e", "dup"][i].to_string()),
    )
    .expect("write");
    let first = BookmarkStore::open(dir.path())
        .expect("open")
        .list()
        .expect("list");
    let again = BookmarkStore::open(dir.path())
        .expect("open")
        .list()
        .expect("list");
    let ids = |l: &[palette_docs_core::bookmarks::Bookmark]| {
        l.iter().map(|b| b.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&first), ids(&again), "ids changed between two loads");
    assert_eq!(first[2].id, "dup", "a usable id is kept");
    // The id a first reader was given still names the bookmark for a later request.
    let store = BookmarkStore::open(dir.path()).expect("open");
    store
        .delete(&first[0].id)
        .expect("delete by the id given earlier");
    store
        .update_note(&first[1].id, "kept")
        .expect("edit by the id given earlier");
    assert_eq!(store.list().expect("list").len(), 2);
}
