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


# --- edges: every branch, hand-computed -------------------------------------------------------


def test_a_missing_value_is_no_reason_to_refuse_and_stays_missing():
    result = ind.net_exports([np.nan, 3.0], [1.0, 1.0])
    assert math.isnan(result[0]) and result[1] == 2.0
    with pytest.raises(ValueError, match=r"^imports must be non-negative trade values, got \[nan, -1.0\]$"):
        ind.total_trade([1.0, 1.0], [np.nan, -1.0])
    with pytest.raises(ValueError, match=r"^exports must be non-negative"):
        ind.total_trade(-0.5, 1.0)


def test_results_keep_the_shape_of_the_exports():
    assert isinstance(ind.total_trade(1.0, 2.0), float)
    array = ind.total_trade(np.array([1.0, 2.0]), np.array([0.5, 0.5]))
    assert isinstance(array, np.ndarray) and array.tolist() == [1.5, 2.5]
    series = ind.net_exports(pd.Series([4.0, 1.0], index=[2011, 2012]), [1.0, 2.0])
    assert series.index.tolist() == [2011, 2012] and series.tolist() == [3.0, -1.0]
    assert ind.normalized_trade_balance(np.array([1.0, 0.0]), np.array([3.0, 0.0]))[0] == -0.5


def test_growth_rate_edges():
    assert ind.growth_rate(4.0, 5.0) == 0.25
    assert ind.growth_rate(4.0, 2.0) == -0.5
    assert ind.growth_rate(4.0, 0.0) == -1.0
    for start, end in ((None, 1.0), (1.0, None), (math.nan, 1.0), (1.0, math.nan)):
        assert math.isnan(ind.growth_rate(start, end))
    for start in (0.0, -2.0):
        with pytest.raises(ValueError, match=rf"^growth from a non-positive start value \({start}\) is undefined$"):
            ind.growth_rate(start, 1.0)


def test_cagr_edges():
    assert ind.cagr(100.0, 0.0, 2) == -1.0                    # a non-negative end may be zero
    assert ind.cagr(4.0, 9.0, 2) == 0.5                       # (9/4)^(1/2) − 1
    assert ind.cagr(8.0, 27.0, 3) == pytest.approx(0.5)       # (27/8)^(1/3) − 1
    assert math.isnan(ind.cagr(math.nan, 1.0, 2)) and math.isnan(ind.cagr(1.0, None, 2))
    for years in (0, -1, None):
        with pytest.raises(ValueError, match=rf"^CAGR needs a positive number of years, got {years}$"):
            ind.cagr(1.0, 2.0, years)
    for start, end in ((0.0, 1.0), (-1.0, 1.0), (1.0, -0.5)):
        with pytest.raises(ValueError, match=rf"^CAGR needs a positive start and non-negative end, got {start} and {end}$"):
            ind.cagr(start, end, 2)


def test_value_before_and_after_growth_edges():
    assert ind.value_before_growth(50.0, -0.5) == 100.0
    assert ind.value_before_growth(50.0, -0.75) == 200.0
    for growth in (-1.0, -1.5):
        with pytest.raises(ValueError, match=r"cannot be inverted"):
            ind.value_before_growth(10.0, growth)
    with pytest.raises(ValueError, match=r"^a growth of -1 \(≤ −100 %\) cannot be inverted$"):
        ind.value_before_growth(10.0, -1.0)
    assert ind.value_after_cagr(8.0, 0.5, 3) == 27.0          # 8 × 1.5³
    assert ind.value_after_cagr(8.0, -0.5, 3) == 1.0


def test_yoy_growth_sorts_years_first():
    growth = ind.yoy_growth(pd.Series([121.0, 100.0, 110.0], index=[2012, 2010, 2011]))
    assert growth.index.tolist() == [2010, 2011, 2012]
    assert growth.iloc[1:].tolist() == pytest.approx([0.10, 0.10])


def test_shares_edges():
    result = ind.shares(pd.Series([1.0, 1.0, 2.0], index=["a", "b", "c"]))
    assert result.index.tolist() == ["a", "b", "c"] and result.tolist() == [0.25, 0.25, 0.5]
    assert ind.shares([0.0, 2.0]).tolist() == [0.0, 1.0]
    missing = ind.shares(pd.Series([1.0, np.nan], index=["a", "b"]))
    assert missing.index.tolist() == ["a", "b"] and missing.isna().all()
    with pytest.raises(ValueError, match=r"^shares need non-negative values$"):
        ind.shares([3.0, -1.0])
    with pytest.raises(ValueError, match=r"^shares need a positive total$"):
        ind.shares([0.0, 0.0])


def test_percentage_point_change():
    assert ind.percentage_point_change(40.0, 45.5) == 5.5
    assert ind.percentage_point_change(45.5, 40.0) == -5.5


def test_printed_precision_edges():
    assert ind.decimals(" +1.50 ") == 2
    assert ind.decimals("-.5") == 1
    assert ind.decimals("1000") == 0
    for printed in ("1e5", "2.5E-3"):
        with pytest.raises(ValueError, match=rf"^cannot infer printed precision of '{printed}'$"):
            ind.decimals(printed)
    assert ind.bounds_from_rounding("10") == (9.5, 10.5)
    assert ind.bounds_from_rounding("-2.5") == pytest.approx((-2.55, -2.45), rel=1e-12)


def test_propagate_bounds_takes_every_corner():
    assert ind.propagate_bounds(lambda a, b: a - b, (1.0, 2.0), (0.0, 10.0)) == (-9.0, 2.0)
    assert ind.propagate_bounds(lambda a: -a, (1.0, 2.0)) == (-2.0, -1.0)
    low, high = ind.propagate_bounds(lambda a, b, c: a * b - c, (1.0, 2.0), (3.0, 4.0), (0.5, 1.0))
    assert (low, high) == (2.0, 7.5)   # 1·3 − 1 and 2·4 − 0.5
    assert isinstance(low, float)


def test_value_and_bounds_of_a_ratio():
    value, (low, high) = ind.value_and_bounds(lambda s, e: e / s, "2", "5")
    assert value == 2.5
    assert (low, high) == (4.5 / 2.5, 5.5 / 1.5)   # the smallest end over the largest start, and back


def test_herfindahl_edges():
    assert ind.herfindahl_index([0.25, 0.25, 0.25, 0.25]) == 0.25
    assert ind.herfindahl_index([0.5, 0.5000005]) == pytest.approx(0.5000005)   # sum within 1e-6 of 1
    with pytest.raises(ValueError, match=r"^HHI needs non-negative shares summing to 1, got sum 1\.000002$"):
        ind.herfindahl_index([0.5, 0.500002])                 # 2e-6 off
    with pytest.raises(ValueError, match=r"^HHI needs non-negative shares summing to 1, got sum 0\.99$"):
        ind.herfindahl_index([0.5, 0.49])
    with pytest.raises(ValueError, match=r"^HHI needs non-negative shares summing to 1, got a share of -0\.5$"):
        ind.herfindahl_index([1.5, -0.5])


def test_whole_numbers_are_computed_as_floats():
    assert ind.net_exports(np.array([3, 1]), np.array([1, 2])).dtype == np.float64
    assert ind.normalized_trade_balance(np.array([1, 3]), np.array([3, 1])).tolist() == [-0.5, 0.5]
    series = ind.total_trade(pd.Series([1, 2], index=["a", "b"]), [1, 1])
    assert series.index.tolist() == ["a", "b"] and series.dtype == np.float64


def test_each_indicator_names_the_negative_input():
    for function in (ind.net_exports, ind.total_trade, ind.normalized_trade_balance):
        with pytest.raises(ValueError, match=r"^exports must be non-negative trade values, got -1.0$"):
            function(-1.0, 1.0)
        with pytest.raises(ValueError, match=r"^imports must be non-negative trade values, got -2.0$"):
            function(1.0, -2.0)


def test_ntb_of_values_below_one():
    assert ind.normalized_trade_balance(0.125, 0.375) == -0.5      # (0.125 − 0.375) / 0.5
    assert ind.normalized_trade_balance(0.25, 0.25) == 0.0


def test_growth_from_a_start_below_one():
    assert ind.growth_rate(0.5, 1.0) == 1.0
    assert ind.cagr(0.25, 1.0, 2) == 1.0                          # 4^(1/2) − 1
    assert ind.cagr(4.0, 5.0, 1) == 0.25                          # one year: plain growth
    assert ind.cagr(4.0, 9.0, 0.5) == 4.0625                      # (9/4)² − 1


def test_shares_of_a_small_total_and_missing_shares_are_floats():
    assert ind.shares([0.25, 0.25]).tolist() == [0.5, 0.5]
    assert ind.shares(pd.Series([1.0, np.nan])).dtype == np.float64


def test_herfindahl_of_a_monopoly_and_of_a_missing_share():
    assert ind.herfindahl_index([1.0, 0.0]) == 1.0                # a zero share is a share
    with pytest.raises(ValueError, match=r"got sum nan$"):
        ind.herfindahl_index([0.5, None])
