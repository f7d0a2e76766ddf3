"""Run the notebooks with papermill, in the declared order, reproducibly and atomically.

Command line (what the Makefile calls)::

    python -m culturaltrade.pipeline reproduce              # every notebook, in place
    python -m culturaltrade.pipeline run notebooks/02_china_korea.ipynb -p currency USD
    python -m culturaltrade.pipeline check                  # regenerate in scratch, compare

How a notebook is run
    1. Parameters given on the command line must be declared in the notebook's cell
       tagged ``parameters`` (papermill only warns about unknown ones; this refuses them).
       Values are read as YAML: ``-p start_year 2012``, ``-p core '[books, newspapers]'``.
    2. papermill executes it in the ``cultural-trade`` kernel, checked to be *this*
       interpreter (not whatever ``python3`` kernel a user has installed), with the
       working directory ``notebooks/``. Its figures and tables go to a staging folder.
    3. If a cell fails, nothing in the destination changes; the message names the notebook,
       the cell and the error, the executed notebook is kept under ``build/failed/`` for
       inspection, and the exit status is non-zero.
    4. Otherwise the notebook's volatile metadata (papermill timestamps, durations, paths,
       the Python patch version) is removed, and the notebook, its figures and its tables
       are moved into the destination; ``tables/claims.csv`` is merged again.

Destination: the project itself for the default parameters; with parameters, a separate
folder ``runs/<notebook>/<parameters>/`` so that the committed results stay as they are.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")  # silence jupyter_core's migration warning

import nbformat  # noqa: E402
import yaml  # noqa: E402

from .claims import merge_claims  # noqa: E402
from .paths import OUTPUT_ROOT_ENV, PROJECT_ROOT_ENV, RESULTS_ROOT_ENV, project_root  # noqa: E402

KERNEL_NAME = "cultural-trade"
RUN_ORDER_FILE = "notebooks/run_order.txt"
OUTPUT_DIRS = ("figures", "tables")


class PipelineError(RuntimeError):
    """A notebook could not be run; the message says which and why."""


# --------------------------------------------------------------------------- order & params
def run_order(root: Path | None = None) -> list[str]:
    """Notebook paths (relative to the project root) in the order they must run."""
    root = root or project_root()
    path = root / RUN_ORDER_FILE
    names = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        notebook = f"notebooks/{entry}"
        if not (root / notebook).is_file():
            raise PipelineError(f"{RUN_ORDER_FILE}, line {lineno}: {notebook} does not exist")
        if notebook in names:
            raise PipelineError(f"{RUN_ORDER_FILE}, line {lineno}: {notebook} is listed twice")
        names.append(notebook)
    return names


def declared_parameters(notebook: Path) -> dict[str, dict]:
    """Parameters declared in the notebook's ``parameters`` cell (name → papermill's info)."""
    import papermill

    nb = nbformat.read(notebook, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        raise PipelineError(f"{notebook.name}: needs exactly one cell tagged 'parameters', found {len(tagged)}")
    return papermill.inspect_notebook(str(notebook))


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
    declared = declared_parameters(notebook)
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise PipelineError(
            f"{notebook.name}: unknown parameter(s) {unknown}; this notebook declares {sorted(declared)}"
        )


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
            f"(or: python -m ipykernel install --sys-prefix --name {KERNEL_NAME})"
        ) from None
    kernel_python = Path(spec.argv[0])
    if not kernel_python.is_absolute() or kernel_python.resolve() != Path(sys.executable).resolve():
        raise PipelineError(
            f"Jupyter kernel '{KERNEL_NAME}' runs {spec.argv[0]!r}, not this environment's Python; "
            f"reinstall it with `make env`"
        )


def _kernel_manager():
    """A manager for our kernel that encrypts its local sockets (CurveZMQ) where pyzmq can."""
    from jupyter_client.manager import KernelManager
    from traitlets import TraitError

    try:
        return KernelManager(kernel_name=KERNEL_NAME, transport_encryption="auto")
    except TraitError:  # libzmq without libsodium: plain local TCP, as Jupyter does by default
        return KernelManager(kernel_name=KERNEL_NAME)


# --------------------------------------------------------------------------- normalisation
def normalize_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop everything that changes from run to run or machine to machine."""
    papermill_meta = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {"parameters": papermill_meta.get("parameters", {})}
    language = nb.metadata.get("language_info", {})
    if "version" in language:
        language["version"] = ".".join(str(language["version"]).split(".")[:2])
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (cultural-trade)",
        "language": "python",
        "name": KERNEL_NAME,
    }
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
        elif "id" not in cell:
            cell["id"] = f"cell-{index:03d}"
    return nb


def write_notebook(nb: nbformat.NotebookNode, path: Path) -> None:
    from .paths import atomic_write_text

    atomic_write_text(path, nbformat.writes(nb) + "\n")


# --------------------------------------------------------------------------- running
@dataclass
class RunResult:
    notebook: str
    destination: Path
    written: list[str]


def _move_tree(staging: Path, destination: Path) -> list[str]:
    written = []
    for source in sorted(p for p in staging.rglob("*") if p.is_file()):
        relative = source.relative_to(staging)
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        written.append(relative.as_posix())
    return written


def run_notebook(notebook: str, parameters: dict | None = None, destination: Path | None = None,
                 results_root: Path | None = None) -> RunResult:
    """Run one notebook (path relative to the project root) into ``destination``."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    root = project_root()
    parameters = parameters or {}
    source = root / notebook
    if not source.is_file():
        raise PipelineError(f"{notebook}: no such notebook")
    check_parameters(source, parameters)
    check_kernel()
    if destination is None:
        destination = root if not parameters else root / "runs" / source.stem / parameters_slug(parameters)
    destination = Path(destination).resolve()
    build = root / "build"
    build.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"staging-{source.stem}-", dir=build))
    executed = staging / notebook
    executed.parent.mkdir(parents=True)
    environment = {
        PROJECT_ROOT_ENV: str(root),
        OUTPUT_ROOT_ENV: str(staging),
        RESULTS_ROOT_ENV: str(results_root or destination),
        "PYTHONHASHSEED": "0",
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    saved = {key: os.environ.get(key) for key in environment}
    os.environ.update(environment)
    kernel_manager = _kernel_manager()
    try:
        papermill.execute_notebook(
            str(source), str(executed), parameters=parameters, kernel_name=KERNEL_NAME,
            cwd=str(source.parent), progress_bar=False, log_output=False,
            request_save_on_cell_execute=False, km=kernel_manager,
        )
    except PapermillExecutionError as error:
        failed = build / "failed" / source.name
        failed.parent.mkdir(parents=True, exist_ok=True)
        if executed.is_file():
            os.replace(executed, failed)
        shutil.rmtree(staging, ignore_errors=True)
        raise PipelineError(
            f"{notebook} failed in cell [{error.exec_count}]: {error.ename}: {error.evalue}\n"
            f"  nothing was written; the executed notebook is in build/failed/{source.name}"
        ) from None
    finally:
        if kernel_manager.has_kernel:
            kernel_manager.shutdown_kernel(now=False)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    nb = normalize_notebook(nbformat.read(executed, as_version=4))
    write_notebook(nb, executed)
    written = _move_tree(staging, destination)
    shutil.rmtree(staging, ignore_errors=True)
    if (destination / "tables" / "claims").is_dir():
        merge_claims(destination)
        written.append("tables/claims.csv")
    return RunResult(notebook, destination, sorted(set(written)))


def reproduce(destination: Path | None = None, notebooks: list[str] | None = None) -> list[RunResult]:
    """Run every notebook of the run order (or those given) into ``destination``."""
    results = []
    for notebook in notebooks or run_order():
        results.append(run_notebook(notebook, destination=destination))
        print(f"ran {notebook}: wrote {len(results[-1].written)} files", flush=True)
    return results


# --------------------------------------------------------------------------- comparison
def generated_files(root: Path, notebooks: list[str]) -> set[str]:
    files = {nb for nb in notebooks if (root / nb).is_file()}
    for folder in OUTPUT_DIRS:
        base = root / folder
        if base.is_dir():
            files |= {
                p.relative_to(root).as_posix() for p in base.rglob("*")
                if p.is_file() and not p.name.startswith(".") and p.name != "README.md"
            }
    return files


def compare_trees(fresh: Path, committed: Path, notebooks: list[str]) -> list[str]:
    """Differences between a fresh regeneration and the working tree, one line each."""
    new, old = generated_files(fresh, notebooks), generated_files(committed, notebooks)
    problems = []
    for name in sorted(new - old):
        problems.append(f"{name}: produced by the notebooks but absent from the working tree")
    for name in sorted(old - new):
        problems.append(f"{name}: in the working tree but no notebook produces it (stale output?)")
    for name in sorted(new & old):
        if (fresh / name).read_bytes() != (committed / name).read_bytes():
            problems.append(f"{name}: differs from a fresh regeneration")
    return problems


def check(keep: bool = False) -> list[str]:
    """Regenerate everything in a scratch folder and compare it with the working tree."""
    root = project_root()
    scratch = Path(tempfile.mkdtemp(prefix="check-", dir=root / "build"))
    try:
        notebooks = run_order()
        reproduce(destination=scratch, notebooks=notebooks)
        return compare_trees(scratch, root, notebooks)
    finally:
        if not keep:
            shutil.rmtree(scratch, ignore_errors=True)


# --------------------------------------------------------------------------- CLI
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m culturaltrade.pipeline", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("reproduce", help="run every notebook in the declared order")
    rep.add_argument("--out", type=Path, help="write into this folder instead of the project")
    run = sub.add_parser("run", help="run one notebook, optionally with parameters")
    run.add_argument("notebook", help="e.g. notebooks/01_china_overall.ipynb")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    run.add_argument("--out", type=Path, help="destination folder (default: project, or runs/… with parameters)")
    sub.add_parser("check", help="regenerate in a scratch folder and compare with the working tree")
    sub.add_parser("order", help="print the run order")
    args = parser.parse_args(argv)
    try:
        if args.command == "order":
            print("\n".join(run_order()))
        elif args.command == "reproduce":
            reproduce(destination=args.out)
        elif args.command == "run":
            notebook = Path(args.notebook).as_posix().removeprefix("./")
            result = run_notebook(notebook, parse_parameters(args.parameter), destination=args.out)
            try:
                where = result.destination.relative_to(project_root()).as_posix()
            except ValueError:
                where = str(result.destination)
            print(f"ran {notebook}: wrote {len(result.written)} files under {where if where != '.' else 'the project'}")
        elif args.command == "check":
            problems = check()
            if problems:
                print("outputs do not match a fresh regeneration:", *problems, sep="\n  - ", file=sys.stderr)
                return 1
            print("every notebook, figure and table matches a fresh regeneration byte for byte")
    except PipelineError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # a clear one-line message rather than a traceback
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
