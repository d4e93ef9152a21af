#!/usr/bin/env bash
# Release: compiles the default documentation snapshot, builds both binaries, the desktop .deb and
# .rpm (palette-docs, with the window) and the headless .deb, .rpm and .tar.gz (palette-docs-server:
# palette-docs-headless, no GTK or WebKit), and writes them all plus SHA256SUMS into dist/.
#
#   scripts/release.sh
#   PALETTE_DOCS_BIN=target/debug/palette-docs scripts/release.sh   compile the snapshot with a
#       palette-docs already built (any profile): the release binaries are then compiled only once
#       (scripts/test.sh does this)
#
# Both release binaries are built by one cargo invocation, so the workspace's dependencies are
# compiled once for both; `tauri bundle` then packages the desktop one without compiling. Man pages and shell
# completions of both binaries are generated from the command line itself
# (`palette-docs-headless generate-package-files`) and installed by both packages.
#
# Signing: the snapshot is signed by `palette-docs bundle build`; set the release key the way
# that command documents (without one it signs with a throw-away development key, and the app
# labels the snapshot accordingly). Both binaries trust the same compiled-in key, and each package
# carries its own copy of the same signed snapshot. Windows (msi/nsis) and macOS (dmg) packages are
# configured in src-tauri/tauri.conf.json but must be built on those systems:
# `npx @tauri-apps/cli@2 build`. AppImage is not built: its tooling downloads helpers at build
# time, which air-gapped CI cannot.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dist="$root/dist"
snapshot_src="${SNAPSHOT_SOURCE:-docs-bundle}"
snapshot_out="$root/target/default-bundle"
tauri_cli=(npx --yes @tauri-apps/cli@2)

step() { printf '\n==> %s\n' "$*"; }
die() { echo "release: $*" >&2; exit 1; }

command -v cargo >/dev/null || die "cargo is missing (https://rustup.rs)"
command -v npx >/dev/null || die "npx is missing (Node.js 18 or newer)"

# The snapshot's signer must be known before the packaged binary is compiled (its key is compiled
# in, below), so a first palette-docs compiles the snapshot. Setting that key changes the build's
# environment, which recompiles the engine and the app once more below: give
# PALETTE_DOCS_BIN to skip this first release build.
if [ -n "${PALETTE_DOCS_BIN:-}" ]; then
  bin="$PALETTE_DOCS_BIN"
  [ -x "$bin" ] || die "PALETTE_DOCS_BIN=$bin is not an executable palette-docs"
else
  step "building palette-docs (release)"
  cargo build --release --locked -p palette-docs --features custom-protocol
  bin="$root/target/release/palette-docs"
fi

step "compiling the default snapshot from $snapshot_src"
"$bin" bundle build --help >/dev/null 2>&1 ||
  die "this palette-docs has no 'bundle build' subcommand yet; the snapshot cannot be compiled"
rm -rf "$snapshot_out"
"$bin" bundle build --source "$snapshot_src" --out "$snapshot_out"
[ -n "$(ls -A "$snapshot_out" 2>/dev/null)" ] || die "$snapshot_out is empty after 'bundle build'"

# The app trusts only keys compiled into it (plus a developer's own local key): compile in the
# key that signed this snapshot. A release key (PALETTE_DOCS_SIGNING_KEY) is trusted as a release
# signer, the throw-away development key as a development signer (the UI labels it so).
public_key="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).public_key)' "$snapshot_out/manifest.sig")"
[[ "$public_key" =~ ^[0-9a-f]{64}$ ]] || die "could not read the signer's public key from $snapshot_out/manifest.sig"
if [ -n "${PALETTE_DOCS_SIGNING_KEY:-}" ]; then
  export PALETTE_DOCS_RELEASE_KEYS="$public_key"
else
  export PALETTE_DOCS_DEV_KEYS="$public_key"
  echo "note: signed with this machine's development key $public_key (set PALETTE_DOCS_SIGNING_KEY for a release)"
fi

step "building palette-docs and palette-docs-headless (release, one cargo invocation)"
cargo build --release --locked -p palette-docs -p palette-docs-cli --bins --features palette-docs/custom-protocol
headless="$root/target/release/palette-docs-headless"
version="$(cargo metadata --no-deps --format-version 1 --locked |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s).packages.find(p=>p.name==="palette-docs");console.log(p.version)})')"

step "generating man pages and shell completions"
package_files="$root/target/package-files"
rm -rf "$package_files"
"$headless" generate-package-files --out "$package_files"
# The desktop package's share of them, as extra files for `tauri bundle` (merged into
# tauri.conf.json): man pages gzipped, zsh's folder as each distribution family has it.
desktop_files="$package_files/desktop"
mkdir -p "$desktop_files"
for page in "$package_files"/man/man1/palette-docs*.1; do
  case "$(basename "$page")" in palette-docs-headless*) continue ;; esac
  gzip -9nc "$page" >"$desktop_files/$(basename "$page").gz"
done
node - "$package_files" >"$package_files/tauri-files.json" <<'JS'
const fs = require("fs");
const path = require("path");
const dir = process.argv[2];
const common = {};
for (const f of fs.readdirSync(path.join(dir, "desktop")).sort()) {
  common[`/usr/share/man/man1/${f}`] = path.join(dir, "desktop", f);
}
common["/usr/share/bash-completion/completions/palette-docs"] = path.join(dir, "completions/bash/palette-docs");
common["/usr/share/fish/vendor_completions.d/palette-docs.fish"] = path.join(dir, "completions/fish/palette-docs.fish");
const zsh = path.join(dir, "completions/zsh/_palette-docs");
const metainfo = {
  "/usr/share/metainfo/io.github.palette_docs_offline.PaletteDocs.metainfo.xml":
    "packaging/io.github.palette_docs_offline.PaletteDocs.metainfo.xml",
};
const deb = { ...metainfo, ...common, "/usr/share/zsh/vendor-completions/_palette-docs": zsh };
const rpm = { ...metainfo, ...common, "/usr/share/zsh/site-functions/_palette-docs": zsh };
console.log(JSON.stringify({ bundle: { linux: { deb: { files: deb }, rpm: { files: rpm } } } }, null, 2));
JS

step "building the desktop .deb and .rpm packages"
rm -rf "$root/target/release/bundle/deb" "$root/target/release/bundle/rpm"
# `tauri bundle`, not `tauri build`: the binary is built above, and `tauri build` would compile
# palette-docs once more (the merged --config reaches tauri-build's script, which then reruns).
(cd "$root/src-tauri" && "${tauri_cli[@]}" bundle --ci --bundles deb,rpm --config "$package_files/tauri-files.json")
# Verify with the packaged binaries and a user that has no local development key: exactly what a
# fresh install on another machine will do.
for packaged in "$root/target/release/palette-docs" "$headless"; do
  env -u XDG_DATA_HOME HOME="$(mktemp -d)" PALETTE_DOCS_DATA_DIR= "$packaged" verify "$snapshot_out" ||
    die "$(basename "$packaged") does not accept the packaged snapshot"
done

deb="$root/target/release/bundle/deb/palette-docs_${version}_amd64.deb"
rpm="$root/target/release/bundle/rpm/palette-docs-${version}-1.x86_64.rpm"
[ -f "$deb" ] || die "expected $deb; found: $(ls "$root"/target/release/bundle/deb 2>/dev/null)"
[ -f "$rpm" ] || die "expected $rpm; found: $(ls "$root"/target/release/bundle/rpm 2>/dev/null)"

# The packaged snapshot must be the one compiled above, not an empty placeholder folder.
# (Listed first, then searched: `grep -q` stopping early would kill dpkg-deb with SIGPIPE under pipefail.)
deb_listing="$(dpkg-deb -c "$deb")"
grep -q '/default-bundle/.' <<<"$deb_listing" || die "$deb carries no default snapshot"

step "writing $dist"
rm -rf "$dist"
mkdir -p "$dist"
cp "$deb" "$rpm" "$dist/"

step "building the headless .deb, .rpm and .tar.gz (palette-docs-server)"
bash "$root/scripts/package-headless.sh" "$headless" "$snapshot_out" "$package_files" "$dist" "$version"
(cd "$dist" && sha256sum -- *.deb *.rpm *.tar.gz >SHA256SUMS)

step "done"
(cd "$dist" && cat SHA256SUMS)
for f in "$dist"/*.deb "$dist"/*.rpm "$dist"/*.tar.gz; do
  printf '%-48s %8.2f MB\n' "$(basename "$f")" "$(awk -v b="$(stat -c %s "$f")" 'BEGIN{print b/1048576}')"
done
installed_kb="$(dpkg-deb -f "$deb" Installed-Size)"
printf '%-48s %8.2f MB\n' "installed size (deb Installed-Size)" "$(awk -v k="$installed_kb" 'BEGIN{print k/1024}')"
