//! `../shared` beside the repository (the vendor's sources: test input only) for the tests that
//! read it. When it is absent a test is skipped where it can be seen: a `SKIPPED` line on stderr,
//! and the test's name in `target/tmp/skipped-tests.txt`, which `scripts/test.sh` lists in its
//! summary. Under `CI=true` absence is a failure, because then nothing would be checked.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// `../shared/<rel>` when it exists; otherwise `None`, after recording that `test` was skipped.
pub fn shared_path(rel: &str, test: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(rel);
    if path.exists() {
        return Some(path);
    }
    skipped(test, &format!("../shared/{rel} not found"));
    None
}

/// Records that `test` did not check what it claims, and why (a failure under `CI=true`).
pub fn skipped(test: &str, why: &str) {
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{test}: {why}, and CI=true requires it");
    }
    eprintln!("SKIPPED {test}: {why}");
    let list = Path::new(env!("CARGO_TARGET_TMPDIR")).join("skipped-tests.txt");
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&list)
    {
        let _ = writeln!(file, "{test}: {why}");
    }
}
