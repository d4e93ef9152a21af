#!/usr/bin/env bash
# Bounded load test of `palette-docs serve` on loopback with Debian's `wrk` from a second process:
# 30 s, 200 concurrent connections, 2 threads, against a search, a page and the UI. Fails on any
# non-2xx answer or socket error (wrk waits up to TIMEOUT=10s for an answer before it counts one);
# prints p50/p99 latency and requests/s per endpoint and the server's resident memory (RSS, and its
# peak) at the end, and writes them to tests/load/RESULTS.md (set LOAD_RESULTS=0 to leave that file
# alone). Figures are recorded, never asserted.
#
#   bash tests/load/run.sh           DURATION=30s CONNECTIONS=200 THREADS=2 TIMEOUT=10s override;
#                                    PALETTE_DOCS_BIN=target/release/palette-docs-headless for a release build
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bin="${PALETTE_DOCS_BIN:-$root/target/debug/palette-docs}"
duration="${DURATION:-30s}"
connections="${CONNECTIONS:-200}"
threads="${THREADS:-2}"
timeout="${TIMEOUT:-10s}"
command -v wrk >/dev/null || { echo "load: wrk is missing (apt-get install -y wrk)"; exit 1; }
[ -x "$bin" ] || { echo "load: no app binary at $bin (cargo build -p palette-docs)"; exit 1; }

work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export PALETTE_DOCS_DATA_DIR="$work/data"
mkdir -p "$PALETTE_DOCS_DATA_DIR"
"$bin" bundle build --source docs-bundle --out "$work/bundle" >"$work/build.log" 2>&1 \
  || { echo "load: bundle build failed"; cat "$work/build.log"; exit 1; }
. "$root/tests/lib/serve.sh"
start_serve "$bin" "$work/serve" --bundle "$work/bundle" --port 0
pid="$serve_pid"
url="$serve_url"
[ -n "$url" ] || { echo "load: serve printed no URL"; cat "$work/serve.err"; exit 1; }
base="${url%/}"

# wrk's Lua hook prints p50/p99 (microseconds) and the non-2xx count in a form we can parse.
cat >"$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("PARSE requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status,
    e.connect, e.read, e.write, e.timeout))
end
LUA

failed=0
rows=""
run() { # name path
  local out line
  out="$(wrk -t "$threads" -c "$connections" -d "$duration" --timeout "$timeout" --latency -s "$work/report.lua" "$base$2" 2>&1)"
  line="$(printf '%s\n' "$out" | grep '^PARSE ')"
  if [ -z "$line" ]; then echo "load: wrk gave no summary for $2:"; echo "$out"; failed=1; return; fi
  eval "$(printf '%s' "${line#PARSE }" | tr ' ' '\n' | sed 's/^/local /')"
  local rps errors
  rps="$(awk -v r="$requests" -v d="$duration_us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')"
  errors=$((non2xx + connect + read + write + timeout))
  printf 'load %-28s %7d requests  %8s req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d (non-2xx %d, socket %d/%d/%d/%d)\n' \
    "$1" "$requests" "$rps" "$(awk -v x="$p50_us" 'BEGIN{print x/1000}')" "$(awk -v x="$p99_us" 'BEGIN{print x/1000}')" \
    "$errors" "$non2xx" "$connect" "$read" "$write" "$timeout"
  rows+="| $1 | \`$2\` | $requests | $rps | $(awk -v x="$p50_us" 'BEGIN{printf "%.2f", x/1000}') | $(awk -v x="$p99_us" 'BEGIN{printf "%.2f", x/1000}') | $errors |"$'\n'
  [ "$errors" -eq 0 ] || failed=1
}

page="$(curl -sS -m 10 "$base/api/search?q=encryption" | grep -o '"route":"[^"]*"' | head -n1 | cut -d'"' -f4)"
page="${page#/}"
[ -n "$page" ] || { echo "load: no search hit for 'encryption' to use as the page"; exit 1; }
run "search (encryption)" "/api/search?q=encryption"
run "page (JSON)" "/api/page/${page%/}"
run "UI index" "/"

# The server's memory once the load is over: resident now, and the peak over the run.
rss_kb="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null)"
hwm_kb="$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null)"
memory="server RSS at the end $(awk -v k="${rss_kb:-0}" 'BEGIN{printf "%.1f", k/1024}') MiB (peak $(awk -v k="${hwm_kb:-0}" 'BEGIN{printf "%.1f", k/1024}') MiB)"
echo "load $memory"

if [ "${LOAD_RESULTS:-1}" != 0 ]; then
  {
    echo "# Load test results"
    echo
    echo "Recorded by \`bash tests/load/run.sh\` (wrk $(wrk -v 2>&1 | head -n1 | awk '{print $2}'), $threads threads, $connections connections, $duration per endpoint,"
    echo "\`$(basename "$bin") serve\` ($(case "$bin" in */release/*) echo release ;; *) echo debug ;; esac) build) on 127.0.0.1, $(nproc) shared cores, $(date -u +%Y-%m-%d)). Each endpoint:"
    echo
    echo "    wrk -t $threads -c $connections -d $duration --timeout $timeout --latency -s report.lua http://127.0.0.1:PORT/<path>"
    echo
    echo "| endpoint | path | requests | req/s | p50 ms | p99 ms | errors |"
    echo "|---|---|---|---|---|---|---|"
    printf '%s' "$rows"
    echo
    echo "After the three runs: $memory."
    echo
    echo "Errors count non-2xx answers plus socket connect/read/write/timeout errors; the run fails on any."
    echo "Figures depend on the machine (here shared with concurrent compiles); they are recorded, not asserted."
  } >"$root/tests/load/RESULTS.md"
fi
[ "$failed" -eq 0 ] && echo "load: ok" || echo "load: FAILED"
[ "$failed" -eq 0 ]
