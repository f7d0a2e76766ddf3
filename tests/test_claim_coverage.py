"""Every number a text states is registered as a claim or excluded with a reason (issue: completeness).

``data/claims/<seed>.tokens.csv`` lists every number-like token of a text with the claims that
rest on it; ``<seed>.exclusions.csv`` the few that state no fact. The check runs on those
committed lists (so it runs on any clone); when the texts are at hand, the token lists are
also re-derived from them, so that a token cannot be dropped from the list unnoticed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from culturaltrade.build import coverage

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [s["file"].removesuffix(".txt") for s in yaml.safe_load((ROOT / "data/sources.yaml").read_text())["seeds"]]
SEEDS_DIR = coverage.find_seeds(ROOT)


def ledger() -> pd.DataFrame:
    return pd.read_csv(ROOT / "tables/claims.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_token_is_registered_or_excluded(seed):
    claims = ledger()
    tokens = coverage.read_rows(ROOT / f"data/claims/{seed}.tokens.csv")
    exclusions = coverage.read_rows(ROOT / f"data/claims/{seed}.exclusions.csv")
    ids = set(claims.loc[claims["paper"] == f"{seed}.txt", "claim_id"])
    problems = coverage.coverage_problems(tokens, exclusions, ids, f"data/claims/{seed}.tokens.csv")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_exclusion_list_stays_small_and_states_no_fact(seed):
    exclusions = coverage.read_rows(ROOT / f"data/claims/{seed}.exclusions.csv")
    tokens = {row["key"]: row for row in coverage.read_rows(ROOT / f"data/claims/{seed}.tokens.csv")}
    assert len(exclusions) <= 0.15 * len(tokens), "the exclusion list is for markers, not for facts"
    for row in exclusions:
        assert tokens[row["key"]]["kind"] not in ("money", "percent", "fraction", "times"), \
            f"{seed}: {row['key']} is an amount, a share or a ratio: register it as a claim"


@pytest.mark.skipif(SEEDS_DIR is None, reason="source texts not at hand (set CULTURAL_TRADE_SEEDS)")
@pytest.mark.parametrize("seed", SEEDS)
def test_the_token_list_is_the_one_the_text_gives(seed):
    derived = coverage.token_index((SEEDS_DIR / f"{seed}.txt").read_text(encoding="utf-8"))
    committed = coverage.read_rows(ROOT / f"data/claims/{seed}.tokens.csv")
    columns = ["key", "start", "kind", "token", "context"]
    assert [[r[c] for c in columns] for r in committed] == [[r[c] for c in columns] for r in derived], \
        f"data/claims/{seed}.tokens.csv is out of date with the text: run `python -m culturaltrade.build.coverage write`"


def test_a_number_neither_registered_nor_excluded_is_reported():
    text = "Exports grew 26.85% a year [7]; the deficit was US$5 million."
    tokens = coverage.token_index(text)
    assert [row["token"] for row in tokens] == ["26.85%", "[7]", "US$5 million"]
    tokens[0]["claims"] = "999-GROWTH"
    problems = coverage.coverage_problems(tokens, [{"key": "[7]", "reason": "reference marker"}], {"999-GROWTH"}, "t")
    assert len(problems) == 1 and "'US$5 million'" in problems[0] and "neither registered" in problems[0]
    tokens[2]["claims"] = "999-NOT-IN-LEDGER"
    problems = coverage.coverage_problems(tokens, [{"key": "[7]", "reason": "reference marker"}], {"999-GROWTH"}, "t")
    assert problems == [f"t, token 'US$5 million' ({tokens[2]['context']}): names claims not in tables/claims.csv: "
                        "['999-NOT-IN-LEDGER']"]


@pytest.mark.parametrize("phrase, expected", [
    ("from $2.551 billion in 2017", ["$2.551 billion", "2017"]),
    ("each set is 230,000 US dollars, about 6 times", ["230,000 US dollars", "6 times"]),
    ("the 15th Five Year Plan, April 26, 2012, in the past two decades", ["15th Five Year Plan", "April 26, 2012",
                                                                          "two decades"]),
    ("ratio is 1/10; NTB always less than -0.5", ["1/10", "-0.5"]),
    ("one of the key areas; first-line actors; Firstly, we", []),
])
def test_what_counts_as_a_number(phrase, expected):
    assert [row["token"] for row in coverage.token_index(phrase)] == expected
