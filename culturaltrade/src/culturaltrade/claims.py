"""Register the texts' numeric claims, recompute them, and give each a verdict by rule.

Where claims come from
    ``data/claims/<seed stem>.claims.csv`` registers the claims a text makes in its prose
    (with the sentence's location and the number exactly as printed). Claims that are
    cells of a printed table are registered in code *from the transcribed table itself*
    (:meth:`Ledger.register`), so that no printed number is typed twice.

How a verdict is reached (:func:`judge`)
    ``reported`` is the printed text; the **tolerance** says how far a recomputed value may
    be from it and still reproduce it. The default, ``rounding``, is half a unit of the last
    printed digit ('-0.83' → ±0.005): the text could not have printed a more precise value.
    A recomputed value may itself be an interval (when its inputs were rounded in print);
    it reproduces the claim if the two intervals meet.

    ==============  =============================================================
    reproduced      within the tolerance (for bounds: the bound holds)
    approximate     outside it, but within the claim's *approximate* margin
                    (default: 5 % of the reported value)
    discrepancy     further away than that (for bounds: the bound fails)
    not checkable   the texts and the cited public figures do not allow a recomputation
    ==============  =============================================================

Comparisons: ``equals``; ``less_than`` / ``greater_than`` (the text states a bound);
``within`` (the text states a range 'low..high'; reproduced if the recomputed range lies
inside it, approximate if they overlap, discrepancy if they are disjoint).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import pandas as pd

from .datasets import DataValidationError, load_dataset
from .indicators import decimals
from .paths import atomic_write_text, display_path, tables_dir

VERDICTS = ("reproduced", "approximate", "discrepancy", "not checkable")
COMPARISONS = ("equals", "less_than", "greater_than", "within")
CLAIM_COLUMNS = [
    "claim_id", "paper", "location", "statement", "reported", "recomputed",
    "unit", "tolerance", "verdict", "checked_in", "note",
]
DEFAULT_APPROXIMATE = "rel:0.05"


class ClaimError(ValueError):
    """A claim is registered or checked inconsistently."""


def parse_reported(text: str) -> float:
    """'−0.83' → −0.83, '1/10' → 0.1, '103' → 103.0."""
    text = str(text).strip().replace("−", "-")
    if "/" in text:
        return float(Fraction(text))
    return float(text)


def parse_range(text: str) -> tuple[float, float]:
    low, sep, high = str(text).partition("..")
    if not sep:
        raise ClaimError(f"a 'within' claim needs 'low..high', got {text!r}")
    return parse_reported(low), parse_reported(high)


def tolerance_width(reported: str, spec: str) -> float:
    """Half-width of the interval around the reported value that counts as reproduced."""
    kind, _, amount = spec.partition(":")
    if kind == "rounding":
        if "/" in reported:
            raise ClaimError(f"'rounding' tolerance is undefined for a fraction ({reported}); state abs: or rel:")
        return 0.5 * 10.0 ** (-decimals(reported.replace("−", "-")))
    if kind == "exact":
        return 0.0
    if kind == "abs":
        return float(amount)
    if kind == "rel":
        return float(amount) * abs(parse_reported(reported))
    raise ClaimError(f"unknown tolerance {spec!r}; use rounding, exact, abs:X or rel:X")


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
    base = {"rounding": f"±{width:.4g} (rounding of {reported})", "exact": "exact"}.get(
        tolerance.partition(":")[0], f"±{width:.4g} ({tolerance})"
    )
    if approximate in ("", "none"):
        return base
    kind, _, amount = approximate.partition(":")
    margin = f"{float(amount) * 100:g} % of reported" if kind == "rel" else f"{float(amount):g}"
    return f"{base}; approximate within {margin}"


def judge(reported: str, recomputed, comparison: str = "equals",
          tolerance: str = "rounding", approximate: str = DEFAULT_APPROXIMATE) -> str:
    """The verdict for one claim (see the module docstring for the rules)."""
    if comparison not in COMPARISONS:
        raise ClaimError(f"unknown comparison {comparison!r}; use one of {COMPARISONS}")
    if recomputed is None or (not isinstance(recomputed, (tuple, list)) and math.isnan(float(recomputed))):
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
    width = tolerance_width(reported, tolerance)
    gap = max(bound - width - high, low - (bound + width), 0.0)
    slack = 1e-9 * max(1.0, abs(bound))  # binary floating point, not a tolerance
    if gap <= slack:
        return "reproduced"
    return "approximate" if gap <= margin + slack else "discrepancy"


def format_number(value: float) -> str:
    """Stable text for a recomputed number (6 significant digits)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{float(value):.6g}"


def format_recomputed(recomputed) -> str:
    if recomputed is None:
        return ""
    if isinstance(recomputed, (tuple, list)):
        low, high = _interval(recomputed)
        return f"{format_number(low)}..{format_number(high)}"
    return format_number(recomputed)


@dataclass
class Claim:
    claim_id: str
    paper: str
    notebook: str
    location: str
    statement: str
    reported: str
    unit: str
    comparison: str = "equals"
    tolerance: str = "rounding"
    approximate: str = DEFAULT_APPROXIMATE
    note: str = ""


def load_registry(paper: str) -> dict[str, Claim]:
    """Claims registered for one seed text (``paper`` = seed file name)."""
    stem = paper.removesuffix(".txt")
    frame = load_dataset(f"claims/{stem}.claims")
    claims: dict[str, Claim] = {}
    for row in frame.itertuples(index=False):
        if not row.claim_id.startswith(stem[:3] + "-"):
            raise ClaimError(f"data/claims/{stem}.claims.csv: claim id {row.claim_id} must start with {stem[:3]}-")
        claim = Claim(
            claim_id=row.claim_id, paper=paper, notebook=row.notebook, location=row.location,
            statement=row.statement,
            reported=str(row.reported), unit=row.unit or "", comparison=row.comparison,
            tolerance=row.tolerance or "rounding", approximate=row.approximate or DEFAULT_APPROXIMATE,
            note=row.note or "",
        )
        claims[claim.claim_id] = claim
    return claims


@dataclass
class Ledger:
    """The claims one notebook checks; written to ``tables/claims/<notebook>.csv``."""

    notebook: str
    papers: list[str]
    claims: dict[str, Claim] = field(default_factory=dict)
    results: dict[str, dict] = field(default_factory=dict)

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

    def check(self, claim_id: str, recomputed, *, section: str, note: str = "") -> str:
        """Record the recomputed value (number, (low, high) interval, or None) and its verdict."""
        if claim_id not in self.claims:
            raise ClaimError(f"claim {claim_id!r} is not registered (data/claims/ or Ledger.register)")
        if claim_id in self.results:
            raise ClaimError(f"claim {claim_id!r} is checked twice")
        claim = self.claims[claim_id]
        verdict = judge(claim.reported, recomputed, claim.comparison, claim.tolerance, claim.approximate)
        if verdict == "not checkable" and not (note or claim.note):
            raise ClaimError(f"claim {claim_id!r} is not checkable: say why in `note`")
        self.results[claim_id] = {
            "claim_id": claim_id,
            "paper": claim.paper,
            "location": claim.location,
            "statement": claim.statement,
            "reported": {"less_than": f"< {claim.reported}", "greater_than": f"> {claim.reported}"}.get(
                claim.comparison, claim.reported) if claim.reported else "",
            "recomputed": format_recomputed(recomputed),
            "unit": claim.unit,
            "tolerance": "" if verdict == "not checkable" else _describe(
                claim.reported, claim.comparison, claim.tolerance, claim.approximate),
            "verdict": verdict,
            "checked_in": f"notebooks/{self.notebook}.ipynb#{section}",
            "note": "; ".join(part for part in (claim.note, note) if part),
        }
        return verdict

    def not_checkable(self, claim_id: str, *, section: str, reason: str) -> str:
        return self.check(claim_id, None, section=section, note=reason)

    def recent(self) -> pd.DataFrame:
        """The claims checked since the last call, for showing beside the cell that checked them."""
        shown = getattr(self, "_shown", 0)
        rows = list(self.results.values())[shown:]
        self._shown = len(self.results)
        columns = ["claim_id", "statement", "reported", "recomputed", "verdict", "note"]
        return pd.DataFrame(rows, columns=CLAIM_COLUMNS)[columns]

    def table(self) -> pd.DataFrame:
        frame = pd.DataFrame(list(self.results.values()), columns=CLAIM_COLUMNS)
        return frame.sort_values(["paper", "claim_id"], kind="stable").reset_index(drop=True)

    def unchecked(self) -> list[str]:
        """Claims registered for this notebook and not yet checked."""
        return sorted(cid for cid in self.claims if cid not in self.results)

    def write(self, require_complete: bool = True) -> Path:
        """Write this notebook's claims; by default refuse if a registered claim was skipped."""
        missing = self.unchecked() if require_complete else []
        if missing:
            raise ClaimError(f"{len(missing)} claim(s) registered for {self.notebook} not checked: {missing}")
        path = tables_dir() / "claims" / f"{self.notebook}.csv"
        atomic_write_text(path, self.table().to_csv(index=False, lineterminator="\n"))
        return path

    def summary(self) -> pd.DataFrame:
        return verdict_counts(self.table())


def verdict_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """Counts of each verdict per paper, every verdict shown (zeros included)."""
    counts = pd.crosstab(claims["paper"], claims["verdict"]).reindex(columns=list(VERDICTS), fill_value=0)
    counts.columns.name = None
    counts["total"] = counts.sum(axis=1)
    return counts


def findings_markdown(claims: pd.DataFrame) -> str:
    """A reader's summary of a claims table: counts, then every claim that did not reproduce."""
    counts = claims["verdict"].value_counts()
    parts = [f"**{counts.get(v, 0)}** {v}" for v in VERDICTS]
    lines = [f"Of **{len(claims)}** numeric claims checked here: " + ", ".join(parts) + "."]
    for verdict in ("discrepancy", "approximate", "not checkable"):
        subset = claims[claims["verdict"] == verdict]
        if subset.empty:
            continue
        lines.append(f"\n**{verdict.capitalize()}:**\n")
        for row in subset.itertuples():
            recomputed = f"; recomputed {row.recomputed}" if row.recomputed else ""
            why = f" — {row.note}" if row.note and verdict != "approximate" else ""
            stated = f" — stated {row.reported}" if row.reported else ""
            lines.append(f"- `{row.claim_id}` ({row.location}): “{row.statement}”{stated}{recomputed}{why}")
    return "\n".join(lines)


def merge_claims(root: Path | None = None) -> Path:
    """Merge ``tables/claims/*.csv`` into ``tables/claims.csv`` (sorted, one row per claim).

    Each notebook writes its own file, so notebooks may run in any order or in parallel;
    this merge is the only writer of the combined file.
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
    return path
