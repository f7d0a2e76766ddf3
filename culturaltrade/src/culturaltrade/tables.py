"""Write a generated table under ``tables/`` with stable formatting, and its codebook entry."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from . import codebook
from .paths import atomic_write_text, display_path, tables_dir

FLOAT_FORMAT = "%.10g"  # fixed formatting: the same bytes on every run
_NAME = re.compile(r"^\d{2}_[a-z0-9_]+$")


def write_table(frame: pd.DataFrame, name: str, *, description: str | None = None,
                columns: Mapping[str, codebook.ColumnDoc] | None = None) -> str:
    """Write ``tables/<name>.csv`` (no index, '\\n' line ends, 10 significant digits).

    ``description`` says what the table is; ``columns`` describes each column, by a text or a
    ``(description, unit)`` pair, e.g. ``{"year": "calendar year", "ntb": ("normalized trade
    balance", "NTB, -1..1")}``. Both go into the codebook (``tables/datapackage.json``, see
    :mod:`culturaltrade.codebook`); ``make test`` names every column left undescribed.
    Returns the path relative to the output root, for the notebook to show.
    """
    if not _NAME.match(name):
        raise ValueError(f"table name {name!r} must look like '01_table1_products' (notebook number, snake case)")
    if frame.empty:
        raise ValueError(f"table {name!r} is empty")
    path: Path = tables_dir() / f"{name}.csv"
    entry = codebook.describe(path, frame, kind="table", description=description, columns=columns)
    atomic_write_text(path, frame.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n"))
    codebook.record(name, entry)
    return display_path(path)
