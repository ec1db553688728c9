#!/usr/bin/env python3
"""Benchmarks of the declared and exec providers: print figures, assert nothing.

usage: bench/providers.py [--build DIR] [--polls N]

(a) exec: an N-poll wait where the command (tests/helpers/exec-status.sh count) answers
    "running" until the last poll: wall time per poll beyond the interval, CPU per poll of
    jobwait and the commands it ran
(b) the same N-poll wait on a CCE job against jobwait-sim, once with the built-in provider and
    once with CCE declared in [job.http]: CPU per poll of jobwait, side by side
(c) exec's time limit: a command that hangs, request_timeout 200 ms, max_errors 1: how long
    past the limit jobwait took to kill the process group and exit
"""
import argparse
import os
import pathlib
import resource
import subprocess
import tempfile
import time

SOURCE = pathlib.Path(__file__).resolve().parent.parent
TOKEN = "bench-token"
INTERVAL_S = 0.01


def run(argv, env, cwd):
    """Runs argv; returns (exit code, wall seconds, CPU seconds of it and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    code = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return code, wall, cpu


def step_file(path, job, wait_extra=""):
    path.write_text(f"""[job]
{job}
[wait]
timeout = "10m"
interval = "10ms"
max_interval = "10ms"
{wait_extra}""")


def bench_exec(jobwait, polls, tmp):
    step = tmp / "exec.toml"
    step_file(step, f'provider = "exec"\nid = "bench"\ncommand = ["{SOURCE}/tests/helpers/exec-status.sh", "count"]')
    env = dict(os.environ, EXEC_TEST_POLLS=str(polls))
    code, wall, cpu = run([jobwait, "run", str(step), "--result", str(tmp / "r.json")], env, tmp)
    print(f"(a) exec, {polls} polls (exit {code}): {1000 * (wall / polls - INTERVAL_S):.2f} ms per poll beyond "
          f"the {1000 * INTERVAL_S:.0f} ms interval, {1000 * cpu / polls:.2f} ms CPU per poll (jobwait + sh)")


def bench_declared(jobwait, sim, polls, tmp):
    scenario = tmp / "scenario.toml"
    statuses = ", ".join(['"Running"'] * (polls - 1) + ['"Success"'])
    scenario.write_text(f'token = "{TOKEN}"\n[[job]]\nprovider = "cce"\nid = "bench"\nproject_id = "p"\n'
                        f'statuses = [{statuses}]\ntasks = [{{ name = "t", statuses = ["Running"] }}]\n')
    declared = """[job.http]
path = "/api/v3/projects/{project_id}/jobs/{job_id}"
status = "/status/phase"
tasks = "/spec/subJobs"
task_name = "/spec/type"
task_status = "/status/phase"
success = ["Success"]
failure = ["Failed"]
running = ["Running"]
"""
    figures = {}
    for name, extra in (("built-in cce", ""), ("declared http", declared)):
        server = subprocess.Popen([sim, str(scenario)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            port = server.stdout.readline().strip()
            provider = "cce" if not extra else "http"
            step = tmp / "step.toml"
            step_file(step, f'provider = "{provider}"\nid = "bench"\nproject_id = "p"\n'
                            f'endpoint = "http://127.0.0.1:{port}"\n{extra}[auth]\ntoken = "{TOKEN}"\n')
            code, wall, cpu = run([jobwait, "run", str(step), "--result", str(tmp / "r.json")], dict(os.environ), tmp)
            figures[name] = (code, cpu)
        finally:
            server.terminate()
            server.wait()
    line = ", ".join(f"{name} {1000 * cpu / polls:.3f} ms (exit {code})" for name, (code, cpu) in figures.items())
    print(f"(b) CCE job, {polls} polls against jobwait-sim, jobwait CPU per poll: {line}")


def bench_exec_timeout(jobwait, tmp):
    step = tmp / "slow.toml"
    step_file(step, f'provider = "exec"\nid = "bench"\ncommand = ["{SOURCE}/tests/helpers/exec-status.sh", "slow"]',
              'request_timeout = "200ms"\nmax_errors = 1\n')
    samples = [run([jobwait, "run", str(step), "--result", str(tmp / "r.json")], dict(os.environ), tmp)[1]
               for _ in range(5)]
    over = sorted(1000 * (wall - 0.2) for wall in samples)
    print(f"(c) exec time limit 200 ms, hung command: exit after the limit + {over[len(over) // 2]:.0f} ms "
          f"(median of 5; min {over[0]:.0f}, max {over[-1]:.0f}), process start to exit included")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=str(SOURCE / "build/default"))
    parser.add_argument("--polls", type=int, default=200)
    args = parser.parse_args()
    build = pathlib.Path(args.build).resolve()
    jobwait, sim = str(build / "runner/jobwait"), str(build / "tests/sim/jobwait-sim")
    with tempfile.TemporaryDirectory() as directory:
        tmp = pathlib.Path(directory)
        bench_exec(jobwait, args.polls, tmp)
        bench_declared(jobwait, sim, args.polls, tmp)
        bench_exec_timeout(jobwait, tmp)


if __name__ == "__main__":
    main()
