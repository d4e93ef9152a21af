#!/usr/bin/env bash
# Cold start of the desktop window, timed from outside: launch → a top-level window whose title is the
# first page's, polled with xwininfo every 5 ms (the UI sets the title in the task that inserts the page;
# painting follows within a frame). For scale, the same clock on WebKitGTK's own MiniBrowser opening a
# one-line local page gives the engine's floor on this machine. Prints figures; asserts nothing.
#
#   tests/desktop/coldstart.sh [APP_BINARY] [RUNS] [OTHER_APP]   (default: target/release/palette-docs, 10)
#
# The launches are interleaved (app, [other app,] MiniBrowser, app, …) so a drift of the machine's speed
# touches them alike; the ratio app / MiniBrowser is taken launch by launch and its median printed.
# OTHER_APP (e.g. the build before a change) is timed the same way, for an A/B in one run. A second
# reference, when Node and the browser tests' packages are there: MiniBrowser opening a static copy of the
# landing page as the app draws it (tests/desktop/landing-copy.mjs: the same document and style sheets, no
# script but the line that sets its title once it is painted), i.e. what the engine alone needs to show this
# very page. (The one-line page is titled as soon as its head is read, before it is painted.) Last, the
# memory each one holds once its first page is shown and it idles 2 s: RSS and PSS of every process
# (the app's, and the engine's web and network processes).
#
# Needs Xvfb, xwininfo (x11-utils) and a snapshot the binary trusts (scripts/run.sh builds one; a
# source build trusts the development key in PALETTE_DOCS_DATA_DIR, default target/test-data).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
app="${1:-$root/target/release/palette-docs}"
runs="${2:-10}"
other="${3:-}"
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

# Launches "$@" until a window titled like $1 exists, and sets SHOWN_PID (the program, still running) and
# SHOWN_MS (milliseconds from launch). In a long series of launches one now and then ends before its
# window shows: such a launch is said and tried again (up to 3 times; then it fails).
launch_until_shown() {
  local title="$1"; shift
  local start pid try
  for try in 1 2 3; do
    start=$(now_ms)
    "$@" >/dev/null 2>&1 &
    pid=$!
    until xwininfo -root -tree 2>/dev/null | grep -qF "\"$title"; do
      kill -0 "$pid" 2>/dev/null || { pid=""; break; }
      sleep 0.005
    done
    if [ -n "$pid" ]; then
      SHOWN_MS=$(( $(now_ms) - start ))
      SHOWN_PID=$pid
      return 0
    fi
    echo "coldstart: $1 exited before showing \"$title\" (try $try of 3)" >&2
    sleep 1
  done
  return 1
}

stop_launched() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  sleep 0.3 # let the engine's helper processes go before the next launch
}

# One launch: milliseconds until a window titled like $1 exists, then the program is stopped.
time_to_title() {
  launch_until_shown "$@" || return 1
  echo "$SHOWN_MS"
  stop_launched "$SHOWN_PID"
}

median() { sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "median %d ms, min %d ms, max %d ms (n=%d)\n", m, a[1], a[NR], NR}'; }
ratio_median() { sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "median %.2fx, min %.2fx, max %.2fx (n=%d)\n", m / 1000, a[1] / 1000, a[NR] / 1000, NR}'; }

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

# RSS and PSS (kB) summed over a process and its descendants, and how many processes that is.
tree_memory() {
  local pids=("$1") i=0 rss=0 pss=0 p
  while [ $i -lt ${#pids[@]} ]; do
    for p in $(ps -o pid= --ppid "${pids[$i]}" 2>/dev/null); do pids+=("$p"); done
    i=$((i + 1))
  done
  for p in "${pids[@]}"; do
    [ -r "/proc/$p/smaps_rollup" ] || continue
    rss=$((rss + $(awk '/^Rss:/ {print $2}' "/proc/$p/smaps_rollup")))
    pss=$((pss + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup")))
  done
  echo "RSS $((rss / 1024)) MiB, PSS $((pss / 1024)) MiB over ${#pids[@]} processes"
}

# One launch: the memory held once the window titled like $1 is shown and 2 s have passed.
idle_memory() {
  launch_until_shown "$@" || { echo "ended before showing \"$1\", 3 times"; return 0; }
  sleep 2
  tree_memory "$SHOWN_PID"
  stop_launched "$SHOWN_PID"
}

copy=""
if [ -x "$minibrowser" ] && command -v node >/dev/null && [ -d "$root/tests/e2e/node_modules" ]; then
  if PALETTE_DOCS_BIN="$app" node "$root/tests/desktop/landing-copy.mjs" "$work/copy" >"$work/copy.log" 2>&1; then
    copy="$work/copy/landing.html"
  else
    echo "coldstart: no static copy of the landing page, that reference is left out: $(tail -n 1 "$work/copy.log")"
  fi
fi

time_to_title "Spectro Cloud Security" app_run "$app" >/dev/null # warm the page cache
[ -z "$other" ] || time_to_title "Spectro Cloud Security" app_run "$other" >/dev/null
: >"$work/app" >"$work/other" >"$work/mini" >"$work/ratio" >"$work/copied" >"$work/copy-ratio"
for _ in $(seq "$runs"); do
  a=$(time_to_title "Spectro Cloud Security" app_run "$app")
  echo "$a" >>"$work/app"
  [ -z "$other" ] || time_to_title "Spectro Cloud Security" app_run "$other" >>"$work/other"
  if [ -x "$minibrowser" ]; then
    m=$(time_to_title engine-ready "$minibrowser" "file://$work/hello.html")
    echo "$m" >>"$work/mini"
    awk -v a="$a" -v m="$m" 'BEGIN { printf "%d\n", 1000 * a / m }' >>"$work/ratio"
  fi
  if [ -n "$copy" ]; then
    c=$(time_to_title "Spectro Cloud Security" "$minibrowser" "file://$copy")
    echo "$c" >>"$work/copied"
    awk -v a="$a" -v c="$c" 'BEGIN { printf "%d\n", 1000 * a / c }' >>"$work/copy-ratio"
  fi
done
echo "palette-docs ($app): launch → first page drawn: $(median <"$work/app")"
[ -z "$other" ] || echo "other app ($other): launch → first page drawn: $(median <"$work/other")"
if [ -x "$minibrowser" ]; then
  echo "WebKitGTK MiniBrowser, one-line local page (engine floor): $(median <"$work/mini")"
  echo "app / MiniBrowser, launch by launch: $(ratio_median <"$work/ratio")"
fi
if [ -n "$copy" ]; then
  echo "MiniBrowser, static copy of the landing page as drawn, titled once painted: $(median <"$work/copied")"
  echo "app / MiniBrowser on that copy, launch by launch: $(ratio_median <"$work/copy-ratio")"
fi
echo "idle memory, palette-docs: $(idle_memory "Spectro Cloud Security" app_run "$app")"
[ -z "$other" ] || echo "idle memory, other app: $(idle_memory "Spectro Cloud Security" app_run "$other")"
[ ! -x "$minibrowser" ] || echo "idle memory, MiniBrowser on the one-line page: $(idle_memory engine-ready "$minibrowser" "file://$work/hello.html")"
