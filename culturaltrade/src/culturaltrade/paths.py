"""Where inputs are read from and outputs are written to.

* Inputs (``data/``, and ``tables/claims.csv`` for the dashboard) are read from the
  **project root**: the nearest folder above the working directory that holds both
  ``environment.yml`` and ``data/`` (or ``$CULTURAL_TRADE_PROJECT_ROOT``).
* Outputs (``figures/``, ``tables/``) are written below the **output root**,
  ``$CULTURAL_TRADE_OUTPUT_ROOT``. The pipeline points it at a staging folder whose files
  it moves into the project when every cell has run (so a notebook that fails half-way never
  replaces a good output), and the tests at a scratch folder. A notebook run any other way
  (in JupyterLab, or with plain papermill) has no output root set and writes below
  ``runs/interactive/``: only the pipeline writes the committed results.

Every path shown to a reader is relative (``display_path``): notebooks, tables and
figures must not contain machine-specific absolute paths.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT_ENV = "CULTURAL_TRADE_PROJECT_ROOT"
OUTPUT_ROOT_ENV = "CULTURAL_TRADE_OUTPUT_ROOT"
RESULTS_ROOT_ENV = "CULTURAL_TRADE_RESULTS_ROOT"
READ_LOG_ENV = "CULTURAL_TRADE_READ_LOG"
INTERACTIVE_OUTPUT = "runs/interactive"  # outputs of a run outside the pipeline


def _is_project_root(path: Path) -> bool:
    return (path / "environment.yml").is_file() and (path / "data").is_dir()


def project_root() -> Path:
    """The compendium's root folder (see the module docstring)."""
    configured = os.environ.get(PROJECT_ROOT_ENV)
    if configured:
        root = Path(configured).resolve()
        if not _is_project_root(root):
            raise FileNotFoundError(
                f"${PROJECT_ROOT_ENV} points to a folder without environment.yml and data/"
            )
        return root
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if _is_project_root(candidate):
            return candidate
    # Fall back to the editable install's location: <root>/culturaltrade/src/culturaltrade/.
    installed = Path(__file__).resolve().parents[3]
    if _is_project_root(installed):
        return installed
    raise FileNotFoundError(
        "cannot find the compendium root (a folder with environment.yml and data/) above the "
        f"working directory; run from inside the project or set ${PROJECT_ROOT_ENV}"
    )


def output_root() -> Path:
    """Folder below which figures/ and tables/ are written (see the module docstring)."""
    configured = os.environ.get(OUTPUT_ROOT_ENV)
    return Path(configured).resolve() if configured else project_root() / INTERACTIVE_OUTPUT


def results_path(relative: str) -> Path:
    """A result of an earlier notebook of the same run (e.g. ``tables/claims.csv``).

    Looked up in the run's destination (``$CULTURAL_TRADE_RESULTS_ROOT``, set by the
    pipeline), then the output root, then the project root (the committed results).
    """
    roots = [os.environ.get(RESULTS_ROOT_ENV), os.environ.get(OUTPUT_ROOT_ENV)]
    for root in [Path(r) for r in roots if r] + [project_root()]:
        if (root / relative).is_file():
            record_read(relative)
            return root / relative
    raise FileNotFoundError(f"{relative}: not found; run `make reproduce` first")


def data_path(*parts: str) -> Path:
    return project_root().joinpath("data", *parts)


def figures_dir() -> Path:
    return output_root() / "figures"


def tables_dir() -> Path:
    return output_root() / "tables"


def display_path(path: Path) -> str:
    """``path`` relative to the output root (or project root), with forward slashes."""
    path = Path(path).resolve()
    # outside the pipeline, say where the file really went (runs/interactive/...)
    bases = (output_root(), project_root()) if os.environ.get(OUTPUT_ROOT_ENV) else (project_root(),)
    for base in bases:
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.name


def record_read(path: str | Path) -> None:
    """Note that the running notebook read ``path`` (when the pipeline asks for a log).

    The pipeline re-runs a notebook only when an input it declares has changed; this log
    lets it check that the declaration (notebooks/pipeline.yaml) lists every file read.
    Paths are logged relative to the project root; a path outside it (a file a researcher
    passes as a parameter) is logged as given.
    """
    log = os.environ.get(READ_LOG_ENV)
    if not log:
        return
    path = Path(path)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(project_root())
        except ValueError:
            pass
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(path.as_posix() + "\n")


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` so that readers see the old file or the new one, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    tmp.write_bytes(payload)
    os.replace(tmp, path)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
