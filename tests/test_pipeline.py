"""The papermill runner: order, parameters, normalisation, clear failure."""

import hashlib
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from culturaltrade import pipeline

ROOT = Path(__file__).resolve().parents[1]


def test_run_order_lists_existing_notebooks_once():
    order = pipeline.run_order()
    assert order[0] == "notebooks/01_china_overall.ipynb"
    assert len(order) == len(set(order))
    assert all((ROOT / nb).is_file() for nb in order)


def test_every_notebook_is_in_the_run_order():
    on_disk = {f"notebooks/{p.name}" for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert on_disk == set(pipeline.run_order())


def test_parameters_are_read_as_yaml_values():
    assert pipeline.parse_parameters([["start_year", "2012"], ["currency", "USD"], ["core", "[a, b]"]]) == {
        "start_year": 2012, "currency": "USD", "core": ["a", "b"]}
    with pytest.raises(pipeline.PipelineError, match="given twice"):
        pipeline.parse_parameters([["a", "1"], ["a", "2"]])
    with pytest.raises(pipeline.PipelineError, match="not a Python identifier"):
        pipeline.parse_parameters([["start-year", "1"]])


def test_unknown_parameter_is_an_error_not_a_warning():
    with pytest.raises(pipeline.PipelineError, match=r"unknown parameter\(s\) \['start_yaer'\]"):
        pipeline.check_parameters(ROOT / "notebooks/01_china_overall.ipynb", {"start_yaer": 2012})


def test_parameters_slug_is_a_safe_folder_name():
    assert pipeline.parameters_slug({"start_year": 2012, "currency": "USD"}) == "currency=USD,start_year=2012"
    assert "/" not in pipeline.parameters_slug({"path": "../x/y.csv"})


def test_normalize_strips_volatile_metadata():
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"start_time": "2026-01-01T00:00:00", "duration": 3.2, "input_path": "/srv/x/a.ipynb",
                                "parameters": {"a": 1}}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    cell = nbformat.v4.new_code_cell("1")
    cell.metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00"}
    cell.metadata["papermill"] = {"duration": 0.1}
    nb.cells.append(cell)
    out = pipeline.normalize_notebook(nb)
    assert out.metadata["papermill"] == {"parameters": {"a": 1}}
    assert out.metadata["language_info"]["version"] == "3.11"
    assert out.metadata["kernelspec"]["name"] == pipeline.KERNEL_NAME
    assert "execution" not in out.cells[0].metadata and "papermill" not in out.cells[0].metadata


def test_kernel_runs_this_interpreter():
    pipeline.check_kernel()  # raises PipelineError otherwise


def test_a_kernel_that_would_start_another_interpreter_is_refused(tmp_path, monkeypatch):
    import json

    spec = tmp_path / "kernels" / pipeline.KERNEL_NAME
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": ["python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "someone else's python", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))  # searched before this environment's kernels
    with pytest.raises(pipeline.PipelineError, match="not this environment's Python"):
        pipeline.check_kernel()


def _snapshot():
    files = [p for d in ("notebooks", "figures", "tables") for p in sorted((ROOT / d).rglob("*")) if p.is_file()]
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.mark.slow
def test_bad_parameter_fails_clearly_and_writes_nothing():
    before = _snapshot()
    result = subprocess.run(
        [sys.executable, "-m", "culturaltrade.pipeline", "run", "notebooks/01_china_overall.ipynb",
         "-p", "start_year", "2009", "--out", "build/test-bad-parameter"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 1
    message = result.stderr.strip()
    assert message.startswith("error: notebooks/01_china_overall.ipynb failed in cell")
    assert "ParameterError: parameter `start_year` must be between 2011 and 2015, got 2009" in message
    assert not (ROOT / "build/test-bad-parameter").exists()
    assert _snapshot() == before


@pytest.mark.slow
def test_parameterised_run_goes_to_its_own_folder(tmp_path):
    result = pipeline.run_notebook("notebooks/01_china_overall.ipynb", {"start_year": 2013}, destination=tmp_path)
    assert "figures/01_ntb_trend.csv" in result.written
    trend = (tmp_path / "figures/01_ntb_trend.csv").read_text().splitlines()
    assert [line.split(",")[0] for line in trend[1:]] == ["2013", "2014", "2015"]
    nb = nbformat.read(tmp_path / "notebooks/01_china_overall.ipynb", as_version=4)
    assert nb.metadata["papermill"]["parameters"] == {"start_year": 2013}
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
