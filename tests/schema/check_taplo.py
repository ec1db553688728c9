"""schemas/step.schema.json as editors read it: taplo, the engine of VS Code's Even Better TOML
(npm @taplo/cli, installed by scripts/install-deps.sh into .cache/npm-tools), runs `taplo check`
over every example step file, which must pass, and over broken copies of examples/demo.toml, each
of which must fail at the broken line with the message that says what was expected (the values a
key takes, the duration format, the key that is unknown, the type). Then taplo's language server
(npm @taplo/lsp, what Even Better TOML runs) is asked for the hover text of every key of the
schema, in a file that sets them all: each shows its description, which names its format and
default.

taplo validates by draft-07 rules, so the schema writes every key's node out in full: beside a
"$ref" it would read no enum, default or description (tests/unit/docs/test_schemas.cpp holds each
node to the key table).

usage: check_taplo.py SOURCE_DIR [NPM_TOOLS]   (default .cache/npm-tools; exit 77: taplo is not
       installed there)
"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import tomllib

DURATION = r'"^(\d+|(\d+h)?(\d+m)?(\d+s)?(\d+ms)?)$"'

# (name, change to examples/demo.toml: (old line, new line) or a TOML tail appended to the file,
#  the line that is wrong, what taplo must say about it)
BROKEN = [
    ("provider", ('provider = "cce"', 'provider = "cc"'), 'provider = "cc"',
     '"cc" is not one of ["servicestage","cce","cae","ief","cfw","v1-jobs","http","exec"]'),
    ("wait.mode", "mode = \"alll\"\n", 'mode = "alll"', '"alll" is not one of ["all","any"]'),
    ("wait.on_unknown", "on_unknown = \"warn\"\n", 'on_unknown = "warn"', '"warn" is not one of ["wait","fail"]'),
    ("timeout in words", ('timeout = "2m"', 'timeout = "30 minutes"'), 'timeout = "30 minutes"',
     '"30 minutes" does not match ' + DURATION),
    ("duration units out of order", ('interval = "1s"', 'interval = "30s1m"'), 'interval = "30s1m"',
     '"30s1m" does not match ' + DURATION),
    ("unknown key", "timout = \"5m\"\n", 'timout = "5m"',
     "Additional properties are not allowed ('timout' was unexpected)"),
    ("wrong type", "max_errors = true\n", "max_errors = true", 'true is not of types "integer", "string"'),
    ("integer in words", "confirm = \"twice\"\n", 'confirm = "twice"', '"twice" does not match "^\\d+$"'),
    ("auth.signing", ('token = "${HW_AUTH_TOKEN}"', 'signing = "HMAC-SHA256"'), 'signing = "HMAC-SHA256"',
     '"HMAC-SHA256" is not one of ["SDK-HMAC-SHA256","V11-HMAC-SHA256"]'),
    ("job.cloud", ('project_id = "demo-project"', 'cloud = "huawei"'), 'cloud = "huawei"',
     '"huawei" is not one of ["huaweicloud","otc"]'),
    ("job.http.method", "[job.http]\nmethod = \"get\"\n", 'method = "get"', '"get" is not one of ["GET","POST","PUT"]'),
    ("tls.insecure", "[tls]\ninsecure = \"yes\"\n", 'insecure = "yes"', '"yes" is not of type "boolean"'),
    ("exit code", "[exit_codes]\nfailed = 300\n", "failed = 300", "300 is greater than the maximum of 255"),
]

# Copies that must pass: ${VAR} references where a value is checked, the other spellings.
GOOD = [
    ("references", [('provider = "cce"', 'provider = "${PROVIDER:-cce}"'), ('timeout = "2m"', 'timeout = "${TIMEOUT}"')],
     "mode = \"${MODE:-all}\"\nmax_errors = \"${MAX_ERRORS}\"\n[exit_codes]\nfailed = \"${FAILED_EXIT:-1}\"\n"),
    ("spellings", [('timeout = "2m"', 'timeout = 90'), ('interval = "1s"', 'interval = "1m30s"'),
                   ('max_interval = "2s"', 'max_interval = "500ms"')],
     "mode = \"any\"\nmax_errors = \"12\"\non_unknown = \"fail\"\n[exit_codes]\ntimed_out = 0\n"),
]

ERROR = re.compile(r"^error: (.*)\n\s*\S+ (.*?):(\d+):(\d+)$", re.M)

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def taplo_check(taplo, files):
    """Runs taplo once (it starts slowly: a large WebAssembly module) over `files`; its exit code
    and {(file, line): [messages]}."""
    run = subprocess.run([taplo, "check", "--colors", "never", "--no-auto-config", *map(str, files)],
                         capture_output=True, text=True, timeout=240)
    errors = {}
    for message, path, line, _ in ERROR.findall(run.stdout + run.stderr):
        errors.setdefault((pathlib.Path(path).name, int(line)), []).append(message)
    return run, errors


def line_of(text, line):
    return text.splitlines().index(line) + 1


def changed(base, replacements, tail, name):
    text = base
    for old, new in replacements:
        if old not in text:
            fail(f"{name}: examples/demo.toml has no line {old!r} to change")
        text = text.replace(old, new, 1)
    return text + tail


def schema_keys(node, prefix=""):
    """(table, key, its schema node) for every key, a table's own keys before its subtables'."""
    properties = node.get("properties", {})
    for name, child in properties.items():
        if "properties" not in child and name != "jobs":
            yield prefix.rstrip("."), name, child
    for name, child in properties.items():
        if "properties" in child:
            yield from schema_keys(child, prefix + name + ".")


def sample_value(node):
    if "default" in node:
        return json.dumps(node["default"])
    kind = node["type"] if isinstance(node["type"], str) else node["type"][0]
    return {"string": '"x"', "integer": "1", "boolean": "false", "array": '["x"]', "object": '{ X = "y" }'}[kind]


def check_hover(source, modules, schema, work):
    """Every key's hover text, from taplo's language server, is its schema description."""
    lines, expected = [f"#:schema {schema}"], {}
    table = None
    arrays = 0
    for key_table, key, node in schema_keys(json.loads(schema.read_text())):
        # taplo 0.9 shows no hover for a key whose value is an array, whatever its schema says
        # (tried: with and without "items", a bare description); its completion lists them.
        if node.get("type") == "array":
            arrays += 1
            continue
        if key_table != table:
            table = key_table
            lines.append(f"[{table}]")
        expected[f"{len(lines)}:0"] = (f"{table}.{key}".lstrip("."), node["description"])
        lines.append(f"{key} = {sample_value(node)}")
    path = pathlib.Path(work) / "every-key.toml"
    path.write_text("\n".join(lines) + "\n")
    run = subprocess.run(["node", str(source / "tests/schema/taplo_hover.mjs"), str(modules), str(path), *expected],
                         capture_output=True, text=True, timeout=240)
    answers = {a["at"]: a["hover"] for a in map(json.loads, run.stdout.splitlines())} if run.returncode == 0 else {}
    if run.returncode != 0:
        fail(f"taplo_hover.mjs exits {run.returncode}: {run.stderr[-2000:]}")
    for at, (key, description) in expected.items():
        if answers.get(at) != description:
            fail(f"hover on {key} shows {answers.get(at)!r}, not its description {description!r}")
    print(f"{len(expected)} keys show their description on hover ({arrays} arrays left out: taplo has none for them)")


def main(argv):
    source = pathlib.Path(argv[1]).resolve()
    modules = (pathlib.Path(argv[2]) if len(argv) > 2 else source / ".cache/npm-tools") / "node_modules"
    taplo = modules / ".bin/taplo"
    if not taplo.exists() or not (modules / "@taplo/lsp").is_dir():
        print(f"skipped: no taplo in {modules} (scripts/install-deps.sh installs @taplo/cli and @taplo/lsp there)")
        return 77
    schema = source / "schemas/step.schema.json"

    examples = [p for p in sorted((source / "examples").rglob("*.toml")) if p.read_text().startswith("#:schema ")]
    if not examples:
        fail("no example step file has a #:schema line")
    run, errors = taplo_check(taplo, examples)
    if run.returncode != 0 or errors:
        fail(f"taplo refuses the examples (exit {run.returncode}): {run.stdout}{run.stderr}")
    print(f"{len(examples)} example step files pass taplo check")

    base = (source / "examples/demo.toml").read_text()
    base = re.sub(r"\A#:schema \S+", "#:schema " + str(schema), base)
    with tempfile.TemporaryDirectory() as work:
        good = []
        for name, replacements, tail in GOOD:
            path = pathlib.Path(work) / f"good-{name}.toml"
            path.write_text(changed(base, replacements, tail, name))
            tomllib.loads(path.read_text())
            good.append(path)
        run, errors = taplo_check(taplo, good)
        if run.returncode != 0 or errors:
            fail(f"taplo refuses a valid copy (exit {run.returncode}): {run.stdout}{run.stderr}")

        broken = []
        for index, (name, change, bad_line, message) in enumerate(BROKEN):
            replacements, tail = ([change], "") if isinstance(change, tuple) else ([], change)
            text = changed(base, replacements, tail, name)
            tomllib.loads(text)  # still TOML: only the schema can catch it
            path = pathlib.Path(work) / f"broken-{index}.toml"
            path.write_text(text)
            broken.append((path, name, line_of(text, bad_line), message))
        run, errors = taplo_check(taplo, [path for path, *_ in broken])
        if run.returncode == 0:
            fail("taplo passes every broken copy")
        for path, name, line, message in broken:
            said = errors.get((path.name, line), [])
            if message not in said:
                fail(f"{name}: taplo says {said or 'nothing'} at line {line}, not {message!r}")
            elif len(set(said)) > 1:  # the same one twice is the key's span and the value's
                fail(f"{name}: taplo says more than the one problem at line {line}: {said}")
        print(f"{len(good)} valid copies and {len(broken)} broken ones checked")
        check_hover(source, modules, schema, work)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
