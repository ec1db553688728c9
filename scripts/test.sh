#!/usr/bin/env bash
# The whole test suite: installs what is missing, configures, builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --workflow --preset default
