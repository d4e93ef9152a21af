//! The command line end to end: the `palette-docs-headless` binary run as a user would, each test
//! with its own data folder and a snapshot built from the core crate's feature fixture. One test
//! binary (modules below) so the suite links once.

mod bookmarks;
mod cve;
mod search;
mod serve;
mod snapshots;
mod support;
mod verify;
