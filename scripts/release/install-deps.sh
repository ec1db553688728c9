#!/usr/bin/env bash
# Installs what scripts/release.sh and its tests (tests/release/) need beyond scripts/install-deps.sh,
# all from Debian: a deb-src entry for `apt-get source curl`, the arm64 architecture for the
# aarch64 libraries (multiarch), the cross compiler, static c-ares and nghttp2, qemu-user-static
# to run aarch64 binaries, and mmdebstrap and skopeo for the tests. Cheap when all are there.
#
# usage: scripts/release/install-deps.sh [ARCH...]   (x86_64, aarch64; default both)
set -euo pipefail
[ $# -gt 0 ] || set -- x86_64 aarch64

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
updated=false
update() { $updated || { $sudo apt-get update -qq; updated=true; }; }

# Debian's own mirrors for source packages, as the binary entries name them (deb822 or one-line).
if ! apt-get indextargets --format '$(CREATED_BY)' 2>/dev/null | grep -q '^Sources$'; then
  echo "release/install-deps: adding deb-src entries for Debian's source packages" >&2
  . /etc/os-release
  $sudo tee /etc/apt/sources.list.d/jobwait-deb-src.sources >/dev/null <<SOURCES
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $VERSION_CODENAME $VERSION_CODENAME-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: $VERSION_CODENAME-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  updated=false
  update
fi

packages=(dpkg-dev file binutils busybox-static skopeo mmdebstrap qemu-user-static
          zlib1g-dev libssl-dev libc-ares-dev libnghttp2-dev)
for arch in "$@"; do
  case "$arch" in
    x86_64) ;;
    aarch64)
      if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        $sudo dpkg --add-architecture arm64
        updated=false
      fi
      packages+=(g++-aarch64-linux-gnu binutils-aarch64-linux-gnu
                 libssl-dev:arm64 zlib1g-dev:arm64 libc-ares-dev:arm64 libnghttp2-dev:arm64
                 libboost1.81-dev:arm64 libboost-json1.81-dev:arm64 libboost-filesystem1.81-dev:arm64) ;;
    *) echo "release/install-deps: unknown architecture $arch (x86_64 or aarch64)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "release/install-deps: installing ${missing[*]}" >&2
update
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
