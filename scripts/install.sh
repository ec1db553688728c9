#!/bin/sh
# Installs a released jobwait: the static binary for this machine's architecture, checked
# against its SHA-256 before anything is unpacked.
#
#   curl -fsSL https://github.com/OWNER/NAME/releases/latest/download/install.sh | sh
#   curl -fsSL .../install.sh | sh -s -- --version 0.1.0 --dir /opt/bin
#
# POSIX sh: runs under dash, bash and busybox ash (Alpine). Needs curl or wget, tar with gzip,
# and sha256sum (coreutils or busybox). See --help for the options and the variables.
set -eu

# The release this installer belongs to (CMake's project(VERSION); a test keeps them equal).
default_version=0.1.0
# Where releases are published: GitHub's owner/name, the one place it is written.
repository=${JOBWAIT_REPOSITORY:-jobwait/jobwait}

usage() {
    cat <<EOF
usage: install.sh [--version V] [--dir DIR] [--base-url URL] [--sha256 HEX] [--force]
       install.sh --default-version | --help

Downloads jobwait-V-linux-ARCH.tar.gz and its .sha256 for this machine (uname -m: x86_64 or
amd64, aarch64 or arm64), checks the archive's SHA-256, and only then unpacks it and puts
bin/jobwait into DIR (a temporary name there first, then renamed, so DIR/jobwait is never
half written). Prints the version of what it installed.

  --version V        the release to install (default $default_version: this installer's own);
                     a leading v is dropped
  --dir DIR          where jobwait goes (default ~/.local/bin, or /usr/local/bin as root);
                     created if missing; a warning when it is not on PATH
  --base-url URL     fetch URL/jobwait-V-linux-ARCH.tar.gz and URL/jobwait-V-linux-ARCH.tar.gz.sha256
                     (a mirror, a local server) instead of
                     https://github.com/$repository/releases/download/vV
  --sha256 HEX       the archive's expected SHA-256: the .sha256 file is then not fetched, and
                     an archive with any other hash is refused
  --force            install even when DIR/jobwait already is version V
  --default-version  print the version installed when --version is not given, and exit

Each option may also come from the environment (the option wins): JOBWAIT_VERSION,
JOBWAIT_INSTALL_DIR, JOBWAIT_BASE_URL, JOBWAIT_SHA256; JOBWAIT_REPOSITORY is the GitHub
owner/name releases are fetched from (now $repository).

When DIR/jobwait already prints "jobwait V" for --version, nothing is downloaded: it says so
and exits 0. Exit status: 0 installed (or already there), 1 failed (nothing changed in DIR),
2 bad usage.
EOF
}

say() { printf 'jobwait install: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
usage_error() { say "$*"; usage >&2; exit 2; }

version=${JOBWAIT_VERSION:-$default_version}
dir=${JOBWAIT_INSTALL_DIR:-}
base_url=${JOBWAIT_BASE_URL:-}
pin=${JOBWAIT_SHA256:-}
force=false

while [ $# -gt 0 ]; do
    case "$1" in
        --help | -h) usage; exit 0 ;;
        --default-version) echo "$default_version"; exit 0 ;;
        --force) force=true; shift; continue ;;
        --version=* | --dir=* | --base-url=* | --sha256=*)
            option=${1%%=*}; value=${1#*=} ;;
        --version | --dir | --base-url | --sha256)
            [ $# -ge 2 ] || usage_error "$1 needs a value"
            option=$1; value=$2; shift ;;
        *) usage_error "unknown argument: $1" ;;
    esac
    shift
    case "$option" in
        --version) version=$value ;;
        --dir) dir=$value ;;
        --base-url) base_url=$value ;;
        --sha256) pin=$value ;;
    esac
done

version=${version#v}
case "$version" in
    "" | *[!0-9A-Za-z.+-]*) usage_error "not a version: '$version' (expected e.g. $default_version)" ;;
esac
if [ -n "$pin" ]; then
    pin=$(printf '%s' "$pin" | tr 'A-F' 'a-f')
    case "$pin" in *[!0-9a-f]*) usage_error "--sha256: not a SHA-256 (64 hex digits): $pin" ;; esac
    [ ${#pin} -eq 64 ] || usage_error "--sha256: not a SHA-256 (64 hex digits): $pin"
fi

system=$(uname -s)
[ "$system" = Linux ] || die "jobwait releases are built for Linux only, this is $system: build it from source (see the README)"
machine=$(uname -m)
case "$machine" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) die "no jobwait release for this architecture ($machine): there are x86_64 and aarch64 ones; build it from source (see the README)" ;;
esac

if [ -z "$dir" ]; then
    if [ "$(id -u)" = 0 ]; then
        dir=/usr/local/bin
    else
        [ -n "${HOME:-}" ] || die "HOME is not set: give --dir"
        dir=$HOME/.local/bin
    fi
fi
dir=${dir%/}
[ -n "$dir" ] || dir=/
target=$dir/jobwait

warn_path() {
    case ":${PATH:-}:" in
        *":$dir:"*) ;;
        *) say "note: $dir is not on PATH; add it, e.g. export PATH=\"$dir:\$PATH\"" ;;
    esac
}

if [ "$force" = false ] && [ -x "$target" ] && [ "$("$target" --version 2>/dev/null || true)" = "jobwait $version" ]; then
    say "jobwait $version is already installed at $target (--force installs it again)"
    echo "jobwait $version"
    warn_path
    exit 0
fi

if [ -z "$base_url" ]; then
    base_url=https://github.com/$repository/releases/download/v$version
fi
base_url=${base_url%/}
archive=jobwait-$version-linux-$arch.tar.gz

# Downloads go to a private directory that is removed whatever happens; the copy in DIR is
# made under a temporary name that is removed too unless it was renamed into place.
work=
staged=
cleanup() {
    if [ -n "$staged" ]; then rm -f "$staged"; fi
    if [ -n "$work" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
work=$(mktemp -d "${TMPDIR:-/tmp}/jobwait-install.XXXXXX") || die "cannot make a temporary directory in ${TMPDIR:-/tmp}"

if command -v curl >/dev/null 2>&1; then
    fetch() { curl -fsSL --retry 3 -o "$2" "$1"; }
elif command -v wget >/dev/null 2>&1; then
    fetch() { wget -q -O "$2" "$1"; }
else
    die "neither curl nor wget is installed: install one of them (apt-get install curl, apk add curl, dnf install curl)"
fi

if command -v sha256sum >/dev/null 2>&1; then
    sha256_of() { sha256sum "$1" | cut -d ' ' -f 1; }
elif command -v busybox >/dev/null 2>&1 && busybox sha256sum /dev/null >/dev/null 2>&1; then
    sha256_of() { busybox sha256sum "$1" | cut -d ' ' -f 1; }
elif command -v shasum >/dev/null 2>&1; then
    sha256_of() { shasum -a 256 "$1" | cut -d ' ' -f 1; }
else
    die "no sha256sum (coreutils or busybox) to check the download with"
fi

download() {
    fetch "$1" "$2" || die "could not download $1 (is $version a released version? is the base URL right?)"
}

say "downloading $base_url/$archive"
download "$base_url/$archive" "$work/$archive"
if [ -n "$pin" ]; then
    expected=$pin
    source_of_hash="the pinned --sha256"
else
    download "$base_url/$archive.sha256" "$work/$archive.sha256"
    # sha256sum's format: "<hex>  <name>" (or " *<name>"); the name must be this archive's.
    read -r expected name <"$work/$archive.sha256" || true
    expected=$(printf '%s' "${expected:-}" | tr 'A-F' 'a-f')
    name=${name#\*}
    case "$expected" in "" | *[!0-9a-f]*) die "$archive.sha256 does not hold a SHA-256" ;; esac
    [ ${#expected} -eq 64 ] || die "$archive.sha256 does not hold a SHA-256"
    [ -z "$name" ] || [ "$name" = "$archive" ] || die "$archive.sha256 is the checksum of $name, not of $archive"
    source_of_hash="$archive.sha256"
fi
actual=$(sha256_of "$work/$archive")
if [ "$actual" != "$expected" ]; then
    die "SHA-256 mismatch for $archive: expected $expected ($source_of_hash), got $actual; nothing installed"
fi

mkdir "$work/unpacked"
tar -xzf "$work/$archive" -C "$work/unpacked" || die "could not unpack $archive"
binary=$work/unpacked/jobwait-$version-linux-$arch/bin/jobwait
[ -f "$binary" ] || die "$archive has no jobwait-$version-linux-$arch/bin/jobwait"
chmod 0755 "$binary"
got=$("$binary" --version 2>&1) || die "the downloaded jobwait does not run on this machine: $got"
[ "$got" = "jobwait $version" ] || die "the downloaded jobwait says '$got', not 'jobwait $version'"

mkdir -p "$dir" || die "cannot create $dir"
staged=$dir/.jobwait.install.$$
cp "$binary" "$staged" || die "cannot write to $dir"
chmod 0755 "$staged"
mv -f "$staged" "$target" || die "cannot move jobwait into $dir"
staged=
say "installed $target"
"$target" --version
warn_path
