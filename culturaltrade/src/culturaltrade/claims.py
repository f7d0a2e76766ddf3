"""Register the texts' numeric claims, recompute them, and give each a verdict by rule.

Where claims come from
    ``data/claims/<seed stem>.claims.csv`` registers the claims a text makes in its prose
    (with the sentence's location and the number exactly as printed). Claims that are
    cells of a printed table are registered in code *from the transcribed table itself*
    (:meth:`Ledger.register`), so that no printed number is typed twice.

Two kinds of claim (column ``kind``)
    ``printed``      a number the text prints ("48%", "always less than -0.5", "1/10"); the
                     number is ``reported``, exactly as printed.
    ``qualitative``  a qualitative statement of the text ("the deficit is growing") that the
                     compendium turns into an indicator and a ``threshold`` of its own choosing
                     (often the natural zero; sometimes a notebook parameter). The threshold
                     is never written in ``reported``: it is not the text's number.

How a verdict is reached (:func:`judge`)
    ``reported`` (or the threshold) is compared with the value recomputed from the printed
    numbers. The **tolerance** says how far the recomputed value may be from the stated one
    and still reproduce it:

    ==========  ================================================================
    rounding    (default) half a unit of the last printed digit: '-0.83' → ±0.005,
                '450' → ±0.5. The text could not have printed a more precise value.
    loose       for a number the text itself qualifies ("about 6 times", "close to
                500%", "a ratio of 1/10"): the number is read to its last significant
                digit, trailing zeros of a whole number not being significant:
                6 → ±0.5, 500 → ±50, 5,000 → ±500; a unit fraction 1/n is a ratio of one
                to n, read to the unit: 1/10 → 1/10.5 .. 1/9.5. This is the one rule for
                loosely stated numbers; a bare number ("450 films", "in just 20 years")
                is read as printed (``rounding``). Where a looser reading is also fair,
                it is registered as a second reading of the same sentence:
    magnitude   the order of magnitude only: N × 10^±0.5 ("1/10" as "about a tenth",
                anywhere from 1/31.6 to 1/3.16).
    exact       no difference at all (counts, years, dates)
    abs:X       ±X in the claim's unit
    rel:X       ±X times the stated value
    ==========  ================================================================

    A recomputed value may itself be an interval (its inputs were rounded in print); it
    reproduces the claim if it meets the stated interval.

    ==============  =============================================================
    reproduced      within the tolerance (for bounds: the bound holds)
    approximate     outside it, but within the claim's *approximate* margin
                    (default: 5 % of the stated value; ``none`` for a strict claim)
    discrepancy     further away than that (for bounds: the bound fails)
    not checkable   the texts and the cited public figures do not allow a recomputation
    ==============  =============================================================

Comparisons: ``equals``; ``less_than`` / ``greater_than`` (the text states a bound; the
whole recomputed interval must lie beyond it); ``within`` (the text states a range
'low..high'; reproduced if the recomputed range lies inside it, approximate if they
overlap, discrepancy if they are disjoint).

Readings and sources
    Where a sentence has more than one fair reading, each reading is its own claim with
    the same ``reading_of``; the ledger says whether their verdicts agree
    (``readings_agree``). Where public sources conflict, :meth:`Ledger.check_sources`
    judges the claim against each, records every source's verdict in
    ``tables/claims_evidence.csv`` and the one chosen (by a rule stated in the call) in the
    ledger, with ``sources_agree``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

from .datasets import DataValidationError, load_dataset
from .indicators import decimals
from .paths import atomic_write_text, display_path, tables_dir

VERDICTS = ("reproduced", "approximate", "discrepancy", "not checkable")
COMPARISONS = ("equals", "less_than", "greater_than", "within")
KINDS = ("printed", "qualitative")
CLAIM_COLUMNS = [
    "claim_id", "paper", "kind", "location", "statement", "reported", "threshold", "unit", "comparison",
    "recomputed", "recomputed_low", "recomputed_high", "tolerance", "verdict",
    "reading_of", "readings_agree", "sources_agree", "checked_in", "note",
]
EVIDENCE_COLUMNS = [
    "claim_id", "fact_id", "publisher", "source_url", "value", "value_low", "value_high", "unit",
    "verdict", "chosen", "rule",
]
DEFAULT_APPROXIMATE = "rel:0.05"


class ClaimError(ValueError):
    """A claim is registered or checked inconsistently."""


def parse_reported(text: str) -> float:
    """'−0.83' → −0.83, '1/10' → 0.1, '103' → 103.0, '5,000' → 5000.0."""
    text = str(text).strip().replace("−", "-").replace(",", "")
    if "/" in text:
        return float(Fraction(text))
    return float(text)


def parse_range(text: str) -> tuple[float, float]:
    low, sep, high = str(text).partition("..")
    if not sep:
        raise ClaimError(f"a 'within' claim needs 'low..high', got {text!r}")
    low_value, high_value = parse_reported(low), parse_reported(high)
    if low_value > high_value:
        raise ClaimError(f"a 'within' claim needs 'low..high' with low ≤ high, got {text!r}")
    return low_value, high_value


def significant_unit(text: str) -> float:
    """The unit of the last significant digit of a printed number: '6' → 1, '500' → 100,
    '26.85' → 0.01, '1/10' (= 0.1) → 0.1. Trailing zeros of a whole number are not significant."""
    text = str(text).strip().replace("−", "-").replace(",", "").lstrip("+-")
    if "/" in text:
        raise ClaimError(f"a fraction ({text}) has no significant digit of its own; see stated_interval")
    if "." in text:
        return 10.0 ** (-decimals(text))
    digits = text.rstrip("0")
    return 10.0 ** (len(text) - len(digits)) if digits else 1.0


def stated_interval(reported: str, spec: str) -> tuple[float, float]:
    """The interval of values the stated number stands for under the tolerance ``spec``."""
    value = parse_reported(reported)
    kind, _, amount = spec.partition(":")
    if kind == "rounding":
        if "/" in reported:
            raise ClaimError(f"'rounding' tolerance is undefined for a fraction ({reported}); use loose, abs: or rel:")
        half = 0.5 * 10.0 ** (-decimals(reported.replace("−", "-").replace(",", "")))
    elif kind == "loose" and "/" in reported:
        numerator, _, denominator = reported.strip().partition("/")
        if numerator.strip() != "1" or not denominator.strip().isdigit():
            raise ClaimError(f"'loose' reads a unit fraction 1/n, got {reported!r}")
        n = int(denominator)  # a ratio of one to n, n read to the unit
        return 1 / (n + 0.5), 1 / (n - 0.5)
    elif kind == "loose":
        half = 0.5 * significant_unit(reported)
    elif kind == "magnitude":
        ends = value * 10 ** -0.5, value * 10 ** 0.5
        return min(ends), max(ends)  # ordered, also for a negative number
    elif kind == "exact":
        half = 0.0
    elif kind == "abs":
        half = float(amount)
    elif kind == "rel":
        half = float(amount) * abs(value)
    else:
        raise ClaimError(f"unknown tolerance {spec!r}; use rounding, loose, magnitude, exact, abs:X or rel:X")
    return value - half, value + half


def tolerance_width(reported: str, spec: str) -> float:
    """Half-width of the interval around the reported value that counts as reproduced."""
    low, high = stated_interval(reported, spec)
    return (high - low) / 2


def _approx_width(reported: str, spec: str) -> float:
    if spec in ("", "none"):
        return 0.0
    return tolerance_width(reported, spec)


def _interval(recomputed) -> tuple[float, float]:
    if isinstance(recomputed, (tuple, list)):
        low, high = float(recomputed[0]), float(recomputed[1])
        if low > high:
            raise ClaimError(f"recomputed interval ({low}, {high}) is reversed")
        return low, high
    value = float(recomputed)
    return value, value


def _describe(reported: str, comparison: str, tolerance: str, approximate: str) -> str:
    if comparison == "within":
        return "inside the stated range; overlapping = approximate"
    if comparison in ("less_than", "greater_than"):
        margin = _approx_width(reported, approximate)
        side = "below" if comparison == "less_than" else "above"
        return f"bound must hold ({side} {reported})" + (f"; approximate within {margin:.4g} of it" if margin else "")
    width = tolerance_width(reported, tolerance)
    if tolerance in ("loose", "magnitude") and "/" in reported or tolerance == "magnitude":
        low, high = stated_interval(reported, tolerance)
        how = "loosely stated: 1/n with n read to the unit" if tolerance == "loose" else "order of magnitude"
        base = f"{low:.4g} to {high:.4g} ({how})"
        return base if approximate in ("", "none") else f"{base}; approximate within {_margin(approximate)}"
    base = {"rounding": f"±{width:.4g} (rounding of {reported})", "exact": "exact",
            "loose": f"±{width:.4g} (loosely stated {reported}: read to its last significant digit)",
            "magnitude": f"order of magnitude of {reported} (×/÷ 10^0.5)"}.get(
        tolerance.partition(":")[0], f"±{width:.4g} ({tolerance})"
    )
    if approximate in ("", "none"):
        return base
    return f"{base}; approximate within {_margin(approximate)}"


def _margin(approximate: str) -> str:
    kind, _, amount = approximate.partition(":")
    return f"{float(amount) * 100:g} % of reported" if kind == "rel" else f"{float(amount):g}"


def judge(reported: str, recomputed, comparison: str = "equals",
          tolerance: str = "rounding", approximate: str = DEFAULT_APPROXIMATE) -> str:
    """The verdict for one claim (see the module docstring for the rules)."""
    if comparison not in COMPARISONS:
        raise ClaimError(f"unknown comparison {comparison!r}; use one of {COMPARISONS}")
    # nothing recomputed: None, NaN, or an interval with a missing end (NaN compares false with
    # everything, so judging it would turn a missing value into a verdict)
    ends = recomputed if isinstance(recomputed, (tuple, list)) else (recomputed,)
    if recomputed is None or any(math.isnan(float(end)) for end in ends):
        return "not checkable"
    low, high = _interval(recomputed)
    if comparison == "within":
        lo_stated, hi_stated = parse_range(reported)
        if lo_stated <= low and high <= hi_stated:
            return "reproduced"
        return "approximate" if high >= lo_stated and low <= hi_stated else "discrepancy"
    bound = parse_reported(reported)
    margin = _approx_width(reported, approximate)
    if comparison == "less_than":
        if high < bound:
            return "reproduced"
        return "approximate" if high < bound + margin else "discrepancy"
    if comparison == "greater_than":
        if low > bound:
            return "reproduced"
        return "approximate" if low > bound - margin else "discrepancy"
    stated_low, stated_high = stated_interval(reported, tolerance)
    gap = max(stated_low - high, low - stated_high, 0.0)
    slack = 1e-9 * max(1.0, abs(bound))  # binary floating point, not a tolerance
    if gap <= slack:
        return "reproduced"
    return "approximate" if gap <= margin + slack else "discrepancy"


def format_number(value) -> str:
    """A recomputed number as CSV text at full precision (the shortest text that reads back
    to the same float); blank when there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return repr(float(value))


def recomputed_columns(recomputed, value=None) -> dict[str, str]:
    """``recomputed`` (the point value from the printed numbers), ``recomputed_low`` and
    ``recomputed_high`` (its range over the rounding of those numbers, or the range of the
    quantity when it is a range) for a recomputation given as a number or an interval."""
    if recomputed is None:
        return {"recomputed": "", "recomputed_low": "", "recomputed_high": ""}
    low, high = _interval(recomputed)
    point = value if value is not None else (None if isinstance(recomputed, (tuple, list)) else low)
    return {"recomputed": format_number(point), "recomputed_low": format_number(low),
            "recomputed_high": format_number(high)}


@dataclass
class Claim:
    claim_id: str
    paper: str
    notebook: str
    location: str
    statement: str
    reported: str            # the number as printed ('' for a qualitative claim)
    unit: str
    comparison: str = "equals"
    tolerance: str = "rounding"
    approximate: str = DEFAULT_APPROXIMATE
    note: str = ""
    kind: str = "printed"    # or 'qualitative'
    threshold: str = ""      # the compendium's bound for a qualitative claim
    reading_of: str = ""     # the sentence this claim is one reading of

    def __post_init__(self) -> None:
        where = f"claim {self.claim_id}"
        if self.kind not in KINDS:
            raise ClaimError(f"{where}: kind {self.kind!r} is not one of {KINDS}")
        if self.kind == "printed" and self.threshold:
            raise ClaimError(f"{where}: a printed claim states its number in `reported`, not `threshold`")
        if self.kind == "qualitative" and self.reported:
            raise ClaimError(f"{where}: a qualitative claim prints no number; put the compendium's bound "
                             f"{self.reported!r} in `threshold`, not `reported`")
        if self.comparison not in COMPARISONS:
            raise ClaimError(f"{where}: unknown comparison {self.comparison!r}; use one of {COMPARISONS}")

    @property
    def bound(self) -> str:
        """What the recomputed value is compared with: the printed number or the threshold."""
        return self.reported if self.kind == "printed" else self.threshold


def load_registry(paper: str) -> dict[str, Claim]:
    """Claims registered for one seed text (``paper`` = seed file name)."""
    stem = paper.removesuffix(".txt")
    frame = load_dataset(f"claims/{stem}.claims")
    claims: dict[str, Claim] = {}
    for line, row in enumerate(frame.itertuples(index=False), start=2):
        where = f"data/claims/{stem}.claims.csv, line {line}"
        if not row.claim_id.startswith(stem[:3] + "-"):
            raise ClaimError(f"{where}: claim id {row.claim_id} must start with {stem[:3]}-")
        try:
            claim = Claim(
                claim_id=row.claim_id, paper=paper, notebook=row.notebook, location=row.location,
                statement=row.statement, reported=row.reported or "", unit=row.unit or "",
                comparison=row.comparison, tolerance=row.tolerance or "rounding",
                approximate=row.approximate or DEFAULT_APPROXIMATE, note=row.note or "",
                kind=row.kind, threshold=row.threshold or "", reading_of=row.reading_of or "",
            )
        except ClaimError as error:
            raise ClaimError(f"{where}: {error}") from None
        if claim.kind == "qualitative" and not claim.threshold:
            raise ClaimError(f"{where}: qualitative claim {claim.claim_id} needs a `threshold`")
        claims[claim.claim_id] = claim
    return claims


@dataclass
class Ledger:
    """The claims one notebook checks; written to ``tables/claims/<notebook>.csv``."""

    notebook: str
    papers: list[str]
    claims: dict[str, Claim] = field(default_factory=dict)
    results: dict[str, dict] = field(default_factory=dict)
    evidence: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        for paper in self.papers:
            mine = {cid: c for cid, c in load_registry(paper).items() if c.notebook == self.notebook}
            self.claims.update(mine)

    def register(self, claim: Claim) -> None:
        """Add a claim taken from a printed table (its number read from the transcription)."""
        if claim.notebook != self.notebook:
            raise ClaimError(f"claim {claim.claim_id} belongs to notebook {claim.notebook}, not {self.notebook}")
        if claim.claim_id in self.claims:
            raise ClaimError(f"claim {claim.claim_id} is registered twice")
        self.claims[claim.claim_id] = claim

    def check(self, claim_id: str, recomputed, *, section: str, note: str = "", value=None,
              sources_agree: str = "") -> str:
        """Record the recomputation and its verdict.

        ``recomputed``: a number, a (low, high) interval, or None (not checkable: say why in
        ``note``). ``value``: the point value from the printed numbers when ``recomputed`` is
        the interval spanned by their rounding.
        """
        if claim_id not in self.claims:
            raise ClaimError(f"claim {claim_id!r} is not registered (data/claims/ or Ledger.register)")
        if claim_id in self.results:
            raise ClaimError(f"claim {claim_id!r} is checked twice")
        claim = self.claims[claim_id]
        verdict = judge(claim.bound, recomputed, claim.comparison, claim.tolerance, claim.approximate)
        if verdict == "not checkable" and not (note or claim.note):
            raise ClaimError(f"claim {claim_id!r} is not checkable: say why in `note`")
        shown = {"less_than": "< {}", "greater_than": "> {}"}.get(claim.comparison, "{}")
        self.results[claim_id] = {
            "claim_id": claim_id,
            "paper": claim.paper,
            "kind": claim.kind,
            "location": claim.location,
            "statement": claim.statement,
            "reported": shown.format(claim.reported) if claim.reported else "",
            "threshold": shown.format(claim.threshold) if claim.threshold else "",
            "unit": claim.unit,
            "comparison": claim.comparison,
            **recomputed_columns(recomputed, value),
            "tolerance": "" if verdict == "not checkable" else _describe(
                claim.bound, claim.comparison, claim.tolerance, claim.approximate),
            "verdict": verdict,
            "reading_of": claim.reading_of,
            "readings_agree": "",
            "sources_agree": sources_agree,
            "checked_in": f"notebooks/{self.notebook}.ipynb#{section}",
            "note": "; ".join(part for part in (claim.note, note) if part),
        }
        return verdict

    def not_checkable(self, claim_id: str, *, section: str, reason: str) -> str:
        return self.check(claim_id, None, section=section, note=reason)

    def check_sources(self, claim_id: str, sources: pd.DataFrame, *, choose: str, rule: str, section: str,
                      note: str = "") -> pd.DataFrame:
        """Judge a claim against each of several public sources and record the chosen one.

        ``sources``: one row per source, columns ``fact_id``, ``publisher``, ``source_url``,
        ``value`` (in the claim's unit) and, where the source's own rounding matters,
        ``value_low``/``value_high``. ``choose`` is the fact id the notebook chose, by
        ``rule`` (said in words, e.g. "the primary publisher"). Every source's verdict goes to
        ``tables/claims_evidence.csv``; the ledger keeps the chosen one and says whether the
        sources agree. Returns the evidence rows (for showing beside the cell).
        """
        if claim_id not in self.claims:
            raise ClaimError(f"claim {claim_id!r} is not registered (data/claims/ or Ledger.register)")
        if choose not in set(sources["fact_id"]):
            raise ClaimError(f"claim {claim_id!r}: chosen source {choose!r} is not among {list(sources['fact_id'])}")
        claim = self.claims[claim_id]
        rows, chosen_value, chosen_recomputed = [], None, None
        for source in sources.to_dict("records"):
            low, high = source.get("value_low"), source.get("value_high")
            recomputed = (low, high) if low is not None and high is not None and low == low else source["value"]
            if source["fact_id"] == choose:
                chosen_value, chosen_recomputed = source["value"], recomputed
            verdict = judge(claim.bound, recomputed, claim.comparison, claim.tolerance, claim.approximate)
            rows.append({
                "claim_id": claim_id, "fact_id": source["fact_id"], "publisher": source.get("publisher", ""),
                "source_url": source.get("source_url", ""),
                "value": format_number(source["value"]),
                "value_low": format_number(low) if isinstance(recomputed, tuple) else "",
                "value_high": format_number(high) if isinstance(recomputed, tuple) else "",
                "unit": claim.unit, "verdict": verdict,
                "chosen": "yes" if source["fact_id"] == choose else "no", "rule": rule,
            })
        verdicts = {row["verdict"] for row in rows} - {"not checkable"}  # a source that settles nothing does not disagree
        others = "; ".join(f"{row['fact_id']}: {row['verdict']}" for row in rows if row["chosen"] == "no")
        self.check(claim_id, chosen_recomputed, section=section, value=chosen_value,
                   sources_agree=("yes" if len(verdicts) <= 1 else "no") if len(rows) > 1 else "",
                   note="; ".join(part for part in (
                       note, f"public source {choose} ({rule})" + (f"; other sources: {others}" if others else ""))
                       if part))
        self.evidence.extend(rows)
        return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)

    def recent(self) -> pd.DataFrame:
        """The claims checked since the last call, for showing beside the cell that checked them."""
        shown = getattr(self, "_shown", 0)
        rows = list(self.results.values())[shown:]
        self._shown = len(self.results)
        return reading_table(pd.DataFrame(rows, columns=CLAIM_COLUMNS))

    def table(self) -> pd.DataFrame:
        frame = pd.DataFrame(list(self.results.values()), columns=CLAIM_COLUMNS)
        frame = frame.sort_values(["paper", "claim_id"], kind="stable").reset_index(drop=True)
        return mark_reading_agreement(frame)

    def unchecked(self) -> list[str]:
        """Claims registered for this notebook and not yet checked."""
        return sorted(cid for cid in self.claims if cid not in self.results)

    def write(self, require_complete: bool = True) -> Path:
        """Write this notebook's claims (and their sources); by default refuse if a registered claim was skipped."""
        missing = self.unchecked() if require_complete else []
        if missing:
            raise ClaimError(f"{len(missing)} claim(s) registered for {self.notebook} not checked: {missing}")
        path = tables_dir() / "claims" / f"{self.notebook}.csv"
        atomic_write_text(path, self.table().to_csv(index=False, lineterminator="\n"))
        evidence = tables_dir() / "claims_evidence" / f"{self.notebook}.csv"
        if self.evidence:
            frame = pd.DataFrame(self.evidence, columns=EVIDENCE_COLUMNS).sort_values(
                ["claim_id", "fact_id"], kind="stable")
            atomic_write_text(evidence, frame.to_csv(index=False, lineterminator="\n"))
        return path

    def summary(self) -> pd.DataFrame:
        return verdict_counts(self.table())


def mark_reading_agreement(claims: pd.DataFrame) -> pd.DataFrame:
    """Fill ``readings_agree`` (yes/no) for claims that are readings of the same sentence."""
    claims = claims.copy()
    grouped = claims[claims["reading_of"] != ""].groupby("reading_of")["verdict"]
    agree = grouped.transform(lambda verdicts: "yes" if verdicts.nunique() == 1 else "no")
    claims.loc[agree.index, "readings_agree"] = agree
    return claims


READING_COLUMNS = ["claim_id", "statement", "reported", "threshold", "recomputed", "verdict"]


def shown_recomputed(row) -> str:
    """A ledger row's recomputed value (or range) for reading: a printed claim's value rounded to
    the precision the text prints (the ends of its range to one digit more), so that a reader
    sees why it reproduces or not; a qualitative claim's to 4 significant digits. Never in
    exponent notation. ``tables/claims.csv`` keeps full precision."""
    if not row["recomputed_low"]:
        return ""
    low, high = float(row["recomputed_low"]), float(row["recomputed_high"])
    point = float(row["recomputed"]) if row["recomputed"] else None
    places = None
    if row["kind"] == "printed":
        stated = str(row["reported"]).lstrip("<> ").replace("−", "-").replace(",", "")
        try:
            places = max(decimals(end) for end in stated.split("..")) if "/" not in stated else None
        except ValueError:
            places = None

    def number(value: float, extra: int = 0) -> str:
        if places is None:
            return np.format_float_positional(value, precision=4, unique=False, fractional=False, trim="-")
        return f"{value:.{places + extra}f}"

    if low == high:
        return number(low)
    span = f"[{number(low, 1)}, {number(high, 1)}]"
    return f"{number(point)} {span}" if point is not None else span


def reading_table(claims: pd.DataFrame) -> pd.DataFrame:
    """The columns a reader needs beside the cell that checked them, numbers rounded for reading
    (:func:`shown_recomputed`)."""
    table = claims.copy()
    table["recomputed"] = [shown_recomputed(row) for _, row in claims.iterrows()]
    return table[READING_COLUMNS].reset_index(drop=True)


def verdict_counts(claims: pd.DataFrame, by: str | list[str] = "paper") -> pd.DataFrame:
    """Counts of each verdict per paper (or per ``by``), every verdict shown (zeros included)."""
    keys = [by] if isinstance(by, str) else list(by)
    counts = pd.crosstab([claims[k] for k in keys], claims["verdict"]).reindex(columns=list(VERDICTS), fill_value=0)
    counts.columns.name = None
    counts["total"] = counts.sum(axis=1)
    return counts


def findings_markdown(claims: pd.DataFrame) -> str:
    """A reader's summary of a claims table: counts by kind, readings that disagree, then every
    claim that did not reproduce."""
    lines = []
    for kind, label in (("printed", "numbers the text prints"),
                        ("qualitative", "qualitative statements, tested with indicators the compendium chose")):
        subset = claims[claims["kind"] == kind]
        if subset.empty:
            continue
        counts = subset["verdict"].value_counts()
        parts = [f"**{counts.get(v, 0)}** {v}" for v in VERDICTS]
        lines.append(f"Of **{len(subset)}** {label}: " + ", ".join(parts) + ".")
    split = claims[claims["readings_agree"] == "no"]
    if not split.empty:
        lines.append("\n**Sentences whose fair readings disagree** (each reading is judged; none is dropped):\n")
        for sentence, readings in split.groupby("reading_of", sort=True):
            judged = "; ".join(f"`{r.claim_id}` {r.verdict}" for r in readings.itertuples())
            lines.append(f"- `{sentence}`: {judged}")
    for verdict in ("discrepancy", "approximate", "not checkable"):
        subset = claims[claims["verdict"] == verdict]
        if subset.empty:
            continue
        lines.append(f"\n**{verdict.capitalize()}:**\n")
        for row in subset.itertuples():
            numbers = reading_table(pd.DataFrame([row._asdict()]))
            recomputed = f"; recomputed {numbers['recomputed'].iloc[0]}" if numbers["recomputed"].iloc[0] else ""
            why = f" — {row.note}" if row.note and verdict != "approximate" else ""
            stated = (f" — stated {row.reported}" if row.reported else
                      f" — threshold {row.threshold} (the compendium's)" if row.threshold else "")
            lines.append(f"- `{row.claim_id}` ({row.location}): “{row.statement}”{stated}{recomputed}{why}")
    return "\n".join(lines)


def merge_claims(root: Path | None = None) -> Path:
    """Merge ``tables/claims/*.csv`` into ``tables/claims.csv`` (sorted, one row per claim), and
    ``tables/claims_evidence/*.csv`` into ``tables/claims_evidence.csv``.

    Each notebook writes its own files, so notebooks may run in any order or in parallel;
    this merge is the only writer of the combined files.
    """
    base = Path(root) / "tables" if root else tables_dir()
    parts = sorted((base / "claims").glob("*.csv"))
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in parts]
    merged = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CLAIM_COLUMNS)
    for part, frame in zip(parts, frames):
        if list(frame.columns) != CLAIM_COLUMNS:
            raise DataValidationError(f"{display_path(part)}: columns {list(frame.columns)} != {CLAIM_COLUMNS}")
    duplicated = sorted(set(merged.loc[merged["claim_id"].duplicated(), "claim_id"]))
    if duplicated:
        raise ClaimError(f"claims checked in more than one notebook: {duplicated}")
    bad = sorted(set(merged["verdict"]) - set(VERDICTS))
    if bad:
        raise ClaimError(f"unknown verdict(s) {bad} in {base / 'claims'}")
    merged = merged.sort_values(["paper", "claim_id"], kind="stable")
    path = base / "claims.csv"
    atomic_write_text(path, merged.to_csv(index=False, lineterminator="\n"))
    evidence_parts = sorted((base / "claims_evidence").glob("*.csv"))
    evidence = (pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in evidence_parts],
                          ignore_index=True) if evidence_parts else pd.DataFrame(columns=EVIDENCE_COLUMNS))
    evidence = evidence.sort_values(["claim_id", "fact_id"], kind="stable")
    atomic_write_text(base / "claims_evidence.csv", evidence.to_csv(index=False, lineterminator="\n"))
    return path
