//! The server crate's integration tests, one binary (linked once) with a module per feature: the
//! bookmarks and reading-state endpoints, signed-snapshot trust through the router, hostile input
//! against the router and the HTTP server, and the library of snapshots over the API.

mod http_support;
mod test_support;

mod bookmarks_api;
mod bundle_trust;
mod hardening;
mod snapshot_library;
mod team_mode;
