#!/usr/bin/env bash
# Cold start of the desktop window, timed from outside: launch → a top-level window whose title is the
# first page's, polled with xwininfo every 5 ms (the UI sets the title in the task that inserts the page;
# painting follows within a frame). For scale, the same clock on WebKitGTK's own MiniBrowser opening a
# one-line local page gives the engine's floor on this machine. Prints figures; asserts nothing.
#
#   tests/desktop/coldstart.sh [APP_BINARY] [RUNS]    (default: target/release/palette-docs, 10)
#
# Needs Xvfb, xwininfo (x11-utils) and a snapshot the binary trusts (scripts/run.sh builds one; a
# source build trusts the development key in PALETTE_DOCS_DATA_DIR, default target/test-data).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
app="${1:-$root/target/release/palette-docs}"
runs="${2:-10}"
minibrowser=/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser
for need in Xvfb xwininfo; do
  command -v "$need" >/dev/null || { echo "coldstart: $need is missing (apt-get install xvfb x11-utils)"; exit 1; }
done
[ -x "$app" ] || { echo "coldstart: no app binary at $app (cargo build --release -p palette-docs)"; exit 1; }

work="$(mktemp -d)"
xvfb_pid=""
cleanup() { [ -z "$xvfb_pid" ] || kill "$xvfb_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
display=":${XVFB_DISPLAY:-98}"
Xvfb "$display" -screen 0 1366x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
export DISPLAY="$display" NO_AT_BRIDGE=1
# Xvfb has no GPU: the same software-rendering settings as the desktop tests.
export WEBKIT_DISABLE_DMABUF_RENDERER=1 WEBKIT_DISABLE_COMPOSITING_MODE=1
export PALETTE_DOCS_DATA_DIR="${PALETTE_DOCS_DATA_DIR:-$root/target/test-data}"

now_ms() { date +%s%3N; }

# One launch: milliseconds until a window titled like $2 exists, then the program is stopped.
time_to_title() {
  local title="$1"; shift
  local start pid
  start=$(now_ms)
  "$@" >/dev/null 2>&1 &
  pid=$!
  until xwininfo -root -tree 2>/dev/null | grep -qF "\"$title"; do
    kill -0 "$pid" 2>/dev/null || { echo "coldstart: $1 exited before showing \"$title\"" >&2; return 1; }
    sleep 0.005
  done
  echo $(( $(now_ms) - start ))
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  sleep 0.3 # let the engine's helper processes go before the next launch
}

median() { sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "median %d ms, min %d ms, max %d ms (n=%d)\n", m, a[1], a[NR], NR}'; }

printf '<!doctype html><title>engine-ready</title><p>x\n' >"$work/hello.html"
# A fresh user each run (no remembered page, so the app opens the Security landing page) who trusts
# the development key a source build signs with.
dev_key="$PALETTE_DOCS_DATA_DIR/dev-signing-key"
app_run() {
  # A new folder each launch: the last launch's engine processes may still be writing to theirs.
  local home
  home="$(mktemp -d "$work/home.XXXXXX")"
  mkdir -p "$home/data"
  if [ -f "$dev_key" ]; then cp "$dev_key" "$home/data/"; fi
  exec env HOME="$home" XDG_DATA_HOME="$home/xdg" XDG_CONFIG_HOME="$home/config" \
    XDG_CACHE_HOME="$home/cache" PALETTE_DOCS_DATA_DIR="$home/data" "$@"
}

time_to_title "Spectro Cloud Security" app_run "$app" >/dev/null # warm the page cache
echo "palette-docs ($app): launch → first page drawn: $(for _ in $(seq "$runs"); do time_to_title "Spectro Cloud Security" app_run "$app"; done | median)"
if [ -x "$minibrowser" ]; then
  echo "WebKitGTK MiniBrowser, one-line local page (engine floor): $(for _ in $(seq "$runs"); do time_to_title engine-ready "$minibrowser" "file://$work/hello.html"; done | median)"
fi
