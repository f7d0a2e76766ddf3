"""Project-wide pytest hooks: one nbval execution of a notebook checks its cells *and* its files.

nbval re-executes each committed notebook and compares every cell's output with the committed
one. While it does so, these hooks give the notebook's kernel a folder of its own,
``build/nbval/<notebook>/`` (below ``$CULTURAL_TRADE_OUTPUT_ROOT`` if set), for the figures and
tables it writes, and ask it to log every file it reads and any network attempt, as the
pipeline does. After the notebook's last cell one more test item, ``<notebook>::outputs``,
checks that run:

* every figure (PNG, SVG, data CSV) and table it wrote equals the committed file byte for byte,
  and it wrote no file the working tree lacks, nor lacks one the working tree has; where bytes
  differ, the message says whether the CSV's values still agree (within 1e-9) and whether the
  image is within a tolerance of 2 (RMS, 0-255), which tells a formatting change from a real one;
* what it read is what ``notebooks/pipeline.yaml`` declares (so incremental runs stay right);
* it made no network attempt, even one it caught itself.

So each notebook is executed once for nbval and for the byte-for-byte check of its outputs.
The notebook files themselves are covered by nbval (outputs), ``tests/test_notebooks.py``
(metadata, execution order) and ``tests/test_reproducibility.py`` (a pipeline run of a real
notebook compared byte for byte, the embedded images against ``figures/``); ``make check``
regenerates everything through the pipeline and compares byte for byte.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

try:  # a pytest outside the compendium's environment: say what to run instead of a traceback
    import culturaltrade.build  # noqa: F401
except ImportError as error:
    raise pytest.UsageError(
        f"this pytest runs outside the compendium's environment ({error}); run `make test` "
        "(or `.venv/bin/python -m pytest`), which creates .venv from environment.yml if it is missing"
    ) from None

ROOT = Path(__file__).resolve().parent
CSV_RTOL = 1e-9
IMAGE_TOLERANCE = 2  # RMS over 0-255 channel values, as matplotlib.testing.compare_images

_state: dict = {"base": None, "file": None, "saved": None}


def _notebook_file(item):
    """The nbval collector of ``item`` (one notebook), or None for any other test."""
    try:
        from nbval.plugin import IPyNbFile
    except ImportError:  # pragma: no cover - nbval is part of the environment
        return None
    return item.parent if isinstance(item.parent, IPyNbFile) else None


def _notebook(file) -> str:
    return Path(file.path).resolve().relative_to(ROOT).as_posix()


def pytest_configure(config):
    from culturaltrade.paths import OUTPUT_ROOT_ENV

    _state["base"] = Path(os.environ.get(OUTPUT_ROOT_ENV) or ROOT / "build" / "nbval").resolve()


class OutputsDiffer(AssertionError):
    pass


class NotebookOutputs(pytest.Item):
    """``<notebook>::outputs``: the files written by nbval's run of the notebook, checked."""

    def runtest(self):
        from culturaltrade.build import pipeline

        notebook = _notebook(self.parent)
        fresh = _state["base"] / Path(notebook).stem
        step = pipeline.find_step(notebook, ROOT)
        prefix = pipeline.output_prefix(notebook)
        written = pipeline.generated_files(fresh, [])
        problems = [f"{name}: written by {notebook}, whose outputs are named {prefix}…"
                    for name in sorted(written) if not Path(name).name.startswith(prefix)]
        problems += pipeline.compare_files(fresh, ROOT, pipeline.notebook_outputs(fresh, notebook),
                                           pipeline.notebook_outputs(ROOT, notebook),
                                           explain=lambda name: _diagnosis(fresh, name))
        try:
            pipeline.check_run_logs(notebook, step, fresh, ROOT, exact=True)
        except pipeline.PipelineError as error:
            problems.append(str(error))
        if problems:
            raise OutputsDiffer(f"{notebook}, executed by nbval (its files are in "
                                f"{fresh.relative_to(ROOT) if fresh.is_relative_to(ROOT) else fresh}):\n  - "
                                + "\n  - ".join(problems)
                                + "\nwhere files differ: run `make reproduce` and commit, or fix the non-determinism")

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, OutputsDiffer):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"{_notebook(self.parent)}: figures, tables, reads"


def _diagnosis(fresh: Path, name: str) -> str:
    """Why two versions of a figure or table differ: values, or only their bytes."""
    new, old = fresh / name, ROOT / name
    if name.endswith(".csv"):
        import pandas as pd

        try:
            pd.testing.assert_frame_equal(pd.read_csv(new), pd.read_csv(old), rtol=CSV_RTOL)
        except AssertionError as error:
            return f" (values differ: {' '.join(str(error).split())[:200]})"
        return f" (the values agree within {CSV_RTOL}: only their formatting differs)"
    if name.endswith(".png"):
        from matplotlib.testing.compare import compare_images

        result = compare_images(str(old), str(new), tol=IMAGE_TOLERANCE, in_decorator=True)
        if result is None:
            return f" (the image is within tolerance {IMAGE_TOLERANCE})"
        return f" (the image differs beyond tolerance {IMAGE_TOLERANCE}: RMS {result['rms']:.2f})"
    return ""


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """After the last cell of each notebook of the pipeline, add its ``outputs`` item."""
    if not config.getoption("nbval", default=False):
        return
    from culturaltrade.build import pipeline

    result = []
    for index, item in enumerate(items):
        result.append(item)
        file = _notebook_file(item)
        last_of_its_file = index + 1 == len(items) or items[index + 1].parent is not item.parent
        if file is None or not last_of_its_file or pipeline.find_step(_notebook(file), ROOT) is None:
            continue
        cells = [c for c in file.nb.cells if c.cell_type == "code"]
        if sum(i.parent is file for i in items) == len(cells):  # not when some cells are deselected
            result.append(NotebookOutputs.from_parent(file, name="outputs"))
    items[:] = result


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before nbval starts a notebook's kernel: its own output folder and logs."""
    file = _notebook_file(item)
    if file is None or _state["file"] is file:
        return
    folder = _state["base"] / Path(file.path).stem
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    from culturaltrade.build.pipeline import run_environment

    # no results root: the dashboard reads the committed tables/claims.csv, whose merge from
    # the committed tables/claims/*.csv tests/test_reproducibility.py checks
    environment = run_environment(folder)
    _state.update(file=file, saved={key: os.environ.get(key) for key in environment})
    os.environ.update(environment)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    file = _notebook_file(item)
    if file is not None and file is _state["file"] and (nextitem is None or nextitem.parent is not file):
        for key, value in _state["saved"].items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        _state.update(file=None, saved=None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """nbval heads every cell failure "Notebook cell execution failed", also when the cell ran
    and only its output differs from the committed one: say which it is."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and _notebook_file(item) is not None and isinstance(report.longrepr, str) \
            and "Cell outputs differ" in report.longrepr:
        report.longrepr = report.longrepr.replace(
            "Notebook cell execution failed",
            "Notebook cell output differs from the committed one (the cell ran without error)", 1)
