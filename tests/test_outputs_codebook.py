"""The outputs as a documented data package: tables/datapackage.json (culturaltrade.build.outputs).

* the committed package is the merge of the notebooks' parts and lists every file under
  tables/ and every CSV under figures/ (and nothing else);
* Frictionless validates it: the descriptor, and every row of every table against its schema;
* every column of every output is described, and every column of numbers has a unit (this
  fails, naming each file and column, until a notebook passes its descriptions);
* the claims ledger and the dashboard's outputs are documented completely;
* write_table/save_figure record what they are told, refuse a described column the data does
  not have, and the merge finds the cell that wrote a file by the code the kernel ran.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from culturaltrade import claims as cl
from culturaltrade import codebook, tables
from culturaltrade.build import outputs, pipeline

ROOT = Path(__file__).resolve().parents[1]


def committed() -> dict:
    return json.loads((ROOT / outputs.PACKAGE).read_text(encoding="utf-8"))


def by_path(descriptor: dict) -> dict[str, dict]:
    return {r["path"]: r for r in descriptor["resources"]}


def test_committed_package_is_the_merge_of_the_parts_and_lists_every_output():
    problems = outputs.problems(ROOT, validate=False)
    assert not problems, "\n".join(problems)
    listed = {r["path"] for r in committed()["resources"]}
    on_disk = {p.relative_to(ROOT / "tables").as_posix() for p in (ROOT / "tables").rglob("*")
               if p.is_file() and p.name != "datapackage.json"}
    on_disk |= {f"../figures/{p.name}" for p in (ROOT / "figures").glob("*.csv")}
    assert listed == on_disk


def test_package_validates_with_frictionless():
    problems = outputs.frictionless_problems(committed(), ROOT)
    assert not problems, "\n".join(problems)


def test_every_output_column_is_described_with_its_unit():
    missing = outputs.undocumented(committed())
    assert not missing, ("outputs without a codebook entry; pass description= and columns= to write_table / "
                         "save_figure in the notebook named:\n" + "\n".join(missing))


def test_the_claims_ledger_and_the_dashboard_outputs_are_fully_documented():
    resources = by_path(committed())
    for path, columns in (("claims.csv", cl.CLAIM_COLUMNS), ("claims_evidence.csv", cl.EVIDENCE_COLUMNS)):
        fields = {f["name"]: f for f in resources[path]["schema"]["fields"]}
        assert list(fields) == columns, path
        assert all(len(f["description"]) > 20 for f in fields.values()), path
    ledger = {f["name"]: f for f in resources["claims.csv"]["schema"]["fields"]}
    for name in ("recomputed", "recomputed_low", "recomputed_high"):
        assert ledger[name]["type"] == "number" and "unit" in ledger[name]["unit"], name
    assert resources["claims.csv"]["schema"]["primaryKey"] == ["claim_id"]
    dashboard = [line for line in outputs.undocumented(committed())
                 if "05_claims_dashboard" in line or line.startswith("tables/claims")]
    assert not dashboard, "\n".join(dashboard)
    for path in ("05_verdict_counts.csv", "../figures/05_verdict_counts.csv"):
        assert resources[path]["notebook"] == "notebooks/05_claims_dashboard.ipynb"
        assert resources[path]["cell"] == "counts", "the cell that calls write_table/save_figure"
        inputs, reads = resources[path]["inputs"], declared_reads("05_claims_dashboard.ipynb")
        assert set(reads) <= set(inputs) and inputs == sorted(inputs)
        # beyond the declared reads: only their metadata (a CSV brings its sidecar and shared schema)
        assert all(name.endswith((".meta.yaml", ".schema.yaml")) for name in set(inputs) - set(reads))


def declared_reads(notebook: str) -> list[str]:
    """What notebooks/pipeline.yaml declares a notebook reads (read here, not through the code under test)."""
    import yaml

    entries = yaml.safe_load((ROOT / "notebooks" / "pipeline.yaml").read_text())["notebooks"]
    return next(entry["reads"] for entry in entries if entry["notebook"] == notebook)


def test_every_recorded_cell_is_a_cell_of_its_notebook():
    for resource in committed()["resources"]:
        if resource.get("cell"):
            notebook = json.loads((ROOT / resource["notebook"]).read_text(encoding="utf-8"))
            assert resource["cell"] in {c.get("id") for c in notebook["cells"]}, resource["path"]
        elif resource["type"] == "table":
            assert resource.get("cell_note", "").startswith("unknown"), resource["path"]


# ------------------------------------------------------------------ the helpers and the merge
def test_write_table_records_descriptions_types_and_units(scratch_project):
    frame = pd.DataFrame({"year": [2014, 2015], "ntb": [-0.79, -0.81], "source": ["T2", "T2"]})
    tables.write_table(frame, "01_demo", description="NTB by year",
                       columns={"year": "calendar year", "ntb": ("normalized trade balance", "NTB (-1..1)")})
    part = json.loads((scratch_project / "out/tables/datapackage/01_outputs.json").read_text())
    entry = part["resources"][0]
    assert entry["path"] == "tables/01_demo.csv" and entry["description"] == "NTB by year"
    assert entry["cell_sha256"] == ""  # not in a kernel: the cell is unknown, and said so by the merge
    assert entry["schema"]["fields"] == [
        {"name": "year", "type": "integer", "description": "calendar year"},
        {"name": "ntb", "type": "number", "description": "normalized trade balance", "unit": "NTB (-1..1)"},
        {"name": "source", "type": "string"},
    ]


def test_a_described_column_the_data_lacks_is_refused_before_anything_is_written(scratch_project):
    with pytest.raises(ValueError, match=r"\['nbt'\] are not in the data"):
        tables.write_table(pd.DataFrame({"ntb": [0.1]}), "01_typo", columns={"nbt": ("x", "NTB")})
    assert not (scratch_project / "out/tables/01_typo.csv").exists()
    with pytest.raises(ValueError, match="column 'ntb' must be described by"):
        tables.write_table(pd.DataFrame({"ntb": [0.1]}), "01_typo", columns={"ntb": ("a", "b", "c")})


def test_the_merge_names_notebook_cell_and_inputs_and_reports_what_is_undocumented(tiny_project):
    from conftest import write_tiny_notebook

    cell = textwrap.dedent("""
        import pandas as pd
        import culturaltrade as ct
        """).strip()
    write_tiny_notebook(tiny_project / "notebooks/01_x.ipynb", cell)
    (tiny_project / "notebooks/pipeline.yaml").write_text(
        "notebooks:\n  - notebook: 01_x.ipynb\n    reads: [data/raw/a.csv]\n")
    (tiny_project / "tables").mkdir()
    (tiny_project / "tables/01_x.csv").write_text("year,value\n2020,1.5\n")
    part = {"resources": [{
        "path": "tables/01_x.csv", "kind": "table", "description": "a demo",
        "cell_sha256": hashlib.sha256(cell.encode()).hexdigest(),
        "schema": {"fields": [{"name": "year", "type": "integer", "description": "calendar year"},
                              {"name": "value", "type": "number", "description": "a value"}],
                   "missingValues": [""]}}]}
    (tiny_project / "tables/datapackage").mkdir()
    (tiny_project / "tables/datapackage/01_x.json").write_text(json.dumps(part))
    (tiny_project / "tables/01_stray.csv").write_text("a\n1\n")
    assert outputs.merge(tiny_project, tiny_project)
    package = by_path(json.loads((tiny_project / "tables/datapackage.json").read_text()))
    entry = package["01_x.csv"]
    assert (entry["notebook"], entry["cell"]) == ("notebooks/01_x.ipynb", "cell-1")
    assert entry["inputs"] == ["data/raw/a.csv", "data/raw/a.meta.yaml"]
    assert entry["hash"] == "sha256:" + hashlib.sha256(b"year,value\n2020,1.5\n").hexdigest()
    assert outputs.undocumented({"resources": list(package.values())}) == [
        "tables/01_stray.csv (notebooks/01_x.ipynb): needs a description of the file",
        "tables/01_x.csv (notebooks/01_x.ipynb): needs units of the number columns ['value']",
    ]
    assert not outputs.frictionless_problems(json.loads((tiny_project / "tables/datapackage.json").read_text()),
                                             tiny_project)
    (tiny_project / "tables/01_x.csv").write_text("year,value\n2020,high\n")
    assert any("01_x.csv" in p and "type-error" in p for p in outputs.frictionless_problems(
        outputs.build_package(tiny_project, tiny_project), tiny_project))


def test_the_ledger_codebook_follows_the_ledger_columns():
    assert list(codebook.CLAIM_FIELDS) == cl.CLAIM_COLUMNS
    assert list(codebook.EVIDENCE_FIELDS) == cl.EVIDENCE_COLUMNS


def test_the_pipeline_knows_the_merged_codebook():
    assert outputs.PACKAGE in pipeline.MERGED
    assert codebook.PART_DIR == "datapackage"
