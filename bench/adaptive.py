#!/usr/bin/env python3
"""wait.strategy side by side: how long after a job ends each strategy notices, and at how many
requests. Prints a table; asserts nothing.

usage: bench/adaptive.py [--build DIR] [--scale N] [--jobs N]

Time-driven jobs in jobwait-sim (a `duration` each; scenario.hpp) of lengths spread evenly from
1 to 20 minutes, three kinds:
  CAE-like   progress 0 to 100 over the job, decelerating (a curve, not a line)
  CCE-like   four sub-jobs one after another, their lengths varying by ±20% around a quarter
  no signal  CFW: a status and nothing else
Each kind runs once per strategy (adaptive, backoff, fixed), all nine jobwait processes at once
against one sim (`run --job-ids-from`, one job set each), with wait.interval and
wait.max_interval at their defaults (2 s, 30 s). Time runs `--scale` times faster: every
duration and interval is divided by it, and delays are reported multiplied back, in the
defaults' seconds. The detection delay of a job is the time from its end to the first request
that saw it ended (the sim's /__sim/stats); requests are those the sim received for the job.
"""
import argparse
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import TOKEN, Sim  # noqa: E402  (the simulator wrapper the other benchmarks use)

STRATEGIES = ["adaptive", "backoff", "fixed"]
KINDS = ["cae", "cce", "cfw"]
LABELS = {"cae": "CAE-like (progress)", "cce": "CCE-like (sub-jobs)", "cfw": "no signal (CFW)"}
CAE_CURVE = "[0, 14, 30, 45, 58, 70, 80, 88, 94, 98, 100]"  # faster at first, as a build slows down


def seconds_text(value):
    return f"{max(1, round(value * 1000))}ms"


def job_table(kind, job_id, length, scale, rng):
    """One [[job]] of `kind` lasting `length` seconds (in the defaults' time)."""
    scaled = length / scale
    head = f'[[job]]\nprovider = "{kind}"\nid = "{job_id}"\nproject_id = "p"\n'
    if kind == "cae":
        return (head + f'environment_id = "env"\nstatuses = ["running", "success"]\n'
                f'duration = "{seconds_text(scaled)}"\nprogress = {CAE_CURVE}\n')
    if kind == "cce":
        shares = [rng.uniform(0.8, 1.2) for _ in range(4)]
        total = sum(shares)
        tasks = ", ".join(
            f'{{ name = "step{i + 1}", statuses = ["Running", "Success"], '
            f'duration = "{seconds_text(scaled * share / total)}" }}' for i, share in enumerate(shares))
        return head + f'statuses = ["Running", "Success"]\ntasks = [{tasks}]\n'
    return head + f'statuses = ["Running", "Success"]\nduration = "{seconds_text(scaled)}"\n'


def step_file(work, kind, strategy, url, scale, timeout):
    path = os.path.join(work, f"{kind}-{strategy}.toml")
    environment = 'environment_id = "env"\n' if kind == "cae" else ""
    with open(path, "w") as f:
        f.write(f'[job]\nprovider = "{kind}"\nproject_id = "p"\nendpoint = "{url}"\n{environment}'
                f'[auth]\ntoken = "{TOKEN}"\n'
                f'[wait]\nstrategy = "{strategy}"\ntimeout = "{seconds_text(timeout / scale)}"\n'
                f'interval = "{seconds_text(2 / scale)}"\nmax_interval = "{seconds_text(30 / scale)}"\n'
                f'max_requests_per_second = 1000\nmax_concurrent_per_host = 16\n')
    return path


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build")
    parser.add_argument("--scale", type=float, default=15.0, help="time runs this many times faster")
    parser.add_argument("--jobs", type=int, default=100, help="jobs per kind and strategy")
    args = parser.parse_args()
    jobwait = os.path.join(args.build, "runner/jobwait")
    rng = random.Random(14)
    lengths = [60 + (1200 - 60) * i / (args.jobs - 1) for i in range(args.jobs)]
    work = tempfile.mkdtemp(prefix="jobwait-bench-adaptive-")
    scenario = f'token = "{TOKEN}"\n'
    for kind in KINDS:
        for strategy in STRATEGIES:
            job_rng = random.Random(f"{kind}")  # the same sub-job lengths for every strategy
            for i, length in enumerate(lengths):
                scenario += job_table(kind, f"{kind}-{strategy}-{i}", length, args.scale, job_rng)
    sim = Sim(args.build, scenario, work)
    try:
        processes = []
        started = time.monotonic()
        for kind in KINDS:
            for strategy in STRATEGIES:
                ids = os.path.join(work, f"{kind}-{strategy}.ids")
                with open(ids, "w") as f:
                    f.write("".join(f"{kind}-{strategy}-{i}\n" for i in range(args.jobs)))
                step = step_file(work, kind, strategy, sim.url, args.scale, max(lengths) * 1.5)
                result = os.path.join(work, f"{kind}-{strategy}.json")
                processes.append(subprocess.Popen([jobwait, "run", step, "--job-ids-from", ids, "--result", result,
                                                   "--log-format", "plain"],
                                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        codes = [p.wait() for p in processes]
        wall = time.monotonic() - started
        stats = sim.stats()["jobs"]
    finally:
        sim.stop()
        shutil.rmtree(work, ignore_errors=True)

    print(f"{args.jobs} jobs per kind and strategy, 1 to 20 min long; interval 2 s, max_interval 30 s; "
          f"time {args.scale:g}x faster (wall {wall:.0f} s; exit codes {sorted(set(codes))})")
    print(f"{'job kind':<22}{'strategy':<10}{'mean delay':>12}{'p95 delay':>11}{'requests/job':>14}"
          f"{'mean vs backoff':>17}{'p95 vs backoff':>16}{'req vs backoff':>16}")
    for kind in KINDS:
        rows = {}
        for strategy in STRATEGIES:
            delays, requests = [], []
            for i in range(args.jobs):
                job = stats[f"{kind}-{strategy}-{i}"]
                if job["seen_ended_after_seconds"] is None:
                    continue  # never seen ended: the run's deadline (shows as fewer jobs)
                delays.append((job["seen_ended_after_seconds"] - job["ended_after_seconds"]) * args.scale)
                requests.append(job["requests"])
            rows[strategy] = (statistics.mean(delays), p95(delays), statistics.mean(requests), len(delays))
        base = rows["backoff"]
        for strategy in STRATEGIES:
            mean, high, count, seen = rows[strategy]
            print(f"{LABELS[kind]:<22}{strategy:<10}{mean:>10.1f} s{high:>9.1f} s{count:>14.1f}"
                  f"{mean / base[0]:>16.0%} {high / base[1]:>15.0%} {count / base[2]:>15.0%}"
                  + ("" if seen == args.jobs else f"  ({seen} of {args.jobs} seen ended)"))


if __name__ == "__main__":
    main()
