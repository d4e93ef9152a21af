//! The headless binary: the same subcommands as `palette-docs`, and without one, the help and a
//! sentence saying the window is not in this build (instead of trying to open one).

use std::process::Command;

fn headless(args: &[&str]) -> std::process::Output {
    let data = tempfile::tempdir().expect("tempdir");
    Command::new(env!("CARGO_BIN_EXE_palette-docs-headless"))
        .args(args)
        .env("PALETTE_DOCS_DATA_DIR", data.path())
        .output()
        .expect("the binary runs")
}

#[test]
fn without_a_subcommand_it_prints_the_help_and_says_there_is_no_window() {
    let out = headless(&[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stdout.contains("palette-docs-headless"), "{stdout}");
    for command in ["serve", "search", "bundle", "verify", "bookmarks"] {
        assert!(stdout.contains(command), "help lists `{command}`: {stdout}");
    }
    assert!(
        stderr.contains("the desktop window is not in this build"),
        "{stderr}"
    );
    assert!(stderr.contains("palette-docs-headless serve"), "{stderr}");
}

#[test]
fn subcommands_run_as_in_the_desktop_binary() {
    let out = headless(&["bundle", "--help"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    for verb in ["build", "check", "pack", "install", "list", "remove"] {
        assert!(
            stdout.contains(verb),
            "`bundle --help` lists `{verb}`: {stdout}"
        );
    }
    // A folder that is not a snapshot: the verdict, not a crash.
    let empty = tempfile::tempdir().expect("tempdir");
    let path = empty.path().to_string_lossy().into_owned();
    let out = headless(&["verify", &path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("FAILED:"));
}
