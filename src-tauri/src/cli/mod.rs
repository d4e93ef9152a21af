//! Command-line parsing and dispatch; each subcommand lives in its own module.

mod bookmarks;
mod bundle;
mod context;
mod cve;
mod search;
mod serve;
mod snapshots;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    /// Build, check, pack, install, list or remove snapshot bundles.
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

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => desktop(cli.bundle, cli.route),
        Some(Command::Serve(args)) => serve::run(cli.bundle, args),
        Some(Command::Search(args)) => search::run(cli.bundle, args),
        Some(Command::Bundle(cmd)) => bundle::run(cmd),
        Some(Command::Verify(args)) => verify::run(cli.bundle, args),
        Some(Command::Bookmarks(cmd)) => bookmarks::run(cli.bundle, cmd),
        Some(Command::Cve(cmd)) => cve::run(cli.bundle, cmd),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", describe(&e));
            ExitCode::FAILURE
        }
    }
}

fn desktop(bundle: Option<PathBuf>, route: Option<String>) -> anyhow::Result<ExitCode> {
    // Before the snapshot is opened: with no display, that is the one thing worth saying.
    palette_docs::desktop::require_display()?;
    let api = context::open_api(bundle.as_deref())?;
    let route = route.map(|r| context::normalize_deep_link(&r));
    palette_docs::run(std::sync::Arc::new(api), route)?;
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
