//! The server crate's integration tests, one binary (linked once) with a module per feature: the
//! bookmarks and reading-state endpoints, signed-snapshot trust through the router, hostile input
//! against the router and the HTTP server, the library of snapshots over the API, and what changed
//! between two of them (`/api/diff`), and the Host check of `serve` seen over HTTP.

mod http_support;
mod test_support;

mod bookmarks_api;
mod bundle_trust;
mod diff_api;
mod hardening;
mod host_header;
mod snapshot_library;
