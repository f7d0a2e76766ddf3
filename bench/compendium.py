"""What the benchmark reads from the compendium: the notebooks in run order, which of them
declare a data file, the pipeline's progress lines, and whether it may start at all.

Read as text with small regexes, not by importing ``culturaltrade`` or a YAML library: the
benchmark stays standard-library only and runs with any Python, and these formats are simple.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from runner import git_status

PIPELINE_YAML = "notebooks/pipeline.yaml"
RUN_ORDER_TXT = "notebooks/run_order.txt"  # before pipeline.yaml existed
NOTEBOOK_ENTRY = re.compile(r"^\s*-?\s*notebook\s*:\s*[\"']?([^\s\"'#]+\.ipynb)")

# The pipeline (`python -m culturaltrade.build.pipeline reproduce`) prints one line per notebook:
#     [2/5] notebooks/01_china_overall.ipynb: ran in 6.1 s, changed 3 files (data/... changed)
#     [3/5] notebooks/02_china_korea.ipynb: up to date
#     [4/5] notebooks/03_china_cee.ipynb: FAILED (...)
#     ran notebooks/01_china_overall.ipynb: wrote 23 files          (older pipeline)
# Extra spaces and colour codes are tolerated.
PROGRESS_NEW = re.compile(r"^\s*\[\s*\d+\s*/\s*\d+\s*\]\s*(?P<nb>\S+?\.ipynb)\s*:\s*(?P<what>.*?)\s*$")
PROGRESS_OLD = re.compile(r"^\s*ran\s+(?P<nb>\S+?\.ipynb)\s*:\s*wrote\s+\d+\s+files?\b")
RAN_IN = re.compile(r"^ran\b(?:\s+in\s+(?P<s>[0-9.]+)\s*s\b)?", re.IGNORECASE)
UP_TO_DATE = re.compile(r"^up\s+to\s+date\b", re.IGNORECASE)
FAILED = re.compile(r"^failed\b", re.IGNORECASE)
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class Refused(Exception):
    """The benchmark cannot start on this repository."""


def read_run_order(repo: Path) -> list[str]:
    """The notebooks in run order: from notebooks/pipeline.yaml (``- notebook: X.ipynb``
    entries) if it exists, else from notebooks/run_order.txt (one name per line)."""
    pipeline_yaml, run_order = repo / PIPELINE_YAML, repo / RUN_ORDER_TXT
    if pipeline_yaml.is_file():
        lines = pipeline_yaml.read_text(encoding="utf-8").splitlines()
        names = [m[1] for line in lines if (m := NOTEBOOK_ENTRY.match(line))]
    elif run_order.is_file():
        lines = run_order.read_text(encoding="utf-8").splitlines()
        names = [entry for line in lines if (entry := line.split("#", 1)[0].strip())]
    else:
        names = []
    return [f"notebooks/{Path(name).name}" for name in names]


def declared_readers(repo: Path, data_file: str) -> list[str]:
    """Notebooks (names without .ipynb) whose entry in pipeline.yaml mentions ``data_file``."""
    path, readers, current = repo / PIPELINE_YAML, [], None
    if not path.is_file():
        return readers
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := NOTEBOOK_ENTRY.match(line):
            current = Path(m[1]).stem
        elif current and data_file in line.split("#", 1)[0] and current not in readers:
            readers.append(current)
    return readers


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


def reran_or_none(log: Path) -> list[str] | None:
    """The notebooks a `make reproduce` ran; None if its log has no progress line we recognise
    (the pipeline prints one line per notebook, even when nothing runs)."""
    p = progress(log)
    return p["ran"] if p["ran"] + p["up_to_date"] + p["failed"] else None


def preflight(repo: Path) -> None:
    """Refuse to start on a dirty repository, or one whose `make` would rebuild the environment."""
    if not (repo / "Makefile").is_file() or not read_run_order(repo):
        raise Refused(f"{repo} is not the compendium (no Makefile, or no notebooks in "
                      f"{PIPELINE_YAML} or {RUN_ORDER_TXT})")
    try:
        status = git_status(repo)
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        raise Refused(f"cannot run `git status` in {repo}: {error}") from None
    if status:
        raise Refused("the repository is not clean (`git status --porcelain` is not empty); "
                      "commit or stash first:\n" + status.rstrip())
    # `make -o` is not passed to sub-makes: make sure the environment stamp is up to date, so
    # that no make call would reinstall .venv (pip, venv) or re-register the kernel (the last
    # step of the stamp's recipe, also for a conda environment).
    dry = subprocess.run(["make", "-n", "reproduce", "test"], cwd=repo, capture_output=True, text=True)
    if re.search(r"pip install|-m venv|\.kernel install", dry.stdout):
        raise Refused("`make` would rebuild the environment (its stamp .venv/.cultural-trade-installed is "
                      "older than one of its prerequisites in the Makefile: environment.yml, "
                      "culturaltrade/pyproject.toml, the kernel module); run `make env` first")
