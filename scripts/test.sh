#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it (.ci/run): installs what is missing, then
#   1. the default workflow: GCC, optimized, unit, end-to-end, example and install tests;
#   2. the asan workflow: clang with AddressSanitizer and UBSan, the whole suite again;
#   3. every libFuzzer target for FUZZ_SECONDS (default 20) each, with a fixed seed;
#   4. the release preset (what `cmake --preset release` users build), with -Werror;
#   5. the portable release: scripts/release.sh for x86_64 and aarch64, then tests/release/
#      on what it left in dist/ (an empty chroot, Debian 11 and 13, qemu, the OCI image, the
#      installer).
#   ./scripts/test.sh --quick   only step 1, for a fast local loop
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
case "${1:-}" in
  --quick) quick=true ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--quick]" >&2; exit 2 ;;
esac

./scripts/install-deps.sh

stage() {
  local name="$1"
  shift
  local start=$SECONDS
  echo "test.sh: == $name" >&2
  "$@"
  echo "test.sh: == $name passed in $((SECONDS - start))s" >&2
}

stage "default workflow" cmake --workflow --preset default
if ! $quick; then
  stage "asan workflow" cmake --workflow --preset asan
  stage "fuzzers" ./scripts/fuzz.sh
  stage "release preset" cmake --workflow --preset release
  stage "portable release" ./scripts/release.sh
  stage "release tests" ./tests/release/run.sh dist build/default/tests/sim/jobwait-sim
fi
echo "test.sh: all passed in ${SECONDS}s" >&2
