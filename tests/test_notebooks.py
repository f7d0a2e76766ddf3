"""The committed notebooks: executed, parameterised, clean (nbval only protects what is committed)."""

import json
import re
from pathlib import Path

import pytest

from culturaltrade.build import pipeline

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = pipeline.run_order(ROOT)
# a machine-specific absolute path (a home, temporary or user folder, or a Windows drive)
ABSOLUTE_PATH = re.compile(r"(?<![\w.])/(?:work|home|tmp|root|Users|private)/|[A-Z]:\\\\[A-Za-z]")


@pytest.fixture(params=NOTEBOOKS)
def notebook(request):
    return request.param, json.loads((ROOT / request.param).read_text())


def test_has_exactly_one_parameters_cell(notebook):
    name, nb = notebook
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, name
    assert tagged[0]["cell_type"] == "code"


def test_is_committed_executed_with_outputs(notebook):
    name, nb = notebook
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c["execution_count"] is not None for c in code), f"{name}: a code cell was never run"
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{name}: cells were not run top to bottom once"
    with_output = [c for c in code if c["outputs"]]
    assert len(with_output) >= len(code) // 2, f"{name}: most cells have no output; was it saved cleared?"
    assert any(o.get("output_type") == "display_data" and "image/png" in o.get("data", {})
               for c in code for o in c["outputs"]), f"{name}: no figure in the outputs"


def test_has_no_errors_warnings_or_volatile_metadata(notebook):
    name, nb = notebook
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", f"{name}: error output in cell {cell['id']}"
            if output.get("name") == "stderr":
                pytest.fail(f"{name}: cell {cell['id']} writes to stderr: {''.join(output['text'])[:200]}")
        assert "execution" not in cell["metadata"] and "papermill" not in cell["metadata"]
    assert set(nb["metadata"].get("papermill", {})) <= {"parameters"}
    assert nb["metadata"]["kernelspec"]["name"] == pipeline.KERNEL_NAME


def test_has_no_absolute_paths(notebook):
    name, _ = notebook
    match = ABSOLUTE_PATH.search((ROOT / name).read_text())
    assert match is None, f"{name}: absolute path {match.group(0)!r}"


def test_cell_ids_are_stable_names(notebook):
    name, nb = notebook
    ids = [c["id"] for c in nb["cells"]]
    assert len(ids) == len(set(ids))
    assert not any(re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|[0-9a-f]{32}", i) for i in ids), \
        f"{name}: random cell ids"


def test_every_claim_links_to_an_existing_section():
    """The dashboard links each claim to `notebooks/<nb>.ipynb#<section>`: the anchor must exist."""
    import pandas as pd

    claims = pd.read_csv(ROOT / "tables/claims.csv", dtype=str, keep_default_na=False)
    for target in sorted(set(claims["checked_in"])):
        notebook, _, anchor = target.partition("#")
        assert notebook in NOTEBOOKS, f"{target}: not a notebook of the run order"
        sources = "".join("".join(c["source"]) for c in json.loads((ROOT / notebook).read_text())["cells"]
                          if c["cell_type"] == "markdown")
        assert re.search(rf"""id=["']{re.escape(anchor)}["']""", sources), f"{target}: no such section anchor"


@pytest.mark.slow
def test_nbval_says_outputs_differ_rather_than_execution_failed():
    import shutil
    import subprocess
    import sys
    import tempfile

    import nbformat

    cell = nbformat.v4.new_code_cell("print(1 + 1)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="3\n")]  # a stale output
    cell.execution_count = 1
    notebook = nbformat.v4.new_notebook(cells=[cell])
    notebook.metadata["kernelspec"] = {"name": pipeline.KERNEL_NAME, "display_name": "x", "language": "python"}
    (ROOT / "build").mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="nbval-message-", dir=ROOT / "build"))  # under the project's conftest.py
    try:
        nbformat.write(notebook, folder / "stale.ipynb")
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                               "--nbval-kernel-name", pipeline.KERNEL_NAME, str(folder / "stale.ipynb")],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert done.returncode == 1, done.stdout[-2000:]
    assert "Notebook cell output differs from the committed one (the cell ran without error)" in done.stdout
    assert "Notebook cell execution failed" not in done.stdout
