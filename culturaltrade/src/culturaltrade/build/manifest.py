"""One manifest for everything in ``data/``: ``data/datapackage.json``, checked with Frictionless.

``data/datapackage.json`` is a `Frictionless Data Package
<https://specs.frictionlessdata.io/data-package/>`_ (profile ``data-package``) with one
resource per file under ``data/`` (hidden files and the manifest itself excepted), sorted by
path:

* every CSV with a sidecar ``<name>.meta.yaml`` is a **tabular resource**: title and
  description from the sidecar, ``sha256`` hash and size, ``sources`` (the seed text with its
  section and table, or the snapshot's origin file and every URL its rows cite, with the keys
  of the rows that cite it), ``metadata`` (the sidecar's path) and the sidecar's ``schema``
  (or the ``schema_file`` it names), which is written as a Frictionless Table Schema in the
  first place (``primaryKey``, ``missingValues``, constraints as the standard names them,
  plus this project's field property ``unit``) and is copied unchanged;
* every other file (READMEs, ``sources.yaml``, the sidecars, ``claims.schema.yaml``) is a
  plain **file resource** with hash, size and a one-line description.

The sidecars stay the single place where metadata is written; the manifest is generated
from them (``write``) and never edited by hand. What this module adds to Frictionless is what
Frictionless does not do: every file under data/ listed, checksums compared with the files,
a sidecar edited since the manifest was written reported as such, and one line per problem
that names the file and says to run ``make manifest``. ``check`` compares the committed
manifest with the files and with the manifest the sidecars give now (everything but hash and
size), then lets the Frictionless reference library validate that package: its descriptor,
every file, every row of every table. Each problem is one line naming the file:

* ``data/<path>: not in data/datapackage.json; ...`` (a file without entry);
* ``data/<path>: listed in data/datapackage.json but missing; ...``;
* ``data/<path>: changed since its manifest entry was written (sha256 recorded 1234abcd…,
  now 5678ef01…); if the change is intended, run `make manifest` and commit
  data/datapackage.json``;
* ``data/<sidecar>.meta.yaml: the manifest entry of data/<name>.csv is out of date with this
  sidecar (schema differs); run `make manifest` ...`` (a shared schema is named too);
* ``data/<path>, row R, field 'F': value '2019': constraint "maximum" is "2015"
  (constraint-error)`` -- Frictionless's note and error type; row R counts the header as
  row 1, like the line numbers of :mod:`culturaltrade.datasets`.

The loader (:mod:`culturaltrade.datasets`) reads the schemas as the standard does (a pattern
matches the whole cell, booleans by ``trueValues``/``falseValues``, ``missingValues``), and
refuses a pattern whose alternatives are not grouped, the one place where Table Schema's
``^pattern$`` reading surprises. The CSV dialect is stated (comma, double quote, header row),
so Frictionless does not sniff it. Differences that remain: stricter in Frictionless, columns
in the declared order and a blank line is an error; stricter in the loader, a byte-order mark,
a header without rows, and ``1_000`` as an integer.

Frictionless is imported inside the functions that need it, never at import time:
notebooks import this package and must start fast. It needs no network: v5 ships the
JSON-schema profiles it validates against, and the descriptor built here names no remote
schema, dialect or profile (the ``sources`` paths and URLs are citations; nothing reads them).

Command line::

    python -m culturaltrade.build.manifest write   # (re)write data/datapackage.json
    python -m culturaltrade.build.manifest check   # exit 0 if clean, else every problem on stderr, exit 1

The project root is :func:`culturaltrade.paths.project_root` (``$CULTURAL_TRADE_PROJECT_ROOT``
if set).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..paths import atomic_write_text, project_root

MANIFEST_NAME = "datapackage.json"
PACKAGE_LABEL = f"data/{MANIFEST_NAME}"
PACKAGE_NAME = "china-cultural-trade-data"
REGENERATE = "run `make manifest` and commit data/datapackage.json"

# a snapshot of web pages says when they were read: an ISO date, or 'unknown' with a note
ACCESS_KEYS = ("date_accessed", "date_accessed_note")
# resource properties that change with every edit of the file, not with its metadata
VOLATILE = ("hash", "bytes")

MEDIATYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "md": "text/markdown",
    "txt": "text/plain",
    "yaml": "application/yaml",
    "yml": "application/yaml",
}

PACKAGE_PROPERTIES: dict[str, Any] = {
    "profile": "data-package",
    "name": PACKAGE_NAME,
    "title": "China's international cultural trade: the data of a reproducible research compendium",
    "description": (
        "The inputs of the compendium, as printed: transcriptions of the tables and stated "
        "values of four source texts, one registry of numeric claims per text, verbatim "
        "snapshots of public figures, and reference classifications. Every CSV has a sidecar "
        "<name>.meta.yaml (source, units, quirks, schema); this manifest is generated from "
        "them by culturaltrade.build.manifest (see data/README.md). Licence: transcriptions and "
        "claim registries are facts and short quotations from the source texts, recorded for "
        "verification and commentary (the texts remain their authors' and publishers'); "
        "snapshot rows keep the terms of their source pages, each row citing its URL; "
        "everything else (metadata, schemas, reference tables as compiled here) is CC BY 4.0."
    ),
    "licenses": [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0 International",
        }
    ],
}


class ManifestError(Exception):
    """The manifest cannot be built or read (the message names the file)."""


# ---------------------------------------------------------------------------------------------
# Files


def _data_dir(root: Path) -> Path:
    return Path(root) / "data"


def _label(relative: str) -> str:
    """How a file under data/ is named in messages: ``data/raw/x.csv``."""
    return f"data/{relative}"


def data_files(root: Path) -> list[str]:
    """Every file under data/ (relative, forward slashes, sorted), except hidden files and the manifest."""
    data = _data_dir(root)
    found = []
    for path in data.rglob("*"):
        relative = path.relative_to(data)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        posix = relative.as_posix()
        if posix != MANIFEST_NAME:
            found.append(posix)
    return sorted(found)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _format(relative: str) -> str:
    name = relative.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _slug(relative: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9._-]+", "-", relative.lower()).strip("-") or "file"
    name, counter = base, 2
    while name in taken:
        name, counter = f"{base}-{counter}", counter + 1
    taken.add(name)
    return name


def _sidecar_of(relative: str) -> str:
    return relative.removesuffix(".csv") + ".meta.yaml"


# ---------------------------------------------------------------------------------------------
# Sidecars -> tabular resources


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 30x faster, same result


def _read_yaml(root: Path, relative: str, cache: dict[str, Any] | None = None) -> Any:
    if cache is not None and relative in cache:
        return cache[relative]
    try:
        loaded = yaml.load((_data_dir(root) / relative).read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except yaml.YAMLError as error:
        detail = " ".join(str(error).split())
        raise ManifestError(f"{_label(relative)}: not valid YAML ({detail})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ManifestError(f"{_label(relative)}: cannot be read ({error})") from None
    if cache is not None:
        cache[relative] = loaded
    return loaded


def _schema_file(relative_sidecar: str, meta: dict) -> str | None:
    """The data/-relative path of the shared schema a sidecar names (``schema_file``), if any."""
    if "schema_file" not in meta or "schema" in meta:
        return None
    folder = relative_sidecar.rsplit("/", 1)[0] if "/" in relative_sidecar else ""
    joined = f"{folder}/{meta['schema_file']}" if folder else str(meta["schema_file"])
    parts: list[str] = []
    for part in joined.split("/"):
        if part == "..":
            if not parts:
                raise ManifestError(
                    f"{_label(relative_sidecar)}: schema_file {meta['schema_file']!r} leaves data/")
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def load_sidecar(
    root: Path, relative_sidecar: str, cache: dict[str, Any] | None = None
) -> tuple[dict, str | None]:
    """The sidecar as a dict with ``schema`` filled in, and the shared schema file it used (if any)."""
    meta = _read_yaml(root, relative_sidecar, cache)
    label = _label(relative_sidecar)
    if not isinstance(meta, dict):
        raise ManifestError(f"{label}: expected a mapping at the top level")
    shared = _schema_file(relative_sidecar, meta)
    if shared is not None:
        if not (_data_dir(root) / shared).is_file():
            raise ManifestError(f"{label}: schema_file {meta['schema_file']!r} not found")
        meta = {**meta, "schema": _read_yaml(root, shared, cache)}
    for required in ("title", "source", "schema"):
        if required not in meta:
            raise ManifestError(f"{label}: required entry '{required}' is missing")
    return meta, shared


def table_schema(schema: Any, label: str) -> dict:
    """A sidecar's ``schema``, checked by the loader's rules; it is a Table Schema already."""
    from ..datasets import DataValidationError, check_schema_definition

    try:  # the same rules as the loader: one definition of a valid schema
        check_schema_definition(schema, label)
    except DataValidationError as error:
        raise ManifestError(str(error)) from None
    return json.loads(json.dumps(schema))  # a plain copy: the sidecar's own words


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _row_cited_urls(path: Path, primary_key: list[str]) -> dict[str, list[str]]:
    """URL -> descriptions of the rows that cite it (columns named ``source_url``, ``*_source_url``)."""
    try:
        rows = _read_rows(path)
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}
    if not rows:
        return {}
    url_columns = [c for c in rows[0] if c and (c == "source_url" or c.endswith("_source_url"))]
    key = [k for k in primary_key if k in rows[0]]
    cited: dict[str, dict[str, list[str]]] = {}
    for number, row in enumerate(rows, start=2):
        row_id = "/".join(row[k] or "" for k in key) if key else f"row {number}"
        for column in url_columns:
            url = (row.get(column) or "").strip()
            if url:
                cited.setdefault(url, {}).setdefault(column, []).append(row_id)
    described: dict[str, list[str]] = {}
    key_name = "/".join(key)
    for url, by_column in cited.items():
        parts = []
        for column in url_columns:
            if column in by_column:
                ids = ", ".join(by_column[column])
                who = f"{key_name} {ids}" if key_name else ids
                parts.append(who if column == "source_url" else f"{column} of {who}")
        described[url] = parts
    return described


def convert_sources(source: Any, csv_path: Path, primary_key: list[str], label: str) -> list[dict]:
    """A sidecar's ``source`` as Data Package ``sources`` (title, path and what else it states)."""
    if isinstance(source, str):
        return [{"title": source}]
    if not isinstance(source, dict):
        raise ManifestError(f"{label}: 'source' must be a mapping or a text")
    sources: list[dict] = []
    handled = {"seed", "section", "table", "sentences", "file", "sha256", "urls", "read_from", *ACCESS_KEYS}
    extra = {k: v for k, v in source.items() if k not in handled}

    if source.get("seed"):
        seed = str(source["seed"])
        parts = [f"seed {seed}"] + [str(source[k]) for k in ("section", "table", "sentences") if source.get(k)]
        entry: dict[str, Any] = {"title": " — ".join(parts), "path": f"../shared/seeds/{seed}"}
        entry.update({k: v for k, v in extra.items()})
        sources.append(entry)
        extra = {}

    if source.get("file"):
        text = str(source["file"])
        origin = text.split(" (", 1)[0].strip()
        entry = {"title": f"copy of {origin}", "path": origin}
        if source.get("sha256"):
            entry["hash"] = f"sha256:{source['sha256']}"
        sources.append(entry)

    cited = _row_cited_urls(csv_path, primary_key)
    listed = [str(u) for u in source["urls"]] if isinstance(source.get("urls"), list) else []
    for url in listed + [u for u in cited if u not in listed]:
        entry = {"title": "; ".join(cited.get(url, [])) or "cited by the sidecar", "path": url}
        if source.get("read_from") and url in listed:
            entry["read_from"] = str(source["read_from"])
        sources.append(entry)

    if extra:  # keys of a source that is neither a seed nor a copied file: keep them as stated
        sources.append({"title": "; ".join(f"{k}: {v}" for k, v in extra.items())})
    if not sources:
        raise ManifestError(f"{label}: 'source' names no seed, file or URL")
    return sources


def _one_line(text: Any) -> str:
    return " ".join(str(text).split())


def table_resource(root: Path, relative: str, taken: set[str], cache: dict[str, Any] | None = None) -> dict:
    """The tabular resource of ``data/<relative>`` (a CSV with a sidecar)."""
    sidecar = _sidecar_of(relative)
    meta, shared = load_sidecar(root, sidecar, cache)
    label = _label(sidecar) if shared is None else _label(shared)
    schema = table_schema(meta["schema"], label)
    path = _data_dir(root) / relative
    resource: dict[str, Any] = {
        "name": _slug(relative, taken),
        "path": relative,
        "type": "table",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": _one_line(meta["title"]),
    }
    if meta.get("description"):
        resource["description"] = _one_line(meta["description"])
    resource["hash"] = f"sha256:{_sha256(path)}"
    resource["bytes"] = path.stat().st_size
    resource["dialect"] = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}
    resource["schema"] = schema
    resource["sources"] = convert_sources(meta["source"], path, schema.get("primaryKey", []), _label(sidecar))
    source = meta["source"] if isinstance(meta["source"], dict) else {}
    for key in ACCESS_KEYS:  # when the web pages were read (owid's convention); 'unknown' is said so
        if key in source:
            resource[key] = _one_line(source[key])
    resource["metadata"] = sidecar
    if shared is not None:
        resource["metadataSchema"] = shared
    return resource


# ---------------------------------------------------------------------------------------------
# Other files -> file resources


def _describe_file(relative: str, files: set[str], shared_by: dict[str, list[str]]) -> str:
    name = relative.rsplit("/", 1)[-1]
    folder = relative.rsplit("/", 1)[0] + "/" if "/" in relative else ""
    if name.endswith(".meta.yaml") and f"{folder}{name.removesuffix('.meta.yaml')}.csv" in files:
        dataset = f"{folder}{name.removesuffix('.meta.yaml')}.csv"
        return f"metadata of {dataset} (title, source, units, quirks, schema)"
    if relative in shared_by:
        users = ", ".join(shared_by[relative])
        return f"table schema shared by {users} (their sidecars name it as schema_file)"
    if name == "README.md":
        return f"README of data/{folder}" if folder else "README of data/: folders, metadata, rules, licence"
    if name.endswith(".README.md") and f"{folder}{name.removesuffix('.README.md')}.csv" in files:
        return f"README of {folder}{name.removesuffix('.README.md')}.csv, as its provider supplied it"
    if relative == "sources.yaml":
        return "the source texts: file name, SHA-256 of the version transcribed, title, subject, period"
    kind = _format(relative)
    return f"{kind} file (undocumented)" if kind else "file (undocumented)"


def file_resource(root: Path, relative: str, taken: set[str], description: str) -> dict:
    path = _data_dir(root) / relative
    kind = _format(relative)
    resource: dict[str, Any] = {"name": _slug(relative, taken), "path": relative, "type": "file"}
    if kind:
        resource["format"] = kind
    if kind in MEDIATYPES:
        resource["mediatype"] = MEDIATYPES[kind]
    resource["description"] = description
    resource["hash"] = f"sha256:{_sha256(path)}"
    resource["bytes"] = path.stat().st_size
    return resource


# ---------------------------------------------------------------------------------------------
# The package


def _build(root: Path) -> tuple[dict, list[str]]:
    """The descriptor, and (path, problem) for each CSV that could not become a tabular resource."""
    root = Path(root)
    if not _data_dir(root).is_dir():
        raise ManifestError(f"{root.name}/data: not a folder")
    files = data_files(root)
    present = set(files)
    shared_by: dict[str, list[str]] = {}
    problems: list[tuple[str, str]] = []
    cache: dict[str, Any] = {}
    for relative in files:
        if relative.endswith(".csv") and _sidecar_of(relative) in present:
            try:
                meta = _read_yaml(root, _sidecar_of(relative), cache)
                shared = _schema_file(_sidecar_of(relative), meta) if isinstance(meta, dict) else None
            except ManifestError:
                shared = None
            if shared:
                shared_by.setdefault(shared, []).append(relative)

    taken: set[str] = set()
    resources = []
    for relative in files:
        if relative.endswith(".csv"):
            if _sidecar_of(relative) not in present:
                problems.append((relative,
                    f"{_label(relative)}: no sidecar {_label(_sidecar_of(relative))} (every CSV needs one)"
                ))
                resources.append(file_resource(root, relative, taken, "CSV without metadata"))
                continue
            try:
                resources.append(table_resource(root, relative, taken, cache))
            except ManifestError as error:
                problems.append((relative, str(error)))
                resources.append(file_resource(root, relative, taken, "CSV whose metadata cannot be read"))
            continue
        resources.append(file_resource(root, relative, taken, _describe_file(relative, present, shared_by)))
    return {**json.loads(json.dumps(PACKAGE_PROPERTIES)), "resources": resources}, problems


def build_manifest(root: Path | str | None = None) -> dict:
    """The Data Package descriptor of everything under ``<root>/data`` (see the module docstring)."""
    descriptor, problems = _build(Path(root) if root is not None else project_root())
    if problems:
        raise ManifestError("; ".join(message for _, message in problems))
    return descriptor


def render_manifest(descriptor: dict) -> str:
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


def manifest_path(root: Path | str | None = None) -> Path:
    return _data_dir(Path(root) if root is not None else project_root()) / MANIFEST_NAME


def write_manifest(root: Path | str | None = None) -> Path:
    """Write ``data/datapackage.json`` (deterministic, atomic) and return its path."""
    root = Path(root) if root is not None else project_root()
    descriptor = build_manifest(root)
    target = manifest_path(root)
    atomic_write_text(target, render_manifest(descriptor))
    return target


# ---------------------------------------------------------------------------------------------
# Checking


def _short(digest: str) -> str:
    return f"{digest[:8]}…"


def _without(resource: dict, keys: Iterable[str]) -> dict:
    return {k: v for k, v in resource.items() if k not in keys}


def _differing(recorded: dict, current: dict, ignore: Iterable[str]) -> list[str]:
    ignore = set(ignore)
    keys = sorted((set(recorded) | set(current)) - ignore)
    return [k for k in keys if recorded.get(k) != current.get(k)]


def _read_recorded(root: Path) -> dict:
    target = manifest_path(root)
    if not target.is_file():
        raise ManifestError(f"{PACKAGE_LABEL}: missing; {REGENERATE}")
    try:
        recorded = json.loads(target.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ManifestError(f"{PACKAGE_LABEL}: not valid JSON ({error}); {REGENERATE}") from None
    if not isinstance(recorded, dict) or not isinstance(recorded.get("resources"), list):
        raise ManifestError(f"{PACKAGE_LABEL}: no list of 'resources'; {REGENERATE}")
    return recorded


def _checksum_problem(relative: str, recorded: dict, current: dict) -> str | None:
    old_hash, new_hash = str(recorded.get("hash", "")), str(current["hash"])
    old_bytes, new_bytes = recorded.get("bytes"), current["bytes"]
    if old_hash == new_hash and old_bytes == new_bytes:
        return None
    details = []
    if old_hash != new_hash:
        old_digest, new_digest = old_hash.removeprefix("sha256:"), new_hash.removeprefix("sha256:")
        details.append(f"sha256 recorded {_short(old_digest)}, now {_short(new_digest)}")
    if old_bytes != new_bytes:
        details.append(f"{old_bytes} bytes recorded, now {new_bytes}")
    return (
        f"{_label(relative)}: changed since its manifest entry was written ({'; '.join(details)}); "
        f"if the change is intended, {REGENERATE}"
    )


def _compare(recorded: dict, current: dict, skip: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(path, problem) for entries missing, extra, changed (a-c) or out of date with a sidecar (d).

    ``skip``: CSVs whose sidecar cannot be read (reported as such; their entry is not compared).
    """
    skip = set(skip)
    found: list[tuple[str, str]] = []
    package_keys = _differing(_without(recorded, ["resources"]), _without(current, ["resources"]), [])
    if package_keys:
        keys = ", ".join(package_keys)
        found.append(("", f"{PACKAGE_LABEL}: package properties out of date ({keys}); {REGENERATE}"))

    old: dict[str, dict] = {}
    for entry in recorded["resources"]:
        path = entry.get("path") if isinstance(entry, dict) else None
        if not isinstance(path, str):
            shown = _one_line(entry)[:80]
            found.append(("", f"{PACKAGE_LABEL}: an entry without a single 'path' ({shown}); {REGENERATE}"))
            continue
        if path in old:
            found.append((path, f"{_label(path)}: listed twice in {PACKAGE_LABEL}; {REGENERATE}"))
        old[path] = entry
    new = {entry["path"]: entry for entry in current["resources"]}

    for path in sorted(set(old) - set(new)):
        found.append((path, f"{_label(path)}: listed in {PACKAGE_LABEL} but missing; "
                            f"if the deletion is intended, {REGENERATE}"))
    for path in sorted(set(new) - set(old)):
        found.append((path, f"{_label(path)}: not in {PACKAGE_LABEL}; {REGENERATE}"))

    common = sorted(set(old) & set(new))
    changed = {p for p in common if _checksum_problem(p, old[p], new[p])}
    stale_sidecars: dict[str, str] = {}  # sidecar -> problem (reported instead of its checksum)
    for path in common:
        before, now = old[path], new[path]
        # sources of a snapshot come partly from its rows: a changed CSV is reported as changed
        ignore = list(VOLATILE) + (["sources"] if path in changed else [])
        keys = _differing(before, now, ignore)
        if not keys or path in skip:
            continue
        sidecar = now.get("metadata")
        if now.get("type") == "table" and isinstance(sidecar, str):
            named = _label(sidecar)
            if now.get("metadataSchema"):
                named += f" (schema from {_label(now['metadataSchema'])})"
            stale_sidecars[sidecar] = (
                f"{named}: the manifest entry of {_label(path)} is out of date with this sidecar "
                f"({', '.join(keys)} differ{'s' if len(keys) == 1 else ''}); {REGENERATE}"
            )
            found.append((sidecar, stale_sidecars[sidecar]))
        else:
            differ = ", ".join(keys)
            problem = f"{_label(path)}: its manifest entry is out of date ({differ} differ); {REGENERATE}"
            found.append((path, problem))
    shared_stale = {new[s].get("metadataSchema") for s in common if new[s].get("metadata") in stale_sidecars}
    for path in sorted(changed):
        if path in stale_sidecars or path in shared_stale:
            continue  # already reported as an out-of-date sidecar, with the same advice
        found.append((path, _checksum_problem(path, old[path], new[path]) or ""))
    return found


def _render_error(relative: str, error: Any) -> str:
    where = [_label(relative)]
    row = getattr(error, "row_number", None)
    field = getattr(error, "field_name", None)
    if row is not None:
        where.append(f"row {row}")
    elif getattr(error, "label", None) is not None:
        where.append("row 1 (header)")
    if field:
        where.append(f"field '{field}'")
    note = error.note or error.message
    cell = getattr(error, "cell", None)
    if error.type in ("constraint-error", "type-error") and cell is not None:
        note = f"value {str(cell)!r}: {note}"
    return f"{', '.join(where)}: {note} ({error.type})"


def frictionless_problems(descriptor: dict, root: Path) -> list[str]:
    """Frictionless's validation of ``descriptor`` (its metadata and every row of every table)."""
    import copy
    import warnings

    problems: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # reported as problems: a warning may hide a disagreement
        import frictionless  # imported here, not at the top: slow, and only `check` needs it

        try:
            package = frictionless.Package(copy.deepcopy(descriptor), basepath=str(_data_dir(root)))
            report = package.validate()
        except frictionless.FrictionlessException as exception:
            return [f"{PACKAGE_LABEL}: {e.note or e.message} ({e.type})" for e in exception.to_errors()]
    for warning in caught:
        if issubclass(warning.category, ResourceWarning):
            # raised whenever the garbage collector happens to finalise an unclosed object left
            # by *other* code of this process (a test's zmq socket, say): not about the data
            continue
        problems.append(
            f"{PACKAGE_LABEL}: Frictionless warns: {_one_line(warning.message)} ({warning.category.__name__})")
    for error in report.errors:
        problems.append(f"{PACKAGE_LABEL}: {error.note or error.message} ({error.type})")
    for task in report.tasks:
        for error in task.errors:
            problems.append(_render_error(task.place, error))
    return problems


def check_manifest(root: Path | str | None = None, *, validate_data: bool = True) -> list[str]:
    """Every problem with ``data/datapackage.json``, one line each naming the file ([] if none).

    ``validate_data=False`` skips Frictionless (checksums and sidecar drift only; ~20 ms).
    """
    root = Path(root) if root is not None else project_root()
    current, build_problems = _build(root)
    try:
        recorded = _read_recorded(root)
    except ManifestError as error:
        return [str(error), *(message for _, message in build_problems)]
    unbuilt = {path for path, _ in build_problems}
    found = _compare(recorded, current, skip=unbuilt) + build_problems
    problems = [message for _, message in sorted(found, key=lambda item: item[0])]
    if validate_data:
        problems += frictionless_problems(current, root)
    return problems


# ---------------------------------------------------------------------------------------------
# Command line


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m culturaltrade.build.manifest",
        description="Write or check data/datapackage.json, the Frictionless manifest of data/.",
    )
    parser.add_argument("command", choices=["write", "check"], help="write the manifest, or check it")
    args = parser.parse_args(argv)
    if __name__ == "__main__":
        from .fast_imports import install  # the command itself never needs rfc3987_syntax (~1.2 s)

        install()
    try:
        root = project_root()
        if args.command == "write":
            target = write_manifest(root)
            descriptor = json.loads(target.read_text(encoding="utf-8"))
            tables = sum(1 for r in descriptor["resources"] if r["type"] == "table")
            print(
                f"{PACKAGE_LABEL}: wrote {len(descriptor['resources'])} resources "
                f"({tables} tables, {len(descriptor['resources']) - tables} other files)"
            )
            return 0
        problems = check_manifest(root)
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"{PACKAGE_LABEL}: {len(problems)} problem(s)", file=sys.stderr)
            return 1
        count = len(_read_recorded(root)["resources"])
        print(f"{PACKAGE_LABEL}: {count} files, all checksums and schemas valid")
        return 0
    except ManifestError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - one line for the reader, not a traceback
        print(f"error: {type(error).__name__}: {_one_line(error)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
