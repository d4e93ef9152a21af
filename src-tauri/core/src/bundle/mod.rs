//! The compiled snapshot: building it from a docs tree, signing it, verifying and opening it.

pub mod archive;
pub mod build;
pub mod census;
pub mod check;
pub mod format;
pub mod load;
pub mod pack;
pub mod resolve;
pub mod sign;
pub mod svg;
pub mod unpack;
pub mod upstream_anchors;

pub use build::{build, compile, BuildOptions, BuildReport, Compiled};
pub use load::{read_signed_file, verify, Bundle, Verified};
pub use sign::{Signer, SignerKind, TrustStore};
