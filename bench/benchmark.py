#!/usr/bin/env python3
"""Benchmark of the notebook pipeline: how long a rebuild takes, and how much it avoids.

    .venv/bin/python bench/benchmark.py [--reps N] [--test-reps M] [--repo PATH] [--json OUT]

It works IN PLACE on the repository and leaves it as it found it: ``git status --porcelain``
must be empty before (else exit 2) and is checked again at the end (exit 1 if not). Each
command's output goes to a log in ``build/bench/logs/``; the numbers go to
``build/bench/latest.json`` and to a table printed at the end.

What is measured: one module per measure in ``measures/`` (listed, in order, in
``measures/__init__.py``); how: ``runner.py``; targets and table: ``report.py``; see README.md.

Exit status: 0 when every command succeeded and the repository is clean at the end (whatever
the ratios), 1 if a command failed or the repository is not clean, 2 if it refused to start,
130 if interrupted. On failure or Ctrl-C the data file of (e) is restored with ``git checkout``.
Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
from pathlib import Path

from compendium import Refused, preflight, read_run_order
from measures import MEASURES, e_data_change
from proctree import SAMPLE_INTERVAL_S
from report import ratios, table
from runner import Bench, CommandFailed, git, git_status, put_logs_back

LOG_TAIL_LINES = 40  # of a failed command's log, shown on the console


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=3, help="repetitions of measures (a)–(e') and (g) (default 3)")
    parser.add_argument("--test-reps", type=int, default=3, help="repetitions of `make test` (default 3; 0 skips it)")
    parser.add_argument("--repo", type=Path, default=here.parent, help="the repository (default: the folder above bench/)")
    parser.add_argument("--json", type=Path, help="where to write the numbers (default <repo>/build/bench/latest.json)")
    args = parser.parse_args(argv)
    if args.reps < 1 or args.test_reps < 0:
        parser.error("--reps must be >= 1 and --test-reps >= 0")
    return args


def machine() -> dict:
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "loadavg_at_start": list(os.getloadavg()),  # other work on the machine makes timings noisy
    }


def now_utc() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def run_measures(bench: Bench, result: dict) -> int:
    """Every measure in order (``make test`` only if --test-reps > 0); the exit status so far."""
    try:
        for name, measure in MEASURES:
            if name == "f_make_test" and bench.test_reps == 0:
                continue
            print(f"benchmark: {name} ...", flush=True)
            bench.results[name] = measure(bench)
    except CommandFailed as error:
        print(f"\nbenchmark: measure ({error.measure}) failed: `{' '.join(error.cmd)}` exited with "
              f"status {error.returncode}\n  log: {error.log}\n  last lines:", file=sys.stderr)
        for line in error.log.read_text(encoding="utf-8", errors="replace").splitlines()[-LOG_TAIL_LINES:]:
            print(f"    {line}", file=sys.stderr)
        result["failed"] = {"measure": error.measure, "command": error.cmd, "log": str(error.log)}
        return 1
    except KeyboardInterrupt:
        print("\nbenchmark: interrupted", file=sys.stderr)
        result["failed"] = {"measure": "interrupted"}
        return 130
    finally:  # whatever happened: the data file back, our logs where they belong
        e_data_change.restore_if_changed(bench)
        put_logs_back(bench)
        shutil.rmtree(bench.tmp, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    repo = args.repo.resolve()
    json_out = (args.json or repo / "build" / "bench" / "latest.json").resolve()
    try:
        preflight(repo)
    except Refused as error:
        print(f"benchmark: refusing to start: {error}", file=sys.stderr)
        return 2

    logs = repo / "build" / "bench" / "logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    bench = Bench(repo=repo, reps=args.reps, test_reps=args.test_reps, logs=logs, notebooks=read_run_order(repo),
                  tmp=Path(tempfile.mkdtemp(prefix="culturaltrade-bench-")))
    # The keys of latest.json; keep them stable so that earlier results stay comparable.
    result = {
        "started_utc": now_utc(),
        "machine": machine(),
        "repo": {"path": str(repo), "commit": git(repo, "rev-parse", "HEAD").stdout.strip()},
        "settings": {"reps": args.reps, "test_reps": args.test_reps, "sample_interval_s": SAMPLE_INTERVAL_S,
                     "data_file": e_data_change.DATA_FILE, "make": bench.make("<target>")},
        "notebooks": [Path(nb).stem for nb in bench.notebooks],
        "measures": bench.results,
        "logs": str(logs),
    }
    status = run_measures(bench, result)

    dirty = git_status(repo)
    result["git_clean_at_end"] = not dirty
    result["git_status_at_end"] = dirty.splitlines()
    result["ratios"] = ratios(bench.results, len(bench.notebooks))
    result["loadavg_at_end"] = list(os.getloadavg())
    result["finished_utc"] = now_utc()
    result["largest_process_whole_benchmark_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    json_out.parent.mkdir(parents=True, exist_ok=True)
    json_out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if bench.results:
        print(table(result, partial=status != 0))
    print(f"benchmark: numbers written to {json_out}")
    if dirty:
        print("benchmark: the repository is NOT clean at the end (`git status --porcelain`):\n"
              + dirty.rstrip() + "\n  (missing or changed outputs: `make reproduce` regenerates them)", file=sys.stderr)
        return status or 1
    print("benchmark: git status is clean, as at the start")
    return status


if __name__ == "__main__":
    sys.exit(main())
