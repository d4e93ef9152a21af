#!/usr/bin/env bash
# No-network proof: runs `palette-docs serve` (and, when its tools are present, the desktop window
# test) inside a network namespace whose only interface is loopback, and checks that everything the
# reader needs still works there. Also runs the static "no remote resource URL in ui/" check.
#
#   bash tests/isolation/run.sh            (needs root or user namespaces for `unshare -n`)
#   SKIP_DESKTOP=1 bash tests/isolation/run.sh
#
# Prints `isolation: N passed, M failed` last and exits non-zero on any failure.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bin="${PALETTE_DOCS_BIN:-$root/target/debug/palette-docs}"
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() { echo "isolation: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

[ -x "$bin" ] || { bad "no app binary at $bin (cargo build -p palette-docs)"; finish; }
if ! unshare -n true 2>/dev/null; then
  bad "cannot create a network namespace (unshare -n needs root or unprivileged user namespaces)"
  finish
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The desktop app trusts the development key of the caller's data dir (its packaged snapshot was
# signed with it), so the desktop step keeps that one; serve uses a fresh one with its own bundle.
caller_data="${PALETTE_DOCS_DATA_DIR-}"
export PALETTE_DOCS_DATA_DIR="$work/data"
mkdir -p "$PALETTE_DOCS_DATA_DIR"

# The bundle is built inside the namespace too: building must not need the network either.
if unshare -n sh -c 'ip link set lo up && exec "$0" bundle build --source docs-bundle --out "$1"' \
  "$bin" "$work/bundle" >"$work/build.log" 2>&1; then
  ok "bundle build with no network"
else
  bad "bundle build with no network:"; cat "$work/build.log"; finish
fi

# Everything below runs in one namespace: serve on port 0, read its URL, fetch with curl.
cat >"$work/inner.sh" <<'INNER'
set -u
bin="$1"; bundle="$2"; work="$3"
. "$4"  # tests/lib/serve.sh
ip link set lo up
# The namespace is set up as intended (only lo); this guards the test itself, it proves nothing about the app.
if ip -o link | grep -v ' lo:' | grep -q .; then echo "FAIL namespace has interfaces besides lo"; exit 1; fi
# serve runs under strace so that every connect() it attempts is on record (checked after it stops).
if command -v strace >/dev/null; then
  printf '#!/bin/sh\nexec strace -f -qq -e trace=connect -o "%s" "%s" "$@"\n' "$work/connects.txt" "$bin" >"$work/traced"
  chmod +x "$work/traced"
  start_serve "$work/traced" "$work/serve" --bundle "$bundle" --port 0
else
  echo "FAIL strace is missing (apt-get install strace): cannot record the app's connection attempts"
  start_serve "$bin" "$work/serve" --bundle "$bundle" --port 0
fi
pid="$serve_pid"
url="$serve_url"
if [ -z "$url" ]; then echo "FAIL serve printed no URL"; cat "$work/serve.err"; pkill -P "$pid"; kill "$pid"; exit 1; fi
check() { # name path expected-substring
  body="$(curl -sS -f -m 10 "${url%/}$2" 2>&1)"
  if [ $? -eq 0 ] && printf '%s' "$body" | grep -q -- "$3"; then echo "ok   $1"; else echo "FAIL $1: $(printf '%s' "$body" | head -c 300)"; fi
}
check "UI index over loopback" "/" "<html"
check "UI script over loopback" "/js/app.bundle.js" "/api/nav"
check "/api/nav over loopback" "/api/nav" "\"items\""
check "/api/search over loopback" "/api/search?q=encryption" "\"results\""
page="$(curl -sS -m 10 "${url%/}/api/search?q=encryption" | grep -o '"route":"[^"]*"' | head -n1 | cut -d'"' -f4)"
if [ -n "$page" ]; then
  page="${page#/}"
  check "a page (/$page) over loopback" "/api/page/${page%/}" "\"html\""
  check "the page's UI route over loopback" "/$page" "<html"
else
  echo "FAIL no search hit to open as a page"
fi
# Stop serve itself (strace, its parent here, ends with it: signalled, strace would only detach).
pkill -TERM -P "$pid" 2>/dev/null; kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
# Every connect() serve attempted (not only the ones that succeeded) went to this machine's loopback.
if [ -f "$work/connects.txt" ]; then
  outside="$(grep 'connect(' "$work/connects.txt" | grep -v -E 'sin_addr=inet_addr\("127\.|sin6_addr, "::1"|sa_family=AF_UNIX' | head -n 3)"
  if [ -z "$outside" ]; then echo "ok   serve attempted no connection beyond loopback ($(grep -c 'connect(' "$work/connects.txt") connect calls seen)"; else echo "FAIL serve tried to connect outside: $outside"; fi
fi
# Exposure: a non-loopback bind is refused without --allow-remote, and warns with it.
timeout 10 "$bin" serve --bundle "$bundle" --bind 0.0.0.0 --port 0 >"$work/remote.out" 2>&1
rc=$?  # 124 means it kept serving until the timeout: accepted
if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && grep -q -- '--allow-remote' "$work/remote.out"; then
  echo "ok   serve --bind 0.0.0.0 without --allow-remote is refused"
else
  echo "FAIL serve --bind 0.0.0.0 without --allow-remote was not refused (exit $rc): $(head -c 300 "$work/remote.out")"
fi
"$bin" serve --bundle "$bundle" --bind 0.0.0.0 --port 0 --allow-remote >"$work/remote.out" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q 'warning:' "$work/remote.out" && break; sleep 0.1; done
if grep -q 'warning: listening on' "$work/remote.out"; then echo "ok   --allow-remote prints a warning"; else echo "FAIL --allow-remote printed no warning: $(head -c 300 "$work/remote.out")"; fi
kill "$pid"; wait "$pid" 2>/dev/null
echo "END of the checks inside the namespace"
INNER
out="$(unshare -n bash "$work/inner.sh" "$bin" "$work/bundle" "$work" "$root/tests/lib/serve.sh" 2>&1)"
inner_rc=$?
echo "$out"
passed=$((passed + $(printf '%s\n' "$out" | grep -c '^ok ')))
failed=$((failed + $(printf '%s\n' "$out" | grep -c '^FAIL')))
# The inner script must run to its end and make every check it lists: a script that dies early
# (or a check that silently stops printing) fails the suite instead of passing with fewer lines.
inner_expected=9
inner_seen=$(printf '%s\n' "$out" | grep -c -E '^(ok |FAIL)')
if [ "$inner_rc" -ne 0 ]; then bad "the checks inside the namespace exited with status $inner_rc"; fi
if ! printf '%s\n' "$out" | grep -q '^END of the checks'; then bad "the checks inside the namespace stopped before their end"; fi
if [ "$inner_seen" -lt "$inner_expected" ]; then bad "only $inner_seen of $inner_expected checks inside the namespace reported"; fi

# Static check on rendered pages (ui/ itself is checked by tests/e2e/static.test.js): no resource
# attribute (src, srcset, poster, <link href>, CSS url()) names a remote host. Plain <a href> to the
# web is allowed: it is shown, never fetched.
if [ ! -d "$work/bundle/pages" ] || [ -z "$(ls -A "$work/bundle/pages")" ]; then
  bad "the compiled snapshot has no pages/ folder to check"; finish
fi
remote="$(grep -rEoh '(src|srcset|poster|data)=\\?"(https?:)?//[^"\\]*|url\((https?:)?//[^)]*|<link[^>]*href=\\?"(https?:)?//[^"\\]*' "$work/bundle/pages" | head -n 5)"
if [ -z "$remote" ]; then ok "no remote resource URL in rendered pages"; else bad "remote resource URL in rendered pages: $remote"; fi

# The desktop window in the same kind of namespace (Xvfb, tauri-driver and WebKitWebDriver use loopback only).
if [ -n "${SKIP_DESKTOP:-}" ]; then
  echo "skip desktop window (SKIP_DESKTOP set)"
elif command -v Xvfb >/dev/null && command -v WebKitWebDriver >/dev/null; then
  if (if [ -n "$caller_data" ]; then export PALETTE_DOCS_DATA_DIR="$caller_data"; else unset PALETTE_DOCS_DATA_DIR; fi
    unshare -n sh -c 'ip link set lo up && exec bash tests/desktop/run.sh') >"$work/desktop.log" 2>&1; then
    ok "desktop window with no network"
  else
    bad "desktop window with no network:"; tail -n 30 "$work/desktop.log"
  fi
elif [ "${CI:-}" = true ]; then
  bad "desktop window: Xvfb or WebKitWebDriver missing (bash scripts/setup.sh --test installs them)"
else
  echo "skip desktop window: Xvfb or WebKitWebDriver missing (under CI=true this fails)"
fi
finish
