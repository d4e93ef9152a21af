//! `palette-docs`: with no subcommand the desktop reader; `serve`, `search`, `bundle`, `verify` and
//! `bookmarks` work headless for operators on a jump host (the CLI crate runs them; this binary adds
//! the window).

#![cfg_attr(
    all(not(debug_assertions), target_os = "windows"),
    windows_subsystem = "windows"
)]

fn main() -> std::process::ExitCode {
    palette_docs_cli::main(Some(palette_docs::WINDOW))
}
