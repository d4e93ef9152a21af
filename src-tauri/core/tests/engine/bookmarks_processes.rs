//! Cross-process tests of the bookmarks store: two writer processes at once, and a writer killed
//! with SIGKILL mid-write hundreds of times. The child writers are this test binary re-executed
//! with an environment variable that turns `bookmarks_processes::bookmarks::child_writer` into a writer loop.
//! The kill delays come from a seed printed at the start and named in every failure; set
//! `PALETTE_DOCS_TEST_SEED` to replay a run.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use palette_docs_core::bookmarks::{BookmarkStore, NewBookmark};

const CHILD_DIR: &str = "PALETTE_DOCS_TEST_CHILD_DIR";
const CHILD_COUNT: &str = "PALETTE_DOCS_TEST_CHILD_COUNT";
const CHILD_TAG: &str = "PALETTE_DOCS_TEST_CHILD_TAG";
const SEED: &str = "PALETTE_DOCS_TEST_SEED";

/// Starts this test binary as a writer: it adds `count` bookmarks (0 = until killed, at most a few
/// seconds) to the store in `dir` and prints `ACK <id>` after each add has returned.
fn spawn_writer(dir: &Path, tag: &str, count: usize) -> Child {
    let exe = std::env::current_exe().expect("test binary path");
    Command::new(exe)
        .args([
            "bookmarks_processes::bookmarks::child_writer",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ])
        .env(CHILD_DIR, dir)
        .env(CHILD_TAG, tag)
        .env(CHILD_COUNT, count.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child writer")
}

/// Ids from complete `ACK` lines only: a line cut by the kill is not counted.
fn acked_ids(output: &str) -> Vec<String> {
    output
        .split_inclusive('\n')
        .filter(|line| line.ends_with('\n'))
        .filter_map(|line| line.trim_end().strip_prefix("ACK "))
        .map(str::to_string)
        .collect()
}

/// Reads the file directly, not through the store, so that recovery cannot hide a broken file.
fn ids_on_disk(file: &Path) -> HashSet<String> {
    let bytes = std::fs::read(file).expect("bookmarks file exists");
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "bookmarks file is not valid JSON ({e}): {:?}",
            String::from_utf8_lossy(&bytes)
        )
    });
    assert_eq!(json["version"], 2);
    json["bookmarks"]
        .as_array()
        .expect("bookmarks array")
        .iter()
        .map(|b| b["id"].as_str().expect("id string").to_string())
        .collect()
}

/// xorshift64: the test needs varied kill delays, not cryptographic randomness.
struct Rng(u64);

impl Rng {
    /// The seed from `PALETTE_DOCS_TEST_SEED`, else from the clock; answers it too, to be printed.
    fn seeded() -> (Self, u64) {
        let seed = std::env::var(SEED)
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| u64::from(d.subsec_nanos()))
                    .unwrap_or(7)
            });
        (Rng(seed | 1), seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

mod bookmarks {
    use super::*;

    /// Not a test on its own: the writer `spawn_writer` starts (ignored in a normal run, so it is
    /// reported as not run instead of as a test that passed).
    #[test]
    #[ignore = "the child writer of the cross-process tests, started by them"]
    fn child_writer() {
        let Some(dir) = std::env::var_os(CHILD_DIR) else {
            return;
        };
        let tag = std::env::var(CHILD_TAG).unwrap_or_default();
        let count: usize = std::env::var(CHILD_COUNT)
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let store = BookmarkStore::open(&dir).expect("child opens store");
        // Bounded even in "until killed" mode, so a failed parent never leaves a writer running.
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut i = 0usize;
        while (count == 0 && Instant::now() < deadline) || i < count {
            let added = store
                .add(NewBookmark {
                    route: format!("/{tag}/page-{i}"),
                    anchor: (i % 3 == 0).then(|| format!("h{i}")),
                    title: format!("{tag} {i}"),
                    section: None,
                    note: "x".repeat(i % 50),
                })
                .expect("child add");
            println!("ACK {}", added.bookmark.id);
            i += 1;
        }
    }

    #[test]
    fn two_processes_writing_at_once_lose_nothing() {
        const N: usize = 60;
        let dir = tempfile::tempdir().expect("tempdir");
        let a = spawn_writer(dir.path(), "a", N);
        let b = spawn_writer(dir.path(), "b", N);
        let mut acked = Vec::new();
        for child in [a, b] {
            let out = child.wait_with_output().expect("child finishes");
            assert!(
                out.status.success(),
                "child writer failed: {:?}",
                out.status
            );
            let ids = acked_ids(&String::from_utf8_lossy(&out.stdout));
            assert_eq!(ids.len(), N);
            acked.extend(ids);
        }
        let on_disk = ids_on_disk(&dir.path().join("bookmarks.json"));
        assert_eq!(on_disk.len(), 2 * N);
        for id in &acked {
            assert!(on_disk.contains(id), "lost bookmark {id}");
        }
        let store = BookmarkStore::open(dir.path()).expect("open");
        assert_eq!(store.notice(), None);
        let list = store.list().expect("list");
        let positions: Vec<u64> = list.iter().map(|b| b.position).collect();
        assert_eq!(positions, (0..2 * N as u64).collect::<Vec<_>>());
    }

    #[test]
    fn killed_writer_never_leaves_a_broken_file_or_loses_acknowledged_bookmarks() {
        const ITERATIONS: usize = 200;
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("bookmarks.json");
        let (mut rng, seed) = Rng::seeded();
        eprintln!("crash test: kill delays from seed {seed} (replay with {SEED}={seed})");
        let mut acked: Vec<String> = Vec::new();
        let mut killed_mid_run = 0;
        for round in 0..ITERATIONS {
            let mut child = spawn_writer(dir.path(), &format!("r{round}"), 0);
            // Wait for the first acknowledgement so that every kill lands while the writer is
            // busy writing (not during process start-up), however fast or loaded the machine is.
            let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
            let mut out = String::new();
            loop {
                let mut line = String::new();
                match stdout.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
                out.push_str(&line);
                if line.starts_with("ACK ") {
                    break;
                }
            }
            std::thread::sleep(Duration::from_micros(rng.below(12_000)));
            // SIGKILL on Unix: no destructors, no flushing — the harshest stop short of power loss.
            let _ = child.kill();
            let status = child.wait().expect("reap child");
            // Killed by our SIGKILL, or finished on its own; anything else (a panic is exit
            // status 101) is a writer that failed.
            let killed = std::os::unix::process::ExitStatusExt::signal(&status) == Some(9);
            assert!(
                killed || status.success(),
                "round {round} (seed {seed}): the writer failed on its own: {status:?}"
            );
            killed_mid_run += usize::from(killed);
            let _ = stdout.read_to_string(&mut out);
            acked.extend(acked_ids(&out));

            if file.exists() {
                let on_disk = ids_on_disk(&file);
                for id in &acked {
                    assert!(
                        on_disk.contains(id),
                        "round {round} (seed {seed}): lost acknowledged {id}"
                    );
                }
            } else {
                assert!(
                    acked.is_empty(),
                    "round {round} (seed {seed}): file missing after acks"
                );
            }
            let bak = dir.path().join("bookmarks.json.bak");
            if bak.exists() {
                ids_on_disk(&bak);
            }
        }
        assert!(
            killed_mid_run > ITERATIONS / 2,
            "seed {seed}: writers mostly finished before the kill"
        );
        assert!(!acked.is_empty(), "no writer ever acknowledged a bookmark");

        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            !names.iter().any(|n| n.contains("corrupt")),
            "a damaged file was found: {names:?}"
        );
        let store = BookmarkStore::open(dir.path()).expect("open after crashes");
        assert_eq!(store.notice(), None);
        assert_eq!(store.list().expect("list").len(), ids_on_disk(&file).len());
        // Opening under the lock swept the temp files that killed writers left behind.
        let temps = std::fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count();
        assert_eq!(temps, 0);
        eprintln!(
            "crash test: {ITERATIONS} kills, {} acknowledged bookmarks all present",
            acked.len()
        );
    }
}
