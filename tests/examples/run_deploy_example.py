"""examples/deploy.sh end to end against jobwait-sim: the create call's answer is piped into
jobwait (--job-id-from -), the cluster job is waited on, and the script acts on the outcome
(its own message built from the dotenv report). The create call goes to the host jobwait polls.

usage: run_deploy_example.py JOBWAIT_BIN JOBWAIT_SIM_BIN SOURCE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

from simulator import Simulator, TOKEN, cce_job


def run_deploy(source_dir, jobwait, sim, work, job_id, fake_curl=False, **env_changes):
    """deploy.sh with the create call's answer saved (CREATE_RESPONSE), or, with fake_curl, a
    `curl` on PATH that logs its arguments to curl.log and prints that answer (or fails when
    the answer file is missing), so the create call's URL can be checked."""
    response = os.path.join(work, "create-response.json")
    if job_id is not None:
        with open(response, "w") as f:
            # The shape CCE's "create cluster" answers with: the job id is status.jobID.
            json.dump({"kind": "Cluster", "apiVersion": "v3", "metadata": {"name": "demo"},
                       "status": {"phase": "Creating", "jobID": job_id}}, f)
    env = {
        "PATH": "/usr/bin:/bin",
        "JOBWAIT": jobwait,
        "JOBWAIT_ENDPOINT": sim.base_url,
        "CREATE_RESPONSE": response,
        "HW_AUTH_TOKEN": TOKEN,
        "CCE_PROJECT_ID": "proj-example",
        "DEPLOY_TIMEOUT": "20s",
        "DEPLOY_POLL_INTERVAL": "50ms",
        "DEPLOY_POLL_MAX_INTERVAL": "100ms",
    }
    if fake_curl:
        bin_dir = os.path.join(work, "bin")
        os.makedirs(bin_dir, exist_ok=True)
        with open(os.path.join(bin_dir, "curl"), "w") as f:
            f.write(f'#!/bin/sh\nprintf "%s\\n" "$@" > {work}/curl.log\ncat {response} 2>/dev/null || exit 22\n')
        os.chmod(os.path.join(bin_dir, "curl"), 0o755)
        env["PATH"] = bin_dir + ":" + env["PATH"]
        del env["CREATE_RESPONSE"]
    env.update(env_changes)
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run(["bash", os.path.join(source_dir, "examples/deploy.sh")], cwd=work, env=env,
                          capture_output=True, text=True, timeout=60)


def create_url(work):
    """The URL the fake curl was given (its one argument that is one)."""
    path = os.path.join(work, "curl.log")
    arguments = open(path).read().splitlines() if os.path.exists(path) else []
    return next((a for a in arguments if a.startswith(("http://", "https://"))), None)


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
            # jobwait prints the reason itself; only the script's own line, built from the
            # dotenv report's JOBWAIT_MESSAGE, proves the script read it.
            with open(os.path.join(work, "deploy.env")) as f:
                dotenv = dict(line.split("=", 1) for line in f.read().splitlines())
            said = [line for line in failed.stderr.splitlines() if line.startswith("deploy: cluster creation failed:")]
            check(said == ["deploy: cluster creation failed: " + dotenv.get("JOBWAIT_MESSAGE", "?")],
                  f"failure: the script did not pass on the dotenv's message:\n{failed.stderr}")
            check("insufficient ECS quota" in dotenv.get("JOBWAIT_MESSAGE", ""), f"failure: dotenv {dotenv}")

        # The create call goes where jobwait polls: the sim when JOBWAIT_ENDPOINT points there...
        with tempfile.TemporaryDirectory(prefix="jobwait-example-") as work:
            done = run_deploy(source_dir, jobwait, sim, work, "cluster-ok", fake_curl=True)
            check(done.returncode == 0, f"create through curl: exit {done.returncode}\n{done.stderr}")
            check(create_url(work) == sim.base_url + "/api/v3/projects/proj-example/clusters",
                  f"create through curl: the create call went to {create_url(work)}, jobwait polled {sim.base_url}")

        # ... and the host jobwait derives for the region otherwise (the create call fails here:
        # nothing is sent anywhere, and the script says the create call failed: exit 10).
        for region, host in (("eu-west-101", "https://cce.eu-west-101.myhuaweicloud.eu"),
                             ("ap-southeast-1", "https://cce.ap-southeast-1.myhuaweicloud.com")):
            with tempfile.TemporaryDirectory(prefix="jobwait-example-") as work:
                done = run_deploy(source_dir, jobwait, sim, work, None, fake_curl=True, JOBWAIT_ENDPOINT=None,
                                  HW_REGION=region)
                check(done.returncode == 10, f"create in {region}: exit {done.returncode}\n{done.stderr}")
                check("deploy: the create call failed (curl exit 22)" in done.stderr,
                      f"create in {region}: the script did not say the create call failed:\n{done.stderr}")
                check(not os.path.exists(os.path.join(work, "deploy-result.json")),
                      f"create in {region}: jobwait waited although nothing was created")
                check(create_url(work) == host + "/api/v3/projects/proj-example/clusters",
                      f"create in {region}: the create call went to {create_url(work)}, not {host}")

        # A create call the API refuses: its error answer is named, and no wait happens.
        with tempfile.TemporaryDirectory(prefix="jobwait-example-") as work:
            refused = os.path.join(work, "refused.json")
            with open(refused, "w") as f:
                json.dump({"error_code": "CCE.01400001", "error_msg": "Invalid request: no such flavor"}, f)
            bin_dir = os.path.join(work, "bin")
            os.makedirs(bin_dir)
            with open(os.path.join(bin_dir, "curl"), "w") as f:
                f.write(f"#!/bin/sh\ncat {refused}\nexit 22\n")  # --fail-with-body: the body, then 22
            os.chmod(os.path.join(bin_dir, "curl"), 0o755)
            done = run_deploy(source_dir, jobwait, sim, work, None, CREATE_RESPONSE=None,
                              PATH=bin_dir + ":/usr/bin:/bin")
            check(done.returncode == 10, f"refused create: exit {done.returncode}\n{done.stderr}")
            check("CCE.01400001: Invalid request: no such flavor" in done.stderr,
                  f"refused create: the API's error was not named:\n{done.stderr}")
            check(not os.path.exists(os.path.join(work, "deploy-result.json")), "refused create: a wait ran")


    for failure in failures:
        print("FAILED:", failure)
    print(f"{len(checks) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
