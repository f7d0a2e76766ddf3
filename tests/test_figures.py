"""save_figure: three files, byte-stable, and refuses figures without title or unit."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from culturaltrade import figures  # noqa: E402

DATA = pd.DataFrame({"year": [2011, 2012], "value": [1.0, 2.5], "source": ["t", "t"]})


def _figure(title="A title", ylabel="Value (US$ million)"):
    figures.use_style()
    fig, ax = plt.subplots()
    ax.plot(DATA["year"], DATA["value"])
    ax.set_title(title)
    ax.set_xlabel("Year")
    ax.set_ylabel(ylabel)
    return fig


def test_writes_png_svg_and_the_plotted_data(scratch_project):
    saved = figures.save_figure(_figure(), "01_test", DATA, source="text 000, Table II")
    assert (saved.png, saved.svg, saved.data) == ("figures/01_test.png", "figures/01_test.svg", "figures/01_test.csv")
    out = scratch_project / "out" / "figures"
    assert pd.read_csv(out / "01_test.csv").equals(DATA)
    svg = (out / "01_test.svg").read_text()
    assert "Source: text 000, Table II" in svg           # the note is in the figure
    assert "<dc:date>" not in svg                        # no timestamp
    png = (out / "01_test.png").read_bytes()
    assert png.startswith(b"\x89PNG") and b"Software" not in png and b"matplotlib" not in png.lower()
    plt.close("all")


def test_same_figure_twice_gives_identical_bytes(scratch_project):
    out = scratch_project / "out" / "figures"
    figures.save_figure(_figure(), "01_twice", DATA, source="s")
    first = {ext: (out / f"01_twice.{ext}").read_bytes() for ext in ("png", "svg", "csv")}
    figures.save_figure(_figure(), "01_twice", DATA, source="s")
    assert first == {ext: (out / f"01_twice.{ext}").read_bytes() for ext in ("png", "svg", "csv")}
    plt.close("all")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"title": ""}, "needs a title"),
        ({"ylabel": "Value"}, "unit in brackets"),
    ],
)
def test_refuses_incomplete_figures(scratch_project, kwargs, message):
    with pytest.raises(figures.FigureStyleError, match=message):
        figures.save_figure(_figure(**kwargs), "01_bad", DATA, source="s")
    assert not (scratch_project / "out" / "figures" / "01_bad.png").exists()
    plt.close("all")


def test_refuses_bad_name_and_empty_data(scratch_project):
    with pytest.raises(figures.FigureStyleError, match="name"):
        figures.save_figure(_figure(), "Bad Name", DATA, source="s")
    with pytest.raises(figures.FigureStyleError, match="non-empty DataFrame"):
        figures.save_figure(_figure(), "01_empty", DATA.iloc[0:0], source="s")
    plt.close("all")


def test_palette_is_okabe_ito():
    assert figures.ROLE_COLOURS["exports"] == "#0072B2"
    assert figures.ROLE_COLOURS["imports"] == "#D55E00"
    assert len(set(figures.OKABE_ITO.values())) == 8
