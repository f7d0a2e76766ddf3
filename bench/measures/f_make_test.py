"""(f) ``make test``, the whole suite (nbval included, on every core), ``--test-reps`` times;
``--test-reps 0`` skips it.
"""

from __future__ import annotations

from runner import Bench, run_timed, summary


def measure(bench: Bench) -> dict:
    times = [run_timed(bench.make("test"), bench, "f", f"make-test-rep{rep}").seconds
             for rep in range(1, bench.test_reps + 1)]
    return summary(times)
