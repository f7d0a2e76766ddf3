#!/usr/bin/env python3
"""Benchmark of the notebook pipeline: how long a rebuild takes, and how much it avoids.

Run it from the project's environment, on a clean checkout (it refuses otherwise)::

    .venv/bin/python bench/benchmark.py [--reps N] [--test-reps M] [--repo PATH] [--json OUT]

It works IN PLACE on the repository (default: the folder above ``bench/``) and leaves it as it
found it: ``git status --porcelain`` must be empty before (else exit 2) and is checked again at
the end (exit 1 if not). Every command runs with the repository as working directory and the
environment of the Makefile; every ``make`` call is ``make -o <env stamp> <target>``, so that the
environment is never rebuilt. Each command's output goes to a log in ``build/bench/logs/``, not
to the console; the numbers go to ``build/bench/latest.json`` and to a table printed at the end.

The measures (each repeated ``--reps`` times from the same state; median and min–max, seconds)

(a) nbconvert   ``jupyter nbconvert --to notebook --execute`` of every notebook in run order
                (``notebooks/pipeline.yaml``, or ``notebooks/run_order.txt`` before it), one
                process per notebook, one after the other: what a user without the pipeline
                would do. Total time.
(b) papermill   the same with ``papermill -k cultural-trade --cwd notebooks``; also each
                notebook's own time. ``ideal = sum(per-notebook medians) / cpu count``: the
                time of a perfectly parallel run with no overhead at all.
                (a) and (b) write their executed notebooks, figures and tables into a
                temporary folder (``$CULTURAL_TRADE_OUTPUT_ROOT``), never into the repository.
(c) rebuild     ``make reproduce`` after ``make clean`` (the clean is not timed). During it the
                summed RSS of every process below ``make`` (pipeline, kernels) is sampled from
                /proc every 50 ms; the peak of that sum is reported, and the largest single
                process (``ru_maxrss`` of make's process tree from ``wait4``, i.e. what
                ``getrusage(RUSAGE_CHILDREN)`` reports, restricted to this one command). The sum
                counts shared pages once per process, so it overstates real use somewhat.
(d) no-op       ``make reproduce`` again right away: nothing changed, nothing should run.
(e) change      append one newline to ``data/raw/000_table2_ntb_2011_2015.csv`` (pandas skips
                blank lines: the content changes, the data do not), time ``make reproduce``,
                record which notebooks re-ran; then ``git checkout`` the file and run
                ``make reproduce`` (untimed) to get back to the clean state.
(e') touch      ``touch`` the same file (new mtime, same content) and time ``make reproduce``;
                with content hashes nothing should re-run.
(f) make test   timed ``--test-reps`` times.

Which notebooks re-ran is read from the pipeline's progress lines::

    [2/5] notebooks/01_china_overall.ipynb: ran in 6.1 s, wrote 23 files
    [3/5] notebooks/02_china_korea.ipynb: up to date
    [4/5] notebooks/03_china_cee.ipynb: FAILED ...
    ran notebooks/01_china_overall.ipynb: wrote 23 files          (older pipeline)

How to read the ratios (targets in brackets; a benchmark reports, it does not fail on them)

* (c)/(a) [<= 0.5]   the pipeline rebuilds everything at least twice as fast as running the
                     notebooks one by one with nbconvert.
* (c)/ideal [<= 1.2] the pipeline is within 20 % of a perfect parallel schedule of the
                     papermill runs over all CPUs (1.0 = perfect; < 1 is possible if the
                     pipeline saves start-up costs, e.g. by reusing kernels).
* (d) [<= 1 s]       deciding that nothing needs to run is cheap.
* (e) [at most 2 notebooks re-ran, and not all of them]  only the notebooks that read the
                     changed file (and what depends on their outputs) re-run.
* (e') [none]        a new mtime alone re-runs nothing (informational).
* make test [<= 60 s].

Exit status: 0 when every command succeeded and the repository is clean at the end (whatever
the ratios), 1 if a command failed or the repository is not clean, 2 if it refused to start,
130 if interrupted. On failure or Ctrl-C the data file is restored with ``git checkout``.
Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

KERNEL = "cultural-trade"
ENV_STAMP = ".venv/.cultural-trade-installed"
DATA_FILE = "data/raw/000_table2_ntb_2011_2015.csv"
SAMPLE_INTERVAL_S = 0.05
LOG_TAIL_LINES = 40

TARGETS = {
    "c_over_a": 0.5,
    "c_over_ideal": 1.2,
    "d_noop_s": 1.0,
    "e_max_reran": 2,
    "test_s": 60.0,
}

# Progress lines of the pipeline (new form, then the older one). Extra spaces are tolerated.
PROGRESS_NEW = re.compile(
    r"^\s*\[\s*\d+\s*/\s*\d+\s*\]\s*(?P<nb>\S+?\.ipynb)\s*:\s*(?P<what>.*?)\s*$"
)
PROGRESS_OLD = re.compile(r"^\s*ran\s+(?P<nb>\S+?\.ipynb)\s*:\s*wrote\s+\d+\s+files?\b")
RAN_IN = re.compile(r"^ran\b(?:\s+in\s+(?P<s>[0-9.]+)\s*s\b)?", re.IGNORECASE)
UP_TO_DATE = re.compile(r"^up\s+to\s+date\b", re.IGNORECASE)
FAILED = re.compile(r"^failed\b", re.IGNORECASE)
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class CommandFailed(Exception):
    """A benchmarked command exited non-zero."""

    def __init__(self, measure: str, cmd: list[str], log: Path, returncode: int):
        super().__init__(f"{measure}: {' '.join(cmd)} exited with status {returncode}")
        self.measure, self.cmd, self.log, self.returncode = measure, cmd, log, returncode


class Refused(Exception):
    """The benchmark cannot start on this repository."""


# --------------------------------------------------------------------------- context
@dataclass
class Bench:
    """Where things are, and the settings shared by every measure."""

    repo: Path
    reps: int
    test_reps: int
    tmp: Path
    logs: Path
    notebooks: list[str]
    _seq: int = 0
    results: dict = field(default_factory=dict)

    def make(self, target: str) -> list[str]:
        # `-o` (treat the environment stamp as old, never rebuild it) is matched against the
        # target's name as the Makefile spells it: give both the relative and absolute spelling.
        return ["make", "-o", ENV_STAMP, "-o", str(self.repo / ENV_STAMP), target]

    def tool(self, name: str) -> str:
        """An executable of the project's environment (jupyter, papermill)."""
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


# --------------------------------------------------------------------------- memory sampling
def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (every thread's), from /proc/<pid>/task/<tid>/children."""
    kids = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            kids.extend(int(k) for k in f.read().split())
    return kids


def _children_by_scan() -> dict[int, list[int]]:
    """Fallback for kernels without /proc/.../children: parent → children, from every stat."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(ppid, []).append(int(entry))
    return tree


def descendants(root: int) -> list[int]:
    """Every process below ``root`` (children, grandchildren, ...), not ``root`` itself."""
    by_scan = None if os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children") else _children_by_scan()
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        try:
            kids = by_scan.get(pid, []) if by_scan is not None else _children(pid)
        except OSError:  # exited meanwhile
            continue
        found.extend(kids)
        stack.extend(kids)
    return found


def rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


class TreeSampler(threading.Thread):
    """Samples the summed RSS of the process tree below ``root`` every ``interval`` seconds."""

    def __init__(self, root: int, interval: float = SAMPLE_INTERVAL_S):
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.stop_event = threading.Event()
        self.peak_sum = 0
        self.peak_single = 0
        self.peak_single_name = ""
        self.samples = 0

    def run(self) -> None:
        while not self.stop_event.is_set():
            started = time.perf_counter()
            sizes = {pid: rss_bytes(pid) for pid in descendants(self.root)}
            self.samples += 1
            self.peak_sum = max(self.peak_sum, sum(sizes.values()))
            if sizes:
                pid, size = max(sizes.items(), key=lambda item: item[1])
                if size > self.peak_single:
                    self.peak_single, self.peak_single_name = size, _process_name(pid)
            self.stop_event.wait(max(0.0, self.interval - (time.perf_counter() - started)))

    def stop(self) -> None:
        self.stop_event.set()
        self.join()


def _process_name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read().split(b"\0")
        return " ".join(a.decode(errors="replace") for a in argv[:4] if a)[:80]
    except OSError:
        return "?"


# --------------------------------------------------------------------------- running commands
@dataclass
class Timed:
    seconds: float
    log: Path
    maxrss_kib: int  # largest single process of the command's tree (wait4's ru_maxrss)
    tree_peak_bytes: int | None = None  # sampled peak of the summed RSS below the command
    tree_peak_single_bytes: int | None = None
    tree_peak_single_name: str | None = None
    tree_samples: int | None = None


def run_timed(cmd: list[str], bench: Bench, measure: str, label: str, *,
              env: dict[str, str] | None = None, sample_memory: bool = False) -> Timed:
    """Run ``cmd`` in the repository, its output to a log; wall time with perf_counter.

    Raises CommandFailed on a non-zero exit. The command runs in a process group of its own;
    on Ctrl-C that group is asked to stop (SIGINT, then SIGTERM, then SIGKILL) before re-raising.
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


# Each command gets its own process group (id = its pid), so that stopping it stops make and
# the pipeline below it, and nothing else.
OWN_GROUP = {"process_group": 0} if sys.version_info >= (3, 11) else {"preexec_fn": os.setpgrp}


def _stop(proc: subprocess.Popen) -> None:
    """Stop a command we started: its process group, then (SIGKILL) whatever is left below it."""
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


def git(bench_or_repo, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    repo = bench_or_repo.repo if isinstance(bench_or_repo, Bench) else bench_or_repo
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=check)


def git_status(repo: Path) -> str:
    return git(repo, "status", "--porcelain").stdout


def progress(log: Path) -> dict:
    """Which notebooks the pipeline ran / found up to date / failed, from its progress lines."""
    ran, up_to_date, failed, seconds = [], [], [], {}
    for raw in log.read_text(encoding="utf-8", errors="replace").splitlines():
        line = ANSI.sub("", raw)
        if m := PROGRESS_NEW.match(line):
            name, what = Path(m["nb"]).stem, m["what"]
            if r := RAN_IN.match(what):
                ran.append(name)
                if r["s"]:
                    seconds[name] = float(r["s"])
            elif UP_TO_DATE.match(what):
                up_to_date.append(name)
            elif FAILED.match(what):
                failed.append(name)
        elif m := PROGRESS_OLD.match(line):
            ran.append(Path(m["nb"]).stem)
    return {"ran": ran, "up_to_date": up_to_date, "failed": failed, "pipeline_seconds": seconds}


# --------------------------------------------------------------------------- repository state
def data_file_changed(bench: Bench) -> bool:
    return git(bench, "diff", "--quiet", "--", DATA_FILE, check=False).returncode != 0


def restore_data_file(bench: Bench) -> None:
    git(bench, "checkout", "--", DATA_FILE)


def clean_outputs(bench: Bench, measure: str, rep: int) -> None:
    """``make clean`` (untimed). It removes build/, so our logs are moved aside meanwhile."""
    stash = bench.tmp / "bench-stash"
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


# --------------------------------------------------------------------------- measures
def summary(values: list[float]) -> dict:
    return {"runs_s": values, "median_s": statistics.median(values), "min_s": min(values), "max_s": max(values)}


def _reran_or_none(log: Path) -> list[str] | None:
    """The notebooks a `make reproduce` ran; None if its log has no progress line we recognise
    (the new pipeline prints one line per notebook, even when nothing runs)."""
    p = progress(log)
    return p["ran"] if p["ran"] + p["up_to_date"] + p["failed"] else None


def _one_after_another(bench: Bench, measure: str, command) -> tuple[list[float], dict[str, list[float]]]:
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


def measure_a_nbconvert(bench: Bench) -> dict:
    """(a) nbconvert --execute of every notebook, one process each, sequentially."""
    totals, per_nb = _one_after_another(bench, "a", lambda nb, out: [
        bench.tool("jupyter"), "nbconvert", "--to", "notebook", "--execute",
        f"--ExecutePreprocessor.kernel_name={KERNEL}", "--output-dir", str(out / "executed"), nb])
    return {**summary(totals), "per_notebook_s": per_nb}


def measure_b_papermill(bench: Bench) -> dict:
    """(b) papermill of every notebook, sequentially; per-notebook medians and the ideal."""
    totals, per_nb = _one_after_another(bench, "b", lambda nb, out: [
        bench.tool("papermill"), "-k", KERNEL, "--cwd", "notebooks", nb, str(out / Path(nb).name),
        "--no-progress-bar"])
    medians = {name: statistics.median(times) for name, times in per_nb.items()}
    cpus = os.cpu_count() or 1
    return {**summary(totals), "per_notebook_s": per_nb, "per_notebook_median_s": medians,
            "cpu_count": cpus, "ideal_s": sum(medians.values()) / cpus}


def measure_c_rebuild(bench: Bench) -> dict:
    """(c) make reproduce from clean outputs (make clean untimed), with peak memory."""
    times, reran, progresses, tree_peak, single_sampled, single_name, maxrss = [], [], [], [], [], [], []
    for rep in range(1, bench.reps + 1):
        clean_outputs(bench, "c", rep)
        t = run_timed(bench.make("reproduce"), bench, "c", f"make-reproduce-rep{rep}", sample_memory=True)
        times.append(t.seconds)
        progresses.append(progress(t.log))
        reran.append(progresses[-1]["ran"])
        tree_peak.append(t.tree_peak_bytes / 2**20)
        single_sampled.append(t.tree_peak_single_bytes / 2**20)
        single_name.append(t.tree_peak_single_name)
        maxrss.append(t.maxrss_kib / 1024)
    return {**summary(times), "reran": reran, "progress": progresses,
            "memory": {
                "tree_sum_rss_peak_mib": tree_peak,
                "tree_sum_rss_peak_median_mib": statistics.median(tree_peak),
                "largest_process_ru_maxrss_mib": maxrss,
                "largest_process_ru_maxrss_median_mib": statistics.median(maxrss),
                "largest_process_sampled_mib": single_sampled,
                "largest_process_sampled_cmd": single_name,
                "sample_interval_s": SAMPLE_INTERVAL_S}}


def measure_d_noop(bench: Bench) -> dict:
    """(d) make reproduce with nothing changed (right after (c))."""
    times, reran = [], []
    for rep in range(1, bench.reps + 1):
        t = run_timed(bench.make("reproduce"), bench, "d", f"make-reproduce-noop-rep{rep}")
        times.append(t.seconds)
        reran.append(_reran_or_none(t.log))
    return {**summary(times), "reran": reran}


def measure_e_content_change(bench: Bench) -> dict:
    """(e) make reproduce after appending a newline to the data file; then restore, untimed."""
    path = bench.repo / DATA_FILE
    times, reran = [], []
    for rep in range(1, bench.reps + 1):
        with open(path, "a", encoding="utf-8", newline="") as f:
            f.write("\n")
        t = run_timed(bench.make("reproduce"), bench, "e", f"make-reproduce-changed-rep{rep}")
        times.append(t.seconds)
        reran.append(_reran_or_none(t.log))
        restore_data_file(bench)
        run_timed(bench.make("reproduce"), bench, "e", f"make-reproduce-restored-rep{rep}")
    return {**summary(times), "changed_file": DATA_FILE, "declared_readers": declared_readers(bench.repo),
            "reran": reran}


def measure_e2_touch(bench: Bench) -> dict:
    """(e') make reproduce after touching the data file (same content, new mtime)."""
    path = bench.repo / DATA_FILE
    times, reran = [], []
    for rep in range(1, bench.reps + 1):
        os.utime(path)
        t = run_timed(bench.make("reproduce"), bench, "e2", f"make-reproduce-touched-rep{rep}")
        times.append(t.seconds)
        reran.append(_reran_or_none(t.log))
    return {**summary(times), "touched_file": DATA_FILE, "reran": reran}


def measure_f_test(bench: Bench) -> dict:
    """(f) make test."""
    times = [run_timed(bench.make("test"), bench, "f", f"make-test-rep{rep}").seconds
             for rep in range(1, bench.test_reps + 1)]
    return summary(times)


# Run with the environment's Python: start the notebook's kernel, then run its first code cell
# (the imports), timing each; prints JSON. Kept as text so that this script stays stdlib-only.
FIRST_CELL_PROBE = r"""
import json, sys, time
from jupyter_client.manager import start_new_kernel
cells = [c for c in json.load(open(sys.argv[1], encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
started = time.perf_counter()
km, kc = start_new_kernel(kernel_name="cultural-trade", cwd="notebooks")
kernel = time.perf_counter() - started
started = time.perf_counter()
reply = kc.execute_interactive("".join(cells[0]["source"]), timeout=120, output_hook=lambda msg: None)
setup = time.perf_counter() - started
km.shutdown_kernel(now=True)
print(json.dumps({"kernel_start_s": kernel, "first_cell_s": setup, "status": reply["content"]["status"]}))
"""


def measure_g_first_cell(bench: Bench) -> dict:
    """(g) what a notebook's start costs: kernel start, then its first code cell (imports)."""
    per_nb = {}
    for nb in bench.notebooks:
        rows = []
        for rep in range(1, bench.reps + 1):
            log = bench.log_path("g", f"{Path(nb).stem}-rep{rep}")
            done = subprocess.run([bench.tool("python"), "-c", FIRST_CELL_PROBE, nb], cwd=bench.repo,
                                  env=bench.notebook_env(bench.fresh_dir(f"g-{Path(nb).stem}-{rep}")),
                                  capture_output=True, text=True)
            log.write_text(done.stdout + done.stderr, encoding="utf-8")
            if done.returncode != 0:
                raise CommandFailed("g", ["python", "-c", "<first-cell probe>", nb], log, done.returncode)
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        per_nb[Path(nb).stem] = {key: statistics.median(r[key] for r in rows)
                                 for key in ("kernel_start_s", "first_cell_s")}
    return {"per_notebook": per_nb}


MEASURES = [
    ("a_nbconvert", measure_a_nbconvert),
    ("b_papermill", measure_b_papermill),
    ("c_rebuild", measure_c_rebuild),
    ("d_noop", measure_d_noop),
    ("e_content_change", measure_e_content_change),
    ("e2_touch", measure_e2_touch),
    ("f_make_test", measure_f_test),
    ("g_first_cell", measure_g_first_cell),
]


# --------------------------------------------------------------------------- verdicts & report
def ratios(m: dict, total_notebooks: int) -> dict:
    out = {}
    if "c_rebuild" in m and "a_nbconvert" in m:
        value = m["c_rebuild"]["median_s"] / m["a_nbconvert"]["median_s"]
        out["c_over_a"] = {"value": value, "target": f"<= {TARGETS['c_over_a']}", "pass": value <= TARGETS["c_over_a"]}
    if "c_rebuild" in m and "b_papermill" in m:
        value = m["c_rebuild"]["median_s"] / m["b_papermill"]["ideal_s"]
        out["c_over_ideal"] = {"value": value, "target": f"<= {TARGETS['c_over_ideal']}",
                               "pass": value <= TARGETS["c_over_ideal"]}
    if "d_noop" in m:
        value = m["d_noop"]["median_s"]
        out["d_noop_s"] = {"value": value, "target": f"<= {TARGETS['d_noop_s']} s", "pass": value <= TARGETS["d_noop_s"]}
    if "e_content_change" in m:
        counts = _counts(m["e_content_change"]["reran"])
        ok = counts is not None and all(n <= TARGETS["e_max_reran"] and n < total_notebooks for n in counts)
        out["e_reran"] = {"value": max(counts) if counts else "unknown",
                          "target": f"at most {TARGETS['e_max_reran']} notebooks, not all {total_notebooks}",
                          "pass": ok}
    if "e2_touch" in m:
        counts = _counts(m["e2_touch"]["reran"])
        out["e2_reran"] = {"value": max(counts) if counts else "unknown", "target": "none (informational)",
                           "pass": counts is not None and max(counts) == 0}
    if "f_make_test" in m:
        value = m["f_make_test"]["median_s"]
        out["test_s"] = {"value": value, "target": f"<= {TARGETS['test_s']:g} s", "pass": value <= TARGETS["test_s"]}
    return out


def _counts(reran: list[list[str] | None]) -> list[int] | None:
    """How many notebooks re-ran in each rep; None if a rep's log could not be read."""
    return None if any(r is None for r in reran) else [len(set(r)) for r in reran]


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


def _load(values: list[float] | None) -> str:
    return "/".join(f"{v:.1f}" for v in values) if values else "?"


def _s(d: dict) -> str:
    return f"{d['median_s']:8.2f} s  [{d['min_s']:.2f} – {d['max_s']:.2f}]"


def _reran(lists: list[list[str]]) -> str:
    distinct = []
    for names in lists:
        text = "unknown (no progress line recognised in the log)" if names is None else ", ".join(names) or "nothing"
        if text not in distinct:
            distinct.append(text)
    return " | ".join(distinct)


def report(result: dict, partial: bool = False) -> str:
    m, r = result["measures"], result["ratios"]
    n = len(result["notebooks"])
    lines = [
        "",
        "Benchmark of the notebook pipeline" + (" (PARTIAL: stopped early, see above)" if partial else ""),
        f"  machine: {result['machine']['cpu_count']} CPUs, Python {result['machine']['python']}, "
        f"{result['machine']['platform']}",
        f"  load average (1, 5, 15 min) at start {_load(result['machine']['loadavg_at_start'])}, "
        f"at end {_load(result.get('loadavg_at_end'))}",
        f"  repository at {result['repo']['commit'][:12]}; reps {result['settings']['reps']}, "
        f"test reps {result['settings']['test_reps']}; median [min – max]",
        "",
    ]
    row = "  {:<52} {}"
    if "a_nbconvert" in m:
        lines.append(row.format(f"(a) nbconvert, {n} notebooks one after the other", _s(m["a_nbconvert"])))
    if "b_papermill" in m:
        b = m["b_papermill"]
        lines.append(row.format(f"(b) papermill, {n} notebooks one after the other", _s(b)))
        for name, median in b["per_notebook_median_s"].items():
            runs = b["per_notebook_s"][name]
            lines.append(row.format(f"      {name}", f"{median:8.2f} s  [{min(runs):.2f} – {max(runs):.2f}]"))
        lines.append(row.format(f"      ideal = sum / {b['cpu_count']} CPUs", f"{b['ideal_s']:8.2f} s"))
    if "g_first_cell" in m:
        lines.append("  (g) start of each notebook: kernel start + its first cell (imports), median")
        for name, g in m["g_first_cell"]["per_notebook"].items():
            lines.append(row.format(f"      {name}", f"{g['kernel_start_s']:8.2f} s + {g['first_cell_s']:.2f} s"))
    if "c_rebuild" in m:
        c = m["c_rebuild"]
        lines.append(row.format("(c) make reproduce from clean outputs", _s(c)))
        lines.append(row.format("      re-ran", _reran(c["reran"])))
        mem = c["memory"]
        lines.append(row.format("      peak memory, sum of RSS below make (50 ms)",
                                f"{mem['tree_sum_rss_peak_median_mib']:8.0f} MiB"))
        lines.append(row.format("      peak memory, largest process (ru_maxrss)",
                                f"{mem['largest_process_ru_maxrss_median_mib']:8.0f} MiB"))
    if "d_noop" in m:
        lines.append(row.format("(d) make reproduce, nothing changed", _s(m["d_noop"])))
        lines.append(row.format("      re-ran", _reran(m["d_noop"]["reran"])))
    if "e_content_change" in m:
        lines.append(row.format("(e) make reproduce, newline appended to data file", _s(m["e_content_change"])))
        lines.append(row.format("      re-ran", _reran(m["e_content_change"]["reran"])))
        if m["e_content_change"]["declared_readers"]:
            lines.append(row.format("      (pipeline.yaml: read by)", ", ".join(m["e_content_change"]["declared_readers"])))
    if "e2_touch" in m:
        lines.append(row.format("(e') make reproduce, data file touched", _s(m["e2_touch"])))
        lines.append(row.format("      re-ran", _reran(m["e2_touch"]["reran"])))
    if "f_make_test" in m:
        lines.append(row.format("(f) make test", _s(m["f_make_test"])))
    lines += ["", "  {:<22} {:>10}   {:<34} {}".format("target", "value", "goal", "")]
    labels = {"c_over_a": "(c) / (a)", "c_over_ideal": "(c) / ideal", "d_noop_s": "(d) no-op",
              "e_reran": "(e) notebooks re-ran", "e2_reran": "(e') notebooks re-ran", "test_s": "make test"}
    for key, v in r.items():
        value = f"{v['value']:.2f}" if isinstance(v["value"], float) else str(v["value"])
        if key in ("d_noop_s", "test_s"):
            value += " s"
        lines.append("  {:<22} {:>10}   {:<34} {}".format(labels[key], value, v["target"], "pass" if v["pass"] else "FAIL"))
    if "c_rebuild" in m:
        mem = m["c_rebuild"]["memory"]
        lines.append("  {:<22} {:>10}   {}".format("peak memory (c)", f"{mem['tree_sum_rss_peak_median_mib']:.0f} MiB",
                                                 "sum of RSS of the tree below make (no target)"))
        lines.append("  {:<22} {:>10}   {}".format("", f"{mem['largest_process_ru_maxrss_median_mib']:.0f} MiB",
                                                 "largest single process, ru_maxrss (no target)"))
    if result["machine"]["loadavg_at_start"][0] >= 0.5:
        lines += ["", "  NOTE: the machine was busy when the benchmark started (load average above); "
                      "timings are noisy — rerun with nothing else running."]
    lines += ["", f"  git status at the end: {'clean' if result['git_clean_at_end'] else 'NOT CLEAN'}",
              f"  logs: {result['logs']}", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- main
def read_run_order(repo: Path) -> list[str]:
    """The notebooks in run order: from notebooks/pipeline.yaml (``- notebook: X.ipynb``
    entries) if it exists, else from notebooks/run_order.txt (one name per line)."""
    pipeline_yaml, run_order = repo / "notebooks" / "pipeline.yaml", repo / "notebooks" / "run_order.txt"
    if pipeline_yaml.is_file():
        pattern = re.compile(r"^\s*-?\s*notebook\s*:\s*[\"']?([^\s\"'#]+\.ipynb)")
        lines = pipeline_yaml.read_text(encoding="utf-8").splitlines()
        names = [m[1] for line in lines if (m := pattern.match(line))]
    elif run_order.is_file():
        lines = run_order.read_text(encoding="utf-8").splitlines()
        names = [entry for line in lines if (entry := line.split("#", 1)[0].strip())]
    else:
        names = []
    return [f"notebooks/{Path(name).name}" for name in names]


def declared_readers(repo: Path) -> list[str]:
    """Notebooks whose entry in notebooks/pipeline.yaml mentions DATA_FILE (informational)."""
    path, readers, current = repo / "notebooks" / "pipeline.yaml", [], None
    if not path.is_file():
        return readers
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^\s*-?\s*notebook\s*:\s*[\"']?([^\s\"'#]+)\.ipynb", line):
            current = Path(m[1]).name
        elif current and DATA_FILE in line.split("#", 1)[0] and current not in readers:
            readers.append(current)
    return readers


def preflight(repo: Path) -> None:
    """Refuse to start on a dirty repository, or one whose `make` would rebuild the environment."""
    if not (repo / "Makefile").is_file() or not read_run_order(repo):
        raise Refused(f"{repo} is not the compendium (no Makefile, or no notebooks in "
                      "notebooks/pipeline.yaml or notebooks/run_order.txt)")
    try:
        status = git_status(repo)
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        raise Refused(f"cannot run `git status` in {repo}: {error}") from None
    if status:
        raise Refused("the repository is not clean (`git status --porcelain` is not empty); "
                      "commit or stash first:\n" + status.rstrip())
    # `make -o` is not passed to sub-makes (make test runs `$(MAKE) nbval`): make sure the
    # environment stamp is up to date so that no make call would reinstall .venv.
    dry = subprocess.run(["make", "-n", "reproduce", "test"], cwd=repo, capture_output=True, text=True)
    if re.search(r"pip install|-m venv", dry.stdout):
        raise Refused("`make` would rebuild the environment (its stamp .venv/.cultural-trade-installed is "
                      "older than environment.yml or culturaltrade/pyproject.toml); run `make env` first")


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=3, help="repetitions of measures (a)–(e') (default 3)")
    parser.add_argument("--test-reps", type=int, default=3, help="repetitions of `make test` (default 3; 0 skips it)")
    parser.add_argument("--repo", type=Path, default=here.parent, help="the repository (default: the folder above bench/)")
    parser.add_argument("--json", type=Path, help="where to write the numbers (default <repo>/build/bench/latest.json)")
    args = parser.parse_args(argv)
    if args.reps < 1 or args.test_reps < 0:
        parser.error("--reps must be >= 1 and --test-reps >= 0")
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
    tmp = Path(tempfile.mkdtemp(prefix="culturaltrade-bench-"))
    bench = Bench(repo=repo, reps=args.reps, test_reps=args.test_reps, tmp=tmp, logs=logs,
                  notebooks=read_run_order(repo))
    result = {
        "started_utc": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "repo": {"path": str(repo), "commit": git(repo, "rev-parse", "HEAD").stdout.strip()},
        "settings": {"reps": args.reps, "test_reps": args.test_reps, "sample_interval_s": SAMPLE_INTERVAL_S,
                     "data_file": DATA_FILE, "make": bench.make("<target>")},
        "notebooks": [Path(nb).stem for nb in bench.notebooks],
        "measures": bench.results,
        "logs": str(logs),
    }
    status = 0
    try:
        for name, measure in MEASURES:
            if name == "f_make_test" and args.test_reps == 0:
                continue
            print(f"benchmark: {name} ...", flush=True)
            bench.results[name] = measure(bench)
    except CommandFailed as error:
        print(f"\nbenchmark: measure ({error.measure}) failed: `{' '.join(error.cmd)}` exited with "
              f"status {error.returncode}\n  log: {error.log}\n  last lines:", file=sys.stderr)
        for line in error.log.read_text(encoding="utf-8", errors="replace").splitlines()[-LOG_TAIL_LINES:]:
            print(f"    {line}", file=sys.stderr)
        result["failed"] = {"measure": error.measure, "command": error.cmd, "log": str(error.log)}
        status = 1
    except KeyboardInterrupt:
        print("\nbenchmark: interrupted", file=sys.stderr)
        result["failed"] = {"measure": "interrupted"}
        status = 130
    finally:
        _restore_after_failure(bench)
        shutil.rmtree(tmp, ignore_errors=True)

    dirty = git_status(repo)
    result["git_clean_at_end"] = not dirty
    result["git_status_at_end"] = dirty.splitlines()
    result["ratios"] = ratios(bench.results, len(bench.notebooks))
    result["loadavg_at_end"] = list(os.getloadavg())
    result["finished_utc"] = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    result["largest_process_whole_benchmark_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    json_out.parent.mkdir(parents=True, exist_ok=True)
    json_out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if bench.results:
        print(report(result) if status == 0 else report(result, partial=True))
    print(f"benchmark: numbers written to {json_out}")
    if dirty:
        print("benchmark: the repository is NOT clean at the end (`git status --porcelain`):\n"
              + dirty.rstrip() + "\n  (missing or changed outputs: `make reproduce` regenerates them)", file=sys.stderr)
        status = status or 1
    else:
        print("benchmark: git status is clean, as at the start")
    return status


def _restore_after_failure(bench: Bench) -> None:
    """Put the data file back and our logs where they belong, whatever happened."""
    try:
        if data_file_changed(bench):
            restore_data_file(bench)
            print(f"benchmark: restored {DATA_FILE} (git checkout)", file=sys.stderr)
    except subprocess.CalledProcessError as error:
        print(f"benchmark: could not restore {DATA_FILE}: {error.stderr.strip()}; "
              f"run `git checkout -- {DATA_FILE}`", file=sys.stderr)
    stash = bench.tmp / "bench-stash"
    if stash.exists():  # interrupted during `make clean`
        target = bench.repo / "build" / "bench"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.move(str(stash), str(target))


if __name__ == "__main__":
    sys.exit(main())
