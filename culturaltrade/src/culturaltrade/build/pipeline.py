"""Run the notebooks with papermill: in the declared order, in parallel, incrementally, atomically.

Command line (what the Makefile calls)::

    python -m culturaltrade.build.pipeline reproduce              # every notebook whose inputs changed
    python -m culturaltrade.build.pipeline reproduce --force      # every notebook
    python -m culturaltrade.build.pipeline run notebooks/02_china_korea.ipynb -p currency USD
    python -m culturaltrade.build.pipeline check                  # regenerate in scratch, compare
    python -m culturaltrade.build.pipeline status                 # what `reproduce` would run, and why

What a notebook reads, and so when it must run again, is declared once, in
``notebooks/pipeline.yaml``: its data files (``reads``) and the notebooks whose results it
reads (``after``). Its inputs are then: the notebook itself, those files (a CSV with its
``.meta.yaml``), the helper package, ``environment.yml`` and its lock ``environment.lock.txt``. After a
run in place, the
pipeline records the SHA-256 of every input and output in ``build/pipeline/<notebook>.json``;
``reproduce`` re-runs a notebook only when one of them differs (content, not modification
time: ``touch`` alone re-runs nothing), and says why. While it runs, the kernel logs every
file it reads (:func:`culturaltrade.paths.record_read`); a read that the declaration does not
list fails the run, so the declaration cannot silently fall out of date.

Notebooks that do not depend on each other run at the same time, one per core (``--jobs``),
each in its own worker process; a notebook starts only when those listed in its ``after``
have finished. One progress line is printed per notebook as it finishes.

How one notebook is run
    1. Parameters given on the command line must be declared in the notebook's cell
       tagged ``parameters`` (papermill only warns about unknown ones; this refuses them,
       and so does the notebook itself, see :func:`culturaltrade.params.reject_unknown`).
       Values are read as YAML: ``-p start_year 2012``, ``-p core '[books, newspapers]'``.
    2. papermill executes it in the ``cultural-trade`` kernel (:mod:`culturaltrade.build.kernel`:
       this environment's interpreter, with the network switched off), with the working
       directory ``notebooks/``. Its figures and tables go to a staging folder.
    3. If a cell fails, or the run is interrupted, nothing in the destination changes: the
       message names the notebook, the cell and the error; the executed notebook is kept
       under ``build/failed/`` for inspection; the exit status is non-zero.
    4. Otherwise the notebook's volatile metadata (papermill timestamps, durations, paths,
       the Python patch version) is removed, and the notebook, its figures and its tables
       are moved into the destination (a file whose bytes did not change is left alone);
       ``tables/claims.csv`` is merged again, and after the last run the codebook of the
       outputs, ``tables/datapackage.json`` (:mod:`culturaltrade.build.outputs`).

Destination: the project itself for the default parameters; with parameters, a separate
folder ``runs/<notebook>/<parameters>/`` so that the committed results stay as they are.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")  # silence jupyter_core's migration warning

import yaml  # noqa: E402

from .declaration import (  # noqa: E402,F401  (re-exported: pipeline.load_steps, ...)
    ALL, PIPELINE_FILE, PipelineError, Step, check_reads, expand_inputs, find_step, load_steps, run_order,
)
from .kernel import KERNEL_NAME  # noqa: E402
from .notebook_files import describe_cell, describe_parameters, normalize_notebook, write_notebook  # noqa: E402,F401
from .offline import NETWORK_LOG_ENV  # noqa: E402
from .compare import (  # noqa: E402,F401
    OUTPUT_DIRS, compare_files, compare_trees, generated_files, notebook_outputs, output_prefix,
)
from ..paths import (  # noqa: E402
    OUTPUT_ROOT_ENV, PROJECT_ROOT_ENV, READ_LOG_ENV, RESULTS_ROOT_ENV, atomic_write_text, project_root,
)

STAMP_DIR = "build/pipeline"
PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the whole culturaltrade package
MERGED_CLAIMS = "tables/claims.csv"
MERGED_EVIDENCE = "tables/claims_evidence.csv"
MERGED_CODEBOOK = "tables/datapackage.json"  # the outputs' data package (culturaltrade.build.outputs)
MERGED = (MERGED_CLAIMS, MERGED_EVIDENCE, MERGED_CODEBOOK)  # written by a merge, from every notebook's part
FAILED_DIR_ENV = "CULTURAL_TRADE_FAILED_DIR"
# a run's logs, kept in its output folder (names starting with "." are never taken for outputs)
READ_LOG, NETWORK_LOG = ".reads", ".network"


def _quiet_imports() -> None:
    """Block an import that costs ~1.2 s per process and that no notebook uses (see
    :mod:`culturaltrade.build.fast_imports`)."""
    from .fast_imports import install

    install()


def parse_parameters(pairs: list[list[str]]) -> dict:
    """``[['start_year', '2012']]`` → ``{'start_year': 2012}`` (values read as YAML)."""
    parameters = {}
    for name, text in pairs:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise PipelineError(f"parameter name {name!r} is not a Python identifier")
        if name in parameters:
            raise PipelineError(f"parameter `{name}` is given twice")
        try:
            parameters[name] = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise PipelineError(f"parameter `{name}`: cannot read value {text!r} ({error})") from None
    return parameters


def check_parameters(notebook: Path, parameters: dict) -> None:
    """Refuse a parameter the notebook's ``parameters`` cell does not declare (papermill only warns)."""
    from ..params import ParameterError, declared_names  # reads the cell as the notebook does

    try:
        declared = declared_names(Path(notebook).resolve())
    except ParameterError as error:
        raise PipelineError(str(error)) from None
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise PipelineError(
            f"{notebook.name}: unknown parameter(s) {unknown}; this notebook declares {sorted(declared)}"
        )


def default_destination(root: Path, notebook: str, parameters: dict) -> Path:
    """The project itself for the default parameters; ``runs/<notebook>/<parameters>/`` otherwise."""
    return root if not parameters else root / "runs" / Path(notebook).stem / parameters_slug(parameters)


def parameters_slug(parameters: dict) -> str:
    """A folder name for a parameterised run, e.g. ``currency=USD,start_year=2012``."""
    parts = []
    for name in sorted(parameters):
        value = json.dumps(parameters[name], sort_keys=True, ensure_ascii=True)
        value = re.sub(r"[^A-Za-z0-9._-]+", "-", value.strip('"')).strip("-") or "empty"
        parts.append(f"{name}={value}")
    return ",".join(parts)[:120]


# --------------------------------------------------------------------------- kernel
def check_kernel() -> None:
    """The ``cultural-trade`` kernel must start this very interpreter."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        raise PipelineError(
            f"Jupyter kernel '{KERNEL_NAME}' is not installed; run `make env` "
            f"(or: python -m culturaltrade.build.kernel install --prefix {sys.prefix})"
        ) from None
    kernel_python = Path(spec.argv[0])
    if not kernel_python.is_absolute() or kernel_python.resolve() != Path(sys.executable).resolve():
        raise PipelineError(
            f"Jupyter kernel '{KERNEL_NAME}' runs {spec.argv[0]!r}, not this environment's Python; "
            f"reinstall it with `make env`"
        )
    if "culturaltrade.build.kernel" not in spec.argv:
        raise PipelineError(
            f"Jupyter kernel '{KERNEL_NAME}' does not start through culturaltrade.build.kernel (the offline "
            f"kernel); reinstall it with `python -m culturaltrade.build.kernel install --prefix {sys.prefix}`"
        )


def _kernel_manager(socket_prefix: Path):
    """A manager for our kernel that talks over Unix sockets (``ipc``), encrypted (CurveZMQ) where
    pyzmq can. Not TCP: a TCP port is picked free and bound a moment later, and kernels started
    side by side (parallel notebooks, tests) have been seen to collide on one
    ("Address already in use")."""
    from jupyter_client.manager import KernelManager
    from traitlets import TraitError

    try:
        return KernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=str(socket_prefix),
                             transport_encryption="auto")
    except TraitError:  # libzmq without libsodium: unencrypted, as Jupyter does by default
        return KernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=str(socket_prefix))


# --------------------------------------------------------------------------- running
@dataclass
class RunResult:
    notebook: str
    destination: Path
    written: list[str]                       # files whose bytes changed (or are new)
    outputs: dict[str, str] = field(default_factory=dict)  # every file produced -> sha256
    seconds: float = 0.0


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _move_tree(staging: Path, destination: Path) -> tuple[list[str], dict[str, str]]:
    """Move staged files into place; a file whose bytes are unchanged is left untouched."""
    written, outputs = [], {}
    for source in sorted(p for p in staging.rglob("*") if p.is_file() and not p.name.startswith(".")):
        relative = source.relative_to(staging).as_posix()
        target = destination / relative
        payload = source.read_bytes()
        outputs[relative] = hashlib.sha256(payload).hexdigest()
        if target.is_file() and target.read_bytes() == payload:
            continue  # same bytes: keep the file (and its modification time) as it is
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        written.append(relative)
    return written, outputs


def logged_lines(path: Path) -> list[str]:
    """The distinct lines of a read or network log (none if the file does not exist)."""
    return sorted(set(path.read_text(encoding="utf-8").split())) if path.is_file() else []


def run_environment(output_root: Path, results_root: Path | None = None) -> dict[str, str]:
    """What points one notebook's kernel at its output folder, at the results of the notebooks
    before it (none: it reads the committed ones) and at its read and network logs."""
    return {
        OUTPUT_ROOT_ENV: str(output_root),
        RESULTS_ROOT_ENV: str(results_root) if results_root else "",
        READ_LOG_ENV: str(output_root / READ_LOG),
        NETWORK_LOG_ENV: str(output_root / NETWORK_LOG),
    }


def check_run_logs(notebook: str, step: Step | None, output_root: Path, root: Path, exact: bool) -> None:
    """After a run into ``output_root``: no network attempt, and the reads match ``step``."""
    network_log = output_root / NETWORK_LOG
    if logged_lines(network_log):
        raise PipelineError(f"{notebook} tried to reach the network "
                            f"({network_log.read_text(encoding='utf-8').splitlines()[0]}); the compendium runs offline")
    if step is not None:
        check_reads(step, logged_lines(output_root / READ_LOG), root, exact=exact)


def run_notebook(notebook: str, parameters: dict | None = None, destination: Path | None = None,
                 results_root: Path | None = None, staging_parent: Path | None = None) -> RunResult:
    """Run one notebook (path relative to the project root) into ``destination`` (default: see
    :func:`default_destination`), in this process: the body of a worker of :func:`reproduce`.

    Its outputs are staged in a fresh folder under ``staging_parent`` (default ``build/``)
    and moved into place only when every cell has run."""
    _quiet_imports()
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    root = project_root()
    parameters = parameters or {}
    source = root / notebook
    if not source.is_file():
        raise PipelineError(f"{notebook}: no such notebook")
    check_parameters(source, parameters)
    check_kernel()
    step = find_step(notebook, root)
    if destination is None:
        destination = default_destination(root, notebook, parameters)
    destination = Path(destination).resolve()
    build = root / "build"
    build.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"staging-{source.stem}-", dir=staging_parent or build))
    executed = staging / notebook
    executed.parent.mkdir(parents=True)
    environment = {
        PROJECT_ROOT_ENV: str(root),
        **run_environment(staging, results_root or destination),
        "PYTHONHASHSEED": "0",
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    saved = {key: os.environ.get(key) for key in environment}
    os.environ.update(environment)
    # the sockets' files in a short private folder (a Unix socket path is limited to ~100 bytes)
    sockets = Path(tempfile.mkdtemp(prefix="ct-kernel-"))
    kernel_manager = _kernel_manager(sockets / "kernel")
    kernel_log_path = staging / ".kernel.log"
    started = time.perf_counter()
    try:
        try:
            with open(kernel_log_path, "wb") as kernel_log:
                # Started here rather than by papermill so that the kernel's own chatter goes to
                # a log (shown if it dies) instead of interleaving with the progress lines.
                kernel_manager.start_kernel(cwd=str(source.parent), stdout=kernel_log, stderr=kernel_log,
                                            extra_arguments=["--HistoryManager.hist_file=:memory:"])
                papermill.execute_notebook(
                    str(source), str(executed), parameters=parameters, kernel_name=KERNEL_NAME,
                    cwd=str(source.parent), progress_bar=False, log_output=False,
                    request_save_on_cell_execute=False, km=kernel_manager,
                )
        except PapermillExecutionError as error:
            # kept for inspection in build/failed/ ($CULTURAL_TRADE_FAILED_DIR: the tests point it
            # at a temporary folder, so that a passing test suite leaves nothing behind)
            failed = Path(os.environ.get(FAILED_DIR_ENV) or build / "failed") / source.name
            failed.parent.mkdir(parents=True, exist_ok=True)
            if executed.is_file():
                os.replace(executed, failed)
            shown = failed.relative_to(root).as_posix() if failed.is_relative_to(root) else str(failed)
            raise PipelineError(
                f"{notebook} failed in {describe_cell(source, failed, error.cell_index)}: "
                f"{error.ename}: {error.evalue}\n  nothing was written; the executed notebook is in {shown}"
            ) from None
        except Exception as error:  # the kernel died or could not start
            log = kernel_log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
            raise PipelineError(
                f"{notebook}: the kernel failed ({type(error).__name__}: {error}); nothing was written"
                + ("\n  kernel log: " + "\n  ".join(log) if log else "")
            ) from None
        finally:
            if kernel_manager.has_kernel:
                kernel_manager.shutdown_kernel(now=True)  # its work is done and saved
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        try:
            check_run_logs(notebook, step, staging, root, exact=not parameters)
        except PipelineError as error:
            raise PipelineError(f"{error}; nothing was written") from None
        nb = normalize_notebook(nbformat.read(executed, as_version=4))
        write_notebook(nb, executed)
        written, outputs = _move_tree(staging, destination)
    finally:
        # also on Ctrl-C or a crash: the half-finished staging folder never lingers
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(sockets, ignore_errors=True)
    return RunResult(notebook, destination, written, outputs, time.perf_counter() - started)


def merge_claims_into(destination: Path) -> bool:
    """(Re)write ``tables/claims.csv`` and ``tables/claims_evidence.csv`` from each notebook's
    part (``tables/claims/*.csv``, ``tables/claims_evidence/*.csv``) if they changed; True if written."""
    parts = sorted((destination / "tables" / "claims").glob("*.csv"))
    parts += sorted((destination / "tables" / "claims_evidence").glob("*.csv"))
    if not parts:
        return False
    stamp = destination / STAMP_DIR / "claims.json"
    merged = [destination / name for name in (MERGED_CLAIMS, MERGED_EVIDENCE)]
    fingerprint = {p.relative_to(destination).as_posix(): sha256_file(p) for p in parts}
    if all(m.is_file() for m in merged) and stamp.is_file():
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
        if recorded.get("inputs") == fingerprint and recorded.get("output") == [sha256_file(m) for m in merged]:
            return False
    from ..claims import merge_claims

    merge_claims(destination)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(stamp, json.dumps({"inputs": fingerprint, "output": [sha256_file(m) for m in merged]},
                                        indent=1))
    return True


# --------------------------------------------------------------------------- incremental
def input_fingerprint(step: Step, root: Path) -> dict[str, str]:
    """SHA-256 of every input of a step except the notebook itself (which the run rewrites)."""
    files = [*expand_inputs(step, root), "environment.yml", "environment.lock.txt"]
    package = sorted(p for p in PACKAGE_DIR.rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith("."))
    fingerprint = {}
    for name in files:
        path = root / name
        fingerprint[name] = sha256_file(path) if path.is_file() else "missing"
    for path in package:
        try:
            name = path.relative_to(root).as_posix()
        except ValueError:  # package installed outside the project
            name = "culturaltrade/" + path.relative_to(PACKAGE_DIR).as_posix()
        fingerprint[name] = sha256_file(path)
    return fingerprint


def stamp_path(step: Step, root: Path) -> Path:
    return root / STAMP_DIR / (Path(step.notebook).stem + ".json")


def _describe(names: list[str], verb: str) -> str:
    shown = ", ".join(names[:2]) + (f" and {len(names) - 2} more" if len(names) > 2 else "")
    return f"{shown} {verb}"


def why_run(step: Step, root: Path) -> str | None:
    """Why ``step`` must run again in ``root`` (None when it is up to date)."""
    stamp = stamp_path(step, root)
    if not stamp.is_file():
        return "no record of an earlier run here"
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except ValueError:
        return "its record in build/ is unreadable"
    if recorded.get("notebook") != sha256_file(root / step.notebook):
        return f"{step.notebook} changed"
    current, before = input_fingerprint(step, root), recorded.get("inputs", {})
    changed = sorted(name for name in set(current) | set(before) if current.get(name) != before.get(name))
    if changed:
        return _describe(changed, "changed")
    outputs = recorded.get("outputs", {})
    missing = sorted(name for name in outputs if not (root / name).is_file())
    if missing:
        return _describe(missing, "missing")
    edited = sorted(name for name, digest in outputs.items() if sha256_file(root / name) != digest)
    if edited:
        return _describe(edited, "edited since the run")
    return None


def record_run(step: Step, root: Path, result: RunResult, inputs: dict[str, str]) -> None:
    """Write the stamp; remove outputs of the previous run that this run no longer produced."""
    stamp = stamp_path(step, root)
    if stamp.is_file():
        try:
            previous = json.loads(stamp.read_text(encoding="utf-8")).get("outputs", {})
        except ValueError:
            previous = {}
        for name in sorted(set(previous) - set(result.outputs)):
            if name.split("/", 1)[0] in OUTPUT_DIRS and (root / name).is_file():
                (root / name).unlink()
    record = {"notebook": result.outputs.get(step.notebook, sha256_file(root / step.notebook)),
              "inputs": inputs, "outputs": result.outputs, "seconds": round(result.seconds, 1)}
    stamp.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(stamp, json.dumps(record, indent=1, sort_keys=True) + "\n")


# --------------------------------------------------------------------------- scheduling
@dataclass
class Outcome:
    notebook: str
    status: str          # "ran", "up to date", "failed", "skipped"
    detail: str = ""
    result: RunResult | None = None


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM reached the pipeline; running notebooks were stopped."""

    def __init__(self, signal_number: int):
        super().__init__(signal_number)
        self.signal_number = signal_number


class Worker:
    """One notebook running in its own process (``python -m culturaltrade.build.pipeline worker``).

    A child process per notebook keeps the runs apart (their own kernel, environment and
    imports), lets them run in parallel, and lets the pipeline stop them cleanly: on Ctrl-C or
    SIGTERM it terminates the worker (whose kernel exits with its parent) and removes what it
    had staged, so nothing half-written is left behind.
    """

    def __init__(self, step: Step, destination: Path, root: Path, reason: str, parameters: list | None = None):
        self.step, self.reason = step, reason
        (root / "build").mkdir(exist_ok=True)
        # a folder of its own: runs of the same notebook (e.g. with other parameters) may overlap
        self.folder = Path(tempfile.mkdtemp(prefix=f"worker-{Path(step.notebook).stem}-", dir=root / "build"))
        self.log = self.folder / "worker.log"
        self.result_file = self.folder / "result.json"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "culturaltrade.build.pipeline", "worker", step.notebook,
                 "--out", str(destination), "--result", str(self.result_file), "--staging-in", str(self.folder),
                 *[part for pair in (parameters or []) for part in ("-p", *pair)]],
                cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def done(self) -> bool:
        return self.process.poll() is not None

    def outcome(self) -> RunResult | str:
        """The run's result, or the error message."""
        if self.process.returncode == 0 and self.result_file.is_file():
            data = json.loads(self.result_file.read_text(encoding="utf-8"))
            return RunResult(**{**data, "destination": Path(data["destination"])})
        text = self.log.read_text(encoding="utf-8", errors="replace").strip()
        return text.removeprefix("error: ") or f"the worker stopped with exit status {self.process.returncode}"

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def stop(self, root: Path) -> None:
        if self.process.poll() is None:
            # the worker's whole process group at once: it holds nothing that needs saving (the
            # staged files are removed below), and its kernel exits when its parent is gone
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.close()  # with the worker's staging folder inside it


def default_jobs() -> int:
    configured = os.environ.get("CULTURAL_TRADE_JOBS")
    if configured:
        if not configured.isdigit() or int(configured) < 1:
            raise PipelineError(f"$CULTURAL_TRADE_JOBS must be a whole number of at least 1, got {configured!r}")
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@contextlib.contextmanager
def _signals_interrupt():
    """While the pipeline supervises workers, SIGINT and SIGTERM raise :class:`Interrupted`."""
    def handler(signal_number, frame):
        raise Interrupted(signal_number)

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def reproduce(destination: Path | None = None, notebooks: list[str] | None = None, jobs: int | None = None,
              force: bool = False, report=print, parameters: list[list[str]] | None = None) -> list[Outcome]:
    """Run the notebooks of ``notebooks/pipeline.yaml`` (or those given) into ``destination``.

    The one run path behind ``make reproduce``, ``make run`` and ``make check``. In place (no
    ``destination``, no ``parameters``), a notebook whose inputs and outputs match the record
    of its last run is skipped unless ``force``, and each run is recorded. Elsewhere (a scratch
    folder, or ``runs/<notebook>/<parameters>/`` for a run with ``parameters``, given as
    ``[name, value]`` pairs of text for one notebook), every notebook runs and nothing is
    recorded. Up to ``jobs`` notebooks run at once, each in a worker process; a notebook
    waits for those in its ``after``. Returns one outcome per notebook; raises
    :class:`PipelineError` after all runs if any failed, :class:`Interrupted` on Ctrl-C.
    """
    root = project_root()
    steps = load_steps(root)
    if notebooks is not None:
        for notebook in notebooks:
            if not (root / notebook).is_file():
                raise PipelineError(f"{notebook}: no such notebook")
        declared = {s.notebook for s in steps}
        # a notebook not (yet) in pipeline.yaml may still be run on its own, unrecorded
        steps = [s for s in steps if s.notebook in notebooks] + [Step(n) for n in notebooks if n not in declared]
    if parameters:
        if len(steps) != 1:
            raise PipelineError("parameters are given for one notebook at a time")
        parsed = parse_parameters(parameters)
        check_parameters(root / steps[0].notebook, parsed)  # before any process starts
        if destination is None:
            destination = default_destination(root, steps[0].notebook, parsed)
    destination = root if destination is None else Path(destination).resolve()
    in_place = destination == root and not parameters
    recorded = {s.notebook for s in load_steps(root)}
    selected = {s.notebook for s in steps}
    jobs = jobs or default_jobs()
    if jobs < 1:
        raise PipelineError(f"jobs must be at least 1, got {jobs}")
    total, reported = len(steps), 0
    outcomes: dict[str, Outcome] = {}
    pending = list(steps)
    running: list[Worker] = []
    inputs_at_start: dict[str, dict[str, str]] = {}

    def finish(outcome: Outcome) -> None:
        nonlocal reported
        reported += 1
        outcomes[outcome.notebook] = outcome
        line = f"[{reported}/{total}] {outcome.notebook}: "
        if outcome.status == "ran":
            changed = len(outcome.result.written)
            line += (f"ran in {outcome.result.seconds:.1f} s, changed {changed} file{'' if changed == 1 else 's'}"
                     f" ({outcome.detail})")
        elif outcome.status == "up to date":
            line += "up to date"
        else:
            line += f"{outcome.status.upper()} ({outcome.detail.splitlines()[0]})"
        report(line)

    with _signals_interrupt():
        try:
            while pending or running:
                for step in list(pending):
                    if len(running) >= jobs:
                        break
                    waits = [n for n in step.after if n in selected]
                    if any(n not in outcomes for n in waits):
                        continue  # an upstream notebook has not finished yet
                    pending.remove(step)
                    failed_upstream = [n for n in waits if outcomes[n].status in ("failed", "skipped")]
                    if failed_upstream:
                        finish(Outcome(step.notebook, "skipped", f"needs {', '.join(failed_upstream)}"))
                        continue
                    if waits:
                        merge_claims_into(destination)  # what the waiting notebook reads
                    reason = ("asked for" if notebooks is not None else "forced") if force else (
                        "scratch run" if not in_place else why_run(step, root))
                    if reason is None:
                        finish(Outcome(step.notebook, "up to date"))
                        continue
                    inputs_at_start[step.notebook] = input_fingerprint(step, root)
                    running.append(Worker(step, destination, root, reason, parameters))
                finished = [worker for worker in running if worker.done()]
                if not finished:
                    time.sleep(0.05)
                    continue
                for worker in finished:
                    running.remove(worker)
                    result = worker.outcome()
                    worker.close()
                    if isinstance(result, str):
                        finish(Outcome(worker.step.notebook, "failed", result))
                    else:
                        if in_place and worker.step.notebook in recorded:
                            record_run(worker.step, root, result, inputs_at_start[worker.step.notebook])
                        finish(Outcome(worker.step.notebook, "ran", worker.reason, result))
        except BaseException:
            for worker in running:
                worker.stop(root)
            raise
    merge_claims_into(destination)  # once for the whole run (and above, before a notebook that reads it)
    if any(o.status == "ran" for o in outcomes.values()) or not (destination / MERGED_CODEBOOK).is_file():
        from .outputs import merge as merge_codebook

        merge_codebook(destination, root)  # the codebook of every output, with their checksums
    ordered = [outcomes[s.notebook] for s in steps]
    failures = [o for o in ordered if o.status == "failed"]
    if failures:
        raise PipelineError("\n".join(o.detail for o in failures))
    return ordered


def check(keep: bool = False, jobs: int | None = None) -> list[str]:
    """Regenerate everything in a scratch folder and compare it with the working tree."""
    root = project_root()
    (root / "build").mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="check-", dir=root / "build"))
    try:
        notebooks = run_order()
        reproduce(destination=scratch, jobs=jobs, report=lambda line: None)
        return compare_trees(scratch, root, notebooks)
    finally:
        if not keep:
            shutil.rmtree(scratch, ignore_errors=True)


# --------------------------------------------------------------------------- CLI
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m culturaltrade.build.pipeline", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("reproduce", help="run every notebook whose inputs changed, in the declared order")
    rep.add_argument("--out", type=Path, help="write into this folder instead of the project (runs everything)")
    rep.add_argument("--force", action="store_true", help="run every notebook, changed or not")
    rep.add_argument("--only", nargs="+", metavar="NOTEBOOK", help="only these notebooks (if their inputs changed)")
    rep.add_argument("-j", "--jobs", type=int, help="notebooks run at once (default: the number of cores)")
    run = sub.add_parser("run", help="run one notebook, optionally with parameters")
    run.add_argument("notebook", help="e.g. notebooks/01_china_overall.ipynb")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    run.add_argument("--out", type=Path, help="destination folder (default: project, or runs/… with parameters)")
    run.set_defaults(force=True)
    chk = sub.add_parser("check", help="regenerate in a scratch folder and compare with the working tree")
    chk.add_argument("-j", "--jobs", type=int)
    wrk = sub.add_parser("worker")  # internal: one notebook in a child process of `reproduce`
    wrk.add_argument("notebook")
    wrk.add_argument("--out", type=Path, required=True)
    wrk.add_argument("--result", type=Path, required=True)
    wrk.add_argument("--staging-in", type=Path, required=True)
    wrk.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    prm = sub.add_parser("params", help="list the parameters of notebooks: name, type, default, help")
    prm.add_argument("notebooks", nargs="*", help="e.g. 01_china_overall (default: every notebook)")
    sub.add_parser("order", help="print the run order")
    sub.add_parser("status", help="say which notebooks `reproduce` would run, and why")
    args = parser.parse_args(argv)
    try:
        if getattr(args, "jobs", None) is not None and args.jobs < 1:
            raise PipelineError(f"--jobs must be at least 1, got {args.jobs}")
        if args.command == "worker":
            result = run_notebook(args.notebook, parse_parameters(args.parameter), destination=args.out,
                                  results_root=args.out, staging_parent=args.staging_in)
            atomic_write_text(args.result, json.dumps(dataclasses.asdict(result), default=str))
        elif args.command == "params":
            print(describe_parameters(args.notebooks or run_order()))
        elif args.command == "order":
            print("\n".join(run_order()))
        elif args.command == "status":
            root = project_root()
            for step in load_steps(root):
                reason = why_run(step, root)
                print(f"{step.notebook}: {'up to date' if reason is None else 'would run (' + reason + ')'}")
        elif args.command in ("reproduce", "run"):
            started = time.perf_counter()
            ledger = project_root() / MERGED_CLAIMS
            claims_before = ledger.read_text(encoding="utf-8") if ledger.is_file() else None
            notebooks = ([Path(args.notebook).as_posix().removeprefix("./")] if args.command == "run" else
                         [Path(n).as_posix().removeprefix("./") for n in args.only] if args.only else None)
            outcomes = reproduce(destination=args.out, notebooks=notebooks, jobs=getattr(args, "jobs", None),
                                 force=args.force or args.command == "run",
                                 parameters=getattr(args, "parameter", None),
                                 report=lambda line: print(line, flush=True))
            ran = sum(o.status == "ran" for o in outcomes)
            where = ""
            if outcomes and outcomes[0].result is not None and outcomes[0].result.destination != project_root():
                destination = outcomes[0].result.destination
                with contextlib.suppress(ValueError):
                    destination = destination.relative_to(project_root())
                where = f"; results under {Path(destination).as_posix()}"
            print(f"{args.command}: {ran} ran, {len(outcomes) - ran} up to date, "
                  f"in {time.perf_counter() - started:.1f} s{where}")
            if ran:
                from .changes import report

                destination = outcomes[0].result.destination if args.command == "run" else project_root()
                print("\n".join(report(project_root(), Path(destination), claims_before)))
        elif args.command == "check":
            problems = check(jobs=args.jobs)
            if problems:
                print("outputs do not match a fresh regeneration:", *problems, sep="\n  - ", file=sys.stderr)
                return 1
            print("every notebook, figure and table matches a fresh regeneration byte for byte")
    except PipelineError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as error:
        print("error: interrupted; the running notebooks were stopped and nothing half-written was left "
              "in place", file=sys.stderr)
        return 128 + getattr(error, "signal_number", signal.SIGINT)
    except Exception as error:  # a clear one-line message rather than a traceback
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
