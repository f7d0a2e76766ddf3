"""The compendium is citable: CITATION.cff is valid CFF 1.2.0 (checked offline against the shipped
schema), references the four source texts with what could be verified, and .zenodo.json and
the README say the same."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

import culturaltrade
from culturaltrade.build import citation

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [s["file"] for s in yaml.safe_load((ROOT / "data/sources.yaml").read_text())["seeds"]]


def test_citation_cff_validates_against_the_cff_1_2_0_schema():
    assert not citation.problems(ROOT), "\n".join(citation.problems(ROOT))


def test_the_schema_check_finds_a_broken_citation(tmp_path):
    broken = (ROOT / "CITATION.cff").read_text().replace("  - type: generic\n", "  - type: speech\n", 1)
    broken = broken.replace("date-released: ", "date-released: 26 June ", 1)
    (tmp_path / "CITATION.cff").write_text(broken)
    found = citation.problems(tmp_path)
    assert any(line.startswith("CITATION.cff, references/1/type:") for line in found), found
    assert any(line.startswith("CITATION.cff, date-released:") for line in found), found


def test_the_compendium_has_its_own_fields_and_its_version_everywhere():
    cff = citation.load(ROOT)
    for field in ("title", "version", "date-released", "license", "authors", "abstract"):
        assert cff.get(field), field
    pyproject = (ROOT / "culturaltrade/pyproject.toml").read_text()
    assert re.search(rf'^version = "{re.escape(str(cff["version"]))}"$', pyproject, re.M)
    assert culturaltrade.__version__ == str(cff["version"])


def test_each_source_text_has_exactly_one_reference_with_title_authors_and_what_is_unknown():
    cff = citation.load(ROOT)
    assert sorted(citation.seed_of(r) for r in cff["references"]) == sorted(SEEDS)
    for reference in cff["references"]:
        assert reference["title"] and reference["authors"], reference
        unverified = "not verified" in reference["title"] or any("not verified" in a.get("name", "")
                                                                 for a in reference["authors"])
        assert not unverified or "Unknown:" in reference["notes"], "say what is unknown"


def test_zenodo_metadata_is_generated_from_citation_cff():
    assert (ROOT / ".zenodo.json").read_text() == citation.render_zenodo(ROOT), \
        "run `python -m culturaltrade.build.citation zenodo`"


def test_the_readme_names_each_text_by_its_reference_before_its_file_name():
    readme = (ROOT / "README.md").read_text()
    cff = citation.load(ROOT)
    for seed in SEEDS:
        reference = citation.reference_text(citation.reference_of(cff, seed))
        assert f"{reference} — `{seed}`" in readme, f"README: '{reference} — `{seed}`'"
