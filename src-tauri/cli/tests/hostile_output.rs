//! What the CLI prints from outside sources cannot drive the terminal, a closed pipe ends it
//! quietly, and `--bundle PATH` names exactly the snapshot read (issue 20, points 6 and 9).

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Command, Output, Stdio};

// The engine tests' helpers; this file uses only `copy_dir`.
#[allow(dead_code)]
#[path = "../../core/tests/engine/support.rs"]
mod engine_support;
use engine_support::copy_dir;

fn headless(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_palette-docs-headless"))
        .args(args)
        .env("PALETTE_DOCS_DATA_DIR", data)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/features")
}

#[test]
fn a_snapshot_name_holding_escape_sequences_is_printed_inert() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let source = tmp.path().join("source");
    copy_dir(&fixture(), &source);
    let toml = std::fs::read_to_string(source.join("snapshot.toml")).expect("toml");
    // The name clears the screen and homes the cursor, then claims success.
    let evil = toml.replace(
        "name = \"Feature fixture\"",
        "name = \"Fixture\\u001b[2J\\u001b[HOK: signature valid\"",
    );
    assert_ne!(evil, toml, "the fixture's name line changed");
    std::fs::write(source.join("snapshot.toml"), evil).expect("write toml");
    let out_dir = tmp.path().join("bundle");
    let built = headless(
        &data,
        &[
            "bundle",
            "build",
            "--source",
            &source.to_string_lossy(),
            "--out",
            &out_dir.to_string_lossy(),
        ],
    );
    assert!(
        out_dir.join("manifest.json").is_file(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let verified = headless(&data, &["verify", "--bundle", &out_dir.to_string_lossy()]);
    let stdout = String::from_utf8_lossy(&verified.stdout);
    assert!(verified.status.success(), "{stdout}");
    assert!(
        !stdout.contains('\u{1b}'),
        "a raw escape reached the terminal: {stdout:?}"
    );
    assert!(stdout.contains("\\u{1b}[2J"), "{stdout}");
}

#[test]
fn a_closed_pipe_ends_a_long_listing_quietly() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    // Enough bookmarks that the listing outgrows any pipe buffer.
    let items: Vec<String> = (0..3000)
        .map(|i| {
            format!(
                r#"{{"id":"b{i}","route":"/p{i}/","anchor":null,"title":"A bookmarked page number {i}","section":null,"note":"","created":"2026-01-01T00:00:00Z","position":{i}}}"#
            )
        })
        .collect();
    let file = tmp.path().join("many.json");
    std::fs::write(
        &file,
        format!(r#"{{"version":2,"bookmarks":[{}]}}"#, items.join(",")),
    )
    .expect("write");
    let imported = headless(&data, &["bookmarks", "import", &file.to_string_lossy()]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_palette-docs-headless"))
        .args(["--bundle", &tmp.path().join("none").to_string_lossy()])
        .args(["bookmarks", "list"])
        .env("PALETTE_DOCS_DATA_DIR", &data)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Like `| head -1`: read one line, then close the pipe.
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("read a line");
    assert!(first.contains("bookmarked page"), "{first}");
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
    let _ = std::io::stderr().flush();
}

#[test]
fn a_bundle_path_that_cannot_be_opened_is_an_error_not_a_fallback() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let bad = tmp.path().join("not-a-snapshot");
    std::fs::create_dir_all(&bad).expect("mkdir");
    let out = headless(
        &data,
        &["--bundle", &bad.to_string_lossy(), "search", "fips"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("--bundle"), "{stderr}");
    assert!(
        stdout_is_empty(&out),
        "results from another snapshot were shown"
    );
}

fn stdout_is_empty(out: &Output) -> bool {
    out.stdout.is_empty()
}
