"""Write a generated table under ``tables/`` with stable formatting."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .paths import atomic_write_text, display_path, tables_dir

FLOAT_FORMAT = "%.10g"  # fixed formatting: the same bytes on every run
_NAME = re.compile(r"^\d{2}_[a-z0-9_]+$")


def write_table(frame: pd.DataFrame, name: str) -> str:
    """Write ``tables/<name>.csv`` (no index, '\\n' line ends, 10 significant digits).

    Returns the path relative to the output root, for the notebook to show.
    """
    if not _NAME.match(name):
        raise ValueError(f"table name {name!r} must look like '01_table1_products' (notebook number, snake case)")
    if frame.empty:
        raise ValueError(f"table {name!r} is empty")
    path: Path = tables_dir() / f"{name}.csv"
    atomic_write_text(path, frame.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n"))
    return display_path(path)
