//! `palette-docs`: with no subcommand the desktop reader; `serve`, `search`, `bundle`, `verify` and
//! `bookmarks` work headless for operators on a jump host.

#![cfg_attr(
    all(not(debug_assertions), target_os = "windows"),
    windows_subsystem = "windows"
)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
