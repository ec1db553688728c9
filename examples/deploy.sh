#!/usr/bin/env bash
# deploy.sh: start a CCE cluster-creation job, wait for it with jobwait, act on what happened.
#
#   HW_AUTH_TOKEN=... CCE_PROJECT_ID=... HW_REGION=eu-west-101 ./deploy.sh cluster.json
#
# The create call answers {"kind": "Cluster", ..., "status": {"jobID": "..."}}; jobwait reads
# the id straight from that answer (--job-id-from; CCE's /status/jobID is its default), so no
# jq is needed. A create call that fails ends the script with exit 10 before any wait, so a
# pipeline can tell "the cluster was never asked for" from "the cluster job failed" (exit 1).
# The create call goes to the endpoint jobwait polls (`jobwait explain` says which).
# Dry run against jobwait-sim: set JOBWAIT_ENDPOINT=http://127.0.0.1:PORT, and
# CREATE_RESPONSE=a-saved-answer.json to skip the create call (tests/examples/ does both).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jobwait="${JOBWAIT:-jobwait}"
spec="${1:-cluster.json}"

# The create call must reach the host jobwait will poll (eu-west-1xx regions are on
# .myhuaweicloud.eu, others on .myhuaweicloud.com; JOBWAIT_ENDPOINT beats both): ask jobwait,
# whose `explain` prints the request it would send and sends nothing.
cce_endpoint() {
  "$jobwait" explain "$here/deploy-wait.toml" --set job.id=probe |
    sed -n 's|^request  *GET \(.*\)/api/v3/projects/.*|\1|p'
}

create_cluster() {
  if [ -n "${CREATE_RESPONSE:-}" ]; then
    cat "$CREATE_RESPONSE"
    return
  fi
  curl -sS --fail-with-body -X POST "$endpoint/api/v3/projects/$CCE_PROJECT_ID/clusters" \
    -H "X-Auth-Token: $HW_AUTH_TOKEN" -H "Content-Type: application/json" --data @"$spec"
}

endpoint=""
if [ -z "${CREATE_RESPONSE:-}" ]; then
  endpoint="$(cce_endpoint)" || true
  if [ -z "$endpoint" ]; then
    echo "deploy: jobwait cannot resolve the CCE endpoint; see: $jobwait check $here/deploy-wait.toml" >&2
    exit 2
  fi
fi

# The answer is kept, not piped: a failed create call must not reach jobwait as "no job id".
answer="$(mktemp)"
trap 'rm -f "$answer"' EXIT
created=0
create_cluster >"$answer" || created=$?
if [ "$created" -ne 0 ]; then
  # --fail-with-body kept the API's error answer; jobwait names its error_code and error_msg.
  echo "deploy: the create call failed (curl exit $created); there is no job to wait for" >&2
  "$jobwait" check "$here/deploy-wait.toml" --job-id-from "$answer" 2>&1 | sed -n 's/^jobwait: /deploy: /p' >&2 || true
  exit 10
fi

status=0
"$jobwait" run "$here/deploy-wait.toml" --job-id-from "$answer" || status=$?

# The dotenv report names the outcome without a JSON parser.
report="${DEPLOY_DOTENV:-deploy.env}"
message="$(sed -n 's/^JOBWAIT_MESSAGE=//p' "$report" 2>/dev/null || true)"
case "$status" in
  0) echo "deploy: cluster is up" ;;
  1) echo "deploy: cluster creation failed: $message" >&2 ;;
  3) echo "deploy: still creating after the timeout; the job goes on, check it later" >&2 ;;
  7) echo "deploy: someone cancelled the cluster job" >&2 ;;
  *) echo "deploy: could not tell how the job went (exit $status): $message" >&2 ;;
esac
exit "$status"
