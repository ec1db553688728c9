"""Runs the shell inside the plugins the way their CI systems would, against jobwait-sim:
the GitHub composite action's steps (bash -eo pipefail, a $GITHUB_OUTPUT file per step, the
action's outputs resolved from them; its ways to a binary: jobwait-path, the release installed
into the tool cache, jobwait on PATH, and the build from its own checkout with stand-ins for
install-deps and cmake), the GitLab component's job (inputs interpolated, its variables and
script, the dotenv and JUnit reports it declares), the Tekton Task's step script (params and
result paths substituted, overrides as arguments, the credentials Secret mounted as its volume
says) and the Argo template's script (its /jobwait directory mapped to a temp dir, the source
artifact a file or a checkout, the Secret its envFrom names). Credentials reach jobwait only the
way each integration documents. Each must leave the outcome and state a pipeline reads. The
GitLab, Tekton and Argo scripts run a second time under busybox sh with nothing on PATH but
jobwait, as in the project's image.

The downloads are real: a fake release (archives of this jobwait for both architectures, their
.sha256, SHA256SUMS, install.sh) served on 127.0.0.1, which the action's release install and the
Jenkins step's install script fetch from, and scripts/pin-release.sh pins into the action.

usage: run_plugin_scripts.py JOBWAIT_BIN JOBWAIT_SIM_BIN SOURCE_DIR
"""
import contextlib
import functools
import hashlib
import json
import http.server
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading

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


def run_github_action(source, jobwait, work, inputs, workflow_env, path=None, runner_os="Linux", action_ref="",
                      tool_cache=None):
    """Runs the composite action's steps; the workflow's `env:` (the token) reaches every step,
    as it does on GitHub. `path` is the runner's PATH (default: jobwait's directory first);
    `runner_os` and `action_ref` are runner.os and github.action_ref; `tool_cache` is
    $RUNNER_TOOL_CACHE (default: a directory in `work`). Returns the exit status, the action's
    outputs (with the binary step's `bin` and the directories added to $GITHUB_PATH) and the
    log (stdout, where workflow commands such as ::error go, then stderr)."""
    action = yaml.safe_load(open(os.path.join(source, "plugin/github/action.yml")))
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    values.update(inputs)
    step_outputs = {}

    def expand(text):
        def one(match):
            expression = match.group(1).strip()
            if expression == "github.action_path":
                return os.path.join(source, "plugin/github")
            if expression == "github.action_ref":
                return action_ref
            if expression == "runner.os":
                return runner_os
            if expression.startswith("inputs."):
                return values[expression[len("inputs."):]]
            step_id, _, name = re.match(r"steps\.([\w-]+)\.(outputs)\.([\w-]+)", expression).groups()
            return step_outputs.get(step_id, {}).get(name, "")
        return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))

    status = 0
    log = ""
    summary = os.path.join(work, "summary.md")
    github_path = os.path.join(work, "github-path")
    open(github_path, "w").close()
    for step in action["runs"]["steps"]:
        output_file = os.path.join(work, f"output-{step['id']}")
        open(output_file, "w").close()
        env = {"PATH": path or os.path.dirname(jobwait) + ":/usr/bin:/bin", "GITHUB_ACTIONS": "true",
               "GITHUB_OUTPUT": output_file, "GITHUB_STEP_SUMMARY": summary, "GITHUB_PATH": github_path,
               "RUNNER_TOOL_CACHE": tool_cache or os.path.join(work, "tool-cache"), "HOME": work}
        env.update(workflow_env)
        env.update({k: expand(v) for k, v in step.get("env", {}).items()})
        script = os.path.join(work, f"step-{step['id']}.sh")
        with open(script, "w") as f:
            f.write(step["run"])
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=work, env=env,
                              capture_output=True, text=True, timeout=60)
        step_outputs[step["id"]] = read_outputs(output_file)
        status = done.returncode
        log += done.stdout + done.stderr
        if status != 0:
            break
    outputs = {name: expand(spec["value"]) for name, spec in action["outputs"].items()}
    outputs["binary step: bin"] = step_outputs.get("binary", {}).get("bin")
    outputs["GITHUB_PATH"] = open(github_path).read().splitlines()
    return status, outputs, log


def run_gitlab_component(source, jobwait, work, inputs, ci_variables, path=None, shell=("bash", "-eo", "pipefail")):
    """`shell`: how the runner runs the script (bash here; busybox sh in the project's image)."""
    spec, template = yaml.safe_load_all(open(os.path.join(source, "plugin/gitlab/templates/jobwait.yml")))
    values = {name: entry["default"] for name, entry in spec["spec"]["inputs"].items() if "default" in entry}
    values.update(inputs)

    def expand(text):
        return re.sub(r"\$\[\[\s*inputs\.(\w+)\s*\]\]", lambda m: str(values[m.group(1)]), str(text))

    job = yaml.safe_load(expand(yaml.safe_dump(template)))[values["job_name"]]
    env = {"PATH": path or os.path.dirname(jobwait) + ":/usr/bin:/bin", "GITLAB_CI": "true"}
    env.update(ci_variables)
    env.update({k: str(v) for k, v in job["variables"].items()})
    # The runner's shell: errexit (and pipefail), the script lines in order.
    done = subprocess.run([*shell, "-c", "\n".join(job["script"])], cwd=work, env=env,
                          capture_output=True, text=True, timeout=60)
    dotenv = os.path.join(work, job["artifacts"]["reports"]["dotenv"])
    outputs = dict(line.split("=", 1) for line in open(dotenv).read().splitlines()) if os.path.exists(dotenv) else {}
    reports = [p for p in job["artifacts"]["paths"] + [job["artifacts"]["reports"]["junit"]]
               if not os.path.exists(os.path.join(work, p))]
    return done.returncode, outputs, reports, done.stderr


# The image's user (scripts/release/oci-image.py): Kubernetes runs the Tekton and Argo scripts as it.
IMAGE_USER = 65532


def as_image_user(writable_group_dirs=()):
    """subprocess.run arguments running a script as the pod runs it: as root here, as user and
    group IMAGE_USER, so that what root owns is as unwritable as in the pod; otherwise as this
    user, with what must stay unwritable made read-only (container_root). The directories in
    `writable_group_dirs` get the group IMAGE_USER and g+w, as a pod's fsGroup: 65532 does."""
    if os.geteuid() != 0:
        return {}
    for directory in writable_group_dirs:
        os.chown(directory, -1, IMAGE_USER)
        os.chmod(directory, 0o775)
    return {"user": IMAGE_USER, "group": IMAGE_USER, "extra_groups": []}


class ContainerRoot:
    """A stand-in for the container's file system under `work`: `/tmp` writable by every user
    (1777, as in the image), every other top directory (the image's own, and those the kubelet
    makes for mounts, such as Argo's /jobwait) read-only and root's, as in the pod. `map`
    rewrites the container's absolute paths in a text to the stand-in's; call it on the
    manifest's own text, before anything of this machine is substituted in."""

    TOP = ("tmp", "jobwait", "workspace", "tekton")

    def __init__(self, work):
        self.root = tempfile.mkdtemp(prefix="container-", dir=work)
        os.chmod(self.root, 0o755)
        os.makedirs(os.path.join(self.root, "tmp"))
        os.chmod(os.path.join(self.root, "tmp"), 0o1777)

    def map(self, text):
        return re.sub(r"(?<![\w.~$-])/(" + "|".join(self.TOP) + r")(?=[/\s\"';)]|$)",
                      lambda m: self.root + "/" + m.group(1), str(text))

    def read_only(self):
        """Everything but /tmp unwritable, for the user too (when not run as root)."""
        for directory, subdirs, files in os.walk(self.root):
            if directory == os.path.join(self.root, "tmp"):
                subdirs.clear()
                continue
            for name in files:
                path = os.path.join(directory, name)
                os.chmod(path, os.stat(path).st_mode & ~0o222)
            os.chmod(directory, 0o555)

    def close(self):
        """Writable again, so that the temporary directory can be removed."""
        for directory, _, _ in os.walk(self.root):
            os.chmod(directory, 0o755 if directory != os.path.join(self.root, "tmp") else 0o1777)


def run_tekton_task(source, jobwait, work, params, secrets, shell=(), path=None):
    """`secrets`: the cluster's Secrets by name, each a dict of keys to values. Tekton mounts the
    Secret the Task's volume names (after substitution) at the step's mountPath, a file per key.
    `shell`: what runs the script (default: its #! line); `path`: the container's PATH. Runs as
    the image's user, the workspace (`work`) writable as fsGroup makes it, the results
    directory as Tekton makes it, /tmp as in the image, nothing else."""
    task = yaml.safe_load(open(os.path.join(source, "plugin/tekton/jobwait-task.yaml")))
    step = task["spec"]["steps"][0]
    values = {p["name"]: p.get("default", "") for p in task["spec"]["params"]}
    values.update(params)
    missing = [p["name"] for p in task["spec"]["params"] if "default" not in p and p["name"] not in params]
    if missing:
        return 2, {}, f"TaskRun refused: params {missing} not given"
    result_dir = os.path.join(work, "results")
    os.makedirs(result_dir, exist_ok=True)
    os.chmod(result_dir, 0o777)  # Tekton's /tekton/results: any step user writes its results there
    mounts = {}  # the container's path -> a temp dir standing in for it
    container = ContainerRoot(work)

    def expand(text):
        text = container.map(text)
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
            if not os.path.lexists(os.path.join(stand_in, key)):
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
    env = {"PATH": path or os.path.dirname(jobwait) + ":/usr/bin:/bin"}
    env.update({e["name"]: expand(e["value"]) for e in step.get("env", [])})
    container.read_only()
    try:
        done = subprocess.run([*shell, script] + args, cwd=expand(step["workingDir"]), env=env, capture_output=True,
                              text=True, timeout=60, **as_image_user(writable_group_dirs=[work]))
    finally:
        container.close()
    results = {name: open(os.path.join(result_dir, name)).read() for name in os.listdir(result_dir)}
    for name in os.listdir(result_dir):
        os.remove(os.path.join(result_dir, name))
    return done.returncode, results, done.stderr


@contextlib.contextmanager
def work_dir():
    """A temporary directory the image's user can enter (the scripts run as it), removed after."""
    with tempfile.TemporaryDirectory(prefix="jobwait-plugin-") as work:
        os.chmod(work, 0o755)
        yield work


def argo_templates(source):
    doc = yaml.safe_load(open(os.path.join(source, "plugin/argo/jobwait-workflowtemplate.yaml")))
    return {t["name"]: t for t in doc["spec"]["templates"]}


def run_argo_template(source, jobwait, work, parameters, artifact, secrets, command=None, path=None, name="wait"):
    """`artifact`: what Argo puts at the source artifact's path: a file (raw, S3) or a directory
    (a git checkout), copied from there, read-only. `secrets`: the cluster's Secrets by name.
    `command` replaces the script's command (busybox sh for its sh); `path` is the container's
    PATH. Runs as the image's user in a stand-in of the container's file system (ContainerRoot),
    where only /tmp is writable; the outputs are read from the paths the template names."""
    template = argo_templates(source)[name]
    values = {p["name"]: p["value"] for p in template["inputs"]["parameters"] if "value" in p}
    values.update(parameters)
    missing = [p["name"] for p in template["inputs"]["parameters"] if p["name"] not in values]
    if missing:
        return 2, {}, f"workflow refused: parameters {missing} not given"
    container = ContainerRoot(work)

    def expand(text):
        return re.sub(r"\{\{inputs\.parameters\.([\w-]+)\}\}", lambda m: str(values[m.group(1)]),
                      container.map(text))

    (spec,) = template["inputs"]["artifacts"]
    target = expand(spec["path"])
    os.makedirs(os.path.dirname(target), exist_ok=True)  # the kubelet makes the mount point's parents
    (shutil.copytree if os.path.isdir(artifact) else shutil.copy)(artifact, target)
    script = template["script"]
    env = {"PATH": path or os.path.dirname(jobwait) + ":/usr/bin:/bin"}
    for source_ref in script.get("envFrom", []):
        secret = expand(source_ref["secretRef"]["name"])
        if secret not in secrets:
            return 2, {}, f"pod not started: Secret {secret!r} not found"
        env.update(secrets[secret])
    env.update({e["name"]: expand(e["value"]) for e in script.get("env", [])})
    container.read_only()
    try:
        done = subprocess.run(command or script["command"], input=expand(script["source"]), cwd=container.root,
                              env=env, capture_output=True, text=True, timeout=60, **as_image_user())
    finally:
        container.close()
    outputs = {}
    for p in template["outputs"]["parameters"]:
        path = expand(p["valueFrom"]["path"])
        outputs[p["name"]] = open(path).read() if os.path.exists(path) else p["valueFrom"].get("default")
    for a in template["outputs"].get("artifacts", []):
        path = expand(a["path"])
        outputs["artifact " + a["name"]] = open(path).read() if os.path.exists(path) else None
    return done.returncode, outputs, done.stderr


def action_tree(source, root, pins=None):
    """The action as `uses:` checks it out: plugin/github/action.yml and scripts/install.sh, and
    plugin/github/release.env when `pins` (its text) is given. Returns the tree's root."""
    os.makedirs(os.path.join(root, "plugin/github"))
    shutil.copy(os.path.join(source, "plugin/github/action.yml"), os.path.join(root, "plugin/github"))
    os.makedirs(os.path.join(root, "scripts"))
    shutil.copy(os.path.join(source, "scripts/install.sh"), os.path.join(root, "scripts"))
    if pins is not None:
        with open(os.path.join(root, "plugin/github/release.env"), "w") as f:
            f.write(pins)
    return root


def fake_build_tree(source, jobwait, root):
    """A copy of the action beside stand-ins for what its build branch runs: scripts/install-deps.sh
    and a `cmake` that 'builds' jobwait by linking the real one where the release preset puts it.
    Each logs its arguments, so the branch's commands and paths are checked without a build."""
    action_tree(source, root)
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


def project_version(source):
    with open(os.path.join(source, "CMakeLists.txt")) as f:
        return re.search(r"\bproject\(jobwait\s+VERSION\s+([0-9.]+)", f.read()).group(1)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def make_release(dist, version, jobwait, source, arches=("x86_64", "aarch64")):
    """What scripts/release.sh makes, as far as the installer and pin-release.sh read it: for each
    architecture jobwait-V-linux-ARCH.tar.gz and its .sha256, an image archive, SHA256SUMS over
    them all, and install.sh. The archives' bin/jobwait is a small script that says it is
    `version` and otherwise runs `jobwait` (whatever the architecture: it must run here)."""
    os.makedirs(dist, exist_ok=True)
    binary = os.path.join(dist, ".jobwait")
    version_stand_in(binary, version, jobwait)
    names = []
    for arch in arches:
        name = f"jobwait-{version}-linux-{arch}"
        archive = os.path.join(dist, name + ".tar.gz")
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(binary, arcname=f"{name}/bin/jobwait")
        with open(archive + ".sha256", "w") as f:
            f.write(f"{sha256(archive)}  {name}.tar.gz\n")
        names += [name + ".tar.gz", name + ".tar.gz.sha256"]
    with open(os.path.join(dist, f"jobwait-{version}-oci.tar"), "wb") as f:
        f.write(b"not an image: nothing here reads it")
    names.append(f"jobwait-{version}-oci.tar")
    shutil.copy(os.path.join(source, "scripts/install.sh"), dist)
    names.append("install.sh")
    with open(os.path.join(dist, "SHA256SUMS"), "w") as f:
        f.writelines(f"{sha256(os.path.join(dist, n))}  {n}\n" for n in sorted(names))
    os.remove(binary)


def version_stand_in(path, version, jobwait):
    """A jobwait that says it is `version` and otherwise runs the real one."""
    with open(path, "w") as f:
        f.write(f'#!/bin/sh\nif [ "$1" = --version ]; then echo "jobwait {version}"; exit 0; fi\nexec {jobwait} "$@"\n')
    os.chmod(path, 0o755)


class ReleaseServer:
    """Serves a directory on 127.0.0.1 (a port the OS picks) and records each GET's path."""

    def __init__(self, root):
        requests = self.requests = []

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                requests.append(self.path)

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=root))
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def since(self, start):
        return self.requests[start:]


def pin(source, dist, output, *args):
    """scripts/pin-release.sh DIST --output OUTPUT ARGS...: exit status, stdout, stderr."""
    done = subprocess.run(["sh", os.path.join(source, "scripts/pin-release.sh"), dist, "--output", output, *args],
                          capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


def read_pins(path):
    with open(path) as f:
        return dict(line.split("=", 1) for line in f.read().splitlines() if line and not line.startswith("#"))


def check_pin_release(source, jobwait, work, version):
    """pin-release.sh on fake releases: what it writes and prints, and what it refuses."""
    dist = os.path.join(work, "pin-dist")
    make_release(dist, version, jobwait, source)
    out = os.path.join(work, "pins", "release.env")
    status, stdout, err = pin(source, dist, out, "--version", "v" + version)
    check(status == 0, f"pin-release: exit {status}\n{err}")
    pins = read_pins(out) if os.path.exists(out) else {}
    check(pins == {"JOBWAIT_VERSION": version,
                   "JOBWAIT_SHA256_X86_64": sha256(os.path.join(dist, f"jobwait-{version}-linux-x86_64.tar.gz")),
                   "JOBWAIT_SHA256_AARCH64": sha256(os.path.join(dist, f"jobwait-{version}-linux-aarch64.tar.gz"))},
          f"pin-release wrote {pins}")
    major = "v" + version.split(".")[0]
    check(stdout.splitlines() == [f"version={version}", f"major-tag={major}"], f"pin-release printed {stdout!r}")
    check(os.listdir(os.path.dirname(out)) == ["release.env"], f"pin-release left {os.listdir(os.path.dirname(out))}")

    dist1 = os.path.join(work, "pin-dist-1")
    make_release(dist1, "1.2.3", jobwait, source)
    status, stdout, err = pin(source, dist1, os.path.join(work, "pins-1.env"))
    check(status == 0 and stdout.splitlines()[-1:] == ["major-tag=v1"], f"pin-release on 1.2.3: {status} {stdout!r}\n{err}")

    def refused(what, dist_dir, *args, message):
        target = os.path.join(work, "refused.env")
        with open(target, "w") as f:
            f.write("as it was\n")
        status, _, err = pin(source, dist_dir, target, *args)
        check(status != 0 and message in err, f"pin-release, {what}: exit {status}\n{err}")
        check(open(target).read() == "as it was\n", f"pin-release, {what}: changed the file it was to write")

    refused("a tag that is not the release's version", dist, "--version", "v9.9.9",
            message=f"the release is {version}, not 9.9.9")

    def broken_copy():
        broken = os.path.join(work, "pin-broken")
        if os.path.exists(broken):
            shutil.rmtree(broken)
        shutil.copytree(dist, broken)
        return broken

    broken = broken_copy()
    with open(os.path.join(broken, f"jobwait-{version}-linux-aarch64.tar.gz"), "ab") as f:
        f.write(b"\0")
    refused("an archive that is not what SHA256SUMS says", broken, message=f"but {broken}/SHA256SUMS says")
    broken = broken_copy()
    sums = os.path.join(broken, "SHA256SUMS")
    lines = [line for line in open(sums) if not line.endswith("aarch64.tar.gz\n")]
    open(sums, "w").writelines(lines)
    refused("SHA256SUMS without the aarch64 archive", broken,
            message=f"does not list jobwait-{version}-linux-aarch64.tar.gz")
    broken = broken_copy()
    with open(os.path.join(broken, f"jobwait-{version}-linux-x86_64.tar.gz.sha256"), "w") as f:
        f.write("0" * 64 + f"  jobwait-{version}-linux-x86_64.tar.gz\n")
    refused("a .sha256 that disagrees with SHA256SUMS", broken, message=".sha256 disagrees")


def uname_stand_in(directory, machine):
    """A `uname` saying the machine is `machine` (bash and dash run the one on PATH)."""
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "uname"), "w") as f:
        f.write(f'#!/bin/sh\nif [ "$1" = -m ]; then echo {machine}; else echo Linux; fi\n')
    os.chmod(os.path.join(directory, "uname"), 0o755)
    return directory


def check_action_install(source, jobwait, work, sim_url, credentials, version):
    """The action's release install against a fake release server: the version it picks (input,
    pins, ref, installer default), the tool cache it fills and reuses, the pins it passes, the
    architectures and runners it refuses, and the other `install` modes."""
    old = "0.0.7"  # a second release, to tell the sources of the version apart
    www = os.path.join(work, "www")
    pins = {}
    for name, release in (("current", version), ("old", old)):
        make_release(os.path.join(www, name), release, jobwait, source)
        status, _, err = pin(source, os.path.join(www, name), os.path.join(work, name + ".env"))
        check(status == 0, f"pin-release on the {release} release: {err}")
        pins[name] = open(os.path.join(work, name + ".env")).read() if status == 0 else ""
    pins_text, old_pins = pins["current"], pins["old"]
    # A mirror holding both releases' archives (--base-url names one directory for any version).
    mirror_dir = os.path.join(www, "both")
    os.makedirs(mirror_dir)
    for release in ("current", "old"):
        for name in os.listdir(os.path.join(www, release)):
            if name.endswith((".tar.gz", ".sha256")):
                os.symlink(os.path.join(www, release, name), os.path.join(mirror_dir, name))
    step_file(sim_url, os.path.join(work, "step.toml"))
    trees = iter(range(1000))

    with ReleaseServer(www) as server:
        mirror = server.url + "/both"

        def install(pins=None, inputs=None, tool_cache=None, path=None, **runner):
            tree = action_tree(source, os.path.join(work, f"tree-{next(trees)}"), pins)
            start = len(server.requests)
            cache = tool_cache or os.path.join(tree, "tool-cache")
            given = {"step-file": "step.toml", "job-id": "job-ok", "base-url": mirror}
            given.update(inputs or {})
            status, outputs, log = run_github_action(tree, jobwait, work, given, credentials, tool_cache=cache,
                                                     path=path, **runner)
            return status, outputs, log, server.since(start), cache

        def installed(what, status, outputs, log, fetched, cache, want, arch="x86_64", pinned=True):
            directory = os.path.join(cache, "jobwait", want, arch)
            archive = f"jobwait-{want}-linux-{arch}.tar.gz"
            check(status == 0 and outputs["outcome"] == "succeeded", f"action, {what}: exit {status}\n{log}")
            check(outputs["binary step: bin"] == os.path.join(directory, "jobwait"),
                  f"action, {what}: ran {outputs['binary step: bin']}, not the tool cache's jobwait {want}")
            check(outputs["GITHUB_PATH"] == [directory], f"action, {what}: GITHUB_PATH got {outputs['GITHUB_PATH']}")
            check(f"/both/{archive}" in fetched, f"action, {what}: did not download {archive}: {fetched}")
            check((f"/both/{archive}.sha256" not in fetched) == pinned,
                  f"action, {what}: {'fetched the .sha256 although pinned' if pinned else 'no .sha256 fetched'}: "
                  f"{fetched}")

        # No version input, release.env present: its version, with its checksum.
        result = install(pins=pins_text)
        installed("pinned release", *result, version)
        cache = result[4]
        # Again on the same runner: from the tool cache, nothing downloaded.
        status, outputs, log, fetched, _ = install(pins=pins_text, tool_cache=cache)
        check(status == 0 and outputs["outcome"] == "succeeded" and not fetched,
              f"action, second run: exit {status}, downloaded {fetched}\n{log}")
        check(outputs["binary step: bin"] == os.path.join(cache, "jobwait", version, "x86_64", "jobwait"),
              f"action, second run: ran {outputs['binary step: bin']}")
        # A pin that is not the archive's: refused, nothing in the tool cache.
        wrong = re.sub(r"(JOBWAIT_SHA256_X86_64=)\w+", r"\g<1>" + "0" * 64, pins_text)
        status, outputs, log, fetched, cache = install(pins=wrong)
        check(status != 0 and "SHA-256 mismatch" in log, f"action, wrong pin: exit {status}\n{log}")
        check(not os.path.exists(os.path.join(cache, "jobwait", version, "x86_64", "jobwait")),
              "action, wrong pin: jobwait installed anyway")
        # Pins of another release give the version when the input is empty (whatever the ref)...
        installed("pins of another release", *install(pins=old_pins, action_ref="v0"), old)
        # ... and are not applied to a version the input asks for (a leading v dropped).
        installed("version input", *install(pins=pins_text, inputs={"version": "v" + old}), old, pinned=False)
        # No pins: a vX.Y.Z ref names the release; any other ref, the installer's default.
        installed("ref v" + old, *install(action_ref="v" + old), old, pinned=False)
        installed("ref main", *install(action_ref="main"), version, pinned=False)

        # arm64 runners: the aarch64 archive and its own pin, in the tool cache's aarch64 directory.
        for machine in ("aarch64", "arm64"):
            uname = uname_stand_in(os.path.join(work, "uname-" + machine), machine)
            installed(f"uname -m {machine}", *install(pins=pins_text, path=f"{uname}:/usr/bin:/bin"), version,
                      arch="aarch64")
        uname = uname_stand_in(os.path.join(work, "uname-riscv64"), "riscv64")
        status, outputs, log, fetched, _ = install(pins=pins_text, path=f"{uname}:/usr/bin:/bin")
        check(status == 1 and "::error title=jobwait::no jobwait release for riscv64 runners" in log and not fetched,
              f"action on riscv64: exit {status}, fetched {fetched}\n{log}")

        # macOS and Windows: one ::error line and exit 1, for a release install and for a build
        # (whose stand-ins log nothing: no build attempt).
        for runner_os in ("macOS", "Windows"):
            for mode in ("release", "source"):
                tree = os.path.join(work, f"tree-{next(trees)}")
                calls = fake_build_tree(source, jobwait, tree)
                start = len(server.requests)
                status, outputs, log = run_github_action(tree, jobwait, work, {
                    "step-file": "step.toml", "install": mode, "base-url": mirror}, credentials,
                    path=os.path.join(tree, "bin") + ":/usr/bin:/bin", runner_os=runner_os)
                errors = [line for line in log.splitlines() if line.startswith("::error")]
                check(status == 1 and len(errors) == 1 and f"Linux runners only, not {runner_os}" in errors[0],
                      f"action on {runner_os}, install: {mode}: exit {status}\n{log}")
                check(not os.path.exists(calls) and not server.since(start),
                      f"action on {runner_os}, install: {mode}: tried to build or download")
    # A given binary is used on any runner.
    status, outputs, log = run_github_action(source, jobwait, work, {
        "step-file": "step.toml", "job-id": "job-ok", "jobwait-path": jobwait}, credentials, runner_os="macOS")
    check(status == 0 and outputs["binary step: bin"] == jobwait, f"action, jobwait-path on macOS: {status}\n{log}")

    # install: path, with and without a jobwait on PATH; an unknown mode.
    status, outputs, log = run_github_action(source, jobwait, work, {
        "step-file": "step.toml", "job-id": "job-ok", "install": "path"}, credentials)
    check(status == 0 and outputs["outcome"] == "succeeded" and outputs["binary step: bin"] == jobwait,
          f"action, install: path with jobwait on PATH: {status} {outputs}\n{log}")
    status, outputs, log = run_github_action(source, jobwait, work, {"step-file": "step.toml", "install": "path"},
                                             credentials, path="/usr/bin:/bin")
    check(status == 1 and "::error title=jobwait::install: path, but there is no jobwait on PATH" in log,
          f"action, install: path without jobwait: exit {status}\n{log}")
    status, outputs, log = run_github_action(source, jobwait, work, {"step-file": "step.toml", "install": "download"},
                                             credentials)
    check(status == 1 and "install is release, path or source, not 'download'" in log,
          f"action, install: download: exit {status}\n{log}")


def groovy_install_script(source):
    """vars/jobwait.groovy's INSTALL_SCRIPT: the text between its ''' quotes."""
    with open(os.path.join(source, "plugin/jenkins/vars/jobwait.groovy")) as f:
        match = re.search(r"String INSTALL_SCRIPT = '{3}(.*?)'{3}", f.read(), flags=re.S)
    return match.group(1) if match else None


def check_jenkins_install(source, jobwait, work, version):
    """The Jenkins step's install script, run by sh with the variables the step's withEnv gives
    it: downloads install.sh from the release and installs into the workspace; the second time
    downloads nothing; a release that is not there fails the step."""
    script = groovy_install_script(source)
    check(script is not None, "vars/jobwait.groovy has no INSTALL_SCRIPT")
    if script is None:
        return
    www = os.path.join(work, "jenkins-www")
    make_release(os.path.join(www, f"v{version}"), version, jobwait, source)
    workspace = os.path.join(work, "jenkins-workspace")
    os.makedirs(workspace)
    with ReleaseServer(www) as server:
        def run(base, want):
            start = len(server.requests)
            env = {"PATH": "/usr/bin:/bin", "HOME": workspace, "JOBWAIT_HOME": os.path.join(workspace, ".jobwait"),
                   "JOBWAIT_VERSION": want, "JOBWAIT_BASE_URL": base}
            # Jenkins' sh step runs its script with sh -xe.
            done = subprocess.run(["sh", "-xe", "-c", script], cwd=workspace, env=env, capture_output=True, text=True,
                                  timeout=60)
            return done.returncode, done.stdout + done.stderr, server.since(start)

        base = f"{server.url}/v{version}"
        status, log, fetched = run(base, version)
        binary = os.path.join(workspace, ".jobwait/bin/jobwait")
        ran = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip() \
            if os.path.exists(binary) else None
        check(status == 0 and ran == f"jobwait {version}", f"Jenkins install: exit {status}, {ran}\n{log}")
        check(fetched[:1] == [f"/v{version}/install.sh"] and
              f"/v{version}/jobwait-{version}-linux-x86_64.tar.gz" in fetched, f"Jenkins install fetched {fetched}")
        status, log, fetched = run(base, version)
        check(status == 0 and not fetched, f"Jenkins install, second call: exit {status}, fetched {fetched}\n{log}")
        status, log, fetched = run(f"{server.url}/v9.9.9", "9.9.9")
        check(status != 0,
              f"Jenkins install of a release that is not there: exit {status}\n{log}")


def check_argo_outputs(outputs, expected, job_id, what, artifact=False):
    """The Argo template's output parameters: outcome, state and exit code as expected, and
    `result` the artifact's JSON for that job (so a pipeline without an artifact repository has
    it); with `artifact`, the result file kept as the artifact too, the same text."""
    outputs = dict(outputs)
    result, kept = outputs.pop("result", None), outputs.pop("artifact result", None)
    check(outputs == expected, f"{what}: outputs {outputs}")
    try:
        parsed = json.loads(result)
    except (TypeError, ValueError):
        parsed = {}
    ids = [job.get("id") for job in parsed.get("jobs", [])]
    check(parsed.get("outcome") == expected["outcome"] and ids == [job_id],
          f"{what}: the result parameter is not the artifact of job {job_id}: {str(result)[:300]!r}")
    if artifact:
        check(kept == result, f"{what}: the result artifact is not the result parameter's text: {kept!r}")


def check_busybox_scripts(source, jobwait, work, sim_url, credentials, secrets):
    """The GitLab, Tekton and Argo scripts as in the project's image: busybox sh, its applets,
    and jobwait the only thing on PATH; the image inputs left at their defaults. False when
    busybox is not installed."""
    busybox = shutil.which("busybox")
    if busybox is None:
        return False
    image_path = os.path.join(work, "image-bin")
    os.makedirs(image_path)
    os.symlink(jobwait, os.path.join(image_path, "jobwait"))
    expected = {"outcome": "succeeded", "state": "succeeded", "exit-code": "0"}
    step_file(sim_url, os.path.join(work, "step.toml"))
    status, outputs, missing, err = run_gitlab_component(source, jobwait, work, {
        "step_file": "step.toml", "job_id": "job-ok", "overrides": "wait.max_errors=3"}, credentials,
        path=image_path, shell=(busybox, "sh", "-e"))
    check(status == 0 and outputs.get("JOBWAIT_OUTCOME") == "succeeded" and not missing,
          f"GitLab component under busybox sh: exit {status}, {outputs}, missing {missing}\n{err}")
    status, results, err = run_tekton_task(source, jobwait, work, {
        "step-file": "step.toml", "job-id": "job-ok", "overrides": ["wait.max_errors=3"],
        "credentials-secret": "cce-deploy"}, secrets, shell=(busybox, "sh"), path=image_path)
    check(status == 0 and results == expected, f"Tekton Task under busybox sh: exit {status}, {results}\n{err}")
    status, outputs, err = run_argo_template(source, jobwait, work, {
        "job-id": "job-ok", "overrides": "wait.max_errors=3", "credentials-secret": "cce-deploy"},
        os.path.join(work, "step.toml"), secrets, command=[busybox, "sh"], path=image_path)
    check(status == 0, f"Argo template under busybox sh: exit {status}\n{err}")
    check_argo_outputs(outputs, expected, "job-ok", "Argo template under busybox sh")
    return True


def main(jobwait, sim_bin, source):
    jobwait = os.path.abspath(jobwait)
    source = os.path.abspath(source)
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
            with work_dir() as work:
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

                # A relative output.junit lands in the working directory: writable too.
                status, outputs, err = run_argo_template(source, jobwait, work, {
                    "job-id": job_id, "overrides": "wait.max_errors=3 output.junit=junit.xml",
                    "credentials-secret": "cce-deploy", "image": "unused"}, os.path.join(work, "step.toml"), secrets)
                check(status == code, f"Argo template, step file as the artifact, {job_id}: exit {status}\n{err}")
                check_argo_outputs(outputs, expected, job_id, f"Argo template, step file as the artifact, {job_id}")

                # wait-with-artifact: the same outputs, and the result file as the artifact.
                status, outputs, err = run_argo_template(source, jobwait, work, {
                    "job-id": job_id, "credentials-secret": "cce-deploy", "image": "unused"},
                    os.path.join(work, "step.toml"), secrets, name="wait-with-artifact")
                check(status == code, f"Argo wait-with-artifact, {job_id}: exit {status}\n{err}")
                check_argo_outputs(outputs, expected, job_id, f"Argo wait-with-artifact, {job_id}",
                                   artifact=True)

                # A git artifact is a checkout: the step file is a path inside it.
                checkout = os.path.join(work, "checkout")
                os.makedirs(os.path.join(checkout, "deploy"))
                shutil.copy(os.path.join(work, "step.toml"), os.path.join(checkout, "deploy/wait.toml"))
                status, outputs, err = run_argo_template(source, jobwait, work, {
                    "job-id": job_id, "step-file": "deploy/wait.toml", "credentials-secret": "cce-deploy",
                    "image": "unused"}, checkout, secrets)
                check(status == code, f"Argo template, a checkout as the artifact, {job_id}: exit {status}\n{err}")
                check_argo_outputs(outputs, expected, job_id, f"Argo template, a checkout as the artifact, {job_id}")

        with work_dir() as work:
            step_file(sim.base_url, os.path.join(work, "step.toml"))
            # Without the credentials' Secret, Tekton and Argo have no way to give jobwait a token:
            # each requires the parameter (and the pod does not start without the Secret).
            status, results, err = run_tekton_task(source, jobwait, work, {"step-file": "step.toml", "job-id": "job-ok",
                                                                           "image": "unused"}, secrets)
            check(status != 0 and "credentials-secret" in err, f"Tekton Task without credentials-secret: {status} {err}")
            status, outputs, err = run_argo_template(source, jobwait, work, {"job-id": "job-ok", "image": "unused"},
                                                     os.path.join(work, "step.toml"), secrets)
            check(status != 0 and "credentials-secret" in err, f"Argo template without credentials-secret: {status} {err}")

            # With install: path the action uses the jobwait on PATH.
            status, outputs, err = run_github_action(source, jobwait, work, {"step-file": "step.toml", "job-id": "job-ok",
                                                                             "install": "path"}, credentials)
            check(status == 0 and outputs["outcome"] == "succeeded", f"GitHub action, jobwait from PATH: {status}\n{err}")
            check(outputs["binary step: bin"] == jobwait, f"GitHub action did not reuse jobwait on PATH: {outputs}")

            # With install: source it builds one from its own checkout: install-deps, the release
            # preset, the jobwait target, and that binary runs the wait.
            tree = os.path.join(work, "tree")
            log = fake_build_tree(source, jobwait, tree)
            status, outputs, err = run_github_action(tree, jobwait, work, {"step-file": "step.toml", "job-id": "job-ok",
                                                                           "install": "source"},
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

        version = project_version(source)
        with work_dir() as work:
            check_pin_release(source, jobwait, work, version)
            check_action_install(source, jobwait, work, sim.base_url, credentials, version)
        with work_dir() as work:
            check_jenkins_install(source, jobwait, work, version)
        with work_dir() as work:
            had_busybox = check_busybox_scripts(source, jobwait, work, sim.base_url, credentials, secrets)
    for failure in failures:
        print("FAILED:", failure)
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    if not failures and not had_busybox:
        print("SKIPPED: the scripts under busybox sh (busybox is not installed: apt-get install busybox-static)")
        return 77
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
