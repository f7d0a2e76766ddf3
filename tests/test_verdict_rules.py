"""The verdict rules of ``claims.judge`` at their edges: at, just inside and just outside each boundary.

Every expected value is worked out by hand (in the comment beside it), never by calling the code
under test. Numbers are exact in binary (halves, quarters) or lie a clear step (1e-6 or more)
beyond a boundary, far beyond the 1e-9 relative slack ``judge`` allows for binary floating
point; where a boundary is a decimal number (-0.835), the value exactly at it must reproduce.
"""

import math

import numpy as np
import pytest

from culturaltrade import claims as cl

STEP = 1e-6  # "a clear step": a thousand times the slack for binary floating point


# --- the interval a stated number stands for, tolerance by tolerance ---------------------------


@pytest.mark.parametrize(
    "reported, tolerance, interval",
    [
        ("6", "rounding", (5.5, 6.5)),               # half a unit of the last digit
        ("5,000", "rounding", (4999.5, 5000.5)),     # thousands separator; trailing zeros are printed digits
        ("2015", "exact", (2015.0, 2015.0)),
        ("10", "abs:0.25", (9.75, 10.25)),
        ("−10", "abs:0.25", (-10.25, -9.75)),        # Unicode minus, as the texts print it
        ("8", "rel:0.25", (6.0, 10.0)),              # ±0.25 × 8
        ("-8", "rel:0.25", (-10.0, -6.0)),           # ±0.25 × |-8|
        ("6", "loose", (5.5, 6.5)),                  # the last significant digit is the unit
        ("20", "loose", (15.0, 25.0)),               # trailing zero not significant: ±5
        ("500", "loose", (450.0, 550.0)),
        ("5,000", "loose", (4500.0, 5500.0)),
        ("−20", "loose", (-25.0, -15.0)),
        ("0", "loose", (-0.5, 0.5)),                 # no significant digit at all: read to the unit
        ("1/2", "loose", (0.4, 2 / 3)),              # 1/2.5 .. 1/1.5
        (" 1/4 ", "loose", (1 / 4.5, 1 / 3.5)),
    ],
)
def test_stated_interval_exact_cases(reported, tolerance, interval):
    assert cl.stated_interval(reported, tolerance) == interval


@pytest.mark.parametrize(
    "reported, tolerance, interval",
    [
        ("-0.83", "rounding", (-0.835, -0.825)),
        ("−0.75", "rounding", (-0.755, -0.745)),
        ("26.85", "loose", (26.845, 26.855)),       # decimals are all significant
        ("0.5", "loose", (0.45, 0.55)),
        ("1/10", "loose", (0.09523809523809523, 0.10526315789473684)),  # 1/10.5 .. 1/9.5
        ("100", "magnitude", (31.622776601683793, 316.22776601683796)),  # 100 ÷ √10 .. 100 × √10
        ("1/10", "magnitude", (0.031622776601683793, 0.31622776601683794)),
    ],
)
def test_stated_interval_decimal_cases(reported, tolerance, interval):
    assert cl.stated_interval(reported, tolerance) == pytest.approx(interval, rel=1e-12)


@pytest.mark.parametrize(
    "reported, tolerance, width",
    [("6", "rounding", 0.5), ("500", "loose", 50.0), ("10", "abs:0.25", 0.25), ("8", "rel:0.25", 2.0),
     ("2015", "exact", 0.0)],
)
def test_tolerance_width_is_the_half_width(reported, tolerance, width):
    assert cl.tolerance_width(reported, tolerance) == width


@pytest.mark.parametrize(
    "printed, unit",
    [("0", 1.0), ("-0", 1.0), ("−0", 1.0), ("+20", 10.0), ("−500", 100.0), ("1,000", 1000.0), ("100.0", 0.1),
     (" 7 ", 1.0)],
)
def test_significant_unit_edges(printed, unit):
    assert cl.significant_unit(printed) == pytest.approx(unit, rel=1e-12)


def test_parse_reported_and_parse_range():
    assert cl.parse_reported("−0.83") == -0.83
    assert cl.parse_reported(" 5,000 ") == 5000.0
    assert cl.parse_reported("1/4") == 0.25
    assert cl.parse_range("10..20") == (10.0, 20.0)
    assert cl.parse_range("−5..−1") == (-5.0, -1.0)
    assert cl.parse_range("1/4..1/2") == (0.25, 0.5)
    assert cl.parse_range("5..5") == (5.0, 5.0)               # a range of one value is a range
    with pytest.raises(cl.ClaimError, match=r"^a 'within' claim needs 'low\.\.high', got '10-20'$"):
        cl.parse_range("10-20")
    with pytest.raises(cl.ClaimError, match=r"low ≤ high, got '20\.\.10'$"):
        cl.parse_range("20..10")
    with pytest.raises(cl.ClaimError, match=r"low ≤ high, got '−1\.\.−5'$"):
        cl.parse_range("−1..−5")


# --- equals: rounding -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "recomputed, expected",
    [
        (6.0, "reproduced"),
        (6.5, "reproduced"),                   # at the edge of 6 ± 0.5
        (5.5, "reproduced"),
        (6.5 + STEP, "approximate"),           # just outside; within 5 % of 6 (0.3)
        (5.5 - STEP, "approximate"),
        (6.8 - STEP, "approximate"),           # gap 0.3 − 1e-6 ≤ 0.3
        (6.8 + STEP, "discrepancy"),
        (5.2 - STEP, "discrepancy"),
    ],
)
def test_rounding_edges_of_a_whole_number(recomputed, expected):
    assert cl.judge("6", recomputed) == expected


@pytest.mark.parametrize(
    "recomputed, expected",
    [
        (-0.835, "reproduced"),        # exactly at the decimal edge: binary noise must not matter
        (-0.825, "reproduced"),
        (-0.83501, "approximate"),     # 1e-5 beyond: outside ±0.005, within 5 % of 0.83 (0.0415)
        (-0.82499, "approximate"),
        (-0.8765, "approximate"),      # at the margin: −0.835 − 0.0415 = −0.8765
        (-0.8766, "discrepancy"),
    ],
)
def test_rounding_edges_of_a_decimal(recomputed, expected):
    assert cl.judge("-0.83", recomputed) == expected


def test_rounding_reads_unicode_minus_and_thousands_separators():
    assert cl.judge("−0.83", -0.835) == "reproduced"
    assert cl.judge("5,000", 5000.5, approximate="none") == "reproduced"
    assert cl.judge("5,000", 5000.5 + 1e-4, approximate="none") == "discrepancy"


def test_rounding_is_undefined_for_a_fraction():
    with pytest.raises(cl.ClaimError, match=r"^'rounding' tolerance is undefined for a fraction \(1/10\); "
                                            r"use loose, abs: or rel:$"):
        cl.judge("1/10", 0.1)


# --- the approximate margin -------------------------------------------------------------------


@pytest.mark.parametrize(
    "recomputed, expected",
    [
        (21.5, "approximate"),          # 20 ± 0.5 misses by 1.0 = 5 % of 20: at the margin
        (21.5 + STEP, "discrepancy"),
        (18.5, "approximate"),
        (18.5 - STEP, "discrepancy"),
    ],
)
def test_default_approximate_margin_is_five_percent_of_the_stated_value(recomputed, expected):
    assert cl.judge("20", recomputed) == expected
    assert cl.judge("20", recomputed, approximate="rel:0.05") == expected


@pytest.mark.parametrize(
    "recomputed, expected",
    [(6.75, "approximate"), (6.75 + STEP, "discrepancy"), (5.25, "approximate"), (5.25 - STEP, "discrepancy")],
)
def test_an_absolute_approximate_margin(recomputed, expected):
    assert cl.judge("6", recomputed, approximate="abs:0.25") == expected   # 6 ± 0.5, then 0.25 more


@pytest.mark.parametrize("approximate", ["none", ""])
def test_a_strict_claim_has_no_approximate_margin(approximate):
    assert cl.judge("6", 6.5, approximate=approximate) == "reproduced"
    assert cl.judge("6", 6.5 + STEP, approximate=approximate) == "discrepancy"
    assert cl.judge("6", 5.5 - STEP, approximate=approximate) == "discrepancy"


def test_an_unknown_approximate_margin_is_refused_even_when_not_needed():
    with pytest.raises(cl.ClaimError, match=r"^unknown tolerance 'about'"):
        cl.judge("6", 6.0, approximate="about")


# --- equals: exact, abs, rel ------------------------------------------------------------------


def test_exact_edges():
    assert cl.judge("2015", 2015, tolerance="exact") == "reproduced"
    assert cl.judge("2015", 2016, tolerance="exact", approximate="none") == "discrepancy"
    assert cl.judge("2015", 2016, tolerance="exact") == "approximate"   # 1 ≤ 5 % of 2015
    assert cl.judge("0.3", 0.1 + 0.2, tolerance="exact", approximate="none") == "reproduced"  # 0.30000000000000004


def test_the_binary_slack_is_1e9_relative_and_at_least_1e9():
    # |stated| ≤ 1: the slack is 1e-9 itself; 1e-9 − 0 is exactly the slack
    assert cl.judge("0", 1e-9, tolerance="exact") == "reproduced"
    assert cl.judge("0", 1.5e-9, tolerance="exact") == "discrepancy"   # 5 % of 0 is no margin
    assert cl.judge("0.5", 0.5 + 7e-10, tolerance="exact", approximate="none") == "reproduced"
    assert cl.judge("0.5", 0.5 + 1.5e-9, tolerance="exact", approximate="none") == "discrepancy"
    # |stated| = 1e6: the slack is 1e-3
    assert cl.judge("1000000", 1000000.0005, tolerance="exact", approximate="none") == "reproduced"
    assert cl.judge("-1000000", -1000000.0005, tolerance="exact", approximate="none") == "reproduced"
    assert cl.judge("1000000", 1000000.002, tolerance="exact", approximate="none") == "discrepancy"
    # the approximate margin gets the same slack: 0.5 + 1e-9 is exactly margin + slack
    assert cl.judge("0", 0.5 + 1e-9, tolerance="exact", approximate="abs:0.5") == "approximate"
    assert cl.judge("0", 0.5 + 1e-9 + STEP, tolerance="exact", approximate="abs:0.5") == "discrepancy"


@pytest.mark.parametrize(
    "recomputed, expected",
    [(10.25, "reproduced"), (9.75, "reproduced"), (10.25 + STEP, "discrepancy"), (9.75 - STEP, "discrepancy")],
)
def test_abs_edges(recomputed, expected):
    assert cl.judge("10", recomputed, tolerance="abs:0.25", approximate="none") == expected


@pytest.mark.parametrize(
    "reported, recomputed, expected",
    [
        ("8", 10.0, "reproduced"),             # 8 ± 2
        ("8", 6.0, "reproduced"),
        ("8", 10.0 + STEP, "approximate"),     # within 5 % of 8 (0.4) beyond
        ("8", 10.4 - STEP, "approximate"),
        ("8", 10.4 + STEP, "discrepancy"),
        ("-8", -10.0, "reproduced"),           # the width is relative to |−8|
        ("-8", -6.0, "reproduced"),
        ("-8", -5.6 + STEP, "discrepancy"),
    ],
)
def test_rel_edges(reported, recomputed, expected):
    assert cl.judge(reported, recomputed, tolerance="rel:0.25") == expected


# --- equals: loose and magnitude --------------------------------------------------------------


@pytest.mark.parametrize(
    "reported, recomputed, expected",
    [
        ("500", 550.0, "reproduced"),
        ("500", 450.0, "reproduced"),
        ("500", 550.0 + 1e-4, "discrepancy"),
        ("500", 450.0 - 1e-4, "discrepancy"),
        ("6", 6.5, "reproduced"),
        ("6", 6.5 + STEP, "discrepancy"),
        ("1/2", 0.4, "reproduced"),            # 1/2.5
        ("1/2", 0.4 - STEP, "discrepancy"),
        ("1/2", 2 / 3, "reproduced"),          # 1/1.5
        ("1/2", 0.6667, "discrepancy"),
        ("1/10", 1 / 9.5, "reproduced"),
        ("1/10", 1 / 9.4, "discrepancy"),
        ("1/10", 1 / 10.6, "discrepancy"),
    ],
)
def test_loose_edges(reported, recomputed, expected):
    assert cl.judge(reported, recomputed, tolerance="loose", approximate="none") == expected


@pytest.mark.parametrize("fraction", ["2/10", "−1/10", "3/4"])
def test_loose_reads_only_unit_fractions(fraction):
    with pytest.raises(cl.ClaimError, match=rf"^'loose' reads a unit fraction 1/n, got '{fraction}'$"):
        cl.stated_interval(fraction, "loose")


def test_a_fraction_has_no_significant_digit():
    with pytest.raises(cl.ClaimError, match=r"^a fraction \(1/10\) has no significant digit of its own; see stated_interval$"):
        cl.significant_unit("1/10")


@pytest.mark.parametrize(
    "reported, recomputed, expected",
    [
        ("100", 316.2, "reproduced"),      # 100 × √10 = 316.2277…
        ("100", 316.3, "discrepancy"),
        ("100", 31.63, "reproduced"),      # 100 ÷ √10 = 31.6227…
        ("100", 31.62, "discrepancy"),
        ("-100", -100.0, "reproduced"),    # a negative number's order of magnitude: −316.2 .. −31.62
        ("-100", -316.2, "reproduced"),
        ("-100", -31.62, "discrepancy"),
    ],
)
def test_magnitude_edges(reported, recomputed, expected):
    assert cl.judge(reported, recomputed, tolerance="magnitude", approximate="none") == expected


def test_unknown_tolerance_is_refused():
    with pytest.raises(cl.ClaimError, match=r"^unknown tolerance 'roughly'; use rounding, loose, magnitude, "
                                            r"exact, abs:X or rel:X$"):
        cl.judge("6", 6.0, tolerance="roughly")


# --- a recomputed interval --------------------------------------------------------------------


@pytest.mark.parametrize(
    "recomputed, expected",
    [
        ((6.5, 7.0), "reproduced"),            # meets 5.5 .. 6.5 at its upper edge
        ([6.5, 7.0], "reproduced"),            # a list is an interval too
        ((6.5 + STEP, 7.0), "approximate"),
        ((4.0, 5.5), "reproduced"),
        ((4.0, 5.5 - STEP), "approximate"),
        ((4.0, 8.0), "reproduced"),            # covers the stated interval
        ((6.0, 6.0), "reproduced"),
        ((6.8 + STEP, 9.0), "discrepancy"),    # 0.3 beyond: out of the 5 % margin
    ],
)
def test_an_interval_reproduces_when_it_meets_the_stated_interval(recomputed, expected):
    assert cl.judge("6", recomputed) == expected


def test_a_reversed_interval_is_refused():
    with pytest.raises(cl.ClaimError, match=r"^recomputed interval \(7\.0, 5\.0\) is reversed$"):
        cl.judge("6", (7.0, 5.0))
    with pytest.raises(cl.ClaimError, match="reversed"):
        cl.judge("10..20", (16, 15), "within")


# --- bounds -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "recomputed, expected",
    [
        (-0.5 - STEP, "reproduced"),
        (-0.5, "approximate"),                 # at the bound the bound fails; within 0.25 of it
        (-0.25 - STEP, "approximate"),
        (-0.25, "discrepancy"),                # bound + margin: out
        ((-1.0, -0.5 - STEP), "reproduced"),   # the whole interval lies below
        ((-1.0, -0.5), "approximate"),
        ((-1.0, 0.0), "discrepancy"),          # judged by its upper end
    ],
)
def test_less_than_edges(recomputed, expected):
    assert cl.judge("-0.5", recomputed, "less_than", approximate="abs:0.25") == expected
    assert cl.judge("−0.5", recomputed, "less_than", approximate="abs:0.25") == expected


@pytest.mark.parametrize(
    "recomputed, expected",
    [(-0.5, "approximate"), (-0.4751, "approximate"), (-0.4749, "discrepancy")],  # 5 % of 0.5 = 0.025
)
def test_less_than_default_margin(recomputed, expected):
    assert cl.judge("-0.5", recomputed, "less_than") == expected


@pytest.mark.parametrize(
    "recomputed, expected",
    [
        (2 + STEP, "reproduced"),
        (2.0, "approximate"),
        (1.5 + STEP, "approximate"),
        (1.5, "discrepancy"),
        ((2 + STEP, 3.0), "reproduced"),       # the whole interval lies above
        ((2.0, 3.0), "approximate"),
        ((1.0, 3.0), "discrepancy"),           # judged by its lower end
    ],
)
def test_greater_than_edges(recomputed, expected):
    assert cl.judge("2", recomputed, "greater_than", approximate="abs:0.5") == expected


def test_a_bound_of_zero_has_no_default_margin():
    assert cl.judge("0", 0.0, "greater_than") == "discrepancy"     # 5 % of 0 is 0
    assert cl.judge("0", 1e-12, "greater_than") == "reproduced"
    assert cl.judge("0", 0.0, "less_than") == "discrepancy"
    assert cl.judge("0", -1e-12, "less_than") == "reproduced"


def test_a_bound_ignores_the_tolerance():
    # the tolerance says how precisely a number is stated; a bound holds or not
    assert cl.judge("2", 2.0, "greater_than", tolerance="abs:5", approximate="none") == "discrepancy"
    assert cl.judge("2", 2.0, "less_than", tolerance="abs:5", approximate="none") == "discrepancy"


# --- within -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "recomputed, expected",
    [
        ((10.0, 20.0), "reproduced"),          # the stated range itself (ends included)
        (10.0, "reproduced"),
        (20.0, "reproduced"),
        ((12.0, 18.0), "reproduced"),
        ((10.0 - STEP, 20.0), "approximate"),  # partial overlap
        ((10.0, 20.0 + STEP), "approximate"),
        ((5.0, 10.0), "approximate"),          # touches the lower end
        ((5.0, 10.0 - STEP), "discrepancy"),
        ((20.0, 25.0), "approximate"),         # touches the upper end
        ((20.0 + STEP, 25.0), "discrepancy"),
        ((5.0, 25.0), "approximate"),          # covers the stated range
        (20.0 + STEP, "discrepancy"),
        (10.0 - STEP, "discrepancy"),
    ],
)
def test_within_edges(recomputed, expected):
    assert cl.judge("10..20", recomputed, "within") == expected
    # neither tolerance nor approximate margin widens a stated range
    assert cl.judge("10..20", recomputed, "within", tolerance="abs:100", approximate="abs:100") == expected


def test_within_a_range_of_negative_numbers():
    assert cl.judge("−5..−1", (-5.0, -1.0), "within") == "reproduced"
    assert cl.judge("−5..−1", -0.5, "within") == "discrepancy"


def test_within_needs_a_range():
    with pytest.raises(cl.ClaimError, match="needs 'low..high'"):
        cl.judge("15", 15.0, "within")


# --- not checkable and unknown comparisons ------------------------------------------------------


@pytest.mark.parametrize("comparison", cl.COMPARISONS)
@pytest.mark.parametrize("recomputed", [None, math.nan, np.nan, np.float64("nan"), (math.nan, math.nan),
                                        (1.0, math.nan), [math.nan, 2.0]])
def test_a_missing_recomputation_is_not_checkable(comparison, recomputed):
    reported = "10..20" if comparison == "within" else "6"
    assert cl.judge(reported, recomputed, comparison) == "not checkable"


def test_an_unknown_comparison_is_refused_before_anything_else():
    with pytest.raises(cl.ClaimError, match=r"^unknown comparison 'about'; use one of \('equals', 'less_than', "
                                            r"'greater_than', 'within'\)$"):
        cl.judge("6", None, "about")
