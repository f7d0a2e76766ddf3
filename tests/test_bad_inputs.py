"""Bad inputs, tried one at a time: each must fail with one clear message, and leave nothing behind.

This module is the list of what is tried. ``CATALOGUE`` (built from the case tables below)
names every case with its kind; the README's "Testing" section states how many there are,
and ``test_the_readme_states_how_many_bad_inputs_are_tried`` keeps the two in step.

Kinds
    data file    a broken copy of a file in data/ (in a scratch copy of data/), read by the loaders
    parameter    a notebook run with a bad parameter, through the pipeline command (or papermill
                 itself); it must exit non-zero, name the parameter, and write nothing
    declaration  notebooks/pipeline.yaml, the job count or the command line out of order
    run          a run that breaks half-way, is interrupted, or reaches for the network

Where a command is run, the test asserts its exit status and its message; every case checks
that the committed notebooks, figures and tables are byte for byte what they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import write_tiny_notebook
from culturaltrade import datasets
from culturaltrade.texts import overall
from culturaltrade.build import pipeline
from culturaltrade.datasets import DataValidationError

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = "tests/fixtures"
TABLE2 = "data/raw/000_table2_ntb_2011_2015.csv"
TABLE2_META = "data/raw/000_table2_ntb_2011_2015.meta.yaml"


def committed_outputs() -> dict[str, str]:
    files = [p for d in ("notebooks", "figures", "tables", "data") for p in sorted((ROOT / d).rglob("*")) if p.is_file()]
    return {p.relative_to(ROOT).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.fixture
def untouched():
    """Fails the test if it changed any committed notebook, figure, table or data file."""
    before = committed_outputs()
    yield
    after = committed_outputs()
    changed = sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
    assert not changed, f"a failed run changed committed files: {changed}"


# =========================================================================== data files
def _edit_text(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name}: {old!r} not found (the test's premise changed)"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _table2(root: Path) -> Path:
    return root / TABLE2


# each: id, what is done to a scratch copy of data/, what is loaded, fragments the message must hold
DATA_CASES = [
    ("missing-file", lambda r: _table2(r).unlink(),
     "000_table2_ntb_2011_2015", ["no dataset named '000_table2_ntb_2011_2015'"]),
    ("missing-column", lambda r: _table2(r).write_text(
        "\n".join(",".join(line.split(",")[:2] + line.split(",")[3:])
                  for line in _table2(r).read_text().splitlines()) + "\n"),
     "000_table2_ntb_2011_2015", [TABLE2, "missing column(s) ['import_amount']"]),
    ("extra-column", lambda r: _table2(r).write_text(
        "\n".join(line + (",note" if i == 0 else ",x") for i, line in enumerate(_table2(r).read_text().splitlines())) + "\n"),
     "000_table2_ntb_2011_2015", [TABLE2, "unexpected column(s) ['note']"]),
    ("non-numeric-value", lambda r: _edit_text(_table2(r), "2012,9474.08,", "2012,n/a,"),
     "000_table2_ntb_2011_2015", [TABLE2, "line 3, column 'export_amount': value 'n/a' is not a number"]),
    ("negative-trade-value", lambda r: _edit_text(_table2(r), "2012,9474.08,", "2012,-9474.08,"),
     "000_table2_ntb_2011_2015", [TABLE2, "line 3, column 'export_amount': value -9474.08 is below the minimum 0"]),
    ("index-out-of-range", lambda r: _edit_text(_table2(r), ",-0.66", ",-1.66"),
     "000_table2_ntb_2011_2015", [TABLE2, "line 3, column 'ntb_index': value -1.66 is below the minimum -1"]),
    ("duplicate-year", lambda r: _edit_text(_table2(r), "2012,", "2011,"),
     "000_table2_ntb_2011_2015", [TABLE2, "line 3: duplicate key (year=2011) already on line 2"]),
    ("empty-file", lambda r: _table2(r).write_bytes(b""),
     "000_table2_ntb_2011_2015", [TABLE2, "the file is empty"]),
    ("header-only", lambda r: _table2(r).write_text(_table2(r).read_text().splitlines()[0] + "\n"),
     "000_table2_ntb_2011_2015", [TABLE2, "has a header line but no rows"]),
    ("byte-order-mark", lambda r: _table2(r).write_bytes(b"\xef\xbb\xbf" + _table2(r).read_bytes()),
     "000_table2_ntb_2011_2015", [TABLE2, "byte-order mark (BOM)"]),
    ("not-utf8", lambda r: _table2(r).write_bytes(_table2(r).read_bytes() + "2016,caf\u00e9,1,1,1,0\n".encode("latin-1")),
     "000_table2_ntb_2011_2015", [TABLE2, "line 7: byte 0xe9 is not UTF-8"]),
    ("repeated-header", lambda r: _edit_text(_table2(r), "net_exports,total_trade", "net_exports,net_exports"),
     "000_table2_ntb_2011_2015", [TABLE2, "line 1: column name(s) ['net_exports'] appear more than once"]),
    ("metadata-missing", lambda r: (r / TABLE2_META).unlink(),
     "000_table2_ntb_2011_2015", [TABLE2_META, "metadata file missing"]),
    ("metadata-not-yaml", lambda r: (r / TABLE2_META).write_text("title: [unclosed\n"),
     "000_table2_ntb_2011_2015", [TABLE2_META, "not valid YAML"]),
]


@pytest.mark.parametrize("case, damage, dataset, fragments", DATA_CASES, ids=[c[0] for c in DATA_CASES])
def test_bad_data_file_is_refused_with_file_line_and_column(project_data, untouched, case, damage, dataset, fragments):
    damage(project_data)
    with pytest.raises(DataValidationError) as caught:
        datasets.load_dataset(dataset)
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_unit_mismatch_is_refused(project_data, untouched):
    _edit_text(project_data / TABLE2_META, 'export_amount, type: number, unit: "US$ 10,000"',
               'export_amount, type: number, unit: "US$ million"')
    table2 = datasets.load_dataset(overall.TABLE2)  # the file itself is valid ...
    with pytest.raises(DataValidationError, match=re.escape(
            f"{TABLE2}, column 'export_amount': unit mismatch: the metadata declares 'US$ million', "
            f"the code computes in 'US$ 10,000'")):
        overall.table2_recomputed(table2)  # ... but not in the units the calculation assumes


def test_share_above_100_percent_is_refused(project_data, untouched):
    from culturaltrade.texts import cee

    path = project_data / "data/raw/002_stated_values.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if ",percent," in line)
    fields = lines[index].split(",")
    position = lines[0].split(",").index("value")
    fields[position] = "167"
    lines[index] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=re.escape(
            f"data/raw/002_stated_values.csv: 1 problem(s) with the data\n"
            f"  - line {index + 1}, column 'value': a share of 167.0 percent is outside [0, 100]")):
        cee.stated_values(datasets.load_dataset(cee.STATED))


def test_a_changed_data_file_fails_the_manifest_check_naming_it(tmp_path, untouched):
    """One byte of a data file changed (without `make manifest`): the check exits 1 and names it."""
    import shutil

    scratch = tmp_path / "project"
    shutil.copytree(ROOT / "data", scratch / "data")
    shutil.copy(ROOT / "environment.yml", scratch / "environment.yml")
    payload = bytearray((scratch / TABLE2).read_bytes())
    payload[payload.index(b"3940.68")] = ord("4")  # 3940.68 -> 4940.68
    (scratch / TABLE2).write_bytes(bytes(payload))
    environment = {**os.environ, "CULTURAL_TRADE_PROJECT_ROOT": str(scratch)}
    result = subprocess.run([sys.executable, "-m", "culturaltrade.build.manifest", "check"], cwd=scratch,
                            env=environment, capture_output=True, text=True)
    assert result.returncode == 1
    assert f"{TABLE2}: changed since its manifest entry was written" in result.stderr


# =========================================================================== parameters
def run_command(*arguments: str, cwd: Path = ROOT, env: dict | None = None, timeout: float = 300):
    return subprocess.run([sys.executable, "-m", "culturaltrade.build.pipeline", *arguments], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=timeout)


# each: id, notebook, [name, value], fragment of the message; all run as
#   python -m culturaltrade.build.pipeline run notebooks/<notebook> -p <name> <value> --out build/bad-<id>
PARAMETER_CASES = [
    ("year-outside-the-data", "01_china_overall", ["start_year", "2009"],
     "ParameterError: parameter `start_year` must be between 2011 and 2015, got 2009"),
    ("year-of-wrong-type", "01_china_overall", ["end_year", "twenty-fifteen"],
     "ParameterError: parameter `end_year` must be a whole number, got 'twenty-fifteen'"),
    ("unknown-product", "01_china_overall", ["core_products", "[books, comics]"],
     "ParameterError: parameter `core_products` has unknown item(s) ['comics']"),
    ("unknown-currency-code", "02_china_korea", ["currency", "EUR"],
     "ParameterError: parameter `currency` must be one of ['CNY', 'USD'], got 'EUR'"),
    ("unreadable-csv-path", "02_china_korea", ["user_series", f"{FIXTURES}/no_such_file.csv"],
     f"parameter `user_series`: file '{FIXTURES}/no_such_file.csv' not found"),
    ("invalid-user-csv", "02_china_korea", ["user_series", f"{FIXTURES}/synthetic_korea_series_invalid_values.csv"],
     f"DataValidationError: parameter `user_series`: {FIXTURES}/synthetic_korea_series_invalid_values.csv: "
     "4 problem(s) with the data"),
    ("unknown-partner-code", "03_china_cee", ["tci_shares_csv", f"{FIXTURES}/synthetic_tci_shares_unknown_country.csv"],
     "line 6, column 'country_iso3': unknown country code 'DEU'"),
    ("shares-not-summing-to-one", "03_china_cee", ["tci_shares_csv", f"{FIXTURES}/synthetic_tci_shares_bad_sum.csv"],
     "column 'share': lines 4-5: the import shares of POL sum to 0.9, not 1"),
    ("top-n-not-given-by-the-text", "03_china_cee", ["top_n", "3"],
     "ParameterError: parameter `top_n` must be one of [1, 5]"),
    ("horizon-inside-the-data", "04_digital_outlook", ["horizon_year", "2024"],
     "parameter `horizon_year` (2024) must be after the last observation (2024)"),
    ("unknown-fact-id", "04_digital_outlook", ["source_choice", "{games_overseas_revenue/2023: NO-SUCH-FACT}"],
     "parameter `source_choice`: 'NO-SUCH-FACT' is not a usable source for games_overseas_revenue/2023"),
    ("unknown-verdict", "05_claims_dashboard", ["verdict_order", "[reproduced, plausible]"],
     "ParameterError: parameter `verdict_order` has unknown item(s) ['plausible']"),
]


def run_validation_cells(notebook: str, parameters: dict) -> dict:
    """Execute a notebook's cells up to its ``validate-parameters`` cell, in this process, with
    ``parameters`` set right after the ``parameters`` cell (as papermill injects them).

    This runs the notebook's own validation code without a kernel (a kernel start costs more
    than all the checks together); the cases below that also go through the pipeline command
    prove that the same errors stop a real run with a non-zero exit.
    """
    cells = json.loads((ROOT / "notebooks" / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
    namespace: dict = {"__name__": "__notebook__"}
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        code = compile("".join(cell["source"]), f"notebooks/{notebook}.ipynb, cell {cell['id']}", "exec")
        exec(code, namespace)  # noqa: S102 - the notebook's own code
        if "parameters" in cell["metadata"].get("tags", []):
            namespace.update(parameters)
        if cell["id"] == "validate-parameters":
            return namespace
    raise AssertionError(f"notebooks/{notebook}.ipynb has no cell with id 'validate-parameters'")


@pytest.mark.parametrize("case, notebook, parameter, fragment", PARAMETER_CASES, ids=[c[0] for c in PARAMETER_CASES])
def test_bad_parameter_is_refused_by_the_notebooks_validation_cell(untouched, monkeypatch, case, notebook,
                                                                   parameter, fragment):
    import yaml

    monkeypatch.chdir(ROOT / "notebooks")  # where papermill runs a notebook
    name, text = parameter
    with pytest.raises((ValueError, TypeError)) as caught:
        run_validation_cells(notebook, {name: yaml.safe_load(text)})
    assert fragment.split(": ", 1)[-1] in str(caught.value)
    if fragment.startswith(("ParameterError", "DataValidationError")):
        assert f"{type(caught.value).__name__}: " == fragment.split(": ", 1)[0] + ": "


def test_default_parameters_pass_every_validation_cell(monkeypatch):
    monkeypatch.chdir(ROOT / "notebooks")
    for notebook in sorted({case[1] for case in PARAMETER_CASES}):
        run_validation_cells(notebook, {})


# the same bad values through the real command (a kernel, papermill, a non-zero exit): one of
# each kind the notebooks check — a year outside the data, a wrong type, an unknown code, an
# unreadable CSV path (an unknown name: test_unknown_parameter_through_papermill_itself...)
THROUGH_THE_COMMAND = ["year-outside-the-data", "year-of-wrong-type", "unknown-currency-code", "unreadable-csv-path"]


@pytest.mark.slow
@pytest.mark.parametrize("case, notebook, parameter, fragment",
                         [c for c in PARAMETER_CASES if c[0] in THROUGH_THE_COMMAND], ids=THROUGH_THE_COMMAND)
def test_bad_parameter_fails_the_run_and_writes_nothing(untouched, case, notebook, parameter, fragment):
    out = ROOT / "build" / f"bad-{case}"
    result = run_command("run", f"notebooks/{notebook}.ipynb", "-p", *parameter, "--out", str(out))
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith(f"error: notebooks/{notebook}.ipynb failed in cell"), result.stderr
    assert fragment in result.stderr
    assert "nothing was written" in result.stderr
    assert not out.exists()


# refused by the pipeline command before any kernel starts
COMMAND_CASES = [
    ("unknown-parameter-name", ["run", "notebooks/01_china_overall.ipynb", "-p", "strat_year", "2012"],
     "unknown parameter(s) ['strat_year']; this notebook declares"),
    ("parameter-not-yaml", ["run", "notebooks/01_china_overall.ipynb", "-p", "core_products", "[books"],
     "parameter `core_products`: cannot read value '[books'"),
    ("parameter-given-twice", ["run", "notebooks/01_china_overall.ipynb", "-p", "start_year", "2012",
                               "-p", "start_year", "2013"], "parameter `start_year` is given twice"),
    ("no-such-notebook", ["run", "notebooks/09_nothing.ipynb"], "notebooks/09_nothing.ipynb: no such notebook"),
    ("zero-jobs", ["reproduce", "--jobs", "0"], "--jobs must be at least 1, got 0"),
]


@pytest.mark.parametrize("case, arguments, fragment", COMMAND_CASES, ids=[c[0] for c in COMMAND_CASES])
def test_bad_command_line_is_refused_before_any_run(untouched, case, arguments, fragment):
    result = run_command(*arguments)
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and fragment in result.stderr
    assert "ran " not in result.stdout


@pytest.mark.slow
def test_unknown_parameter_through_papermill_itself_is_an_error(untouched, tmp_path):
    """papermill alone only warns about an undeclared name; the notebook's own check stops it."""
    environment = {**os.environ, "CULTURAL_TRADE_OUTPUT_ROOT": str(tmp_path / "out")}
    # papermill's own command line (`python -m papermill`), minus a 1.2 s import it never uses
    # (see culturaltrade.build.fast_imports)
    papermill_cli = "import culturaltrade.build.fast_imports, runpy; runpy.run_module('papermill', run_name='__main__')"
    result = subprocess.run(
        [sys.executable, "-c", papermill_cli, "--no-progress-bar", "-k", pipeline.KERNEL_NAME, "--cwd", "notebooks",
         "notebooks/01_china_overall.ipynb", str(tmp_path / "out.ipynb"), "-p", "strat_year", "2012"],
        cwd=ROOT, capture_output=True, text=True, env=environment)
    assert result.returncode != 0
    assert "unknown parameter(s) ['strat_year'] for 01_china_overall" in result.stderr


def test_jobs_from_the_environment_must_be_a_number(monkeypatch):
    monkeypatch.setenv("CULTURAL_TRADE_JOBS", "many")
    with pytest.raises(pipeline.PipelineError, match=re.escape("$CULTURAL_TRADE_JOBS must be a whole number")):
        pipeline.default_jobs()


def test_make_run_without_a_notebook_says_what_to_type(untouched):
    result = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.cultural-trade-installed",
                             "-o", ".venv", "run"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0
    assert "say which notebook, e.g. make run NB=01_china_overall" in result.stderr


# =========================================================================== declaration
PIPELINE_CASES = [
    ("declared-notebook-missing", "notebooks:\n  - notebook: 09_nothing.ipynb\n",
     "notebooks/pipeline.yaml, 09_nothing.ipynb: notebooks/09_nothing.ipynb does not exist"),
    ("after-names-a-later-notebook", "notebooks:\n  - notebook: x.ipynb\n    after: [y.ipynb]\n  - notebook: y.ipynb\n",
     "notebooks/pipeline.yaml, x.ipynb: `after` names y.ipynb, which is not listed before it"),
    ("unknown-key", "notebooks:\n  - notebook: x.ipynb\n    needs: [y.ipynb]\n",
     "notebooks/pipeline.yaml, notebook #1: unknown key(s) ['needs']"),
    ("declared-data-missing", "notebooks:\n  - notebook: x.ipynb\n    reads: [data/raw/zzz.csv]\n",
     "notebooks/pipeline.yaml, x.ipynb: reads data/raw/zzz.csv, which does not exist"),
    ("not-yaml", "notebooks: [\n", "notebooks/pipeline.yaml: not valid YAML"),
]


@pytest.mark.parametrize("case, text, fragment", PIPELINE_CASES, ids=[c[0] for c in PIPELINE_CASES])
def test_bad_pipeline_declaration_is_refused(tiny_project, case, text, fragment):
    for name in ("x", "y"):
        write_tiny_notebook(tiny_project / "notebooks" / f"{name}.ipynb", "print(1)")
    (tiny_project / "notebooks" / "pipeline.yaml").write_text(text)
    result = run_command("reproduce", cwd=tiny_project)
    assert result.returncode == 1
    assert fragment in result.stderr


# =========================================================================== runs
def one_notebook(root: Path, *cells: str, reads: list[str] | None = None, old_table: str | None = None) -> None:
    """Put a notebook x.ipynb made of ``cells`` in the tiny project, declared alone in
    notebooks/pipeline.yaml (reading ``reads``); with ``old_table``, a tables/x.csv from an
    earlier run that a failed run must leave as it is."""
    write_tiny_notebook(root / "notebooks" / "x.ipynb", *cells)
    declared = f"    reads: [{', '.join(reads)}]\n" if reads else ""
    (root / "notebooks" / "pipeline.yaml").write_text("notebooks:\n  - notebook: x.ipynb\n" + declared)
    if old_table is not None:
        (root / "tables").mkdir()
        (root / "tables" / "x.csv").write_text(old_table)


@pytest.mark.slow
def test_a_run_that_breaks_half_way_leaves_the_outputs_as_they_were(tiny_project):
    """The notebook writes a table, then fails: the old table stays, the failed run is kept aside."""
    one_notebook(tiny_project, """
        import culturaltrade as ct
        ct.paths.atomic_write_text(ct.paths.tables_dir() / "x.csv", "value\\n2\\n")
        """, "raise RuntimeError('broken on purpose')", old_table="value\n1\n")
    notebook_before = (tiny_project / "notebooks" / "x.ipynb").read_bytes()
    result = run_command("reproduce", cwd=tiny_project)
    assert result.returncode == 1
    assert "[1/1] notebooks/x.ipynb: FAILED" in result.stdout
    assert "RuntimeError: broken on purpose" in result.stderr and "nothing was written" in result.stderr
    assert (tiny_project / "tables" / "x.csv").read_text() == "value\n1\n"
    assert (tiny_project / "notebooks" / "x.ipynb").read_bytes() == notebook_before
    # kept for inspection: in build/failed/, or where $CULTURAL_TRADE_FAILED_DIR says (the tests' own folder)
    kept = Path(os.environ.get(pipeline.FAILED_DIR_ENV) or tiny_project / "build" / "failed")
    assert (kept / "x.ipynb").is_file()
    assert not list((tiny_project / "build").rglob("staging-*"))


@pytest.mark.slow
@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "terminate"])
def test_an_interrupted_run_leaves_the_outputs_as_they_were(tiny_project, signal_number):
    one_notebook(tiny_project, """
        import pathlib, time
        import culturaltrade as ct
        ct.paths.atomic_write_text(ct.paths.tables_dir() / "x.csv", "value\\n2\\n")
        pathlib.Path(ct.paths.project_root(), "build", "x-started").touch()
        time.sleep(60)
        """, old_table="value\n1\n")
    process = subprocess.Popen([sys.executable, "-m", "culturaltrade.build.pipeline", "reproduce"], cwd=tiny_project,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = tiny_project / "build" / "x-started"
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert started.exists(), "the notebook never started"
    process.send_signal(signal_number)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    assert stderr.strip(), "an interrupted run must say so"
    assert (tiny_project / "tables" / "x.csv").read_text() == "value\n1\n"
    assert not list((tiny_project / "build").rglob("staging-*"))


@pytest.mark.slow
def test_a_notebook_that_reaches_for_the_network_fails(tiny_project):
    one_notebook(tiny_project, """
        import socket
        socket.create_connection(("192.0.2.1", 80), timeout=5)  # TEST-NET-1: never routable
        """)
    result = run_command("reproduce", cwd=tiny_project)
    assert result.returncode == 1
    assert "NetworkAccessError: network access is disabled in this compendium" in result.stderr
    assert "192.0.2.1" in result.stderr


@pytest.mark.slow
def test_a_network_attempt_that_the_notebook_swallows_still_fails_the_run(tiny_project):
    one_notebook(tiny_project, """
        import urllib.request
        try:
            urllib.request.urlopen("http://example.org/data.csv", timeout=5)
        except OSError:
            pass  # a library that falls back silently
        print("carried on")
        """)
    result = run_command("reproduce", cwd=tiny_project)
    assert result.returncode == 1
    assert "notebooks/x.ipynb tried to reach the network (resolve 'example.org')" in result.stderr
    assert not (tiny_project / "tables").exists()


@pytest.mark.slow
def test_a_notebook_that_reads_an_undeclared_file_fails(tiny_project):
    one_notebook(tiny_project, """
        import culturaltrade as ct
        ct.load_dataset("a"); ct.load_dataset("b")
        """, reads=["data/raw/a.csv"])
    result = run_command("reproduce", cwd=tiny_project)
    assert result.returncode == 1
    assert ("notebooks/x.ipynb read data/raw/b.csv, data/raw/b.meta.yaml, which notebooks/pipeline.yaml "
            "does not list under its `reads`") in result.stderr


@pytest.mark.slow
def test_broken_data_stops_the_notebook_that_reads_it(tiny_project):
    (tiny_project / "data/raw/a.csv").write_text("year,value\n2020,1.5\n2021,lots\n")
    one_notebook(tiny_project, """
        import culturaltrade as ct
        ct.load_dataset("a")
        """, reads=["data/raw/a.csv"])
    result = run_command("reproduce", cwd=tiny_project)
    assert result.returncode == 1
    assert "DataValidationError: data/raw/a.csv: 1 problem(s) with the data" in result.stderr
    assert "line 3, column 'value': value 'lots' is not a number" in result.stderr


# =========================================================================== the catalogue
CATALOGUE = (
    [("data file", case[0]) for case in DATA_CASES]
    + [("data file", "unit-mismatch"), ("data file", "share-above-100-percent"),
       ("data file", "changed-without-manifest"), ("data file", "broken-data-in-a-run")]
    + [("parameter", case[0]) for case in PARAMETER_CASES]
    + [("parameter", "unknown-name-through-papermill")]
    + [("declaration", case[0]) for case in COMMAND_CASES]
    + [("declaration", case[0]) for case in PIPELINE_CASES]
    + [("declaration", "jobs-not-a-number"), ("declaration", "make-run-without-notebook"),
       ("declaration", "undeclared-read")]
    + [("run", "breaks-half-way"), ("run", "ctrl-c"), ("run", "terminate"),
       ("run", "network-connect"), ("run", "network-attempt-swallowed")]
)


def test_catalogue_names_each_case_once():
    names = [name for _, name in CATALOGUE]
    assert len(names) == len(set(names))
    assert {kind for kind, _ in CATALOGUE} == {"data file", "parameter", "declaration", "run"}


def test_the_readme_states_how_many_bad_inputs_are_tried():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"(\d+) bad inputs", readme)
    assert stated, "README.md: say how many bad inputs tests/test_bad_inputs.py tries ('N bad inputs')"
    assert int(stated.group(1)) == len(CATALOGUE), (
        f"README.md says {stated.group(1)} bad inputs; tests/test_bad_inputs.py tries {len(CATALOGUE)}")
