"""Regeneration equals the working tree (the determinism check), in three parts.

* Each notebook's figures and tables: nbval executes every notebook once, and the item
  ``<notebook>::outputs`` added by the project's ``conftest.py`` compares the files that run
  wrote with the committed ones, byte for byte (with the CSVs' values and the images within a
  tolerance in the message, to tell formatting from substance).
* The pipeline's own path (papermill, metadata stripping, staging): one real notebook run
  through it into a scratch folder equals the committed notebook and outputs byte for byte.
* What no single notebook writes: tables/claims.csv is the merge of the committed
  tables/claims/*.csv, and the notebooks embed exactly the committed figure PNGs.

``make check`` regenerates everything through the pipeline and compares all of it.
"""

import base64
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from culturaltrade import claims as cl
from culturaltrade.build import pipeline

ROOT = Path(__file__).resolve().parents[1]
# the cheapest notebook to run; it also reads another run's result (tables/claims.csv)
PIPELINE_SAMPLE = "notebooks/05_claims_dashboard.ipynb"


def _committed(folder, suffix):
    return sorted((ROOT / folder).rglob(f"*{suffix}"))


@pytest.mark.slow
def test_a_notebook_run_through_the_pipeline_equals_the_committed_one_byte_for_byte(tmp_path):
    pipeline.reproduce(destination=tmp_path, notebooks=[PIPELINE_SAMPLE], report=lambda line: None)
    new = pipeline.notebook_outputs(tmp_path, PIPELINE_SAMPLE) | {PIPELINE_SAMPLE}
    old = pipeline.notebook_outputs(ROOT, PIPELINE_SAMPLE) | {PIPELINE_SAMPLE}
    assert len(old) > 1
    problems = pipeline.compare_files(tmp_path, ROOT, new, old)
    assert not problems, "run `make reproduce` and commit, or fix the non-determinism:\n" + "\n".join(problems)


def test_merged_claims_table_is_the_merge_of_the_committed_parts(tmp_path):
    shutil.copytree(ROOT / "tables" / "claims", tmp_path / "tables" / "claims")
    if (ROOT / "tables" / "claims_evidence").is_dir():
        shutil.copytree(ROOT / "tables" / "claims_evidence", tmp_path / "tables" / "claims_evidence")
    merged = cl.merge_claims(tmp_path)
    assert merged.read_bytes() == (ROOT / pipeline.MERGED_CLAIMS).read_bytes(), \
        "tables/claims.csv is not the merge of tables/claims/*.csv: run `make reproduce` and commit"
    assert (tmp_path / pipeline.MERGED_EVIDENCE).read_bytes() == (ROOT / pipeline.MERGED_EVIDENCE).read_bytes(), \
        "tables/claims_evidence.csv is not the merge of tables/claims_evidence/*.csv: run `make reproduce` and commit"


def test_every_output_is_named_after_a_notebook_of_the_pipeline():
    notebooks = pipeline.run_order()
    owned = set().union(*(pipeline.notebook_outputs(ROOT, nb) for nb in notebooks))
    orphans = sorted(pipeline.generated_files(ROOT, []) - owned - set(pipeline.MERGED))
    assert not orphans, f"no notebook of {pipeline.PIPELINE_FILE} writes these (stale outputs?): {orphans}"


def test_notebooks_show_exactly_the_committed_figures():
    shown = {}
    for notebook in pipeline.run_order():
        for cell in json.loads((ROOT / notebook).read_text())["cells"]:
            for output in cell.get("outputs", []):
                name = output.get("metadata", {}).get("culturaltrade", {}).get("figure")
                if name:
                    assert name not in shown, f"{name} is shown twice"
                    assert name.startswith(pipeline.output_prefix(notebook)), f"{notebook} shows {name}"
                    shown[name] = base64.b64decode(output["data"]["image/png"])
    pngs = {p.stem: p.read_bytes() for p in _committed("figures", ".png")}
    assert set(shown) == set(pngs), "figures shown in the notebooks != figures/*.png"
    differing = sorted(name for name in pngs if shown[name] != pngs[name])
    assert not differing, f"the notebook shows another image than figures/<name>.png: {differing}"


def test_every_png_has_svg_and_data():
    pngs = _committed("figures", ".png")
    assert pngs
    for png in pngs:
        assert png.with_suffix(".svg").is_file() and png.with_suffix(".csv").is_file(), png.name


def test_claims_file_is_complete_sorted_and_valid():
    claims = pd.read_csv(ROOT / "tables/claims.csv", dtype=str, keep_default_na=False)
    assert list(claims.columns) == cl.CLAIM_COLUMNS
    assert claims["claim_id"].is_unique
    assert set(claims["verdict"]) <= set(cl.VERDICTS)
    assert list(claims["claim_id"]) == sorted(claims["claim_id"]) and claims["paper"].is_monotonic_increasing
    registered = set()
    for registry in (ROOT / "data/claims").glob("*.claims.csv"):
        registered |= set(pd.read_csv(registry, dtype=str)["claim_id"])
    missing = registered - set(claims["claim_id"])
    assert not missing, f"registered claims never checked: {sorted(missing)}"
    checkable = claims[claims["verdict"] != "not checkable"]
    assert (checkable["recomputed_low"] != "").all() and (checkable["tolerance"] != "").all()
    assert set(claims["kind"]) <= set(cl.KINDS)
    assert (claims.loc[claims["kind"] == "qualitative", "reported"] == "").all(), "a threshold is not the text's number"
    assert (claims.loc[claims["verdict"] == "not checkable", "note"] != "").all()


def test_claims_verdicts_recompute_from_the_file():
    """Each verdict follows from the row's own reported/recomputed values by the stated rule."""
    claims = pd.read_csv(ROOT / "tables/claims.csv", dtype=str, keep_default_na=False)
    registries = {}
    for registry in (ROOT / "data/claims").glob("*.claims.csv"):
        registries.update(pd.read_csv(registry, dtype=str, keep_default_na=False).set_index("claim_id").to_dict("index"))
    for row in claims.itertuples():
        if row.verdict == "not checkable" or row.claim_id not in registries:
            continue
        spec = registries[row.claim_id]
        recomputed = (float(row.recomputed_low), float(row.recomputed_high))
        bound = spec["reported"] if spec["kind"] == "printed" else spec["threshold"]
        verdict = cl.judge(bound, recomputed, spec["comparison"], spec["tolerance"] or "rounding",
                           spec["approximate"] or cl.DEFAULT_APPROXIMATE)
        assert verdict == row.verdict, row.claim_id


def test_generated_csvs_have_no_float_noise():
    for path in _committed("tables", ".csv") + _committed("figures", ".csv"):
        text = path.read_text()
        assert "e-1" not in text.replace("e-1.", ""), f"{path.name}: float noise like 9.09e-13"
        assert np.isfinite(pd.read_csv(path).select_dtypes("number").to_numpy(dtype=float, na_value=0)).all()


@pytest.mark.slow
def test_nbval_run_of_a_notebook_checks_its_files_and_reads(tiny_project):
    """In a tiny project with this project's conftest.py, notebook 01_x writes a table that
    differs from the committed one and reads a file it does not declare: nbval passes its
    cells, and its ``outputs`` item fails naming both (the real notebooks' items pass)."""
    import subprocess
    import sys

    from conftest import write_tiny_notebook

    for name in ("conftest.py", "pytest.ini", "pytest_compendium.py"):
        shutil.copy(ROOT / name, tiny_project / name)
    write_tiny_notebook(tiny_project / "notebooks" / "01_x.ipynb", """
        import pandas as pd
        import culturaltrade as ct
        _ = ct.load_dataset("b")
        _ = ct.write_table(pd.DataFrame({"value": [2]}), "01_x")
        """)
    (tiny_project / "tables").mkdir()
    (tiny_project / "tables" / "01_x.csv").write_text("value\n1\n")
    (tiny_project / "notebooks" / "pipeline.yaml").write_text(
        "notebooks:\n  - notebook: 01_x.ipynb\n    reads: [data/raw/a.csv]\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "--nbval",
         "--nbval-kernel-name", pipeline.KERNEL_NAME, "notebooks/01_x.ipynb"],
        cwd=tiny_project, capture_output=True, text=True, timeout=300)
    out = result.stdout
    assert result.returncode == 1, out
    assert "PASSED notebooks/01_x.ipynb::Cell 1" in out and "FAILED notebooks/01_x.ipynb::outputs" in out, out
    assert "tables/01_x.csv: differs from a fresh regeneration (values differ" in out
    assert "01_x.ipynb read data/raw/b.csv, data/raw/b.meta.yaml, which notebooks/pipeline.yaml does not list" in out
    assert (tiny_project / "tables" / "01_x.csv").read_text() == "value\n1\n"  # the working tree is untouched
    assert (tiny_project / "build" / "nbval" / "01_x" / "tables" / "01_x.csv").read_text() == "value\n2\n"
