"""What a run changed against the committed results: files, and claims whose verdict or value moved.

After ``make reproduce`` or ``make run`` the pipeline prints this short report, so that a change
to one number in ``data/`` shows its consequence (``000-T2-2013-NET-EXPORTS: reproduced →
approximate``) without a ``git diff``. The baseline is the last commit (``git show HEAD:…``);
outside a git checkout it is the results as they were before the run.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pandas as pd

CLAIMS = "tables/claims.csv"
RESULT_FOLDERS = ("notebooks", "figures", "tables")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess | None:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done if done.returncode == 0 else None


def committed_text(root: Path, relative: str) -> str | None:
    """The file as last committed (None outside git, or if it was never committed)."""
    done = _git(root, "show", f"HEAD:{relative}")
    return done.stdout.decode("utf-8") if done else None


def changed_files(root: Path) -> list[str] | None:
    """Result files that differ from the last commit, or are new (None outside git)."""
    if _git(root, "rev-parse", "--verify", "HEAD") is None:
        return None
    diff = _git(root, "diff", "--name-only", "HEAD", "--", *RESULT_FOLDERS)
    new = _git(root, "ls-files", "--others", "--exclude-standard", "--", *RESULT_FOLDERS)
    names = set()
    for done in (diff, new):
        if done:
            names |= {line for line in done.stdout.decode("utf-8").splitlines() if line}
    return sorted(names)


def _claims(text: str | None) -> pd.DataFrame:
    if not text:
        return pd.DataFrame(columns=["claim_id", "paper", "verdict", "recomputed"]).set_index("claim_id")
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    for column in ("recomputed", "paper"):
        if column not in frame:
            frame[column] = ""
    return frame.set_index("claim_id")[["paper", "verdict", "recomputed"]]


def _number(text: str) -> str:
    try:
        return f"{float(text):.6g}"
    except ValueError:
        return text or "none"


def claim_changes(before: str | None, after: str | None, papers_of_after_only: bool = False) -> list[str]:
    """One line per claim whose verdict or recomputed value differs between two ledgers
    (``papers_of_after_only``: a run of one notebook elsewhere holds only its own texts' claims)."""
    old, new = _claims(before), _claims(after)
    if papers_of_after_only and "paper" in old and "paper" in new:
        old = old[old["paper"].isin(set(new["paper"]))]
    lines = []
    for claim_id in sorted(set(old.index) | set(new.index)):
        if claim_id not in old.index:
            lines.append(f"  {claim_id}: new, {new.loc[claim_id, 'verdict']}")
            continue
        if claim_id not in new.index:
            lines.append(f"  {claim_id}: no longer in the ledger (was {old.loc[claim_id, 'verdict']})")
            continue
        (v0, r0), (v1, r1) = old.loc[claim_id, ["verdict", "recomputed"]], new.loc[claim_id, ["verdict", "recomputed"]]
        moved = _number(r0) != _number(r1)
        if v0 != v1:
            lines.append(f"  {claim_id}: {v0} → {v1}" + (f" (recomputed {_number(r0)} → {_number(r1)})" if moved else ""))
        elif moved:
            lines.append(f"  {claim_id}: recomputed {_number(r0)} → {_number(r1)} (still {v1})")
    return lines


def report(root: Path, destination: Path, claims_before: str | None) -> list[str]:
    """The lines to print after a run into ``destination`` (the project, or a runs/ folder).

    ``claims_before``: the ledger as it was before the run, used when git has no committed one.
    """
    lines = []
    in_place = destination == root
    if in_place:
        files = changed_files(root)
        if files is None:
            lines.append("(not a git checkout: results compared with those before the run)")
        elif files:
            shown = ", ".join(files[:6]) + (f" and {len(files) - 6} more" if len(files) > 6 else "")
            lines.append(f"against the committed results, {len(files)} file{' differs' if len(files) == 1 else 's differ'}: {shown}")
        else:
            lines.append("against the committed results, no file differs")
    committed = committed_text(root, CLAIMS)
    baseline = committed if committed is not None else claims_before
    ledger = destination / CLAIMS
    after = ledger.read_text(encoding="utf-8") if ledger.is_file() else None
    if after is None or baseline is None:
        return lines
    changes = claim_changes(baseline, after, papers_of_after_only=not in_place)
    where = "" if in_place else f" (in {destination.relative_to(root).as_posix() if destination.is_relative_to(root) else destination})"
    if changes:
        lines.append(f"claims that changed against the committed ledger{where}:")
        lines.extend(changes)
    else:
        lines.append(f"no claim's verdict or recomputed value changed{where}")
    return lines
