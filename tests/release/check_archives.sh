#!/usr/bin/env bash
# The files scripts/release.sh leaves in dist/: the checksums hold, each archive unpacks to
# jobwait-VERSION-linux-ARCH/ with what the README promises, and its jobwait is one static
# executable of its architecture that says the project's version.
# usage: check_archives.sh DIST VERSION
. "$(dirname "$0")/lib.sh"
dist="$1" version="$2"

expect "SHA256SUMS holds for every file in dist" sh -c "cd '$dist' && sha256sum --strict -c SHA256SUMS"
for arch in x86_64 aarch64; do
  name="jobwait-$version-linux-$arch"
  [ -f "$dist/$name.tar.gz" ] || { fail "$name.tar.gz is in dist"; continue; }
  expect "$name.tar.gz.sha256 holds" sh -c "cd '$dist' && sha256sum --strict -c '$name.tar.gz.sha256'"
  expect "$name.tar.gz is in SHA256SUMS" grep -q "  $name.tar.gz\$" "$dist/SHA256SUMS"
  expect "$name.tar.gz has only $name/ at its top" \
    sh -c "tar -tzf '$dist/$name.tar.gz' | grep -v '^$name/' | { ! grep .; }"
  unpack "$dist" "$arch"
  for file in bin/jobwait share/man/man1/jobwait.1 README.md share/licenses/jobwait/NOTICES \
              share/licenses/jobwait/curl.copyright share/licenses/jobwait/libssl-dev.copyright; do
    expect "$name has $file" test -s "$UNPACKED/$file"
  done
  for schema in "$here"/../../schemas/*.json; do
    expect "$name has share/jobwait/schemas/$(basename "$schema")" \
      cmp "$schema" "$UNPACKED/share/jobwait/schemas/$(basename "$schema")"
  done
  case "$arch" in x86_64) machine="x86-64" ;; aarch64) machine="ARM aarch64" ;; esac
  description="$(file -b "$UNPACKED/bin/jobwait")"
  expect "$name: file says a static $machine executable ($description)" \
    sh -c "echo '$description' | grep -q 'ELF 64-bit.*$machine.*statically linked'"
  expect "$name: no interpreter and no shared library" \
    sh -c "! readelf -lW '$UNPACKED/bin/jobwait' | grep -q INTERP && ! readelf -dW '$UNPACKED/bin/jobwait' | grep -q NEEDED"
  for library in curl libssl-dev zlib1g-dev libc-ares-dev libnghttp2-dev libboost-json1.81-dev \
                 libtomlplusplus-dev libexpected-dev libstdc++-12 libc6-dev; do
    expect "$name: NOTICES names $library" grep -q "^$library" "$UNPACKED/share/licenses/jobwait/NOTICES"
  done
  size="$(stat -c %s "$dist/$name.tar.gz")"
  echo "  $name.tar.gz: $size bytes; bin/jobwait: $(stat -c %s "$UNPACKED/bin/jobwait") bytes"
  rm -rf "$UNPACKED"
done
unpack "$dist" x86_64
expect "jobwait --version prints the project's version $version" \
  sh -c "[ \"\$('$UNPACKED/bin/jobwait' --version)\" = 'jobwait $version' ]"
expect "dist has install.sh, the same as scripts/install.sh" cmp "$here/../../scripts/install.sh" "$dist/install.sh"
finish
