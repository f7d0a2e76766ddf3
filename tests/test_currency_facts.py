"""Currency conversion (explicit rate table) and the public-facts snapshot."""

import hashlib
from pathlib import Path

import pytest
import yaml

from culturaltrade import currency, facts

ROOT = Path(__file__).resolve().parents[1]


def test_rates_are_per_usd_not_per_100_usd():
    rates = currency.exchange_rates()
    # the snapshot prints 619.32 CNY per 100 USD for 2013
    assert currency.cny_per_usd(2013, rates) == pytest.approx(6.1932)


def test_convert_both_ways_and_identity():
    assert currency.convert(619.32, "CNY", "USD", 2013) == pytest.approx(100.0)
    assert currency.convert(100.0, "USD", "CNY", 2013) == pytest.approx(619.32)
    assert currency.convert(5.0, "USD", "USD", 1999) == 5.0  # no rate needed


def test_year_without_rate_is_refused_not_guessed():
    with pytest.raises(currency.MissingRateError, match="no CNY/USD rate for 2019.*refusing to guess"):
        currency.convert(1.0, "CNY", "USD", 2019)


def test_unknown_currency():
    with pytest.raises(ValueError, match="unknown currency 'EUR'"):
        currency.convert(1.0, "EUR", "USD", 2013)


def test_snapshots_are_verbatim_copies():
    for name in ("public_facts", "cny_per_usd_annual"):
        meta = yaml.safe_load((ROOT / f"data/snapshots/{name}.meta.yaml").read_text())
        digest = hashlib.sha256((ROOT / f"data/snapshots/{name}.csv").read_bytes()).hexdigest()
        assert digest == meta["source"]["sha256"], f"data/snapshots/{name}.csv was edited"


def test_units_in_yi_are_converted_to_billions():
    table = facts.load_facts()
    # 185.57 亿美元 = USD 18.557 billion
    assert facts.amount_billion(table, "GAMES-OVERSEAS-2024") == pytest.approx(18.557)
    # 8954 万美元 = USD 0.08954 billion
    assert facts.amount_billion(table, "SHORTDRAMA-DRAMABOX-REV-2024-08-WP") == pytest.approx(0.08954)
    with pytest.raises(ValueError, match="in 'CNY'"):
        facts.amount_billion(table, "GAMES-OVERSEAS-2020-CNY", "USD")


def test_every_money_unit_is_known():
    table = facts.load_facts()
    money_like = table["unit"].str.contains("USD|CNY") & ~table["unit"].str.startswith("percent")
    unknown = sorted(set(table.loc[money_like & table["currency"].isna(), "unit"]))
    assert not unknown, f"add these units to facts.MONEY_UNITS: {unknown}"


def test_decrease_is_negative_and_dates_are_not_numbers():
    table = facts.load_facts().set_index("fact_id")
    assert table.loc["GAMES-OVERSEAS-GROWTH-2023", "percent"] == pytest.approx(-5.65)
    assert table.loc["GAMES-OVERSEAS-GROWTH-2024", "percent"] == pytest.approx(13.39)
    assert table["number"].isna()["EVENT-ACFTA3-SIGNED"]


def test_unknown_fact_id_is_named():
    with pytest.raises(facts.UnknownFactError, match="'NO-SUCH-FACT'"):
        facts.fact(facts.load_facts(), "NO-SUCH-FACT")


def test_convert_series_per_year_and_refuses_missing_rates():
    import pandas as pd

    out = currency.convert_series(pd.Series([619.32, 664.23]), pd.Series([2013, 2016]), "CNY", "USD")
    assert out.tolist() == pytest.approx([100.0, 100.0])  # each year at its own rate
    with pytest.raises(currency.MissingRateError):
        currency.convert_series(pd.Series([1.0]), pd.Series([2019]), "CNY", "USD")
