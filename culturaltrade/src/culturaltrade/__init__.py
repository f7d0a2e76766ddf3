"""Helpers of the China cultural-trade compendium.

The notebooks import this package as ``ct``::

    import culturaltrade as ct
    table2 = ct.load_dataset("000_table2_ntb_2011_2015")
    ntb = ct.normalized_trade_balance(table2.export_amount, table2.import_amount)

Modules: :mod:`datasets` (load & validate), :mod:`indicators`, :mod:`claims`,
:mod:`figures`, :mod:`tables`, :mod:`params`, :mod:`pipeline` (papermill runner),
and one module per source text for its own tidying and reconciliation.
"""

from . import claims, currency, datasets, facts, figures, indicators, params, paths, tables
from .claims import Claim, Ledger, judge, merge_claims, verdict_counts
from .datasets import DataValidationError, load_csv_with_schema, load_dataset, load_metadata, load_printed
from .figures import GREY, OKABE_ITO, ROLE_COLOURS, save_figure, use_style
from .indicators import (
    bounds_from_rounding,
    cagr,
    growth_rate,
    herfindahl_index,
    net_exports,
    normalized_trade_balance,
    percentage_point_change,
    propagate_bounds,
    shares,
    total_trade,
    value_after_cagr,
    value_before_growth,
    yoy_growth,
)
from .params import ParameterError
from .tables import write_table

__version__ = "0.1.0"
