#!/usr/bin/env bash
# The aarch64 binary under qemu-aarch64-static (user-mode emulation, no binfmt needed): it
# says its version and waits on jobwait-sim, as it would on an arm64 runner.
# usage: check_aarch64.sh DIST SIM VERSION
. "$(dirname "$0")/lib.sh"
dist="$1" sim="$2" version="$3"

unpack "$dist" aarch64
jobwait="$UNPACKED/bin/jobwait"
expect "aarch64: jobwait --version is $version" \
  sh -c "[ \"\$(qemu-aarch64-static '$jobwait' --version)\" = 'jobwait $version' ]"
start_sim "$sim"
waits_under_qemu() {
  env -i HW_AUTH_TOKEN=release-token JOBWAIT_ENDPOINT="http://127.0.0.1:$SIM_PORT" \
    qemu-aarch64-static "$jobwait" run "$here/wait.toml" --result "$scratch/result.json" --quiet &&
    [ "$(outcome "$scratch/result.json")" = succeeded ]
}
expect "aarch64: a whole wait on the simulator" waits_under_qemu
finish
