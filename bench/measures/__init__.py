"""The measures, in the order they run. Each is ``measure(bench) -> dict``: it runs its
commands ``bench.reps`` times (``make test``: ``bench.test_reps``) and returns what goes under
its name in ``measures`` of latest.json. (a) and (b) run first, on the committed outputs; (c)
leaves freshly rebuilt outputs, which (d), (e) and (e′) start from.
"""

from measures import (a_nbconvert, b_papermill, c_rebuild, d_noop, e_data_change, f_make_test,
                      g_first_cell)

MEASURES = [
    ("a_nbconvert", a_nbconvert.measure),
    ("b_papermill", b_papermill.measure),
    ("c_rebuild", c_rebuild.measure),
    ("d_noop", d_noop.measure),
    ("e_content_change", e_data_change.measure_change),
    ("e2_touch", e_data_change.measure_touch),
    ("f_make_test", f_make_test.measure),
    ("g_first_cell", g_first_cell.measure),
]
