"""The ledger's rows, the registry, the reader's tables and the merge, cell by cell.

Expected rows and texts are written out by hand from the rules in ``claims.py``'s docstrings.
"""

import math
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from culturaltrade import claims as cl
from culturaltrade.datasets import DataValidationError

ROOT = Path(__file__).resolve().parents[1]
PAPER = "999_x.txt"
NOTEBOOK = "99_test"


def claim(claim_id, reported="2", comparison="equals", **kw):
    return cl.Claim(claim_id, kw.pop("paper", PAPER), kw.pop("notebook", NOTEBOOK), kw.pop("location", "§1"),
                    kw.pop("statement", "s"), reported, kw.pop("unit", "u"), comparison, **kw)


def ledger(*claims):
    book = cl.Ledger(notebook=NOTEBOOK, papers=[])
    for one in claims:
        book.register(one)
    return book


# --- Claim ------------------------------------------------------------------------------------


def test_a_claim_is_compared_with_its_number_or_its_threshold():
    assert claim("999-A", "48").bound == "48"
    assert claim("999-Q", "", "greater_than", kind="qualitative", threshold="0").bound == "0"


def test_a_claim_with_an_unknown_comparison_is_refused():
    with pytest.raises(cl.ClaimError, match=r"^claim 999-A: unknown comparison 'about'; use one of "):
        claim("999-A", "2", "about")


def test_a_qualitative_claim_without_a_number_is_accepted():
    made = claim("999-Q", "", "less_than", kind="qualitative", threshold="-0.5")
    assert (made.kind, made.reported, made.threshold) == ("qualitative", "", "-0.5")


# --- Ledger.register / check ------------------------------------------------------------------


def test_register_refuses_another_notebooks_claim_and_a_second_registration():
    book = ledger(claim("999-A"))
    with pytest.raises(cl.ClaimError, match=r"^claim 999-B belongs to notebook 98_other, not 99_test$"):
        book.register(claim("999-B", notebook="98_other"))
    with pytest.raises(cl.ClaimError, match=r"^claim 999-A is registered twice$"):
        book.register(claim("999-A"))
    assert list(book.claims) == ["999-A"]


def test_a_checked_claim_becomes_one_row_of_every_column():
    book = ledger(claim("999-L", "-0.5", "less_than", location="§3", statement="always below -0.5", unit="NTB",
                        approximate="abs:0.25", note="from table 2"))
    assert book.check("999-L", (-0.9, -0.6), section="ntb", note="its range over the rounding", value=-0.75) \
        == "reproduced"
    row = book.results["999-L"]
    assert list(row) == cl.CLAIM_COLUMNS
    assert row == {
        "claim_id": "999-L", "paper": PAPER, "kind": "printed", "location": "§3", "statement": "always below -0.5",
        "reported": "< -0.5", "threshold": "", "unit": "NTB", "comparison": "less_than",
        "recomputed": "-0.75", "recomputed_low": "-0.9", "recomputed_high": "-0.6",
        "tolerance": "bound must hold (below -0.5); approximate within 0.25 of it", "verdict": "reproduced",
        "reading_of": "", "readings_agree": "", "sources_agree": "",
        "checked_in": "notebooks/99_test.ipynb#ntb", "note": "from table 2; its range over the rounding",
    }


def test_a_qualitative_row_shows_the_threshold_with_its_comparison():
    book = ledger(claim("999-Q", "", "greater_than", kind="qualitative", threshold="0", approximate="none",
                        reading_of="999-S"))
    assert book.check("999-Q", 3.5, section="s", sources_agree="yes") == "reproduced"
    row = book.results["999-Q"]
    assert (row["reported"], row["threshold"], row["tolerance"]) == ("", "> 0", "bound must hold (above 0)")
    assert (row["recomputed"], row["recomputed_low"], row["recomputed_high"]) == ("3.5", "3.5", "3.5")
    assert (row["reading_of"], row["sources_agree"], row["note"]) == ("999-S", "yes", "")


def test_check_judges_with_the_claims_own_tolerance_and_margin():
    book = ledger(claim("999-S", "2", approximate="none"), claim("999-T", "2", tolerance="abs:0.6"))
    assert book.check("999-S", 2.55, section="s") == "discrepancy"   # 0.05 beyond 2 ± 0.5, no margin
    assert book.check("999-T", 2.55, section="s") == "reproduced"


def test_a_range_is_shown_as_printed():
    book = ledger(claim("999-W", "10..20", "within"))
    book.check("999-W", 15.0, section="s")
    assert book.results["999-W"]["reported"] == "10..20"


def test_a_claim_not_checkable_needs_a_reason_from_the_call_or_the_registry():
    book = ledger(claim("999-A"), claim("999-B", note="no public figure"))
    with pytest.raises(cl.ClaimError, match=r"^claim '999-A' is not checkable: say why in `note`$"):
        book.check("999-A", math.nan, section="s")
    assert "999-A" not in book.results
    assert book.not_checkable("999-A", section="s", reason="the text gives no year") == "not checkable"
    assert book.check("999-B", None, section="t") == "not checkable"
    a, b = book.results["999-A"], book.results["999-B"]
    assert (a["tolerance"], a["note"], a["recomputed"], a["recomputed_low"]) == ("", "the text gives no year", "", "")
    assert (b["note"], b["checked_in"]) == ("no public figure", "notebooks/99_test.ipynb#t")
    assert a["checked_in"] == "notebooks/99_test.ipynb#s"


def test_check_refuses_an_unregistered_or_twice_checked_claim():
    book = ledger(claim("999-A"))
    with pytest.raises(cl.ClaimError, match=r"^claim '999-Z' is not registered \(data/claims/ or Ledger.register\)$"):
        book.check("999-Z", 1.0, section="s")
    book.check("999-A", 2.0, section="s")
    with pytest.raises(cl.ClaimError, match=r"^claim '999-A' is checked twice$"):
        book.check("999-A", 2.0, section="s")
    assert book.results["999-A"]["verdict"] == "reproduced"


@pytest.mark.parametrize(
    "reported, comparison, tolerance, approximate, text",
    [
        ("10..20", "within", "rounding", "rel:0.05", "inside the stated range; overlapping = approximate"),
        ("-0.5", "less_than", "rounding", "none", "bound must hold (below -0.5)"),
        ("2", "greater_than", "rounding", "rel:0.05", "bound must hold (above 2); approximate within 0.1 of it"),
        ("-0.83", "equals", "rounding", "rel:0.05", "±0.005 (rounding of -0.83); approximate within 5 % of reported"),
        ("2015", "equals", "exact", "none", "exact"),
        ("2015", "equals", "exact", "abs:2", "exact; approximate within 2"),
        ("500", "equals", "loose", "rel:0.05",
         "±50 (loosely stated 500: read to its last significant digit); approximate within 5 % of reported"),
        ("1/10", "equals", "loose", "none", "0.09524 to 0.1053 (loosely stated: 1/n with n read to the unit)"),
        ("1/10", "equals", "loose", "", "0.09524 to 0.1053 (loosely stated: 1/n with n read to the unit)"),
        ("1/10", "equals", "magnitude", "rel:0.1",
         "0.03162 to 0.3162 (order of magnitude); approximate within 10 % of reported"),
        ("100", "equals", "magnitude", "abs:5", "31.62 to 316.2 (order of magnitude); approximate within 5"),
        ("100", "equals", "magnitude", "none", "31.62 to 316.2 (order of magnitude)"),
        ("10", "equals", "abs:0.25", "none", "±0.25 (abs:0.25)"),
        ("8", "equals", "rel:0.25", "rel:0.1", "±2 (rel:0.25); approximate within 10 % of reported"),
        ("1/10", "equals", "rel:0.05", "", "±0.005 (rel:0.05)"),
    ],
)
def test_the_tolerance_column_says_the_rule_in_words(reported, comparison, tolerance, approximate, text):
    book = ledger(claim("999-T", reported, comparison, tolerance=tolerance, approximate=approximate))
    book.check("999-T", 15.0, section="s")
    assert book.results["999-T"]["tolerance"] == text


# --- Ledger.check_sources ----------------------------------------------------------------------


def sources(**columns):
    return pd.DataFrame({"fact_id": ["F-A", "F-B"], "publisher": ["a", "b"], "source_url": ["u", "v"], **columns})


def test_each_source_is_judged_on_its_own_interval_or_value():
    book = ledger(claim("999-P", "40000", unit="USD"))
    evidence = book.check_sources(
        "999-P", sources(value=[40000.0, 35000.0], value_low=[39500.0, math.nan], value_high=[40500.0, math.nan]),
        choose="F-A", rule="the primary publisher", section="s", note="price per episode")
    assert list(evidence.columns) == cl.EVIDENCE_COLUMNS
    assert evidence.to_dict("records") == [
        {"claim_id": "999-P", "fact_id": "F-A", "publisher": "a", "source_url": "u", "value": "40000.0",
         "value_low": "39500.0", "value_high": "40500.0", "unit": "USD", "verdict": "reproduced", "chosen": "yes",
         "rule": "the primary publisher"},
        {"claim_id": "999-P", "fact_id": "F-B", "publisher": "b", "source_url": "v", "value": "35000.0",
         "value_low": "", "value_high": "", "unit": "USD", "verdict": "discrepancy", "chosen": "no",
         "rule": "the primary publisher"},
    ]
    row = book.results["999-P"]
    assert (row["recomputed"], row["recomputed_low"], row["recomputed_high"]) == ("40000.0", "39500.0", "40500.0")
    assert (row["verdict"], row["sources_agree"]) == ("reproduced", "no")
    assert row["note"] == "price per episode; public source F-A (the primary publisher); other sources: F-B: discrepancy"
    assert book.evidence == evidence.to_dict("records")


def test_the_chosen_source_may_be_a_point_among_intervals_and_every_other_is_named():
    book = ledger(claim("999-P", "40000", approximate="none"))
    three = pd.DataFrame({"fact_id": ["F-A", "F-B", "F-C"], "value": [40000.6, 40000.0, 39999.0],
                          "value_low": [math.nan, 39999.5, math.nan], "value_high": [math.nan, 40000.5, math.nan]})
    evidence = book.check_sources("999-P", three, choose="F-A", rule="the latest", section="prices")
    assert evidence["verdict"].tolist() == ["discrepancy", "reproduced", "discrepancy"]  # 40000 ± 0.5, no margin
    row = book.results["999-P"]
    assert (row["recomputed"], row["recomputed_low"], row["verdict"]) == ("40000.6", "40000.6", "discrepancy")
    assert row["note"] == "public source F-A (the latest); other sources: F-B: reproduced; F-C: discrepancy"
    assert row["checked_in"] == "notebooks/99_test.ipynb#prices"


def test_a_source_that_settles_nothing_does_not_disagree():
    book = ledger(claim("999-P", "40000"))
    book.check_sources("999-P", sources(value=[40000.0, math.nan]), choose="F-A", rule="r", section="s")
    assert book.results["999-P"]["sources_agree"] == "yes"
    assert [row["verdict"] for row in book.evidence] == ["reproduced", "not checkable"]


def test_one_source_says_nothing_about_agreement():
    book = ledger(claim("999-P", "40000"))
    one = pd.DataFrame({"fact_id": ["F-A"], "value": [40000.4]})  # publisher and URL may be absent
    evidence = book.check_sources("999-P", one, choose="F-A", rule="the only one", section="s")
    assert (evidence["publisher"].iloc[0], evidence["source_url"].iloc[0]) == ("", "")
    row = book.results["999-P"]
    assert (row["sources_agree"], row["note"], row["recomputed"]) == ("", "public source F-A (the only one)", "40000.4")


def test_check_sources_refuses_an_unregistered_claim_or_an_unknown_choice():
    book = ledger(claim("999-P", "40000"))
    with pytest.raises(cl.ClaimError, match=r"^claim '999-Z' is not registered"):
        book.check_sources("999-Z", sources(value=[1.0, 2.0]), choose="F-A", rule="r", section="s")
    with pytest.raises(cl.ClaimError, match=r"^claim '999-P': chosen source 'F-Z' is not among \['F-A', 'F-B'\]$"):
        book.check_sources("999-P", sources(value=[1.0, 2.0]), choose="F-Z", rule="r", section="s")
    assert book.results == {} and book.evidence == []


# --- the ledger's tables -----------------------------------------------------------------------


def test_recent_shows_only_what_was_checked_since_the_last_call():
    book = ledger(claim("999-A", "1.0"), claim("999-B"), claim("999-C"))
    book.check("999-A", 1.04, section="s")
    book.check("999-B", 2.6, section="s")
    first = book.recent()
    assert list(first.columns) == cl.READING_COLUMNS
    assert first[["claim_id", "recomputed", "verdict"]].values.tolist() == [
        ["999-A", "1.0", "reproduced"], ["999-B", "3", "approximate"]]  # shown to the printed precision
    book.check("999-C", 2.0, section="s")
    assert book.recent()["claim_id"].tolist() == ["999-C"]
    assert book.recent().empty


def test_table_is_sorted_by_paper_then_claim_and_summary_counts_it():
    book = ledger(claim("999-B", paper="999_b.txt"), claim("999-C", paper="999_a.txt"),
                  claim("999-A", paper="999_a.txt"))
    for claim_id, value in (("999-B", 2.0), ("999-C", 9.0), ("999-A", 2.0)):
        book.check(claim_id, value, section="s")
    table = book.table()
    assert table["claim_id"].tolist() == ["999-A", "999-C", "999-B"]
    assert table.index.tolist() == [0, 1, 2]
    summary = book.summary()
    assert summary.loc["999_a.txt"].tolist() == [1, 0, 1, 0, 2]
    assert summary.loc["999_b.txt"].tolist() == [1, 0, 0, 0, 1]


def test_the_table_of_a_ledger_with_nothing_checked_has_every_column():
    table = ledger(claim("999-A")).table()
    assert list(table.columns) == cl.CLAIM_COLUMNS and table.empty


def test_unchecked_lists_the_claims_still_to_check_in_order():
    book = ledger(claim("999-C"), claim("999-A"), claim("999-B"))
    assert book.unchecked() == ["999-A", "999-B", "999-C"]
    book.check("999-B", 2.0, section="s")
    assert book.unchecked() == ["999-A", "999-C"]


def test_write_puts_the_claims_and_their_sources_in_the_notebooks_files(scratch_project):
    book = ledger(claim("999-B", "40000"), claim("999-A", "40000"), claim("999-C"))
    for claim_id in ("999-B", "999-A"):
        book.check_sources(claim_id, pd.DataFrame({"fact_id": ["F-B", "F-A"], "value": [40000.0, 1.0]}),
                           choose="F-B", rule="r", section="s")
    with pytest.raises(cl.ClaimError, match=r"^1 claim\(s\) registered for 99_test not checked: \['999-C'\]$"):
        book.write()
    out = scratch_project / "out" / "tables"
    assert not (out / "claims" / "99_test.csv").exists()
    path = book.write(require_complete=False)
    assert path == out / "claims" / "99_test.csv"
    written = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert written["claim_id"].tolist() == ["999-A", "999-B"]
    evidence = pd.read_csv(out / "claims_evidence" / "99_test.csv", dtype=str, keep_default_na=False)
    assert list(evidence.columns) == cl.EVIDENCE_COLUMNS
    assert evidence[["claim_id", "fact_id"]].values.tolist() == [
        ["999-A", "F-A"], ["999-A", "F-B"], ["999-B", "F-A"], ["999-B", "F-B"]]
    assert path.read_bytes().count(b"\r") == 0


def test_write_without_sources_writes_no_evidence_file(scratch_project):
    book = ledger(claim("999-A"))
    book.check("999-A", 2.0, section="s")
    book.write()
    assert (scratch_project / "out" / "tables" / "claims" / "99_test.csv").is_file()
    assert not (scratch_project / "out" / "tables" / "claims_evidence").exists()


def test_readings_that_agree_are_marked_yes_and_the_input_is_left_alone():
    frame = pd.DataFrame({"claim_id": ["a", "b", "c", "d"], "reading_of": ["R", "R", "", "S"],
                          "verdict": ["reproduced", "reproduced", "discrepancy", "approximate"],
                          "readings_agree": ["", "", "", ""]})
    marked = cl.mark_reading_agreement(frame)
    assert marked["readings_agree"].tolist() == ["yes", "yes", "", "yes"]
    assert frame["readings_agree"].tolist() == ["", "", "", ""]


def test_verdict_counts_by_several_keys():
    frame = pd.DataFrame({"paper": ["p", "p", "p"], "kind": ["printed", "qualitative", "printed"],
                          "verdict": ["reproduced", "not checkable", "reproduced"]})
    counts = cl.verdict_counts(frame, by=["paper", "kind"])
    assert counts.loc[("p", "printed")].tolist() == [2, 0, 0, 0, 2]
    assert counts.loc[("p", "qualitative")].tolist() == [0, 0, 0, 1, 1]
    assert counts.columns.name is None


# --- numbers for reading ----------------------------------------------------------------------


def test_format_number_is_full_precision_or_blank():
    assert cl.format_number(None) == ""
    assert cl.format_number(math.nan) == ""
    assert cl.format_number(3) == "3.0"
    assert cl.format_number(0.1 + 0.2) == "0.30000000000000004"
    assert cl.recomputed_columns(2.5, value=2.4) == {"recomputed": "2.4", "recomputed_low": "2.5",
                                                     "recomputed_high": "2.5"}


def shown(reported, low, high=None, point=None, kind="printed"):
    high = low if high is None else high
    point = low if point is None and low == high else point
    return cl.shown_recomputed({"kind": kind, "reported": reported, "recomputed": "" if point is None else str(point),
                                "recomputed_low": str(low), "recomputed_high": str(high)})


@pytest.mark.parametrize(
    "reported, low, high, point, text",
    [
        ("< -0.5", -0.6634, None, None, "-0.7"),              # a bound's digits: one decimal
        ("> 0", 12.5, None, None, "12"),                      # round half to even, as Python formats
        ("10..20.5", 14.25, None, None, "14.2"),              # a range: the finer of its two ends
        ("−0.83", -0.83049, None, None, "-0.83"),             # Unicode minus
        ("5,000", 4999.6, None, None, "5000"),
        ("1/10", 0.11299999, None, None, "0.113"),            # a fraction: 4 significant digits, trailing zero dropped
        ("1e3", 1234.5, None, None, "1234"),                  # no printed precision to follow: 4 significant digits
        ("2", 1.5, 2.5, None, "[1.5, 2.5]"),                  # an interval without a point value
        ("2", 1.5, 2.5, 2.0, "2 [1.5, 2.5]"),
    ],
)
def test_a_printed_claims_recomputed_value_is_shown_to_its_printed_precision(reported, low, high, point, text):
    assert shown(reported, low, high, point) == text


def test_a_qualitative_claims_value_is_shown_to_four_significant_digits():
    assert shown("", -0.01234567, kind="qualitative") == "-0.01235"
    assert shown("", 1234567.0, kind="qualitative") == "1235000"   # never in exponent notation
    assert shown("", 1.0, 3.0, 2.0, kind="qualitative") == "2 [1, 3]"


# --- findings ---------------------------------------------------------------------------------


def test_findings_count_each_kind_and_list_every_claim_that_did_not_reproduce():
    rows = [
        dict(claim_id="999-A", kind="printed", verdict="reproduced", reported="1", recomputed="1.0"),
        dict(claim_id="999-B", kind="printed", verdict="discrepancy", location="§2", statement="b", reported="2",
             recomputed="2.55", note="n-b"),
        dict(claim_id="999-N", kind="printed", verdict="not checkable", location="§4", statement="n", reported="5",
             recomputed="", note="no data"),
        dict(claim_id="999-Q", kind="qualitative", verdict="approximate", location="§3", statement="growing",
             reported="", threshold="> 0", recomputed="-0.01234567", note="not shown for approximate"),
        dict(claim_id="999-R1", kind="printed", verdict="reproduced", reported="1/10", recomputed="0.1",
             reading_of="999-R", readings_agree="no"),
        dict(claim_id="999-R2", kind="printed", verdict="discrepancy", location="§5", statement="r", reported="1/10",
             recomputed="0.113", reading_of="999-R", readings_agree="no"),
    ]
    table = pd.DataFrame([dict.fromkeys(cl.CLAIM_COLUMNS, "") | {"recomputed_low": r["recomputed"],
                                                                   "recomputed_high": r["recomputed"]} | r
                          for r in rows], columns=cl.CLAIM_COLUMNS)
    assert cl.findings_markdown(table) == "\n".join([
        "Of **5** numbers the text prints: **2** reproduced, **0** approximate, **2** discrepancy, "
        "**1** not checkable.",
        "Of **1** qualitative statements, tested with indicators the compendium chose: **0** reproduced, "
        "**1** approximate, **0** discrepancy, **0** not checkable.",
        "\n**Sentences whose fair readings disagree** (each reading is judged; none is dropped):\n",
        "- `999-R`: `999-R1` reproduced; `999-R2` discrepancy",
        "\n**Discrepancy:**\n",
        "- `999-B` (§2): “b” — stated 2; recomputed 3 — n-b",
        "- `999-R2` (§5): “r” — stated 1/10; recomputed 0.113",
        "\n**Approximate:**\n",
        "- `999-Q` (§3): “growing” — threshold > 0 (the compendium's); recomputed -0.01235",
        "\n**Not checkable:**\n",
        "- `999-N` (§4): “n” — stated 5 — no data",
    ])


def test_findings_skip_what_is_absent_and_sort_the_sentences():
    rows = [
        dict(claim_id="999-Q", kind="qualitative", verdict="approximate", location="§3", statement="growing",
             threshold="> 0", recomputed="2"),
        dict(claim_id="999-Z1", kind="qualitative", verdict="reproduced", reading_of="999-Z", readings_agree="no",
             threshold="> 0"),
        dict(claim_id="999-Z2", kind="qualitative", verdict="not checkable", reading_of="999-Z", readings_agree="no",
             location="§9", statement="z", note="why"),
        dict(claim_id="999-A1", kind="qualitative", verdict="reproduced", reading_of="999-A", readings_agree="no",
             threshold="> 0"),
        dict(claim_id="999-A2", kind="qualitative", verdict="approximate", reading_of="999-A", readings_agree="no",
             location="§1", statement="a", threshold="> 1", recomputed="0.9"),
    ]
    table = pd.DataFrame([dict.fromkeys(cl.CLAIM_COLUMNS, "") | {"recomputed_low": r.get("recomputed", ""),
                                                                   "recomputed_high": r.get("recomputed", "")} | r
                          for r in rows], columns=cl.CLAIM_COLUMNS)
    assert cl.findings_markdown(table) == "\n".join([
        "Of **5** qualitative statements, tested with indicators the compendium chose: **2** reproduced, "
        "**2** approximate, **0** discrepancy, **1** not checkable.",
        "\n**Sentences whose fair readings disagree** (each reading is judged; none is dropped):\n",
        "- `999-A`: `999-A1` reproduced; `999-A2` approximate",
        "- `999-Z`: `999-Z1` reproduced; `999-Z2` not checkable",
        "\n**Approximate:**\n",
        "- `999-Q` (§3): “growing” — threshold > 0 (the compendium's); recomputed 2",
        "- `999-A2` (§1): “a” — threshold > 1 (the compendium's); recomputed 0.9",
        "\n**Not checkable:**\n",
        "- `999-Z2` (§9): “z” — why",     # neither a printed number nor a threshold to state
    ])


def test_findings_of_a_table_where_everything_reproduced_is_one_line():
    table = pd.DataFrame([dict.fromkeys(cl.CLAIM_COLUMNS, "") | {"claim_id": "999-A", "kind": "printed",
                                                                   "verdict": "reproduced"}])
    assert cl.findings_markdown(table) == ("Of **1** numbers the text prints: **1** reproduced, **0** approximate, "
                                           "**0** discrepancy, **0** not checkable.")


# --- the registry and the merge ---------------------------------------------------------------


REGISTRY_META = """\
title: test registry
source: {seed: 999_x.txt}
schema_file: claims.schema.yaml
"""
REGISTRY_HEADER = "claim_id,notebook,kind,location,statement,reported,threshold,unit,comparison,tolerance,approximate,reading_of,note\n"


def write_registry(root, *rows):
    folder = root / "data" / "claims"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "data" / "claims" / "claims.schema.yaml", folder)
    (folder / "999_x.claims.meta.yaml").write_text(REGISTRY_META)
    (folder / "999_x.claims.csv").write_text(REGISTRY_HEADER + "".join(row + "\n" for row in rows))


def test_a_ledger_loads_its_notebooks_claims_from_the_registry(scratch_project):
    write_registry(scratch_project,
                   "999-A,99_test,printed,§1,a,48,,percent,less_than,,,,",
                   "999-B,98_other,printed,§2,b,2,,u,equals,,,,",
                   "999-C,99_test,printed,§4,c,3,,,equals,,,,",
                   "999-Q,99_test,qualitative,§3,growing,,0,US$,greater_than,exact,none,999-S,why")
    book = cl.Ledger(notebook=NOTEBOOK, papers=[PAPER])
    assert sorted(book.claims) == ["999-A", "999-C", "999-Q"]
    a, q = book.claims["999-A"], book.claims["999-Q"]
    assert (a.paper, a.location, a.statement, a.reported, a.unit, a.comparison) == (
        PAPER, "§1", "a", "48", "percent", "less_than")
    assert (a.tolerance, a.approximate, a.threshold, a.note, a.reading_of) == ("rounding", "rel:0.05", "", "", "")
    assert book.claims["999-C"].unit == ""
    assert (q.kind, q.reported, q.threshold, q.tolerance, q.approximate, q.reading_of, q.note) == (
        "qualitative", "", "0", "exact", "none", "999-S", "why")
    assert cl.load_registry("999_x")["999-B"].notebook == "98_other"   # the paper's name with or without .txt


@pytest.mark.parametrize(
    "row, message",
    [
        ("998-A,99_test,printed,§1,a,48,,u,equals,,,,",
         r"^data/claims/999_x.claims.csv, line 2: claim id 998-A must start with 999-$"),
        ("999-A,99_test,printed,§1,a,48,0,u,equals,,,,",
         r"^data/claims/999_x.claims.csv, line 2: claim 999-A: a printed claim states its number in `reported`"),
        ("999-Q,99_test,qualitative,§1,a,,,u,greater_than,,,,",
         r"^data/claims/999_x.claims.csv, line 2: qualitative claim 999-Q needs a `threshold`$"),
    ],
)
def test_a_bad_registry_row_is_named_by_file_and_line(scratch_project, row, message):
    write_registry(scratch_project, row)
    with pytest.raises(cl.ClaimError, match=message):
        cl.load_registry(PAPER)


def write_part(folder, name, rows, columns=cl.CLAIM_COLUMNS):
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame([dict.fromkeys(columns, "x") | row for row in rows], columns=columns).to_csv(
        folder / f"{name}.csv", index=False)


def test_merge_sorts_every_notebooks_claims_and_sources(scratch_project):
    tables = scratch_project / "out" / "tables"
    write_part(tables / "claims", "01_a", [{"claim_id": "999-B", "paper": "999_x.txt", "verdict": "reproduced"},
                                           {"claim_id": "998-Z", "paper": "998_x.txt", "verdict": "discrepancy"}])
    write_part(tables / "claims", "02_b", [{"claim_id": "999-A", "paper": "999_x.txt", "verdict": "not checkable",
                                            "statement": "N/A", "reported": "1.50", "unit": ""}])
    write_part(tables / "claims_evidence", "01_a", [{"claim_id": "999-B", "fact_id": "F-2", "publisher": "NA",
                                                     "value": "7"},
                                                    {"claim_id": "999-B", "fact_id": "F-1", "value": "0.10"}],
               cl.EVIDENCE_COLUMNS)
    write_part(tables / "claims_evidence", "02_b", [{"claim_id": "999-A", "fact_id": "F-9", "value": "1.50"}],
               cl.EVIDENCE_COLUMNS)
    path = cl.merge_claims()
    assert path == tables / "claims.csv"
    merged = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(merged.columns) == cl.CLAIM_COLUMNS
    assert merged["claim_id"].tolist() == ["998-Z", "999-A", "999-B"]
    # every cell is text, read and written as it is: no 'N/A' or blank turned into NaN, no 1.50 into 1.5
    assert merged.loc[1, ["statement", "reported", "unit"]].tolist() == ["N/A", "1.50", ""]
    assert "999-A,999_x.txt,x,x,N/A,1.50,x,,x," in path.read_text()
    evidence = pd.read_csv(tables / "claims_evidence.csv", dtype=str, keep_default_na=False)
    assert evidence[["claim_id", "fact_id"]].values.tolist() == [["999-A", "F-9"], ["999-B", "F-1"], ["999-B", "F-2"]]
    assert evidence[["publisher", "value"]].values.tolist() == [["x", "1.50"], ["x", "0.10"], ["NA", "7"]]


def test_merge_of_nothing_writes_the_headers(tmp_path):
    assert cl.merge_claims(tmp_path) == tmp_path / "tables" / "claims.csv"
    assert (tmp_path / "tables" / "claims.csv").read_text() == ",".join(cl.CLAIM_COLUMNS) + "\n"
    assert (tmp_path / "tables" / "claims_evidence.csv").read_text() == ",".join(cl.EVIDENCE_COLUMNS) + "\n"


def test_merge_refuses_a_part_with_other_columns_or_an_unknown_verdict(scratch_project):
    claims = scratch_project / "out" / "tables" / "claims"
    write_part(claims, "01_a", [{"claim_id": "999-A", "verdict": "reproduced"}], cl.CLAIM_COLUMNS[:-1])
    with pytest.raises(DataValidationError, match=r"^tables/claims/01_a.csv: columns \['claim_id', .*'checked_in'\] "
                                                  r"!= \['claim_id', .*'note'\]$"):
        cl.merge_claims()
    write_part(claims, "01_a", [{"claim_id": "999-A", "verdict": "maybe"}])
    with pytest.raises(cl.ClaimError, match=rf"^unknown verdict\(s\) \['maybe'\] in {re.escape(str(claims))}$"):
        cl.merge_claims()
    assert not (claims.parent / "claims.csv").exists()
