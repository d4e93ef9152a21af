# Sourced by the package tests, which define `ok`, `fail` and `$scratch`.
#
# check_rpm_verifies RPM BIN PATTERN: unpacks RPM into a scratch root (no rpm database or dependencies
# needed); the package's binary BIN (its path once installed, e.g. /usr/bin/palette-docs) must find and
# verify the snapshot the package carries, as an installed one would, with PATTERN (a grep pattern)
# matching the snapshot folder it names.
check_rpm_verifies() {
  local rpm="$1" bin="$2" pattern="$3"
  local rpm_root="$scratch/rpm-root"
  mkdir -p "$rpm_root"
  if ! command -v rpm2cpio >/dev/null || ! command -v cpio >/dev/null; then
    fail "rpm2cpio or cpio is missing (apt-get install rpm cpio): the .rpm cannot be unpacked"
  # Debian's rpm2cpio exits 1 after writing a complete archive of a zstd payload, so its status says
  # nothing; cpio's status and the unpacked binary's own check below do.
  elif ! (rpm2cpio "$rpm" >"$scratch/rpm.cpio"; cd "$rpm_root" && cpio -idm --quiet <"$scratch/rpm.cpio"); then
    fail "could not unpack $(basename "$rpm")"
  elif env -u PALETTE_DOCS_DEFAULT_BUNDLE "$rpm_root$bin" verify >"$scratch/rpm-verify.log" 2>&1 &&
    grep -q "^OK: .*$rpm_root/.*$pattern" "$scratch/rpm-verify.log"; then
    ok "the .rpm's binary verifies the snapshot the .rpm carries"
  else
    fail "the .rpm's binary did not verify its own snapshot:"; sed 's/^/     /' "$scratch/rpm-verify.log" | tail -n 10
  fi
}
