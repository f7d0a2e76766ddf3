"""(b) The same with ``papermill -k cultural-trade --cwd notebooks``, and each notebook's own
time. ``ideal = sum(per-notebook medians) / cpu count`` is the time of a perfectly parallel
run with no overhead at all: the yardstick for (c).
"""

from __future__ import annotations

import os
import statistics
from pathlib import Path

from runner import KERNEL, Bench, one_after_another, summary


def measure(bench: Bench) -> dict:
    totals, per_nb = one_after_another(bench, "b", lambda nb, out: [
        bench.tool("papermill"), "-k", KERNEL, "--cwd", "notebooks", nb, str(out / Path(nb).name),
        "--no-progress-bar"])
    medians = {name: statistics.median(times) for name, times in per_nb.items()}
    cpus = os.cpu_count() or 1
    return {**summary(totals), "per_notebook_s": per_nb, "per_notebook_median_s": medians,
            "cpu_count": cpus, "ideal_s": sum(medians.values()) / cpus}
