#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, Rust tests (unit, integration, upstream
# corpus, the fuzz checks replayed over their seeds), the snapshot check, browser tests in Chromium,
# the .deb/.rpm packages installed and removed with the desktop window tested in the installed app
# under Xvfb, a run with no network and a load test. Installs what it needs on Debian 12 first.
# Ends with a table of each step's time.
#
#   bash scripts/test.sh              everything but the libFuzzer run
#   FUZZ=1 bash scripts/test.sh       also fuzz every target for 10 s (builds libFuzzer targets)
#   SKIP_PACKAGE=1 bash scripts/test.sh   without the release packages; the desktop window is then
#                                     tested with the debug build instead
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/setup.sh --test || { echo "test: setup failed"; exit 1; }
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

passed=0
failed=0
failures=()
times=()
step() {
  local name="$1"
  shift
  printf '\n==> %s\n' "$name"
  local start=$SECONDS result=ok
  if "$@"; then
    passed=$((passed + 1))
  else
    result=FAILED
    failed=$((failed + 1))
    failures+=("$name")
  fi
  local took=$((SECONDS - start))
  times+=("$(printf '%-28s %-7s %4dm%02ds' "$name" "$result" $((took / 60)) $((took % 60)))")
  printf '<== %s: %s (%ss)\n' "$name" "$result" "$took"
}

# Tests write bookmarks, state and the development signing key here, never into the user's own.
export PALETTE_DOCS_DATA_DIR="$root/target/test-data"
mkdir -p "$PALETTE_DOCS_DATA_DIR"

step "format" cargo fmt --all --check
step "clippy" cargo clippy --workspace --all-targets --locked -- -D warnings
# Tests that need ../shared and do not find it list themselves here (see core tests/shared_input).
skipped_list="$root/target/tmp/skipped-tests.txt"
rm -f "$skipped_list"
step "rust tests" cargo test --workspace --locked
step "build app" cargo build -p palette-docs --locked
# With the upstream copy at hand, the check also fails on upstream anchors that land nowhere.
check_args=(--source docs-bundle --strict)
upstream_docs="$root/../shared/upstream/librarium/docs/docs-content/security"
[ -d "$upstream_docs" ] && check_args+=(--upstream "$upstream_docs")
step "snapshot check" ./target/debug/palette-docs bundle check "${check_args[@]}"
step "default snapshot" ./target/debug/palette-docs bundle build --source docs-bundle --out target/default-bundle
step "browser tests" bash -c 'cd tests/e2e && npm ci --no-audit --no-fund --silent && node --test'
if [ -z "${SKIP_PACKAGE:-}" ]; then
  # One release build: the snapshot is compiled with the debug binary built above, so release.sh
  # builds both release binaries (desktop and headless) in one cargo invocation, with the
  # snapshot's key compiled in, and `tauri bundle` only packages.
  # The package test runs the desktop window tests (tests/desktop/run.sh) against the installed app.
  step "packages + desktop window" bash -c 'PALETTE_DOCS_BIN=./target/debug/palette-docs bash scripts/release.sh && bash tests/package/install-test.sh'
  step "headless packages" bash tests/package/headless-test.sh
else
  step "desktop window" bash tests/desktop/run.sh
fi
step "isolation (no network)" bash tests/isolation/run.sh
step "load" env LOAD_RESULTS=0 bash tests/load/run.sh
# The fuzz checks replay their seeds inside "rust tests"; mutating them needs libFuzzer builds.
if [ -n "${FUZZ:-}" ]; then
  step "fuzz (10 s per target)" bash fuzz/run.sh 10
fi

printf '\n%-28s %-7s %8s\n' "step" "result" "time"
printf '%s\n' "${times[@]}"
printf '%-28s %-7s %4dm%02ds\n' "total" "" $((SECONDS / 60)) $((SECONDS % 60))
printf '\n'
if [ -s "$skipped_list" ]; then
  echo "skipped Rust tests ($(wc -l < "$skipped_list")): they did not check what they claim"
  sed 's/^/  /' "$skipped_list"
fi
for f in "${failures[@]}"; do echo "failed: $f"; done
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
