"""(e) and (e′): does the pipeline re-run only what a changed data file affects?

(e)  append one newline to ``DATA_FILE`` (pandas skips blank lines: the content changes, the
     data do not), time ``make reproduce`` and record which notebooks re-ran; then
     ``git checkout`` the file and run ``make reproduce`` (untimed) to get back to the clean
     state. Only the notebooks whose ``reads`` in pipeline.yaml list it should re-run.
(e′) ``touch`` the same file (new mtime, same content) and time ``make reproduce``: the
     pipeline compares content hashes, so nothing should re-run.
"""

from __future__ import annotations

import os
import subprocess
import sys

from compendium import declared_readers, reran_or_none
from runner import Bench, git, run_timed, summary

DATA_FILE = "data/raw/000_table2_ntb_2011_2015.csv"


def measure_change(bench: Bench) -> dict:
    path = bench.repo / DATA_FILE
    times, reran = [], []
    for rep in range(1, bench.reps + 1):
        with open(path, "a", encoding="utf-8", newline="") as f:
            f.write("\n")
        t = run_timed(bench.make("reproduce"), bench, "e", f"make-reproduce-changed-rep{rep}")
        times.append(t.seconds)
        reran.append(reran_or_none(t.log))
        git(bench.repo, "checkout", "--", DATA_FILE)
        run_timed(bench.make("reproduce"), bench, "e", f"make-reproduce-restored-rep{rep}")
    return {**summary(times), "changed_file": DATA_FILE,
            "declared_readers": declared_readers(bench.repo, DATA_FILE), "reran": reran}


def measure_touch(bench: Bench) -> dict:
    path = bench.repo / DATA_FILE
    times, reran = [], []
    for rep in range(1, bench.reps + 1):
        os.utime(path)
        t = run_timed(bench.make("reproduce"), bench, "e2", f"make-reproduce-touched-rep{rep}")
        times.append(t.seconds)
        reran.append(reran_or_none(t.log))
    return {**summary(times), "touched_file": DATA_FILE, "reran": reran}


def restore_if_changed(bench: Bench) -> None:
    """After a failure or Ctrl-C during (e): put the data file back, whatever happened."""
    try:
        if git(bench.repo, "diff", "--quiet", "--", DATA_FILE, check=False).returncode != 0:
            git(bench.repo, "checkout", "--", DATA_FILE)
            print(f"benchmark: restored {DATA_FILE} (git checkout)", file=sys.stderr)
    except subprocess.CalledProcessError as error:
        print(f"benchmark: could not restore {DATA_FILE}: {error.stderr.strip()}; "
              f"run `git checkout -- {DATA_FILE}`", file=sys.stderr)
