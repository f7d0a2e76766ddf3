"""How long `make env` takes from scratch: installing the lock vs resolving the direct pins.

    python3 bench/env_install.py                 # 2 repetitions of each, alternating
    python3 bench/env_install.py --reps 3 --old <commit>

Two fresh clones of this repository, one at ``HEAD`` (``make env`` installs
``environment.lock.txt`` with ``pip --require-hashes``) and one at ``--old`` (default: the
commit before the lock was added, whose ``make env`` had pip resolve the direct pins of
environment.yml), in ``build/bench/env_install/``. Each repetition deletes the clone's
``.venv`` and times ``make env`` there: a new venv, every package, the editable helper package
and the kernel. The two are run in turn (new, old, new, old, ...) so that a slow spell of the
network or the machine falls on both. Only committed files are measured, never the working
tree; the repository itself is not touched.

pip's own cache is whatever this machine's pip keeps (both variants use the same). Standard
library only; writes ``build/bench/env_install.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

LOCK = "environment.lock.txt"


def git(repo: Path, *arguments: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *arguments], check=True, capture_output=True,
                          text=True).stdout.strip()


def commit_before_lock(repo: Path) -> str:
    added = git(repo, "log", "--diff-filter=A", "--format=%H", "--", LOCK).splitlines()
    if not added:
        raise SystemExit(f"bench: {LOCK} is not committed yet; give --old")
    return git(repo, "rev-parse", added[-1] + "^")


def clone(repo: Path, revision: str, folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(repo), str(folder)], check=True)
    git(folder, "checkout", "--quiet", revision)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def make_env(folder: Path, python: str, log: Path) -> dict[str, float]:
    """`make env` after deleting .venv: wall seconds, CPU seconds of all its processes, and the
    load average when it started (fails loudly if make fails)."""
    shutil.rmtree(folder / ".venv", ignore_errors=True)
    environ = {key: value for key, value in os.environ.items()
               if key not in {"MAKEFLAGS", "MFLAGS", "CONDA_DEFAULT_ENV", "VIRTUAL_ENV"}}
    load = os.getloadavg()[0]
    cpu, started = children_cpu(), time.perf_counter()
    with log.open("w") as out:
        result = subprocess.run(["make", "env", f"PYTHON={python}"], cwd=folder, env=environ,
                                stdout=out, stderr=subprocess.STDOUT)
    seconds, cpu = time.perf_counter() - started, children_cpu() - cpu
    if result.returncode != 0:
        raise SystemExit(f"bench: `make env` failed in {folder} (see {log})")
    return {"wall_s": round(seconds, 1), "cpu_s": round(cpu, 1), "load_at_start": round(load, 1)}


def installed(folder: Path) -> int:
    listing = subprocess.run([str(folder / ".venv/bin/python"), "-m", "pip", "list", "--format=freeze",
                              "--disable-pip-version-check"], capture_output=True, text=True, check=True)
    return len(listing.stdout.split())


def main(argv: list[str] | None = None) -> int:
    repo = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=2, help="repetitions of each (default 2)")
    parser.add_argument("--old", help="the commit to compare with (default: the one before the lock)")
    parser.add_argument("--python", default="python3", help="the interpreter make uses (default python3)")
    parser.add_argument("--json", type=Path, default=repo / "build/bench/env_install.json")
    args = parser.parse_args(argv)
    if args.reps < 1:
        parser.error("--reps must be >= 1")
    work = repo / "build/bench/env_install"
    work.mkdir(parents=True, exist_ok=True)
    variants = {
        "lock": git(repo, "rev-parse", "HEAD"),
        "resolve": git(repo, "rev-parse", args.old) if args.old else commit_before_lock(repo),
    }
    for name, revision in variants.items():
        clone(repo, revision, work / name)
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in variants}
    for rep in range(1, args.reps + 1):
        for name in variants:
            run = make_env(work / name, args.python, work / f"{name}-{rep}.log")
            runs[name].append(run)
            print(f"[{rep}/{args.reps}] {name:8s} make env: {run['wall_s']:6.1f} s, CPU {run['cpu_s']:6.1f} s "
                  f"(load {run['load_at_start']})", flush=True)
    report = {
        "what": "`make env` from scratch (new venv, all packages, helper package, kernel): wall and CPU "
                "seconds (CPU: all its processes; the rest of the wall time is waiting for the network "
                "or for a core)",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
        "variants": {
            name: {"commit": variants[name], "runs": runs[name],
                   "median_wall_s": round(statistics.median(r["wall_s"] for r in runs[name]), 1),
                   "median_cpu_s": round(statistics.median(r["cpu_s"] for r in runs[name]), 1),
                   "distributions_installed": installed(work / name)}
            for name in variants
        },
    }
    lock, resolve = report["variants"]["lock"], report["variants"]["resolve"]
    report["lock_over_resolve"] = {"wall": round(lock["median_wall_s"] / resolve["median_wall_s"], 2),
                                   "cpu": round(lock["median_cpu_s"] / resolve["median_cpu_s"], 2)}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1) + "\n")
    for name, numbers in report["variants"].items():
        walls = [r["wall_s"] for r in runs[name]]
        print(f"{name:8s} median {numbers['median_wall_s']:6.1f} s [{min(walls)}–{max(walls)}], "
              f"CPU {numbers['median_cpu_s']:6.1f} s; {numbers['distributions_installed']} distributions "
              f"({numbers['commit'][:9]})")
    print(f"lock / resolve: wall {report['lock_over_resolve']['wall']}, CPU {report['lock_over_resolve']['cpu']}; "
          f"written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
