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

# Node.js and npm for the npm tools below. A Node.js already on PATH (say NodeSource's, whose
# nodejs package brings its own npm) is kept: Debian's npm would conflict with it.
command -v npm > /dev/null || packages+=(nodejs npm)

# One dpkg-query for all (it fails for a package it has never heard of: not installed either).
installed="$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null | awk '/ install ok installed$/ { print $1 }' || true)"
missing=()
for p in "${packages[@]}"; do
  grep -qxF "$p" <<< "$installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# npm tools, pinned, into .cache/npm-tools in the source tree (gitignored; no sudo, nothing
# global), where the tests look for them: taplo, the engine of Even Better TOML, checks the example
# step files and broken copies against schemas/step.schema.json as editors do, and its language
# server says what an editor shows on hover (tests/schema).
npm_tools=("@taplo/cli@0.7.0" "@taplo/lsp@0.8.0")
npm_prefix="$(cd "$(dirname "$0")/.." && pwd)/.cache/npm-tools"
npm_missing=()
for tool in "${npm_tools[@]}"; do
  name="${tool%@*}"
  installed_version="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$npm_prefix/node_modules/$name/package.json" 2>/dev/null || true)"
  [ "$installed_version" = "${tool##*@}" ] || npm_missing+=("$tool")
done
if [ ${#npm_missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${npm_missing[*]} into $npm_prefix" >&2
  mkdir -p "$npm_prefix"
  npm install --prefix "$npm_prefix" --no-save --no-audit --no-fund --no-package-lock --save-exact \
    "${npm_tools[@]}" >&2
fi
