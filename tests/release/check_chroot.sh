#!/usr/bin/env bash
# The x86_64 binary alone in an otherwise empty root (chroot): no libraries, no /etc, no CA
# bundle. It runs, lists its providers, waits on jobwait-sim over HTTP, and over HTTPS with a
# CA of the test's own given by SSL_CERT_FILE; with no CA bundle anywhere it ends with exit 6
# and says what it tried, never sending in the clear.
# usage: check_chroot.sh DIST SIM
. "$(dirname "$0")/lib.sh"
dist="$1" sim="$2"

unpack "$dist" x86_64
root="$scratch/root"
mkdir -p "$root/bin"
cp "$UNPACKED/bin/jobwait" "$root/bin/jobwait"
expect "the root holds nothing but bin/jobwait" sh -c "[ \"\$(cd '$root' && find . -mindepth 1 | sort | tr '\n' ' ')\" = './bin ./bin/jobwait ' ]"

expect "jobwait --version in an empty root" env -i /usr/sbin/chroot "$root" /bin/jobwait --version
expect "jobwait providers in an empty root" sh -c "env -i /usr/sbin/chroot '$root' /bin/jobwait providers | grep -q '^cce:'"

start_sim "$sim"
expect "a whole wait over HTTP in an empty root" waits_in_root "$root" /bin/jobwait "http://127.0.0.1:$SIM_PORT"

start_tls_front
cp "$scratch/tls/ca.pem" "$root/test-ca.pem"
expect "a whole wait over HTTPS, trusting SSL_CERT_FILE" \
  waits_in_root "$root" /bin/jobwait "https://127.0.0.1:$TLS_PORT" SSL_CERT_FILE=/test-ca.pem
expect "explain names SSL_CERT_FILE's bundle" sh -c "env -i SSL_CERT_FILE=/test-ca.pem HW_AUTH_TOKEN=t \
  JOBWAIT_ENDPOINT=https://127.0.0.1:$TLS_PORT /usr/sbin/chroot '$root' /bin/jobwait explain /wait.toml | grep -q /test-ca.pem"

# No bundle at all: exit 6 (api_error) at the first HTTPS request, naming what was tried.
status=0
env -i HW_AUTH_TOKEN=release-token JOBWAIT_ENDPOINT="https://127.0.0.1:$TLS_PORT" \
  /usr/sbin/chroot "$root" /bin/jobwait run /wait.toml --result /result.json --quiet 2> "$scratch/no-ca.err" || status=$?
expect "with no CA bundle anywhere: exit 6 (got $status)" test "$status" -eq 6
expect "with no CA bundle anywhere: the message names SSL_CERT_FILE and a system bundle path" \
  sh -c "grep -q SSL_CERT_FILE '$scratch/no-ca.err' && grep -q /etc/ssl/certs/ca-certificates.crt '$scratch/no-ca.err'"
finish
