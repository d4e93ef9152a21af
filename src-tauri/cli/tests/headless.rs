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

#[test]
fn it_writes_man_pages_and_completions_for_both_binaries() {
    let out_dir = tempfile::tempdir().expect("tempdir");
    let out_path = out_dir.path().to_string_lossy().into_owned();
    let out = headless(&["generate-package-files", "--out", &out_path]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |rel: &str| {
        std::fs::read_to_string(out_dir.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    for bin in ["palette-docs", "palette-docs-headless"] {
        let page = read(&format!("man/man1/{bin}.1"));
        assert!(
            page.starts_with(".ie \\n(.g .ds Aq"),
            "{bin}.1 is roff: {page}"
        );
        assert!(page.contains(&format!(".TH {bin} 1")), "{page}");
        for command in ["serve", "search", "bundle", "verify", "bookmarks"] {
            assert!(page.contains(command), "{bin}.1 lists `{command}`");
        }
        // The hidden generator stays out of what users read.
        assert!(!page.contains("generate-package-files"), "{page}");
        let serve = read(&format!("man/man1/{bin}-serve.1"));
        assert!(serve.contains("allow\\-remote"), "{serve}");
        for (shell_file, marker) in [
            (format!("completions/bash/{bin}"), "complete -F"),
            (format!("completions/zsh/_{bin}"), "#compdef"),
            (format!("completions/fish/{bin}.fish"), "complete -c"),
        ] {
            let script = read(&shell_file);
            assert!(script.contains(marker), "{shell_file}: {script}");
            assert!(script.contains(bin), "{shell_file} names {bin}");
            assert!(script.contains("serve"), "{shell_file} completes `serve`");
            assert!(!script.contains("generate-package-files"), "{shell_file}");
        }
    }
    let headless_page = read("man/man1/palette-docs-headless.1");
    assert!(headless_page.contains("desktop window"), "{headless_page}");
}
