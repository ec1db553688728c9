# Sourced by the release checks (tests/release/check_*.sh): a tally of named checks, the
# simulator and a TLS front end on 127.0.0.1 (free ports, stopped on exit), a test CA, and the
# unpacking of a release archive. Every check script ends with `finish`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
scratch="$(mktemp -d)"
passed=0
failed=0
servers=()

cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAILED: $*" >&2; }
# expect WHAT COMMAND...: passes when COMMAND exits 0; its output is shown only on failure.
expect() {
  local what="$1"
  shift
  if "$@" > "$scratch/out" 2>&1; then pass "$what"; else fail "$what"; sed 's/^/  | /' "$scratch/out" >&2; fi
}
finish() {
  echo "$(basename "$0" .sh): $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# start_server NAME COMMAND...: runs a server that prints its port on its first line; sets PORT.
start_server() {
  local name="$1"
  shift
  "$@" > "$scratch/$name.port" 2> "$scratch/$name.log" &
  servers+=("$!")
  for _ in $(seq 100); do
    PORT="$(head -1 "$scratch/$name.port")"
    [ -n "$PORT" ] && return 0
    sleep 0.05
  done
  echo "$name did not start:" >&2
  cat "$scratch/$name.log" >&2
  exit 1
}

# start_sim SIM_BINARY: jobwait-sim serving scenario.toml; sets SIM_PORT.
start_sim() {
  start_server sim "$1" "$here/scenario.toml"
  SIM_PORT="$PORT"
}

# start_tls_front: HTTPS on a free port in front of the simulator, with a certificate for
# 127.0.0.1 signed by a CA made here ($scratch/tls/ca.pem); sets TLS_PORT.
start_tls_front() {
  local dir="$scratch/tls"
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=jobwait release test CA" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > "$dir/san"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 2 -extfile "$dir/san" -out "$dir/server.pem" 2>/dev/null
  start_server tls python3 "$here/tls_front.py" "$dir/server.pem" "$dir/server.key" "$SIM_PORT"
  TLS_PORT="$PORT"
}

# unpack DIST ARCH: unpacks jobwait-VERSION-linux-ARCH.tar.gz into $scratch; sets UNPACKED.
unpack() {
  local archive
  archive="$(ls "$1"/jobwait-*-linux-"$2".tar.gz)"
  tar -xzf "$archive" -C "$scratch"
  UNPACKED="$scratch/$(basename "$archive" .tar.gz)"
}

# outcome RESULT_JSON: the artifact's outcome.
outcome() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["outcome"])' "$1"; }

# waits_in_root ROOT JOBWAIT ENDPOINT [VAR=VALUE...]: a whole wait on the simulator's job, run
# with chroot inside ROOT with no environment but the given; passes when the job succeeded.
waits_in_root() {
  local root="$1" jobwait="$2" endpoint="$3"
  shift 3
  cp "$here/wait.toml" "$root/wait.toml"
  rm -f "$root/result.json"
  env -i HW_AUTH_TOKEN=release-token JOBWAIT_ENDPOINT="$endpoint" "$@" \
    /usr/sbin/chroot "$root" "$jobwait" run /wait.toml --result /result.json --quiet &&
    [ "$(outcome "$root/result.json")" = succeeded ]
}
