"""Every number a source text states is registered as a claim or excluded with a reason.

``number_tokens(text)`` returns ``[(start, end, token, context), ...]`` in text order, where
``text[start:end] == token`` and ``context`` is about 80 characters around it (whitespace
collapsed). ``tokenize(text)`` returns the same records with a ``kind`` as well, for reports.
Standard library only.

The definition, and why
-----------------------
The completeness test of issue 14 must find every number a text states, so that each one is
either registered as a claim or listed, with a reason, in a small per-text exclusion list. A
token here is the *whole number expression* a reader would cite, not a bare digit run:
"$2.551 billion", "US$40,000", "230,000 US dollars", "105 million yuan", "26.85%", "1/10",
"April 26, 2012", "15th Five Year Plan", "ten times". Keeping the scale word, currency, percent
sign or "times" inside the token means one token = one printed quantity, and the unit cannot be
silently lost between the text and the registry.

Recognised (kind in brackets):

* [reference]  bracketed reference markers "[7]" -- recognised only so that they are *not*
  read as numbers; the per-text exclusion lists drop them by kind.
* [label]      "Figure 1", "Table 1" (a digit label of a figure or table). Recognised first
  so that the extraction's "Figure 1.2010-2016" is not read as the decimal 1.2010.
* [date]       "April 26, 2012"; ISO dates "2025-12-09"; month names on their own
  ("In October of this year": October is month 10). "May" only before a digit, because the
  modal verb "may" is far commoner than the month.
* [relative]   "last year", "this year", "next year", "the same year": a year given relative
  to the text's date or to a year named just before ("Last year, we surveyed ..." dates the
  survey; "in the same year" = 2013 in text 001). Vague spans ("in recent years", "over the
  years") name no year and are not tokens.
* [money]      currency before the number ("US$40,000", "$412", "$2.551 billion",
  "US$10,000") or a currency word after it ("105 million yuan", "230,000 US dollars",
  "ten thousand US dollars"); an optional scale word (thousand/million/billion/trillion)
  belongs to the token.
* [percent]    "26.85%", "48%" (sign allowed).
* [fraction]   "1/10": a ratio printed as a fraction.
* [ordinal]    "5th", "15th", "14th"; when followed by "Five Year Plan" / "Five-Year Plan" the
  plan's name is kept in the token ("15th Five Year Plan"), because its "Five" is part of a
  name and would otherwise become a separate, misleading token.
* [times]      "6 times", "ten times", "hundreds of times": multiples.
* [year]       a bare four-digit integer 1900-2099.
* [number]     any other numeral: optional sign (hyphen-minus or U+2212, only when not
  preceded by a letter or digit, so "2010-2016" is two years, not 2010 and -2016),
  thousands separators ("5,000"), decimals ("45.712", "3.0"), optional scale word
  ("45.712 billion"). A numeral glued to CJK text keeps only its digits
  ("31109时" -> "31109"; the stray 时 = "hours" is reported by the inventory, not hidden).
* [code]       digits inside an upper-case code ("CER022"): identifiers, recognised so
  that the test sees them (text 002 names product groups by code).
* [word]       number words that state a quantity, see NUMBER WORDS below.

NUMBER WORDS -- which count, and why
    Counted: the cardinals two ... twenty, thirty ... ninety (and hyphenated compounds
    "twenty-five"); hundred(s), thousand(s), million(s), billion(s), trillion(s), dozen(s),
    with a preceding "a few"/"several" kept in the token ("a few thousand yuan": a stated,
    if vague, price); the multiplicatives half, twice, double(d), triple(d), "-fold";
    "once" except in the idiom "once again" (= again); a cardinal or "last/past" before
    decade(s)/century/centuries ("two decades", "the last century" -> "last century": a
    span or a date); the ordinal "first" only where it dates or ranks an event -- "the
    first time" and "first" directly before a past participle ("first proposed").
    Not counted, by design (each checked against the four texts):
      - "one": in these texts always a pronoun or idiom ("one of the key areas",
        "problems of one kind or another", "on the one hand", "one-way output");
      - enumerators "Firstly/First,/First of all/Secondly/Thirdly/Fourthly/Lastly" and
        the other ordinal words: they order the author's points, they count nothing;
      - hyphenated tier or direction labels: "first-line actors", "second-line",
        "one-way", "two-way" -- adjectives, not counts;
      - vague quantifiers without a number word: "many", "several", "few", "some",
        "both", "single" ("a single episode" means "per episode");
      - Roman numerals (section and table labels "II.", "TABLE I", "Table II"): no
        quantity is ever written in Roman numerals in these texts, and reading them would
        catch the pronoun "I" of text 002.

How it is used
--------------
``data/claims/<seed>.tokens.csv`` lists every token of a text (key, offset, kind, the token,
a short context, its location) and the claims that rest on it; ``data/claims/<seed>.
exclusions.csv`` is the small list of tokens that state no fact, each with a reason (reference
markers, page numbers, labels, self-references). ``tests/test_claim_coverage.py`` checks that
every token is covered by a claim of the ledger or excluded, never both; when the texts are
at hand it also re-derives the token list from them, so the committed list cannot drift.

    python -m culturaltrade.build.coverage write   # re-derive the token lists from the texts
                                                   # (keeps the `claims` and `location` columns)
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys
from pathlib import Path
from typing import NamedTuple

from ..paths import atomic_write_text, project_root

TOKEN_COLUMNS = ["key", "start", "kind", "token", "location", "context", "claims"]
EXCLUSION_COLUMNS = ["key", "reason"]
SEEDS_ENV = "CULTURAL_TRADE_SEEDS"

MONTHS = ("January February March April May June July August September October "
          "November December").split()
CARDINALS = ("two three four five six seven eight nine ten eleven twelve thirteen fourteen "
             "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty "
             "seventy eighty ninety").split()
SCALES = r"(?:hundred|thousand|million|billion|trillion)s?"

_WS = r"\s+"  # the extracts break lines (and even paragraphs) inside phrases
_CARD = r"(?:" + "|".join(CARDINALS) + r")(?:-(?:" + "|".join(CARDINALS[:8]) + r"))?"
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SIGNED = r"(?:(?<![\w.])[−-])?" + _NUM   # a sign only where no letter/digit precedes it
_SCALE_OPT = r"(?:" + _WS + r"(?:hundred|thousand|million|billion|trillion)\b)?"
_CUR_BEFORE = r"(?:US\$|\$|¥|RMB|€)"
_CUR_AFTER = r"(?:US" + _WS + r"dollars?|U\.S\." + _WS + r"dollars?|dollars?|yuan|RMB|won|euros?)\b"

_PATTERNS = [
    ("reference", r"\[\d+\]"),
    ("label", r"\b(?:Figure|Fig\.|Table)\s*\d+(?=\b|\.)"),
    ("date", r"\b(?:" + "|".join(MONTHS) + r")\s+\d{1,2},\s*\d{4}\b"),
    ("date", r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])"),
    ("date", r"\b(?:" + "|".join(m for m in MONTHS if m != "May") + r")\b|\bMay(?=\s+\d)"),
    ("relative", r"\b(?:last|this|next|the" + _WS + r"same)" + _WS + r"year\b"),
    ("money", _CUR_BEFORE + r"\s?" + _NUM + _SCALE_OPT),
    ("money", _SIGNED + _SCALE_OPT + _WS + _CUR_AFTER),
    ("money", r"\b(?:a" + _WS + r"few" + _WS + r"|several" + _WS + r")?(?:" + _CARD + _WS + r")?"
              + SCALES + _WS + r"(?:of" + _WS + r")?" + _CUR_AFTER),
    ("percent", _SIGNED + r"\s?%"),
    ("fraction", r"(?<![\d/])\d+/\d+(?![\d/])"),
    ("ordinal", r"\b\d+(?:st|nd|rd|th)\b(?:" + _WS + r"Five[-\s]Year" + _WS + r"Plan)?"),
    ("times", r"(?:" + _SIGNED + r"|\b" + _CARD + r"|\b" + SCALES + r"(?:" + _WS + r"of)?)" + _WS + r"times\b"),
    ("code", r"\b[A-Z]{2,}\d+\b"),
    ("number", _SIGNED + _SCALE_OPT),
    ("word", r"\b(?:last|past|" + _CARD + r")" + _WS + r"(?:decades?|century|centuries)\b"),
    ("word", r"\b(?:a" + _WS + r"few" + _WS + r"|several" + _WS + r")?(?:" + _CARD + _WS + r")?" + SCALES + r"\b"),
    ("word", r"\b" + _CARD + r"\b(?!-(?:line|way)\b)"),
    ("word", r"\b(?:half|twice|double[ds]?|triple[ds]?|\w+-fold)\b"),
    ("word", r"\bonce\b(?!" + _WS + r"again)"),
    ("word", r"\bfirst(?=" + _WS + r"time\b)|\bfirst(?=" + _WS + r"\w+ed\b)"),
]
_REGEX = re.compile("|".join(f"(?P<k{i}>{p})" for i, (_, p) in enumerate(_PATTERNS)), re.IGNORECASE)
_KIND = {f"k{i}": kind for i, (kind, _) in enumerate(_PATTERNS)}
# Case matters for a few alternatives that IGNORECASE would widen: month names must be
# capitalised (not "march" the verb), codes must be upper case, "May" only as a month.
_CASE_SENSITIVE = {"date", "code", "label"}


class Token(NamedTuple):
    start: int
    end: int
    token: str
    context: str
    kind: str


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    before = " ".join(text[max(0, start - width):start].split())
    after = " ".join(text[end:end + width].split())
    return f"{before} [[{' '.join(text[start:end].split())}]] {after}".strip()


def _is_year(token: str) -> bool:
    return re.fullmatch(r"(19|20)\d\d", token) is not None


def tokenize(text: str) -> list[Token]:
    """All number-like tokens of ``text`` with their kind (see the module docstring)."""
    tokens = []
    for match in _REGEX.finditer(text):
        kind = _KIND[match.lastgroup]
        token = match.group(0)
        if kind in _CASE_SENSITIVE and token[0].islower():
            continue  # "march", "may" (verbs), "table" ... are not months or labels
        if kind == "code" and not token[:2].isupper():
            continue
        if kind == "number" and _is_year(token):
            kind = "year"
        tokens.append(Token(match.start(), match.end(), token, _context(text, match.start(), match.end()), kind))
    return tokens


def number_tokens(text: str) -> list[tuple[int, int, str, str]]:
    """[(start, end, token, context)] for every number-like token of ``text``."""
    return [(t.start, t.end, t.token, t.context) for t in tokenize(text)]


def token_keys(tokens) -> list[str]:
    """A stable, human-readable key per token: the token (whitespace collapsed) and, when
    the same string occurs more than once in the text, '#n' for its n-th occurrence.
    The seed texts are pinned by checksum (data/sources.yaml), so keys and offsets are stable."""
    seen: dict[str, int] = {}
    total: dict[str, int] = {}
    for t in tokens:
        total[" ".join(t[2].split())] = total.get(" ".join(t[2].split()), 0) + 1
    keys = []
    for t in tokens:
        s = " ".join(t[2].split())
        seen[s] = seen.get(s, 0) + 1
        keys.append(s if total[s] == 1 else f"{s}#{seen[s]}")
    return keys


def token_index(text: str) -> list[dict]:
    """One row per token: key, start, kind, token and context (location and claims left blank)."""
    tokens = tokenize(text)
    return [{"key": key, "start": str(t.start), "kind": t.kind, "token": " ".join(t.token.split()),
             "location": "", "context": t.context, "claims": ""}
            for key, t in zip(token_keys([(t.start, t.end, t.token) for t in tokens]), tokens)]


def find_seeds(root: Path | None = None) -> Path | None:
    """The folder of the source texts: ``$CULTURAL_TRADE_SEEDS``, or ``shared/seeds`` beside the
    project or any folder above it; None if the texts are not at hand."""
    if os.environ.get(SEEDS_ENV):
        return Path(os.environ[SEEDS_ENV])
    root = root or project_root()
    for folder in [root, *root.parents]:
        if (folder / "shared" / "seeds").is_dir():
            return folder / "shared" / "seeds"
    return None


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def render_rows(rows: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({c: row.get(c, "") for c in columns} for row in rows)
    return buffer.getvalue()


def claim_ids(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def coverage_problems(tokens: list[dict], exclusions: list[dict], ledger_ids: set[str], label: str) -> list[str]:
    """Every token covered by a claim of the ledger or excluded with a reason, never both."""
    problems = []
    keys = {row["key"] for row in tokens}
    excluded = {row["key"]: row["reason"] for row in exclusions}
    for row in tokens:
        named = claim_ids(row["claims"])
        where = f"{label}, token {row['key']!r} ({row['context']})"
        if row["key"] in excluded and named:
            problems.append(f"{where}: both excluded and covered by {named}")
        elif row["key"] not in excluded and not named:
            problems.append(f"{where}: neither registered as a claim nor excluded with a reason")
        unknown = [claim for claim in named if claim not in ledger_ids]
        if unknown:
            problems.append(f"{where}: names claims not in tables/claims.csv: {unknown}")
    for key, reason in excluded.items():
        if key not in keys:
            problems.append(f"{label}: exclusion {key!r} names no token of the text")
        if not reason.strip():
            problems.append(f"{label}: exclusion {key!r} gives no reason")
    return problems


def write_token_lists(root: Path | None = None) -> list[Path]:
    """Re-derive ``data/claims/<seed>.tokens.csv`` from the texts, keeping location and claims."""
    root = root or project_root()
    seeds = find_seeds(root)
    if seeds is None:
        raise FileNotFoundError(f"the source texts are not at hand; set ${SEEDS_ENV}")
    written = []
    for path in sorted((root / "data" / "claims").glob("*.tokens.csv")):
        seed = path.name.removesuffix(".tokens.csv") + ".txt"
        kept = {row["key"]: row for row in read_rows(path)}
        rows = token_index((seeds / seed).read_text(encoding="utf-8"))
        for row in rows:
            old = kept.get(row["key"], {})
            row["location"], row["claims"] = old.get("location", ""), old.get("claims", "")
        atomic_write_text(path, render_rows(rows, TOKEN_COLUMNS))
        written.append(path)
    return written


if __name__ == "__main__":
    if sys.argv[1:] != ["write"]:
        sys.exit("usage: python -m culturaltrade.build.coverage write")
    for path in write_token_lists():
        print(f"wrote {path.relative_to(project_root())}")
