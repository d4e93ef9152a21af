#!/usr/bin/env bash
# Package install test: installs dist/*.deb with apt, checks the installed app (verify + desktop
# smoke test), removes it and checks nothing of ours is left in /usr; then checks the .rpm
# carries the same files as the .deb. Needs root (or sudo), apt, rpm, and what
# tests/desktop/run.sh needs. Run scripts/release.sh first.
#
#   tests/package/install-test.sh [DIST_DIR]
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
dist="$(cd "${1:-$root/dist}" && pwd)"
pkg=palette-docs
bin=/usr/bin/palette-docs
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() {
  echo "package: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)

shopt -s nullglob
debs=("$dist"/*.deb)
rpms=("$dist"/*.rpm)
[ "${#debs[@]}" -eq 1 ] || { echo "package: expected one .deb in $dist, found ${#debs[@]} (run scripts/release.sh)"; exit 1; }
[ "${#rpms[@]}" -eq 1 ] || { echo "package: expected one .rpm in $dist, found ${#rpms[@]} (run scripts/release.sh)"; exit 1; }
deb="${debs[0]}"
rpm="${rpms[0]}"

# Regular files and symlinks only: the two formats list directories differently.
deb_files() { dpkg-deb -c "$deb" | awk '$1 ~ /^[-l]/ { sub(/^\.?\//, "", $6); print "/" $6 }' | sort; }
rpm_files() { rpm -qlvp "$rpm" 2>/dev/null | awk '$1 ~ /^[-l]/ { sub(/^\.?\//, "", $9); print "/" $9 }' | sort; }

if (cd "$dist" && sha256sum --quiet -c SHA256SUMS); then ok "SHA256SUMS matches the packages"; else fail "SHA256SUMS does not match"; fi

if diff <(deb_files) <(rpm_files) >/tmp/palette-pkg-diff.txt; then
  ok ".rpm lists the same $(deb_files | wc -l) files as the .deb"
else
  fail ".rpm and .deb file lists differ:"; sed 's/^/     /' /tmp/palette-pkg-diff.txt
fi

if dpkg -s "$pkg" >/dev/null 2>&1; then
  echo "package: $pkg is already installed; removing it first"
  "${sudo[@]}" apt-get remove -y "$pkg" >/dev/null
fi

if "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$deb" >/tmp/palette-apt-install.log 2>&1; then
  ok "apt-get install $(basename "$deb")"
else
  fail "apt-get install (log: /tmp/palette-apt-install.log)"; tail -n 20 /tmp/palette-apt-install.log
  finish; exit 1
fi

if [ -x "$bin" ]; then ok "$bin installed"; else fail "$bin missing"; fi
if desktop-file-validate --help >/dev/null 2>&1; then
  if desktop-file-validate /usr/share/applications/palette-docs.desktop; then ok "desktop entry validates"; else fail "desktop entry invalid"; fi
fi
if grep -q '^Name=Palette Docs Offline$' /usr/share/applications/palette-docs.desktop; then
  ok "desktop entry named Palette Docs Offline"
else
  fail "desktop entry missing or misnamed"
fi
if command -v appstreamcli >/dev/null; then
  if appstreamcli validate --no-net /usr/share/metainfo/*palette*.metainfo.xml >/dev/null; then ok "AppStream metainfo validates"; else fail "AppStream metainfo invalid"; fi
fi

if "$bin" verify --help >/dev/null 2>&1; then
  if "$bin" verify; then ok "installed palette-docs verify"; else fail "installed palette-docs verify"; fi
else
  echo "note: this build has no 'verify' subcommand; checking --help instead"
  if "$bin" --help >/dev/null; then ok "installed palette-docs --help"; else fail "installed palette-docs --help"; fi
fi

if "$root/tests/desktop/run.sh" "$bin"; then ok "desktop smoke test against $bin"; else fail "desktop smoke test against $bin"; fi

installed_list="$(dpkg -L "$pkg" | sort)"
if "${sudo[@]}" apt-get remove -y "$pkg" >/tmp/palette-apt-remove.log 2>&1; then ok "apt-get remove $pkg"; else fail "apt-get remove (log: /tmp/palette-apt-remove.log)"; fi

# Everything the package installed, files and its own folders, must be gone (shared folders such
# as /usr/share/applications legitimately stay).
left=()
while IFS= read -r path; do
  [ -n "$path" ] || continue
  if [ -e "$path" ] && [ ! -d "$path" ]; then left+=("$path"); fi
done <<<"$installed_list"
for dir in /usr/lib/palette-docs /usr/share/doc/palette-docs; do
  [ -e "$dir" ] && left+=("$dir")
done
if [ "${#left[@]}" -eq 0 ]; then
  ok "nothing of $pkg left in /usr after removal"
else
  fail "left behind after removal: ${left[*]}"
fi

finish
