"""The codebook of the outputs: what each table and figure CSV holds, column by column.

:func:`culturaltrade.write_table` and :func:`culturaltrade.save_figure` call :func:`record`
with the description of the file and of its columns (``columns``: a description, or a
``(description, unit)`` pair, per column; see :func:`field_schema`). Each notebook thus writes
its part of the codebook, ``tables/datapackage/<notebook>.json``: one entry per file it wrote,
with a Frictionless Table Schema (each column's type, read from the frame, its description and
unit) and the cell that wrote it. The pipeline merges the parts into ``tables/datapackage.json``
(:mod:`culturaltrade.build.outputs`), the way it merges ``tables/claims/*.csv``, adding what a
notebook cannot know about itself: its declared inputs, the cell's id in the notebook, checksums.

Which cell wrote a file
    The kernel knows the code it is executing (the ``execute_request`` it is answering), not
    the id of the notebook cell: JupyterLab sends ``cellId`` in the request's metadata, but
    nbclient (papermill) and nbval do not. So the part records the SHA-256 of the executing
    code (``cell_sha256``), which is the same whoever runs the notebook, and the merge looks it
    up among the notebook's cells. Outside a kernel it is blank, and so is the cell then.

Column descriptions are not enforced here (a notebook may add them later), but a column
described that the frame does not have is refused: it is a typo. ``make test`` lists every
column left undescribed (tests/test_outputs_codebook.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import atomic_write_text, display_path, project_root, tables_dir

if TYPE_CHECKING:
    import pandas as pd

PART_DIR = "datapackage"  # tables/datapackage/<notebook>.json
ColumnDoc = str | tuple[str, str] | Mapping[str, str]


def frictionless_type(series: pd.Series) -> str:
    """The Table Schema type of a column, as written to CSV by pandas."""
    import pandas as pd  # here: the pipeline imports this module for the ledger's codebook only

    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"
    return "string"  # text, or a mix that only text describes


def _doc(name: str, doc: ColumnDoc | None, label: str) -> dict:
    if doc is None:
        return {}
    if isinstance(doc, str):
        return {"description": doc}
    if isinstance(doc, tuple) and len(doc) == 2:
        description, unit = doc
        return {"description": description, **({"unit": unit} if unit else {})}
    if isinstance(doc, Mapping) and set(doc) <= {"description", "unit"}:
        return {k: v for k, v in doc.items() if v}
    raise ValueError(f"{label}: column {name!r} must be described by a text, a (description, unit) pair "
                     f"or {{'description': ..., 'unit': ...}}, got {doc!r}")


def field_schema(frame: pd.DataFrame, columns: Mapping[str, ColumnDoc] | None, label: str) -> dict:
    """The Table Schema of ``frame``: each column's type (from its dtype), description and unit.

    ``columns`` maps a column to its description (``"calendar year"``), or to a
    ``(description, unit)`` pair (``("exports", "US$ 10,000")``); a unitless column needs no unit.
    """
    columns = dict(columns or {})
    unknown = [name for name in columns if name not in frame.columns]
    if unknown:
        raise ValueError(f"{label}: described column(s) {unknown} are not in the data; its columns are "
                         f"{list(frame.columns)}")
    fields = []
    for name in frame.columns:
        field = {"name": str(name), "type": frictionless_type(frame[name])}
        field.update(_doc(name, columns.get(name), label))
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}


def current_cell_sha256() -> str:
    """SHA-256 of the code the kernel is executing ('' outside a kernel); see the module docstring."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is part of the environment
        return ""
    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    if kernel is None:
        return ""
    code = (kernel.get_parent("shell") or {}).get("content", {}).get("code")
    return hashlib.sha256(code.encode("utf-8")).hexdigest() if isinstance(code, str) else ""


def notebook_of(name: str) -> str:
    """The notebook (file stem) that writes output ``name``: outputs carry its number ('01_…')."""
    prefix = name.split("_", 1)[0] + "_"
    try:
        found = sorted((project_root() / "notebooks").glob(f"{prefix}*.ipynb"))
    except FileNotFoundError:
        found = []
    return found[0].stem if len(found) == 1 else f"{prefix}outputs"


def part_path(notebook: str) -> Path:
    return tables_dir() / PART_DIR / f"{notebook}.json"


def describe(path: Path, frame: pd.DataFrame, *, kind: str, description: str | None,
             columns: Mapping[str, ColumnDoc] | None, title: str | None = None, source: str | None = None) -> dict:
    """The codebook entry of the file ``path`` that holds ``frame`` (checked before anything is written)."""
    label = display_path(path)
    return {
        "path": label,
        "kind": kind,
        **({"title": title} if title else {}),
        "description": " ".join((description or "").split()),
        **({"source": source} if source else {}),
        "cell_sha256": current_cell_sha256(),
        "schema": field_schema(frame, columns, label),
    }


def record(name: str, entry: dict) -> None:
    """Add (or replace) ``entry`` in the part of the codebook of the notebook that writes ``name``."""
    part = part_path(notebook_of(name))
    try:
        entries = json.loads(part.read_text(encoding="utf-8"))["resources"]
    except (OSError, ValueError, KeyError):
        entries = []  # a fresh run: the output folder starts empty
    entries = [e for e in entries if e.get("path") != entry["path"]] + [entry]
    entries.sort(key=lambda e: e["path"])
    atomic_write_text(part, json.dumps({"resources": entries}, indent=1, ensure_ascii=False) + "\n")


# ------------------------------------------------------------------ the claims ledger's codebook
# tables/claims.csv (and each notebook's tables/claims/<notebook>.csv): claims.py explains the rules.
_ROW_UNIT = "the claim's `unit` (same row)"
CLAIM_FIELDS = {
    "claim_id": ("string", "identifier of the claim: the text's number, then a name ('000-T2-NTB-2015'); "
                           "unique in the ledger", None),
    "paper": ("string", "file name of the source text (data/sources.yaml; cite it by its reference in "
                        "CITATION.cff)", None),
    "kind": ("string", "printed: a number the text prints; qualitative: a statement of the text tested with an "
                       "indicator and a threshold the compendium chose", None),
    "location": ("string", "where the sentence is in the text: section, paragraph, sentence or table cell "
                           "(the sentence itself: data/claims/<text>.quotes.csv)", None),
    "statement": ("string", "the claim in the text's words, shortened with '...'", None),
    "reported": ("string", "printed claims: the number exactly as printed ('-0.83', '1/10', '5,000'); "
                           "'low..high' for a stated range; blank for qualitative claims", _ROW_UNIT),
    "threshold": ("string", "qualitative claims: the compendium's bound for its indicator ('> 0'), never a "
                            "number of the text; blank for printed claims", _ROW_UNIT),
    "unit": ("string", "unit of reported, threshold and the recomputed values, as the text states it", None),
    "comparison": ("string", "equals, less_than, greater_than (the text states a bound) or within (a range)",
                   None),
    "recomputed": ("number", "the value recomputed from the printed inputs, at full precision (blank when "
                             "the recomputation is only an interval, or not possible)", _ROW_UNIT),
    "recomputed_low": ("number", "lower end of the recomputed interval (spanned by the rounding of printed "
                                 "inputs), full precision; equals recomputed when exact; blank if not "
                                 "checkable", _ROW_UNIT),
    "recomputed_high": ("number", "upper end of the recomputed interval, full precision; blank if not "
                                  "checkable", _ROW_UNIT),
    "tolerance": ("string", "the rule the verdict applied, in words: how far recomputed may be from reported "
                            "and still reproduce it, and the margin of 'approximate' (claims.py)", None),
    "verdict": ("string", "reproduced, approximate, discrepancy or not checkable, computed by "
                          "culturaltrade.claims.judge", None),
    "reading_of": ("string", "for a sentence with several fair readings: the id the readings share; "
                             "blank otherwise", None),
    "readings_agree": ("string", "yes/no: whether the readings of the same sentence reach the same verdict; "
                                 "blank for a claim with one reading", None),
    "sources_agree": ("string", "yes/no: whether conflicting public sources (tables/claims_evidence.csv) "
                                "reach the same verdict; blank when one source or none", None),
    "checked_in": ("string", "the notebook section that checks the claim (notebooks/<nb>.ipynb#<anchor>)", None),
    "note": ("string", "how the claim is recomputed, or why it cannot be; the public source chosen", None),
}
EVIDENCE_FIELDS = {
    "claim_id": ("string", "the claim (tables/claims.csv) judged against this public source", None),
    "fact_id": ("string", "the public figure used (data/snapshots/public_facts.csv)", None),
    "publisher": ("string", "who publishes the figure, as the snapshot names it", None),
    "source_url": ("string", "the page the figure was read from (a stored copy)", None),
    "value": ("number", "the public figure as used in the check", "`unit` (same row)"),
    "value_low": ("number", "lower end of the figure's interval where the page gives a range or a threshold; "
                            "blank otherwise", "`unit` (same row)"),
    "value_high": ("number", "upper end of that interval; blank otherwise", "`unit` (same row)"),
    "unit": ("string", "unit of value, value_low and value_high (the claim's unit)", None),
    "verdict": ("string", "the claim's verdict against this source alone", None),
    "chosen": ("string", "yes for the source whose verdict the ledger reports, no for the others", None),
    "rule": ("string", "the stated rule by which that source was chosen", None),
}
# in the order of culturaltrade.claims.CLAIM_COLUMNS / EVIDENCE_COLUMNS (tests/test_outputs_codebook.py)


def ledger_schema(fields: dict) -> dict:
    """A Table Schema from ``CLAIM_FIELDS`` / ``EVIDENCE_FIELDS``."""
    built = []
    for name, (kind, description, unit) in fields.items():
        built.append({"name": name, "type": kind, "description": description, **({"unit": unit} if unit else {})})
    return {"fields": built, "missingValues": [""]}
