"""Holds the JSON Schemas in schemas/ to what ships, with a real validator (python3-jsonschema):

  - every example step file (examples/**/*.toml that is not a jobwait-sim scenario) starts with a
    `#:schema` comment naming schemas/step.schema.json, validates against it (TOML read with
    tomllib), and passes `jobwait check` (its ${VAR}s set to placeholders);
  - every provider preset (runner/providers/presets/*.toml) validates as a step file's [job.http];
  - the exec helper's well-behaved outputs validate against schemas/exec-output.schema.json, and
    its protocol-breaking one does not.

usage: check_schemas.py SOURCE_DIR JOBWAIT_BINARY
"""
import json
import os
import pathlib
import re
import subprocess
import sys
import tomllib

import jsonschema

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def validator(path):
    schema = json.loads(path.read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=jsonschema.FormatChecker())


def errors_of(check, document):
    return ["/" + "/".join(str(p) for p in e.path) + ": " + e.message for e in check.iter_errors(document)]


def is_scenario(data):
    return "token" in data or isinstance(data.get("job"), list)


def check_examples(source, jobwait, step_schema):
    examples = sorted((source / "examples").rglob("*.toml"))
    checked = 0
    for path in examples:
        text = path.read_text()
        data = tomllib.loads(text)
        if is_scenario(data):
            continue
        checked += 1
        first = text.splitlines()[0] if text else ""
        match = re.fullmatch(r"#:schema (\S+)", first)
        if not match:
            fail(f"{path}: the first line must be '#:schema <path to schemas/step.schema.json>'")
        elif (path.parent / match.group(1)).resolve() != (source / "schemas/step.schema.json").resolve():
            fail(f"{path}: #:schema {match.group(1)} does not name schemas/step.schema.json")
        for error in errors_of(step_schema, data):
            fail(f"{path}: {error}")
        # Loads with jobwait's own rules too: every ${VAR} the file reads is set.
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        # Variables without a default (or with an empty one) get a placeholder; defaults stay.
        for name, default in re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}", text):
            if default:
                continue
            url = "ENDPOINT" in name or "URL" in name
            env[name] = "https://example.com" if url else "example-" + name.lower()
        run = subprocess.run([jobwait, "check", str(path.relative_to(source))], cwd=source, env=env,
                             capture_output=True, text=True)
        if run.returncode != 0:
            fail(f"{path}: jobwait check exits {run.returncode}: {run.stderr.strip()}")
    if checked == 0:
        fail("no example step files found")
    print(f"{checked} example step files checked")


def check_presets(source, step_schema):
    presets = sorted((source / "runner/providers/presets").glob("*.toml"))
    for path in presets:
        http = tomllib.loads(path.read_text())["job"]["http"]
        document = {"job": {"provider": path.stem, "id": "j", "project_id": "p", "service": "ecs",
                            "region": "ap-southeast-1", "http": http}}
        for error in errors_of(step_schema, document):
            fail(f"{path}: {error}")
    print(f"{len(presets)} presets checked")


def check_exec_outputs(source, exec_schema):
    helper = source / "tests/helpers/exec-status.sh"
    good = [("succeed", 1), ("succeed", 2), ("succeed", 3), ("fail", 1), ("fail", 2), ("env", 1), ("not-found", 1)]
    for mode, poll in good:
        env = dict(os.environ, JOBWAIT_POLL=str(poll), JOBWAIT_JOB_ID="j", JOBWAIT_PROTOCOL="1",
                   JOBWAIT_TIMEOUT_MS="1000")
        out = subprocess.run([str(helper), mode], env=env, capture_output=True, text=True, check=True).stdout
        for error in errors_of(exec_schema, json.loads(out)):
            fail(f"exec-status.sh {mode} (poll {poll}): {error}")
    broken = subprocess.run([str(helper), "broken"], capture_output=True, text=True).stdout
    if not errors_of(exec_schema, json.loads(broken)):
        fail("exec-status.sh broken: the schema accepts output the protocol forbids")
    print(f"{len(good) + 1} exec outputs checked")


def main(argv):
    source = pathlib.Path(argv[1]).resolve()
    step_schema = validator(source / "schemas/step.schema.json")
    exec_schema = validator(source / "schemas/exec-output.schema.json")
    validator(source / "schemas/result.schema.json")  # well-formed; artifacts are checked by e2e
    check_examples(source, argv[2], step_schema)
    check_presets(source, step_schema)
    check_exec_outputs(source, exec_schema)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
