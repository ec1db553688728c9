#!/usr/bin/env bash
# Builds the libcurl that the static release links, from Debian's own curl source package
# (`apt-get source curl`, Debian's security patches applied), with only what jobwait uses:
# HTTP/1.1 and HTTP/2 (nghttp2), HTTPS with OpenSSL, zlib, proxies, and c-ares as the
# resolver, since glibc's getaddrinfo in a static program loads the host's NSS modules. No
# LDAP, Kerberos, RTMP, SSH, IDN, PSL, cookies, FTP or any other protocol; no built-in CA path:
# jobwait chooses its trust store itself (tls.ca_file, SSL_CERT_FILE, the system bundles).
#
# usage: scripts/release/build-curl.sh ARCH SOURCE_DIR BUILD_DIR PREFIX
set -euo pipefail
arch="$1" source="$2" build="$3" prefix="$4"
root="$(cd "$(dirname "$0")/../.." && pwd)"

mkdir -p "$(dirname "$build")"
toolchain=()
[ "$arch" = aarch64 ] && toolchain=(-DCMAKE_TOOLCHAIN_FILE="$root/cmake/aarch64-linux-gnu.cmake")

# Static archives only: the deps are linked into jobwait, never found at run time.
cmake -S "$source" -B "$build" -G Ninja "${toolchain[@]}" \
  -DCMAKE_BUILD_TYPE=MinSizeRel -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_FIND_LIBRARY_SUFFIXES=.a \
  -DBUILD_SHARED_LIBS=OFF -DBUILD_CURL_EXE=OFF -DBUILD_TESTING=OFF -DENABLE_MANUAL=OFF \
  -DPICKY_COMPILER=OFF -DCURL_ENABLE_EXPORT_TARGET=ON \
  -DHTTP_ONLY=ON -DCURL_USE_OPENSSL=ON -DUSE_NGHTTP2=ON -DCURL_ZLIB=ON -DENABLE_ARES=ON \
  -DCURL_DISABLE_OPENSSL_AUTO_LOAD_CONFIG=ON \
  -DCURL_CA_BUNDLE=none -DCURL_CA_PATH=none -DCURL_CA_FALLBACK=OFF \
  -DCURL_DISABLE_LDAP=ON -DCURL_DISABLE_LDAPS=ON -DCURL_USE_GSSAPI=OFF -DCURL_USE_LIBSSH2=OFF \
  -DCURL_USE_LIBSSH=OFF -DUSE_LIBIDN2=OFF -DCURL_USE_LIBPSL=OFF -DCURL_BROTLI=OFF -DCURL_ZSTD=OFF \
  -DCURL_DISABLE_COOKIES=ON -DCURL_DISABLE_ALTSVC=ON -DCURL_DISABLE_HSTS=ON -DCURL_DISABLE_DOH=ON \
  -DCURL_DISABLE_NETRC=ON -DCURL_DISABLE_MIME=ON -DCURL_DISABLE_NTLM=ON -DENABLE_UNIX_SOCKETS=OFF \
  > "$build.configure.log"
grep -E "^-- Enabled (features|protocols|SSL backends)" "$build.configure.log" | sed "s/^-- /build-curl ($arch): /" >&2
cmake --build "$build" >/dev/null
cmake --install "$build" >/dev/null
[ -f "$prefix/lib/libcurl.a" ] || { echo "build-curl: no $prefix/lib/libcurl.a" >&2; exit 1; }
