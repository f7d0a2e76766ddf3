import pytest

from culturaltrade import params
from culturaltrade.params import ParameterError


def test_year_range():
    assert params.year_range("start_year", 2012, "end_year", 2014, 2011, 2015) == (2012, 2014)
    with pytest.raises(ParameterError, match="`start_year` must be between 2011 and 2015, got 2009"):
        params.year_range("start_year", 2009, "end_year", 2014, 2011, 2015)
    with pytest.raises(ParameterError, match="reversed"):
        params.year_range("start_year", 2014, "end_year", 2012, 2011, 2015)
    with pytest.raises(ParameterError, match="whole number"):
        params.year_range("start_year", "2012", "end_year", 2014, 2011, 2015)


def test_choice_and_subset():
    assert params.choice("currency", "USD", ["CNY", "USD"]) == "USD"
    with pytest.raises(ParameterError, match="`currency` must be one of"):
        params.choice("currency", "EUR", ["CNY", "USD"])
    with pytest.raises(ParameterError, match=r"unknown item\(s\) \['tv'\]"):
        params.subset("core_products", ["books", "tv"], ["books", "newspapers"])
    with pytest.raises(ParameterError, match="twice"):
        params.subset("core_products", ["books", "books"], ["books"])
    with pytest.raises(ParameterError, match="must be a list"):
        params.subset("core_products", "books", ["books"])


def test_number_between():
    assert params.number_between("threshold", 0, -1, 1) == 0.0
    with pytest.raises(ParameterError, match="`threshold` must be a number"):
        params.number_between("threshold", True, -1, 1)


def test_optional_file(tmp_path):
    assert params.optional_file("series", None) is None
    assert params.optional_file("series", "") is None
    with pytest.raises(ParameterError, match="`series`: file 'nope.csv' not found"):
        params.optional_file("series", "nope.csv")
    path = tmp_path / "x.csv"
    path.write_text("a\n")
    assert params.optional_file("series", str(path)) == path


def test_every_parameter_is_documented_where_papermill_looks():
    """`name: type = default  # help` in each parameters cell: papermill --help-notebook and
    `make params` then show a type and a sentence for every name."""
    import papermill

    from culturaltrade.build import pipeline

    undocumented = []
    for notebook in pipeline.run_order():
        for parameter in papermill.inspect_notebook(notebook).values():
            if parameter["inferred_type_name"] in ("None", "") or not parameter["help"].strip():
                undocumented.append(f"{notebook}: {parameter['name']}")
    assert not undocumented, "annotate these as `name: type = default  # help`:\n" + "\n".join(undocumented)


def test_make_params_lists_names_types_defaults_and_help(tmp_path, monkeypatch):
    from conftest import write_tiny_notebook
    from culturaltrade.build import pipeline

    notebook = tmp_path / "notebooks" / "07_x.ipynb"
    write_tiny_notebook(notebook, "pass")
    notebook.write_text(notebook.read_text().replace('"unused = 0"', '"start_year: int = 2011  # first year shown"'))
    (tmp_path / "environment.yml").write_text("name: x\n")
    (tmp_path / "data").mkdir()
    monkeypatch.setenv("CULTURAL_TRADE_PROJECT_ROOT", str(tmp_path))
    text = pipeline.describe_parameters(["07_x"])
    assert "start_year: int = 2011" in text and "first year shown" in text
    with pytest.raises(pipeline.PipelineError, match="08_y: no such notebook"):
        pipeline.describe_parameters(["08_y"])
