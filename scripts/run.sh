#!/usr/bin/env bash
# Builds and opens Palette Docs Offline from this checkout on the Security landing page.
#
#   bash scripts/run.sh [ROUTE]        e.g. bash scripts/run.sh /security/core-principles/
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --locked -p palette-docs
./target/release/palette-docs bundle build --source docs-bundle --out target/default-bundle
exec ./target/release/palette-docs "$@"
