#!/usr/bin/env bash
# Headless package test (palette-docs-server): checks dist/'s headless .deb, .rpm and .tar.gz as
# scripts/release.sh wrote them. Installs the headless .deb together with the desktop .deb (no file
# may clash), checks the installed binary links nothing graphical, verifies its snapshot, renders its
# man page, serves (loopback and team mode) and answers, then removes both and checks nothing is
# left; unpacks the .rpm and the tarball and has each binary verify the snapshot it carries. Needs
# root (or sudo), apt, rpm2cpio + cpio, man, curl (bash scripts/setup.sh --test installs them).
#
#   tests/package/headless-test.sh [DIST_DIR]
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
dist="$(cd "${1:-$root/dist}" && pwd)"
pkg=palette-docs-server
exe=palette-docs-headless
bin="/usr/bin/$exe"
max_deb_bytes=$((6 * 1024 * 1024))
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
# shellcheck source=tests/package/rpm-check.sh
source "$(dirname "${BASH_SOURCE[0]}")/rpm-check.sh"
finish() {
  echo "headless package: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
scratch="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)

shopt -s nullglob
one() { # PATTERN...: the single file matching, or exit
  local found=("$@")
  [ "${#found[@]}" -eq 1 ] || { echo "headless package: expected one $1 in $dist, found ${#found[@]} (run scripts/release.sh)"; exit 1; }
  echo "${found[0]}"
}
deb="$(one "$dist"/${pkg}_*_amd64.deb)"
rpm="$(one "$dist"/$pkg-*.x86_64.rpm)"
tarball="$(one "$dist"/$pkg-*-x86_64-linux.tar.gz)"
desktop_debs=("$dist"/palette-docs_*_amd64.deb)
desktop_deb="${desktop_debs[0]:-}"

if (cd "$dist" && grep -q "$(basename "$deb")" SHA256SUMS && grep -q "$(basename "$tarball")" SHA256SUMS && sha256sum --quiet -c SHA256SUMS); then
  ok "SHA256SUMS lists and matches the headless packages"
else
  fail "SHA256SUMS does not list or match the headless packages"
fi

deb_bytes="$(stat -c %s "$deb")"
if [ "$deb_bytes" -le "$max_deb_bytes" ]; then ok "$(basename "$deb") is $deb_bytes bytes (at most 6 MiB)"; else fail "$(basename "$deb") is $deb_bytes bytes, over 6 MiB"; fi

depends="$(dpkg-deb -f "$deb" Depends)"
if grep -Eiq 'gtk|webkit|javascriptcore|gdk|x11|wayland' <<<"$depends"; then fail "the .deb depends on something graphical: $depends"; else ok "the .deb depends on nothing graphical: $depends"; fi

# The packages declare the C library floor the binary needs (its newest GLIBC_ symbol version).
dpkg-deb -x "$deb" "$scratch/deb-root"
floor="$(objdump -T "$scratch/deb-root$bin" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)"
if grep -q "libc6 (>= $floor)" <<<"$depends"; then ok "the .deb declares libc6 (>= $floor), the binary's newest GLIBC_ symbol"; else fail "the .deb declares '$depends', the binary needs GLIBC_$floor"; fi
if rpm -qpR "$rpm" 2>/dev/null | grep -q "^glibc >= $floor$"; then ok "the .rpm requires glibc >= $floor"; else fail "the .rpm does not require glibc >= $floor"; fi

# --- installed, side by side with the desktop package ---
for installed in "$pkg" palette-docs; do
  if dpkg -s "$installed" >/dev/null 2>&1; then
    echo "headless package: $installed is already installed; removing it first"
    "${sudo[@]}" apt-get remove -y "$installed" >/dev/null
  fi
done
# Side by side with the desktop package when dist/ has it (scripts/release.sh writes both; CI needs both).
together=("$deb")
if [ -n "$desktop_deb" ]; then
  together+=("$desktop_deb")
elif [ "${CI:-}" = true ]; then
  fail "no desktop palette-docs .deb in $dist: side-by-side installation cannot be checked"
else
  echo "note: no desktop .deb in $dist; installing the headless one alone"
fi
if "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${together[@]}" >"$scratch/apt-install.log" 2>&1; then
  ok "apt-get install $(for f in "${together[@]}"; do basename "$f"; done | tr '\n' ' ')(side by side, no file in both)"
else
  fail "apt-get install of both packages (log below)"; tail -n 20 "$scratch/apt-install.log"
  finish; exit 1
fi

if [ -x "$bin" ]; then ok "$bin installed"; else fail "$bin missing"; fi
graphical="$(ldd "$bin" | grep -Ei 'gtk|webkit|javascriptcore|gdk' || true)"
if [ -z "$graphical" ]; then ok "ldd $bin: $(ldd "$bin" | awk '{print $1}' | tr '\n' ' ')"; else fail "$bin links: $graphical"; fi

if env -u PALETTE_DOCS_DEFAULT_BUNDLE "$bin" verify >"$scratch/verify.log" 2>&1 && grep -Eq "^OK: .*\((/usr/bin/\.\./lib|/usr/lib)/$pkg/default-bundle\)" "$scratch/verify.log"; then
  ok "installed $exe verifies its own package's snapshot"
else
  fail "installed $exe verify:"; sed 's/^/     /' "$scratch/verify.log" | tail -n 5
fi

for page in "$exe" "$exe-serve"; do
  if MANWIDTH=80 man -l "/usr/share/man/man1/$page.1.gz" 2>"$scratch/man.err" | grep -q -- '--allow-remote\|serve'; then
    ok "man -l renders $page(1)"
  else
    fail "man -l $page.1.gz did not render: $(cat "$scratch/man.err")"
  fi
done
installed_files=(/usr/share/bash-completion/completions/$exe /usr/share/zsh/vendor-completions/_$exe /usr/share/fish/vendor_completions.d/$exe.fish)
[ -n "$desktop_deb" ] && installed_files+=(/usr/share/bash-completion/completions/palette-docs /usr/share/man/man1/palette-docs.1.gz)
for f in "${installed_files[@]}"; do
  if [ -s "$f" ]; then ok "$f installed"; else fail "$f missing"; fi
done
if bash -n "/usr/share/bash-completion/completions/$exe"; then ok "the bash completion parses"; else fail "the bash completion does not parse"; fi
if command -v systemd-analyze >/dev/null; then
  if systemd-analyze verify --man=no "/usr/lib/systemd/system/$pkg.service" >"$scratch/unit.log" 2>&1; then
    ok "systemd-analyze verify $pkg.service"
  else
    fail "systemd-analyze verify $pkg.service:"; sed 's/^/     /' "$scratch/unit.log" | tail -n 5
  fi
fi

# serve from the installed binary: URL from its first line, then answers; stopped by its pid.
start_serve() { # DATA_DIR ARGS...
  local data="$1"
  shift
  : >"$scratch/serve.out"
  PALETTE_DOCS_DATA_DIR="$data" "$bin" serve --port 0 "$@" >"$scratch/serve.out" 2>"$scratch/serve.err" &
  server_pid=$!
  for _ in $(seq 1 100); do
    url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$scratch/serve.out" || true)"
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  echo "serve printed no address: $(cat "$scratch/serve.err")"
  return 1
}
stop_serve() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

data="$scratch/serve-data"
mkdir -p "$data"
if start_serve "$data"; then
  if curl -fsS "${url}api/search?q=fips&limit=3" | grep -q '"results":\[{'; then ok "installed serve answers a search"; else fail "installed serve: no search results"; fi
  if curl -fsS "$url" | grep -qi '<!doctype html'; then ok "installed serve answers the UI"; else fail "installed serve: no UI"; fi
  stop_serve
else
  fail "installed serve did not start"
fi
team_data="$scratch/team-data"
mkdir -p "$team_data"
if start_serve "$team_data" --allow-remote; then
  if curl -fsS "${url}api/snapshot" | grep -q '"reader_state":"browser"'; then ok "serve --allow-remote says readers keep their state in the browser"; else fail "serve --allow-remote: no reader_state browser"; fi
  code="$(curl -s -o "$scratch/refused.json" -w '%{http_code}' -X POST -H "Origin: ${url%/}" -H 'Content-Type: application/json' \
    -d '{"route":"/security/","anchor":null,"title":"S","section":null,"note":""}' "${url}api/bookmarks")"
  if [ "$code" = 403 ] && grep -q 'read-only' "$scratch/refused.json"; then ok "serve --allow-remote refuses a bookmark write (403)"; else fail "serve --allow-remote answered $code to a bookmark write"; fi
  stop_serve
  if [ -z "$(ls -A "$team_data")" ]; then ok "serve --allow-remote wrote nothing into its data folder"; else fail "serve --allow-remote wrote: $(ls -A "$team_data")"; fi
else
  fail "installed serve --allow-remote did not start"
fi

installed_pkgs=("$pkg")
[ -n "$desktop_deb" ] && installed_pkgs+=(palette-docs)
installed_list="$(for p in "${installed_pkgs[@]}"; do dpkg -L "$p"; done | sort -u)"
if "${sudo[@]}" apt-get remove -y "${installed_pkgs[@]}" >"$scratch/apt-remove.log" 2>&1; then ok "apt-get remove ${installed_pkgs[*]}"; else fail "apt-get remove (log below)"; tail -n 20 "$scratch/apt-remove.log"; fi
left=()
while IFS= read -r path; do
  [ -n "$path" ] || continue
  if [ -e "$path" ] && [ ! -d "$path" ] && [ "$path" != "/etc/$pkg/serve.env" ]; then left+=("$path"); fi
done <<<"$installed_list"
for dir in /usr/lib/$pkg /usr/share/doc/$pkg; do
  [ -e "$dir" ] && left+=("$dir")
done
if [ "${#left[@]}" -eq 0 ]; then ok "nothing of either package left in /usr after removal (serve.env stays until purge)"; else fail "left behind after removal: ${left[*]}"; fi
"${sudo[@]}" dpkg --purge "$pkg" >/dev/null 2>&1 || true

# --- the .rpm, unpacked (no rpm database needed) ---
check_rpm_verifies "$rpm" "$bin" "$pkg/default-bundle"

# --- the tarball: unpacks anywhere; its binary finds and verifies the snapshot beside it ---
tar_dir="$scratch/tar"
mkdir -p "$tar_dir"
if tar -C "$tar_dir" -xzf "$tarball"; then ok "$(basename "$tarball") unpacks"; else fail "$(basename "$tarball") does not unpack"; fi
top="$(find "$tar_dir" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
for f in bin/$exe lib/$pkg/default-bundle/manifest.json lib/systemd/system/$pkg.service etc/$pkg/serve.env share/man/man1/$exe.1.gz README.md LICENSE; do
  if [ -e "$top/$f" ]; then ok "tarball has $f"; else fail "tarball lacks $f"; fi
done
if env -u PALETTE_DOCS_DEFAULT_BUNDLE "$top/bin/$exe" verify >"$scratch/tar-verify.log" 2>&1 &&
  grep -q "^OK: .*$top/.*$pkg/default-bundle" "$scratch/tar-verify.log"; then
  ok "the tarball's binary verifies the snapshot the tarball carries"
else
  fail "the tarball's binary did not verify its own snapshot:"; sed 's/^/     /' "$scratch/tar-verify.log" | tail -n 10
fi
if man -l "$top/share/man/man1/$exe.1.gz" 2>/dev/null | grep -q serve; then ok "man -l renders the tarball's man page"; else fail "the tarball's man page does not render"; fi

finish
