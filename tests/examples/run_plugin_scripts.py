"""Runs the shell inside the plugins the way their CI systems would, against jobwait-sim:
the GitHub composite action's steps (bash -eo pipefail, a $GITHUB_OUTPUT file per step, the
action's outputs resolved from them), the GitLab component's job (inputs interpolated, its
variables and script, the dotenv and JUnit reports it declares), the Tekton Task's step script (params and result paths
substituted, overrides as arguments) and the Argo template's script (its /jobwait directory
mapped to a temp dir). Each must leave the outcome and state a pipeline reads.

usage: run_plugin_scripts.py JOBWAIT_BIN JOBWAIT_SIM_BIN SOURCE_DIR
"""
import os
import re
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
        f.write('name = "plugin"\n[job]\nprovider = "cce"\nid = "${JOB_ID_DEFAULT:-}"\nproject_id = "proj-example"\n'
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


def run_github_action(source, jobwait, work, inputs):
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
        env = {"PATH": os.path.dirname(jobwait) + ":/usr/bin:/bin", "GITHUB_ACTIONS": "true",
               "GITHUB_OUTPUT": output_file, "GITHUB_STEP_SUMMARY": summary, "HW_AUTH_TOKEN": TOKEN}
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
    return status, outputs, done.stderr


def run_gitlab_component(source, jobwait, work, inputs):
    spec, template = yaml.safe_load_all(open(os.path.join(source, "plugin/gitlab/templates/jobwait.yml")))
    values = {name: entry.get("default", "") for name, entry in spec["spec"]["inputs"].items()}
    values.update(inputs)

    def expand(text):
        return re.sub(r"\$\[\[\s*inputs\.(\w+)\s*\]\]", lambda m: str(values[m.group(1)]), str(text))

    job = yaml.safe_load(expand(yaml.safe_dump(template)))[values["job_name"]]
    env = {"PATH": os.path.dirname(jobwait) + ":/usr/bin:/bin", "GITLAB_CI": "true", "HW_AUTH_TOKEN": TOKEN}
    env.update({k: str(v) for k, v in job["variables"].items()})
    # The runner's bash: errexit and pipefail, the script lines in order.
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", "\n".join(job["script"])], cwd=work, env=env,
                          capture_output=True, text=True, timeout=60)
    dotenv = os.path.join(work, job["artifacts"]["reports"]["dotenv"])
    outputs = dict(line.split("=", 1) for line in open(dotenv).read().splitlines()) if os.path.exists(dotenv) else {}
    reports = [p for p in job["artifacts"]["paths"] + [job["artifacts"]["reports"]["junit"]]
               if not os.path.exists(os.path.join(work, p))]
    return done.returncode, outputs, reports, done.stderr


def run_tekton_task(source, jobwait, work, params):
    task = yaml.safe_load(open(os.path.join(source, "plugin/tekton/jobwait-task.yaml")))
    step = task["spec"]["steps"][0]
    values = {p["name"]: p.get("default", "") for p in task["spec"]["params"]}
    values.update(params)
    result_dir = os.path.join(work, "results")
    os.makedirs(result_dir, exist_ok=True)

    def expand(text):
        text = re.sub(r"\$\(results\.([\w-]+)\.path\)", lambda m: os.path.join(result_dir, m.group(1)), text)
        text = text.replace("$(workspaces.source.path)", work)
        return re.sub(r"\$\(params\.([\w-]+)\)", lambda m: str(values[m.group(1)]), text)

    args = []
    for arg in step.get("args", []):
        match = re.fullmatch(r"\$\(params\.([\w-]+)\[\*\]\)", arg)
        args += values[match.group(1)] if match else [expand(arg)]
    script = os.path.join(work, "tekton-step")
    with open(script, "w") as f:
        f.write(expand(step["script"]))
    os.chmod(script, 0o755)
    env = {"PATH": os.path.dirname(jobwait) + ":/usr/bin:/bin", "HW_AUTH_TOKEN": TOKEN}
    env.update({e["name"]: expand(e["value"]) for e in step.get("env", [])})
    done = subprocess.run([script] + args, cwd=expand(step["workingDir"]), env=env, capture_output=True, text=True,
                          timeout=60)
    results = {name: open(os.path.join(result_dir, name)).read() for name in os.listdir(result_dir)}
    return done.returncode, results, done.stderr


def run_argo_template(source, jobwait, work, parameters):
    doc = yaml.safe_load(open(os.path.join(source, "plugin/argo/jobwait-workflowtemplate.yaml")))
    template = {t["name"]: t for t in doc["spec"]["templates"]}["wait"]
    values = {p["name"]: p.get("value", "") for p in template["inputs"]["parameters"]}
    values.update(parameters)
    root = os.path.join(work, "argo")  # stands in for the container's /jobwait
    os.makedirs(root, exist_ok=True)

    def expand(text):
        text = re.sub(r"\{\{inputs\.parameters\.([\w-]+)\}\}", lambda m: str(values[m.group(1)]), str(text))
        return text.replace("/jobwait", root)

    os.replace(os.path.join(work, "step.toml"), expand(template["inputs"]["artifacts"][0]["path"]))
    script = template["script"]
    env = {"PATH": os.path.dirname(jobwait) + ":/usr/bin:/bin", "HW_AUTH_TOKEN": TOKEN}
    env.update({e["name"]: expand(e["value"]) for e in script.get("env", [])})
    done = subprocess.run(script["command"], input=expand(script["source"]), cwd=work, env=env, capture_output=True,
                          text=True, timeout=60)
    outputs = {}
    for p in template["outputs"]["parameters"]:
        path = expand(p["valueFrom"]["path"])
        outputs[p["name"]] = open(path).read() if os.path.exists(path) else p["valueFrom"].get("default")
    return done.returncode, outputs, done.stderr


def main(jobwait, sim_bin, source):
    jobwait = os.path.abspath(jobwait)
    if os.path.basename(jobwait) != "jobwait":
        sys.exit("the jobwait binary must be called jobwait: the plugins find it on PATH")
    jobs = cce_job("job-ok", ["Running", "Success"]) + "\n" + cce_job("job-bad", ["Running", "Failed"], reason="quota")
    with Simulator(sim_bin, jobs) as sim:
        for job_id, code, outcome in (("job-ok", 0, "succeeded"), ("job-bad", 1, "failed")):
            with tempfile.TemporaryDirectory(prefix="jobwait-plugin-") as work:
                step_file(sim.base_url, os.path.join(work, "step.toml"))
                status, outputs, err = run_github_action(source, jobwait, work, {
                    "step-file": "step.toml", "job-id": job_id, "result": "out.json",
                    "overrides": "wait.request_timeout=5s\n\nwait.max_errors=3\n", "jobwait-path": jobwait})
                check(status == code, f"GitHub action, {job_id}: exit {status}\n{err}")
                check(outputs["outcome"] == outcome, f"GitHub action, {job_id}: outcome {outputs['outcome']!r}")
                check(outputs["state"] == outcome, f"GitHub action, {job_id}: state {outputs['state']!r}")
                check(outputs["exit-code"] == str(code), f"GitHub action, {job_id}: exit-code {outputs['exit-code']!r}")
                check(outputs["job-id"] == job_id, f"GitHub action, {job_id}: job-id {outputs['job-id']!r}")
                check(os.path.exists(os.path.join(work, outputs["result"])), f"GitHub action, {job_id}: no result")

                status, outputs, missing, err = run_gitlab_component(source, jobwait, work, {
                    "step_file": "step.toml", "job_id": job_id, "overrides": "wait.max_errors=3 name=gitlab"})
                check(status == code, f"GitLab component, {job_id}: exit {status}\n{err}")
                check(outputs.get("JOBWAIT_OUTCOME") == outcome and outputs.get("JOBWAIT_STATE") == outcome,
                      f"GitLab component, {job_id}: dotenv {outputs}")
                check(not missing, f"GitLab component, {job_id}: artifacts not written: {missing}")

                status, results, err = run_tekton_task(source, jobwait, work, {
                    "step-file": "step.toml", "job-id": job_id, "overrides": ["wait.max_errors=3", "name=tekton"],
                    "image": "unused"})
                check(status == code, f"Tekton Task, {job_id}: exit {status}\n{err}")
                check(results == {"outcome": outcome, "state": outcome, "exit-code": str(code)},
                      f"Tekton Task, {job_id}: results {results}")

                status, outputs, err = run_argo_template(source, jobwait, work, {
                    "job-id": job_id, "overrides": "wait.max_errors=3", "image": "unused"})
                check(status == code, f"Argo template, {job_id}: exit {status}\n{err}")
                check(outputs == {"outcome": outcome, "state": outcome, "exit-code": str(code)},
                      f"Argo template, {job_id}: outputs {outputs}")
    for failure in failures:
        print("FAILED:", failure)
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
