"""examples/deploy.sh end to end against jobwait-sim: the create call's answer is piped into
jobwait (--job-id-from -), the cluster job is waited on, and the script acts on the outcome.

usage: run_deploy_example.py JOBWAIT_BIN JOBWAIT_SIM_BIN SOURCE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

from simulator import Simulator, TOKEN, cce_job


def run_deploy(source_dir, jobwait, sim, work, job_id):
    with open(os.path.join(work, "create-response.json"), "w") as f:
        # The shape CCE's "create cluster" answers with: the job id is status.jobID.
        json.dump({"kind": "Cluster", "apiVersion": "v3", "metadata": {"name": "demo"},
                   "status": {"phase": "Creating", "jobID": job_id}}, f)
    env = {
        "PATH": "/usr/bin:/bin",
        "JOBWAIT": jobwait,
        "JOBWAIT_ENDPOINT": sim.base_url,
        "CREATE_RESPONSE": os.path.join(work, "create-response.json"),
        "HW_AUTH_TOKEN": TOKEN,
        "CCE_PROJECT_ID": "proj-example",
        "DEPLOY_TIMEOUT": "20s",
        "DEPLOY_POLL_INTERVAL": "50ms",
        "DEPLOY_POLL_MAX_INTERVAL": "100ms",
    }
    return subprocess.run(["bash", os.path.join(source_dir, "examples/deploy.sh")], cwd=work, env=env,
                          capture_output=True, text=True, timeout=60)


def main(jobwait, sim_bin, source_dir):
    failures = []
    checks = []

    def check(condition, what):
        checks.append(what)
        if not condition:
            failures.append(what)

    jobs = (cce_job("cluster-ok", ["Initializing", "Running", "Success"]) + "\n" +
            cce_job("cluster-bad", ["Running", "Failed"], reason="insufficient ECS quota"))
    with Simulator(sim_bin, jobs) as sim:
        with tempfile.TemporaryDirectory(prefix="jobwait-example-") as work:
            done = run_deploy(source_dir, jobwait, sim, work, "cluster-ok")
            check(done.returncode == 0, f"success: exit {done.returncode}\n{done.stderr}")
            check("deploy: cluster is up" in done.stdout, "success: the script did not say so")
            with open(os.path.join(work, "deploy-result.json")) as f:
                result = json.load(f)
            check(result["outcome"] == "succeeded", "success: artifact outcome")
            check(result["jobs"][0]["id"] == "cluster-ok", "success: the id came from the create answer")
            check(os.path.exists(os.path.join(work, "deploy-junit.xml")), "success: no JUnit report")
            check(TOKEN not in done.stdout + done.stderr, "success: the token leaked")

        with tempfile.TemporaryDirectory(prefix="jobwait-example-") as work:
            failed = run_deploy(source_dir, jobwait, sim, work, "cluster-bad")
            check(failed.returncode == 1, f"failure: exit {failed.returncode}\n{failed.stderr}")
            check("cluster creation failed" in failed.stderr and "insufficient ECS quota" in failed.stderr,
                  f"failure: the script did not pass on the reason:\n{failed.stderr}")


    for failure in failures:
        print("FAILED:", failure)
    print(f"{len(checks) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
