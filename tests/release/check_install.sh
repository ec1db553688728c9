#!/bin/sh
# The installer against a release directory served over HTTP on 127.0.0.1, as users run it:
# it installs the archive for this machine and prints its version, does nothing the second
# time, refuses a tampered archive and a wrong --sha256 pin leaving nothing installed, works
# under busybox sh with busybox's own applets only (Alpine's case) and with wget instead of
# curl, and says so clearly when it has no downloader or no release for the architecture.
#
#   check_install.sh DIST_DIR JOBWAIT_VERSION
#       DIST_DIR holds what scripts/release.sh makes: install.sh, jobwait-V-linux-ARCH.tar.gz
#       and .tar.gz.sha256 (the x86_64 ones at least, as this machine must run the binary).
#   check_install.sh --fake-dist JOBWAIT_BIN JOBWAIT_VERSION
#       builds such a directory first from JOBWAIT_BIN (any jobwait that runs here, static or
#       not) and this checkout's scripts/install.sh, then checks it the same way.
#
# Needs python3 (the server), curl, wget and busybox. Exit 0: every check passed; 1: one
# failed; 77: all that ran passed but busybox or wget is missing, so some could not run (ctest
# reports that as skipped; anything but 0 fails a release stage).
set -u

fail() { echo "usage: check_install.sh DIST_DIR JOBWAIT_VERSION | --fake-dist JOBWAIT_BIN JOBWAIT_VERSION" >&2; exit 2; }
[ $# -eq 2 ] || [ $# -eq 3 ] || fail

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jobwait-check-install.XXXXXX") || exit 1
server_pid=
# shellcheck disable=SC2317 # run by the trap
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

here=$(cd "$(dirname "$0")" && pwd)
if [ "$1" = --fake-dist ]; then
    [ $# -eq 3 ] || fail
    jobwait_bin=$2
    version=$3
    dist=$tmp/dist
    mkdir "$dist"
    cp "$here/../../scripts/install.sh" "$dist/install.sh"
    for arch in x86_64 aarch64; do
        name=jobwait-$version-linux-$arch
        mkdir -p "$tmp/pack/$name/bin"
        cp "$jobwait_bin" "$tmp/pack/$name/bin/jobwait"
        echo "$name" > "$tmp/pack/$name/README.md"
        tar -czf "$dist/$name.tar.gz" -C "$tmp/pack" "$name"
        (cd "$dist" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
    done
else
    [ $# -eq 2 ] || fail
    dist=$(cd "$1" && pwd) || exit 1
    version=$2
fi

passed=0
failed=0
missing_tools=
# check STATUS WHAT: one line each, "ok: " and WHAT's head (up to its first colon) when STATUS is
# 0, else "FAILED: " and all of WHAT (tests/release/run.sh counts both).
check() {
    if [ "$1" -eq 0 ]; then
        passed=$((passed + 1))
        echo "ok: ${2%%:*}"
    else
        failed=$((failed + 1))
        echo "FAILED: $2"
    fi
}
contains() { case "$1" in *"$2"*) return 0 ;; *) return 1 ;; esac; }
lacks() { ! contains "$1" "$2"; }

installer=$dist/install.sh
archive=jobwait-$version-linux-x86_64.tar.gz
for file in "$installer" "$dist/$archive" "$dist/$archive.sha256"; do
    [ -f "$file" ] || { echo "check_install: $file is missing" >&2; exit 1; }
done

# The served tree: good/ is the release as made, tampered/ the same but for one byte of the
# archive (its .sha256 unchanged).
www=$tmp/www
mkdir -p "$www/tampered"
ln -s "$dist" "$www/good"
cp "$dist/$archive" "$dist/$archive.sha256" "$www/tampered/"
size=$(wc -c < "$www/tampered/$archive")
offset=$((size / 2))
byte=$(od -An -tu1 -j "$offset" -N1 "$www/tampered/$archive" | tr -d ' ')
# shellcheck disable=SC2059 # the format is the octal escape of the new byte
printf "\\$(printf '%03o' $(((byte + 1) % 256)))" |
    dd of="$www/tampered/$archive" bs=1 seek="$offset" conv=notrunc 2>/dev/null
cmp -s "$dist/$archive" "$www/tampered/$archive" && { echo "check_install: could not tamper with the archive" >&2; exit 1; }

python3 -u -m http.server --bind 127.0.0.1 --directory "$www" 0 > "$tmp/server.out" 2> "$tmp/server.log" &
server_pid=$!
port=
tries=0
while [ -z "$port" ] && [ $tries -lt 100 ]; do
    port=$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' "$tmp/server.out" 2>/dev/null)
    [ -n "$port" ] || { sleep 0.1; tries=$((tries + 1)); }
done
[ -n "$port" ] || { echo "check_install: the HTTP server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }
good=http://127.0.0.1:$port/good
tampered=http://127.0.0.1:$port/tampered
requests() { grep -c "\"GET /$1 " "$tmp/server.log"; }

# Every run gets its own HOME and TMPDIR (checked empty afterwards), and none of the
# installer's variables from the caller's environment.
unset JOBWAIT_VERSION JOBWAIT_INSTALL_DIR JOBWAIT_BASE_URL JOBWAIT_SHA256 JOBWAIT_REPOSITORY
export HOME="$tmp/home"
mkdir -p "$HOME" "$tmp/tmp"
base_path=/usr/local/bin:/usr/bin:/bin
# run SHELL [ARG]...: the installer under SHELL (sh, or busybox for its sh) with PATH $run_path (default $base_path); its
# stdout in $out, stderr in $err, exit status in $rc.
run_path=
run() {
    shell=$1
    shift
    shell_path=$(command -v "$shell")
    what="$shell install.sh $*"
    if [ "$shell" = busybox ]; then set -- sh "$installer" "$@"; else set -- "$installer" "$@"; fi
    TMPDIR=$tmp/tmp PATH=${run_path:-$base_path} "$shell_path" "$@" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
    [ -z "$(ls -A "$tmp/tmp")" ]
    check $? "TMPDIR left clean: $what left $(ls -A "$tmp/tmp") there"
    rm -rf "${tmp:?}/tmp/"*
}
only_jobwait_in() { [ "$(ls -A "$1")" = jobwait ]; }
sha256_of() { sha256sum "$1" | cut -d ' ' -f 1; }

# 1. A fresh install, with the installer's own default version: the one being released.
dir=$tmp/a/bin
run sh --base-url "$good" --dir "$dir"
check $rc "install: exit $rc: $err"
check "$([ "$out" = "jobwait $version" ]; echo $?)" "install: printed '$out', not 'jobwait $version' (is the installer's default version $version?)"
check "$([ "$("$dir/jobwait" --version)" = "jobwait $version" ]; echo $?)" "install: $dir/jobwait --version is not 'jobwait $version'"
check "$(only_jobwait_in "$dir"; echo $?)" "install: $dir holds more than jobwait: $(ls -A "$dir")"
check "$(contains "$err" "$dir is not on PATH"; echo $?)" "install: no warning that $dir is not on PATH: $err"
installed=$(sha256_of "$dir/jobwait")
[ "$(sha256_of "$dir/jobwait")" = "$(tar -xzOf "$dist/$archive" "jobwait-$version-linux-x86_64/bin/jobwait" | sha256sum | cut -d ' ' -f 1)" ]
check $? "install: $dir/jobwait is not the archive's bin/jobwait"

# 2. Idempotent: the same version again downloads nothing and exits 0; on PATH, no warning.
before=$(requests "good/$archive")
run_path=$dir:$base_path
run sh --base-url "$good" --dir "$dir" --version "v$version"
run_path=
check $rc "second install: exit $rc: $err"
check "$([ "$out" = "jobwait $version" ]; echo $?)" "second install: printed '$out'"
check "$(contains "$err" "already installed"; echo $?)" "second install: does not say it is already installed: $err"
check "$(lacks "$err" "not on PATH"; echo $?)" "second install: warns about PATH although $dir is on it: $err"
check "$([ "$(requests "good/$archive")" -eq "$before" ]; echo $?)" "second install: downloaded the archive again"
# --force downloads and installs again.
run sh --base-url "$good" --dir "$dir" --force
check "$([ $rc -eq 0 ] && [ "$(requests "good/$archive")" -eq $((before + 1)) ]; echo $?)" "--force: exit $rc, no new download: $err"

# 3. Another version in place is replaced.
printf '#!/bin/sh\necho "jobwait 0.0.1"\n' > "$dir/jobwait"
run sh --base-url "$good" --dir "$dir"
check "$([ $rc -eq 0 ] && [ "$("$dir/jobwait" --version)" = "jobwait $version" ]; echo $?)" "an older jobwait in place was not replaced: exit $rc: $err"
check "$(only_jobwait_in "$dir"; echo $?)" "replacing: $dir holds more than jobwait: $(ls -A "$dir")"

# 4. A tampered archive is refused before it is unpacked: nothing installed anywhere, and an
# installed jobwait stays as it was.
run sh --base-url "$tampered" --dir "$tmp/t/bin"
check "$([ $rc -ne 0 ]; echo $?)" "tampered archive: exit 0"
check "$(contains "$err" "SHA-256 mismatch"; echo $?)" "tampered archive: no mismatch message: $err"
check "$([ ! -e "$tmp/t" ]; echo $?)" "tampered archive: something was installed: $(find "$tmp/t" 2>/dev/null)"
run sh --base-url "$tampered" --dir "$dir" --force
check "$([ $rc -ne 0 ] && [ "$(sha256_of "$dir/jobwait")" = "$installed" ] && only_jobwait_in "$dir"; echo $?)" \
    "tampered archive over an installed jobwait: exit $rc, or it changed $dir: $(ls -A "$dir")"

# 5. --sha256 pins the hash: the right one installs without fetching the .sha256, a wrong one
# (or the tampered archive under the right one) is refused, a malformed one is bad usage.
right=$(cut -d ' ' -f 1 "$dist/$archive.sha256")
before=$(requests "good/$archive.sha256")
run sh --base-url "$good" --dir "$tmp/p/bin" --sha256 "$right"
check "$([ $rc -eq 0 ] && [ "$out" = "jobwait $version" ]; echo $?)" "right --sha256: exit $rc: $err"
check "$([ "$(requests "good/$archive.sha256")" -eq "$before" ]; echo $?)" "right --sha256: fetched the .sha256 anyway"
wrong=$(printf '%s' "$right" | tr '0-9a-f' '1-9a-f0')
run sh --base-url "$good" --dir "$tmp/w/bin" --sha256 "$wrong"
check "$([ $rc -ne 0 ] && [ ! -e "$tmp/w" ]; echo $?)" "wrong --sha256: exit $rc, or something installed"
check "$(contains "$err" "SHA-256 mismatch"; echo $?)" "wrong --sha256: no mismatch message: $err"
export JOBWAIT_SHA256="$right"
run sh --base-url "$tampered" --dir "$tmp/w/bin"
unset JOBWAIT_SHA256
check "$([ $rc -ne 0 ] && [ ! -e "$tmp/w" ]; echo $?)" "JOBWAIT_SHA256 with a tampered archive: exit $rc, or something installed"
run sh --base-url "$good" --dir "$tmp/w/bin" --sha256 not-a-hash
check "$([ $rc -eq 2 ] && [ ! -e "$tmp/w" ]; echo $?)" "malformed --sha256: exit $rc (not 2): $err"

# 6. A version that was never released: a clear download error, nothing installed.
run sh --base-url "$good" --dir "$tmp/n/bin" --version 99.0.0
check "$([ $rc -eq 1 ] && [ ! -e "$tmp/n" ]; echo $?)" "unreleased version: exit $rc, or something installed"
check "$(contains "$err" "could not download $good/jobwait-99.0.0-linux-x86_64.tar.gz"; echo $?)" "unreleased version: $err"

# 7. The architecture: riscv64 has no release (a clear error, nothing fetched); arm64 means the
# aarch64 archive. A stand-in uname says so (dash and bash run the uname on PATH).
mkdir -p "$tmp/uname-riscv64" "$tmp/uname-arm64"
for machine in riscv64 arm64; do
    # shellcheck disable=SC2016 # $1 is the stand-in's own argument
    printf '#!/bin/sh\nif [ "$1" = -m ]; then echo %s; else echo Linux; fi\n' "$machine" > "$tmp/uname-$machine/uname"
    chmod +x "$tmp/uname-$machine/uname"
done
before=$(grep -c GET "$tmp/server.log")
run_path=$tmp/uname-riscv64:$base_path
run sh --base-url "$good" --dir "$tmp/r/bin"
run_path=
check "$([ $rc -eq 1 ] && [ ! -e "$tmp/r" ]; echo $?)" "riscv64: exit $rc, or something installed"
check "$(contains "$err" "no jobwait release for this architecture (riscv64)"; echo $?)" "riscv64: $err"
check "$([ "$(grep -c GET "$tmp/server.log")" -eq "$before" ]; echo $?)" "riscv64: downloaded something"
if [ -f "$dist/jobwait-$version-linux-aarch64.tar.gz" ]; then
    run_path=$tmp/uname-arm64:$base_path
    run sh --base-url "$good" --dir "$tmp/r/bin"
    run_path=
    check "$(contains "$err" "downloading $good/jobwait-$version-linux-aarch64.tar.gz"; echo $?)" "arm64: did not fetch the aarch64 archive: $err"
    # Here an aarch64 binary runs only under binfmt emulation: installed, or refused untouched.
    check "$( { [ $rc -eq 0 ] && [ "$out" = "jobwait $version" ]; } || { [ $rc -eq 1 ] && [ ! -e "$tmp/r" ] &&
              contains "$err" "does not run on this machine"; }; echo $?)" "arm64: exit $rc: $err"
    rm -rf "$tmp/r"
fi

# 8. Downloaders: wget alone; neither (a clear error). The PATH holds only what the installer
# may use besides them.
tools=$tmp/tools
mkdir -p "$tools/with-wget" "$tools/none"
for tool in sh uname id mktemp rm tr cut cat tar gzip sha256sum cp mv chmod mkdir; do
    path=$(command -v "$tool") || { echo "check_install: $tool not found" >&2; exit 1; }
    ln -s "$path" "$tools/none/$tool"
    ln -s "$path" "$tools/with-wget/$tool"
done
if command -v wget >/dev/null 2>&1; then
    ln -s "$(command -v wget)" "$tools/with-wget/wget"
    run_path=$tools/with-wget
    run sh --base-url "$good" --dir "$tmp/g/bin"
    run_path=
    check "$([ $rc -eq 0 ] && [ "$out" = "jobwait $version" ] && [ "$("$tmp/g/bin/jobwait" --version)" = "jobwait $version" ]; echo $?)" \
        "with wget and no curl: exit $rc: $err"
else
    missing_tools="$missing_tools wget"
fi
run_path=$tools/none
run sh --base-url "$good" --dir "$tmp/d/bin"
run_path=
check "$([ $rc -eq 1 ] && [ ! -e "$tmp/d" ]; echo $?)" "no curl or wget: exit $rc, or something installed"
check "$(contains "$err" "neither curl nor wget is installed"; echo $?)" "no curl or wget: $err"

# 9. busybox sh with nothing but busybox (its applets come first; PATH has nothing else), as
# on Alpine: installs, is idempotent, refuses the tampered archive.
if command -v busybox >/dev/null 2>&1; then
    mkdir -p "$tmp/empty"
    bb_dir=$tmp/bb/bin
    run_path=$tmp/empty
    run busybox --base-url "$good" --dir "$bb_dir"
    run_path=
    check "$([ $rc -eq 0 ] && [ "$out" = "jobwait $version" ] && only_jobwait_in "$bb_dir"; echo $?)" "busybox sh: exit $rc: $out $err"
    run_path=$tmp/empty
    run busybox --base-url "$good" --dir "$bb_dir"
    run_path=
    check "$([ $rc -eq 0 ] && contains "$err" "already installed"; echo $?)" "busybox sh, second time: exit $rc: $err"
    run_path=$tmp/empty
    run busybox --base-url "$tampered" --dir "$tmp/bt/bin"
    run_path=
    check "$([ $rc -ne 0 ] && [ ! -e "$tmp/bt" ] && contains "$err" "SHA-256 mismatch"; echo $?)" "busybox sh, tampered archive: exit $rc: $err"
else
    missing_tools="$missing_tools busybox"
fi

# 10. --help.
run sh --help
check "$([ $rc -eq 0 ] && contains "$out" "--base-url URL" && contains "$out" "--sha256 HEX"; echo $?)" "--help: exit $rc: $out"

echo "check_install: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || exit 1
if [ -n "$missing_tools" ]; then
    echo "check_install: SKIPPED the checks that need$missing_tools (apt-get install busybox-static wget)" >&2
    exit 77
fi
exit 0
