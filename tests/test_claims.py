"""Verdict rules and the ledger's bookkeeping."""

import pandas as pd
import pytest

from culturaltrade import claims as cl


@pytest.mark.parametrize(
    "reported, recomputed, expected",
    [
        ("-0.83", -0.8303, "reproduced"),      # within ±0.005
        ("-0.83", -0.8349, "reproduced"),      # just inside the rounding interval
        ("-0.83", -0.8360, "approximate"),     # outside ±0.005, within 5 %
        ("-0.83", -0.95, "discrepancy"),       # 14 % off
        ("54765.2", 54765.10, "approximate"),  # one unit in the last printed digit
        ("103", 102.94, "reproduced"),         # a whole-number percentage
        ("281.7", 346.34, "discrepancy"),
    ],
)
def test_equals_verdicts(reported, recomputed, expected):
    assert cl.judge(reported, recomputed) == expected


def test_interval_recomputation_reproduces_when_intervals_meet():
    # 433 printed (±0.5) against a growth known only to lie in [432.6, 435.8]
    assert cl.judge("433", (432.6, 435.8)) == "reproduced"
    assert cl.judge("433", (434.0, 435.8)) == "approximate"


def test_bounds():
    assert cl.judge("-0.5", -0.66, "less_than", approximate="none") == "reproduced"
    assert cl.judge("-0.5", -0.40, "less_than", approximate="none") == "discrepancy"
    assert cl.judge("0", 3.0, "greater_than") == "reproduced"
    assert cl.judge("0", -3.0, "greater_than", approximate="none") == "discrepancy"


def test_within_range():
    assert cl.judge("10..999", (25.0, 500.0), "within") == "reproduced"
    assert cl.judge("10..999", (25.0, 15000.0), "within") == "approximate"
    assert cl.judge("10..999", (2000.0, 15000.0), "within") == "discrepancy"


def test_fraction_needs_explicit_tolerance():
    assert cl.judge("1/10", 0.1, tolerance="rel:0.05") == "reproduced"
    with pytest.raises(cl.ClaimError):
        cl.judge("1/10", 0.1)


def test_missing_recomputation_is_not_checkable():
    assert cl.judge("48", None) == "not checkable"
    assert cl.judge("48", float("nan")) == "not checkable"


def test_unknown_comparison_refused():
    with pytest.raises(cl.ClaimError, match="unknown comparison"):
        cl.judge("1", 1.0, "roughly")


def _ledger():
    ledger = cl.Ledger(notebook="99_test", papers=[])
    ledger.register(cl.Claim("999-A", "999_x.txt", "99_test", "§1", "a", "1.0", "unit"))
    ledger.register(cl.Claim("999-B", "999_x.txt", "99_test", "§2", "b", "2", "unit"))
    return ledger


def test_ledger_refuses_unregistered_and_double_checks():
    ledger = _ledger()
    with pytest.raises(cl.ClaimError, match="not registered"):
        ledger.check("999-Z", 1.0, section="s")
    ledger.check("999-A", 1.02, section="s")
    with pytest.raises(cl.ClaimError, match="checked twice"):
        ledger.check("999-A", 1.0, section="s")


def test_not_checkable_needs_a_reason():
    ledger = _ledger()
    with pytest.raises(cl.ClaimError, match="say why"):
        ledger.check("999-A", None, section="s")


def test_write_refuses_unchecked_claims(scratch_project):
    ledger = _ledger()
    ledger.check("999-A", 1.0, section="s")
    with pytest.raises(cl.ClaimError, match="999-B"):
        ledger.write()
    ledger.check("999-B", 2.55, section="s")
    path = ledger.write()
    written = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(written.columns) == cl.CLAIM_COLUMNS
    assert written.set_index("claim_id").loc["999-B", "verdict"] == "approximate"  # 2 ± 0.5 misses 2.55 by 0.05, within 5 % of 2


def test_merge_refuses_a_claim_checked_in_two_notebooks(scratch_project):
    out = scratch_project / "out" / "tables" / "claims"
    out.mkdir(parents=True)
    row = dict.fromkeys(cl.CLAIM_COLUMNS, "x") | {"claim_id": "999-A", "verdict": "reproduced"}
    for name in ("a", "b"):
        pd.DataFrame([row]).to_csv(out / f"{name}.csv", index=False)
    with pytest.raises(cl.ClaimError, match="more than one notebook"):
        cl.merge_claims()


def test_verdict_counts_shows_every_verdict():
    frame = pd.DataFrame({"paper": ["p", "p", "q"], "verdict": ["reproduced", "discrepancy", "reproduced"]})
    counts = cl.verdict_counts(frame)
    assert list(counts.columns) == [*cl.VERDICTS, "total"]
    assert counts.loc["p", "discrepancy"] == 1
    assert counts.loc["q", "not checkable"] == 0
    assert counts.loc["p", "total"] == 2
