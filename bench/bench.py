#!/usr/bin/env python3
"""jobwait benchmarks: print figures, assert nothing.

usage: bench/bench.py [--build DIR] [--polls N] [--repeat N]

(a) an already-finished job: startup to first request, CPU, peak RSS
(b) an N-poll wait (default 200) on one job: CPU per poll, TCP connections opened
(d) the `curl | jq` shell loop pipelines use today, doing (a) and (b)

CPU and peak RSS come from wait4()'s rusage of the measured process tree; startup to first
request is the time from spawn to the first accepted connection on a local listener.
"""
import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import tempfile
import time

TOKEN = "bench-token"


def run_measured(argv, env=None, cwd=None):
    """Runs argv to completion; returns (exit code, cpu seconds, peak RSS KiB, wall seconds)."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    return os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, usage.ru_maxrss, wall


class Sim:
    """jobwait-sim on 127.0.0.1:<free port> serving `scenario`."""

    def __init__(self, build, scenario, workdir):
        path = os.path.join(workdir, "scenario.toml")
        with open(path, "w") as f:
            f.write(scenario)
        self.proc = subprocess.Popen([os.path.join(build, "tests/sim/jobwait-sim"), path],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.port = int(self.proc.stdout.readline())
        self.url = f"http://127.0.0.1:{self.port}"

    def stats(self):
        with socket.create_connection(("127.0.0.1", self.port)) as s:
            s.sendall(b"GET /__sim/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        return json.loads(data.split(b"\r\n\r\n", 1)[1])

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def cce_scenario(job_id, polls):
    statuses = ", ".join(['"Running"'] * (polls - 1) + ['"Success"'])
    return (f'token = "{TOKEN}"\n[[job]]\nprovider = "cce"\nid = "{job_id}"\n'
            f'project_id = "p"\nstatuses = [{statuses}]\n')


def step_file(workdir, endpoint, job_id, interval="10ms"):
    path = os.path.join(workdir, f"{job_id}.toml")
    with open(path, "w") as f:
        f.write(f'[job]\nprovider = "cce"\nid = "{job_id}"\nproject_id = "p"\nendpoint = "{endpoint}"\n'
                f'[auth]\ntoken = "{TOKEN}"\n[wait]\ninterval = "{interval}"\nmax_interval = "{interval}"\n'
                f'max_errors = 3\n')
    return path


SHELL_LOOP = r'''
url="$1"; interval="$2"
while :; do
  phase=$(curl -sf -H "X-Auth-Token: $TOKEN" "$url" | jq -r .status.phase)
  case "$phase" in
    Success) exit 0 ;;
    Failed) exit 1 ;;
  esac
  sleep "$interval"
done
'''


def startup_to_first_request(argv_for, repeat):
    """Median ms from spawn to the first accepted connection; the listener answers one job."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    port = server.getsockname()[1]
    body = b'{"status":{"phase":"Success","reason":""}}'
    reply = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    samples = []
    for _ in range(repeat):
        start = time.monotonic_ns()
        proc = subprocess.Popen(argv_for(f"http://127.0.0.1:{port}"), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        conn, _ = server.accept()
        samples.append((time.monotonic_ns() - start) / 1e6)
        conn.recv(65536)
        conn.sendall(reply)
        conn.close()
        proc.wait()
    server.close()
    return statistics.median(samples), min(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build/default")
    parser.add_argument("--polls", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    build = os.path.abspath(args.build)
    jobwait = os.path.join(build, "runner/jobwait")
    for tool in ("curl", "jq"):
        if not shutil.which(tool):
            raise SystemExit(f"bench: {tool} is needed for the shell-loop comparison (scripts/install-deps.sh)")

    work = tempfile.mkdtemp(prefix="jobwait-bench-")
    env = dict(os.environ, TOKEN=TOKEN)
    rows = []

    # (a) startup to first request, on a listener that answers "Success" at once
    def jobwait_argv(endpoint):
        return [jobwait, "run", step_file(work, endpoint, "done"), "--result", os.path.join(work, "a.json")]

    def loop_argv(endpoint):
        return ["bash", "-c", SHELL_LOOP, "loop", f"{endpoint}/api/v3/projects/p/jobs/done", "0.01"]

    for name, argv_for in (("jobwait", jobwait_argv), ("curl|jq loop", loop_argv)):
        median, best = startup_to_first_request(argv_for, args.repeat)
        rows.append(("(a) startup to first request, median / best", name, f"{median:.2f} / {best:.2f} ms"))

    # (a) CPU and peak RSS for an already-finished job, and (b) an N-poll wait, against jobwait-sim
    sim = Sim(build, cce_scenario("done", 1) + cce_scenario("long", args.polls).split("\n", 1)[1], work)
    try:
        cpu, rss = [], []
        for _ in range(args.repeat):
            _, c, r, _ = run_measured(jobwait_argv(sim.url), env=env)
            cpu.append(c)
            rss.append(r)
        rows.append(("(a) finished job: CPU, peak RSS", "jobwait",
                     f"{statistics.median(cpu) * 1000:.1f} ms, {max(rss) / 1024:.1f} MiB"))
        cpu, rss = [], []
        for _ in range(args.repeat):
            _, c, r, _ = run_measured(loop_argv(sim.url), env=env)
            cpu.append(c)
            rss.append(r)
        rows.append(("(a) finished job: CPU, peak RSS", "curl|jq loop",
                     f"{statistics.median(cpu) * 1000:.1f} ms, {max(rss) / 1024:.1f} MiB"))

        before = sim.stats()["connections"]
        code, c, r, wall = run_measured([jobwait, "run", step_file(work, sim.url, "long"), "--result",
                                         os.path.join(work, "b.json")], env=env)
        with open(os.path.join(work, "b.json")) as f:
            artifact = json.load(f)
        polls = artifact["jobs"][0]["polls"]
        connections = sim.stats()["connections"] - before
        jobwait_per_poll = c / polls
        rows.append((f"(b) {polls}-poll wait: CPU per poll, connections", "jobwait",
                     f"{jobwait_per_poll * 1000:.3f} ms, {connections} (exit {code}, {wall:.1f} s wall)"))
    finally:
        sim.stop()

    # (d) the shell loop doing (b): a fresh sim so the job starts again from its first status
    sim = Sim(build, cce_scenario("long", args.polls), work)
    try:
        before = sim.stats()["connections"]
        code, c, r, wall = run_measured(
            ["bash", "-c", SHELL_LOOP, "loop", f"{sim.url}/api/v3/projects/p/jobs/long", "0.01"], env=env)
        polls = sim.stats()["jobs"]["long"]["polls"]
        connections = sim.stats()["connections"] - before
        loop_per_poll = c / polls
        rows.append((f"(b) {polls}-poll wait: CPU per poll, connections", "curl|jq loop",
                     f"{loop_per_poll * 1000:.3f} ms, {connections} (exit {code}, {wall:.1f} s wall)"))
    finally:
        sim.stop()
    rows.append(("(b) CPU per poll, loop / jobwait", "ratio", f"{loop_per_poll / jobwait_per_poll:.0f}x"))

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    width = max(len(r[0]) for r in rows)
    for what, who, figure in rows:
        print(f"{what:<{width}}  {who:<13} {figure}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
