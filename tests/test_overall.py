"""Text 000: reading the print of Tables I and II."""

import math

import pandas as pd
import pytest

import culturaltrade as ct
from culturaltrade.texts import overall


@pytest.fixture
def table1_raw():
    return ct.load_dataset(overall.TABLE1)


def test_parse_printed_number_handles_the_hours_mark():
    assert overall.parse_printed_number("31109时") == (31109.0, "printed '31109时': stray 时 (hours) removed")
    assert overall.parse_printed_number("14323.10") == (14323.10, "")
    value, note = overall.parse_printed_number("")
    assert math.isnan(value) and note == ""


def test_short_rows_have_one_placement_that_fits_the_totals(table1_raw):
    candidates, chosen = overall.place_short_rows(table1_raw)
    assert len(candidates) == 36  # 6 ways for each of the two short rows
    assert candidates["fits_printed_totals"].sum() == 1
    assert chosen == {
        "electronic_publications": ("export_quantity", "export_amount"),
        "digital_publications": ("export_amount", "import_amount"),
    }


def test_placement_fails_loudly_when_the_totals_do_not_fit(project_data):
    path = project_data / "data" / "raw" / f"{overall.TABLE1}.csv"
    path.write_text(path.read_text().replace("13963.68", "13999.99"))
    with pytest.raises(ValueError, match="0 placements"):
        overall.place_short_rows(ct.load_dataset(overall.TABLE1))


def test_tidy_table1_keeps_blanks_missing_and_sums_to_the_printed_totals(table1_raw):
    _, chosen = overall.place_short_rows(table1_raw)
    tidy = overall.tidy_table1(table1_raw, chosen).set_index("product")
    assert math.isnan(tidy.loc["electronic_publications", "import_amount"])
    assert tidy.loc["tv_programmes", "import_quantity"] == 31109.0
    assert "时" in tidy.loc["tv_programmes", "note"]
    # the printed totals (13963.68 and 70449.95) are independent of the rows
    assert tidy["export_amount"].sum() == pytest.approx(13963.68, abs=0.005)
    assert tidy["import_amount"].sum() == pytest.approx(70449.95, abs=0.005)


def test_table2_recomputation_follows_the_definitions_from_the_data_file():
    """The recomputed columns are the definitions applied to the transcribed flows (whatever the
    data file holds: whether the *text's* printed derived cells agree is the ledger's verdict)."""
    table2 = ct.load_dataset(overall.TABLE2)
    check = overall.table2_recomputed(table2)
    x, m = table2["export_amount"].to_numpy(), table2["import_amount"].to_numpy()
    assert check["net_exports_recomputed"].to_numpy() == pytest.approx(x - m)
    assert check["total_trade_recomputed"].to_numpy() == pytest.approx(x + m)
    assert check["ntb_recomputed"].to_numpy() == pytest.approx((x - m) / (x + m))
    assert list(check["ntb_printed"]) == list(table2["ntb_index"])  # printed cells kept beside, untouched


def test_table2_covers_every_product_but_tv(table1_raw):
    _, chosen = overall.place_short_rows(table1_raw)
    tidy = overall.tidy_table1(table1_raw, chosen)
    row2015 = ct.load_dataset(overall.TABLE2).set_index("year").loc[2015]
    best = overall.coverage_candidates(tidy, row2015["export_amount"], row2015["import_amount"]).iloc[0]
    assert best["excluded"] == "tv_programmes"
    without_tv = tidy[tidy["product"] != "tv_programmes"]
    assert best["exports_diff"] == pytest.approx(without_tv["export_amount"].sum() - row2015["export_amount"])
    assert best["imports_diff"] == pytest.approx(without_tv["import_amount"].sum() - row2015["import_amount"])


def test_group_ntb_uses_summed_flows():
    frame = pd.DataFrame({"product": ["a", "b"], "export_amount": [1.0, 3.0], "import_amount": [3.0, 1.0]})
    assert overall.group_ntb(frame, ["a", "b"]) == pytest.approx(0.0)
    assert overall.group_ntb(frame, ["a"]) == pytest.approx(-0.5)
