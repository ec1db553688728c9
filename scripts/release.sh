#!/usr/bin/env bash
# Builds the portable release of jobwait into dist/, from Debian packages only (binary packages,
# and Debian's curl source package through `apt-get source`):
#   jobwait-VERSION-linux-ARCH.tar.gz (+ .sha256)  one static executable, its man page, the
#                                                  schemas, README.md and the licence notices
#   jobwait-VERSION-oci.tar                        an OCI image archive, one image per ARCH
#   install.sh                                     the installer (scripts/install.sh)
#   SHA256SUMS                                     over all of them
# VERSION is the project's one version, CMake's project(VERSION). The build trees stay in
# build/release-static/ARCH; tests/release/run.sh checks what lands in dist/.
#
# usage: scripts/release.sh [--arch x86_64|aarch64]...   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

usage() { echo "usage: scripts/release.sh [--arch x86_64|aarch64]...  (default: both)"; }
arches=()
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) [ $# -ge 2 ] || { usage >&2; exit 2; }; arches+=("$2"); shift 2 ;;
    --arch=*) arches+=("${1#--arch=}"); shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
[ ${#arches[@]} -gt 0 ] || arches=(x86_64 aarch64)
for arch in "${arches[@]}"; do
  case "$arch" in x86_64|aarch64) ;; *) echo "release: unknown architecture $arch" >&2; usage >&2; exit 2 ;; esac
done

version="$(sed -n 's/^project(jobwait VERSION \([0-9][0-9.]*\).*/\1/p' CMakeLists.txt)"
[ -n "$version" ] || { echo "release: no project(jobwait VERSION ...) in CMakeLists.txt" >&2; exit 1; }
# Reproducible: every time stamp in the archives is the last commit's.
epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"
work="$root/build/release-static"
dist="$root/dist"
say() { echo "release: $*" >&2; }

./scripts/install-deps.sh
./scripts/release/install-deps.sh "${arches[@]}"

# Debian's curl source, fetched again only when Debian has a newer one (a security update).
mkdir -p "$work/src"
# (--print-uris names only what the folder lacks, so it is asked from an empty one.)
empty="$(mktemp -d)"
dsc="$(cd "$empty" && apt-get source --print-uris -qq curl | grep -o "curl_[^']*\.dsc" | head -1 |
       sed 's/%2[bB]/+/g')"
rmdir "$empty"
[ -n "$dsc" ] || { echo "release: apt-get source finds no curl (is there a deb-src entry?)" >&2; exit 1; }
if [ ! -f "$work/src/$dsc" ]; then
  say "fetching Debian's curl source ($dsc)"
  rm -rf "$work/src" && mkdir -p "$work/src"
  (cd "$work/src" && apt-get source -qq curl > "$work/src/apt-get-source.log" 2>&1) ||
    { cat "$work/src/apt-get-source.log" >&2; exit 1; }
fi
curl_source="$(find "$work/src" -mindepth 1 -maxdepth 1 -type d -name 'curl-*' | head -1)"
[ -f "$curl_source/CMakeLists.txt" ] || { echo "release: apt-get source curl gave no source tree" >&2; exit 1; }

rm -rf "$dist"
mkdir -p "$dist"
images=()
for arch in "${arches[@]}"; do
  case "$arch" in
    x86_64) deb_arch=amd64 strip=strip toolchain=() ;;
    aarch64) deb_arch=arm64 strip=aarch64-linux-gnu-strip
             toolchain=(-DCMAKE_TOOLCHAIN_FILE="$root/cmake/aarch64-linux-gnu.cmake") ;;
  esac
  tree="$work/$arch"
  name="jobwait-$version-linux-$arch"
  stage="$tree/stage/$name"

  say "$arch: libcurl from $(basename "$curl_source")"
  ./scripts/release/build-curl.sh "$arch" "$curl_source" "$tree/curl" "$tree/curl-root"

  say "$arch: jobwait, statically linked"
  cmake -S "$root" -B "$tree/jobwait" -G Ninja "${toolchain[@]}" -DCMAKE_BUILD_TYPE=Release \
        -DBUILD_TESTING=OFF -DJOBWAIT_WERROR=ON -DJOBWAIT_STATIC=ON -DJOBWAIT_CURL_ROOT="$tree/curl-root" \
        > "$tree/jobwait.configure.log"
  # The linker's warnings about NSS functions name code paths jobwait never takes (OpenSSL's
  # own socket BIOs, c-ares for service names; curl asks c-ares with numeric ports only).
  cmake --build "$tree/jobwait" --target jobwait > "$tree/jobwait.build.log" 2>&1 ||
    { tail -40 "$tree/jobwait.build.log" >&2; exit 1; }
  binary="$tree/jobwait/runner/jobwait"
  if readelf -lW "$binary" | grep -q INTERP || readelf -dW "$binary" | grep -q NEEDED; then
    echo "release: $binary is not fully static" >&2
    exit 1
  fi

  rm -rf "$tree/stage"
  mkdir -p "$stage/bin" "$stage/share/man/man1" "$stage/share/jobwait/schemas" "$stage/share/licenses/jobwait"
  "$strip" -o "$stage/bin/jobwait" "$binary"
  cp docs/jobwait.1 "$stage/share/man/man1/"
  cp schemas/*.json "$stage/share/jobwait/schemas/"
  cp README.md "$stage/"
  ./scripts/release/notices.sh "$deb_arch" "$binary.map" "$curl_source" "$stage/share/licenses/jobwait"
  tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -C "$tree/stage" -cf - "$name" |
    gzip -9n > "$dist/$name.tar.gz"
  (cd "$dist" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
  say "$arch: dist/$name.tar.gz, $(stat -c %s "$dist/$name.tar.gz") bytes"

  # The image's shell: Debian's static busybox of the same architecture, with its notice.
  rm -rf "$tree/busybox" && mkdir -p "$tree/busybox"
  (cd "$tree/busybox" && apt-get download -qq "busybox-static:$deb_arch" 2>&1 |
     grep -v '^W: Download is performed unsandboxed' >&2 || true)
  dpkg-deb -x "$tree"/busybox/busybox-static_*.deb "$tree/busybox/root"
  mkdir -p "$tree/image-notices"
  cp "$stage"/share/licenses/jobwait/* "$tree/image-notices/"
  cp "$tree/busybox/root/usr/share/doc/busybox-static/copyright" "$tree/image-notices/busybox-static.copyright"
  printf '%-36s %-28s %s\n' "busybox-static (the image's /bin/sh)" \
    "$(dpkg-deb -f "$tree"/busybox/busybox-static_*.deb Version)" busybox-static.copyright \
    >> "$tree/image-notices/NOTICES"
  images+=(--image "$arch:$stage/bin/jobwait:$tree/busybox/root/bin/busybox:$tree/image-notices")
done

say "OCI image archive for ${arches[*]}"
python3 scripts/release/oci-image.py --version "$version" --out "$dist/jobwait-$version-oci.tar" \
  --ca-bundle /etc/ssl/certs/ca-certificates.crt --epoch "$epoch" "${images[@]}"

cp scripts/install.sh "$dist/install.sh"
(cd "$dist" && sha256sum -- *.tar.gz jobwait-*-oci.tar install.sh > SHA256SUMS)
say "done: $(cd "$dist" && ls | tr '\n' ' ')"
