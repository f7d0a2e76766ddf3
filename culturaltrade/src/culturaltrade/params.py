"""Checks for notebook parameters: one clear message naming the parameter.

Papermill injects parameters as plain Python values; each notebook validates them with
these functions right after its parameters cell, so that a bad value stops the run
before anything is computed or written.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .paths import project_root


class ParameterError(ValueError):
    """A notebook parameter has a value the notebook cannot use."""


def choice(name: str, value, allowed: Iterable):
    allowed = list(allowed)
    if value not in allowed:
        raise ParameterError(f"parameter `{name}` must be one of {allowed}, got {value!r}")
    return value


def integer_between(name: str, value, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParameterError(f"parameter `{name}` must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise ParameterError(f"parameter `{name}` must be between {low} and {high}, got {value}")
    return value


def number_between(name: str, value, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParameterError(f"parameter `{name}` must be a number, got {value!r}")
    if not low <= value <= high:
        raise ParameterError(f"parameter `{name}` must be between {low} and {high}, got {value}")
    return float(value)


def year_range(start_name: str, start, end_name: str, end, low: int, high: int) -> tuple[int, int]:
    """Two year parameters forming a window inside [low, high]."""
    start = integer_between(start_name, start, low, high)
    end = integer_between(end_name, end, low, high)
    if start > end:
        raise ParameterError(f"parameters `{start_name}` ({start}) and `{end_name}` ({end}) are reversed")
    return start, end


def year_window(name: str, value, low: int, high: int) -> tuple[int, int]:
    """A ``[start, end]`` list parameter inside [low, high], start before end."""
    if not (isinstance(value, (list, tuple)) and len(value) == 2):
        raise ParameterError(f"parameter `{name}` must be [start_year, end_year], got {value!r}")
    start, end = (integer_between(name, year, low, high) for year in value)
    if start >= end:
        raise ParameterError(f"parameter `{name}` must have its start before its end, got {list(value)}")
    return start, end


def subset(name: str, values, allowed: Iterable, *, non_empty: bool = True) -> list:
    """A list parameter whose items must all be known (order kept, duplicates refused)."""
    allowed = list(allowed)
    if isinstance(values, str) or not isinstance(values, (list, tuple)):
        raise ParameterError(f"parameter `{name}` must be a list, got {values!r}")
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ParameterError(f"parameter `{name}` has unknown item(s) {unknown}; allowed: {allowed}")
    if len(set(values)) != len(values):
        raise ParameterError(f"parameter `{name}` lists an item twice: {list(values)}")
    if non_empty and not values:
        raise ParameterError(f"parameter `{name}` must not be empty")
    return list(values)


def optional_file(name: str, value) -> Path | None:
    """An optional path parameter: None/'' means not given; otherwise the file must exist.

    A relative path is taken relative to the project root (where `make` is run).
    """
    if value in (None, ""):
        return None
    if not isinstance(value, (str, Path)):
        raise ParameterError(f"parameter `{name}` must be a file path or None, got {value!r}")
    path = Path(value)
    if not path.is_absolute():
        path = project_root() / path
    if not path.is_file():
        raise ParameterError(f"parameter `{name}`: file {str(value)!r} not found (relative paths start at the project root)")
    return path


def declared_names(notebook: str | Path) -> list[str]:
    """The names assigned in the cell tagged ``parameters`` of ``notebooks/<notebook>``."""
    import json

    path = Path(notebook)
    if not path.suffix:
        path = path.with_suffix(".ipynb")
    if not path.is_absolute():
        path = project_root() / "notebooks" / path.name
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        raise ParameterError(f"{path.name}: needs exactly one cell tagged 'parameters', found {len(tagged)}")
    return _assigned_names("".join(tagged[0]["source"]))


def _assigned_names(source: str) -> list[str]:
    import ast

    names = []
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names += [t.id for t in targets if isinstance(t, ast.Name)]
    return names


# papermill writes the parameters it injects as a cell that starts with this comment
_INJECTED_HEADER = "# Parameters"


def reject_unknown(notebook: str | Path, history: list[str] | None = None) -> None:
    """Refuse injected parameters that the notebook does not declare.

    papermill only *warns* about a parameter the notebook does not declare and runs on, so a
    typo (``-p strat_year 2012``) would silently leave the default in force. The pipeline
    refuses such names before it starts a kernel; this check does the same when the notebook
    is run with the papermill CLI directly. It compares the names assigned in the injected
    cell (the last input in IPython's history that starts with ``# Parameters``) with those of
    the notebook's ``parameters`` cell. ``history`` (the list of executed inputs) defaults to
    IPython's ``In``.
    """
    if history is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython is part of the environment
            return
        shell = get_ipython()
        if shell is None:
            return
        history = list(shell.user_ns.get("In", []))
    injected = [source for source in history if source.lstrip().startswith(_INJECTED_HEADER)]
    if not injected:
        return  # run with the defaults
    declared = declared_names(notebook)
    unknown = sorted(set(_assigned_names(injected[-1])) - set(declared))
    if unknown:
        raise ParameterError(
            f"unknown parameter(s) {unknown} for {Path(notebook).stem}; it declares {sorted(declared)}")
