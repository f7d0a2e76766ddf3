"""(d) ``make reproduce`` again right after (c): nothing changed, so no notebook should run
and no kernel start; this is the cost of deciding so.
"""

from __future__ import annotations

from compendium import reran_or_none
from runner import Bench, run_timed, summary


def measure(bench: Bench) -> dict:
    times, reran = [], []
    for rep in range(1, bench.reps + 1):
        t = run_timed(bench.make("reproduce"), bench, "d", f"make-reproduce-noop-rep{rep}")
        times.append(t.seconds)
        reran.append(reran_or_none(t.log))
    return {**summary(times), "reran": reran}
