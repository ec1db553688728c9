"""The plugin/ integrations and the example pipelines, read as their CI systems would read them:
every YAML file parses, and every example names only inputs, parameters, outputs and results
that the action, component, Task, WorkflowTemplate or Jenkins step really has (and gives the
ones they require). The names jobwait itself writes are checked against the same lists by
tests/e2e/test_ci_output.cpp.

The create call in every example goes to the host `jobwait explain` resolves for the step file
the example waits with (examples/deploy-wait.toml, region eu-west-101: .myhuaweicloud.eu).
There is no Jenkins or Groovy here: vars/jobwait.groovy is read for the arguments it takes and
for the calls it must make (sh with returnStatus, archiveArtifacts, junit, the outcome returned).

The release side: scripts/install.sh's default version is CMake's project(VERSION); the action
installs the release by default (its inputs, the runner facts it reads through env:, the Linux
check before any download or build); GitLab, Tekton and Argo default to the project's image
(GitLab clearing its entrypoint), the only image of the project any file names; the Jenkins
step installs when jobwait is not on PATH, its script fed through withEnv only; and
.github/workflows/release.yml runs on release tags only, calls scripts/release.sh (in debian:12),
tests/release/check_install.sh and scripts/pin-release.sh, has no expression inside run:, and
publishes every file of dist/.

With --lint, shellcheck instead, over every script of the integrations and the release (the
installer, pin-release.sh, check_install.sh; the action's and the release workflow's steps as
bash; the GitLab, Tekton, Argo and Jenkins install scripts as POSIX sh); exit 77 without it.

usage: check_ci_files.py SOURCE_DIR JOBWAIT_BIN
       check_ci_files.py --lint SOURCE_DIR
"""
import glob
import os
import re
import shutil
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

    with open(os.path.join(source, "examples/argo/workflow.yaml")) as f:
        header = f.read()
    for problem in argo_workflow_problems(workflow, template_doc, header):
        check(False, "examples/argo/workflow.yaml: " + problem)
    # The rules catch what they are for: each breakage below is reported.
    def steps(w):
        return [step for t in w["spec"]["templates"] for group in t.get("steps", []) for step in group]

    def wait(w):
        return next(step for step in steps(w) if "templateRef" in step)

    def local_call(w):
        return next(step for step in steps(w) if "template" in step)

    broken = {
        "no exit hook": lambda w: wait(w).pop("hooks", None),
        "a conditional hook": lambda w: wait(w).setdefault("hooks", {}).setdefault("exit", {}).update(
            expression="steps.wait.status == 'Succeeded'"),
        "no name": lambda w: (w["metadata"].pop("generateName", None), w["metadata"].pop("name", None)),
        "a missing entrypoint": lambda w: w["spec"].update(entrypoint="no-such-template"),
        "an unknown WorkflowTemplate": lambda w: wait(w)["templateRef"].update(name="no-such-workflowtemplate"),
        "an unknown template": lambda w: local_call(w).update(template="no-such-template"),
    }
    for what, breakage in broken.items():
        copy = yaml.safe_load(yaml.safe_dump(workflow))
        breakage(copy)
        check(argo_workflow_problems(copy, template_doc, header), f"the Argo checks miss a workflow with {what}")


def argo_workflow_problems(workflow, template_doc, header):
    """What keeps examples/argo/workflow.yaml from being submitted as its header says
    (`argo submit` or `kubectl create -f`), or from reporting after a failed wait: a Workflow with
    a name, an entrypoint among its templates, every template and templateRef resolved (the
    latter in the plugin's WorkflowTemplate), and on the step that runs jobwait an unconditional
    exit hook (Argo 3.1+; runs however the step ended, as Tekton's `finally`) whose template is
    the workflow's own and reads the step's outcome."""
    problems = []
    if workflow.get("apiVersion") != "argoproj.io/v1alpha1" or workflow.get("kind") != "Workflow":
        problems.append("not an argoproj.io/v1alpha1 Workflow")
    metadata = workflow.get("metadata", {})
    if not metadata.get("name") and not metadata.get("generateName"):
        problems.append("metadata has neither name nor generateName: the API server refuses it")
    if metadata.get("generateName") and re.search(r"kubectl apply -f \S*workflow\.yaml", header):
        problems.append("says `kubectl apply`, which refuses a generateName; `kubectl create` or `argo submit`")
    if not re.search(r"argo submit [^\n]*examples/argo/workflow\.yaml", header):
        problems.append("its header does not say how to submit it (argo submit ... examples/argo/workflow.yaml)")
    spec = workflow.get("spec", {})
    local = {t.get("name"): t for t in spec.get("templates", [])}
    remote = {template_doc["metadata"]["name"]: {t["name"] for t in template_doc["spec"]["templates"]}}
    if spec.get("entrypoint") not in local:
        problems.append(f"entrypoint {spec.get('entrypoint')!r} is none of its templates")

    def unresolved(call):
        if "template" in call:
            return None if call["template"] in local else f"template {call['template']!r} is none of its templates"
        ref = call.get("templateRef", {})
        if ref.get("template") in remote.get(ref.get("name"), set()):
            return None
        return f"templateRef {ref.get('name')}/{ref.get('template')} is not in the plugin's WorkflowTemplate"

    calls = [step for t in local.values() for group in t.get("steps", []) for step in group]
    calls += [task for t in local.values() for task in t.get("dag", {}).get("tasks", [])]
    hooks = [hook for call in calls for hook in call.get("hooks", {}).values()]
    if "onExit" in spec:
        hooks.append({"template": spec["onExit"]})
    for call in calls + hooks:
        problem = unresolved(call)
        if problem:
            problems.append(problem)
    waits = [c for c in calls if c.get("templateRef", {}).get("name") in remote]
    for wait in waits:
        exit_hook = wait.get("hooks", {}).get("exit")
        if exit_hook is None:
            problems.append(f"step {wait.get('name')} has no exit hook: nothing reports after a failed wait")
        elif "expression" in exit_hook:
            problems.append(f"step {wait.get('name')}'s exit hook has a condition; it must run however the wait ended")
        elif not refs(r"\{\{steps\." + re.escape(wait["name"]) + r"\.outputs\.parameters\.(outcome)\}\}", exit_hook):
            problems.append(f"step {wait.get('name')}'s exit hook does not pass on its outcome")
    return problems


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
        # The build's result is the step's to decide (propagate, the returned outcome): publishing
        # a report of a failed wait must not mark it UNSTABLE, e.g. when [exit_codes] maps the
        # outcome to 0 or propagate is false.
        ("junit", r"\bjunit\(testResults: junitPath, allowEmptyResults: true, skipMarkingBuildUnstable: true\)"),
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


def project_version(source):
    with open(os.path.join(source, "CMakeLists.txt")) as f:
        return re.search(r"\bproject\(jobwait\s+VERSION\s+([0-9.]+)", f.read()).group(1)


# The repository slug the integrations default to, and the image the release publishes.
SLUG = "jobwait/jobwait"


def project_image(source):
    return f"ghcr.io/{SLUG}:{project_version(source)}"


def check_installer(source):
    """scripts/install.sh: its default version is the project's, the slug is written once and
    the default download URL is the GitHub release's, where the release workflow uploads."""
    with open(os.path.join(source, "scripts/install.sh")) as f:
        text = f.read()
    default = re.findall(r"^default_version=(\S+)$", text, flags=re.M)
    check(default == [project_version(source)],
          f"install.sh's default_version {default} is not CMake's project(VERSION) {project_version(source)}")
    check(text.count(SLUG) == 1, f"install.sh writes {SLUG} {text.count(SLUG)} times, not once")
    check(re.search(r"^repository=\$\{JOBWAIT_REPOSITORY:-" + re.escape(SLUG) + r"\}$", text, flags=re.M) is not None,
          "install.sh: the repository is not ${JOBWAIT_REPOSITORY:-" + SLUG + "}")
    check("base_url=https://github.com/$repository/releases/download/v$version" in text,
          "install.sh: the default base URL is not the GitHub release's download directory")
    check("archive=jobwait-$version-linux-$arch.tar.gz" in text, "install.sh: not the archive name release.sh makes")


def check_github_install(source):
    """The action installs the release by default: its new inputs, the runner facts it reads only
    through env:, the installer and pins it uses, and the example that no longer builds."""
    action = load(os.path.join(source, "plugin/github/action.yml"))
    inputs = action["inputs"]
    for name, default in (("version", ""), ("install", "release"), ("base-url", ""), ("jobwait-path", "")):
        check(name in inputs and inputs[name].get("default") == default,
              f"action.yml: input {name} missing or its default is not {default!r}")
    steps = {step["id"]: step for step in action["runs"]["steps"]}
    binary = steps.get("binary", {})
    for step in action["runs"]["steps"]:
        check("${{" not in step.get("run", ""), f"action.yml step {step['id']}: an expression inside run:")
    env = binary.get("env", {})
    check(env.get("ACTION_REF") == "${{ github.action_ref }}" and env.get("RUNNER_OS_NAME") == "${{ runner.os }}",
          f"action.yml: the binary step does not get github.action_ref and runner.os through env: {env}")
    run = binary.get("run", "")
    check('installer="$source_dir/scripts/install.sh"' in run and os.path.exists(os.path.join(source, "scripts/install.sh")),
          "action.yml does not install with scripts/install.sh from its own checkout")
    check('pins="$ACTION_PATH/release.env"' in run, "action.yml does not read release.env beside itself")
    check('dir="${RUNNER_TOOL_CACHE:?' in run and '/jobwait/$version/$arch"' in run,
          "action.yml does not install into $RUNNER_TOOL_CACHE/jobwait/VERSION/ARCH")
    # The OS check comes before anything that downloads or builds.
    at = {name: run.find(text) for name, text in (("os", '[ "$RUNNER_OS_NAME" = Linux ]'),
                                                  ("installer", 'sh "$installer"'),
                                                  ("build", "install-deps.sh"))}
    check(-1 not in at.values() and at["os"] < min(at["installer"], at["build"]),
          f"action.yml: the Linux check does not come before the install and the build: {at}")
    workflow = load(os.path.join(source, "examples/github/deploy.yml"))
    for name, job in workflow["jobs"].items():
        check("container" not in job, f"examples/github/deploy.yml job {name} still runs in a container")
        for step in job["steps"]:
            if step.get("uses") == "./plugin/github":
                check(step.get("with", {}).get("install", "release") == "release",
                      "examples/github/deploy.yml does not install the release")


def check_images(source):
    """GitLab, Tekton and Argo default to the project's image; GitLab clears its entrypoint;
    every image of the project named anywhere in plugin/ and examples/ is that one."""
    image = project_image(source)
    spec, template = load(os.path.join(source, "plugin/gitlab/templates/jobwait.yml"), every_document=True)
    check(spec["spec"]["inputs"]["image"].get("default") == image,
          f"the GitLab component's image input does not default to {image}")
    job = next(iter(template.values()))
    check(job.get("image") == {"name": "$[[ inputs.image ]]", "entrypoint": [""]},
          f"the GitLab job's image is not the image input with entrypoint [\"\"]: {job.get('image')}")
    task = load(os.path.join(source, "plugin/tekton/jobwait-task.yaml"))
    params = {p["name"]: p for p in task["spec"]["params"]}
    check(params["image"].get("default") == image, f"the Tekton Task's image param does not default to {image}")
    check(all(step["image"] == "$(params.image)" for step in task["spec"]["steps"]), "a Tekton step ignores the image param")
    doc = load(os.path.join(source, "plugin/argo/jobwait-workflowtemplate.yaml"))
    template = {t["name"]: t for t in doc["spec"]["templates"]}["wait"]
    parameters = {p["name"]: p for p in template["inputs"]["parameters"]}
    check(parameters["image"].get("value") == image, f"the Argo template's image parameter does not default to {image}")
    check(template["script"]["image"] == "{{inputs.parameters.image}}", "the Argo script ignores the image parameter")
    check(template["script"]["command"] == ["sh"], "the Argo script is not run by sh (the image has busybox sh)")
    paths = [p for p in glob.glob(os.path.join(source, "plugin/**/*"), recursive=True) +
             glob.glob(os.path.join(source, "examples/**/*"), recursive=True) +
             glob.glob(os.path.join(source, "examples/**/.*"), recursive=True) if os.path.isfile(p)]
    for path in paths:
        for named in re.findall(r"ghcr\.io/[\w./-]*jobwait[\w.:-]*", open(path, errors="replace").read()):
            check(named == image, f"{path} names the image {named}, not {image}")


def check_jenkins_install(source):
    """vars/jobwait.groovy installs the release when jobwait is not on PATH: the version it
    defaults to, the slug written once, and its install script fed only through withEnv."""
    with open(os.path.join(source, "plugin/jenkins/vars/jobwait.groovy")) as f:
        step = f.read()
    code = re.sub(r"//[^\n]*", "", step)
    version = re.findall(r"@Field final String JOBWAIT_VERSION = '([^']*)'", code)
    check(version == [project_version(source)], f"vars/jobwait.groovy's JOBWAIT_VERSION {version} is not the project's")
    check(code.count(SLUG) == 1 and f"@Field final String JOBWAIT_REPOSITORY = '{SLUG}'" in code,
          f"vars/jobwait.groovy does not write {SLUG} once, as JOBWAIT_REPOSITORY")
    call = re.search(r"\bdef call\(Map args[^)]*\)\s*\{(.*?)\n\}", code, flags=re.S)
    body = call.group(1) if call else ""
    on_path = body.find("sh(script: 'command -v jobwait >/dev/null 2>&1', returnStatus: true) == 0")
    install = body.find("installJobwait((args.version ?: JOBWAIT_VERSION) as String, args.baseUrl as String)")
    command = body.find("List<String> command = [jobwait, 'run'")
    check(-1 < on_path < install < command,
          "vars/jobwait.groovy: call() does not look for jobwait on PATH, else install it, before the command")
    function = re.search(r"private String installJobwait\(String version, String baseUrl\) \{(.*?)\n\}", code, flags=re.S)
    check(function is not None, "vars/jobwait.groovy has no installJobwait(version, baseUrl)")
    function = function.group(1) if function else ""
    given = set(re.findall(r'"(JOBWAIT_\w+)=\$\{', function))
    script = re.search(r"String INSTALL_SCRIPT = '{3}(.*?)'{3}", code, flags=re.S)
    used = set(re.findall(r"\$(?:\{)?(JOBWAIT_\w+)", script.group(1))) if script else set()
    check(used and given == used, f"vars/jobwait.groovy: withEnv gives {given}, the install script reads {used}")
    check("sh(script: INSTALL_SCRIPT)" in function, "installJobwait does not run INSTALL_SCRIPT as it is")
    check('String home = "${env.WORKSPACE}/.jobwait"' in function and 'return "${home}/bin/jobwait"' in function and
          script is not None and '--dir "$JOBWAIT_HOME/bin"' in script.group(1),
          "vars/jobwait.groovy: not installed into and run from $WORKSPACE/.jobwait/bin")
    # (The comment-free text lost everything after the URL's //: read the step's own text.)
    check('String base = baseUrl ?: "https://github.com/${repository}/releases/download/v${version - ~/^v/}"' in step,
          "vars/jobwait.groovy: the default download URL is not the GitHub release's")


def github_filter(pattern):
    """A GitHub Actions branch/tag filter pattern as a regex: * is anything but /, ** anything,
    + and ? repeat the character (or [class]) before them, [...] is a class."""
    out, i = "", 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**", i):
            out += ".*"
            i += 2
            continue
        if c == "*":
            out += "[^/]*"
        elif c in "+?":
            out += c
        elif c == "[":
            end = pattern.index("]", i)
            out += pattern[i:end + 1]
            i = end
        else:
            out += re.escape(c)
        i += 1
    return re.compile(out + r"\Z")


def check_release_workflow(source):
    """.github/workflows/release.yml: runs on release tags only (not the major tags it moves),
    calls the scripts the tests run, passes event values through env: only, publishes every
    file release.sh makes, and reads the outputs pin-release.sh prints."""
    path = os.path.join(source, ".github/workflows/release.yml")
    workflow = load(path)
    on = workflow.get("on", workflow.get(True, {}))  # YAML 1.1 reads the key `on` as true
    patterns = [github_filter(p) for p in on.get("push", {}).get("tags", [])]
    check(patterns and set(on) == {"push"}, f"release.yml: not triggered by pushing tags only: {on}")
    for tag, release in (("v0.1.0", True), ("v1.12.3", True), ("v0", False), ("v1", False), ("v1.2", False),
                         ("x1.2.3", False)):
        check(any(p.match(tag) for p in patterns) == release,
              f"release.yml: the tag {tag} {'does not start' if release else 'starts'} a release")
    check(workflow.get("permissions") == {"contents": "read"}, "release.yml: the default permissions are not read-only")
    steps = [(name, step) for name, job in workflow["jobs"].items() for step in job["steps"]]
    runs = {name: "\n".join(step.get("run", "") for n, step in steps if n == name) for name in workflow["jobs"]}
    for name, step in steps:
        check("${{" not in step.get("run", ""), f"release.yml job {name}: an expression inside run: {step.get('run')}")
    builders = [name for name, text in runs.items() if re.search(r"(^|\s)scripts/release\.sh\b", text)]
    check(len(builders) == 1, f"release.yml: scripts/release.sh runs in {builders}, not in one job")
    for name in builders:
        job = workflow["jobs"][name]
        image = job.get("container", {}).get("image") if isinstance(job.get("container"), dict) else job.get("container")
        check(image == "debian:12", f"release.yml: scripts/release.sh runs in {image}, not debian:12")
        text = runs[name]
        check(re.search(r"scripts/release\.sh.*tests/release/check_install\.sh dist \"\$\{TAG#v\}\"", text, flags=re.S),
              "release.yml: the installer is not checked against dist/ after scripts/release.sh")
        check(any(s.get("uses", "").startswith("actions/upload-artifact@") and s["with"]["path"].rstrip("/") == "dist"
                  for n, s in steps if n == name), "release.yml: the build job does not keep dist/")
    for script in ("scripts/pin-release.sh", "tests/release/check_install.sh"):
        check(os.access(os.path.join(source, script), os.X_OK), f"release.yml calls {script}, which is not executable")

    pins = [(name, step) for name, step in steps if "scripts/pin-release.sh" in step.get("run", "")]
    check(len(pins) == 1, "release.yml does not run scripts/pin-release.sh once")
    publisher = pins[0][0] if pins else None
    pin_step = pins[0][1] if pins else {}
    check(re.fullmatch(r'scripts/pin-release\.sh dist --version "\$TAG" >> "\$GITHUB_OUTPUT"\n?',
                       pin_step.get("run", "")) is not None and pin_step.get("env", {}).get("TAG") == "${{ github.ref_name }}",
          f"release.yml: pin-release.sh is not given dist and the tag, its output not kept: {pin_step}")
    with open(os.path.join(source, "scripts/pin-release.sh")) as f:
        printed = set(re.findall(r'^echo "([\w-]+)=', f.read(), flags=re.M))
    read = refs(r"steps\." + re.escape(pin_step.get("id", "?")) + r"\.outputs\.([\w-]+)", workflow)
    check(read and read <= printed, f"release.yml reads {read} from pin-release.sh, which prints {printed}")
    if publisher:
        job = workflow["jobs"][publisher]
        check(job.get("permissions") == {"contents": "write", "packages": "write"},
              f"release.yml: the publish job's permissions are {job.get('permissions')}")
        needs = job.get("needs", [])
        needs = [needs] if isinstance(needs, str) else needs
        check(bool(builders) and builders[0] in needs, "release.yml: the publish job does not wait for the build")
        text = runs[publisher]
        order = [text.find(s) for s in ("scripts/pin-release.sh", "gh release", "skopeo copy", "git push")]
        check(-1 not in order and order == sorted(order),
              f"release.yml: not pin, release, image, tag in that order: {order}")
        for name in ('dist/jobwait-"$VERSION"-linux-*.tar.gz', 'dist/jobwait-"$VERSION"-linux-*.tar.gz.sha256',
                     'dist/jobwait-"$VERSION"-oci.tar', "dist/SHA256SUMS", "dist/install.sh"):
            check(name in text, f"release.yml does not upload {name}")
        check('gh release create "$TAG"' in text and 'gh release upload "$TAG"' in text,
              "release.yml does not create (or add to) the tag's release")
        check('skopeo copy --all "oci-archive:dist/jobwait-$VERSION-oci.tar" "docker://$image:$tag"' in text and
              'for tag in "$VERSION" latest' in text and 'image="ghcr.io/${GITHUB_REPOSITORY,,}"' in text,
              "release.yml does not push both architectures to ghcr.io/OWNER/NAME:VERSION and :latest")
        check("git add plugin/github/release.env" in text and 'git tag --force "$MAJOR_TAG"' in text and
              'git push --force origin "refs/tags/$MAJOR_TAG"' in text,
              "release.yml does not commit the pins and move the major tag")
    with open(os.path.join(source, "scripts/pin-release.sh")) as f:
        check('/plugin/github/release.env' in f.read(), "pin-release.sh does not write plugin/github/release.env")


def shell_snippets(source):
    """Every shell script of the project's integrations and release, as (name, dialect, text)."""
    snippets = [(p, "sh", open(os.path.join(source, p)).read())
                for p in ("scripts/install.sh", "scripts/pin-release.sh", "tests/release/check_install.sh")]
    action = load(os.path.join(source, "plugin/github/action.yml"))
    snippets += [(f"action.yml step {s['id']}", "bash", s["run"]) for s in action["runs"]["steps"]]
    workflow = load(os.path.join(source, ".github/workflows/release.yml"))
    snippets += [(f"release.yml {job} step {i}", "bash", s["run"])
                 for job, spec in workflow["jobs"].items() for i, s in enumerate(spec["steps"]) if "run" in s]
    spec, template = load(os.path.join(source, "plugin/gitlab/templates/jobwait.yml"), every_document=True)
    defaults = {k: v.get("default", "x") for k, v in spec["spec"]["inputs"].items()}
    script = "\n".join(next(iter(template.values()))["script"])
    snippets.append(("the GitLab job", "sh",
                     re.sub(r"\$\[\[\s*inputs\.(\w+)\s*\]\]", lambda m: str(defaults[m.group(1)]), script)))
    task = load(os.path.join(source, "plugin/tekton/jobwait-task.yaml"))
    snippets += [(f"the Tekton step {s['name']}", "sh", s["script"]) for s in task["spec"]["steps"]]
    doc = load(os.path.join(source, "plugin/argo/jobwait-workflowtemplate.yaml"))
    snippets += [(f"the Argo template {t['name']}", "sh", t["script"]["source"]) for t in doc["spec"]["templates"]]
    with open(os.path.join(source, "plugin/jenkins/vars/jobwait.groovy")) as f:
        install = re.search(r"String INSTALL_SCRIPT = '{3}(.*?)'{3}", f.read(), flags=re.S)
    snippets.append(("the Jenkins INSTALL_SCRIPT", "sh", install.group(1) if install else ""))
    return snippets


def lint(source):
    """shellcheck over every script shell_snippets finds, as POSIX sh or bash. 77 without it."""
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        print("SKIPPED: shellcheck is not installed (apt-get install shellcheck)")
        return 77
    for name, dialect, text in shell_snippets(source):
        check(text.strip() != "", f"{name}: no script found")
        done = subprocess.run([shellcheck, "-s", dialect, "-"], input=text, capture_output=True, text=True, timeout=60)
        check(done.returncode == 0, f"shellcheck -s {dialect}: {name}\n{done.stdout}{done.stderr}")
    for failure in failures:
        print("FAILED:", failure)
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


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
    for section in (check_yaml_parses, check_github, check_gitlab, check_tekton, check_argo, check_jenkins,
                    check_installer, check_github_install, check_images, check_jenkins_install,
                    check_release_workflow):
        section(source)
    check_create_hosts(source, os.path.abspath(jobwait))
    for failure in failures:
        print("FAILED:", failure)
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(lint(sys.argv[2]) if sys.argv[1] == "--lint" else main(sys.argv[1], sys.argv[2]))
