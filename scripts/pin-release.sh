#!/bin/sh
# Pins a release into the GitHub Action: writes plugin/github/release.env with the version and
# the SHA-256 of its two archives, read from the release's SHA256SUMS after checking them
# against the files themselves. The action installs that version when its `version` input is
# empty, and passes the pin to scripts/install.sh --sha256. The release workflow runs this,
# commits the file and moves the major tag to that commit.
#
# usage: pin-release.sh DIST_DIR [--version V] [--output FILE]
#   DIST_DIR  what scripts/release.sh made: SHA256SUMS and jobwait-V-linux-{x86_64,aarch64}.tar.gz
#   --version V    the version the release must be (the tag, a leading v dropped): anything
#                  else in DIST_DIR is an error
#   --output FILE  where to write (default: plugin/github/release.env beside this script)
# Prints, for $GITHUB_OUTPUT: version=V and major-tag=vMAJOR (v0 for 0.x, v1 for 1.x, ...).
set -eu

die() { printf 'pin-release: %s\n' "$*" >&2; exit 1; }

dist=
expect=
output=$(cd "$(dirname "$0")/.." && pwd)/plugin/github/release.env
while [ $# -gt 0 ]; do
    case "$1" in
        --version) [ $# -ge 2 ] || die "--version needs a value"; expect=${2#v}; shift 2 ;;
        --output) [ $# -ge 2 ] || die "--output needs a value"; output=$2; shift 2 ;;
        -*) die "unknown option $1" ;;
        *) [ -z "$dist" ] || die "one DIST_DIR only"; dist=$1; shift ;;
    esac
done
[ -n "$dist" ] || die "usage: pin-release.sh DIST_DIR [--version V] [--output FILE]"
sums=$dist/SHA256SUMS
[ -f "$sums" ] || die "$sums not found"

# The version, from the x86_64 archive's name: exactly one.
versions=$(sed -n 's/^[0-9a-f]\{64\}  \*\{0,1\}jobwait-\(.*\)-linux-x86_64\.tar\.gz$/\1/p' "$sums")
[ -n "$versions" ] || die "$sums lists no jobwait-V-linux-x86_64.tar.gz"
[ "$(echo "$versions" | wc -l)" -eq 1 ] || die "$sums lists several versions: $(echo "$versions" | tr '\n' ' ')"
version=$versions
case "$version" in
    *[!0-9.]* | .* | *. | *..*) die "not a release version (X.Y.Z): $version" ;;
esac
[ "$(echo "$version" | tr -cd . | wc -c)" -eq 2 ] || die "not a release version (X.Y.Z): $version"
if [ -n "$expect" ] && [ "$expect" != "$version" ]; then
    die "the release is $version, not $expect (does the tag match CMake's project(VERSION)?)"
fi

# Each archive: listed once, present, and hashing to what is listed (and to its .sha256).
hash_of_listed() {
    lines=$(grep -E "^[0-9a-f]{64}  \*?$1\$" "$sums" || true)
    [ -n "$lines" ] || die "$sums does not list $1"
    [ "$(echo "$lines" | wc -l)" -eq 1 ] || die "$sums lists $1 more than once"
    listed=${lines%% *}
    [ -f "$dist/$1" ] || die "$dist/$1 not found"
    actual=$(sha256sum "$dist/$1" | cut -d ' ' -f 1)
    [ "$actual" = "$listed" ] || die "$1 hashes to $actual, but $sums says $listed"
    if [ -f "$dist/$1.sha256" ]; then
        [ "$(cut -d ' ' -f 1 "$dist/$1.sha256")" = "$listed" ] || die "$1.sha256 disagrees with $sums"
    fi
    echo "$listed"
}
x86_64=$(hash_of_listed "jobwait-$version-linux-x86_64.tar.gz")
aarch64=$(hash_of_listed "jobwait-$version-linux-aarch64.tar.gz")

mkdir -p "$(dirname "$output")"
staged=$output.$$
trap 'rm -f "$staged"' EXIT
cat > "$staged" <<EOF
# The release plugin/github/action.yml installs when its version input is empty, and the
# SHA-256 of its archives (passed to scripts/install.sh --sha256). Written at release time by
# scripts/pin-release.sh from the release's SHA256SUMS; not edited by hand.
JOBWAIT_VERSION=$version
JOBWAIT_SHA256_X86_64=$x86_64
JOBWAIT_SHA256_AARCH64=$aarch64
EOF
mv -f "$staged" "$output"
printf 'pin-release: pinned jobwait %s in %s\n' "$version" "$output" >&2
echo "version=$version"
echo "major-tag=v${version%%.*}"
