"""Runs the shell inside the plugins the way their CI systems would, against jobwait-sim:
the GitHub composite action's steps (bash -eo pipefail, a $GITHUB_OUTPUT file per step, the
action's outputs resolved from them; its three ways to a binary: jobwait-path, jobwait on PATH,
and the build from its own checkout with stand-ins for install-deps and cmake), the GitLab
component's job (inputs interpolated, its variables and script, the dotenv and JUnit reports it
declares), the Tekton Task's step script (params and result paths substituted, overrides as
arguments, the credentials Secret mounted as its volume says) and the Argo template's script
(its /jobwait directory mapped to a temp dir, the source artifact a file or a checkout, the
Secret its envFrom names). Credentials reach jobwait only the way each integration documents.
Each must leave the outcome and state a pipeline reads.

usage: run_plugin_scripts.py JOBWAIT_BIN JOBWAIT_SIM_BIN SOURCE_DIR
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

from simulator import Simulator, TOKEN, cce_job

failures = []
checks = 0


def check(condition, what):
    global checks
    checks += 1
    if not condition:
        failures.append(what)


def step_file(base_url, path):
    with open(path, "w") as f:
        f.write('name = "plugin"\n[job]\nprovider = "cce"\nid = "${JOB_ID_DEFAULT:-}"\nproject_id = "${CCE_PROJECT_ID}"\n'
                f'endpoint = "{base_url}"\n[auth]\ntoken = "${{HW_AUTH_TOKEN}}"\n'
                '[wait]\ntimeout = "20s"\ninterval = "50ms"\nmax_interval = "100ms"\n')


def read_outputs(path):
    """$GITHUB_OUTPUT: name=value lines and name<<DELIMITER blocks."""
    outputs, lines = {}, open(path).read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, i + 1)
            outputs[name] = "\n".join(lines[i + 1:end])
            i = end
        elif "=" in line:
            name, value = line.split("=", 1)
            outputs[name] = value
        i += 1
    return outputs


def run_github_action(source, jobwait, work, inputs, workflow_env, path=None):
    """Runs the composite action's steps; the workflow's `env:` (the token) reaches every step,
    as it does on GitHub. `path` is the runner's PATH (default: jobwait's directory first)."""
    action = yaml.safe_load(open(os.path.join(source, "plugin/github/action.yml")))
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    values.update(inputs)
    step_outputs = {}

    def expand(text):
        def one(match):
            expression = match.group(1).strip()
            if expression == "github.action_path":
                return os.path.join(source, "plugin/github")
            if expression.startswith("inputs."):
                return values[expression[len("inputs."):]]
            step_id, _, name = re.match(r"steps\.([\w-]+)\.(outputs)\.([\w-]+)", expression).groups()
            return step_outputs.get(step_id, {}).get(name, "")
        return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))

    status = 0
    summary = os.path.join(work, "summary.md")
    for step in action["runs"]["steps"]:
        output_file = os.path.join(work, f"output-{step['id']}")
        open(output_file, "w").close()
        env = {"PATH": path or os.path.dirname(jobwait) + ":/usr/bin:/bin", "GITHUB_ACTIONS": "true",
               "GITHUB_OUTPUT": output_file, "GITHUB_STEP_SUMMARY": summary}
        env.update(workflow_env)
        env.update({k: expand(v) for k, v in step.get("env", {}).items()})
        script = os.path.join(work, f"step-{step['id']}.sh")
        with open(script, "w") as f:
            f.write(step["run"])
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=work, env=env,
                              capture_output=True, text=True, timeout=60)
        step_outputs[step["id"]] = read_outputs(output_file)
        status = done.returncode
        if status != 0:
            break
    outputs = {name: expand(spec["value"]) for name, spec in action["outputs"].items()}
    outputs["binary step: bin"] = step_outputs.get("binary", {}).get("bin")
    return status, outputs, done.stderr


def run_gitlab_component(source, jobwait, work, inputs, ci_variables, path=None):
    spec, template = yaml.safe_load_all(open(os.path.join(source, "plugin/gitlab/templates/jobwait.yml")))
    values = {name: entry["default"] for name, entry in spec["spec"]["inputs"].items() if "default" in entry}
    values.update(inputs)

    def expand(text):
        return re.sub(r"\$\[\[\s*inputs\.(\w+)\s*\]\]", lambda m: str(values[m.group(1)]), str(text))

    job = yaml.safe_load(expand(yaml.safe_dump(template)))[values["job_name"]]
    env = {"PATH": path or os.path.dirname(jobwait) + ":/usr/bin:/bin", "GITLAB_CI": "true"}
    env.update(ci_variables)
    env.update({k: str(v) for k, v in job["variables"].items()})
    # The runner's bash: errexit and pipefail, the script lines in order.
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", "\n".join(job["script"])], cwd=work, env=env,
                          capture_output=True, text=True, timeout=60)
    dotenv = os.path.join(work, job["artifacts"]["reports"]["dotenv"])
    outputs = dict(line.split("=", 1) for line in open(dotenv).read().splitlines()) if os.path.exists(dotenv) else {}
    reports = [p for p in job["artifacts"]["paths"] + [job["artifacts"]["reports"]["junit"]]
               if not os.path.exists(os.path.join(work, p))]
    return done.returncode, outputs, reports, done.stderr


def run_tekton_task(source, jobwait, work, params, secrets):
    """`secrets`: the cluster's Secrets by name, each a dict of keys to values. Tekton mounts the
    Secret the Task's volume names (after substitution) at the step's mountPath, a file per key."""
    task = yaml.safe_load(open(os.path.join(source, "plugin/tekton/jobwait-task.yaml")))
    step = task["spec"]["steps"][0]
    values = {p["name"]: p.get("default", "") for p in task["spec"]["params"]}
    values.update(params)
    missing = [p["name"] for p in task["spec"]["params"] if "default" not in p and p["name"] not in params]
    if missing:
        return 2, {}, f"TaskRun refused: params {missing} not given"
    result_dir = os.path.join(work, "results")
    os.makedirs(result_dir, exist_ok=True)
    mounts = {}  # the container's path -> a temp dir standing in for it

    def expand(text):
        text = re.sub(r"\$\(results\.([\w-]+)\.path\)", lambda m: os.path.join(result_dir, m.group(1)), text)
        text = text.replace("$(workspaces.source.path)", work)
        text = re.sub(r"\$\(params\.([\w-]+)\)", lambda m: str(values[m.group(1)]), text)
        for path, stand_in in mounts.items():
            text = text.replace(path, stand_in)
        return text

    volumes = {v["name"]: v for v in task["spec"].get("volumes", [])}
    for mount in step.get("volumeMounts", []):
        secret_name = expand(volumes[mount["name"]]["secret"]["secretName"])
        if secret_name not in secrets:
            return 2, {}, f"pod not started: Secret {secret_name!r} not found"
        stand_in = os.path.join(work, "volume-" + mount["name"])
        os.makedirs(os.path.join(stand_in, "..data"), exist_ok=True)
        for key, value in secrets[secret_name].items():  # as the kubelet lays it out: key -> ..data/key
            with open(os.path.join(stand_in, "..data", key), "w") as f:
                f.write(value + "\n")
            os.symlink(os.path.join("..data", key), os.path.join(stand_in, key))
        mounts[mount["mountPath"]] = stand_in

    args = []
    for arg in step.get("args", []):
        match = re.fullmatch(r"\$\(params\.([\w-]+)\[\*\]\)", arg)
        args += values[match.group(1)] if match else [expand(arg)]
    script = os.path.join(work, "tekton-step")
    with open(script, "w") as f:
        f.write(expand(step["script"]))
    os.chmod(script, 0o755)
    env = {"PATH": os.path.dirname(jobwait) + ":/usr/bin:/bin"}
    env.update({e["name"]: expand(e["value"]) for e in step.get("env", [])})
    done = subprocess.run([script] + args, cwd=expand(step["workingDir"]), env=env, capture_output=True, text=True,
                          timeout=60)
    results = {name: open(os.path.join(result_dir, name)).read() for name in os.listdir(result_dir)}
    return done.returncode, results, done.stderr


def run_argo_template(source, jobwait, work, parameters, artifact, secrets):
    """`artifact`: what Argo puts at the source artifact's path: a file (raw, S3) or a directory
    (a git checkout), copied from there. `secrets`: the cluster's Secrets by name."""
    doc = yaml.safe_load(open(os.path.join(source, "plugin/argo/jobwait-workflowtemplate.yaml")))
    template = {t["name"]: t for t in doc["spec"]["templates"]}["wait"]
    values = {p["name"]: p["value"] for p in template["inputs"]["parameters"] if "value" in p}
    values.update(parameters)
    missing = [p["name"] for p in template["inputs"]["parameters"] if p["name"] not in values]
    if missing:
        return 2, {}, f"workflow refused: parameters {missing} not given"
    root = os.path.join(work, "argo")  # stands in for the container's /jobwait
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(root)

    def expand(text):
        text = re.sub(r"\{\{inputs\.parameters\.([\w-]+)\}\}", lambda m: str(values[m.group(1)]), str(text))
        return text.replace("/jobwait", root)

    (spec,) = template["inputs"]["artifacts"]
    (shutil.copytree if os.path.isdir(artifact) else shutil.copy)(artifact, expand(spec["path"]))
    script = template["script"]
    env = {"PATH": os.path.dirname(jobwait) + ":/usr/bin:/bin"}
    for source_ref in script.get("envFrom", []):
        name = expand(source_ref["secretRef"]["name"])
        if name not in secrets:
            return 2, {}, f"pod not started: Secret {name!r} not found"
        env.update(secrets[name])
    env.update({e["name"]: expand(e["value"]) for e in script.get("env", [])})
    done = subprocess.run(script["command"], input=expand(script["source"]), cwd=work, env=env, capture_output=True,
                          text=True, timeout=60)
    outputs = {}
    for p in template["outputs"]["parameters"]:
        path = expand(p["valueFrom"]["path"])
        outputs[p["name"]] = open(path).read() if os.path.exists(path) else p["valueFrom"].get("default")
    return done.returncode, outputs, done.stderr


def fake_build_tree(source, jobwait, root):
    """A copy of the action beside stand-ins for what its build branch runs: scripts/install-deps.sh
    and a `cmake` that 'builds' jobwait by linking the real one where the release preset puts it.
    Each logs its arguments, so the branch's commands and paths are checked without a build."""
    os.makedirs(os.path.join(root, "plugin/github"))
    shutil.copy(os.path.join(source, "plugin/github/action.yml"), os.path.join(root, "plugin/github"))
    os.makedirs(os.path.join(root, "scripts"))
    os.makedirs(os.path.join(root, "bin"))
    log = os.path.join(root, "calls.log")
    with open(os.path.join(root, "scripts/install-deps.sh"), "w") as f:
        f.write(f'#!/bin/sh\necho "install-deps $*" >> {log}\n')
    with open(os.path.join(root, "bin/cmake"), "w") as f:
        f.write(f'#!/bin/sh\necho "cmake $*" >> {log}\n'
                f'if [ "$1" = --build ]; then mkdir -p "$2/runner" && ln -sf {jobwait} "$2/runner/jobwait"; fi\n')
    for name in ("scripts/install-deps.sh", "bin/cmake"):
        os.chmod(os.path.join(root, name), 0o755)
    return log


def main(jobwait, sim_bin, source):
    jobwait = os.path.abspath(jobwait)
    if os.path.basename(jobwait) != "jobwait":
        sys.exit("the jobwait binary must be called jobwait: the plugins find it on PATH")
    # The credentials and the project reach jobwait only the way each integration documents:
    # GitHub, the workflow's env; GitLab, the project's CI/CD variables; Tekton and Argo, the
    # Secret named by their credentials-secret parameter.
    credentials = {"HW_AUTH_TOKEN": TOKEN, "CCE_PROJECT_ID": "proj-example"}
    secrets = {"cce-deploy": credentials}
    jobs = cce_job("job-ok", ["Running", "Success"]) + "\n" + cce_job("job-bad", ["Running", "Failed"], reason="quota")
    with Simulator(sim_bin, jobs) as sim:
        for job_id, code, outcome in (("job-ok", 0, "succeeded"), ("job-bad", 1, "failed")):
            expected = {"outcome": outcome, "state": outcome, "exit-code": str(code)}
            with tempfile.TemporaryDirectory(prefix="jobwait-plugin-") as work:
                step_file(sim.base_url, os.path.join(work, "step.toml"))
                status, outputs, err = run_github_action(source, jobwait, work, {
                    "step-file": "step.toml", "job-id": job_id, "result": "out.json",
                    "overrides": "wait.request_timeout=5s\n\nwait.max_errors=3\n", "jobwait-path": jobwait},
                    credentials)
                check(status == code, f"GitHub action, {job_id}: exit {status}\n{err}")
                check(outputs["outcome"] == outcome, f"GitHub action, {job_id}: outcome {outputs['outcome']!r}")
                check(outputs["state"] == outcome, f"GitHub action, {job_id}: state {outputs['state']!r}")
                check(outputs["exit-code"] == str(code), f"GitHub action, {job_id}: exit-code {outputs['exit-code']!r}")
                check(outputs["job-id"] == job_id, f"GitHub action, {job_id}: job-id {outputs['job-id']!r}")
                check(os.path.exists(os.path.join(work, outputs["result"])), f"GitHub action, {job_id}: no result")

                status, outputs, missing, err = run_gitlab_component(source, jobwait, work, {
                    "image": "registry.example/jobwait", "step_file": "step.toml", "job_id": job_id,
                    "overrides": "wait.max_errors=3 name=gitlab"}, credentials)
                check(status == code, f"GitLab component, {job_id}: exit {status}\n{err}")
                check(outputs.get("JOBWAIT_OUTCOME") == outcome and outputs.get("JOBWAIT_STATE") == outcome,
                      f"GitLab component, {job_id}: dotenv {outputs}")
                check(not missing, f"GitLab component, {job_id}: artifacts not written: {missing}")

                status, results, err = run_tekton_task(source, jobwait, work, {
                    "step-file": "step.toml", "job-id": job_id, "overrides": ["wait.max_errors=3", "name=tekton"],
                    "credentials-secret": "cce-deploy", "image": "unused"}, secrets)
                check(status == code, f"Tekton Task, {job_id}: exit {status}\n{err}")
                check(results == expected, f"Tekton Task, {job_id}: results {results}")
                check(TOKEN not in err, f"Tekton Task, {job_id}: the token leaked")

                status, outputs, err = run_argo_template(source, jobwait, work, {
                    "job-id": job_id, "overrides": "wait.max_errors=3", "credentials-secret": "cce-deploy",
                    "image": "unused"}, os.path.join(work, "step.toml"), secrets)
                check(status == code, f"Argo template, step file as the artifact, {job_id}: exit {status}\n{err}")
                check(outputs == expected, f"Argo template, step file as the artifact, {job_id}: outputs {outputs}")

                # A git artifact is a checkout: the step file is a path inside it.
                checkout = os.path.join(work, "checkout")
                os.makedirs(os.path.join(checkout, "deploy"))
                shutil.copy(os.path.join(work, "step.toml"), os.path.join(checkout, "deploy/wait.toml"))
                status, outputs, err = run_argo_template(source, jobwait, work, {
                    "job-id": job_id, "step-file": "deploy/wait.toml", "credentials-secret": "cce-deploy",
                    "image": "unused"}, checkout, secrets)
                check(status == code, f"Argo template, a checkout as the artifact, {job_id}: exit {status}\n{err}")
                check(outputs == expected, f"Argo template, a checkout as the artifact, {job_id}: outputs {outputs}")

        with tempfile.TemporaryDirectory(prefix="jobwait-plugin-") as work:
            step_file(sim.base_url, os.path.join(work, "step.toml"))
            # Without the credentials' Secret, Tekton and Argo have no way to give jobwait a token:
            # each requires the parameter (and the pod does not start without the Secret).
            status, results, err = run_tekton_task(source, jobwait, work, {"step-file": "step.toml", "job-id": "job-ok",
                                                                           "image": "unused"}, secrets)
            check(status != 0 and "credentials-secret" in err, f"Tekton Task without credentials-secret: {status} {err}")
            status, outputs, err = run_argo_template(source, jobwait, work, {"job-id": "job-ok", "image": "unused"},
                                                     os.path.join(work, "step.toml"), secrets)
            check(status != 0 and "credentials-secret" in err, f"Argo template without credentials-secret: {status} {err}")

            # The action reuses a jobwait on PATH when jobwait-path is empty.
            status, outputs, err = run_github_action(source, jobwait, work, {"step-file": "step.toml", "job-id": "job-ok"},
                                                     credentials)
            check(status == 0 and outputs["outcome"] == "succeeded", f"GitHub action, jobwait from PATH: {status}\n{err}")
            check(outputs["binary step: bin"] == jobwait, f"GitHub action did not reuse jobwait on PATH: {outputs}")

            # With none on PATH it builds one from its own checkout: install-deps, the release
            # preset, the jobwait target, and that binary runs the wait.
            tree = os.path.join(work, "tree")
            log = fake_build_tree(source, jobwait, tree)
            status, outputs, err = run_github_action(tree, jobwait, work, {"step-file": "step.toml", "job-id": "job-ok"},
                                                     credentials, path=os.path.join(tree, "bin") + ":/usr/bin:/bin")
            check(status == 0 and outputs["outcome"] == "succeeded", f"GitHub action, built jobwait: {status}\n{err}")
            check(outputs["binary step: bin"] == os.path.join(tree, "build/release/runner/jobwait"),
                  f"GitHub action did not use the jobwait it built: {outputs}")
            calls = open(log).read().splitlines() if os.path.exists(log) else []
            check(calls == ["install-deps ", f"cmake --preset release -S {tree}",
                            f"cmake --build {tree}/build/release --target jobwait"],
                  f"GitHub action's build branch ran {calls}")

            # The GitLab component says so when its image has no jobwait.
            status, outputs, missing, err = run_gitlab_component(source, jobwait, work, {
                "image": "debian:12-slim", "step_file": "step.toml"}, credentials, path="/usr/bin:/bin")
            check(status == 2 and "not on PATH in the image debian:12-slim" in err,
                  f"GitLab component without jobwait: exit {status}\n{err}")
    for failure in failures:
        print("FAILED:", failure)
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
