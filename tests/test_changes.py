"""The report after a run: files that differ from the last commit, claims whose verdict or value moved."""

from __future__ import annotations

import subprocess

from culturaltrade.build import changes

HEADER = "claim_id,paper,verdict,recomputed\n"


def test_claim_changes_name_each_verdict_and_value_that_moved():
    before = HEADER + "A,p,reproduced,-41936.14\nB,p,reproduced,1.5\nC,p,discrepancy,2\nD,p,reproduced,\n"
    after = HEADER + "A,p,approximate,-41937.14\nB,p,reproduced,1.6\nC,p,discrepancy,2\nE,p,not checkable,\n"
    assert changes.claim_changes(before, after) == [
        "  A: reproduced → approximate (recomputed -41936.1 → -41937.1)",
        "  B: recomputed 1.5 → 1.6 (still reproduced)",
        "  D: no longer in the ledger (was reproduced)",
        "  E: new, not checkable",
    ]
    assert changes.claim_changes(before, before) == []


def test_report_compares_with_the_last_commit(tmp_path):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    (tmp_path / "tables").mkdir()
    ledger = tmp_path / "tables" / "claims.csv"
    ledger.write_text(HEADER + "A,p,reproduced,1\n")
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x")
    ledger.write_text(HEADER + "A,p,discrepancy,3\n")
    lines = changes.report(tmp_path, tmp_path, claims_before=None)
    assert lines == ["against the committed results, 1 file differs: tables/claims.csv",
                     "claims that changed against the committed ledger:",
                     "  A: reproduced → discrepancy (recomputed 1 → 3)"]


def test_outside_git_the_results_before_the_run_are_the_baseline(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "claims.csv").write_text(HEADER + "A,p,approximate,2\n")
    lines = changes.report(tmp_path, tmp_path, claims_before=HEADER + "A,p,reproduced,1\n")
    assert lines[0].startswith("(not a git checkout")
    assert lines[-1] == "  A: reproduced → approximate (recomputed 1 → 2)"


def test_a_run_elsewhere_is_compared_for_its_own_texts_only(tmp_path):
    (tmp_path / "run" / "tables").mkdir(parents=True)
    (tmp_path / "run" / "tables" / "claims.csv").write_text(HEADER + "A,p,reproduced,2\n")
    before = HEADER + "A,p,reproduced,1\nB,q,reproduced,5\n"
    lines = changes.report(tmp_path, tmp_path / "run", claims_before=before)
    assert lines[-1] == "  A: recomputed 1 → 2 (still reproduced)" and not any("B:" in line for line in lines)
