#!/usr/bin/env bash
# Quick start: installs what is missing, builds jobwait and its simulator, starts the
# simulator on 127.0.0.1 (a free port) and waits on its demo job: progress on stderr, the
# result artifact on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target jobwait jobwait-sim

build=build/default
coproc SIM { exec "$build/tests/sim/jobwait-sim" examples/demo-scenario.toml; }
trap 'kill "$SIM_PID" 2>/dev/null || true' EXIT
read -r port <&"${SIM[0]}"
echo "quickstart: jobwait-sim is serving the demo job on 127.0.0.1:$port" >&2

status=0
HW_AUTH_TOKEN=demo-token JOBWAIT_ENDPOINT="http://127.0.0.1:$port" \
  "$build/runner/jobwait" run examples/demo.toml --result "$build/demo-result.json" --json || status=$?
echo "quickstart: jobwait exited $status; result artifact: $build/demo-result.json" >&2
exit "$status"
