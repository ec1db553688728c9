#!/usr/bin/env bash
# Writes the licence notices of everything linked into a static jobwait: each static archive
# the link map names (the linker's own record, so nothing is missed or claimed in vain), the
# header-only libraries compiled in, and libcurl, built from Debian's curl source. Each one's
# Debian copyright file is copied as PACKAGE.copyright, and NOTICES lists them with versions.
#
# usage: scripts/release/notices.sh DEB_ARCH LINK_MAP CURL_SOURCE_DIR OUT_DIR
set -euo pipefail
deb_arch="$1" map="$2" curl_source="$3" out="$4"
mkdir -p "$out"

# Libraries that only headers bring in: the link map cannot see them.
header_only=(libboost1.81-dev libtomlplusplus-dev libexpected-dev)

packages=()
while read -r archive; do
  case "$archive" in
    */libcurl.a) continue ;;  # ours, from the source package; below
  esac
  # "libc6-dev:amd64: /usr/lib/..." or, for a cross package, "libc6-dev-arm64-cross: /usr/..."
  owner="$(dpkg -S "$(readlink -f "$archive")" 2>/dev/null | sed -n '1s/: .*//p')"
  [ -n "$owner" ] || { echo "notices: no Debian package owns $archive" >&2; exit 1; }
  packages+=("$owner")
done < <(grep -oE '^/[^ ()]+\.a\(' "$map" | sed 's/($//' | sort -u)

{
  echo "jobwait is one statically linked program. It contains the libraries below, each"
  echo "under its own licence, as Debian packaged it; the file named beside each is Debian's"
  echo "copyright file for it. GNU C library (LGPL-2.1+): the complete source of jobwait and"
  echo "scripts/release.sh, which links it, let you relink jobwait against a modified library."
  echo
  printf '%-36s %-28s %s\n' "Debian package" "version" "licence file"
  curl_version="$(dpkg-parsechangelog -l "$curl_source/debian/changelog" -S Version)"
  cp "$curl_source/debian/copyright" "$out/curl.copyright"
  printf '%-36s %-28s %s\n' "curl (source, built for jobwait)" "$curl_version" "curl.copyright"
  # A multiarch package installed for two architectures answers only to its qualified name.
  for package in "${header_only[@]}"; do
    dpkg-query -W "$package:$deb_arch" >/dev/null 2>&1 && packages+=("$package:$deb_arch") || packages+=("$package")
  done
  declare -A file_of  # copyright text's digest -> the file it was written to (Boost's is 2 MiB)
  for package in $(printf '%s\n' "${packages[@]}" | sort -u); do
    name="${package%%:*}"
    copyright="/usr/share/doc/$name/copyright"  # Debian policy: always there, maybe via a link
    [ -r "$copyright" ] || { echo "notices: $package has no $copyright" >&2; exit 1; }
    digest="$(sha256sum < "$copyright" | cut -d' ' -f1)"
    if [ -z "${file_of[$digest]:-}" ]; then
      file_of[$digest]="$name.copyright"
      cp "$copyright" "$out/$name.copyright"
    fi
    printf '%-36s %-28s %s\n' "$name" "$(dpkg-query -W -f='${Version}' "$package")" "${file_of[$digest]}"
  done
} > "$out/NOTICES"
