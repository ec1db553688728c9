#!/usr/bin/env bash
# Installs the Debian 12 packages jobwait needs to build and test, and nothing when all are
# already there (so it is cheap to run before every build).
set -euo pipefail

packages=(
  cmake ninja-build g++ clang libclang-rt-14-dev
  libboost1.81-dev libboost-json1.81-dev libboost-filesystem1.81-dev
  libcurl4-openssl-dev libssl-dev libtomlplusplus-dev catch2 libexpected-dev
  python3-yaml libxml2-utils dpkg-dev
  curl ca-certificates jq python3 python3-jsonschema
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
