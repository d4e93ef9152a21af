//! One user of the CLI: a private data folder, the headless binary run in it, and the feature
//! fixture compiled into a snapshot signed with that user's development key.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The core crate's fixture with every feature the renderer knows (three pages under `/guide/`).
pub const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/tests/fixtures/features"
);

/// The fixture of every upstream component, with two made-up advisory records.
pub const ADVISORY_FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/tests/fixtures/components"
);

/// What one run of the binary printed and how it ended.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Fails the test with both streams unless the exit code is `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "exit code\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// A user with an empty data folder (bookmarks, installed snapshots, development key) of its own.
pub struct User {
    home: tempfile::TempDir,
}

impl User {
    pub fn new() -> Self {
        Self {
            home: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// A folder inside this user's scratch space (not the data folder) for files the test writes.
    pub fn path(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }

    pub fn data_dir(&self) -> PathBuf {
        self.home.path().join("data")
    }

    /// `palette-docs-headless ARGS` as this user, to run or to start. The packaged snapshot is
    /// pointed at a folder that does not exist so that no snapshot of the machine running the tests
    /// leaks in.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_palette-docs-headless"));
        command
            .args(args)
            .current_dir(self.home.path())
            .env("PALETTE_DOCS_DATA_DIR", self.data_dir())
            .env(
                "PALETTE_DOCS_DEFAULT_BUNDLE",
                self.path("no-packaged-snapshot"),
            )
            .env("NO_COLOR", "1")
            .env_remove("PALETTE_DOCS_SIGNING_KEY");
        command
    }

    /// Runs `palette-docs-headless ARGS` as this user to its end.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = self
            .command(args)
            .output()
            .expect("the headless binary runs");
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Compiles the feature fixture into `<scratch>/<name>`, signed with this user's development key.
    pub fn build_snapshot(&self, name: &str) -> PathBuf {
        self.build_snapshot_of(FIXTURE, name)
    }

    /// Compiles the fixture at `source` into `<scratch>/<name>`, signed with this user's development key.
    pub fn build_snapshot_of(&self, source: &str, name: &str) -> PathBuf {
        let out = self.path(name);
        let out_arg = out.to_string_lossy().into_owned();
        self.run(&["bundle", "build", "--source", source, "--out", &out_arg])
            .expect_code(0);
        assert!(
            out.join("manifest.json").is_file(),
            "{} was built",
            out.display()
        );
        out
    }
}

/// A path as the binary takes it on its command line.
pub fn arg(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}
