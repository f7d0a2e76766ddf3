"""Loading and validation: bad data gives one clear message naming file, line and column."""

import pytest

from culturaltrade import datasets
from culturaltrade.datasets import DataValidationError
from conftest import write_dataset

META = """
title: trade test
source: {seed: 000_test.txt, table: Table X}
schema:
  primaryKey: [year]
  fields:
    - {name: year, type: integer, constraints: {required: true}}
    - {name: exports, type: number, unit: "US$ million", constraints: {required: true, minimum: 0}}
    - {name: imports, type: number, unit: "US$ million", constraints: {minimum: 0}}
"""


def load(root, csv_text, meta=META):
    write_dataset(root, "trade", csv_text, meta)
    return datasets.load_dataset("trade")


def test_valid_file_loads_with_types_and_metadata(scratch_project):
    frame = load(scratch_project, """
        year,exports,imports
        2011,1.5,2
        2012,2.5,
    """)
    assert frame["year"].tolist() == [2011, 2012]
    assert frame["exports"].tolist() == [1.5, 2.5]
    assert frame["imports"].isna().tolist() == [False, True]  # blank stays missing, not zero
    assert frame.attrs["meta"]["source"]["seed"] == "000_test.txt"
    assert frame.attrs["path"] == "data/raw/trade.csv"
    assert datasets.field_units(frame.attrs["meta"]) == {"exports": "US$ million", "imports": "US$ million"}


def test_missing_column(scratch_project):
    with pytest.raises(DataValidationError, match=r"(?s)data/raw/trade\.csv.*missing column\(s\) \['imports'\]"):
        load(scratch_project, "year,exports\n2011,1\n")


def test_unexpected_column(scratch_project):
    with pytest.raises(DataValidationError, match=r"unexpected column\(s\) \['extra'\]"):
        load(scratch_project, "year,exports,imports,extra\n2011,1,2,3\n")


def test_non_numeric_value_names_line_and_column(scratch_project):
    with pytest.raises(DataValidationError) as info:
        load(scratch_project, "year,exports,imports\n2011,1,2\n2012,12o.5,3\n")
    message = str(info.value)
    assert message.startswith("data/raw/trade.csv: 1 problem")
    assert "line 3, column 'exports': value '12o.5' is not a number" in message


def test_negative_trade_value(scratch_project):
    with pytest.raises(DataValidationError, match=r"line 2, column 'imports': value -2 is below the minimum 0"):
        load(scratch_project, "year,exports,imports\n2011,1,-2\n")


def test_duplicate_year(scratch_project):
    with pytest.raises(DataValidationError, match=r"line 3: duplicate key \(year=2011\) already on line 2"):
        load(scratch_project, "year,exports,imports\n2011,1,2\n2011,3,4\n")


def test_required_value_and_whole_number(scratch_project):
    with pytest.raises(DataValidationError) as info:
        load(scratch_project, "year,exports,imports\n2011.5,,2\n")
    assert "line 2, column 'year': value '2011.5' is not a whole number" in str(info.value)
    assert "line 2, column 'exports': value is required but empty" in str(info.value)


def test_all_problems_reported_together(scratch_project):
    with pytest.raises(DataValidationError, match="3 problem"):
        load(scratch_project, "year,exports,imports\n2011,x,-1\n2012,-5,1\n")


def test_missing_metadata_and_bad_schema(scratch_project):
    (scratch_project / "data" / "raw" / "bare.csv").write_text("a\n1\n")
    with pytest.raises(DataValidationError, match="metadata file missing"):
        datasets.load_dataset("bare")
    with pytest.raises(DataValidationError, match="unknown type"):
        load(scratch_project, "year\n2011\n", META.replace("type: number", "type: float"))


def test_unknown_dataset(scratch_project):
    with pytest.raises(DataValidationError, match="no dataset named 'nothing'"):
        datasets.load_dataset("nothing")


def test_user_csv_validated_against_a_schema(tmp_path):
    schema = {"fields": [{"name": "share", "type": "number", "constraints": {"maximum": 1}}]}
    path = tmp_path / "mine.csv"
    path.write_text("share\n0.4\n1.2\n")
    with pytest.raises(DataValidationError, match=r"(?s)mine\.csv.*line 3, column 'share': value 1\.2 is above the maximum 1"):
        datasets.load_csv_with_schema(path, schema, label="mine.csv")


def test_every_real_dataset_loads():
    """The committed data/ passes its own schemas (and every CSV has metadata)."""
    from culturaltrade.paths import data_path

    names = [p.relative_to(data_path()).as_posix().removesuffix(".csv") for p in data_path().rglob("*.csv")]
    assert names, "no datasets found"
    for name in names:
        frame = datasets.load_dataset(name)
        assert len(frame) > 0, name
        assert frame.attrs["meta"]["source"], name


def test_outside_the_pipeline_outputs_go_under_runs_interactive(monkeypatch):
    """A notebook run in JupyterLab or with plain papermill never writes over the committed results."""
    from culturaltrade import paths

    monkeypatch.delenv(paths.OUTPUT_ROOT_ENV, raising=False)
    root = paths.project_root()
    assert paths.figures_dir() == root / "runs" / "interactive" / "figures"
    assert paths.tables_dir() == root / "runs" / "interactive" / "tables"
    assert paths.display_path(paths.tables_dir() / "01_x.csv") == "runs/interactive/tables/01_x.csv"
