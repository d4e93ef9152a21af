#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, Rust tests (unit, integration, upstream
# corpus), the snapshot check, browser tests in Chromium, the desktop window under Xvfb, and the
# .deb/.rpm packages installed and removed, a run with no network, a load test and a short fuzz run.
# Installs what it needs on Debian 12 first.
#
#   bash scripts/test.sh              everything
#   SKIP_PACKAGE=1 SKIP_FUZZ=1 bash scripts/test.sh   without the release packages and the fuzz run
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/setup.sh --test || { echo "test: setup failed"; exit 1; }
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

passed=0
failed=0
failures=()
step() {
  local name="$1"
  shift
  printf '\n==> %s\n' "$name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    printf '<== %s: ok (%ss)\n' "$name" $((SECONDS - start))
  else
    failed=$((failed + 1))
    failures+=("$name")
    printf '<== %s: FAILED (%ss)\n' "$name" $((SECONDS - start))
  fi
}

# Tests write bookmarks, state and the development signing key here, never into the user's own.
export PALETTE_DOCS_DATA_DIR="$root/target/test-data"
mkdir -p "$PALETTE_DOCS_DATA_DIR"

step "format" cargo fmt --all --check
step "clippy" cargo clippy --workspace --all-targets --locked -- -D warnings
step "rust tests" cargo test --workspace --locked
step "build app" cargo build -p palette-docs --locked
# With the upstream copy at hand, the check also fails on upstream anchors that land nowhere.
check_args=(--source docs-bundle --strict)
upstream_docs="$root/../shared/upstream/librarium/docs/docs-content/security"
[ -d "$upstream_docs" ] && check_args+=(--upstream "$upstream_docs")
step "snapshot check" ./target/debug/palette-docs bundle check "${check_args[@]}"
step "default snapshot" ./target/debug/palette-docs bundle build --source docs-bundle --out target/default-bundle
step "browser tests" bash -c 'cd tests/e2e && npm ci --no-audit --no-fund --silent && node --test'
step "desktop window" bash tests/desktop/run.sh
step "isolation (no network)" bash tests/isolation/run.sh
step "load" env LOAD_RESULTS=0 bash tests/load/run.sh
if [ -z "${SKIP_PACKAGE:-}" ]; then
  step "packages" bash -c 'bash scripts/release.sh && bash tests/package/install-test.sh'
fi
if [ -z "${SKIP_FUZZ:-}" ]; then
  step "fuzz (10 s per target)" bash fuzz/run.sh 10
fi

printf '\n'
for f in "${failures[@]}"; do echo "failed: $f"; done
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
