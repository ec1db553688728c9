#!/bin/sh
# The status command of examples/exec.toml, under the exec protocol (docs/exec-protocol.md):
# asks an internal release API about release $JOBWAIT_JOB_ID and prints one JSON object.
# RELEASE_API is that API's base URL; its answer is {"phase": "...", "percent": N, "error": "..."}.
set -eu
environment=production
[ "${1:-}" = "--environment" ] && environment=$2
answer=$(curl -fsS --max-time $(( (JOBWAIT_TIMEOUT_MS + 999) / 1000 )) \
  "${RELEASE_API:?set RELEASE_API}/releases/$JOBWAIT_JOB_ID?environment=$environment") || {
  echo "release API unreachable" >&2
  exit 1   # a transient error: jobwait retries on its schedule
}
printf '%s' "$answer" | python3 -c '
import json, sys
release = json.load(sys.stdin)
state = {"queued": "pending", "rolling": "running", "done": "succeeded",
         "rolled_back": "failed", "aborted": "cancelled"}.get(release.get("phase"), "unknown")
out = {"state": state, "status": release.get("phase", "")}
if isinstance(release.get("percent"), (int, float)) and 0 <= release["percent"] <= 100:
    out["progress"] = release["percent"]
if release.get("error"):
    out["message"] = release["error"]
print(json.dumps(out))
'
