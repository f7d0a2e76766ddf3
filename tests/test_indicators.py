"""Indicators against hand-computed cases."""

import math

import numpy as np
import pandas as pd
import pytest

from culturaltrade import indicators as ind


def test_ntb_hand_cases():
    assert ind.normalized_trade_balance(1.0, 3.0) == pytest.approx(-0.5)   # (1-3)/(1+3)
    assert ind.normalized_trade_balance(3.0, 1.0) == pytest.approx(0.5)
    assert ind.normalized_trade_balance(5.0, 0.0) == pytest.approx(1.0)    # exports only
    assert ind.normalized_trade_balance(0.0, 5.0) == pytest.approx(-1.0)   # imports only


def test_ntb_is_missing_not_zero_when_undefined_or_missing():
    assert math.isnan(ind.normalized_trade_balance(0.0, 0.0))
    assert math.isnan(ind.normalized_trade_balance(2.0, float("nan")))


def test_ntb_keeps_series_index():
    x = pd.Series([1.0, 3.0], index=["a", "b"])
    m = pd.Series([3.0, 1.0], index=["a", "b"])
    result = ind.normalized_trade_balance(x, m)
    assert list(result.index) == ["a", "b"]
    assert result.tolist() == pytest.approx([-0.5, 0.5])


def test_negative_trade_values_are_refused():
    with pytest.raises(ValueError, match="non-negative"):
        ind.normalized_trade_balance(-1.0, 2.0)
    with pytest.raises(ValueError, match="non-negative"):
        ind.net_exports([1.0, 2.0], [1.0, -2.0])


def test_net_exports_and_total():
    assert ind.net_exports(10.0, 25.0) == pytest.approx(-15.0)
    assert ind.total_trade(10.0, 25.0) == pytest.approx(35.0)


def test_growth_and_cagr():
    assert ind.growth_rate(80.0, 100.0) == pytest.approx(0.25)
    assert ind.cagr(100.0, 121.0, 2) == pytest.approx(0.10)     # 1.1 ** 2 = 1.21
    assert ind.cagr(100.0, 100.0, 5) == pytest.approx(0.0)
    assert ind.value_after_cagr(100.0, 0.10, 2) == pytest.approx(121.0)
    with pytest.raises(ValueError):
        ind.cagr(0.0, 10.0, 3)
    with pytest.raises(ValueError):
        ind.cagr(10.0, 20.0, 0)


def test_value_before_growth_inverts_growth():
    assert ind.value_before_growth(150.0, 0.5) == pytest.approx(100.0)
    assert ind.value_before_growth(596.0, 4.96) == pytest.approx(100.0)  # +496 % means ×5.96
    with pytest.raises(ValueError):
        ind.value_before_growth(10.0, -1.0)


def test_yoy_growth_leaves_gaps_as_gaps():
    series = pd.Series([100.0, 110.0, 121.0, 200.0], index=[2010, 2011, 2012, 2015])
    growth = ind.yoy_growth(series)
    assert math.isnan(growth[2010])
    assert growth[2011] == pytest.approx(0.10)
    assert growth[2012] == pytest.approx(0.10)
    assert math.isnan(growth[2015])  # 2014 is missing: no growth spanning three years


def test_shares_sum_to_one_and_refuse_missing():
    assert ind.shares(pd.Series([1.0, 3.0])).tolist() == pytest.approx([0.25, 0.75])
    assert ind.shares(pd.Series([1.0, np.nan])).isna().all()


def test_printed_precision_and_rounding_bounds():
    assert ind.decimals("54765.2") == 1
    assert ind.decimals("-0.83") == 2
    assert ind.decimals("103") == 0
    low, high = ind.bounds_from_rounding("1.96")
    assert (low, high) == pytest.approx((1.955, 1.965))


def test_propagate_bounds_of_a_ratio():
    low, high = ind.propagate_bounds(lambda a, b: a / b, (9.0, 11.0), (1.0, 2.0))
    assert (low, high) == pytest.approx((4.5, 11.0))


def test_herfindahl():
    assert ind.herfindahl_index([0.5, 0.5]) == pytest.approx(0.5)
    assert ind.herfindahl_index([1.0]) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        ind.herfindahl_index([0.5, 0.4])  # not normalised


def test_value_and_bounds_from_printed_numbers():
    value, (low, high) = ind.value_and_bounds(lambda s, e: e - s, "1.96", "10.47")
    assert value == pytest.approx(8.51)
    assert (low, high) == pytest.approx((8.50, 8.52))  # 10.465 − 1.965 and 10.475 − 1.955
