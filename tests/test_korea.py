"""Text 001 (China–South Korea TV dramas): the print, derived values, parameters, user series, figures."""

import json
import math
import re
import shutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import culturaltrade as ct  # noqa: E402
from culturaltrade import currency  # noqa: E402
from culturaltrade.texts import korea  # noqa: E402
from culturaltrade.build import outputs, pipeline  # noqa: E402
from culturaltrade.datasets import DataValidationError  # noqa: E402
from culturaltrade.params import ParameterError  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = "tests/fixtures"
from conftest import SEEDS_DIR  # noqa: E402
needs_seeds = pytest.mark.skipif(not (SEEDS_DIR / korea.PAPER).is_file(),
                                 reason=f"source text not found in {SEEDS_DIR} (set CULTURAL_TRADE_SEEDS)")


@pytest.fixture(autouse=True)
def _from_project_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # relative parameter paths start at the project root


# --------------------------------------------------------------------------- the print
def test_parse_printed_amount():
    assert korea.parse_printed_amount("230,000") == 230000.0
    assert korea.parse_printed_amount("40,000") == 40000.0
    assert korea.parse_printed_amount("4.07") == 4.07
    assert korea.parse_printed_amount("105") == 105.0
    for bad in ("2,30", "1/10", "", "12a"):
        with pytest.raises(ValueError, match="not a printed amount"):
            korea.parse_printed_amount(bad)


def test_stated_series_has_five_points_and_blanks_stay_missing():
    series = korea.stated_series()
    assert len(series) == 14  # two flows × 2010–2016
    stated = series[series["status"] == "stated"]
    assert {(r.flow, r.year): r.value for r in stated.itertuples()} == {
        ("exports", 2010): 4.07, ("exports", 2016): 16.96,
        ("imports", 2010): 20.92, ("imports", 2014): 441.29, ("imports", 2016): 289.83}
    missing = series[series["status"] == "not stated"]
    assert len(missing) == 9 and missing["value"].isna().all()
    assert korea.printed_point(series, "imports", 2014) == "441.29"
    with pytest.raises(KeyError, match="no exports value for 2013"):
        korea.printed_point(series, "exports", 2013)


def _normalised(text):
    return re.sub(r"\s+", " ", text)


@needs_seeds
def test_every_transcribed_number_and_quote_is_in_the_seed():
    text = _normalised((SEEDS_DIR / korea.PAPER).read_text(encoding="utf-8"))
    series = ct.load_printed(korea.SERIES)
    for row in series.itertuples():
        if row.value_cny_million:
            assert row.value_cny_million in text
            assert row.value_cny_million in row.quote, f"{row.flow} {row.year}: the quote must contain the number"
        if row.quote:
            assert _normalised(row.quote) in text, row.quote
    for row in ct.load_printed(korea.STATED).itertuples():
        assert row.printed in row.quote and _normalised(row.quote) in text, row.quantity


def test_registry_numbers_agree_with_the_transcription():
    claims = ct.claims.load_registry(korea.PAPER)
    values = korea.stated_values()
    assert set(korea.REGISTRY_QUANTITIES) == {"001-EXP-CAGR-2010-2016", "001-IMP-CAGR-2010-2016", "001-IMP-YOY-2014",
                                               "001-CN-EXP-2013-EQUALS-IMP", "001-KR-DRAMA-EXP-2013"}
    for claim_id, quantity in korea.REGISTRY_QUANTITIES.items():
        assert claims[claim_id].reported == values.loc[quantity, "printed"], claim_id
    assert all(c.notebook == korea.NOTEBOOK for c in claims.values())


def test_every_stated_value_is_a_claim_registered_once_from_the_transcription():
    values = korea.stated_values()
    in_code = set(korea.STATED_CLAIMS)
    in_registry = set(korea.REGISTRY_QUANTITIES.values())
    assert in_code | in_registry == set(values.index)  # none left out
    assert in_code & in_registry == {"cn_drama_exports_world_2013"}  # 105 is also the subject of a comparison
    ledger = ct.Ledger(notebook=korea.NOTEBOOK, papers=[korea.PAPER])
    ids = korea.register_stated_values(ledger, korea.stated_series(), values)
    assert ids == ["001-V-FIG1-EXPORTS-2010", "001-V-FIG1-EXPORTS-2016", "001-V-FIG1-IMPORTS-2010",
                   "001-V-FIG1-IMPORTS-2014", "001-V-FIG1-IMPORTS-2016", "001-V-CN-DRAMA-EXPORTS-WORLD-2013",
                   "001-V-PRICE-YOU-FROM-THE-STARS-2013", "001-V-PRICE-DESCENDANTS-OF-THE-SUN-2016"]
    reported = {cid: ledger.claims[cid].reported for cid in ids}
    assert [reported[c] for c in ids] == ["4.07", "16.96", "20.92", "441.29", "289.83", "105", "40,000", "230,000"]
    assert ledger.claims["001-V-PRICE-YOU-FROM-THE-STARS-2013"].unit == "USD per episode"
    with pytest.raises(ct.claims.ClaimError, match="registered twice"):
        korea.register_stated_values(ledger, korea.stated_series(), values)


# --------------------------------------------------------------------------- derived values
def test_cagr_from_printed_is_an_interval_over_rounding():
    value, (low, high) = korea.cagr_from_printed("100", "121", 2)
    assert value == pytest.approx(10.0)
    # (120.5 / 100.5)^(1/2) − 1 and (121.5 / 99.5)^(1/2) − 1
    assert low == pytest.approx(9.4991, abs=1e-3)
    assert high == pytest.approx(10.5037, abs=1e-3)


def test_back_solve_from_a_printed_growth_rate():
    value, (low, high) = korea.back_solve("596", "496")
    assert value == pytest.approx(100.0)  # 596 / 5.96
    assert low == pytest.approx(99.8324, abs=1e-3)   # 595.5 / 5.965
    assert high == pytest.approx(100.1679, abs=1e-3)  # 596.5 / 5.955
    # the text: 441.29 million yuan in 2014 after +496 % → 2013
    assert korea.back_solve("441.29", "496")[0] == pytest.approx(74.0419, abs=1e-3)


def test_derived_value_goes_only_where_the_text_is_silent():
    series = korea.stated_series()
    out = korea.with_derived_2013_imports(series, 74.04, "derived: test")
    row = out[(out["flow"] == "imports") & (out["year"] == 2013)].iloc[0]
    assert (row["status"], row["value"]) == ("derived", 74.04)
    assert (out["status"] == "derived").sum() == 1
    with pytest.raises(ValueError, match="nothing to derive"):
        korea.with_derived_2013_imports(out, 1.0, "again")


def test_constant_growth_path():
    path = korea.constant_growth_path(100.0, 10.0, 2010, 2012)
    assert path["year"].tolist() == [2010, 2011, 2012]
    assert path["value"].tolist() == pytest.approx([100.0, 110.0, 121.0])


# --------------------------------------------------------------------------- currency
def test_to_currency_converts_each_year_at_its_rate_and_refuses_unknown_years():
    rates = currency.exchange_rates()
    frame = pd.DataFrame({"year": [2013, 2016, 2014], "value": [619.32, 664.23, math.nan]})
    usd = korea.to_currency(frame, "USD", rates)
    assert usd["value_display"].tolist()[:2] == pytest.approx([100.0, 100.0])  # per 100 USD in the snapshot
    assert math.isnan(usd["value_display"].iloc[2])
    assert usd["rate_cny_per_usd"].tolist() == pytest.approx([6.1932, 6.6423, 6.1428])
    cny = korea.to_currency(frame, "CNY", rates)
    assert cny["value_display"].tolist()[:2] == [619.32, 664.23]
    with pytest.raises(currency.MissingRateError, match="no CNY/USD rate for 2019"):
        korea.to_currency(pd.DataFrame({"year": [2019], "value": [1.0]}), "USD", rates)
    with pytest.raises(ParameterError, match="parameter `currency` must be one of"):
        korea.to_currency(frame, "EUR", rates)


def test_money_in_currency_renames_and_converts():
    rates = currency.exchange_rates()
    frame = pd.DataFrame({"year": [2013], "net": [-619.32], "ratio": [3.0]})
    usd = korea.money_in_currency(frame, ["net"], "USD", rates)
    assert list(usd.columns) == ["year", "net_usd_million", "ratio", "cny_per_usd"]
    assert usd["net_usd_million"].iloc[0] == pytest.approx(-100.0)
    assert list(korea.money_in_currency(frame, ["net"], "CNY", rates).columns) == ["year", "net_cny_million", "ratio"]


# --------------------------------------------------------------------------- the CAGR window
AVAILABLE = {"exports": {2010, 2016}, "imports": {2010, 2014, 2016}}


def test_cagr_window_accepts_stated_endpoints():
    assert korea.check_cagr_window(2010, 2016, AVAILABLE) == (2010, 2016)
    assert korea.check_cagr_window(2014, 2016, AVAILABLE) == (2014, 2016)


@pytest.mark.parametrize("start, end, message", [
    (2009, 2016, r"parameter `cagr_start` must be between 2010 and 2016, got 2009"),
    (2010, 2017, r"parameter `cagr_end` must be between 2010 and 2016, got 2017"),
    (2016, 2010, r"`cagr_start` \(2016\) and `cagr_end` \(2010\) are reversed"),
    (2014, 2014, r"`cagr_start` and `cagr_end` are both 2014"),
    (2012, 2016, r"parameter `cagr_start`: no value for 2012"),
    (2010, 2015, r"parameter `cagr_end`: no value for 2015"),
    ("2010", 2016, r"`cagr_start` must be a whole number"),
])
def test_cagr_window_refuses_bad_windows(start, end, message):
    with pytest.raises(ParameterError, match=message):
        korea.check_cagr_window(start, end, AVAILABLE)


def test_cagr_window_needs_one_flow_with_both_ends():
    with pytest.raises(ParameterError, match="no flow has values for both years"):
        korea.check_cagr_window(2011, 2012, {"exports": {2011}, "imports": {2012}})


def test_available_years_ignore_derived_values():
    series = korea.with_derived_2013_imports(korea.stated_series(), 74.0, "derived")
    assert korea.available_years(series) == AVAILABLE


def test_window_cagr_marks_a_flow_without_an_endpoint():
    table = korea.window_cagr(korea.stated_series(), 2010, 2014, "text").set_index("flow")
    # (441.29 / 20.92)^(1/4) − 1: 21.0942 → square root twice → 2.14309
    assert table.loc["imports", "cagr_percent"] == pytest.approx(114.309, abs=0.01)
    assert math.isnan(table.loc["exports", "cagr_percent"])
    assert table.loc["exports", "note"] == "not computable: no value for 2014"


def test_window_cagr_keeps_each_value_in_the_column_of_its_currency():
    rates = currency.exchange_rates()
    series = korea.stated_series()
    usd = series.assign(value=korea.to_currency(series, "USD", rates)["value_display"])
    both = pd.concat([korea.window_cagr(series, 2010, 2016, "text (CNY)"),
                      korea.window_cagr(usd, 2010, 2016, "text (USD)", currency="USD")], ignore_index=True)
    rows = both.set_index(["series", "flow"])
    assert rows.loc[("text (CNY)", "imports"), "end_value_cny_million"] == 289.83
    assert math.isnan(rows.loc[("text (CNY)", "imports"), "end_value_usd_million"])
    assert rows.loc[("text (USD)", "imports"), "end_value_usd_million"] == pytest.approx(43.634, abs=1e-3)  # / 6.6423
    assert math.isnan(rows.loc[("text (USD)", "imports"), "end_value_cny_million"])
    with pytest.raises(ParameterError, match="parameter `currency`"):
        korea.window_cagr(series, 2010, 2016, "text", currency="EUR")


# --------------------------------------------------------------------------- trade balance
def test_trade_balance_hand_case_and_missing_flow():
    series = pd.DataFrame({"flow": ["exports", "imports", "exports", "imports", "imports"],
                           "year": [2010, 2010, 2011, 2011, 2012],
                           "value": [1.0, 3.0, math.nan, 5.0, 9.0],
                           "status": ["stated", "stated", "not stated", "stated", "derived"]})
    table = korea.trade_balance(series).set_index("year")
    assert table.loc[2010, "net_exports"] == pytest.approx(-2.0)
    assert table.loc[2010, "imports_per_export"] == pytest.approx(3.0)
    assert table.loc[2010, "ntb"] == pytest.approx(-0.5)
    assert math.isnan(table.loc[2011, "net_exports"]) and math.isnan(table.loc[2011, "ntb"])
    assert 2012 not in table.index  # a derived value is not used


# --------------------------------------------------------------------------- the codebook of the outputs
def codebook_fields(frame: pd.DataFrame, columns: dict) -> dict[str, dict]:
    schema = ct.codebook.field_schema(frame, columns, "test")  # refuses a described column the frame lacks
    return {f["name"]: f for f in schema["fields"]}


def assert_documented(frame: pd.DataFrame, columns: dict) -> dict[str, dict]:
    """Every column described, every column of numbers with a unit (as tests/test_outputs_codebook.py asks)."""
    fields = codebook_fields(frame, columns)
    assert [name for name, f in fields.items() if not f.get("description")] == []
    assert [name for name, f in fields.items() if f["type"] == "number" and not f.get("unit")] == []
    return fields


@pytest.mark.parametrize("shown_in", ["CNY", "USD"])
def test_the_trade_balance_codebook_follows_the_currency(shown_in):
    balance = korea.trade_balance(korea.stated_series())
    shown = korea.money_in_currency(balance, ["exports", "imports", "net_exports"], shown_in, currency.exchange_rates())
    fields = assert_documented(shown, korea.trade_balance_columns(shown_in))
    assert list(fields) == list(korea.trade_balance_columns(shown_in))  # no column left out, none more
    unit = {"CNY": "CNY million", "USD": "USD million"}[shown_in]
    assert fields[f"net_exports_{shown_in.lower()}_million"]["unit"] == unit
    assert fields["ntb"]["unit"] == "index, -1 to 1"


def test_the_cagr_window_codebook_names_the_columns_of_each_currency():
    series = korea.stated_series()
    cny = korea.window_cagr(series, 2010, 2016, "text (CNY)")
    assert_documented(cny, korea.cagr_window_columns(["CNY"]))
    usd = korea.window_cagr(series.assign(value=series["value"] / 6.5), 2010, 2016, "text (USD)", currency="USD")
    fields = assert_documented(pd.concat([cny, usd]), korea.cagr_window_columns(["CNY", "USD"]))
    assert fields["end_value_usd_million"]["unit"] == "USD million"
    assert fields["cagr_percent"]["unit"] == "percent per year"
    with pytest.raises(ValueError, match="not in the data"):  # USD columns described, a CNY-only table
        codebook_fields(cny, korea.cagr_window_columns(["CNY", "USD"]))


def test_the_user_series_check_is_documented():
    user = korea.load_user_series(f"{FIXTURES}/synthetic_korea_series_valid.csv")
    checks = korea.checks_against_user_series(korea.stated_series(), korea.user_series_long(user),
                                              ct.claims.load_registry(korea.PAPER))
    fields = assert_documented(checks, korea.USER_CHECK_COLUMNS)
    assert fields["from_user_series"]["type"] == "number"


def test_the_growth_claims_codebook_says_the_recomputed_value_is_rounded_text():
    ledger = ct.Ledger(notebook=korea.NOTEBOOK, papers=[korea.PAPER])
    ledger.check("001-SEVEN-YEARS", 7, section="growth")
    shown = korea.checked_since(ledger, 0)
    fields = assert_documented(shown, korea.GROWTH_CLAIMS_COLUMNS)
    assert list(fields) == list(korea.GROWTH_CLAIMS_COLUMNS)
    assert fields["recomputed"]["type"] == "string"
    assert fields["recomputed"]["description"].startswith("display text, rounded for reading")


# --------------------------------------------------------------------------- the user series
def test_valid_user_series_reproduces_every_stated_point():
    user = korea.load_user_series(f"{FIXTURES}/synthetic_korea_series_valid.csv")
    assert user["year"].tolist() == list(range(2010, 2017))
    assert user.attrs["label"] == f"{FIXTURES}/synthetic_korea_series_valid.csv"
    assert user["exports_cny_million"].isna().sum() == 5  # blanks stay missing
    checks = korea.checks_against_user_series(korea.stated_series(), korea.user_series_long(user),
                                              ct.claims.load_registry(korea.PAPER))
    points = checks[checks["claim_id"] == ""]
    assert len(points) == 5 and (points["verdict"] == "reproduced").all()
    by_claim = checks.set_index("claim_id")["verdict"]
    assert by_claim["001-EXP-CAGR-2010-2016"] == "reproduced"
    assert by_claim["001-IMP-YOY-2014"] == "not checkable"  # no 2013 in the file
    assert by_claim["001-EXP-INCREASED-EVERY-YEAR"] == "not checkable"
    assert by_claim["001-IMP-EXCEEDS-EXP-EVERY-YEAR"] == "not checkable"  # exports blank in five years
    assert by_claim["001-IMP-GROWING-OVER-YEARS-ENDPOINTS"] == "reproduced"
    registry = ct.claims.load_registry(korea.PAPER)
    for row in checks[checks["claim_id"] != ""].itertuples():  # each statement whole, as registered
        assert row.check == registry[row.claim_id].statement


def test_user_series_with_2013_checks_the_2014_growth():
    user = pd.DataFrame({"year": [2013, 2014], "exports_cny_million": [math.nan, math.nan],
                         "imports_cny_million": [105.0, 441.29], "source": ["", ""]})
    checks = korea.checks_against_user_series(korea.stated_series(), korea.user_series_long(user),
                                              ct.claims.load_registry(korea.PAPER)).set_index("claim_id")
    # 441.29 / 105 − 1 = 320.3 %: far from 496 %, but 105 equals the text's 105
    assert checks.loc["001-IMP-YOY-2014", "from_user_series"] == pytest.approx(320.276, abs=0.01)
    assert checks.loc["001-IMP-YOY-2014", "verdict"] == "discrepancy"
    assert checks.loc["001-CN-EXP-2013-EQUALS-IMP", "verdict"] == "reproduced"


def test_no_user_series_is_none():
    assert korea.load_user_series(None) is None
    assert korea.load_user_series("") is None


@pytest.mark.parametrize("name, messages", [
    ("synthetic_korea_series_invalid_values.csv",
     ["line 2, column 'year': value 2009 is below the minimum 2010", "line 5, column 'year': value '2011' repeats",
      "line 3, column 'exports_cny_million': value -3 is below the minimum 0",
      "line 4, column 'exports_cny_million': value 'abc' is not a number"]),
    ("synthetic_korea_series_invalid_columns.csv",
     ["missing column(s) ['exports_cny_million']", "unexpected column(s) ['exports']"]),
    ("synthetic_korea_series_invalid_blank.csv", ["no export or import value at all"]),
])
def test_invalid_user_series_names_parameter_file_and_line(name, messages):
    with pytest.raises(DataValidationError) as error:
        korea.load_user_series(f"{FIXTURES}/{name}")
    text = str(error.value)
    assert text.startswith(f"parameter `user_series`: {FIXTURES}/{name}: ")
    for message in messages:
        assert message in text


def test_missing_user_series_file():
    with pytest.raises(ParameterError, match="parameter `user_series`: file 'no/such.csv' not found"):
        korea.load_user_series("no/such.csv")


# --------------------------------------------------------------------------- prices per episode
def test_few_range_and_its_parameters():
    assert korea.few_range(1000, 2, 9) == (2000, 9999)
    assert korea.few_range(100, 2, 9) == (200, 999)
    assert korea.few_range(100, 3, 5) == (300, 599)
    assert korea.check_few(2, 9) == (2, 9)
    with pytest.raises(ParameterError, match=r"`few_low` \(5\) and `few_high` \(3\) are reversed"):
        korea.check_few(5, 3)
    with pytest.raises(ParameterError, match="`few_low` must be between 1 and 9, got 0"):
        korea.check_few(0, 3)


def test_korean_prices_are_converted_at_their_own_year():
    prices = korea.korean_prices(korea.stated_values(), currency.exchange_rates()).set_index("year")
    assert prices.loc[2013, "price_cny"] == pytest.approx(247728.0)    # 40,000 × 6.1932
    assert prices.loc[2016, "price_cny"] == pytest.approx(1527729.0)   # 230,000 × 6.6423
    assert prices.loc[2013, "printed"] == "US$40,000"


def test_episode_gaps_hand_case():
    korean = pd.DataFrame({"drama": ["a", "b"], "year": [2013, 2016], "price_cny": [1000.0, 5000.0]})
    chinese = pd.DataFrame({"words": ["few"], "low_cny": [10], "high_cny": [50]})
    gaps = korea.episode_gaps(korean, chinese)
    assert gaps["gap_low"].tolist() == pytest.approx([20.0, 100.0])
    assert gaps["gap_high"].tolist() == pytest.approx([100.0, 500.0])


# --------------------------------------------------------------------------- 2013: the 1/10 ratio
def test_export_ratio_and_what_would_make_it_one_tenth():
    value, (low, high) = korea.export_ratio_2013("105", "150", 7.0)
    assert value == pytest.approx(0.1)  # 105 / 7 = 15; 15 / 150
    assert low == pytest.approx(104.5 / 7 / 150.5) and high == pytest.approx(105.5 / 7 / 149.5)
    needed = korea.what_makes_ratio_hold(105.0, 150.0, 6.1932)
    assert needed["korea_usd_million"] == pytest.approx(169.5408, abs=1e-3)  # 105 / 6.1932 × 10
    assert needed["china_cny_million"] == pytest.approx(92.898)             # 15 × 6.1932
    assert needed["cny_per_usd"] == pytest.approx(7.0)                      # 105 / 15


def _verdict(claim_id, value):
    claim = ct.claims.load_registry(korea.PAPER)[claim_id]
    return ct.judge(claim.bound, value, claim.comparison, claim.tolerance, claim.approximate)


def test_the_one_tenth_ratio_has_two_readings_that_disagree_on_the_texts_numbers():
    to_the_unit, magnitude = "001-CN-KR-EXPORT-RATIO-2013", "001-CN-KR-EXPORT-RATIO-2013-MAGNITUDE"
    registry = ct.claims.load_registry(korea.PAPER)
    assert registry[to_the_unit].reading_of == registry[magnitude].reading_of == to_the_unit
    # to the unit: 1/10.5 = 0.0952 .. 1/9.5 = 0.1053, then 5 % of 0.1 (0.005) for 'approximate'
    assert _verdict(to_the_unit, 1 / 9.6) == "reproduced"
    assert _verdict(to_the_unit, 1 / 9.2) == "approximate"   # 0.1087: 0.0034 beyond 0.1053
    assert _verdict(to_the_unit, 1 / 8.85) == "discrepancy"  # 0.1130: 0.0077 beyond
    # order of magnitude: 0.1 / 10^0.5 = 0.0316 .. 0.316
    assert _verdict(magnitude, 1 / 8.85) == "reproduced"
    assert _verdict(magnitude, 1 / 12.45) == "reproduced"    # with the public US$211 million
    assert _verdict(magnitude, 1 / 33) == "approximate"      # 0.0303: 0.0013 below 0.0316
    assert _verdict(magnitude, 1 / 40) == "discrepancy"      # 0.025


def test_loosely_stated_numbers_of_the_text():
    assert _verdict("001-IMP-YOY-2014-CLOSE-500", 449.0) == "approximate"  # 'close to 500' = 450 .. 550
    assert _verdict("001-IMP-YOY-2014-CLOSE-500", 496.0) == "reproduced"
    assert _verdict("001-EPISODE-PRICE-6-TIMES", 5.75) == "reproduced"     # 'about 6' = 5.5 .. 6.5
    assert _verdict("001-EPISODE-PRICE-6-TIMES", 5.4) == "approximate"
    assert _verdict("001-HOLLYWOOD-MARKETING-SHARE", 37.0) == "discrepancy"  # 'up to 50%' = top in 45 .. 55
    assert _verdict("001-HOLLYWOOD-MARKETING-SHARE-OF-PRODUCTION", 58.0) == "discrepancy"  # 3 beyond 55, margin 2.5
    assert _verdict("001-HOLLYWOOD-MARKETING-SHARE-OF-PRODUCTION", 50.0) == "reproduced"


def test_the_price_gap_reads_as_a_range_and_its_top_fails_for_every_reading_of_a_few():
    korean = korea.korean_prices(korea.stated_values(), currency.exchange_rates())
    for few_low in range(1, 10):
        gaps = korea.episode_gaps(korean, korea.chinese_price_ranges(few_low, 9))
        widest = float(gaps["gap_high"].max())  # the 2016 price over few_low hundred yuan
        assert widest == pytest.approx(1527729.0 / (few_low * 100))
        assert _verdict("001-EPISODE-GAP-HUNDREDS", widest) == "discrepancy", few_low
    # default reading (2 to 9): narrowest 247,728 / 9,999; widest against the typical price 1,527,729 / 2,000
    assert _verdict("001-EPISODE-GAP-TEN", 247728 / 9999) == "reproduced"
    assert _verdict("001-EPISODE-GAP-HUNDREDS-TYPICAL", 1527729 / 2000) == "reproduced"
    assert _verdict("001-EPISODE-GAP-HUNDREDS", 1527729 / 200) == "discrepancy"


def test_korea_2013_figures_from_text_and_facts():
    table = korea.korea_exports_2013(korea.stated_values(), ct.facts.load_facts()).set_index("option")
    assert list(table.index) == list(korea.KOREA_2013_OPTIONS)
    assert table["value_usd_million"].tolist() == [150.0, 211.0, 239.0]
    assert table.loc["text", "status"] == "stated"
    assert table.loc["KR-DRAMA-EXP-2013", "source_url"].startswith("https://www.koreaherald.com/")


# --------------------------------------------------------------------------- public figures
FACTS = None


def _facts():
    global FACTS
    if FACTS is None:
        FACTS = ct.facts.load_facts()
    return FACTS


def test_episode_prices_in_dollars_with_each_reports_rounding_and_the_earliest_chosen():
    stars = korea.episode_price_sources(_facts(), "price_per_episode_you_from_the_stars").set_index("fact_id")
    assert list(stars.index) == ["KDRAMA-PRICE-STARS-AJU", "KDRAMA-PRICE-STARS-GT", "KDRAMA-PRICE-STARS-ZAOBAO"]
    # Zaobao prints 4 万美元: 4 × 10,000, standing for 3.5 to 4.5 万
    assert stars.loc["KDRAMA-PRICE-STARS-ZAOBAO", ["value", "value_low", "value_high"]].tolist() == [
        40000.0, 35000.0, 45000.0]
    assert stars.loc["KDRAMA-PRICE-STARS-AJU", "published"] == "2014-11-26"
    assert stars.loc["KDRAMA-PRICE-STARS-AJU", "value"] == 35000.0  # printed in dollars: taken as it is
    assert math.isnan(stars.loc["KDRAMA-PRICE-STARS-AJU", "value_low"])
    assert korea.earliest_report(stars.reset_index()) == "KDRAMA-PRICE-STARS-AJU"
    dots = korea.episode_price_sources(_facts(), "price_per_episode_descendants_of_the_sun")
    assert korea.earliest_report(dots) == "KDRAMA-PRICE-DOTS-GT"  # 2016-03-10, before 2016-03-22
    tie = dots.assign(published="2016-03-10")
    with pytest.raises(ValueError, match="4 reports share the earliest date 2016-03-10"):
        korea.earliest_report(tie)


def test_moon_lovers_sold_for_more_than_the_descendants_of_the_sun():
    frame = korea.moon_lovers_sources(_facts(), 230000.0).set_index("fact_id")
    # JoongAng: 'much higher than' US$250,000 → at most 230 − 250 = −20 thousand; Zaobao: 40 万美元
    assert frame.loc["KDRAMA-PRICE-DOTS-JOONGANG", "value"] == pytest.approx(-20.0)
    assert frame.loc["KDRAMA-PRICE-DOTS-ZAOBAO", "moon_lovers_usd"] == 400000.0
    assert frame.loc["KDRAMA-PRICE-DOTS-ZAOBAO", "value"] == pytest.approx(-170.0)
    assert korea.most_favourable(frame.reset_index()) == "KDRAMA-PRICE-DOTS-JOONGANG"
    for value in frame["value"]:
        assert _verdict("001-DOTS-HIGHEST-SELLING-2016", value) == "discrepancy"


def test_hollywood_marketing_on_both_bases():
    frame = korea.hollywood_marketing_sources(_facts()).set_index("fact_id")
    pa = frame.loc["HOLLYWOOD-MARKETING-PA-SHARE-2003-2009"]
    assert (pa["of_funds"], pa["of_production"]) == pytest.approx((37.0, 3700 / 63))  # 58.73
    per_dollar = frame.loc["HOLLYWOOD-MARKETING-PER-PRODUCTION-DOLLAR"]
    assert (per_dollar["of_funds"], per_dollar["of_production"]) == pytest.approx((5800 / 158, 58.0))
    rule = frame.loc["HOLLYWOOD-MARKETING-RULE-CN"]
    assert (rule["of_funds"], rule["of_production"]) == pytest.approx((100 / 3, 50.0))
    assert korea.sound_source(frame.reset_index()) == "HOLLYWOOD-MARKETING-PA-SHARE-2003-2009"
    with pytest.raises(ValueError, match="exactly one source without LOW RELIABILITY"):
        korea.sound_source(frame.reset_index().assign(low_reliability=False))


def test_exim_and_korea_2013_sources_and_their_choice():
    exim = korea.exim_multiplier_sources(_facts())
    assert exim["value"].tolist() == [412.0, 412.0]
    assert korea.primary_source(exim) == "KR-EXIM-CULT-EXP-MULTIPLIER-2012"
    korea_2013 = korea.korea_drama_export_sources(_facts()).set_index("fact_id")
    assert korea_2013.loc["KR-DRAMA-EXP-2013", ["value", "value_low", "value_high"]].tolist() == [211.0, 210.5, 211.5]


def test_a_claim_no_source_can_settle_keeps_every_sources_verdict():
    ledger = ct.Ledger(notebook=korea.NOTEBOOK, papers=[korea.PAPER])
    sources = pd.DataFrame({"fact_id": ["A", "B", "C"], "publisher": ["p"] * 3, "source_url": ["u"] * 3,
                            "value": [1.15, 1.06, math.nan]})
    evidence = korea.check_without_choice(ledger, "001-KR-CULTURE-BUDGET-SHARE", sources, rule="none: test",
                                          section="policy", reason="no share for the text's years")
    assert evidence["verdict"].tolist() == ["reproduced", "discrepancy", "not checkable"]  # > 1.1
    assert (evidence["chosen"] == "no").all()
    result = ledger.results["001-KR-CULTURE-BUDGET-SHARE"]
    assert (result["verdict"], result["sources_agree"]) == ("not checkable", "no")
    assert "A: reproduced; B: discrepancy; C: not checkable" in result["note"]
    assert len(ledger.evidence) == 3


def test_culture_budget_shares_leave_a_more_than_row_unjudged():
    budget = korea.culture_budget_sources(_facts()).set_index("fact_id")
    assert math.isnan(budget.loc["KR-CULT-BUDGET-SHARE-2000", "value"])  # 'exceeded 1%': not a value to set
    assert budget.loc["KR-CULT-BUDGET-SHARE-2003", "value"] == 1.15


# --------------------------------------------------------------------------- figures
def _points():
    rows = [("exports", 2010, 4.0, "stated"), ("exports", 2011, math.nan, "not stated"),
            ("exports", 2012, 6.0, "stated"), ("imports", 2010, 20.0, "stated"),
            ("imports", 2011, 30.0, "derived"), ("imports", 2012, math.nan, "not stated")]
    return pd.DataFrame(rows, columns=["flow", "year", "value_display", "status"]).assign(source="t")


def test_figure1_marks_stated_derived_and_missing(scratch_project):
    ct.use_style()
    paths = pd.DataFrame({"flow": ["exports", "exports"], "year": [2010, 2012], "value_display": [4.0, 6.0]})
    fig = korea.plot_figure1(_points(), "CNY", paths=paths, user=_points().assign(status="user-supplied"))
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert texts == ["stated in the text", "derived from the text (back-solved)",
                     "year not stated in the text (no value)",
                     "constant-growth path at the stated CAGR (not data)",
                     "user-supplied series (not from the text)"]
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks[1] == "2011\nnot\nstated" and ticks[0] == "2010"
    assert fig.axes[1].get_ylabel() == "Imports (CNY million)"
    saved = ct.save_figure(fig, "02_test_figure1", _points(), source="test")
    assert (scratch_project / "out" / saved.png).is_file()
    usd = korea.plot_figure1(_points(), "USD")
    assert usd.legends[0].get_texts()[0].get_text() == "stated in the text (converted at the year's rate)"
    plt.close("all")


def test_price_and_consistency_figures_are_complete(scratch_project):
    ct.use_style()
    korean = pd.DataFrame({"drama": ["a", "b"], "year": [2013, 2016], "printed": ["US$1", "US$2"],
                           "cny_per_usd": [6.0, 7.0], "price_cny": [6.0, 14.0]})
    chinese = pd.DataFrame({"words": ["a few"], "low_cny": [200], "high_cny": [999]})
    fig = korea.plot_episode_prices(korean, chinese, (1.0, 2.0))
    ct.save_figure(fig, "02_test_prices", korean, source="test")
    left = pd.DataFrame({"label": ["x", "y"], "value": [105.0, 74.0], "status": ["stated", "derived"],
                         "ratio": [math.nan, math.nan]})
    right = pd.DataFrame({"label": ["c", "k"], "value": [17.0, 150.0], "status": ["derived", "public figure"],
                          "ratio": [math.nan, 0.113]})
    fig = korea.plot_consistency_2013(left, right, one_tenth_of=150.0, left_note="note")
    ct.save_figure(fig, "02_test_consistency", left, source="test")
    out = scratch_project / "out" / "figures"
    assert {p.name for p in out.glob("02_test_*.png")} == {"02_test_prices.png", "02_test_consistency.png"}
    plt.close("all")


# --------------------------------------------------------------------------- creative services (UNCTAD)
# Expected values below are worked out by hand from rows of data/snapshots/unctad_services_countries.csv
# (US$ million): China 2010 exports 18105.086, imports 26369.272; 2016 exports 26010.436, imports
# 37242.968. Republic of Korea 2010 exports 3627.033, imports 14415.558; 2016 exports 9086.305,
# imports 14255.849. And of unctad_services_regional.csv: World 2010 SCRE 512092.265, SRND 201382.947,
# SSFT 160300.844, SAUV 57859.065, SINF 18516.802, SAMA 71195.155, SCRH 2837.453.
@pytest.fixture(scope="module")
def services_table():
    return ct.unctad.load_services_by_economy()


def test_comparison_economy_accepts_labels_and_codes_as_text(services_table):
    codes = ct.unctad.economy_codes(services_table)
    where = services_table.attrs["path"]
    assert korea.check_comparison_economy("Japan", codes, where) == "Japan"
    assert korea.check_comparison_economy("republic of korea", codes, where) == "Republic of Korea"
    assert korea.check_comparison_economy("410", codes, where) == "Republic of Korea"


def test_an_unknown_comparison_economy_is_refused_naming_the_parameter_and_close_names(services_table):
    codes = ct.unctad.economy_codes(services_table)
    where = services_table.attrs["path"]
    with pytest.raises(ct.unctad.UnknownEconomyError) as caught:
        korea.check_comparison_economy("Narnia", codes, where)
    message = str(caught.value)
    assert message.startswith("parameter `comparison_economy`: unknown economy 'Narnia': no code or label in "
                              "data/snapshots/unctad_services_countries.csv matches it; did you mean ")
    assert "'Armenia' (051)" in message and "'Namibia' (516)" in message
    with pytest.raises(ParameterError, match=r"parameter `comparison_economy`: .*did you mean 'Republic of Korea' \(410\)"):
        korea.check_comparison_economy("South Korea", codes, where)
    with pytest.raises(ParameterError, match="parameter `comparison_economy`: economy 392 must be given as text"):
        korea.check_comparison_economy(392, codes, where)  # what `-p comparison_economy 392` would pass
    with pytest.raises(ParameterError, match="parameter `comparison_economy`: 'china' is China itself"):
        korea.check_comparison_economy("china", codes, where)


def test_creative_services_of_china_and_korea_by_hand(services_table):
    services = korea.creative_services("Republic of Korea", services_table)
    assert list(services["economy"].unique()) == ["China", "Republic of Korea"]
    assert len(services) == 2 * 15  # 2010-2024
    row = services[(services["economy"] == "China") & (services["year"] == 2010)].iloc[0]
    assert row["balance_usd_mn"] == pytest.approx(18105.086 - 26369.272)  # -8,264.186
    assert row["ntb"] == pytest.approx(-8264.186 / 44474.358)  # -0.18582
    wide = korea.services_side_by_side(services).set_index("year")
    assert list(wide.columns) == ["China: exports", "China: imports", "China: NTB", "Republic of Korea: exports",
                                  "Republic of Korea: imports", "Republic of Korea: NTB"]
    assert wide.loc[2016, "Republic of Korea: NTB"] == pytest.approx(-5169.544 / 23342.154)  # -0.22147


def test_ntb_gap_and_its_lowest_year_in_the_text_window(services_table):
    services = korea.creative_services("Republic of Korea", services_table)
    gap = korea.ntb_gap(services, "China", "Republic of Korea")
    china_2016, korea_2016 = -11232.532 / 63253.404, -5169.544 / 23342.154  # -0.17758, -0.22147
    assert gap[2016] == pytest.approx(china_2016 - korea_2016)  # +0.04389
    china_2010, korea_2010 = -8264.186 / 44474.358, -10788.525 / 18042.591  # -0.18582, -0.59794
    assert gap[2010] == pytest.approx(china_2010 - korea_2010)  # +0.41213
    lowest, year = korea.window_extreme(gap, 2010, 2016, "min")
    assert (year, lowest) == (2016, pytest.approx(china_2016 - korea_2016))
    highest, year = korea.window_extreme(gap, 2010, 2016, "max")
    assert (year, highest) == (2010, pytest.approx(china_2010 - korea_2010))


def test_window_extreme_refuses_to_judge_a_window_with_a_missing_year():
    values = pd.Series({2010: -0.2, 2011: math.nan, 2012: -0.1})
    lowest, year = korea.window_extreme(values, 2010, 2012, "min")
    assert math.isnan(lowest) and year is None
    assert korea.window_extreme(values, 2012, 2012, "max") == (-0.1, 2012)
    lowest, year = korea.window_extreme(values, 2012, 2013, "min")  # 2013: no row at all
    assert math.isnan(lowest) and year is None


def test_services_windows_by_hand(services_table):
    services = korea.creative_services("Republic of Korea", services_table)
    windows = korea.services_windows(services, [(2010, 2016), (2017, 2024)]).set_index(["economy", "years"])
    kr = windows.loc[("Republic of Korea", "2010–2016")]
    assert kr["exports_cagr_pct"] == pytest.approx(100 * ((9086.305 / 3627.033) ** (1 / 6) - 1))  # 16.54
    assert kr["ntb_lowest"] == pytest.approx(-10788.525 / 18042.591)  # 2010
    assert (kr["deficit_years"], kr["years_with_ntb"]) == (7, 7)
    cn = windows.loc[("China", "2010–2016")]
    assert cn["exports_cagr_pct"] == pytest.approx(100 * ((26010.436 / 18105.086) ** (1 / 6) - 1))  # 6.22
    # China 2022-2024: exports above imports (86987.641 > 63015.772, 64705.437 > 59741.976,
    # 72045.257 > 63269.334), 2017-2021 below
    assert windows.loc[("China", "2017–2024"), "deficit_years"] == 5


def test_services_windows_counts_only_years_with_a_value():
    rows = [(2010, 0.0, 5.0), (2011, 2.0, math.nan), (2012, 4.0, 1.0)]
    frame = pd.DataFrame(rows, columns=["year", "exports_usd_mn", "imports_usd_mn"]).assign(economy="X")
    frame["ntb"] = (frame["exports_usd_mn"] - frame["imports_usd_mn"]) / (frame["exports_usd_mn"] + frame["imports_usd_mn"])
    windows = korea.services_windows(frame, [(2010, 2012), (2011, 2012)]).set_index("years")
    assert math.isnan(windows.loc["2010–2012", "exports_cagr_pct"])  # no growth rate from a zero start
    assert (windows.loc["2010–2012", "deficit_years"], windows.loc["2010–2012", "years_with_ntb"]) == (1, 2)
    assert windows.loc["2011–2012", "exports_cagr_pct"] == pytest.approx(100.0)  # 2 → 4 in one year
    assert windows.loc["2010–2012", "ntb_highest"] == pytest.approx(3 / 5)


def test_service_mix_of_the_world_in_2010_by_hand():
    shares = ct.unctad.service_group_shares("World", 2010, 2010)
    mix = korea.service_mix(shares, [2010]).iloc[0]
    total = 512092.265
    assert list(korea.service_mix(shares, [2010]).columns) == [
        "region", "year", "R&D %", "software %", "audio-visual %", "cultural, recreational, heritage %", "other %"]
    assert mix["R&D %"] == pytest.approx(100 * 201382.947 / total)  # 39.3
    assert mix["software %"] == pytest.approx(100 * 160300.844 / total)  # 31.3
    assert mix["audio-visual %"] == pytest.approx(100 * 57859.065 / total)  # 11.3
    assert mix["cultural, recreational, heritage %"] == pytest.approx(100 * 2837.453 / total)  # 0.55
    assert mix["other %"] == pytest.approx(100 * (71195.155 + 18516.802) / total)  # 17.5


def test_creative_services_figure_marks_the_window_and_breaks_at_missing_years(scratch_project):
    ct.use_style()
    rows = []
    for economy, start in (("China", 10.0), ("Elsewhere", 5.0)):
        for year in range(2010, 2015):
            exports = math.nan if (economy, year) == ("Elsewhere", 2012) else start + year - 2010
            rows.append({"year": year, "economy": economy, "exports_usd_mn": 1000 * exports,
                         "imports_usd_mn": 1000 * start, "ntb": (exports - start) / (exports + start)})
    fig, data = korea.plot_creative_services(pd.DataFrame(rows), (2010, 2012))
    assert len(data) == 2 * 3 * 5  # two economies × exports, imports, NTB × five years
    assert data["in_text_window"].tolist().count(True) == 2 * 3 * 3
    assert data.loc[(data["economy"] == "China") & (data["measure"] == "exports") & (data["year"] == 2014),
                    "value"].iloc[0] == 14.0  # US$ billion
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["exports", "imports", "NTB", "China", "Elsewhere", "text 001's window (2010–2012)"]
    flows_ax, ntb_ax = fig.axes
    assert flows_ax.get_ylabel() == "Creative services (US$ billion, current prices)"
    # Elsewhere's exports miss 2012: two pieces (2010-2011, 2013-2014), never one line across the gap
    pieces = [line.get_xdata().tolist() for line in flows_ax.get_lines() if line.get_linestyle() != "-"]
    assert [[2010, 2011], [2013, 2014], [2010, 2011, 2012, 2013, 2014]] == pieces
    saved = ct.save_figure(fig, "02_test_services", data.assign(source="test"), source="test")
    assert (scratch_project / "out" / saved.png).is_file()
    plt.close("all")


# --------------------------------------------------------------------------- the notebook, run for real
NOTEBOOK = "notebooks/02_china_korea.ipynb"


@pytest.mark.slow
def test_notebook_runs_in_usd_with_a_user_series():
    """One run with two non-default parameters (each a whole notebook run, so they share it)."""
    out = ROOT / "build" / "test-korea-usd-user"
    try:
        pipeline.run_notebook(NOTEBOOK, {"currency": "USD",
                                         "user_series": f"{FIXTURES}/synthetic_korea_series_valid.csv"},
                              destination=out)
        figure = pd.read_csv(out / "figures/02_figure1_rebuilt.csv")
        row = figure[(figure["flow"] == "imports") & (figure["year"] == 2016) & (figure["status"] == "stated")].iloc[0]
        assert row["currency"] == "USD"
        assert row["value_display"] == pytest.approx(43.634, abs=1e-3)  # 289.83 / 6.6423
        assert row["value_cny_million"] == 289.83
        claims = pd.read_csv(out / "tables/claims/02_china_korea.csv").set_index("claim_id")
        assert claims.loc["001-EXP-CAGR-2010-2016", "verdict"] == "reproduced"  # claims stay in CNY
        checks = pd.read_csv(out / "tables/02_user_series_check.csv", keep_default_na=False)
        assert (checks.loc[checks["claim_id"] == "", "verdict"] == "reproduced").all()
        assert (figure["status"] == "user-supplied").sum() == 14
        window = pd.read_csv(out / "tables/02_cagr_window.csv").set_index(["series", "flow"])
        assert window.loc[("text (USD)", "imports"), "end_value_usd_million"] == pytest.approx(43.634, abs=1e-3)
        assert math.isnan(window.loc[("text (USD)", "imports"), "end_value_cny_million"])
        # the run's codebook documents what these parameters write (USD columns, the user's checks)
        part = json.loads((out / "tables/datapackage/02_china_korea.json").read_text(encoding="utf-8"))
        assert "tables/02_user_series_check.csv" in {r["path"] for r in part["resources"]}
        assert outputs.undocumented(part) == []
        # the user's verdicts are not the text's: the claims table has the registry's claims and the
        # stated values registered from the transcription, no more
        stated = korea.stated_series()
        registered_in_code = (stated["status"] == "stated").sum() + len(korea.STATED_CLAIMS)
        assert len(claims) == len(ct.claims.load_registry(korea.PAPER)) + registered_in_code
    finally:
        shutil.rmtree(out, ignore_errors=True)


@pytest.mark.slow
def test_notebook_runs_for_another_comparison_economy(tmp_path):
    """`make run NB=02_china_korea PARAMS='-p comparison_economy Japan'`: Japan beside China in §10's
    figure and tables, the claims still about Korea, the committed results untouched."""
    committed = {name: (ROOT / name).read_bytes() for name in (
        "figures/02_creative_services.csv", "tables/02_creative_services.csv", "tables/claims/02_china_korea.csv")}
    result = pipeline.run_notebook(NOTEBOOK, {"comparison_economy": "japan"}, destination=tmp_path)
    assert "figures/02_creative_services.png" in result.written
    services = pd.read_csv(tmp_path / "tables/02_creative_services.csv")
    assert sorted(services["economy"].unique()) == ["China", "Japan"]
    japan_2010 = services[(services["economy"] == "Japan") & (services["year"] == 2010)].iloc[0]
    assert (japan_2010["exports_usd_mn"], japan_2010["imports_usd_mn"]) == (25450.599, 31300.074)
    drawn = pd.read_csv(tmp_path / "figures/02_creative_services.csv")
    assert set(drawn["economy"]) == {"China", "Japan"}
    claims = pd.read_csv(tmp_path / "tables/claims/02_china_korea.csv").set_index("claim_id")
    assert claims.loc["001-Q-SVC-CN-NTB-BELOW-KR-2010-2016", "verdict"] == "discrepancy"  # still Korea's
    assert claims.loc["001-Q-SVC-CN-NTB-BELOW-KR-2010-2016", "recomputed"] == pytest.approx(
        -11232.532 / 63253.404 + 5169.544 / 23342.154)
    notebook = (tmp_path / NOTEBOOK).read_text(encoding="utf-8")
    assert "creative services beside China: Japan" in notebook and "**Against Japan**" in notebook
    assert {name: (ROOT / name).read_bytes() for name in committed} == committed
