"""One style and one way to save a figure.

:func:`use_style` sets the shared look (Okabe–Ito colour-blind-safe palette, DejaVu Sans,
light grid) and the settings that make files byte-stable (fixed SVG hash salt, text as
paths, no dates). :func:`save_figure` writes ``figures/<name>.png``, ``.svg`` and ``.csv``
(the exact data plotted), after adding the source note and checking that the figure has a
title and an axis label with a unit.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from . import codebook
from .paths import atomic_write_bytes, atomic_write_text, display_path, figures_dir

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "bluish_green": "#009E73",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "reddish_purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
GREY = "#8C8C8C"
# Meaning-bearing colours, the same in every notebook.
ROLE_COLOURS = {
    "exports": OKABE_ITO["blue"],
    "imports": OKABE_ITO["vermillion"],
    "balance": OKABE_ITO["bluish_green"],
    "stated": OKABE_ITO["black"],
    "derived": OKABE_ITO["orange"],
    "threshold": OKABE_ITO["reddish_purple"],
    "missing": GREY,
}
PNG_DPI = 150
FIGURE_SIZE = (8.0, 4.5)  # inches: legible at laptop width at 100 % zoom
_NAME = re.compile(r"^\d{2}_[a-z0-9_]+$")
_UNIT = re.compile(r"\(.+\)|\[.+\]")


class FigureStyleError(ValueError):
    """A figure is missing something every figure must have (title, unit, data)."""


def use_style() -> None:
    """Apply the compendium's figure style; call once at the top of each notebook."""
    sns.set_theme(
        context="notebook",
        style="whitegrid",
        palette=list(OKABE_ITO.values()),
        font="DejaVu Sans",
        rc={
            "figure.figsize": FIGURE_SIZE,
            "figure.dpi": 100,
            "savefig.dpi": PNG_DPI,
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "axes.labelsize": 10.5,
            "legend.fontsize": 9.5,
            "legend.frameon": False,
            "xtick.labelsize": 9.5,
            "ytick.labelsize": 9.5,
            "axes.spines.top": False,
            "axes.spines.right": False,
            # '$' in 'US$' must stay a dollar sign, not start mathtext
            "text.parse_math": False,
            # byte-stable output
            "svg.hashsalt": "china-cultural-trade-compendium",
            "svg.fonttype": "path",
            "pdf.fonttype": 42,
        },
    )


@dataclass(frozen=True)
class SavedFigure:
    png: str
    svg: str
    data: str

    def __repr__(self) -> str:
        return f"saved {self.png}, {self.svg} and the plotted data {self.data}"


def _title_of(fig) -> str:
    if fig._suptitle is not None and fig._suptitle.get_text():
        return fig._suptitle.get_text()
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    return titles[0] if titles else ""


def _check(fig, name: str, data: pd.DataFrame, source: str) -> str:
    problems = []
    if not _NAME.match(name):
        problems.append(f"name {name!r} must look like '01_ntb_trend' (notebook number, snake case)")
    if not isinstance(data, pd.DataFrame) or data.empty:
        problems.append("the plotted data must be a non-empty DataFrame (it is saved as CSV)")
    if not source.strip():
        problems.append("a source note is required")
    title = _title_of(fig)
    if not title:
        problems.append("the figure needs a title (fig.suptitle or ax.set_title)")
    plotted_axes = [ax for ax in fig.axes if ax.has_data()]
    if not any(_UNIT.search(ax.get_xlabel() + " " + ax.get_ylabel()) for ax in plotted_axes):
        problems.append("no axis label states a unit in brackets, e.g. 'US$ million' → '(US$ million)'")
    if problems:
        raise FigureStyleError(f"figure {name!r}: " + "; ".join(problems))
    return title


def _add_source_note(fig, source: str) -> None:
    """Put 'Source: …' below everything already drawn (axes, labels, legends), left-aligned."""
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer())  # inches
    width, height = fig.get_size_inches()
    chars_per_line = max(60, int(box.width * 16))  # about 16 characters per inch at 8 pt
    text = textwrap.fill(f"Source: {source}", width=chars_per_line)
    fig.text(box.x0 / width, (box.y0 - 0.08) / height, text, ha="left", va="top",
             fontsize=8, color="#444444")


def save_figure(fig, name: str, data: pd.DataFrame, *, source: str, description: str | None = None,
                columns: Mapping[str, codebook.ColumnDoc] | None = None) -> SavedFigure:
    """Add the source note, then write PNG, SVG and the plotted data (CSV) under figures/.

    ``data`` must be exactly what is drawn (one row per plotted point or bar), with a
    column saying where each value comes from, so that any number in the figure can be
    traced to its data row. ``description`` (what the figure shows) and ``columns`` (each
    column of ``data``: a text, or a ``(description, unit)`` pair) document the CSV in the
    codebook, ``tables/datapackage.json``, as for :func:`culturaltrade.write_table`.
    """
    title = _check(fig, name, data, source)
    out = figures_dir()
    paths = {ext: out / f"{name}.{ext}" for ext in ("png", "svg", "csv")}
    entry = codebook.describe(paths["csv"], data, kind="figure", description=description, columns=columns,
                              title=title, source=source)
    _add_source_note(fig, source)
    atomic_write_text(paths["csv"], data.to_csv(index=False, float_format="%.10g", lineterminator="\n"))
    rendered = {}
    for ext, metadata in (
        ("png", {"Software": None, "Title": title, "Source": source}),
        ("svg", {"Date": None, "Creator": None, "Title": title, "Description": f"Source: {source}"}),
    ):
        buffer = io.BytesIO()
        fig.savefig(buffer, format=ext, dpi=PNG_DPI, bbox_inches="tight", metadata=metadata)
        rendered[ext] = buffer.getvalue()
        atomic_write_bytes(paths[ext], rendered[ext])
    codebook.record(name, entry)
    _show_in_notebook(fig, name, rendered["png"])
    return SavedFigure(*(display_path(paths[ext]) for ext in ("png", "svg", "csv")))


def _show_in_notebook(fig, name: str, png: bytes) -> None:
    """In a notebook, show the saved PNG now, tagged with its name, and close the figure.

    Showing the file just written (at its natural size on screen) rather than the figure
    spares a third rendering by the inline backend, and the notebook shows exactly the
    committed image. The tag (output metadata ``culturaltrade.figure``) lets the readers'
    edition swap it for the saved SVG; closing stops the inline backend from showing it again.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is part of the environment
        return
    if get_ipython() is None:
        return
    from IPython.display import Image, display

    width_px = int.from_bytes(png[16:20], "big")  # the PNG header's IHDR width
    display(Image(data=png, format="png", width=round(width_px * 100 / PNG_DPI)),
            metadata={"culturaltrade": {"figure": name}})
    plt.close(fig)


def plot_consecutive(ax, years, values, **line_kwargs) -> None:
    """Draw a line through yearly values, broken wherever a year is missing.

    A line between two observations several years apart would suggest values the source
    never gave; markers, if wanted, are drawn separately by the caller.
    """
    points = sorted((int(y), float(v)) for y, v in zip(years, values) if v == v)  # drop NaN
    run: list[tuple[int, float]] = []
    label = line_kwargs.pop("label", None)
    for point in points + [None]:
        if point is not None and (not run or point[0] == run[-1][0] + 1):
            run.append(point)
            continue
        if len(run) > 1:
            ax.plot([p[0] for p in run], [p[1] for p in run], label=label, **line_kwargs)
            label = None  # one legend entry per series
        run = [point] if point is not None else []


def close_all() -> None:
    plt.close("all")


__all__ = [
    "OKABE_ITO", "ROLE_COLOURS", "GREY", "FigureStyleError", "SavedFigure",
    "use_style", "save_figure", "plot_consecutive", "close_all",
]
