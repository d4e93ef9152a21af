#!/usr/bin/env bash
# Packages the headless reader (palette-docs-headless: every subcommand but the window, no GTK or
# WebKit) as palette-docs-server .deb and .rpm and a relocatable .tar.gz, without Tauri:
# dpkg-deb and rpmbuild over one staged tree. scripts/release.sh calls it; by hand:
#
#   scripts/package-headless.sh BINARY SNAPSHOT_DIR PACKAGE_FILES_DIR OUT_DIR VERSION
#
# BINARY: a release palette-docs-headless; SNAPSHOT_DIR: the signed packaged snapshot the binary
# trusts; PACKAGE_FILES_DIR: what `palette-docs-headless generate-package-files --out` wrote.
#
# Layout (no file shared with the desktop package palette-docs, so both install side by side; each
# carries its own copy of the same signed snapshot, 1-2 MB, so either works alone):
#   /usr/bin/palette-docs-headless
#   /usr/lib/palette-docs-server/default-bundle/        the packaged snapshot
#   /usr/lib/systemd/system/palette-docs-server.service, /etc/palette-docs-server/serve.env
#   /usr/share/man/man1/palette-docs-headless*.1.gz, bash/zsh/fish completions
#   /usr/share/doc/palette-docs-server/                  README.md, copyright
# The tarball has the same tree under palette-docs-server-VERSION-x86_64-linux/ with bin/, lib/,
# share/ and etc/ at its top: the binary finds the snapshot at ../lib/palette-docs-server/.
#
# The C library floor is read from the binary (its newest GLIBC_ symbol version) and declared as
# the packages' dependency.
set -euo pipefail

[ "$#" -eq 5 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
bin="$1" snapshot="$2" package_files="$3" out="$4" version="$5"
root="$(cd "$(dirname "$0")/.." && pwd)"
pkg=palette-docs-server
exe=palette-docs-headless
arch_deb=amd64
arch_rpm=x86_64
packaging="$root/src-tauri/packaging/server"
work="$root/target/headless-package"

die() { echo "package-headless: $*" >&2; exit 1; }
for tool in dpkg-deb rpmbuild objdump gzip tar; do
  command -v "$tool" >/dev/null || die "$tool is missing (bash scripts/setup.sh --test installs it)"
done
[ -x "$bin" ] || die "$bin is not an executable palette-docs-headless"
[ -f "$snapshot/manifest.json" ] || die "$snapshot is not a compiled snapshot (no manifest.json)"
[ -f "$package_files/man/man1/$exe.1" ] || die "$package_files has no man pages (run $exe generate-package-files --out $package_files)"

# Nothing graphical may have crept in.
if ldd "$bin" | grep -Eiq 'gtk|webkit|javascriptcore|gdk|glib'; then
  die "$bin links a graphical library: $(ldd "$bin" | grep -Ei 'gtk|webkit|javascriptcore|gdk|glib' | tr '\n' ' ')"
fi
glibc="$(objdump -T "$bin" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)"
[[ "$glibc" =~ ^2\.[0-9]+$ ]] || die "could not read the GLIBC_ symbol versions of $bin"

# One staged tree, laid out as installed (zsh's folder is chosen per format below).
stage_tree() { # DEST ZSH_DIR
  local dest="$1" zsh_dir="$2"
  install -D -m 0755 "$bin" "$dest/usr/bin/$exe"
  mkdir -p "$dest/usr/lib/$pkg"
  cp -R "$snapshot" "$dest/usr/lib/$pkg/default-bundle"
  install -D -m 0644 "$packaging/$pkg.service" "$dest/usr/lib/systemd/system/$pkg.service"
  install -D -m 0644 "$packaging/serve.env" "$dest/etc/$pkg/serve.env"
  mkdir -p "$dest/usr/share/man/man1"
  for page in "$package_files"/man/man1/"$exe"*.1; do
    gzip -9nc "$page" >"$dest/usr/share/man/man1/$(basename "$page").gz"
  done
  install -D -m 0644 "$package_files/completions/bash/$exe" "$dest/usr/share/bash-completion/completions/$exe"
  install -D -m 0644 "$package_files/completions/zsh/_$exe" "$dest/$zsh_dir/_$exe"
  install -D -m 0644 "$package_files/completions/fish/$exe.fish" "$dest/usr/share/fish/vendor_completions.d/$exe.fish"
  install -D -m 0644 "$root/README.md" "$dest/usr/share/doc/$pkg/README.md"
  install -D -m 0644 "$packaging/copyright" "$dest/usr/share/doc/$pkg/copyright"
  chmod -R u=rwX,go=rX "$dest"
}

description_short="Offline reader for the Palette Security documentation, without a desktop"
description_long="Serves, searches and verifies a signed snapshot of the Spectro Cloud Palette Security
documentation on hosts with no desktop (jump hosts, team servers): the palette-docs
reader without its window, linking only the C library. Includes a systemd unit that
serves the reader read-only to a team."

rm -rf "$work"
mkdir -p "$work" "$out"

# --- .deb ---
deb_root="$work/deb"
stage_tree "$deb_root" usr/share/zsh/vendor-completions
mkdir -p "$deb_root/DEBIAN"
installed_kb="$(du -sk --exclude=DEBIAN "$deb_root" | cut -f1)"
{
  echo "Package: $pkg"
  echo "Version: $version"
  echo "Architecture: $arch_deb"
  echo "Maintainer: Palette Docs Offline developers <palette-docs-offline@users.noreply.github.com>"
  echo "Installed-Size: $installed_kb"
  echo "Depends: libc6 (>= $glibc), libgcc-s1 | libgcc1"
  echo "Section: doc"
  echo "Priority: optional"
  echo "Homepage: https://github.com/palette-docs-offline/palette-docs-offline"
  echo "Description: $description_short"
  sed 's/^/ /' <<<"$description_long"
} >"$deb_root/DEBIAN/control"
echo "/etc/$pkg/serve.env" >"$deb_root/DEBIAN/conffiles"
deb="$out/${pkg}_${version}_${arch_deb}.deb"
dpkg-deb --root-owner-group -Zxz --build "$deb_root" "$deb" >/dev/null

# --- .rpm --- (the staged tree copied in as the build root; the binary is already stripped)
rpm_top="$work/rpmbuild"
rpm_stage="$work/rpm-stage"
stage_tree "$rpm_stage" usr/share/zsh/site-functions
mkdir -p "$rpm_top"/{BUILD,RPMS,SPECS,SOURCES,SRPMS}
spec="$rpm_top/SPECS/$pkg.spec"
{
  echo "Name: $pkg"
  echo "Version: $version"
  echo "Release: 1"
  echo "Summary: $description_short"
  echo "License: Apache-2.0"
  echo "URL: https://github.com/palette-docs-offline/palette-docs-offline"
  echo "Requires: glibc >= $glibc"
  echo "%global debug_package %{nil}"
  echo "%global __os_install_post %{nil}"
  echo "%description"
  echo "$description_long"
  echo "%install"
  echo "cp -a '$rpm_stage'/. %{buildroot}/"
  echo "%files"
  echo "/usr/bin/$exe"
  echo "/usr/lib/$pkg"
  echo "/usr/lib/systemd/system/$pkg.service"
  echo "%dir /etc/$pkg"
  echo "%config(noreplace) /etc/$pkg/serve.env"
  echo "/usr/share/man/man1/$exe*.1.gz"
  echo "/usr/share/bash-completion/completions/$exe"
  echo "/usr/share/zsh/site-functions/_$exe"
  echo "/usr/share/fish/vendor_completions.d/$exe.fish"
  echo "/usr/share/doc/$pkg"
} >"$spec"
rpmbuild -bb --quiet --define "_topdir $rpm_top" --define "_build_id_links none" "$spec" >"$work/rpmbuild.log" 2>&1 ||
  { tail -n 20 "$work/rpmbuild.log" >&2; die "rpmbuild failed (log above)"; }
rpm="$out/$pkg-$version-1.$arch_rpm.rpm"
cp "$rpm_top/RPMS/$arch_rpm/$pkg-$version-1.$arch_rpm.rpm" "$rpm"

# --- .tar.gz --- (a prefix: bin/, lib/, share/, etc/; the unit assumes /usr/bin, see README)
name="$pkg-$version-$arch_rpm-linux"
tar_root="$work/tar/$name"
mkdir -p "$tar_root"
cp -R "$deb_root/usr/." "$tar_root/"
cp -R "$deb_root/etc" "$tar_root/etc"
cp "$root/README.md" "$tar_root/README.md"
if [ -f /usr/share/common-licenses/Apache-2.0 ]; then
  cp /usr/share/common-licenses/Apache-2.0 "$tar_root/LICENSE"
else
  cp "$packaging/copyright" "$tar_root/LICENSE"
fi
tarball="$out/$name.tar.gz"
tar -C "$work/tar" --owner=0 --group=0 --sort=name -czf "$tarball" "$name"

echo "glibc floor of $exe: GLIBC_$glibc"
for f in "$deb" "$rpm" "$tarball"; do echo "$f"; done
