#!/usr/bin/env python3
"""jobwait benchmarks: print figures, assert nothing.

usage: bench/bench.py [--build DIR] [--polls N] [--repeat N] [--jobs 1,100,1000,10000]

(a) an already-finished job: startup to first request, CPU, peak RSS
(b) an N-poll wait (default 200) on one job: CPU per poll, TCP connections opened
(c) 1, 100, 1,000 and 10,000 concurrent jobs in one jobwait (--job-ids-from) against the
    simulator: wall time, peak RSS, CPU, requests per second, the worst lateness of any poll
    against its schedule, TCP connections opened
(d) the `curl | jq` shell loop pipelines use today, doing (a) and (b)

CPU comes from wait4()'s rusage of the measured process tree, peak RSS from GNU time's %M (a
child of this script would carry Python's own pages into wait4's figure); startup to first
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


GNU_TIME = "/usr/bin/time"


def run_measured(argv, env=None, cwd=None, rss=False):
    """Runs argv to completion; returns (exit code, cpu seconds, peak RSS KiB, wall seconds).

    The peak RSS that wait4() reports for a child of this script includes the pages of Python
    itself that the child had between fork and exec (about 16 MiB), whatever the program does.
    With rss=True the program runs under GNU time, whose own fork is small, and its %M is used;
    the CPU figure then includes GNU time's start (about a millisecond). Without, RSS is 0."""
    start = time.monotonic()
    rss_file = None
    if rss and os.path.exists(GNU_TIME):
        rss_file = tempfile.NamedTemporaryFile(prefix="jobwait-bench-rss-", delete=False).name
        argv = [GNU_TIME, "-f", "%M", "-o", rss_file] + list(argv)
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    peak = 0
    if rss_file:
        with open(rss_file) as f:
            peak = int(f.read().split()[-1])
        os.unlink(rss_file)
    return os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, peak, wall


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

    def stats(self, jobs=True):
        target = b"/__sim/stats" if jobs else b"/__sim/stats?jobs=none"
        with socket.create_connection(("127.0.0.1", self.port)) as s:
            s.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
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


MANY_INTERVAL = "5s"   # every job polls every 5 s (interval = max_interval: a steady schedule)
MANY_RUNS_FOR = "12s"  # each job succeeds 12 s after its first poll: about three polls each


def many_jobs(build, jobwait, work, count, env):
    """(c): `count` jobs of one scenario in one jobwait; returns a table row's figures."""
    scenario = (f'token = "{TOKEN}"\n[[job_set]]\ncount = {count}\nid_prefix = "node-"\nprovider = "cce"\n'
                f'project_id = "p"\nstatuses = ["Running", "Success"]\nevery = "{MANY_RUNS_FOR}"\n')
    sim = Sim(build, scenario, work)
    try:
        ids = os.path.join(work, f"ids-{count}.txt")
        with open(ids, "w") as f:
            f.write("".join(f"node-{i}\n" for i in range(1, count + 1)))
        step = os.path.join(work, f"many-{count}.toml")
        with open(step, "w") as f:
            f.write(f'[job]\nprovider = "cce"\nproject_id = "p"\nendpoint = "{sim.url}"\n'
                    f'[auth]\ntoken = "{TOKEN}"\n[wait]\ntimeout = "5m"\ninterval = "{MANY_INTERVAL}"\n'
                    f'max_interval = "{MANY_INTERVAL}"\nmax_requests_per_second = 5000\n'
                    f'max_concurrent_per_host = 16\n')
        result = os.path.join(work, f"many-{count}.json")
        code, cpu, rss, wall = run_measured([jobwait, "run", step, "--job-ids-from", ids, "--result", result], env=env,
                                            rss=True)
        with open(result) as f:
            artifact = json.load(f)
        stats = sim.stats(jobs=False)
        requests = sum(job["http"]["requests"] for job in artifact["jobs"])
        return {"code": code, "wall": wall, "cpu": cpu, "rss": rss / 1024, "requests": requests,
                "rate": requests / wall, "late": artifact["worst_lateness_seconds"],
                "connections": stats["connections"], "peak_rps": stats["peak_requests_per_second"]}
    finally:
        sim.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build/default")
    parser.add_argument("--polls", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--jobs", default="1,100,1000,10000", help="job counts for (c), comma-separated")
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
            _, c, _, _ = run_measured(jobwait_argv(sim.url), env=env)
            cpu.append(c)
            rss.append(run_measured(jobwait_argv(sim.url), env=env, rss=True)[2])
        startup_cpu = statistics.median(cpu)  # the whole run of a job that needs one poll
        rows.append(("(a) finished job: CPU, peak RSS", "jobwait",
                     f"{statistics.median(cpu) * 1000:.1f} ms, {max(rss) / 1024:.1f} MiB"))
        cpu, rss = [], []
        for _ in range(args.repeat):
            _, c, _, _ = run_measured(loop_argv(sim.url), env=env)
            cpu.append(c)
            rss.append(run_measured(loop_argv(sim.url), env=env, rss=True)[2])
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
        rows.append((f"(b) CPU per poll after start-up (less (a))", "jobwait",
                     f"{max(0.0, c - startup_cpu) / max(1, polls - 1) * 1000:.3f} ms"))
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

    # (c) many concurrent jobs in one process
    many_rows = []
    for count in (int(n) for n in args.jobs.split(",") if n):
        m = many_jobs(build, jobwait, work, count, env)
        many_rows.append((count, m))


    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    width = max(len(r[0]) for r in rows)
    for what, who, figure in rows:
        print(f"{what:<{width}}  {who:<13} {figure}")
    if many_rows:
        print(f"\n(c) concurrent jobs in one jobwait: each polled every {MANY_INTERVAL}, each succeeding "
              f"{MANY_RUNS_FOR} after its first poll; max_requests_per_second = 5000, max_concurrent_per_host = 16")
        print(f"{'jobs':>6}  {'exit':>4}  {'wall s':>7}  {'CPU s':>6}  {'CPU/poll ms':>11}  {'peak RSS MiB':>12}  "
              f"{'requests':>8}  {'req/s':>7}  {'peak req/s':>10}  {'worst lateness s':>16}  {'connections':>11}")
        for count, m in many_rows:
            print(f"{count:>6}  {m['code']:>4}  {m['wall']:>7.1f}  {m['cpu']:>6.2f}  "
                  f"{m['cpu'] / max(1, m['requests']) * 1000:>11.3f}  {m['rss']:>12.1f}  {m['requests']:>8}  "
                  f"{m['rate']:>7.1f}  {m['peak_rps']:>10}  {m['late']:>16.3f}  {m['connections']:>11}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
