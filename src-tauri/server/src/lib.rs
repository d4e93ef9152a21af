//! Palette Docs Offline server: the one API router over the engine ([`api`]) and the loopback HTTP
//! transport ([`serve`]); the desktop shell mounts the same router as a custom URI scheme.

pub mod api;
pub mod serve;
