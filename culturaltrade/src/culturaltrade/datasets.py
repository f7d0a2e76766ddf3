"""Load a dataset from ``data/`` and validate it against its declared schema.

Every CSV under ``data/`` has a sidecar ``<name>.meta.yaml`` that says where its numbers
come from (seed file, section, table, or fact id and URL), their units, the quirks of the
print, and a `Frictionless Table Schema <https://specs.frictionlessdata.io/table-schema/>`_,
written natively (so that ``data/datapackage.json`` carries it unchanged)::

    schema:
      primaryKey: [year]
      missingValues: [""]
      fields:
        - {name: year, type: integer, constraints: {required: true, minimum: 2011}}
        - {name: export_amount, type: number, unit: "US$ 10,000", constraints: {minimum: 0}}

Field types: ``string``, ``integer``, ``number``, ``boolean`` (``trueValues`` /
``falseValues``, Frictionless's defaults otherwise), ``date`` (ISO ``YYYY-MM-DD``).
Constraints: ``required``, ``minimum``, ``maximum``, ``enum``, ``pattern``, ``unique``, read
as the standard reads them (a ``pattern`` must match the whole cell). ``unit`` is this
project's own field property. Columns must match the declared fields exactly (same names;
order is not checked).

The Frictionless library validates the same files in ``make test`` (:mod:`culturaltrade.build.manifest`);
this loader is the fast path the notebooks use, with messages that name the file, the line
(as a text editor counts it, header = line 1), the column and the offending value. Problems
are collected and raised together as one :class:`DataValidationError`.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .paths import data_path, display_path, project_root, record_read

FIELD_TYPES = {"string", "integer", "number", "boolean", "date"}
CONSTRAINTS = {"required", "unique", "minimum", "maximum", "enum", "pattern"}
# Frictionless's defaults for a boolean field that states no trueValues / falseValues
TRUE_VALUES, FALSE_VALUES = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]
_MAX_REPORTED = 20


class DataValidationError(ValueError):
    """A dataset (or a user-supplied CSV) does not match its declared schema."""


@dataclass(frozen=True)
class Problem:
    line: int | None
    column: str | None
    message: str

    def render(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


def _raise(label: str, problems: list[Problem]) -> None:
    shown = problems[:_MAX_REPORTED]
    more = len(problems) - len(shown)
    lines = [f"{label}: {len(problems)} problem(s) with the data"]
    lines += [f"  - {p.render()}" for p in shown]
    if more:
        lines.append(f"  - ... and {more} more")
    raise DataValidationError("\n".join(lines))


def top_level_alternation(pattern: str) -> bool:
    """Whether ``pattern`` has a ``|`` outside any group or class (``a|b``, not ``(a|b)``)."""
    depth, in_class, escaped = 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return True
    return False


def check_schema_definition(schema: dict, label: str) -> list[dict]:
    """The schema's fields, after checking that the schema itself is well formed."""
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list) or not schema["fields"]:
        raise DataValidationError(f"{label}: the schema must have a non-empty list of 'fields'")
    if "primary_key" in schema:
        raise DataValidationError(f"{label}: write the key as Table Schema's 'primaryKey', not 'primary_key'")
    names = []
    for field in schema["fields"]:
        if not isinstance(field, dict) or "name" not in field:
            raise DataValidationError(f"{label}: every schema field needs a 'name'")
        if field.get("type", "string") not in FIELD_TYPES:
            raise DataValidationError(
                f"{label}: field '{field['name']}' has unknown type {field.get('type')!r}; "
                f"use one of {sorted(FIELD_TYPES)}"
            )
        constraints = field.get("constraints") or {}
        if not isinstance(constraints, dict):
            raise DataValidationError(f"{label}: constraints of field '{field['name']}' must be a mapping")
        unknown = sorted(set(constraints) - CONSTRAINTS)
        if unknown:
            raise DataValidationError(f"{label}: field '{field['name']}' has unknown constraint(s) {unknown}")
        # Frictionless reads a pattern as '^pattern$' with re.match, so 'a|b' would accept
        # anything that starts with a or ends with b; written as '(a|b)' it means one thing
        # to both readers, and no translation is needed.
        if "pattern" in constraints and top_level_alternation(str(constraints["pattern"])):
            raise DataValidationError(
                f"{label}: field '{field['name']}': wrap the alternatives of pattern "
                f"{constraints['pattern']!r} in one group, '({constraints['pattern']})'")
        names.append(field["name"])
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise DataValidationError(f"{label}: schema fields declared twice: {duplicated}")
    for key in schema.get("primaryKey", []) or []:
        if key not in names:
            raise DataValidationError(f"{label}: primary key column '{key}' is not a declared field")
    return schema["fields"]


def _convert(text: str, field_type: str, field: dict | None = None) -> Any:
    """Convert one non-empty cell; raise ValueError with a reader-friendly reason."""
    if field_type == "string":
        return text
    if field_type == "integer":
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValueError(f"value {text!r} is not a whole number")
        return int(text)
    if field_type == "number":
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"value {text!r} is not a number") from None
        if not math.isfinite(value):
            raise ValueError(f"value {text!r} is not a finite number")
        return value
    if field_type == "boolean":
        field = field or {}
        if text in [str(v) for v in field.get("trueValues", TRUE_VALUES)]:
            return True
        if text in [str(v) for v in field.get("falseValues", FALSE_VALUES)]:
            return False
        raise ValueError(f"value {text!r} is not one of the field's true or false values")
    if field_type == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(f"value {text!r} is not an ISO date (YYYY-MM-DD)")
        try:
            return pd.Timestamp(text).date()
        except ValueError:
            raise ValueError(f"value {text!r} is not a valid calendar date") from None
    raise AssertionError(field_type)


def validate_frame(raw: pd.DataFrame, schema: dict, label: str) -> pd.DataFrame:
    """Validate a frame of *strings* (as read from CSV) and return it with typed columns.

    ``label`` names the data in error messages (usually the file path). Empty strings mean
    "not given" and become missing values (NaN / None), never zero.
    """
    fields = check_schema_definition(schema, label)
    declared = [f["name"] for f in fields]
    missing_values = {str(v) for v in schema.get("missingValues", [""])}
    problems: list[Problem] = []

    missing = [name for name in declared if name not in raw.columns]
    unexpected = [name for name in raw.columns if name not in declared]
    if missing:
        problems.append(Problem(None, None, f"missing column(s) {missing}"))
    if unexpected:
        problems.append(Problem(None, None, f"unexpected column(s) {unexpected}; declared: {declared}"))
    if problems:
        _raise(label, problems)

    typed: dict[str, list] = {}
    for field in fields:
        name, ftype = field["name"], field.get("type", "string")
        cons = field.get("constraints", {}) or {}
        pattern = re.compile(f"^{cons['pattern']}$") if "pattern" in cons else None  # as Frictionless reads it
        values: list = []
        seen: dict[Any, int] = {}
        for position, cell in enumerate(raw[name].tolist()):
            line = position + 2  # header is line 1
            text = "" if cell is None or (isinstance(cell, float) and math.isnan(cell)) else str(cell).strip()
            if text == "" or text in missing_values:
                if cons.get("required"):
                    problems.append(Problem(line, name, "value is required but empty"))
                values.append(None)
                continue
            if pattern and not pattern.match(text):
                problems.append(Problem(line, name, f"value {text!r} does not match pattern {cons['pattern']!r}"))
                values.append(None)
                continue
            try:
                value = _convert(text, ftype, field)
            except ValueError as error:
                problems.append(Problem(line, name, str(error)))
                values.append(None)
                continue
            if "minimum" in cons and value < cons["minimum"]:
                problems.append(Problem(line, name, f"value {text} is below the minimum {cons['minimum']}"))
            if "maximum" in cons and value > cons["maximum"]:
                problems.append(Problem(line, name, f"value {text} is above the maximum {cons['maximum']}"))
            if "enum" in cons and value not in cons["enum"]:
                problems.append(Problem(line, name, f"value {text!r} is not one of {cons['enum']}"))
            if cons.get("unique"):
                if value in seen:
                    problems.append(Problem(line, name, f"value {text!r} repeats line {seen[value]}"))
                seen.setdefault(value, line)
            values.append(value)
        typed[name] = values

    key = schema.get("primaryKey") or []
    if key and not problems:
        first_line: dict[tuple, int] = {}
        for position in range(len(raw)):
            combo = tuple(typed[k][position] for k in key)
            line = position + 2
            if any(v is None for v in combo):
                problems.append(Problem(line, None, f"primary key {key} has an empty part"))
            elif combo in first_line:
                shown = ", ".join(f"{k}={v}" for k, v in zip(key, combo))
                problems.append(Problem(line, None, f"duplicate key ({shown}) already on line {first_line[combo]}"))
            else:
                first_line[combo] = line

    if problems:
        _raise(label, problems)

    frame = pd.DataFrame(index=range(len(raw)))
    for field in fields:
        name, ftype = field["name"], field.get("type", "string")
        column = typed[name]
        if ftype == "number":
            frame[name] = pd.Series([math.nan if v is None else v for v in column], dtype="float64")
        elif ftype == "integer":
            dtype = "int64" if all(v is not None for v in column) else "Int64"
            frame[name] = pd.Series(column, dtype=dtype)
        else:
            frame[name] = pd.Series(column, dtype="object")
    return frame


def read_csv_as_text(path: Path, label: str | None = None) -> pd.DataFrame:
    """Read a CSV keeping every cell as printed text (no type guessing, no NA guessing).

    The file must be UTF-8 without a byte-order mark, have a header line naming each
    column once, and at least one row; anything else is refused with a message that
    says which.
    """
    path = Path(path)
    label = label or display_path(path)
    if not path.is_file():
        raise DataValidationError(f"{label}: file not found")
    record_read(path)
    payload = path.read_bytes()
    if payload.startswith(codecs.BOM_UTF8):
        raise DataValidationError(
            f"{label}: starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    if payload.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataValidationError(f"{label}: is UTF-16; save it as UTF-8 (without BOM)")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as error:
        line = payload[: error.start].count(b"\n") + 1
        raise DataValidationError(
            f"{label}, line {line}: byte 0x{payload[error.start]:02x} is not UTF-8; save the file "
            f"as UTF-8 (was it written as Latin-1, GBK or Windows-1252?)"
        ) from None
    if not text.strip():
        raise DataValidationError(f"{label}: the file is empty (expected a header line and rows)")
    header = next(csv.reader(io.StringIO(text)))
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise DataValidationError(f"{label}, line 1: column name(s) {repeated} appear more than once in the header")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise DataValidationError(f"{label}: cannot be read as CSV ({str(error).strip()})") from None
    if frame.empty:
        raise DataValidationError(f"{label}: has a header line but no rows")
    return frame


def load_csv_with_schema(path: str | Path, schema: dict, label: str | None = None) -> pd.DataFrame:
    """Read any CSV (e.g. one a researcher supplies as a notebook parameter) and validate it."""
    path = Path(path)
    label = label or display_path(path)
    return validate_frame(read_csv_as_text(path, label), schema, label)


def _locate(name: str) -> Path:
    """``name`` may be ``raw/000_table2`` or just ``000_table2`` (searched in data/*/)."""
    name = name.removesuffix(".csv")
    direct = data_path(f"{name}.csv")
    if direct.is_file():
        return direct
    matches = sorted(data_path().glob(f"**/{name}.csv"))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise DataValidationError(f"data/: no dataset named {name!r} (looked for {name}.csv)")
    shown = [m.relative_to(project_root()).as_posix() for m in matches]
    raise DataValidationError(f"data/: dataset name {name!r} is ambiguous: {shown}")


def metadata_path(csv_path: Path) -> Path:
    return csv_path.with_name(csv_path.name.removesuffix(".csv") + ".meta.yaml")


def load_metadata(name: str) -> dict:
    """The metadata (source, units, quirks, schema) of a dataset under ``data/``."""
    csv_path = _locate(name)
    meta_path = metadata_path(csv_path)
    label = meta_path.relative_to(project_root()).as_posix()
    if not meta_path.is_file():
        raise DataValidationError(f"{label}: metadata file missing (every dataset needs one)")
    record_read(meta_path)
    try:
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise DataValidationError(f"{label}: not valid YAML ({error})") from None
    if not isinstance(meta, dict):
        raise DataValidationError(f"{label}: expected a mapping at the top level")
    if "schema_file" in meta and "schema" not in meta:
        # several datasets of one kind share a schema (e.g. the claim registries)
        schema_path = meta_path.parent / meta["schema_file"]
        if not schema_path.is_file():
            raise DataValidationError(f"{label}: schema_file {meta['schema_file']!r} not found")
        record_read(schema_path)
        meta["schema"] = yaml.safe_load(schema_path.read_text(encoding="utf-8"))
    for required in ("title", "source", "schema"):
        if required not in meta:
            raise DataValidationError(f"{label}: required entry '{required}' is missing")
    check_schema_definition(meta["schema"], label)  # a broken schema is the sidecar's fault: name it
    return meta


def load_dataset(name: str, units: dict[str, str] | None = None) -> pd.DataFrame:
    """Load ``data/<...>/<name>.csv``, validate it against its metadata, return typed data.

    ``units`` (column → unit) states the units the calling code computes in; a column
    whose metadata declares another unit is refused (see :func:`require_units`).
    The metadata dict is attached as ``frame.attrs['meta']`` and the path as
    ``frame.attrs['path']`` (relative to the project root).
    """
    csv_path = _locate(name)
    meta = load_metadata(name)
    relative = csv_path.relative_to(project_root()).as_posix()
    frame = validate_frame(read_csv_as_text(csv_path, relative), meta["schema"], relative)
    frame.attrs["meta"] = meta
    frame.attrs["path"] = relative
    if units:
        require_units(frame, units)
    return frame


def require_units(frame: pd.DataFrame, expected: dict[str, str]) -> None:
    """Refuse a dataset whose metadata declares other units than the code computes in.

    A table re-transcribed in, say, US$ million instead of US$ 10,000 would otherwise flow
    silently through every ratio-free calculation and print numbers 100 times too small.
    """
    path = frame.attrs.get("path", "dataset")
    declared = field_units(frame.attrs["meta"]) if "meta" in frame.attrs else {}
    for column, unit in expected.items():
        if column not in declared:
            raise DataValidationError(
                f"{path}, column '{column}': the metadata declares no unit; the code expects {unit!r}")
        if declared[column] != unit:
            raise DataValidationError(
                f"{path}, column '{column}': unit mismatch: the metadata declares "
                f"{declared[column]!r}, the code computes in {unit!r}")


def require_percent_shares(frame: pd.DataFrame, value: str = "value", unit: str = "unit",
                           percent: str = "percent") -> None:
    """Refuse a share outside [0, 100] in rows whose ``unit`` column says ``percent``.

    A schema constrains a whole column; in a long table of stated values (amounts and shares
    side by side) only the rows in percent have this bound, so it is checked here.
    """
    path = frame.attrs.get("path", "dataset")
    problems = [
        Problem(position + 2, value, f"a share of {number} {percent} is outside [0, 100]")
        for position, (number, row_unit) in enumerate(zip(frame[value], frame[unit]))
        if row_unit == percent and number == number and not 0 <= number <= 100
    ]
    if problems:
        _raise(path, problems)


def load_printed(name: str) -> pd.DataFrame:
    """The same dataset as text exactly as transcribed (to know how many decimals were printed)."""
    csv_path = _locate(name)
    load_dataset(name)  # validate first: printed text of an invalid file is never used
    return read_csv_as_text(csv_path, csv_path.relative_to(project_root()).as_posix())


def field_units(meta: dict) -> dict[str, str]:
    """Column name -> unit, for the fields whose metadata declares one."""
    return {f["name"]: f["unit"] for f in meta["schema"]["fields"] if f.get("unit")}


def load_sources() -> list[dict]:
    """The source texts (data/sources.yaml): file, sha256, title, subject, period, notebook, key figures."""
    path = data_path("sources.yaml")
    record_read(path)
    try:
        sources = yaml.safe_load(path.read_text(encoding="utf-8"))["seeds"]
    except (OSError, KeyError, TypeError, yaml.YAMLError) as error:
        raise DataValidationError(f"data/sources.yaml: cannot be read ({error})") from None
    for entry in sources:
        missing = [k for k in ("file", "title", "subject", "period", "notebook") if not entry.get(k)]
        if missing:
            raise DataValidationError(f"data/sources.yaml: entry {entry.get('file')!r} lacks {missing}")
    return sources
