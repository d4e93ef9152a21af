#!/usr/bin/env bash
# Installs what building, running and testing Palette Docs Offline needs on Debian 12, and nothing
# that is already there. Safe to run again. Uses sudo when not root.
#
#   bash scripts/setup.sh            build + run needs (WebKitGTK, Rust, Node)
#   bash scripts/setup.sh --test     also test needs (Xvfb, Chromium, WebKitWebDriver, tauri-driver, rpm,
#                                    man-db and binutils for the headless package test)
set -euo pipefail

want_test=false
[ "${1:-}" = "--test" ] && want_test=true

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(build-essential pkg-config curl file libwebkit2gtk-4.1-dev libayatana-appindicator3-dev
  librsvg2-dev libxdo-dev libssl-dev)
$want_test && packages+=(xvfb xauth x11-utils webkit2gtk-driver chromium rpm cpio wrk iproute2 util-linux strace
  desktop-file-utils appstream man-db binutils)
command -v node >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  [ -x "$HOME/.cargo/bin/cargo" ] || curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
  export PATH="$HOME/.cargo/bin:$PATH"
fi

if $want_test && ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --locked --quiet
fi
# Only for the libFuzzer run (`FUZZ=1 bash scripts/test.sh`); plain test runs replay the fuzz seeds
# as cargo tests and need no cargo-fuzz.
if $want_test && [ -n "${FUZZ:-}" ] && ! command -v cargo-fuzz >/dev/null && [ ! -x "$HOME/.cargo/bin/cargo-fuzz" ]; then
  echo "setup: installing cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi
