"""data/datapackage.json: every file covered, checksums, sidecar drift, Frictionless validation, CLI."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, write_dataset
from culturaltrade import datasets
from culturaltrade.build import manifest
from culturaltrade.datasets import DataValidationError

MANIFEST = ROOT / "data" / "datapackage.json"
TABLE2 = "data/raw/000_table2_ntb_2011_2015.csv"
TABLE2_META = "data/raw/000_table2_ntb_2011_2015.meta.yaml"


def files_under_data(root: Path) -> set[str]:
    """Every file of data/ (relative to data/), found independently of the code under test."""
    found = set()
    for folder, subfolders, names in os.walk(root / "data"):
        subfolders[:] = [s for s in subfolders if not s.startswith(".")]
        for name in names:
            relative = (Path(folder) / name).relative_to(root / "data").as_posix()
            if not name.startswith(".") and relative != "datapackage.json":
                found.add(relative)
    return found


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, prefix: str) -> int:
    """Line number (header = 1) of the line of a CSV that starts with ``prefix``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(prefix))


def committed_manifest_is_current() -> bool:
    """Whether data/ still has the checksums data/datapackage.json records (checked apart, once)."""
    return manifest.check_manifest(ROOT, validate_data=False) == []


needs_current_manifest = pytest.mark.skipif(
    not committed_manifest_is_current(),
    reason="data/ changed since data/datapackage.json was written: see test_committed_manifest_has_no_problems")


# --- the committed manifest ---------------------------------------------------------------------


def test_committed_manifest_has_no_problems():
    """The one test that fails when a file in data/ changed without `make manifest` (it names the file)."""
    assert manifest.check_manifest(ROOT) == []


@needs_current_manifest
def test_every_file_in_data_has_one_entry_with_its_checksum():
    recorded = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert recorded["profile"] == "data-package"
    assert recorded["name"] == "china-cultural-trade-data"
    paths = [resource["path"] for resource in recorded["resources"]]
    assert len(paths) == len(set(paths))
    assert set(paths) == files_under_data(ROOT)
    assert paths == sorted(paths)
    names = [resource["name"] for resource in recorded["resources"]]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9._-]+", name) for name in names)
    for resource in recorded["resources"]:
        content = (ROOT / "data" / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest(), resource["path"]
        assert resource["bytes"] == len(content), resource["path"]
        assert resource["description"].strip() and "\n" not in resource["description"]


def test_every_csv_is_a_table_described_by_its_sidecar():
    recorded = json.loads(MANIFEST.read_text(encoding="utf-8"))
    tables = {r["path"]: r for r in recorded["resources"] if r["type"] == "table"}
    assert set(tables) == {p for p in files_under_data(ROOT) if p.endswith(".csv")}
    for path, resource in tables.items():
        sidecar = path.removesuffix(".csv") + ".meta.yaml"
        assert resource["metadata"] == sidecar
        assert resource["format"] == "csv" and resource["mediatype"] == "text/csv"
        meta = datasets.load_metadata(path.removesuffix(".csv"))  # the loader's reading of the sidecar
        assert resource["title"] == " ".join(meta["title"].split())
        with (ROOT / "data" / path).open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == header, path
        declared = {f["name"]: f for f in meta["schema"]["fields"]}
        for field in fields:
            sidecar_field = declared[field["name"]]
            assert field["type"] == sidecar_field.get("type", "string")
            assert field.get("unit") == sidecar_field.get("unit")
            for key in ("required", "unique", "minimum", "maximum", "enum"):
                expected = (sidecar_field.get("constraints") or {}).get(key)
                assert field.get("constraints", {}).get(key) == expected, (path, field["name"], key)
        assert resource["schema"].get("primaryKey", []) == (meta["schema"].get("primaryKey") or [])
        assert resource["schema"]["missingValues"] == [""]
        source = meta["source"]
        if "seed" in source:
            assert resource["sources"][0]["path"] == f"../shared/seeds/{source['seed']}"
            assert resource["sources"][0]["title"].startswith(f"seed {source['seed']} — {source['section']}")


def test_snapshot_sources_name_every_cited_url_and_fact():
    recorded = json.loads(MANIFEST.read_text(encoding="utf-8"))
    resource = next(r for r in recorded["resources"] if r["path"] == "snapshots/public_facts.csv")
    with (ROOT / "data" / "snapshots" / "public_facts.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_url = {s["path"]: s["title"] for s in resource["sources"]}
    assert by_url["../shared/facts/public_facts.csv"]  # the file it copies
    for row in rows:
        assert row["fact_id"] in by_url[row["source_url"]].removeprefix("fact_id ").split(", ")


@needs_current_manifest
def test_manifest_is_deterministic_and_relative():
    text = MANIFEST.read_text(encoding="utf-8")
    assert manifest.render_manifest(manifest.build_manifest(ROOT)) == text  # `write` would change nothing
    assert text.endswith("}\n")
    assert str(ROOT) not in text and str(Path.home()) not in text
    recorded = json.loads(text)
    for resource in recorded["resources"]:
        assert not resource["path"].startswith("/") and ".." not in resource["path"].split("/")
        for source in resource.get("sources", []):
            path = source.get("path", "")
            assert path.startswith(("http://", "https://", "../shared/")) or not path, source


# --- breaking a scratch copy -------------------------------------------------------------------


def test_one_changed_byte_is_reported_then_restoring_it_passes(project_data):
    csv_path = project_data / TABLE2
    original = csv_path.read_bytes()
    position = original.index(b"3940.68") + 6  # 3940.68 -> 3940.69: still valid data
    csv_path.write_bytes(original[:position] + b"9" + original[position + 1 :])
    problems = manifest.check_manifest(project_data)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{TABLE2}: ")
    assert "changed" in problems[0] and "make manifest" in problems[0]
    assert hashlib.sha256(original).hexdigest()[:8] in problems[0]

    csv_path.write_bytes(original)
    assert manifest.check_manifest(project_data) == []


def test_deleted_file_is_reported_by_its_path(project_data):
    (project_data / "data" / "snapshots" / "public_facts.README.md").unlink()
    problems = manifest.check_manifest(project_data, validate_data=False)  # no table changed
    assert len(problems) == 1, problems
    assert problems[0].startswith("data/snapshots/public_facts.README.md: ")
    assert "missing" in problems[0]


def test_new_file_without_entry_is_reported_until_written(project_data):
    (project_data / "data" / "raw" / "notes.txt").write_text("a note\n", encoding="utf-8")
    problems = manifest.check_manifest(project_data, validate_data=False)  # no table changed
    assert len(problems) == 1, problems
    assert problems[0].startswith("data/raw/notes.txt: ")
    assert "not in data/datapackage.json" in problems[0]

    manifest.write_manifest(project_data)
    assert manifest.check_manifest(project_data) == []
    recorded = json.loads((project_data / "data" / "datapackage.json").read_text(encoding="utf-8"))
    entry = next(r for r in recorded["resources"] if r["path"] == "raw/notes.txt")
    assert entry["type"] == "file" and entry["format"] == "txt"


def test_edited_sidecar_schema_makes_the_manifest_out_of_date(project_data):
    replace_once(project_data / TABLE2_META, "minimum: 2011, maximum: 2015", "minimum: 2011, maximum: 2016")
    problems = manifest.check_manifest(project_data)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{TABLE2_META}: ")
    assert "out of date" in problems[0] and "schema" in problems[0] and "make manifest" in problems[0]

    manifest.write_manifest(project_data)
    assert manifest.check_manifest(project_data) == []
    recorded = json.loads((project_data / "data" / "datapackage.json").read_text(encoding="utf-8"))
    table2 = next(r for r in recorded["resources"] if r["path"] == TABLE2.removeprefix("data/"))
    year = next(f for f in table2["schema"]["fields"] if f["name"] == "year")
    assert year["constraints"]["maximum"] == 2016


def test_edited_shared_schema_names_every_sidecar_that_uses_it(project_data):
    replace_once(project_data / "data" / "claims" / "claims.schema.yaml",
                 "enum: [equals, less_than, greater_than, within]",
                 "enum: [equals, less_than, greater_than, within, about]")
    problems = manifest.check_manifest(project_data, validate_data=False)  # a looser enum: data stay valid
    registries = sorted(p.name for p in (project_data / "data" / "claims").glob("*.claims.csv"))
    assert len(problems) == len(registries), problems
    for problem, registry in zip(problems, registries):
        sidecar = f"data/claims/{registry.removesuffix('.csv')}.meta.yaml"
        assert problem.startswith(f"{sidecar} (schema from data/claims/claims.schema.yaml): ")
        assert "out of date" in problem


def test_a_warning_from_frictionless_is_a_problem_but_a_stray_resource_warning_is_not(project_data, monkeypatch):
    """Frictionless's own warnings may hide a disagreement and are reported; a ResourceWarning
    that the garbage collector raises meanwhile for another object of the process is not."""
    import warnings

    import frictionless

    real_validate = frictionless.Package.validate

    def validate_with_warnings(self, *args, **kwargs):
        warnings.warn("field 'year' was inferred, not declared", UserWarning)
        warnings.warn("unclosed <zmq.Socket>", ResourceWarning)
        return real_validate(self, *args, **kwargs)

    monkeypatch.setattr(frictionless.Package, "validate", validate_with_warnings)
    assert manifest.check_manifest(project_data) == [
        "data/datapackage.json: Frictionless warns: field 'year' was inferred, not declared (UserWarning)"]


def test_value_breaking_the_schema_is_caught_by_frictionless_with_row_and_field(project_data):
    csv_path = project_data / TABLE2
    replace_once(csv_path, "\n2013,", "\n2019,")  # year maximum is 2015
    manifest.write_manifest(project_data)  # checksums now agree: only validation can see it
    row = line_of(csv_path, "2019,")
    problems = manifest.check_manifest(project_data)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{TABLE2}, row {row}, field 'year': ")
    assert "2019" in problems[0] and "maximum" in problems[0]
    # the loader finds the same cell
    with pytest.raises(DataValidationError, match=rf"line {row}, column 'year': value 2019 is above the maximum"):
        datasets.load_dataset("000_table2_ntb_2011_2015")


def test_broken_pattern_with_alternatives_is_caught(project_data):
    """public_facts' `value` pattern has a top-level '|': it must match the whole cell."""
    csv_path = project_data / "data" / "snapshots" / "public_facts.csv"
    replace_once(csv_path, ",2016,88.52,", ",2016,88.52 bn,")
    manifest.write_manifest(project_data)
    row = line_of(csv_path, "MOFCOM-CULT-TOTAL-2016,")
    problems = manifest.check_manifest(project_data)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"data/snapshots/public_facts.csv, row {row}, field 'value': ")
    assert "88.52 bn" in problems[0]


def test_frictionless_and_the_loader_accept_and_refuse_the_same_cells(scratch_project):
    meta = """
        title: agreement test
        source: {seed: 000_test.txt, table: Table X}
        schema:
          primaryKey: [id]
          fields:
            - {name: id, type: integer, constraints: {required: true}}
            - {name: flag, type: boolean, trueValues: ["true", "True", "TRUE", "yes", "Yes", "YES", "1"],
               falseValues: ["false", "False", "FALSE", "no", "No", "NO", "0"]}
            - {name: day, type: date}
            - {name: code, type: string, constraints: {pattern: '(a+|b+)'}}
    """
    good = {"flag": "true", "day": "2020-01-31", "code": "aa"}
    cases = [("flag", v, True) for v in ["true", "True", "TRUE", "yes", "Yes", "YES", "1",
                                         "false", "False", "FALSE", "no", "No", "NO", "0"]]
    cases += [("flag", v, False) for v in ["maybe", "2", "y"]]
    cases += [("day", "2016-02-29", True), ("day", "2015-02-29", False), ("day", "31/01/2020", False),
              ("day", "2020-01-31T00:00:00", False)]
    cases += [("code", "bbb", True), ("code", "ab", False), ("code", "aab", False), ("code", "aax", False)]
    lines = ["id,flag,day,code"]
    expected = set()
    for number, (column, value, valid) in enumerate(cases, start=1):
        cells = {**good, column: value}
        lines.append(f"{number},{cells['flag']},{cells['day']},{cells['code']}")
        if not valid:
            expected.add((number + 1, column))
    write_dataset(scratch_project, "agree", "\n".join(lines) + "\n", meta)
    manifest.write_manifest(scratch_project)

    flagged_by_frictionless = set()
    for problem in manifest.check_manifest(scratch_project):
        found = re.match(r"data/raw/agree\.csv, row (\d+), field '(\w+)': ", problem)
        assert found, problem
        flagged_by_frictionless.add((int(found[1]), found[2]))
    with pytest.raises(DataValidationError) as info:
        datasets.load_dataset("agree")
    located = re.findall(r"line (\d+), column '(\w+)'", str(info.value))
    flagged_by_loader = {(int(line), column) for line, column in located}
    assert flagged_by_frictionless == expected
    assert flagged_by_loader == expected


def test_a_pattern_with_ungrouped_alternatives_is_refused(scratch_project):
    """Table Schema reads 'a+|b+' as '^a+|b+$' (anything starting with a); the sidecar must group it."""
    meta = """
        title: pattern test
        source: {seed: 000_test.txt, table: Table X}
        schema:
          primaryKey: [code]
          fields:
            - {name: code, type: string, constraints: {pattern: 'a+|b+'}}
    """
    write_dataset(scratch_project, "alternatives", "code\naax\n", meta)
    with pytest.raises(manifest.ManifestError, match=r"wrap the alternatives of pattern 'a\+\|b\+' in one group"):
        manifest.write_manifest(scratch_project)
    with pytest.raises(DataValidationError, match=r"alternatives\.meta\.yaml: field 'code': wrap the alternatives"):
        datasets.load_dataset("alternatives")


def test_unreadable_sidecar_is_reported_not_raised(project_data):
    (project_data / TABLE2_META).write_text("title: [unclosed\n", encoding="utf-8")
    problems = manifest.check_manifest(project_data, validate_data=False)
    assert any(p.startswith(f"{TABLE2_META}: not valid YAML") for p in problems), problems
    with pytest.raises(manifest.ManifestError, match=re.escape(TABLE2_META)):
        manifest.write_manifest(project_data)


# --- command line ------------------------------------------------------------------------------


def run_cli(*args: str, root: Path) -> subprocess.Popen:
    env = {**os.environ, "CULTURAL_TRADE_PROJECT_ROOT": str(root)}
    return subprocess.Popen([sys.executable, "-m", "culturaltrade.build.manifest", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_cli_check_exits_1_naming_the_file_and_0_on_the_real_project(project_data):
    clean = run_cli("check", root=project_data)  # a copy of the real project, its manifest current
    out, err = clean.communicate(timeout=60)
    assert clean.returncode == 0, err
    count = len(files_under_data(ROOT))
    assert out == f"data/datapackage.json: {count} files, all checksums and schemas valid\n"
    replace_once(project_data / TABLE2, "\n2013,", "\n2012,")  # a duplicate year
    broken = run_cli("check", root=project_data)
    out, err = broken.communicate(timeout=60)
    assert broken.returncode == 1, (out, err)
    assert TABLE2 in err and "changed" in err
    assert not out


def test_cli_write_then_check(project_data):
    (project_data / "data" / "datapackage.json").unlink()
    problems = manifest.check_manifest(project_data)
    assert len(problems) == 1 and problems[0].startswith("data/datapackage.json: missing; run `make manifest`")
    written = run_cli("write", root=project_data)
    out, err = written.communicate(timeout=60)
    assert written.returncode == 0, err
    assert out.startswith("data/datapackage.json: wrote ")
    expected = MANIFEST.read_text(encoding="utf-8") if committed_manifest_is_current() else \
        manifest.render_manifest(manifest.build_manifest(project_data))  # the library and the command agree
    assert (project_data / "data" / "datapackage.json").read_text(encoding="utf-8") == expected
    assert not list((project_data / "data").glob(".*partial"))
