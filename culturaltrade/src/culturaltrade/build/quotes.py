"""The sentences the claims rest on, quoted from the texts: ``data/claims/<seed>.quotes.csv``.

The source texts are not in the repository (they remain their authors' and publishers'
works); what is shipped is what a quotation for verification allows: for every claim of the
ledger, the sentence (or table row) it rests on, verbatim with its whitespace collapsed, its
location and its character offsets in the text (the version pinned by SHA-256 in
``data/sources.yaml``). A reader without the texts can still check that each claim's number
is printed where the registry says (tests/test_provenance.py falls back to these files), and
the readers' edition links each claim of the dashboard to its quotation.

How a quotation is found
    * A claim that rests on number tokens (``data/claims/<seed>.tokens.csv`` names the claims
      each token supports) is quoted by the sentence around each of its tokens: from the end
      of the sentence before (``.``, ``!`` or ``?`` and a space) to the end of its own. A
      "sentence" longer than :data:`LONGEST` characters (the extraction flattens tables and
      page footers into the prose) is cut to the blank lines around the token (a table row,
      a paragraph), else to its line, else to :data:`LONGEST` characters around the token at
      word boundaries: quotes stay short.
    * A claim with no token (a qualitative statement, "the deficit is growing") is quoted by
      the span written by hand in its row (``found_by`` = ``by hand``); the command keeps
      that span and re-reads its text.

``python -m culturaltrade.build.quotes write`` re-derives every file from the texts (needs
them: ``$CULTURAL_TRADE_SEEDS``, or ``shared/seeds`` beside the checkout) and the claims of
``tables/claims.csv``; tests/test_quotes.py checks, when the texts are at hand, that the
committed files are what the texts give.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..paths import atomic_write_text, project_root
from .coverage import claim_ids, find_seeds, read_rows, render_rows

QUOTE_COLUMNS = ["claim_id", "start", "end", "location", "found_by", "sentence"]
LONGEST = 320  # characters: a sentence, not a paragraph
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"(?<!\bU\.S)(?<!\be\.g)(?<!\bi\.e)[.!?。][\"'”’)]*(?=\s)")


def collapse(text: str) -> str:
    return " ".join(text.split())


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    after = _SENTENCE_END.search(text, end)
    finish = after.end() if after else len(text)
    return begin, finish


def _block(text: str, start: int, end: int) -> tuple[int, int]:
    """The part of the token's sentence between the blank lines around it (a table row, a paragraph)."""
    begin, finish = _sentence(text, start, end)
    for match in _BLANK_LINE.finditer(text, begin, start):
        begin = match.end()
    after = _BLANK_LINE.search(text, end, finish)
    return begin, after.start() if after else finish


def _line(text: str, start: int, end: int) -> tuple[int, int]:
    begin, finish = _sentence(text, start, end)
    line_end = text.find("\n", end, finish)
    return max(begin, text.rfind("\n", 0, start) + 1), finish if line_end < 0 else line_end


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    room = max(0, (LONGEST - (end - start)) // 2)
    begin, finish = max(0, start - room), min(len(text), end + room)
    while begin > 0 and not text[begin - 1].isspace():
        begin += 1  # start at a word
    while finish < len(text) and not text[finish].isspace():
        finish -= 1  # end at a word
    return begin, finish


def quote_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span quoted for the token at ``text[start:end]``: its sentence, else its line, else a window."""
    for find in (_sentence, _block, _line, _window):
        begin, finish = find(text, start, end)
        while begin < finish and text[begin].isspace():
            begin += 1
        while finish > begin and text[finish - 1].isspace():
            finish -= 1
        if len(collapse(text[begin:finish])) <= LONGEST:
            return begin, finish
    return begin, finish


def quote_rows(text: str, tokens: list[dict], claims: list[str], kept: list[dict]) -> tuple[list[dict], list[str]]:
    """The quotation rows of one text, and the claims that have none (see the module docstring)."""
    rows, missing = [], []
    for claim in claims:
        spans: dict[tuple[int, int], dict] = {}
        for token in tokens:
            if claim in claim_ids(token["claims"]):
                start = int(token["start"])
                span = quote_span(text, start, start + len(_raw_token(text, start, token["token"])))
                row = spans.setdefault(span, {"location": token["location"], "keys": []})
                row["keys"].append(token["key"])
        if spans:
            for (begin, finish), found in sorted(spans.items()):
                rows.append({"claim_id": claim, "start": str(begin), "end": str(finish), "location": found["location"],
                             "found_by": "token " + "; ".join(found["keys"]),
                             "sentence": collapse(text[begin:finish])})
            continue
        by_hand = [row for row in kept if row["claim_id"] == claim and row["found_by"] == "by hand"]
        if not by_hand:
            missing.append(claim)
        for row in by_hand:
            begin, finish = int(row["start"]), int(row["end"])
            rows.append({**row, "sentence": collapse(text[begin:finish])})
    return rows, missing


def _raw_token(text: str, start: int, token: str) -> str:
    """The token as it stands in the text (tokens.csv collapses the whitespace inside it)."""
    words = token.split()
    pattern = r"\s+".join(re.escape(word) for word in words)
    match = re.compile(pattern).match(text, start)
    return match.group(0) if match else token


def ledger_claims(root: Path) -> dict[str, list[str]]:
    """Text file name -> its claim ids, from tables/claims.csv."""
    claims: dict[str, list[str]] = {}
    for row in read_rows(root / "tables" / "claims.csv"):
        claims.setdefault(row["paper"], []).append(row["claim_id"])
    return claims


def write_quotes(root: Path | None = None) -> list[Path]:
    """Re-derive ``data/claims/<seed>.quotes.csv`` from the texts; refuse if a claim has no quotation."""
    root = root or project_root()
    seeds = find_seeds(root)
    if seeds is None:
        raise FileNotFoundError("the source texts are not at hand; set $CULTURAL_TRADE_SEEDS")
    claims = ledger_claims(root)
    written, problems = [], []
    for tokens_path in sorted((root / "data" / "claims").glob("*.tokens.csv")):
        stem = tokens_path.name.removesuffix(".tokens.csv")
        target = tokens_path.with_name(f"{stem}.quotes.csv")
        kept = read_rows(target) if target.is_file() else []
        text = (seeds / f"{stem}.txt").read_text(encoding="utf-8")
        rows, missing = quote_rows(text, read_rows(tokens_path), claims.get(f"{stem}.txt", []), kept)
        problems += [f"{target.relative_to(root).as_posix()}: claim {claim} rests on no token; add its sentence "
                     f"by hand (claim_id, start, end, location, found_by = 'by hand')" for claim in missing]
        atomic_write_text(target, render_rows(rows, QUOTE_COLUMNS))
        written.append(target)
    if problems:
        raise ValueError("\n".join(problems))
    return written


if __name__ == "__main__":
    if sys.argv[1:] != ["write"]:
        sys.exit("usage: python -m culturaltrade.build.quotes write")
    try:
        for path in write_quotes():
            print(f"wrote {path.relative_to(project_root()).as_posix()}")
    except (OSError, ValueError) as error:
        sys.exit(f"error: {error}")
