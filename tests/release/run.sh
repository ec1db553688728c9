#!/usr/bin/env bash
# The release tests: what scripts/release.sh left in dist/, checked as users' machines and
# tools would use it. Each check prints a line per assertion and a tally; this prints the sum.
# usage: tests/release/run.sh DIST JOBWAIT_SIM
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dist="$(cd "$1" && pwd)" sim="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
version="$(sed -n 's/^project(jobwait VERSION \([0-9][0-9.]*\).*/\1/p' "$here/../../CMakeLists.txt")"

passed=0 failed=0
run() {
  local start=$SECONDS output
  output="$("$@" 2>&1)"
  local status=$?
  printf '%s\n' "$output"
  passed=$((passed + $(printf '%s\n' "$output" | grep -c '^ok: ')))
  failed=$((failed + $(printf '%s\n' "$output" | grep -c '^FAILED: ')))
  if [ $status -ne 0 ] && ! printf '%s\n' "$output" | grep -q '^FAILED: '; then
    failed=$((failed + 1))
    echo "FAILED: $(basename "$2") exited $status"
  fi
  echo "release: $(basename "$2") took $((SECONDS - start))s"
}

run bash "$here/check_archives.sh" "$dist" "$version"
run bash "$here/check_chroot.sh" "$dist" "$sim"
run bash "$here/check_aarch64.sh" "$dist" "$sim" "$version"
run python3 "$here/check_oci.py" "$dist" "$version"
run bash "$here/check_rootfs.sh" "$dist" "$sim"
[ -f "$here/check_install.sh" ] && run sh "$here/check_install.sh" "$dist" "$version"

echo "release tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
