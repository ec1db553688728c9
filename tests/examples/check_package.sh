#!/bin/sh
# `cmake --install` and `cpack -G DEB` on a build tree: the binary, the man page, the plugins
# and the schemas land where the README says, the installed binary runs, every installed example's
# `#:schema` line names a schema that is installed, and the .deb holds them.
# usage: check_package.sh BUILD_DIR CMAKE CPACK
set -eu
build="$1" cmake="$2" cpack="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }
source="$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$build/CMakeCache.txt")"
[ -d "$source/schemas" ] || fail "no source tree named in $build/CMakeCache.txt"

# Every schema in the source tree is installed as it is there.
check_schemas() {  # ROOT DATADIR
  for schema in "$source"/schemas/*.schema.json; do
    cmp -s "$schema" "$1/$2/jobwait/schemas/$(basename "$schema")" ||
      fail "$2/jobwait/schemas/$(basename "$schema") is not installed as in the source tree"
  done
}
# Every installed example step file starts with a #:schema line whose path, taken from the file's
# folder as an editor takes it, reaches an installed schema; as many as the source tree has.
check_example_schemas() {  # ROOT DOCDIR
  expected="$(grep -rl --include='*.toml' '^#:schema ' "$source/examples" | wc -l)"
  [ "$expected" -gt 0 ] || fail "no example in $source/examples has a #:schema line"
  grep -rl --include='*.toml' '^#:schema ' "$1/$2/examples" > "$work/examples" || true
  found=0
  while IFS= read -r example; do
    target="$(sed -n '1s/^#:schema //p' "$example")"
    [ -n "$target" ] || fail "${example#"$1"}: #:schema is not its first line"
    [ -f "$(dirname "$example")/$target" ] || fail "${example#"$1"}: #:schema $target names no installed file"
    found=$((found + 1))
  done < "$work/examples"
  [ "$found" -eq "$expected" ] || fail "$found installed examples have a #:schema line, the source tree has $expected"
}

"$cmake" --install "$build" --prefix "$work/root" >/dev/null
# jobwait-sim is a product part (README: dry-run a pipeline): every build has it, with the tests or
# without (the release preset), unless configured with JOBWAIT_BUILD_SIM=OFF.
for file in bin/jobwait bin/jobwait-sim share/man/man1/jobwait.1 \
            share/jobwait/plugin/github/action.yml share/jobwait/plugin/jenkins/vars/jobwait.groovy \
            share/jobwait/plugin/tekton/jobwait-task.yaml share/jobwait/plugin/argo/jobwait-workflowtemplate.yaml \
            share/jobwait/plugin/gitlab/templates/jobwait.yml \
            share/doc/jobwait/README.md; do
  [ -f "$work/root/$file" ] || fail "cmake --install left out $file"
done
check_schemas "$work/root" share
check_example_schemas "$work/root" share/doc/jobwait
# FILES names where this install put them, not the .deb's /usr.
grep -q "^\.I $work/root/share/jobwait/plugin/\$" "$work/root/share/man/man1/jobwait.1" ||
  fail "the installed man page does not name $work/root/share/jobwait/plugin/ in FILES"
"$work/root/bin/jobwait" --version | grep -q '^jobwait [0-9]' || fail "the installed jobwait does not run"

"$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$work/package" >/dev/null
set -- "$work"/package/*.deb
[ -f "$1" ] || fail "cpack built no .deb"
dpkg-deb -c "$1" > "$work/contents"
for file in ./usr/bin/jobwait ./usr/bin/jobwait-sim ./usr/share/man/man1/jobwait.1 ./usr/share/jobwait/plugin/github/action.yml; do
  grep -q " $file\$" "$work/contents" || fail "the .deb lacks $file"
done
dpkg-deb -x "$1" "$work/deb"
check_schemas "$work/deb" usr/share
check_example_schemas "$work/deb" usr/share/doc/jobwait
grep -q '^\.I /usr/share/jobwait/plugin/$' "$work/deb/usr/share/man/man1/jobwait.1" ||
  fail "the .deb's man page does not name /usr/share/jobwait/plugin/"
[ "$(dpkg-deb -f "$1" Package)" = jobwait ] || fail "the .deb is not called jobwait"
dpkg-deb -f "$1" Depends | grep -q libcurl || fail "the .deb does not depend on libcurl"
echo "$(basename "$1"): $(wc -l < "$work/contents") entries, Depends: $(dpkg-deb -f "$1" Depends)"
