"""No CI file of the project pastes data into a shell script: every value a script uses reaches
it as an environment variable, read as "$NAME", so no text (an API's failure reason, a branch
name, an input) can become code, whatever backticks, quotes or $(...) it holds.

Each engine substitutes its expressions into the script's text before any shell sees it, so:

  GitHub Actions (every workflow, composite action and reusable workflow): a `${{ ... }}` inside
  a step's `run:`, or inside the `script:` of actions/github-script, is a failure. The only
  expressions let through are those GitHub itself fills with a fixed vocabulary or a number:
  runner.os, runner.arch, github.run_id, github.run_number, github.run_attempt, job.status,
  steps.ID.outcome, steps.ID.conclusion, strategy.job-index, strategy.job-total. Everything
  else -- steps.*.outputs, needs.*.outputs, inputs, env, vars, secrets, matrix, github.event,
  github.head_ref and the other github.* data, or any function of them -- goes into the step's
  env: and the script reads the variable.

  GitLab CI/CD: a `$[[ ... ]]` (a component's input) inside `script:`, `before_script:` or
  `after_script:` is a failure: GitLab replaces it in the configuration's text, and the shell
  then runs the value. Let through only `$[[ inputs.NAME ]]` of an input whose spec allows safe
  words alone: `type: number`, `type: boolean`, or `options:` each of [A-Za-z0-9._-]+. The
  rest go into the job's `variables:`, read as "$NAME".

  Tekton: a `$(params.*)`, `$(tasks.*)`, `$(context.*)` ... inside a step's `script:` is
  substituted the same way: a failure, except `$(results.NAME.path)` and
  `$(workspaces.NAME.path)`, paths Tekton itself chooses. (`args:` and `env:` are not shell.)

  Argo Workflows: a `{{...}}` inside a script template's `source:`, or inside the code a
  `container` hands a shell (`command: [sh, -c, CODE]` or its `args`), is a failure. Arguments
  of a command that is not a shell (`[echo, "{{...}}"]`) are argv, not code, and are fine.

Files: every YAML file under plugin/, examples/ (dotfiles too) and .github/, each document
classified by its shape (GitHub: `runs:` or `jobs:` with steps; GitLab: a component or a
pipeline; Tekton and Argo by apiVersion). At least one of each must be found, so the check
cannot pass by finding nothing.

usage: check_ci_injection.py SOURCE_DIR
"""
import glob
import os
import re
import sys

import yaml

failures = []
checks = {"github": 0, "gitlab": 0, "tekton": 0, "argo": 0}

GITHUB_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)
GITHUB_HARMLESS = re.compile(r"runner\.(os|arch)|github\.(run_id|run_number|run_attempt)|job\.status|"
                             r"steps\.[A-Za-z_][\w-]*\.(outcome|conclusion)|strategy\.(job-index|job-total)")
GITLAB_EXPRESSION = re.compile(r"\$\[\[(.*?)\]\]", re.S)
GITLAB_SCRIPT_KEYS = ("script", "before_script", "after_script")
SAFE_WORD = re.compile(r"[A-Za-z0-9._-]+")
TEKTON_EXPRESSION = re.compile(r"\$\(((?:params|tasks|context|results|workspaces|steps|step|inputs|outputs|resources)"
                               r"\.[^)]*)\)")
TEKTON_HARMLESS = re.compile(r"(results|workspaces)\.[\w-]+\.path")
ARGO_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.S)
SHELLS = {"sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"}


def fail(path, where, what):
    failures.append(f"{path}: {where}: {what}")


def walk(value, where=""):
    """Every (where, mapping) in a parsed YAML tree."""
    if isinstance(value, dict):
        yield where, value
        for key, child in value.items():
            yield from walk(child, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from walk(child, f"{where}[{i}]")


def strings(value):
    """The strings of a script value: a string, or a (nested) list of them."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for child in value:
            yield from strings(child)


def check_github(path, document):
    for where, mapping in walk(document):
        scripts = []
        if isinstance(mapping.get("run"), str):
            scripts.append(("run", mapping["run"]))
        if str(mapping.get("uses", "")).startswith("actions/github-script@"):
            with_ = mapping.get("with") or {}
            if isinstance(with_.get("script"), str):
                scripts.append(("with.script", with_["script"]))
        for key, script in scripts:
            checks["github"] += 1
            for expression in GITHUB_EXPRESSION.findall(script):
                if not GITHUB_HARMLESS.fullmatch(expression.strip()):
                    fail(path, f"{where}.{key}", f"${{{{{expression}}}}} is pasted into the script: pass it through env:")


def gitlab_safe_inputs(spec):
    safe = set()
    for name, entry in ((spec or {}).get("inputs") or {}).items():
        entry = entry or {}
        options = entry.get("options")
        if entry.get("type") in ("number", "boolean") or (
                isinstance(options, list) and options and all(SAFE_WORD.fullmatch(str(o)) for o in options)):
            safe.add(name)
    return safe


def check_gitlab(path, document, safe_inputs):
    for where, mapping in walk(document):
        for key in GITLAB_SCRIPT_KEYS:
            if key not in mapping:
                continue
            for line in strings(mapping[key]):
                checks["gitlab"] += 1
                for expression in GITLAB_EXPRESSION.findall(line):
                    match = re.fullmatch(r"\s*inputs\.(\w+)\s*", expression)
                    if not (match and match.group(1) in safe_inputs):
                        fail(path, f"{where}.{key}",
                             f"$[[{expression}]] is pasted into the script: move it into variables:")


def check_tekton(path, document):
    for where, mapping in walk(document):
        if isinstance(mapping.get("script"), str) and "image" in mapping:
            checks["tekton"] += 1
            for expression in TEKTON_EXPRESSION.findall(mapping["script"]):
                if not TEKTON_HARMLESS.fullmatch(expression):
                    fail(path, f"{where}.script", f"$({expression}) is pasted into the script: pass it through env:")


def shell_code(container):
    """The code a container's command gives a shell with -c, if it does."""
    argv = [str(a) for a in (container.get("command") or []) + (container.get("args") or [])]
    if argv and os.path.basename(argv[0]) in SHELLS:
        for i, arg in enumerate(argv[:-1]):
            if arg == "-c" or (arg.startswith("-") and "c" in arg and not arg.startswith("--")):
                return argv[i + 1]
    return None


def check_argo(path, document):
    for where, mapping in walk(document):
        codes = []
        if isinstance(mapping.get("script"), dict) and isinstance(mapping["script"].get("source"), str):
            codes.append(("script.source", mapping["script"]["source"]))
        if isinstance(mapping.get("container"), dict):
            code = shell_code(mapping["container"])
            codes.append(("container", code or ""))
        for key, code in codes:
            checks["argo"] += 1
            for expression in ARGO_EXPRESSION.findall(code):
                fail(path, f"{where}.{key}", f"{{{{{expression}}}}} is pasted into the script: pass it through env:")


def kind_of(path, document, documents):
    api = str(document.get("apiVersion", ""))
    if api.startswith("tekton.dev/"):
        return "tekton"
    if api.startswith("argoproj.io/"):
        return "argo"
    if "runs" in document or (isinstance(document.get("jobs"), dict) and
                              any(isinstance(j, dict) and ("steps" in j or "uses" in j)
                                  for j in document["jobs"].values())):
        return "github"
    if "spec" in document and "inputs" in (document["spec"] or {}) or os.path.basename(path) == ".gitlab-ci.yml" or \
            any(isinstance(d, dict) and "spec" in d for d in documents):
        return "gitlab"
    return None


def yaml_files(source):
    paths = set()
    for top in ("plugin", "examples", ".github"):
        for pattern in ("**/*", "**/.*"):
            paths.update(p for p in glob.glob(os.path.join(source, top, pattern), recursive=True)
                         if p.endswith((".yml", ".yaml")) and os.path.isfile(p))
    return sorted(paths)


def main(source):
    files = yaml_files(source)
    for path in files:
        with open(path) as f:
            documents = [d for d in yaml.safe_load_all(f) if d is not None]
        relative = os.path.relpath(path, source)
        spec = next((d["spec"] for d in documents if isinstance(d, dict) and "spec" in d and
                     "apiVersion" not in d), None)
        for document in documents:
            if not isinstance(document, dict) or (spec is not None and document.get("spec") is spec):
                continue  # a GitLab component's header: its inputs, no script
            kind = kind_of(path, document, documents)
            if kind == "github":
                check_github(relative, document)
            elif kind == "gitlab":
                check_gitlab(relative, document, gitlab_safe_inputs(spec))
            elif kind == "tekton":
                check_tekton(relative, document)
            elif kind == "argo":
                check_argo(relative, document)
            else:
                failures.append(f"{relative}: not a GitHub, GitLab, Tekton or Argo file: extend the check")
    for kind, count in checks.items():
        if count == 0:
            failures.append(f"no {kind} script found in {len(files)} files: the check would pass by finding nothing")
    for failure in failures:
        print("FAILED:", failure)
    print(f"{len(files)} files, scripts checked: {checks}; {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
