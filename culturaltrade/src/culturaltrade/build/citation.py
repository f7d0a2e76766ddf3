"""How the compendium is cited: ``CITATION.cff`` checked, ``.zenodo.json`` generated from it.

``CITATION.cff`` is the one place where the compendium's citation (title, version, date,
licence, repository) and the references of the four source texts are written. This module

* validates it against the Citation File Format 1.2.0 JSON schema, shipped in
  ``schemas/citation-cff-1.2.0.schema.json`` (from cffconvert 2.0.0, whose pins of jsonschema
  < 4 cannot live beside Jupyter's; jsonschema itself is already installed), offline;
* writes ``.zenodo.json``, the metadata Zenodo reads when a GitHub release is archived with a
  DOI, from the same fields (``python -m culturaltrade.build.citation zenodo``);
* formats a reference for a reader (:func:`reference_text`), for the readers' edition.

Each reference names its text's file in ``notes`` ("Source text 000_….txt"), which is how
the site and the tests find the reference of a text.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
from pathlib import Path

import yaml

from ..paths import atomic_write_text, project_root

SCHEMA = Path(__file__).parent / "schemas" / "citation-cff-1.2.0.schema.json"
ZENODO = ".zenodo.json"


def _dates_as_text(value):
    """YAML reads 2024-06-26 as a date; the CFF schema wants text (its own note says so)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    return value


def load(root: Path | None = None) -> dict:
    root = root or project_root()
    return _dates_as_text(yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8")))


def problems(root: Path | None = None) -> list[str]:
    """Every way ``CITATION.cff`` breaks the CFF 1.2.0 schema, one line each ([] if none)."""
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    found = []
    for error in sorted(validator.iter_errors(load(root)), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
        found.append(f"CITATION.cff, {where}: {error.message[:300]}")
    return found


def reference_of(citation: dict, seed_file: str) -> dict | None:
    """The reference whose notes name ``seed_file`` (e.g. ``000_6e1eae5ef8072df6.txt``)."""
    found = [r for r in citation.get("references", []) if seed_file in r.get("notes", "")]
    return found[0] if len(found) == 1 else None


def _names(people: list[dict]) -> str:
    names = [" ".join(p[k] for k in ("family-names", "given-names") if p.get(k)) or p.get("name", "")
             for p in people]
    return ", ".join(names)


def reference_text(reference: dict) -> str:
    """'Li Jiashan (2025). Title. Outlook New Era, 2025-12-09. URL' — what CITATION.cff says, no more."""
    year = reference.get("year") or str(reference.get("date-published", ""))[:4]
    parts = [f"{_names(reference.get('authors', []))} ({year or 'year unknown'}).", f"{reference['title']}."]
    venue = [reference.get(k) for k in ("journal", "collection-title") if reference.get(k)]
    if reference.get("conference"):
        conference = reference["conference"]
        venue.append(", ".join(str(conference[k]) for k in ("name", "location", "city") if conference.get(k)))
    if reference.get("volume"):
        venue.append(f"volume {reference['volume']}")
    if reference.get("publisher"):
        venue.append(reference["publisher"]["name"])
    if reference.get("date-published"):
        venue.append(str(reference["date-published"]))
    if venue:
        parts.append(", ".join(venue) + ".")
    if reference.get("url"):
        parts.append(reference["url"])
    return " ".join(parts)


def zenodo_metadata(citation: dict) -> dict:
    """The Zenodo deposit metadata of the compendium, from its CITATION.cff."""
    creators = [{"name": _names([person]), **({"affiliation": person["affiliation"]} if person.get("affiliation")
                                              else {})} for person in citation["authors"]]
    metadata = {
        "title": citation["title"],
        "upload_type": "software",
        "description": citation["abstract"],
        "creators": creators,
        "version": str(citation["version"]),
        "publication_date": citation["date-released"],
        "license": citation["license"],
        "access_right": "open",
        "keywords": citation.get("keywords", []),
        "notes": " ".join(citation["message"].split()),
        "references": [reference_text(r) for r in citation.get("references", [])],
    }
    if citation.get("repository-code"):
        metadata["related_identifiers"] = [{"identifier": citation["repository-code"], "relation": "isSupplementTo",
                                            "scheme": "url"}]
    return metadata


def render_zenodo(root: Path | None = None) -> str:
    return json.dumps(zenodo_metadata(load(root)), indent=2, ensure_ascii=False) + "\n"


def seed_of(reference: dict) -> str:
    match = re.search(r"\b(\d{3}_[0-9a-f]{16}\.txt)\b", reference.get("notes", ""))
    return match.group(1) if match else ""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = project_root()
    if argv == ["zenodo"]:
        atomic_write_text(root / ZENODO, render_zenodo(root))
        print(f"wrote {ZENODO} from CITATION.cff")
        return 0
    if argv == ["check"]:
        found = problems(root)
        if (root / ZENODO).read_text(encoding="utf-8") != render_zenodo(root):
            found.append(f"{ZENODO}: out of date with CITATION.cff; run `python -m culturaltrade.build.citation zenodo`")
        print("\n".join(found) or "CITATION.cff is valid CFF 1.2.0; .zenodo.json agrees with it",
              file=sys.stderr if found else sys.stdout)
        return 1 if found else 0
    print("usage: python -m culturaltrade.build.citation zenodo|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
