#!/bin/sh
# A stand-in for a user's status command under the exec protocol (docs/exec-protocol.md), well
# and badly behaved, for the exec provider's tests: exec-status.sh MODE.
#   succeed    pending, then running at 50% with tasks, then succeeded from the 3rd poll on
#   fail       running, then failed with a message and a failed task
#   env        succeeded; status carries JOBWAIT_JOB_ID, message-free; tasks echo the settings
#   not-found  reports error kind not_found
#   slow       sleeps in a child for 30 s (writes its pid to $EXEC_TEST_PIDFILE if set)
#   crash      says why on stderr and exits 3
#   garbage    prints text that is not JSON
#   broken     prints JSON that breaks the protocol (an unknown state)
#   huge       prints more than the 1 MiB the protocol allows
#   flaky      crashes on odd polls, succeeds on even ones
#   count      running until poll $EXEC_TEST_POLLS (default 10), then succeeded (benchmarks)
mode=${1:-succeed}
poll=${JOBWAIT_POLL:-1}
case "$mode" in
  succeed)
    if [ "$poll" -le 1 ]; then echo '{"state": "pending", "status": "QUEUED"}'
    elif [ "$poll" -eq 2 ]; then
      echo '{"state": "running", "status": "DEPLOYING", "progress": 50,'
      echo ' "tasks": [{"id": "t1", "name": "pull image", "state": "succeeded"},'
      echo '           {"name": "roll out", "status": "ROLLING", "state": "running"}]}'
    else echo '{"state": "succeeded", "status": "DONE", "progress": 100, "future_member": [1, 2]}'
    fi ;;
  fail)
    if [ "$poll" -le 1 ]; then echo '{"state": "running", "status": "DEPLOYING"}'
    else
      echo '{"state": "failed", "status": "ERROR", "message": "image not found",'
      echo ' "tasks": [{"name": "pull image", "state": "failed", "message": "manifest unknown"}]}'
    fi ;;
  env)
    printf '{"state": "succeeded", "status": "DONE-%s", "tasks": [' "$JOBWAIT_JOB_ID"
    printf '{"name": "project", "state": "succeeded", "message": "%s"},' "$JOBWAIT_PROJECT_ID"
    printf '{"name": "protocol", "state": "succeeded", "message": "%s"},' "$JOBWAIT_PROTOCOL"
    printf '{"name": "timeout", "state": "succeeded", "message": "%s"},' "$JOBWAIT_TIMEOUT_MS"
    printf '{"name": "has-token", "state": "succeeded", "message": "%s"}]}\n' "${JOBWAIT_AUTH_TOKEN:+yes}" ;;
  not-found)
    echo '{"error": {"kind": "not_found", "message": "no job with that id"}}' ;;
  slow)
    sleep 30 &
    [ -n "$EXEC_TEST_PIDFILE" ] && echo $! > "$EXEC_TEST_PIDFILE"
    wait ;;
  crash)
    echo "connecting to the job database" >&2
    echo "fatal: database unreachable" >&2
    exit 3 ;;
  garbage)
    echo "Job is RUNNING (42%)" ;;
  broken)
    echo '{"state": "done"}' ;;
  huge)
    head -c 2000000 /dev/zero | tr '\0' ' '
    echo '{"state": "running"}' ;;
  flaky)
    if [ $((poll % 2)) -eq 1 ]; then echo "flaky: try again" >&2; exit 1; fi
    echo '{"state": "succeeded"}' ;;
  count)
    if [ "$poll" -ge "${EXEC_TEST_POLLS:-10}" ]; then echo '{"state": "succeeded"}'
    else echo '{"state": "running", "status": "POLL-'"$poll"'"}'; fi ;;
  *)
    echo "unknown mode $mode" >&2; exit 64 ;;
esac
