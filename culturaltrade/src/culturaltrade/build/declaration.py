"""What ``notebooks/pipeline.yaml`` declares: the notebooks in run order, what each reads,
and whose results it waits for; and the check that a run read exactly what is declared."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..paths import project_root

PIPELINE_FILE = "notebooks/pipeline.yaml"
ALL = "*all*"  # `after: all` in pipeline.yaml


class PipelineError(RuntimeError):
    """A notebook could not be run; the message says which and why."""


@dataclass(frozen=True)
class Step:
    """One notebook of ``notebooks/pipeline.yaml``: what it reads, whose results it waits for."""

    notebook: str                 # e.g. notebooks/01_china_overall.ipynb
    reads: tuple[str, ...] = ()   # files relative to the project root
    after: tuple[str, ...] = ()   # notebooks whose results it reads


def load_steps(root: Path | None = None) -> list[Step]:
    """The notebooks of ``notebooks/pipeline.yaml``, in run order, checked."""
    root = root or project_root()
    path = root / PIPELINE_FILE
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError:
        raise PipelineError(f"{PIPELINE_FILE}: not found") from None
    except yaml.YAMLError as error:
        raise PipelineError(f"{PIPELINE_FILE}: not valid YAML ({error})") from None
    entries = document.get("notebooks") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        raise PipelineError(f"{PIPELINE_FILE}: expected a list under `notebooks:`")
    steps: list[Step] = []
    for position, entry in enumerate(entries, start=1):
        where = f"{PIPELINE_FILE}, notebook #{position}"
        if not isinstance(entry, dict) or not isinstance(entry.get("notebook"), str):
            raise PipelineError(f"{where}: each entry needs `notebook: <file name>`")
        unknown = sorted(set(entry) - {"notebook", "reads", "after"})
        if unknown:
            raise PipelineError(f"{where}: unknown key(s) {unknown}; allowed: notebook, reads, after")
        notebook = f"notebooks/{entry['notebook']}"
        where = f"{PIPELINE_FILE}, {entry['notebook']}"
        if not (root / notebook).is_file():
            raise PipelineError(f"{where}: {notebook} does not exist")
        if any(step.notebook == notebook for step in steps):
            raise PipelineError(f"{where}: listed twice")
        reads, after = entry.get("reads") or [], entry.get("after") or []
        if after == "all":
            after = [ALL]
        if not all(isinstance(x, str) for x in [*reads, *after]):
            raise PipelineError(f"{where}: `reads` and `after` are lists of file names (or `after: all`)")
        for item in reads:
            if item.startswith("data/") and not (root / item).is_file():
                raise PipelineError(f"{where}: reads {item}, which does not exist")
        earlier = {step.notebook for step in steps}
        for item in after:
            if item != ALL and f"notebooks/{item}" not in earlier:
                raise PipelineError(f"{where}: `after` names {item}, which is not listed before it")
        steps.append(Step(notebook, tuple(reads), tuple(item if item == ALL else f"notebooks/{item}" for item in after)))
    # `after: all` (the claims dashboard): every other notebook, wherever it is declared, so that
    # a notebook added at the end of the file is collected without touching the dashboard's entry
    collectors = [step for step in steps if ALL in step.after]
    if len(collectors) > 1:
        raise PipelineError(f"{PIPELINE_FILE}: only one notebook may wait for `all` "
                            f"({', '.join(s.notebook for s in collectors)} do)")
    return [Step(step.notebook, step.reads, tuple(s.notebook for s in steps if s is not step))
            if ALL in step.after else step for step in steps]


def run_order(root: Path | None = None) -> list[str]:
    """Notebook paths (relative to the project root) in the order they are declared."""
    return [step.notebook for step in load_steps(root)]


def find_step(notebook: str, root: Path | None = None) -> Step | None:
    return next((step for step in load_steps(root) if step.notebook == notebook), None)


def expand_inputs(step: Step, root: Path) -> list[str]:
    """The files behind a step's ``reads``: each CSV with its ``.meta.yaml`` and shared schema."""
    files = []
    for item in step.reads:
        files.append(item)
        if item.startswith("data/") and item.endswith(".csv"):
            meta = item.removesuffix(".csv") + ".meta.yaml"
            if (root / meta).is_file():
                files.append(meta)
                try:
                    schema_file = (yaml.safe_load((root / meta).read_text(encoding="utf-8")) or {}).get("schema_file")
                except yaml.YAMLError:
                    schema_file = None  # the loader reports it when the notebook runs
                if schema_file:
                    files.append((Path(meta).parent / schema_file).as_posix())
    return sorted(set(files))


def check_reads(step: Step, logged: list[str], root: Path, exact: bool) -> None:
    """The files the kernel read must be declared; with ``exact``, every declared one read."""
    declared = set(expand_inputs(step, root))
    # only the project's inputs and results count; a file passed as a parameter is the user's
    inside = [path for path in logged if path.split("/", 1)[0] in ("data", "tables")]
    undeclared = sorted(set(inside) - declared)
    if undeclared:
        raise PipelineError(
            f"{step.notebook} read {', '.join(undeclared)}, which {PIPELINE_FILE} does not list under its "
            f"`reads`; add it there (the pipeline re-runs a notebook only when a declared input changes)")
    unread = sorted(set(step.reads) - set(inside))
    if exact and unread:
        raise PipelineError(
            f"{step.notebook} did not read {', '.join(unread)}, which {PIPELINE_FILE} lists under its "
            f"`reads`; remove it there (it would re-run the notebook for nothing)")
