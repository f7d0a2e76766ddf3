"""The readers' edition: built offline from the committed notebooks, checked in headless Chromium."""

import functools
import hashlib
import http.server
import re
import shutil
import subprocess
import threading
from importlib import metadata
from pathlib import Path

from urllib.parse import unquote

import pandas as pd
import pytest

from culturaltrade import claims as cl
from culturaltrade.build import pipeline, site, site_pages

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# the tables of notebook outputs whose right edge passes the reading column (the content box of
# <main>, not the window: an output wider than it scrolls sideways and hides its last columns)
TABLES_PAST_THE_COLUMN = (
    "() => { const main = document.querySelector('main') || document.body;"
    " const right = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight);"
    " return [...document.querySelectorAll('table')].filter(t => t.closest('.jp-OutputArea-output,"
    " .jp-RenderedHTMLCommon') && t.getBoundingClientRect().right > right + 1).map(t => t.id ||"
    " t.querySelector('th') && t.querySelector('th').innerText || 'table') }")
SCREENSHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    destination = tmp_path_factory.mktemp("site")
    pages = site.build(destination)
    return destination, pages


def test_site_has_a_page_per_notebook_and_an_index(built_site):
    destination, pages = built_site
    expected = (["index.html"] + [Path(nb).stem + ".html" for nb in pipeline.run_order()]
                + ["sources.html", "build.html"])
    assert pages == expected
    assert all((destination / page).is_file() for page in pages)


def test_pages_reference_nothing_outside_the_site(built_site):
    destination, pages = built_site
    for page in pages:
        text = (destination / page).read_text()
        # scripts, images, styles, fonts: anything the browser would fetch (links to cited pages are fine)
        loads = re.findall(r'(?:src|srcset)="((?:https?:)?//[^"]+)"', text)
        loads += re.findall(r'<link [^>]*href="((?:https?:)?//[^"]+)"', text)
        loads += re.findall(r'@import\s+url\(["\']?((?:https?:)?//[^)"\']+)', text)
        assert not loads, f"{page} loads {loads[:3]}"
        for target in re.findall(r'(?:src|srcset)="([^"#]+)"', text):
            if not target.startswith("data:"):
                assert (destination / target).is_file(), f"{page}: {target} missing"


def test_figures_are_svg_with_png_fallback(built_site):
    destination, _ = built_site
    overall = (destination / "01_china_overall.html").read_text()
    assert re.search(r'<picture class="figure"><source srcset="figures/01_ntb_trend\.svg" type="image/svg\+xml"/?>'
                     r'<img [^>]*src="figures/01_ntb_trend\.png"', overall)
    assert "data:image/png;base64,iVBOR" not in overall.split("</style>")[-1], "an inline PNG figure was not replaced"


def test_notebook_links_point_to_pages(built_site):
    destination, _ = built_site
    dashboard = (destination / "05_claims_dashboard.html").read_text()
    assert ".ipynb" not in "".join(re.findall(r'href="([^"]+)"', dashboard))
    assert 'href="01_china_overall.html#claims"' in dashboard


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()


def test_every_figure_links_to_its_data_its_cell_and_the_commit(built_site):
    destination, pages = built_site
    commit = _git("rev-parse", "HEAD")
    state = f"commit {commit[:12]}" + (" with uncommitted changes" if _git("status", "--porcelain") else "")
    linked = set()
    for page in ["index.html"] + [Path(nb).stem + ".html" for nb in pipeline.run_order()]:
        text = (destination / page).read_text()
        blocks = re.findall(r'<p class="figure-links" data-figure="([\w]+)"><small>(.*?)</small></p>', text)
        assert len(blocks) == text.count('<picture class="figure">'), f"{page}: a figure without its links"
        for name, block in blocks:
            csv = re.search(r'class="figure-csv" href="([^"]+)"', block).group(1)
            assert csv == f"figures/{name}.csv" and (destination / csv).read_bytes() == (ROOT / csv).read_bytes()
            target, cell = re.search(r'class="figure-cell" href="([\w]+\.html)#cell-id=([^"]+)"', block).groups()
            assert f'id="cell-id={cell}"' in (destination / target).read_text(), f"{page}: {name} -> {target}#{cell}"
            notebook = (ROOT / "notebooks" / target.replace(".html", ".ipynb")).read_text()
            assert f'"id": "{cell}"' in notebook and f'"figure": "{name}"' in notebook
            assert re.search(r'class="figure-commit" href="build.html#commit">([^<]+)<', block).group(1) == state
            linked.add(name)
    assert linked == {p.stem for p in (ROOT / "figures").glob("*.png")}
    assert f"<code>{commit}</code>" in (destination / "build.html").read_text()


def test_commit_state_says_when_it_is_unknown_or_the_tree_is_dirty(tmp_path):
    assert site_pages.commit_state(tmp_path).describe() == "not built from a git checkout: the commit is unknown"
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "a.txt").write_text("a")
    subprocess.run([*git, "add", "a.txt"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "a"], cwd=tmp_path, check=True)
    clean = site_pages.commit_state(tmp_path)
    assert not clean.dirty and len(clean.commit) == 40 and clean.describe() == f"commit {clean.commit[:12]}"
    (tmp_path / "a.txt").write_text("b")
    assert site_pages.commit_state(tmp_path).describe().endswith("with uncommitted changes")


def test_how_it_was_built_names_versions_run_order_and_the_sha256_of_every_input(built_site):
    destination, _ = built_site
    page = (destination / "build.html").read_text()
    for name in ("pandas", "nbconvert", "frictionless"):
        assert re.search(rf"<td[^>]*>{name}</td><td[^>]*>{re.escape(metadata.version(name))}</td>", page), name
    order = [page.index(f">{nb}</a>") for nb in pipeline.run_order()]
    assert order == sorted(order), "the run order of notebooks/pipeline.yaml"
    for step in pipeline.load_steps(ROOT):
        for name in pipeline.expand_inputs(step, ROOT):
            digest = hashlib.sha256((ROOT / name).read_bytes()).hexdigest()
            assert f"<code>{name}</code> <small>sha256 {digest}</small>" in page, name


def test_each_claim_links_to_its_quoted_sentence_and_its_check(built_site):
    destination, _ = built_site
    dashboard = (destination / "05_claims_dashboard.html").read_text()
    sources = (destination / "sources.html").read_text()
    claims = pd.read_csv(ROOT / "tables/claims.csv", dtype=str, keep_default_na=False)
    for row in claims.itertuples():
        assert f'href="sources.html#quote-{row.claim_id}"' in dashboard, row.claim_id
        quote = re.search(rf'<tr id="quote-{re.escape(row.claim_id)}"><td[^>]*>[^<]*</td><td[^>]*>([^<]*)</td>',
                          sources)
        assert quote, f"sources.html has no quotation for {row.claim_id}"
        page, _, section = row.checked_in.removeprefix("notebooks/").partition("#")
        assert f'href="{page.replace(".ipynb", ".html")}#{section}"' in dashboard
        assert f'id="{section}"' in (destination / page.replace(".ipynb", ".html")).read_text()


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed: `apt-get install chromium` (Debian) enables "
                                             "the browser test; .ci/run installs it")
def test_every_page_renders_offline_in_chromium(built_site):
    from playwright.sync_api import sync_playwright

    destination, pages = built_site
    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep the test output readable
            pass

    handler = functools.partial(QuietHandler, directory=str(destination))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    claims = pd.read_csv(ROOT / "tables/claims.csv", dtype=str, keep_default_na=False)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            problems = []
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
            page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
            page.on("request", lambda r: problems.append(f"request outside the site: {r.url}")
                    if not (r.url.startswith(base) or r.url.startswith("data:")) else None)
            anchors: dict[str, set[str]] = {}  # page -> the ids a link may point at

            def ids_of(url: str) -> set[str]:
                if url not in anchors:
                    checker = browser.new_page()
                    response = checker.goto(url, wait_until="load")
                    assert response and response.ok, f"{url}: HTTP {response.status if response else '?'}"
                    anchors[url] = set(checker.eval_on_selector_all("[id], a[name]", "els => els.map(e => e.id || e.name)"))
                    checker.close()
                return anchors[url]

            for name in pages:
                # the pages have no scripts and no lazy images: every request is made before
                # `load` fires, so waiting for "networkidle" (another 0.5 s per page) adds nothing
                page.goto(base + name, wait_until="load")
                # every link inside the site resolves: the file exists, and so does the element its
                # fragment names (a figure's CSV, cell and commit; a claim's quotation and check)
                for href in sorted(set(page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"))):
                    if not href.startswith(base):
                        continue
                    target, _, fragment = href.partition("#")
                    if target.endswith(".html"):
                        # as browsers do: the fragment as written, else percent-decoded
                        found = not fragment or {fragment, unquote(fragment)} & ids_of(target)
                        assert found, f"{name}: broken link {href}"
                    else:
                        response = page.request.get(target)
                        assert response.ok, f"{name}: {href} gives HTTP {response.status}"
                if name == "01_china_overall.html":  # one click: the figure's cell is where the link lands
                    link = page.locator("p.figure-links a.figure-cell").first
                    cell = link.get_attribute("href").split("#", 1)[1]
                    link.click()
                    assert page.evaluate("() => decodeURIComponent(location.hash.slice(1))") == cell
                    assert page.evaluate("(id) => !!document.getElementById(id)", cell)
                    page.goto(base + name, wait_until="load")
                page.evaluate("() => Promise.all([...document.images].map(i => i.decode().catch(() => null)))")
                broken = page.evaluate(
                    "() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0))"
                    ".map(i => i.currentSrc || i.src)")
                assert not broken, f"{name}: images not loaded: {broken}"
                shown_svg = page.evaluate("() => [...document.querySelectorAll('picture img')]"
                                          ".filter(i => i.currentSrc.endsWith('.svg')).length")
                pictures = page.evaluate("() => document.querySelectorAll('picture img').length")
                assert shown_svg == pictures, f"{name}: {pictures - shown_svg} figures not shown as SVG"
                # what a notebook shows must fit and read: no table wider than the reading
                # column, no cell cut short with "..." (the full tables are in tables/)
                too_wide = page.evaluate(TABLES_PAST_THE_COLUMN)
                if too_wide:
                    problems.append(f"{name}: tables wider than the reading column: {too_wide[:5]}")
                cut = page.evaluate(
                    "() => [...document.querySelectorAll('td, th')].map(c => c.innerText.trim())"
                    ".filter(t => t.endsWith('...') || t.endsWith('…'))")
                if cut:
                    problems.append(f"{name}: {len(cut)} table cells cut short, e.g. {cut[:3]}")
                if name == "index.html":
                    page.screenshot(path=str(SCREENSHOTS / "index.png"), full_page=True)
                if name.startswith("05_"):
                    rows = page.locator("#claims-ledger tbody tr").count()
                    assert rows == len(claims), f"ledger shows {rows} rows, tables/claims.csv has {len(claims)}"
                    header = page.locator("#verdict-counts thead th").all_inner_texts()
                    body = [page.locator(f"#verdict-counts tbody tr:nth-child({i + 1}) td").all_inner_texts()
                            for i in range(page.locator("#verdict-counts tbody tr").count())]
                    shown = pd.DataFrame(body, columns=header).set_index(["paper", "kind"])
                    expected = cl.verdict_counts(claims, by=["paper", "kind"]).reindex(shown.index, fill_value=0)
                    for verdict in cl.VERDICTS:
                        assert shown[verdict].astype(int).tolist() == expected[verdict].tolist(), verdict
                    assert shown["total"].astype(int).sum() == len(claims)
                    page.locator("#counts").scroll_into_view_if_needed()
                    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"))
                    page.locator("#ledger").scroll_into_view_if_needed()
                    page.screenshot(path=str(SCREENSHOTS / "dashboard_ledger.png"))
            # and on a laptop's narrower window, where long headers and URLs must wrap
            narrow = browser.new_page(viewport={"width": 1024, "height": 768})
            for name in pages:
                narrow.goto(base + name, wait_until="load")
                too_wide = narrow.evaluate(TABLES_PAST_THE_COLUMN)
                if too_wide:
                    problems.append(f"{name} at 1024 px: tables wider than the reading column: {too_wide[:5]}")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert not problems, "\n".join(problems)
