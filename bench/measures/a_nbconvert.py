"""(a) What a user without the pipeline would do: ``jupyter nbconvert --to notebook --execute``
of every notebook in run order, one process each, one after the other. Total time and each
notebook's. Outputs go to a scratch folder (``$CULTURAL_TRADE_OUTPUT_ROOT``), not the repository.
"""

from __future__ import annotations

from runner import KERNEL, Bench, one_after_another, summary


def measure(bench: Bench) -> dict:
    totals, per_nb = one_after_another(bench, "a", lambda nb, out: [
        bench.tool("jupyter"), "nbconvert", "--to", "notebook", "--execute",
        f"--ExecutePreprocessor.kernel_name={KERNEL}", "--output-dir", str(out / "executed"), nb])
    return {**summary(totals), "per_notebook_s": per_nb}
