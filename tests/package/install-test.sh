#!/usr/bin/env bash
# Package install test: installs dist/*.deb with apt, checks the installed app (verify + desktop
# smoke test), removes it and checks nothing of ours is left in /usr; checks the .rpm carries the
# same files as the .deb and that its binary, unpacked into a scratch root, verifies its own
# snapshot. Needs root (or sudo), apt, rpm, rpm2cpio + cpio, desktop-file-validate, appstreamcli,
# and what tests/desktop/run.sh needs (bash scripts/setup.sh --test installs them all). Run
# scripts/release.sh first.
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
# shellcheck source=tests/package/rpm-check.sh
source "$(dirname "${BASH_SOURCE[0]}")/rpm-check.sh"
finish() {
  echo "package: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)

shopt -s nullglob
# The desktop packages (the headless palette-docs-server ones: tests/package/headless-test.sh).
debs=("$dist"/palette-docs_*.deb)
rpms=("$dist"/palette-docs-[0-9]*.rpm)
[ "${#debs[@]}" -eq 1 ] || { echo "package: expected one .deb in $dist, found ${#debs[@]} (run scripts/release.sh)"; exit 1; }
[ "${#rpms[@]}" -eq 1 ] || { echo "package: expected one .rpm in $dist, found ${#rpms[@]} (run scripts/release.sh)"; exit 1; }
deb="${debs[0]}"
rpm="${rpms[0]}"

# Regular files and symlinks only: the two formats list directories differently.
deb_files() { dpkg-deb -c "$deb" | awk '$1 ~ /^[-l]/ { sub(/^\.?\//, "", $6); print "/" $6 }' | sort; }
# zsh completions go where each family's zsh looks: vendor-completions (Debian), site-functions (RPM).
rpm_files() { rpm -qlvp "$rpm" 2>/dev/null | awk '$1 ~ /^[-l]/ { sub(/^\.?\//, "", $9); print "/" $9 }' | sed 's|^/usr/share/zsh/site-functions/|/usr/share/zsh/vendor-completions/|' | sort; }

if (cd "$dist" && sha256sum --quiet -c SHA256SUMS); then ok "SHA256SUMS matches the packages"; else fail "SHA256SUMS does not match"; fi
for f in /usr/share/man/man1/palette-docs.1.gz /usr/share/bash-completion/completions/palette-docs /usr/share/fish/vendor_completions.d/palette-docs.fish; do
  if deb_files | grep -qx "$f"; then ok ".deb carries $f"; else fail ".deb lacks $f"; fi
done

if diff <(deb_files) <(rpm_files) >"$scratch/pkg-diff.txt"; then
  ok ".rpm lists the same $(deb_files | wc -l) files as the .deb"
else
  fail ".rpm and .deb file lists differ:"; sed 's/^/     /' "$scratch/pkg-diff.txt"
fi

if dpkg -s "$pkg" >/dev/null 2>&1; then
  echo "package: $pkg is already installed; removing it first"
  "${sudo[@]}" apt-get remove -y "$pkg" >/dev/null
fi

if "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$deb" >"$scratch/apt-install.log" 2>&1; then
  ok "apt-get install $(basename "$deb")"
else
  fail "apt-get install (log below)"; tail -n 20 "$scratch/apt-install.log"
  finish; exit 1
fi

if [ -x "$bin" ]; then ok "$bin installed"; else fail "$bin missing"; fi
if ! command -v desktop-file-validate >/dev/null; then
  fail "desktop-file-validate is missing (apt-get install desktop-file-utils): the desktop entry cannot be checked"
elif desktop-file-validate /usr/share/applications/palette-docs.desktop; then ok "desktop entry validates"; else fail "desktop entry invalid"; fi
if grep -q '^Name=Palette Docs Offline$' /usr/share/applications/palette-docs.desktop; then
  ok "desktop entry named Palette Docs Offline"
else
  fail "desktop entry missing or misnamed"
fi
metainfo=(/usr/share/metainfo/*palette*.metainfo.xml)
if ! command -v appstreamcli >/dev/null; then
  fail "appstreamcli is missing (apt-get install appstream): the AppStream metainfo cannot be checked"
elif [ "${#metainfo[@]}" -ne 1 ]; then
  fail "expected one AppStream metainfo file, found ${#metainfo[@]}"
elif appstreamcli validate --no-net "${metainfo[0]}" >/dev/null; then ok "AppStream metainfo validates"; else fail "AppStream metainfo invalid"; fi

if "$bin" verify; then ok "installed palette-docs verify"; else fail "installed palette-docs verify"; fi

if "$root/tests/desktop/run.sh" "$bin"; then ok "desktop smoke test against $bin"; else fail "desktop smoke test against $bin"; fi

# The .rpm itself: unpacked into a scratch root (no rpm database or dependencies needed), its
# binary must find and verify the snapshot it carries, exactly as an installed one would.
check_rpm_verifies "$rpm" /usr/bin/palette-docs default-bundle

installed_list="$(dpkg -L "$pkg" | sort)"
if "${sudo[@]}" apt-get remove -y "$pkg" >"$scratch/apt-remove.log" 2>&1; then ok "apt-get remove $pkg"; else fail "apt-get remove (log below)"; tail -n 20 "$scratch/apt-remove.log"; fi

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
