"""What every measure shares: the settings, timing one command (its output to a log, its
peak memory), repeating, medians and ranges, and putting the repository back in a known state.

Every command runs with the repository as working directory; every ``make`` call is
``make -o <env stamp> <target>``, so that the environment is never rebuilt.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from proctree import TreeSampler, descendants

KERNEL = "cultural-trade"
ENV_STAMP = ".venv/.cultural-trade-installed"


class CommandFailed(Exception):
    """A benchmarked command exited non-zero."""

    def __init__(self, measure: str, cmd: list[str], log: Path, returncode: int):
        super().__init__(f"{measure}: {' '.join(cmd)} exited with status {returncode}")
        self.measure, self.cmd, self.log, self.returncode = measure, cmd, log, returncode


@dataclass
class Bench:
    """Where things are, and the settings shared by every measure."""

    repo: Path
    reps: int
    test_reps: int
    tmp: Path  # scratch folder outside the repository, removed at the end
    logs: Path
    notebooks: list[str]  # notebooks/NN_name.ipynb, in run order
    _seq: int = 0
    results: dict = field(default_factory=dict)

    def make(self, target: str) -> list[str]:
        # `-o` (treat the environment stamp as old, never rebuild it) is matched against the
        # target's name as the Makefile spells it: give both the relative and absolute spelling.
        return ["make", "-o", ENV_STAMP, "-o", str(self.repo / ENV_STAMP), target]

    def tool(self, name: str) -> str:
        """An executable of the project's environment (jupyter, papermill, python)."""
        for folder in (self.repo / ".venv" / "bin", Path(sys.executable).parent):
            if (folder / name).is_file():
                return str(folder / name)
        return name

    def base_env(self) -> dict[str, str]:
        """Our environment without stray CULTURAL_TRADE_* settings (they would redirect outputs)."""
        return {k: v for k, v in os.environ.items() if not k.startswith("CULTURAL_TRADE_")}

    def notebook_env(self, output_root: Path) -> dict[str, str]:
        """What the Makefile exports, plus an output root outside the repository."""
        env = self.base_env()
        env.update(
            PYTHONHASHSEED="0",
            SOURCE_DATE_EPOCH="0",
            JUPYTER_PLATFORM_DIRS="1",
            JUPYTER_PATH=str(self.repo / ".venv" / "share" / "jupyter"),
            PYDEVD_DISABLE_FILE_VALIDATION="1",
            CULTURAL_TRADE_OUTPUT_ROOT=str(output_root),
        )
        return env

    def fresh_dir(self, name: str) -> Path:
        path = self.tmp / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def log_path(self, measure: str, label: str) -> Path:
        self._seq += 1
        safe = re.sub(r"[^A-Za-z0-9._-]+", "-", label).strip("-")
        return self.logs / f"{self._seq:03d}_{measure}_{safe}.log"


@dataclass
class Timed:
    seconds: float
    log: Path
    maxrss_kib: int  # largest single process of the command's tree (wait4's ru_maxrss)
    tree_peak_bytes: int | None = None  # sampled peak of the summed RSS below the command
    tree_peak_single_bytes: int | None = None
    tree_peak_single_name: str | None = None
    tree_samples: int | None = None


# Each command gets its own process group (id = its pid), so that stopping it stops make and
# the pipeline below it, and nothing else.
OWN_GROUP = {"process_group": 0} if sys.version_info >= (3, 11) else {"preexec_fn": os.setpgrp}


def run_timed(cmd: list[str], bench: Bench, measure: str, label: str, *,
              env: dict[str, str] | None = None, sample_memory: bool = False) -> Timed:
    """Run ``cmd`` in the repository, its output to a log (command line first, exit status
    last); wall time with perf_counter. ``ru_maxrss`` comes from ``wait4``, i.e. for this
    command's tree only (what ``getrusage(RUSAGE_CHILDREN)`` would report for it alone).

    Raises CommandFailed on a non-zero exit. On Ctrl-C the command is stopped before re-raising.
    """
    log = bench.log_path(measure, label)
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "a", encoding="utf-8") as out:  # append: the command shares this file
        out.write(f"$ {' '.join(cmd)}\n")
        out.flush()
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=bench.repo, env=env if env is not None else bench.base_env(),
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, **OWN_GROUP)
        sampler = TreeSampler(proc.pid) if sample_memory else None
        if sampler:
            sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
        except BaseException:
            _stop(proc)
            raise
        finally:
            if sampler:
                sampler.stop()
        out.write(f"\n# exit status {proc.returncode}, {seconds:.3f} s\n")
    if proc.returncode != 0:
        raise CommandFailed(measure, cmd, log, proc.returncode)
    timed = Timed(seconds, log, usage.ru_maxrss)
    if sampler:
        timed.tree_peak_bytes = sampler.peak_sum
        timed.tree_peak_single_bytes = sampler.peak_single
        timed.tree_peak_single_name = sampler.peak_single_name
        timed.tree_samples = sampler.samples
    return timed


def _stop(proc: subprocess.Popen) -> None:
    """Stop a command we started: its process group (SIGINT, then SIGTERM), then (SIGKILL)
    whatever is left below it."""
    for sig, grace in ((signal.SIGINT, 20), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            return
        stragglers = descendants(proc.pid) if sig == signal.SIGKILL else []
        try:
            os.killpg(proc.pid, sig)
            for pid in stragglers:  # e.g. kernels, which Jupyter starts in sessions of their own
                os.kill(pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def summary(values: list[float]) -> dict:
    """Every run, and their median and range (what the table and the JSON show)."""
    return {"runs_s": values, "median_s": statistics.median(values), "min_s": min(values), "max_s": max(values)}


def one_after_another(bench: Bench, measure: str, command) -> tuple[list[float], dict[str, list[float]]]:
    """Run ``command(notebook, out)`` for every notebook in turn, ``reps`` times, each rep in a
    fresh scratch folder whose outputs never land in the repository; total and per-notebook times."""
    totals, per_nb = [], {Path(nb).stem: [] for nb in bench.notebooks}
    for rep in range(1, bench.reps + 1):
        out = bench.fresh_dir(f"{measure}-rep{rep}")
        env = bench.notebook_env(out / "outputs")
        started = time.perf_counter()
        for nb in bench.notebooks:
            timed = run_timed(command(nb, out), bench, measure, f"{Path(nb).stem}-rep{rep}", env=env)
            per_nb[Path(nb).stem].append(timed.seconds)
        totals.append(time.perf_counter() - started)
    return totals, per_nb


# --------------------------------------------------------------------------- repository state
def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=check)


def git_status(repo: Path) -> str:
    return git(repo, "status", "--porcelain").stdout


def stash_path(bench: Bench) -> Path:
    return bench.tmp / "bench-stash"


def clean_outputs(bench: Bench, measure: str, rep: int) -> None:
    """``make clean`` (untimed). It removes build/, so our logs are moved aside meanwhile."""
    stash = stash_path(bench)
    shutil.rmtree(stash, ignore_errors=True)
    bench_dir = bench.logs.parent
    saved_logs = bench.logs
    shutil.move(str(bench_dir), str(stash))
    try:
        bench.logs = stash / saved_logs.name
        run_timed(bench.make("clean"), bench, measure, f"make-clean-rep{rep}")
    finally:
        bench.logs = saved_logs
        bench_dir.parent.mkdir(parents=True, exist_ok=True)
        if bench_dir.exists():  # something recreated it: keep ours
            shutil.rmtree(bench_dir)
        shutil.move(str(stash), str(bench_dir))


def put_logs_back(bench: Bench) -> None:
    """If interrupted during `make clean`, move our logs back to build/bench/."""
    stash = stash_path(bench)
    if stash.exists():
        target = bench.repo / "build" / "bench"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.move(str(stash), str(target))
