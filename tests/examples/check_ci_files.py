"""The plugin/ integrations and the example pipelines, read as their CI systems would read them:
every YAML file parses, and every example names only inputs, parameters, outputs and results
that the action, component, Task, WorkflowTemplate or Jenkins step really has (and gives the
ones they require). The names jobwait itself writes are checked against the same lists by
tests/e2e/test_ci_output.cpp.

The create call in every example goes to the host `jobwait explain` resolves for the step file
the example waits with (examples/deploy-wait.toml, region eu-west-101: .myhuaweicloud.eu).
There is no Jenkins or Groovy here: vars/jobwait.groovy is read for the arguments it takes and
for the calls it must make (sh with returnStatus, archiveArtifacts, junit, the outcome returned).

usage: check_ci_files.py SOURCE_DIR JOBWAIT_BIN
"""
import glob
import os
import re
import subprocess
import sys

import yaml

# What jobwait writes to $GITHUB_OUTPUT, and to the dotenv report (runner/output/run_outputs.cpp).
JOBWAIT_OUTPUTS = {"outcome", "state", "exit_code", "job_id", "result", "message"}
DOTENV_NAMES = {"JOBWAIT_" + name.upper() for name in JOBWAIT_OUTPUTS}

failures = []
checks = 0


def check(condition, what):
    global checks
    checks += 1
    if not condition:
        failures.append(what)


def load(path, every_document=False):
    with open(path) as f:
        return list(yaml.safe_load_all(f)) if every_document else yaml.safe_load(f)


def refs(pattern, value):
    """Every match of `pattern` anywhere in a parsed YAML tree (keys and values)."""
    found = set()
    if isinstance(value, dict):
        for k, v in value.items():
            found |= refs(pattern, k) | refs(pattern, v)
    elif isinstance(value, list):
        for v in value:
            found |= refs(pattern, v)
    elif isinstance(value, str):
        found |= set(re.findall(pattern, value))
    return found


def check_yaml_parses(source):
    paths = [p for p in glob.glob(os.path.join(source, "plugin/**/*"), recursive=True) +
             glob.glob(os.path.join(source, "examples/**/*"), recursive=True) +
             glob.glob(os.path.join(source, "examples/**/.*"), recursive=True)
             if p.endswith((".yml", ".yaml"))]
    check(len(paths) >= 8, f"expected the plugin and example YAML files, found {paths}")
    for path in paths:
        try:
            documents = load(path, every_document=True)
            check(all(isinstance(d, dict) for d in documents), f"{path}: not a mapping")
        except yaml.YAMLError as error:
            check(False, f"{path}: {error}")


def check_github(source):
    action = load(os.path.join(source, "plugin/github/action.yml"))
    inputs, outputs = action["inputs"], action["outputs"]
    steps = {step["id"]: step for step in action["runs"]["steps"]}
    check(action["runs"]["using"] == "composite", "action.yml: not a composite action")
    for name in refs(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", action["runs"]):
        check(name in inputs, f"action.yml uses inputs.{name}, which it does not declare")
    for step_id, name in refs(r"steps\.([\w-]+)\.outputs\.([\w-]+)", action):
        check(step_id in steps, f"action.yml refers to step {step_id}, which it does not have")
        if step_id == "run":
            check(name in JOBWAIT_OUTPUTS, f"action.yml reads output {name}, which jobwait does not write")
        elif step_id in steps:
            check(f"echo \"{name}=" in steps[step_id]["run"], f"step {step_id} never writes output {name}")

    workflow = load(os.path.join(source, "examples/github/deploy.yml"))
    used = 0
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if step.get("uses") != "./plugin/github":
                continue
            used += 1
            given = step.get("with", {})
            for name in given:
                check(name in inputs, f"deploy.yml passes input {name}, which the action does not have")
            for name, spec in inputs.items():
                if spec.get("required"):
                    check(name in given, f"deploy.yml leaves out the required input {name}")
            for name in refs(r"steps\." + re.escape(step["id"]) + r"\.outputs\.([\w-]+)", job):
                check(name in outputs, f"deploy.yml reads output {name}, which the action does not have")
    check(used == 1, "deploy.yml does not use the action")


def check_gitlab(source):
    spec, template = load(os.path.join(source, "plugin/gitlab/templates/jobwait.yml"), every_document=True)
    inputs = spec["spec"]["inputs"]
    for name in refs(r"\$\[\[\s*inputs\.(\w+)\s*\]\]", template):
        check(name in inputs, f"jobwait.yml uses inputs.{name}, which its spec does not declare")
    job = next(iter(template.values()))
    check(job["artifacts"]["reports"]["dotenv"] in job["script"][0], "the component's dotenv path is not jobwait's")

    pipeline = load(os.path.join(source, "examples/gitlab/.gitlab-ci.yml"))
    includes = [i for i in pipeline["include"] if i.get("local") == "plugin/gitlab/templates/jobwait.yml"]
    check(len(includes) == 1, ".gitlab-ci.yml does not include the component")
    given = includes[0].get("inputs", {}) if includes else {}
    for name in given:
        check(name in inputs, f".gitlab-ci.yml passes input {name}, which the component does not have")
    for name, spec_entry in inputs.items():
        if "default" not in spec_entry:
            check(name in given, f".gitlab-ci.yml leaves out the required input {name}")
    for name, job in pipeline.items():
        if not isinstance(job, dict) or "script" not in job:
            continue
        used = refs(r"\$(JOBWAIT_[A-Z_]+)", job["script"])
        for variable in used:
            check(variable in DOTENV_NAMES, f".gitlab-ci.yml job {name} reads {variable}, which jobwait does not write")
        if used:
            check(given.get("job_name", "jobwait") in job.get("needs", []), f"job {name} does not need the wait job")


def check_tekton(source):
    task = load(os.path.join(source, "plugin/tekton/jobwait-task.yaml"))
    params = {p["name"]: p for p in task["spec"]["params"]}
    results = {r["name"] for r in task["spec"]["results"]}
    workspaces = {w["name"] for w in task["spec"]["workspaces"]}
    check({"outcome", "state"} <= results, "the Task lacks the outcome and state results")
    for name in refs(r"\$\(params\.([\w-]+)(?:\[\*\])?\)", task["spec"]["steps"]):
        check(name in params, f"the Task uses params.{name}, which it does not declare")
    for name in refs(r"\$\(results\.([\w-]+)\.path\)", task["spec"]["steps"]):
        check(name in results, f"the Task writes results.{name}, which it does not declare")
    for name in refs(r"\$\(workspaces\.([\w-]+)\.path\)", task["spec"]["steps"]):
        check(name in workspaces, f"the Task uses workspace {name}, which it does not declare")

    pipeline = load(os.path.join(source, "examples/tekton/pipeline.yaml"))
    all_tasks = pipeline["spec"]["tasks"] + pipeline["spec"].get("finally", [])
    waits = [t for t in all_tasks if t.get("taskRef", {}).get("name") == task["metadata"]["name"]]
    check(len(waits) == 1, "pipeline.yaml does not run the jobwait Task")
    for wait in waits:
        given = {p["name"] for p in wait.get("params", [])}
        for name in given:
            check(name in params, f"pipeline.yaml passes param {name}, which the Task does not have")
        for name, param in params.items():
            if "default" not in param:
                check(name in given, f"pipeline.yaml leaves out the required param {name}")
        for w in wait.get("workspaces", []):
            check(w["name"] in workspaces, f"pipeline.yaml binds workspace {w['name']}, which the Task does not have")
        for name in refs(r"\$\(tasks\." + re.escape(wait["name"]) + r"\.results\.([\w-]+)\)", pipeline):
            check(name in results, f"pipeline.yaml reads result {name}, which the Task does not have")


def check_argo(source):
    template_doc = load(os.path.join(source, "plugin/argo/jobwait-workflowtemplate.yaml"))
    template = {t["name"]: t for t in template_doc["spec"]["templates"]}["wait"]
    inputs = {p["name"]: p for p in template["inputs"]["parameters"]}
    input_artifacts = {a["name"] for a in template["inputs"]["artifacts"]}
    outputs = {p["name"] for p in template["outputs"]["parameters"]}
    check({"outcome", "state"} <= outputs, "the WorkflowTemplate lacks the outcome and state outputs")
    for name in refs(r"\{\{inputs\.parameters\.([\w-]+)\}\}", template):
        check(name in inputs, f"the WorkflowTemplate uses inputs.parameters.{name}, which it does not declare")

    workflow = load(os.path.join(source, "examples/argo/workflow.yaml"))
    used = 0
    for t in workflow["spec"]["templates"]:
        for group in t.get("steps", []):
            for step in group:
                ref = step.get("templateRef", {})
                if ref.get("name") != template_doc["metadata"]["name"] or ref.get("template") != "wait":
                    continue
                used += 1
                given = {p["name"] for p in step["arguments"].get("parameters", [])}
                for name in given:
                    check(name in inputs, f"workflow.yaml passes parameter {name}, which the template does not have")
                for name, p in inputs.items():
                    if "value" not in p and "default" not in p:
                        check(name in given, f"workflow.yaml leaves out the required parameter {name}")
                for a in step["arguments"].get("artifacts", []):
                    check(a["name"] in input_artifacts, f"workflow.yaml passes artifact {a['name']}, which it lacks")
                for name in refs(r"\{\{steps\." + re.escape(step["name"]) + r"\.outputs\.parameters\.([\w-]+)\}\}",
                                 workflow):
                    check(name in outputs, f"workflow.yaml reads output {name}, which the template does not have")
    check(used == 1, "workflow.yaml does not use the jobwait template")


def check_jenkins(source):
    with open(os.path.join(source, "plugin/jenkins/vars/jobwait.groovy")) as f:
        step = f.read()
    accepted = set(re.findall(r"args\.(\w+)", step)) | set(re.findall(r"args\.get\('(\w+)'", step))
    accepted.discard("get")
    check("stepFile" in accepted, "vars/jobwait.groovy does not read stepFile")

    # What the step promises: run jobwait without throwing on its exit code, then archive the
    # artifact, publish the JUnit report, read the outcome from the dotenv report and return it.
    # Without comments, so a call that is only described does not count.
    code = re.sub(r"//[^\n]*", "", step)
    call = re.search(r"\bdef call\(Map args[^)]*\)\s*\{(.*?)\n\}", code, flags=re.S)
    check(call is not None, "vars/jobwait.groovy has no call(Map args) step")
    body = call.group(1) if call else ""
    result = re.search(r"String result = args\.result \?: '([^']+)'", body)
    junit = re.search(r"String junitPath = args\.junit \?: '([^']+)'", body)
    dotenv = re.search(r"String dotenv = '([^']+)'", body)
    check(result and junit and dotenv, "vars/jobwait.groovy: the result, junit and dotenv paths are not where expected")
    steps = [
        ("sh", r"int status = sh\(script: [^\n]*returnStatus: true\)"),
        ("the command", r"'--result', result,[^\n]*\n[^\n]*'--set', \"output\.junit=\$\{junitPath\}\", "
                        r"'--set', \"output\.dotenv=\$\{dotenv\}\""),
        ("archiveArtifacts", r"archiveArtifacts\(artifacts: result, allowEmptyArchive: true"),
        ("junit", r"\bjunit\(testResults: junitPath, allowEmptyResults: true\)"),
        ("readDotenv", r"Map<String, String> outputs = readDotenv\(dotenv\)"),
        ("the outcome", r"String outcome = outputs\.JOBWAIT_OUTCOME \?: 'config_error'"),
        ("return", r"\n\s*return outcome\s*$"),
    ]
    at = {}
    for name, pattern in steps:
        match = re.search(pattern, body)
        check(match is not None, f"vars/jobwait.groovy: no {name} call in call() ({pattern})")
        at[name] = match.start() if match else -1
    order = ["the command", "sh", "archiveArtifacts", "junit", "readDotenv", "the outcome", "return"]
    check([at[n] for n in order] == sorted(at[n] for n in order),
          f"vars/jobwait.groovy: call() does not run, archive, publish and return in that order: {at}")
    check(re.search(r"if \(status != 0 && args\.get\('propagate', true\)\)", body) is not None,
          "vars/jobwait.groovy: propagate does not decide whether a non-zero exit fails the build")
    with open(os.path.join(source, "examples/jenkins/Jenkinsfile")) as f:
        pipeline = f.read()
    calls = re.findall(r"\bjobwait\(([^)]*)\)", pipeline, flags=re.S)
    check(len(calls) == 1, "the Jenkinsfile does not call the jobwait step")
    for call in calls:
        # Top-level named arguments only: drop the insides of [...] maps and lists first.
        names = set(re.findall(r"(\w+)\s*:", re.sub(r"\[[^\]]*\]", "[]", call)))
        for name in names:
            check(name in accepted, f"the Jenkinsfile passes {name}, which vars/jobwait.groovy ignores")
        check("stepFile" in names, "the Jenkinsfile leaves out stepFile")


def explained_endpoint(jobwait, step_file, env):
    """The base URL `jobwait explain` resolves for the step file's CCE job (it sends nothing)."""
    done = subprocess.run([jobwait, "explain", step_file, "--set", "job.id=probe"], env=env,
                          capture_output=True, text=True, timeout=30)
    match = re.search(r"^request +GET (\S+?)/api/v3/projects/", done.stdout, flags=re.M)
    check(match is not None, f"jobwait explain {step_file}: no CCE request\n{done.stdout}{done.stderr}")
    return match.group(1) if match else None


def check_create_hosts(source, jobwait):
    """Every example's create call (POST .../api/v3/projects/{project}/clusters) goes to the host
    jobwait polls for the step file the examples wait with. None of them sets HW_REGION or
    JOBWAIT_ENDPOINT, so that is the step file's own region: what explain says with neither set."""
    env = {"PATH": "/usr/bin:/bin", "HW_AUTH_TOKEN": "example-token", "CCE_PROJECT_ID": "example-project"}
    step_file = os.path.join(source, "examples/deploy-wait.toml")
    endpoint = explained_endpoint(jobwait, step_file, env)
    check(endpoint == "https://cce.eu-west-101.myhuaweicloud.eu",
          f"the examples' step file resolves to {endpoint}: keep the examples' create hosts in step")
    paths = [p for p in glob.glob(os.path.join(source, "examples/**/*"), recursive=True) +
             glob.glob(os.path.join(source, "examples/**/.*"), recursive=True)
             if p.endswith((".yml", ".yaml", "Jenkinsfile"))]
    calling = 0
    for path in paths:
        text = open(path).read()
        for variable in ("HW_REGION", "JOBWAIT_ENDPOINT", "HW_REGION_NAME", "OS_REGION_NAME"):
            check(re.search(r"\b" + variable + r"\b", text) is None,
                  f"{path} sets {variable}: the create host check assumes the step file's own region")
        urls = re.findall(r"(\S+?)/api/v3/projects/[^/\s]+/clusters", text)
        calling += bool(urls)
        for url in urls:
            base = url.lstrip("\"'")
            check(base == endpoint, f"{path}: the create call goes to {base}, but jobwait polls {endpoint}")
    check(calling >= 5, f"expected a create call in each CI example, found {calling}")
    # Each eu-west-1xx region is on .myhuaweicloud.eu, others on .myhuaweicloud.com: the rule the
    # examples rely on, as jobwait applies it.
    for region, expected in (("eu-west-101", "https://cce.eu-west-101.myhuaweicloud.eu"),
                             ("ap-southeast-1", "https://cce.ap-southeast-1.myhuaweicloud.com")):
        got = explained_endpoint(jobwait, step_file, dict(env, HW_REGION=region))
        check(got == expected, f"HW_REGION={region}: explain resolves {got}, the docs say {expected}")


def main(source, jobwait):
    for section in (check_yaml_parses, check_github, check_gitlab, check_tekton, check_argo, check_jenkins):
        section(source)
    check_create_hosts(source, os.path.abspath(jobwait))
    for failure in failures:
        print("FAILED:", failure)
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
