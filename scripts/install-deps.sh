#!/usr/bin/env bash
# Installs the Debian packages jobwait needs to build and test (Debian 12 and 13), and nothing
# when all are already there (so it is cheap to run before every build).
set -euo pipefail

# Boost 1.81 or later, with Boost.JSON. Debian 13 and later: the unversioned packages (1.83).
# Debian 12: its unversioned Boost is 1.74, which has no Boost.JSON, so the 1.81 packages.
# Another release (a derivative, Ubuntu): the unversioned ones when apt offers a libboost-json-dev
# of 1.81 or later, else the 1.81 ones.
boost_versioned=(libboost1.81-dev libboost-json1.81-dev libboost-filesystem1.81-dev)
boost_unversioned=(libboost-dev libboost-json-dev libboost-filesystem-dev)
codename=""
if [ -r /etc/os-release ]; then
  codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
fi
case "$codename" in
  bookworm) boost=("${boost_versioned[@]}") ;;
  trixie | forky | duke | sid) boost=("${boost_unversioned[@]}") ;;
  *)
    candidate="$(apt-cache policy libboost-json-dev 2>/dev/null | awk '$1 == "Candidate:" { print $2 }')"
    if [ -n "$candidate" ] && [ "$candidate" != "(none)" ] && dpkg --compare-versions "$candidate" ge 1.81; then
      boost=("${boost_unversioned[@]}")
    else
      boost=("${boost_versioned[@]}")
    fi
    ;;
esac

packages=(
  # build: compilers (clang and its sanitizer runtimes for the asan and fuzz presets) and libraries
  cmake ninja-build g++ clang libclang-rt-dev
  "${boost[@]}"
  libcurl4-openssl-dev libssl-dev libtomlplusplus-dev catch2 libexpected-dev
  # tests: examples and plugins (YAML), JUnit (xmllint), the .deb (dpkg-dev), TLS (openssl)
  python3-yaml libxml2-utils dpkg-dev openssl
  curl ca-certificates jq python3 python3-jsonschema
  # tests: the installer and the image's scripts under busybox sh (Alpine's and the image's
  # shell), with wget as the only downloader, and shellcheck over every script
  busybox-static wget shellcheck
)
# The portable release (scripts/release.sh) needs more, and a deb-src entry and the arm64
# architecture besides: scripts/release/install-deps.sh installs those.

# One dpkg-query for all (it fails for a package it has never heard of: not installed either).
installed="$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null | awk '/ install ok installed$/ { print $1 }' || true)"
missing=()
for p in "${packages[@]}"; do
  grep -qxF "$p" <<< "$installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
