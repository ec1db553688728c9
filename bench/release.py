#!/usr/bin/env python3
"""The static release binary against the default build, side by side in one run: print
figures, assert nothing.

usage: bench/release.py [--build DIR] [--dist DIR] [--repeat N]

For each binary: `jobwait --version`, and a one-poll wait on an already-finished job served by
jobwait-sim (the whole of a typical CI step's cost). Median CPU (user + system, wait4), median
wall time and the largest peak RSS (GNU time's %M) over --repeat runs; then the archive sizes.
The static binary comes from dist/jobwait-VERSION-linux-x86_64.tar.gz (scripts/release.sh).
"""
import argparse
import glob
import os
import statistics
import tarfile
import tempfile

from bench import TOKEN, Sim, cce_scenario, run_measured, step_file


def measure(argv, repeat, env):
    cpu, wall, rss = [], [], []
    for _ in range(repeat):
        code, c, r, w = run_measured(argv, env=env, rss=True)
        if code != 0:
            raise SystemExit(f"bench: {' '.join(argv)} exited {code}")
        cpu.append(c)
        wall.append(w)
        rss.append(r)
    return statistics.median(cpu) * 1000, statistics.median(wall) * 1000, max(rss) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build/default")
    parser.add_argument("--dist", default="dist")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    build = os.path.abspath(args.build)

    work = tempfile.mkdtemp(prefix="jobwait-bench-release-")
    archives = sorted(glob.glob(os.path.join(args.dist, "jobwait-*-linux-x86_64.tar.gz")))
    if not archives:
        raise SystemExit(f"bench: no jobwait-*-linux-x86_64.tar.gz in {args.dist} (run scripts/release.sh)")
    with tarfile.open(archives[-1]) as archive:
        archive.extractall(work)
    static = glob.glob(os.path.join(work, "jobwait-*/bin/jobwait"))[0]
    binaries = [("default build (shared libraries)", os.path.join(build, "runner/jobwait")),
                ("static release", static)]

    env = {"PATH": "/usr/bin:/bin", "TOKEN": TOKEN}
    sim = Sim(build, cce_scenario("done", 1), work)
    rows = []
    try:
        step = step_file(work, sim.url, "done")
        result = os.path.join(work, "result.json")
        for name, binary in binaries:
            for what, argv in (("--version", [binary, "--version"]),
                               ("one-poll wait", [binary, "run", step, "--result", result, "--quiet"])):
                cpu, wall, rss = measure(argv, args.repeat, env)
                rows.append((what, name, f"{cpu:6.2f} ms", f"{wall:6.2f} ms", f"{rss:5.1f} MiB"))
    finally:
        sim.stop()

    print(f"{'':15} {'binary':34} {'CPU':>9} {'wall':>9} {'peak RSS':>9}")
    for row in rows:
        print(f"{row[0]:15} {row[1]:34} {row[2]:>9} {row[3]:>9} {row[4]:>9}")
    print()
    for path in sorted(glob.glob(os.path.join(args.dist, "jobwait-*[rz]"))):  # archives, not .sha256
        print(f"{os.path.basename(path):40} {os.path.getsize(path) / 1024 / 1024:6.2f} MiB")
    print(f"{'static bin/jobwait (unpacked)':40} {os.path.getsize(static) / 1024 / 1024:6.2f} MiB")


if __name__ == "__main__":
    main()
