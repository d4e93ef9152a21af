//! `palette-docs-headless`: every subcommand of `palette-docs` (`serve`, `search`, `bundle`, `verify`,
//! `bookmarks`) without the desktop window, so it runs on a jump host with no GTK or WebKit installed.

fn main() -> std::process::ExitCode {
    palette_docs_cli::main(None)
}
