#!/usr/bin/env bash
# deploy.sh: start a CCE cluster-creation job, wait for it with jobwait, act on what happened.
#
#   HW_AUTH_TOKEN=... CCE_PROJECT_ID=... HW_REGION=eu-west-101 ./deploy.sh cluster.json
#
# The create call answers {"kind": "Cluster", ..., "status": {"jobID": "..."}}; jobwait reads
# the id straight from that answer on stdin (--job-id-from -), so no jq is needed.
# Dry run against jobwait-sim: set JOBWAIT_ENDPOINT=http://127.0.0.1:PORT and
# CREATE_RESPONSE=a-saved-answer.json (tests/examples/ does exactly that).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jobwait="${JOBWAIT:-jobwait}"
spec="${1:-cluster.json}"

create_cluster() {
  if [ -n "${CREATE_RESPONSE:-}" ]; then
    cat "$CREATE_RESPONSE"
    return
  fi
  curl -fsS -X POST "https://cce.${HW_REGION:-eu-west-101}.myhuaweicloud.com/api/v3/projects/$CCE_PROJECT_ID/clusters" \
    -H "X-Auth-Token: $HW_AUTH_TOKEN" -H "Content-Type: application/json" --data @"$spec"
}

status=0
create_cluster | "$jobwait" run "$here/deploy-wait.toml" --job-id-from - --job-id-pointer /status/jobID || status=$?

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
