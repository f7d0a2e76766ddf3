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
