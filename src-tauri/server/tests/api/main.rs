//! The server crate's integration tests, one binary (linked once) with a module per feature: the
//! bookmarks and reading-state endpoints, signed-snapshot trust through the router, hostile input
//! against the router and the HTTP server, the library of snapshots over the API, what changed between
//! two of them (`/api/diff`), the answers `index.html` carries, the Host check of `serve` seen over HTTP, slow clients and team mode.

#[path = "../../../core/tests/archive_support/mod.rs"]
mod archive_support;
mod http_support;
mod test_support;

mod archive_bombs;
mod bookmarks_api;
mod bundle_trust;
mod csp;
mod diff_api;
mod first_answers;
mod hardening;
mod host_header;
mod slow_clients;
mod snapshot_library;
mod team_mode;
