"""Helpers of the China cultural-trade compendium.

The notebooks import this package as ``ct``::

    import culturaltrade as ct
    table2 = ct.load_dataset("000_table2_ntb_2011_2015")
    ntb = ct.normalized_trade_balance(table2.export_amount, table2.import_amount)

The helpers (this package's top level): :mod:`datasets` (load & validate), :mod:`indicators`,
:mod:`claims`, :mod:`figures`, :mod:`tables`, :mod:`codebook`, :mod:`prose`, :mod:`params`, :mod:`currency`,
:mod:`facts`, :mod:`complementarity`, :mod:`paths`. One module per source text lives in
:mod:`culturaltrade.texts`; the machinery that builds the compendium (pipeline, manifest,
kernel, site) in :mod:`culturaltrade.build`. The helpers import neither.

Importing the package is cheap: the names below are loaded from their module on first
use (PEP 562), so a notebook whose parameters are refused stops before pandas or
matplotlib are even imported, and a no-op ``make reproduce`` never imports them.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> the module that defines it
_EXPORTS = {
    "Claim": "claims", "Ledger": "claims", "judge": "claims", "merge_claims": "claims",
    "verdict_counts": "claims",
    "DataValidationError": "datasets", "load_csv_with_schema": "datasets", "load_dataset": "datasets",
    "load_metadata": "datasets", "load_printed": "datasets", "require_units": "datasets",
    "GREY": "figures", "OKABE_ITO": "figures", "ROLE_COLOURS": "figures", "save_figure": "figures",
    "use_style": "figures",
    "bounds_from_rounding": "indicators", "cagr": "indicators", "growth_rate": "indicators",
    "herfindahl_index": "indicators", "net_exports": "indicators",
    "normalized_trade_balance": "indicators", "percentage_point_change": "indicators",
    "propagate_bounds": "indicators", "shares": "indicators", "total_trade": "indicators",
    "value_after_cagr": "indicators", "value_before_growth": "indicators", "yoy_growth": "indicators",
    "ParameterError": "params",
    "markdown": "prose", "protect_dollars": "prose",
    "write_table": "tables",
    **dict.fromkeys(["UnknownEconomyError", "load_services_by_economy", "load_services_by_region",
                     "service_group_shares", "services_trade"], "unctad"),
    **dict.fromkeys(["GoodsLayoutError", "GoodsTable", "open_goods_table"], "unctad_goods"),
}
_MODULES = {"claims", "codebook", "complementarity", "currency", "datasets", "facts", "figures", "indicators",
            "params", "paths", "prose", "tables", "unctad", "unctad_goods"}

__all__ = sorted(_EXPORTS) + sorted(_MODULES)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    elif name in _MODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'culturaltrade' has no attribute {name!r}")
    globals()[name] = value  # cache: the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
