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


# --- kinds, loose numbers, numeric columns, readings and sources ------------------------------


def test_a_qualitative_claim_keeps_its_threshold_out_of_reported():
    with pytest.raises(cl.ClaimError, match="put the compendium's bound '0' in `threshold`"):
        cl.Claim("999-Q", "999_x.txt", "99_test", "§1", "growing", "0", "unit", "greater_than", kind="qualitative")
    with pytest.raises(cl.ClaimError, match="states its number in `reported`"):
        cl.Claim("999-P", "999_x.txt", "99_test", "§1", "48%", "48", "percent", threshold="40")
    with pytest.raises(cl.ClaimError, match="kind 'vague'"):
        cl.Claim("999-V", "999_x.txt", "99_test", "§1", "s", "1", "u", kind="vague")


def test_a_qualitative_claim_is_judged_against_its_threshold(scratch_project):
    ledger = cl.Ledger(notebook="99_test", papers=[])
    ledger.register(cl.Claim("999-Q", "999_x.txt", "99_test", "§1", "the deficit is growing", "", "US$",
                             "greater_than", approximate="none", kind="qualitative", threshold="0"))
    assert ledger.check("999-Q", -3.0, section="s") == "discrepancy"
    row = ledger.table().iloc[0]
    assert (row["kind"], row["reported"], row["threshold"]) == ("qualitative", "", "> 0")


@pytest.mark.parametrize("printed, unit", [("6", 1.0), ("500", 100.0), ("20", 10.0), ("26.85", 0.01),
                                           ("5,000", 1000.0), ("0.113", 0.001), ("-0.5", 0.1)])
def test_significant_unit_of_a_loosely_stated_number(printed, unit):
    assert cl.significant_unit(printed) == pytest.approx(unit)


def test_the_loose_rule_reads_a_number_to_its_last_significant_digit():
    assert cl.stated_interval("6", "loose") == (5.5, 6.5)
    assert cl.stated_interval("500", "loose") == (450.0, 550.0)
    assert cl.stated_interval("1/10", "loose") == pytest.approx((1 / 10.5, 1 / 9.5))
    assert cl.judge("1/10", 1 / 8.85, tolerance="loose", approximate="none") == "discrepancy"
    assert cl.judge("1/10", 1 / 8.85, tolerance="magnitude", approximate="none") == "reproduced"
    assert cl.stated_interval("1/10", "magnitude") == pytest.approx((0.1 / 10 ** 0.5, 0.1 * 10 ** 0.5))
    assert cl.judge("6", 5.75, tolerance="loose") == "reproduced"
    assert cl.judge("500", 496, tolerance="loose") == "reproduced"
    assert cl.judge("500", 551, tolerance="loose", approximate="none") == "discrepancy"
    # rounding, by contrast, reads 500 to the unit
    assert cl.judge("500", 496, approximate="none") == "discrepancy"
    with pytest.raises(cl.ClaimError, match="unit fraction 1/n"):
        cl.stated_interval("3/10", "loose")


def test_recomputed_columns_are_numbers_at_full_precision():
    columns = cl.recomputed_columns((343.0307, 349.6931), value=346.3414634146341)
    assert columns == {"recomputed": "346.3414634146341", "recomputed_low": "343.0307",
                       "recomputed_high": "349.6931"}
    assert cl.recomputed_columns(0.1) == {"recomputed": "0.1", "recomputed_low": "0.1", "recomputed_high": "0.1"}
    assert cl.recomputed_columns((25.0, 7638.6)) == {"recomputed": "", "recomputed_low": "25.0",
                                                       "recomputed_high": "7638.6"}
    assert cl.recomputed_columns(None) == {"recomputed": "", "recomputed_low": "", "recomputed_high": ""}


def test_readings_of_one_sentence_are_marked_when_they_disagree(scratch_project):
    ledger = cl.Ledger(notebook="99_test", papers=[])
    for claim_id, reported, tolerance in (("999-R-LOOSE", "1/10", "magnitude"), ("999-R-STRICT", "1/10", "loose")):
        ledger.register(cl.Claim(claim_id, "999_x.txt", "99_test", "§1", "ratio 1/10", reported, "ratio",
                                 tolerance=tolerance, approximate="none", reading_of="999-R"))
    ledger.register(cl.Claim("999-OTHER", "999_x.txt", "99_test", "§2", "x", "2", "u"))
    ledger.check("999-R-LOOSE", 0.113, section="s")
    ledger.check("999-R-STRICT", 0.113, section="s")
    ledger.check("999-OTHER", 2.0, section="s")
    table = ledger.table().set_index("claim_id")
    assert table.loc["999-R-LOOSE", "verdict"] == "reproduced"
    assert table.loc["999-R-STRICT", "verdict"] == "discrepancy"
    assert set(table.loc[["999-R-LOOSE", "999-R-STRICT"], "readings_agree"]) == {"no"}
    assert table.loc["999-OTHER", "readings_agree"] == ""
    assert "Sentences whose fair readings disagree" in cl.findings_markdown(ledger.table())


def test_every_conflicting_source_is_judged_and_the_choice_recorded(scratch_project):
    ledger = cl.Ledger(notebook="99_test", papers=[])
    ledger.register(cl.Claim("999-PRICE", "999_x.txt", "99_test", "§1", "US$40,000 an episode", "40000", "USD"))
    sources = pd.DataFrame({"fact_id": ["F-A", "F-B"], "publisher": ["a", "b"], "source_url": ["u", "v"],
                            "value": [40000.0, 35000.0]})
    evidence = ledger.check_sources("999-PRICE", sources, choose="F-B", rule="the primary publisher", section="s")
    assert dict(zip(evidence["fact_id"], evidence["verdict"])) == {"F-A": "reproduced", "F-B": "discrepancy"}
    row = ledger.table().iloc[0]
    assert (row["verdict"], row["sources_agree"], row["recomputed"]) == ("discrepancy", "no", "35000.0")
    assert "F-A: reproduced" in row["note"] and "the primary publisher" in row["note"]
    with pytest.raises(cl.ClaimError, match="not among"):
        ledger.check_sources("999-PRICE", sources, choose="F-Z", rule="r", section="s")
    ledger.write(require_complete=False)
    cl.merge_claims()
    merged = pd.read_csv(scratch_project / "out" / "tables" / "claims_evidence.csv", dtype=str)
    assert list(merged.columns) == cl.EVIDENCE_COLUMNS
    assert dict(zip(merged["fact_id"], merged["chosen"])) == {"F-A": "no", "F-B": "yes"}


def test_a_recomputed_value_is_shown_to_the_precision_the_text_prints():
    row = {"kind": "printed", "reported": "54765.2", "recomputed": "54765.1", "recomputed_low": "54765.1",
           "recomputed_high": "54765.1"}
    assert cl.shown_recomputed(row) == "54765.1"  # not 5.477e+04: the last printed digit decides
    row = {"kind": "printed", "reported": "281.7", "recomputed": "346.3414634146341",
           "recomputed_low": "343.0307", "recomputed_high": "349.6931"}
    assert cl.shown_recomputed(row) == "346.3 [343.03, 349.69]"
    row = {"kind": "qualitative", "reported": "", "recomputed": "-10334.34", "recomputed_low": "-10334.34",
           "recomputed_high": "-10334.34"}
    assert cl.shown_recomputed(row) == "-10330"
    assert cl.shown_recomputed({**row, "recomputed_low": ""}) == ""
