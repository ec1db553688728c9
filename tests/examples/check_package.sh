#!/bin/sh
# `cmake --install` and `cpack -G DEB` on a build tree: the binary, the man page, the plugins
# and the schema land where the README says, the installed binary runs, and the .deb holds them.
# usage: check_package.sh BUILD_DIR CMAKE CPACK
set -eu
build="$1" cmake="$2" cpack="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

"$cmake" --install "$build" --prefix "$work/root" >/dev/null
# jobwait-sim is a product part (README: dry-run a pipeline): every build has it, with the tests or
# without (the release preset), unless configured with JOBWAIT_BUILD_SIM=OFF.
for file in bin/jobwait bin/jobwait-sim share/man/man1/jobwait.1 share/jobwait/schemas/result.schema.json \
            share/jobwait/plugin/github/action.yml share/jobwait/plugin/jenkins/vars/jobwait.groovy \
            share/jobwait/plugin/tekton/jobwait-task.yaml share/jobwait/plugin/argo/jobwait-workflowtemplate.yaml \
            share/jobwait/plugin/gitlab/templates/jobwait.yml \
            share/doc/jobwait/README.md; do
  [ -f "$work/root/$file" ] || fail "cmake --install left out $file"
done
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
grep -q '^\.I /usr/share/jobwait/plugin/$' "$work/deb/usr/share/man/man1/jobwait.1" ||
  fail "the .deb's man page does not name /usr/share/jobwait/plugin/"
[ "$(dpkg-deb -f "$1" Package)" = jobwait ] || fail "the .deb is not called jobwait"
dpkg-deb -f "$1" Depends | grep -q libcurl || fail "the .deb does not depend on libcurl"
echo "$(basename "$1"): $(wc -l < "$work/contents") entries, Depends: $(dpkg-deb -f "$1" Depends)"
