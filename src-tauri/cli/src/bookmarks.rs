//! `palette-docs bookmarks list|export|import`.

use std::path::PathBuf;
use std::process::ExitCode;

use palette_docs_core::bookmarks::{mark_missing, BookmarkStore};

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Print every bookmark.
    List,
    /// Write all bookmarks to a JSON file.
    Export { file: PathBuf },
    /// Merge bookmarks from a JSON file (duplicates are skipped).
    Import { file: PathBuf },
}

pub fn run(bundle: Option<PathBuf>, cmd: Command) -> anyhow::Result<ExitCode> {
    let store = BookmarkStore::open_default()?;
    if let Some(notice) = store.take_notice() {
        eprintln!(
            "note: {}",
            palette_docs_core::terminal::escape_keeping_lines(&notice)
        );
    }
    match cmd {
        Command::List => {
            let mut list = store.list()?;
            if let Ok(lib) = super::context::open_library(bundle.as_deref()) {
                let snapshot = lib.current();
                mark_missing(&mut list, |r, a| snapshot.anchor_exists(r, a));
            }
            if list.is_empty() {
                say!("No bookmarks yet.");
            }
            for b in list {
                let target = match &b.anchor {
                    Some(a) => format!("{}#{a}", b.route),
                    None => b.route.clone(),
                };
                let title = match &b.section {
                    Some(s) => format!("{} › {s}", b.title),
                    None => b.title.clone(),
                };
                let missing = if b.missing {
                    "  [not in this snapshot]"
                } else {
                    ""
                };
                say!("{title}  {target}{missing}");
                if !b.note.is_empty() {
                    say!("    {}", b.note);
                }
            }
        }
        Command::Export { file } => {
            let n = store.export(&file)?;
            say!("Exported {n} bookmark(s) to {}", file.display());
        }
        Command::Import { file } => {
            let s = store.import(&file)?;
            say!(
                "Imported {} bookmark(s); {} already present.",
                s.added,
                s.skipped
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
