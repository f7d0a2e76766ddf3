"""The sentences the claims rest on, shipped as short quotations (data/claims/<text>.quotes.csv).

Without the texts: every claim of the ledger has a quotation, each is short, and each names a
claim of its own text. With the texts at hand: each file is exactly what
``python -m culturaltrade.build.quotes write`` derives from the text, so a quotation can be
neither edited nor left behind unnoticed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from conftest import SEEDS_DIR
from culturaltrade.build import coverage, quotes

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [s["file"].removesuffix(".txt") for s in yaml.safe_load((ROOT / "data/sources.yaml").read_text())["seeds"]]


def shipped(seed: str) -> list[dict]:
    return coverage.read_rows(ROOT / f"data/claims/{seed}.quotes.csv")


@pytest.mark.parametrize("seed", SEEDS)
def test_every_claim_of_the_ledger_has_a_short_quotation(seed):
    ledger = pd.read_csv(ROOT / "tables/claims.csv", dtype=str, keep_default_na=False)
    claims = set(ledger.loc[ledger["paper"] == f"{seed}.txt", "claim_id"])
    rows = shipped(seed)
    quoted = {row["claim_id"] for row in rows}
    assert not claims - quoted, (f"data/claims/{seed}.quotes.csv: no quotation for {sorted(claims - quoted)}; "
                                 "run `python -m culturaltrade.build.quotes write` with the texts at hand")
    assert not quoted - claims, f"data/claims/{seed}.quotes.csv: claims not in the ledger: {sorted(quoted - claims)}"
    for row in rows:
        assert 0 < len(row["sentence"]) <= quotes.LONGEST, (seed, row["claim_id"], "a sentence, not a paragraph")
        assert int(row["end"]) - int(row["start"]) >= len(row["sentence"]), (seed, row["claim_id"])


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason=f"source texts not found in {SEEDS_DIR}; the quotations "
                                                    "are checked against the ledger only (set CULTURAL_TRADE_SEEDS)")
@pytest.mark.parametrize("seed", SEEDS)
def test_the_quotations_are_what_the_text_gives(seed):
    text = (SEEDS_DIR / f"{seed}.txt").read_text(encoding="utf-8")
    ledger = pd.read_csv(ROOT / "tables/claims.csv", dtype=str, keep_default_na=False)
    claims = list(ledger.loc[ledger["paper"] == f"{seed}.txt", "claim_id"])
    tokens = coverage.read_rows(ROOT / f"data/claims/{seed}.tokens.csv")
    derived, missing = quotes.quote_rows(text, tokens, claims, shipped(seed))
    assert not missing
    assert derived == shipped(seed), (f"data/claims/{seed}.quotes.csv is out of date with the text or the ledger: "
                                      "run `python -m culturaltrade.build.quotes write`")
    for row in shipped(seed):  # verbatim, by the offsets (the rule that found them aside)
        assert row["sentence"] == " ".join(text[int(row["start"]):int(row["end"])].split())


def test_a_quotation_is_the_sentence_else_the_table_row_else_a_short_window():
    text = ("Intro line. Exports grew 26.85% a year, as Table 1 shows.\n\n"
            "books 1278.7 5221.67\n\nperiodicals 240.35 461.64\n\n" + "long " * 100 + "with 7% inside " + "x " * 200)
    at = text.index("26.85%")
    begin, end = quotes.quote_span(text, at, at + 6)
    assert text[begin:end] == "Exports grew 26.85% a year, as Table 1 shows."
    at = text.index("5221.67")
    begin, end = quotes.quote_span(text, at, at + 7)
    assert text[begin:end] == "books 1278.7 5221.67"
    at = text.index("7%")
    begin, end = quotes.quote_span(text, at, at + 2)
    assert "7%" in text[begin:end] and len(text[begin:end]) <= quotes.LONGEST
    assert not text[begin - 1].strip() and not text[end].strip()  # whole words
