#!/usr/bin/env bash
# The x86_64 binary on other Debian releases: mmdebstrap --variant=minbase root file systems of
# Debian 11 (bullseye) and 13 (trixie), with ca-certificates, cached as tarballs between runs
# (JOBWAIT_ROOTFS_CACHE, default ~/.cache/jobwait/rootfs). In each: --version, explain finds the
# system's CA bundle, a whole wait over HTTP and one over HTTPS. A suite is skipped, saying so,
# only when Debian's mirror cannot be reached.
# usage: check_rootfs.sh DIST SIM
. "$(dirname "$0")/lib.sh"
dist="$1" sim="$2"
cache="${JOBWAIT_ROOTFS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jobwait/rootfs}"
mirror="${JOBWAIT_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
mkdir -p "$cache"

unpack "$dist" x86_64
start_sim "$sim"
start_tls_front

for suite in bullseye trixie; do
  tarball="$cache/$suite.tar"
  if [ ! -f "$tarball" ]; then
    if ! curl -fsS -o /dev/null --max-time 20 "$mirror/dists/$suite/InRelease"; then
      echo "SKIPPED: Debian $suite: the mirror $mirror cannot be reached"
      continue
    fi
    echo "building the Debian $suite root file system (cached in $tarball)"
    mmdebstrap --quiet --variant=minbase --format=tar --include=ca-certificates "$suite" "$tarball.partial" "$mirror"
    mv "$tarball.partial" "$tarball"
  fi
  root="$scratch/$suite"
  mkdir -p "$root"
  tar -xf "$tarball" -C "$root"
  cp "$UNPACKED/bin/jobwait" "$root/usr/local/bin/jobwait"
  expect "Debian $suite: jobwait --version" env -i /usr/sbin/chroot "$root" /usr/local/bin/jobwait --version
  cp "$here/wait.toml" "$root/wait.toml"
  expect "Debian $suite: explain uses the system CA bundle" sh -c "env -i HW_AUTH_TOKEN=t \
    JOBWAIT_ENDPOINT=https://127.0.0.1:$TLS_PORT /usr/sbin/chroot '$root' /usr/local/bin/jobwait explain /wait.toml \
    | grep -q /etc/ssl/certs/ca-certificates.crt"
  expect "Debian $suite: a whole wait over HTTP" \
    waits_in_root "$root" /usr/local/bin/jobwait "http://127.0.0.1:$SIM_PORT"
  cp "$scratch/tls/ca.pem" "$root/test-ca.pem"
  expect "Debian $suite: a whole wait over HTTPS (SSL_CERT_FILE)" \
    waits_in_root "$root" /usr/local/bin/jobwait "https://127.0.0.1:$TLS_PORT" SSL_CERT_FILE=/test-ca.pem
  rm -rf "$root"
done
finish
