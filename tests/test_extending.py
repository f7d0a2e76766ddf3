"""The README's "Extending" steps, end to end: a new notebook is one entry in notebooks/pipeline.yaml.

A scratch copy of the project gets a tiny sixth notebook (it reads one data file, writes one
table, and checks one claim of its own); the pipeline runs it, the claims dashboard collects its
claim without being told, the run order (and so the readers' edition's menu) follows the
declaration, and nbval passes on it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, write_tiny_notebook
from culturaltrade.build import pipeline

NEW = "notebooks/06_extension.ipynb"


def copy_project(target: Path) -> None:
    skip = {".venv", ".git", "runs", "site", "__pycache__", ".pytest_cache"}

    def ignore(folder, names):
        return [n for n in names if n in skip or (Path(folder) == ROOT / "build" and n != "pipeline")]

    shutil.copytree(ROOT, target, ignore=ignore)


@pytest.mark.slow
def test_a_new_notebook_is_one_entry_in_the_pipeline_declaration(tmp_path):
    project = tmp_path / "project"
    copy_project(project)
    write_tiny_notebook(
        project / NEW,
        """
        import culturaltrade as ct
        table2 = ct.load_dataset("000_table2_ntb_2011_2015")
        ct.write_table(table2[["year", "ntb_index"]], "06_extension_ntb")
        ledger = ct.Ledger(notebook="06_extension", papers=[])
        ledger.register(ct.Claim("999-EXAMPLE", "999_example.txt", "06_extension", "§1",
                                 "an example claim of a new text: five years", "5", "years", tolerance="exact"))
        ledger.check("999-EXAMPLE", len(table2), section="claims")
        print("written:", ct.paths.display_path(ledger.write()))
        """,
    )
    declaration = project / pipeline.PIPELINE_FILE
    declaration.write_text(declaration.read_text() + "\n  - notebook: 06_extension.ipynb\n"
                           "    reads: [data/raw/000_table2_ntb_2011_2015.csv]\n")
    env = {**os.environ, "CULTURAL_TRADE_PROJECT_ROOT": str(project)}
    env.pop("CULTURAL_TRADE_OUTPUT_ROOT", None)
    stamps = (project / "build" / "pipeline").is_dir()
    # with the records of an earlier `make reproduce`, `reproduce` runs only what is new; on a
    # clone that has none (CI runs `make test` straight away) the two notebooks are named
    command = ["reproduce"] if stamps else ["reproduce", "--only", NEW, "notebooks/05_claims_dashboard.ipynb"]
    done = subprocess.run([sys.executable, "-m", "culturaltrade.build.pipeline", *command], cwd=project,
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr + done.stdout
    assert f"{NEW}: ran" in done.stdout

    assert pipeline.run_order(project)[-2:] == ["notebooks/05_claims_dashboard.ipynb", NEW]
    counts = pd.read_csv(project / "tables" / "05_verdict_counts.csv", dtype=str)
    collected = counts[counts["paper"] == "999_example.txt"]
    assert list(collected["notebook"]) == ["06_extension"] and list(collected["reproduced"]) == ["1"]
    assert (project / "tables" / "06_extension_ntb.csv").is_file()

    tested = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-kernel-name",
         pipeline.KERNEL_NAME, NEW, "tests/test_layout.py",
         "tests/test_reproducibility.py::test_every_output_is_named_after_a_notebook_of_the_pipeline"],
        cwd=project, env={**env, "CULTURAL_TRADE_OUTPUT_ROOT": str(project / "build" / "nbval")},
        capture_output=True, text=True, timeout=600)
    assert tested.returncode == 0, tested.stdout[-3000:]
