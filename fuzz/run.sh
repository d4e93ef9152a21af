#!/usr/bin/env bash
# Runs every fuzz target for a bounded time and fails on the first crash.
#
#   bash fuzz/run.sh [SECONDS_PER_TARGET]      default 30; `FUZZ=1 bash scripts/test.sh` runs it with 10
#   TARGETS="render bookmarks" bash fuzz/run.sh 60
#
# Uses cargo-fuzz (`cargo install cargo-fuzz --locked`) on the stable toolchain with RUSTC_BOOTSTRAP=1
# (libFuzzer needs -Zsanitizer flags). Seeds: our own in fuzz/seeds/<target>/, plus the upstream corpus
# in ../shared/upstream when present, copied into a temporary corpus each run: upstream text is never
# committed. A crash leaves its input in fuzz/artifacts/<target>/; copy it into fuzz/seeds/<target>/
# to keep it. Each target's check lives in fuzz/checks/<target>.rs, and plain `cargo test` replays
# every check over the same seeds without libFuzzer (src-tauri/core/tests/engine/fuzz_replay).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
seconds="${1:-30}"
targets="${TARGETS:-render manifest search_query bookmarks archive}"
upstream="${UPSTREAM:-$root/../shared/upstream}"
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1
cd "$here"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: cargo-fuzz is missing: cargo install cargo-fuzz --locked"
  exit 1
fi
if [ ! -d "$upstream" ]; then
  [ "${CI:-}" = true ] && { echo "fuzz: $upstream is missing (required when CI=true)"; exit 1; }
  echo "fuzz: SKIPPED upstream seeds ($upstream is absent); fuzzing from the built-in seeds only"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Seeds per target: real pages for the pipeline, real JSON for the loaders, words for the search.
seed() { # target
  local dir="$work/corpus/$1" n=0
  mkdir -p "$dir"
  cp "$here/seeds/$1"/* "$dir/"
  case "$1" in
    render)
      if [ -d "$upstream" ]; then
        while IFS= read -r -d '' f; do
          cp "$f" "$dir/up$n"; n=$((n + 1)); [ "$n" -ge 200 ] && break
        done < <(find "$upstream" -type f \( -name '*.md' -o -name '*.mdx' \) -size -64k -print0)
      fi ;;
    manifest)
      for f in "$root"/target/default-bundle/*.json "$root"/target/default-bundle/manifest.sig; do
        [ -f "$f" ] && [ "$(stat -c %s "$f")" -lt 65536 ] && cp "$f" "$dir/b$n" && n=$((n + 1))
      done ;;
    search_query)
      if [ -d "$upstream" ]; then
        find "$upstream" -type f -name '*.md' -size -64k | head -n 50 | while read -r f; do
          grep -m1 '^#' "$f" | sed 's/^#* *//' >"$dir/h$(printf '%s' "$f" | cksum | cut -d' ' -f1)"
        done
      fi ;;
    bookmarks) ;;
    archive)
      # Tar streams made here, never committed: the fixture docs as GNU (long names) and PAX archives.
      fixture="$root/src-tauri/core/tests/fixtures/features"
      tar --format=gnu -cf "$dir/gnu.tar" -C "$fixture" . 2>/dev/null
      tar --format=pax -cf "$dir/pax.tar" -C "$fixture" . 2>/dev/null ;;
  esac
}

failed=0
for t in $targets; do
  seed "$t"
  mkdir -p "$here/artifacts/$t"
  echo "==> fuzz $t for ${seconds}s ($(ls "$work/corpus/$t" | wc -l) seeds)"
  if cargo fuzz run "$t" "$work/corpus/$t" -- -max_total_time="$seconds" -rss_limit_mb=2048 \
    -timeout=20 -max_len=262144 -print_final_stats=1 >"$work/$t.log" 2>&1; then
    grep -E '^stat::number_of_executed_runs|^Done ' "$work/$t.log" | tr '\n' ' '; echo
    echo "fuzz $t: ok"
  else
    failed=$((failed + 1))
    tail -n 60 "$work/$t.log"
    echo "fuzz $t: CRASH (input saved under fuzz/artifacts/$t/)"
  fi
done
echo "fuzz: $(( $(echo $targets | wc -w) - failed )) targets clean, $failed crashed"
[ "$failed" -eq 0 ]
