#!/usr/bin/env bash
# Desktop tests of the real window: starts Xvfb and tauri-driver, then runs smoke.mjs and restart.mjs
# (bookmarks, the reading position, the theme and the zoom surviving an app restart) as one fresh user.
#
#   tests/desktop/run.sh [APP_BINARY]      (default: target/debug/palette-docs)
#
# Needs: Xvfb, WebKitWebDriver (Debian: webkit2gtk-driver), tauri-driver
# (`cargo install tauri-driver --locked`), node >= 18. Screenshots land in tests/artifacts/.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
app="${1:-${APP:-$root/target/debug/palette-docs}}"
artifacts="${ARTIFACTS:-$root/tests/artifacts}"
driver_bin="${TAURI_DRIVER:-$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")}"
# Free loopback ports unless given: fixed ones collide with a second run or anything else on the machine.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port="${DRIVER_PORT:-$(free_port)}"
native_port="${NATIVE_DRIVER_PORT:-$(free_port)}"

for need in Xvfb WebKitWebDriver node python3; do
  command -v "$need" >/dev/null || { echo "desktop: $need is missing (apt-get install xvfb webkit2gtk-driver nodejs)"; exit 1; }
done
[ -x "$driver_bin" ] || { echo "desktop: tauri-driver is missing: cargo install tauri-driver --locked"; exit 1; }
[ -x "$app" ] || { echo "desktop: no app binary at $app (cargo build -p palette-docs)"; exit 1; }
mkdir -p "$artifacts"

pids=()
work="$(mktemp -d)"
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A display of our own unless the caller gave one that answers.
if [ -z "${DISPLAY:-}" ] || ! xdpyinfo -display "$DISPLAY" >/dev/null 2>&1; then
  # -displayfd: Xvfb picks a free display number and writes it once it accepts connections.
  Xvfb -displayfd 3 -screen 0 1366x900x24 -nolisten tcp 3>"$work/display" >"$artifacts/xvfb.log" 2>&1 &
  pids+=($!)
  display=""
  for _ in $(seq 100); do display="$(head -n1 "$work/display" 2>/dev/null)"; [ -n "$display" ] && break; sleep 0.1; done
  [ -n "$display" ] || { echo "desktop: Xvfb did not start within 10 s:"; tail -n 20 "$artifacts/xvfb.log"; exit 1; }
  export DISPLAY=":$display"
fi

# A fresh user: no remembered page, theme or bookmarks from earlier runs or from the developer.
# A local (debug) build trusts the snapshot signed by this machine's development key, which lives in
# the caller's data folder (PALETTE_DOCS_DATA_DIR, as scripts/test.sh sets it, else the XDG one):
# carry it over, or such a build would rightly refuse its own snapshot. Installed packages have
# their key compiled in and need nothing.
dev_key="${PALETTE_DOCS_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/palette-docs}/dev-signing-key"
export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
# The app finds its data folder as it does for a user ($XDG_DATA_HOME/palette-docs); restart.mjs reads it.
unset PALETTE_DOCS_DATA_DIR
mkdir -p "$HOME" "$XDG_DATA_HOME/palette-docs" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
if [ -f "$dev_key" ] && [ "${SMOKE_NO_DEV_KEY:-}" != 1 ]; then cp -p "$dev_key" "$XDG_DATA_HOME/palette-docs/"; fi
# A desktop names its Downloads folder here (xdg-user-dirs); the app creates it on the first export.
# shellcheck disable=SC2016 # $HOME is for the file, expanded by whoever reads it
printf 'XDG_DOWNLOAD_DIR="$HOME/Downloads"\n' >"$XDG_CONFIG_HOME/user-dirs.dirs"
# Software rendering: Xvfb has no GPU, and WebKitGTK's DMA-BUF renderer paints blank windows there.
export WEBKIT_DISABLE_DMABUF_RENDERER=1 WEBKIT_DISABLE_COMPOSITING_MODE=1 LIBGL_ALWAYS_SOFTWARE=1
export NO_AT_BRIDGE=1

"$driver_bin" --port "$port" --native-port "$native_port" >"$artifacts/tauri-driver.log" 2>&1 &
pids+=($!)
driver_up=false
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/status" >/dev/null 2>&1 && { driver_up=true; break; }
  sleep 0.1
done
$driver_up || { echo "desktop: tauri-driver did not answer on port $port within 10 s:"; tail -n 20 "$artifacts/tauri-driver.log"; exit 1; }

status=0
export APP="$app" DRIVER="http://127.0.0.1:$port" ARTIFACTS="$artifacts"
# DESKTOP_SCRIPTS picks other scripts of this folder, e.g. bench.mjs for the speed figures.
for script in ${DESKTOP_SCRIPTS:-smoke.mjs restart.mjs}; do
  node "$root/tests/desktop/$script" || status=1
done
[ "$status" -eq 0 ] || { echo "--- tauri-driver log (tail)"; tail -n 40 "$artifacts/tauri-driver.log"; }
exit "$status"
