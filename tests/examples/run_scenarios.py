#!/usr/bin/env python3
"""Every scenario in examples/scenarios/ runs as its header says: the `# run:` line against the
simulator serving that scenario, with the credentials and endpoint the header's dry-run gives
(HW_AUTH_TOKEN=demo-token, JOBWAIT_ENDPOINT), and ends with the `# expect:` exit code and outcome,
in the artifact too. So the scenarios a user copies to rehearse a pipeline are known to do what
they say.

usage: run_scenarios.py JOBWAIT_BIN JOBWAIT_SIM_BIN SOURCE_DIR
"""
import glob
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

jobwait, sim_bin, source = sys.argv[1:4]
failures = []
OUTCOMES = {0: "succeeded", 1: "failed", 3: "timed_out", 4: "not_found", 5: "auth_error", 6: "api_error",
            7: "cancelled"}


def header_line(text, key, path):
    found = re.findall(rf"^# {key}: (.+)$", text, re.M)
    if len(found) != 1:
        raise SystemExit(f"{path}: needs exactly one '# {key}:' line")
    return found[0].strip()


def run_scenario(path):
    text = open(path).read()
    words = shlex.split(header_line(text, "run", path))
    code_text, outcome = header_line(text, "expect", path).split()
    code = int(code_text)
    if words[:2] != ["jobwait", "run"]:
        raise SystemExit(f"{path}: '# run:' must start with 'jobwait run'")
    if OUTCOMES.get(code) != outcome:
        raise SystemExit(f"{path}: '# expect: {code} {outcome}' is not a pair of the README's exit codes")
    name = os.path.relpath(path, source)
    with tempfile.TemporaryDirectory(prefix="jobwait-scenario-") as work:
        sim_log = open(os.path.join(work, "sim.log"), "w")
        sim = subprocess.Popen([sim_bin, path, "--port", "0"], stdout=subprocess.PIPE, stderr=sim_log,
                               stdin=subprocess.DEVNULL, text=True)
        try:
            port = sim.stdout.readline().strip()
            if not port.isdigit():
                failures.append(f"{name}: jobwait-sim did not start ({port!r})")
                return
            env = dict(os.environ, HW_AUTH_TOKEN="demo-token", JOBWAIT_ENDPOINT=f"http://127.0.0.1:{port}")
            for variable in ("HW_PROJECT_ID", "JOB_ID", "GITHUB_ACTIONS", "GITLAB_CI"):
                env.pop(variable, None)
            result = os.path.join(work, "result.json")
            done = subprocess.run([jobwait, *words[1:], "--result", result], cwd=source, env=env,
                                  capture_output=True, text=True, timeout=120)
        finally:
            sim.terminate()
            sim.wait(timeout=10)
            sim_log.close()
        if done.returncode != code:
            failures.append(f"{name}: exit {done.returncode}, the header says {code}\n{done.stderr}")
            return
        artifact = json.load(open(result))
        if artifact.get("outcome") != outcome:
            failures.append(f"{name}: artifact outcome {artifact.get('outcome')!r}, the header says {outcome}")
        print(f"ok: {name}: exit {code}, {outcome}")
        return artifact


artifacts = {}
scenarios = sorted(glob.glob(os.path.join(source, "examples/scenarios/*.toml")))
for path in scenarios:
    artifacts[os.path.basename(path)] = run_scenario(path)

# One scenario per outcome a pipeline branches on, and a bad network that still succeeds.
wanted = {"succeeded.toml", "failed.toml", "cancelled.toml", "timed-out.toml", "not-found.toml",
          "wrong-token.toml", "flaky-network.toml"}
missing = wanted - set(artifacts)
if missing:
    failures.append(f"examples/scenarios/ lacks {sorted(missing)}")
failed = artifacts.get("failed.toml")
if failed and "Insufficient quota" not in json.dumps(failed):
    failures.append("failed.toml: the service's reason is not in the artifact")
flaky = artifacts.get("flaky-network.toml")
if flaky and "503" not in json.dumps(flaky):
    failures.append("flaky-network.toml: the artifact does not show the 503 burst it rode out")
for failure in failures:
    print("FAILED:", failure)
print(f"run_scenarios: {len(scenarios)} scenarios, {len(failures)} failures")
sys.exit(1 if failures else 0)
