"""The notebooks as researchers open them: in JupyterLab itself, started with `make lab`.

For each notebook, in headless Chromium: it opens in the compendium's kernel (no "kernel not
found" dialog), no paragraph is rendered as TeX, and saving it without an edit leaves its bytes
as committed (so `git status` stays clean and `make status` wants nothing re-run). Screenshots
go to build/screenshots/lab_<notebook>.png. The server listens on 127.0.0.1 with a token, serves
a scratch copy of the project, and is stopped by the test.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from culturaltrade.build import pipeline

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = ROOT / "build" / "screenshots"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """`make lab` serving a scratch copy of the project (so that saving touches no committed file)."""
    scratch = tmp_path_factory.mktemp("lab") / "project"
    for folder in ("notebooks", "data", "figures", "tables"):
        shutil.copytree(ROOT / folder, scratch / folder)
    shutil.copy2(ROOT / "environment.yml", scratch / "environment.yml")
    settings = tmp_path_factory.mktemp("lab-settings")
    # render every cell at once (JupyterLab 4 draws long notebooks lazily), so all prose is checked
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    port, token = free_port(), secrets.token_hex(16)
    arguments = (f"--no-browser --port={port} --IdentityProvider.token={token} "
                 "--LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate "
                 "--ServerApp.port_retries=0")
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path_factory.mktemp("lab-workspaces")),
           "CULTURAL_TRADE_PROJECT_ROOT": str(scratch)}
    env.pop("CULTURAL_TRADE_OUTPUT_ROOT", None)
    log = (tmp_path_factory.mktemp("lab-log") / "lab.log").open("wb")
    server = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_DIR={scratch}", f"LAB_ARGS={arguments}"],
                              cwd=ROOT, env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if server.poll() is not None:
                raise AssertionError(f"`make lab` stopped: {Path(log.name).read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError(f"JupyterLab did not answer: {Path(log.name).read_text()[-2000:]}")
        yield base, token, scratch
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)  # make, jupyter lab and the kernels it started
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def test_make_lab_listens_on_localhost_only_and_asks_for_the_token(jupyterlab):
    base, token, _ = jupyterlab
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{base}/api/contents/notebooks", timeout=5)
    assert refused.value.code == 403
    refused.value.close()
    with urllib.request.urlopen(f"{base}/api/contents/notebooks?token={token}", timeout=5) as answer:
        assert answer.status == 200


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed: `apt-get install chromium` (Debian) enables "
                                             "the browser test; .ci/run installs it")
def test_each_notebook_opens_in_its_kernel_renders_as_written_and_saves_unchanged(jupyterlab):
    from playwright.sync_api import sync_playwright

    base, token, scratch = jupyterlab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.on("request", lambda r: problems.append(f"request outside this machine: {r.url}")
                if not r.url.startswith(("http://127.0.0.1", "data:", "blob:", "ws://127.0.0.1")) else None)
        for notebook in pipeline.run_order(ROOT):
            committed = (scratch / notebook).read_bytes()
            # ?reset: a fresh workspace, so the notebook opened is the only one
            page.goto(f"{base}/lab/tree/{notebook}?reset&token={token}", wait_until="domcontentloaded")
            page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=120_000)
            # the kernel is the compendium's, and it started: the toolbar names it and says idle
            page.wait_for_selector(".jp-NotebookPanel .jp-KernelStatus, .jp-Notebook-ExecutionIndicator"
                                   "[data-status='idle']", timeout=120_000)
            page.wait_for_function(
                "() => [...document.querySelectorAll('.jp-Toolbar-kernelName, .jp-KernelName')]"
                ".some(e => e.innerText.includes('cultural-trade'))", timeout=120_000)
            page.wait_for_timeout(1500)  # let the last outputs and typesetting settle
            dialogs = page.locator(".jp-Dialog").all_inner_texts()
            if dialogs:
                problems.append(f"{notebook}: a dialog opened: {dialogs[0][:200]}")
                page.keyboard.press("Escape")
            maths = page.evaluate("() => document.querySelectorAll('.jp-NotebookPanel mjx-container, "
                                  ".jp-NotebookPanel .MathJax, .jp-NotebookPanel .katex').length")
            if maths:
                problems.append(f"{notebook}: {maths} pieces of text rendered as TeX (an unescaped $?)")
            page.screenshot(path=str(SCREENSHOTS / f"lab_{Path(notebook).stem}.png"))
            page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first.click(position={"x": 5, "y": 5})
            page.keyboard.press("Control+s")
            page.wait_for_function(
                "() => !document.querySelector('.jp-NotebookPanel .jp-mod-dirty') && "
                "![...document.querySelectorAll('.jp-StatusBar-TextItem')].some(e => /Saving/.test(e.innerText))",
                timeout=60_000)
            page.wait_for_timeout(1000)
            if (scratch / notebook).read_bytes() != committed:
                import difflib

                diff = difflib.unified_diff(committed.decode().splitlines(), (scratch / notebook).read_text().splitlines(),
                                            lineterm="", n=1)
                problems.append(f"{notebook}: saving it in JupyterLab changed it:\n" + "\n".join(list(diff)[:20]))
        browser.close()
    assert not problems, "\n".join(problems)
