#!/usr/bin/env bash
# The whole test suite: installs what is missing, configures, builds and runs every test.
#   ./scripts/test.sh        the default workflow: GCC, optimized, unit and end-to-end tests
#   ./scripts/test.sh --ci   what CI runs (.ci/run): that, then the asan workflow (clang with
#                            AddressSanitizer and UBSan, the whole suite again), then every
#                            libFuzzer target for FUZZ_SECONDS (default 20) each
set -euo pipefail
cd "$(dirname "$0")/.."

ci=false
case "${1:-}" in
  --ci) ci=true ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--ci]" >&2; exit 2 ;;
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
if $ci; then
  stage "asan workflow" cmake --workflow --preset asan
  stage "fuzzers" ./scripts/fuzz.sh
fi
echo "test.sh: all passed in ${SECONDS}s" >&2
