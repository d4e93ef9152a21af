//! The command line of Palette Docs Offline: parsing and dispatch, each subcommand in its own module.
//!
//! The window is not part of this crate: the desktop binary passes a [`WindowLauncher`] to [`main`],
//! and `palette-docs-headless` passes none (no Tauri, GTK or WebKit in its dependencies).

/// `println!` that ends the program quietly when stdout is closed (`palette-docs cve list | head -1`)
/// instead of panicking on the broken pipe. For text this program wrote itself; see [`say!`].
macro_rules! out {
    () => {
        $crate::output::line("")
    };
    ($($arg:tt)*) => {
        $crate::output::line(&format!($($arg)*))
    };
}

/// [`out!`] for a line that carries outside text (snapshot names, bookmark notes, advisories, search
/// results): control characters are escaped so none of it can drive the terminal.
macro_rules! say {
    () => {
        $crate::output::line("")
    };
    ($($arg:tt)*) => {
        $crate::output::line(&palette_docs_core::terminal::escape_keeping_lines(&format!($($arg)*)))
    };
}

mod output;

mod bookmarks;
mod bundle;
mod context;
mod cve;
mod diff;
mod package_files;
mod search;
mod serve;
mod snapshots;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand};
use palette_docs_server::api::Api;

pub use context::normalize_deep_link;

/// How the desktop binary opens its window; the CLI calls it when no subcommand is given.
#[derive(Debug, Clone, Copy)]
pub struct WindowLauncher {
    /// Fails with a sentence when there is no display to open a window on; called before the
    /// snapshot is opened, since with no display that is the one thing worth saying.
    pub require_display: fn() -> anyhow::Result<()>,
    /// Opens the reader window on `api` (optionally at a start route) and runs until it is closed.
    pub run: fn(Arc<Api>, Option<String>) -> anyhow::Result<()>,
}

#[derive(Parser, Debug)]
#[command(
    name = "palette-docs",
    version,
    about = "Offline reader for the Spectro Cloud Palette Security documentation",
    long_about = "Without a subcommand, opens the desktop reader (optionally at ROUTE, e.g. /security/core-principles/#anchor)."
)]
struct Cli {
    /// A compiled snapshot folder to read instead of the packaged one.
    #[arg(long, global = true, value_name = "PATH")]
    bundle: Option<PathBuf>,
    /// Page to open in the desktop reader, e.g. /security/core-principles#anchor.
    #[arg(value_name = "ROUTE")]
    route: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the reader over HTTP on this machine (for jump hosts and browsers).
    Serve(serve::Args),
    /// Search the snapshot from the terminal.
    Search(search::Args),
    /// Build, check, pack, install, list, remove or compare snapshots.
    #[command(subcommand)]
    Bundle(bundle::Command),
    /// Verify a compiled snapshot's signature and every file's hash.
    Verify(verify::Args),
    /// List, export or import bookmarks.
    #[command(subcommand)]
    Bookmarks(bookmarks::Command),
    /// Import advisory facts, or list and show the snapshot's advisories (CVE and GHSA).
    #[command(subcommand)]
    Cve(cve::Command),
}

/// Parses the command line and runs it. `window`: how to open the desktop reader when no
/// subcommand is given; `None` in a build without a window, which then prints the help and says so.
pub fn main(window: Option<WindowLauncher>) -> ExitCode {
    let command = match window {
        Some(_) => desktop_command(),
        None => headless_command(),
    };
    // The release-time generator is added here, not to `Cli`, so the man pages and completions it
    // writes (from `Cli`) do not offer it to users.
    let matches = command.subcommand(package_files::command()).get_matches();
    if let Some(args) = matches.subcommand_matches(package_files::NAME) {
        return match package_files::Args::from_arg_matches(args) {
            Ok(args) => report(package_files::run(args)),
            Err(e) => e.exit(),
        };
    }
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let result = match (cli.command, window) {
        (None, Some(window)) => desktop(window, cli.bundle, cli.route),
        (None, None) => return no_window(),
        (Some(Command::Serve(args)), _) => serve::run(cli.bundle, args),
        (Some(Command::Search(args)), _) => search::run(cli.bundle, args),
        (Some(Command::Bundle(cmd)), _) => bundle::run(cmd),
        (Some(Command::Verify(args)), _) => verify::run(cli.bundle, args),
        (Some(Command::Bookmarks(cmd)), _) => bookmarks::run(cli.bundle, cmd),
        (Some(Command::Cve(cmd)), _) => cve::run(cli.bundle, cmd),
    };
    report(result)
}

/// The exit code of a finished command; a failure is said on stderr first.
fn report(result: anyhow::Result<ExitCode>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!(
                "error: {}",
                palette_docs_core::terminal::escape_keeping_lines(&describe(&e))
            );
            ExitCode::FAILURE
        }
    }
}

/// The name of the binary built without the window.
const HEADLESS_NAME: &str = "palette-docs-headless";
const HEADLESS_ABOUT: &str = "Every subcommand of palette-docs but the desktop window (this build has none): serve, search, bundle, verify, bookmarks, cve.";

/// The command line as the desktop binary names and describes itself.
fn desktop_command() -> clap::Command {
    Cli::command()
}

/// The command line as the headless binary names and describes itself.
fn headless_command() -> clap::Command {
    Cli::command()
        .name(HEADLESS_NAME)
        .bin_name(HEADLESS_NAME)
        .long_about(HEADLESS_ABOUT)
}

/// No subcommand in a build without a window: the help, and what to run instead (exit code 2, as
/// for any other incomplete command line).
fn no_window() -> ExitCode {
    // Printing the help can only fail on a closed stdout, where there is nobody left to tell.
    let _ = headless_command().print_help();
    eprintln!(
        "\nerror: the desktop window is not in this build; give a subcommand, e.g. `{HEADLESS_NAME} serve` and open the address it prints in a browser"
    );
    ExitCode::from(2)
}

fn desktop(
    window: WindowLauncher,
    bundle: Option<PathBuf>,
    route: Option<String>,
) -> anyhow::Result<ExitCode> {
    // Before the snapshot is opened: with no display, that is the one thing worth saying.
    (window.require_display)()?;
    let api = context::open_api(bundle.as_deref())?;
    let route = route.map(|r| context::normalize_deep_link(&r));
    (window.run)(Arc::new(api), route)?;
    Ok(ExitCode::SUCCESS)
}

/// The error and its causes in one line, skipping a cause whose text the message already contains
/// (core errors quote their I/O error in their own sentence).
fn describe(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}
