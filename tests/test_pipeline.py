"""The papermill runner: order, parameters, normalisation, clear failure."""

import os
import re
import sys
from pathlib import Path

import nbformat
import pytest

from culturaltrade.build import pipeline

ROOT = Path(__file__).resolve().parents[1]


def test_run_order_lists_existing_notebooks_once():
    order = pipeline.run_order()
    assert order[0] == "notebooks/01_china_overall.ipynb"
    assert len(order) == len(set(order))
    assert all((ROOT / nb).is_file() for nb in order)


def test_every_notebook_is_declared_in_the_pipeline():
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


@pytest.mark.slow
def test_parameterised_run_goes_to_its_own_folder(tmp_path):
    result = pipeline.run_notebook("notebooks/01_china_overall.ipynb", {"start_year": 2013}, destination=tmp_path)
    assert "figures/01_ntb_trend.csv" in result.written
    trend = (tmp_path / "figures/01_ntb_trend.csv").read_text().splitlines()
    assert [line.split(",")[0] for line in trend[1:]] == ["2013", "2014", "2015"]
    nb = nbformat.read(tmp_path / "notebooks/01_china_overall.ipynb", as_version=4)
    assert nb.metadata["papermill"]["parameters"] == {"start_year": 2013}
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)


# --------------------------------------------------------------------------- incremental & parallel
def test_pipeline_declaration_lists_every_notebook_with_existing_inputs():
    steps = pipeline.load_steps(ROOT)
    assert [s.notebook for s in steps] == pipeline.run_order()
    dashboard = next(s for s in steps if s.notebook == "notebooks/05_claims_dashboard.ipynb")
    assert set(dashboard.after) == {s.notebook for s in steps} - {dashboard.notebook}
    for step in steps:
        for name in pipeline.expand_inputs(step, ROOT):
            assert name.startswith("tables/") or (ROOT / name).is_file(), name


def test_a_csv_input_brings_its_metadata_and_shared_schema():
    step = pipeline.Step("notebooks/x.ipynb", ("data/claims/000_6e1eae5ef8072df6.claims.csv",))
    assert pipeline.expand_inputs(step, ROOT) == [
        "data/claims/000_6e1eae5ef8072df6.claims.csv",
        "data/claims/000_6e1eae5ef8072df6.claims.meta.yaml",
        "data/claims/claims.schema.yaml",
    ]


def test_reads_must_match_the_declaration():
    step = pipeline.Step("notebooks/x.ipynb", ("data/raw/000_table2_ntb_2011_2015.csv",))
    declared = ["data/raw/000_table2_ntb_2011_2015.csv", "data/raw/000_table2_ntb_2011_2015.meta.yaml"]
    pipeline.check_reads(step, declared, ROOT, exact=True)
    pipeline.check_reads(step, declared + ["../elsewhere/user-supplied.csv"], ROOT, exact=True)  # outside: a parameter
    with pytest.raises(pipeline.PipelineError, match=r"read data/sources.yaml, which notebooks/pipeline.yaml"):
        pipeline.check_reads(step, declared + ["data/sources.yaml"], ROOT, exact=False)
    with pytest.raises(pipeline.PipelineError, match=r"did not read data/raw/000_table2_ntb_2011_2015.csv"):
        pipeline.check_reads(step, [], ROOT, exact=True)
    pipeline.check_reads(step, [], ROOT, exact=False)  # a parameterised run may skip an input


def _outcomes(outcomes):
    return {Path(o.notebook).stem: o.status for o in outcomes}


@pytest.mark.slow
def test_reproduce_reruns_only_what_changed(tiny_project):
    """x reads a.csv, y reads b.csv, z reads x's table: change a.csv, and only x runs again
    (z too, had x's table changed); a no-op run starts nothing; touching a file changes nothing."""
    from conftest import write_tiny_notebook

    write_tiny_notebook(tiny_project / "notebooks/x.ipynb", """
        import culturaltrade as ct
        a = ct.load_dataset("a")
        ct.paths.atomic_write_text(ct.paths.tables_dir() / "x.csv", f"rows\\n{len(a)}\\n")
        """)
    write_tiny_notebook(tiny_project / "notebooks/y.ipynb", """
        import culturaltrade as ct
        print(ct.load_dataset("b")["value"].sum())
        """)
    write_tiny_notebook(tiny_project / "notebooks/z.ipynb", """
        import culturaltrade as ct
        print(ct.paths.results_path("tables/x.csv").read_text())
        """)
    (tiny_project / "notebooks/pipeline.yaml").write_text(
        "notebooks:\n"
        "  - notebook: x.ipynb\n    reads: [data/raw/a.csv]\n"
        "  - notebook: y.ipynb\n    reads: [data/raw/b.csv]\n"
        "  - notebook: z.ipynb\n    reads: [tables/x.csv]\n    after: [x.ipynb]\n")
    lines = []
    first = pipeline.reproduce(jobs=2, report=lines.append)
    assert _outcomes(first) == {"x": "ran", "y": "ran", "z": "ran"}
    assert len(lines) == 3 and all(re.match(r"\[\d/3\] notebooks/[xyz]\.ipynb: ran in ", line) for line in lines)
    assert lines[-1].startswith("[3/3] notebooks/z.ipynb")  # z waited for x

    assert _outcomes(pipeline.reproduce(jobs=2, report=lambda line: None)) == {
        "x": "up to date", "y": "up to date", "z": "up to date"}

    os.utime(tiny_project / "data/raw/a.csv")  # touched, same bytes
    assert pipeline.why_run(pipeline.load_steps()[0], tiny_project) is None

    # same rows, one value changed: x re-runs, its table is unchanged, so z does not
    (tiny_project / "data/raw/a.csv").write_text("year,value\n2020,1.5\n2021,3.5\n")
    assert pipeline.why_run(pipeline.load_steps()[0], tiny_project) == "data/raw/a.csv changed"
    assert _outcomes(pipeline.reproduce(jobs=2, report=lambda line: None)) == {
        "x": "ran", "y": "up to date", "z": "up to date"}

    # had x's table changed, z would have had to run again (its inputs include that table)
    (tiny_project / "tables/x.csv").write_text("rows\n3\n")
    assert pipeline.why_run(pipeline.load_steps()[2], tiny_project) == "tables/x.csv changed"

    # an output edited or deleted by hand makes its notebook run again
    (tiny_project / "tables/x.csv").write_text("rows\n99\n")
    assert pipeline.why_run(pipeline.load_steps()[0], tiny_project) == "tables/x.csv edited since the run"
    (tiny_project / "tables/x.csv").unlink()
    assert pipeline.why_run(pipeline.load_steps()[0], tiny_project) == "tables/x.csv missing"


@pytest.mark.slow
def test_no_op_reproduce_starts_no_kernel(tiny_project, monkeypatch):
    from conftest import write_tiny_notebook

    write_tiny_notebook(tiny_project / "notebooks/x.ipynb", "print('x')")
    (tiny_project / "notebooks/pipeline.yaml").write_text("notebooks:\n  - notebook: x.ipynb\n")
    pipeline.reproduce(jobs=1, report=lambda line: None)

    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was started for an up-to-date notebook")

    monkeypatch.setattr(pipeline, "Worker", no_kernel)  # every run goes through a worker
    monkeypatch.setattr(pipeline, "run_notebook", no_kernel)
    assert _outcomes(pipeline.reproduce(jobs=2, report=lambda line: None)) == {"x": "up to date"}


def test_kernel_starts_through_the_offline_module():
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(pipeline.KERNEL_NAME)
    assert spec.argv[spec.argv.index("-m") + 1] == "culturaltrade.build.kernel"
    assert Path(spec.argv[0]).resolve() == Path(sys.executable).resolve()


@pytest.mark.slow
def test_the_kernel_reports_the_python_version_the_notebooks_record():
    """JupyterLab writes the kernel's language_info into a notebook it saves: it must be what the
    pipeline commits, or opening and saving a notebook would change it."""
    import json as json_

    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name=pipeline.KERNEL_NAME)
    try:
        reply = client.kernel_info(reply=True, timeout=30)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    reported = reply["content"]["language_info"]["version"]
    assert reported == ".".join(sys.version.split()[0].split(".")[:2])
    for notebook in pipeline.run_order():
        recorded = json_.loads((ROOT / notebook).read_text())["metadata"]["language_info"]["version"]
        assert recorded == reported, f"{notebook} records Python {recorded}, the kernel reports {reported}"


def test_stream_outputs_split_by_the_kernel_are_joined():
    """print('written:', path) may arrive as two stream messages under load; the file must not show it."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('written:', 'x')")])
    notebook.cells[0].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="written:"),
        nbformat.v4.new_output("stream", name="stdout", text=" tables/x.csv\n"),
        nbformat.v4.new_output("stream", name="stderr", text="warning\n"),
        nbformat.v4.new_output("stream", name="stdout", text="after\n"),
    ]
    outputs = pipeline.normalize_notebook(notebook).cells[0].outputs
    assert [(o.name, o.text) for o in outputs] == [
        ("stdout", "written: tables/x.csv\n"), ("stderr", "warning\n"), ("stdout", "after\n")]


def test_a_failing_cell_is_named_as_the_reader_finds_it_in_the_notebook(tmp_path):
    """papermill's injected parameters cell shifts positions and prompts in the executed copy;
    the message names the cell of the notebook itself, by position and id."""
    source, executed = tmp_path / "source.ipynb", tmp_path / "executed.ipynb"
    cells = [nbformat.v4.new_markdown_cell("# t"),
             nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
             nbformat.v4.new_code_cell("check(x)")]
    for cell, cell_id in zip(cells, ["title", "parameters", "validate-parameters"]):
        cell["id"] = cell_id
    nbformat.write(nbformat.v4.new_notebook(cells=cells), source)
    injected = nbformat.v4.new_code_cell("x = 2", metadata={"tags": ["injected-parameters"]})
    injected["id"] = "injected-parameters"
    # as papermill saves a failed run: its message on top, an anchor before the failing cell
    marks = [nbformat.v4.new_markdown_cell("error", metadata={"tags": ["papermill-error-cell-tag"]}) for _ in "ab"]
    for number, mark in enumerate(marks):
        mark["id"] = f"papermill-{number}"
    ran = [marks[0]] + cells[:2] + [injected, marks[1]] + cells[2:]
    nbformat.write(nbformat.v4.new_notebook(cells=ran), executed)
    assert pipeline.describe_cell(source, executed, 3) == \
        "cell 3 of 3 (id validate-parameters, the cell after `parameters`)"
