"""Binder (repo2docker) opens the notebooks in the compendium's kernel, not "kernel not found".

repo2docker reads binder/: runtime.txt (the Python series), requirements.txt (pip installs it,
here the lock) and postBuild (then run once: the editable helper package and the kernel).
There is no container runtime here and `make test` must not use the network, so the build is
replayed in a fresh virtual environment, offline:

* the environment is new (``python -m venv --without-pip``) and sees the packages of the
  running environment through a ``.pth`` file: those are exactly the lock (see
  test_envspec.py), so this stands in for the download;
* repo2docker's own command, ``pip install --no-cache-dir -r binder/requirements.txt``, runs
  there with the index switched off (``PIP_NO_INDEX``): it proves that the file and its
  options parse and that nothing outside the lock is wanted, not that the wheels download
  (``make env`` runs the same install from PyPI, with the same hashes);
* ``binder/postBuild`` itself runs, with repo2docker's two variables pointing there;
* then the kernels that Jupyter in that environment lists are read, as the notebook server
  would, with no other kernel folder on its path; each notebook's ``kernelspec.name`` must be
  among them, installed in that environment and started by its python; and that kernel is
  started and asked for its ``sys.prefix`` and the helper package's location.

What it cannot show: that a Binder host builds the image (the base image, network, repo2docker's
version). The file names and variables follow repo2docker's documentation.
"""

import json
import os
import subprocess
import sys
import sysconfig
import textwrap
from importlib import metadata
from pathlib import Path

import pytest

from culturaltrade.build import envspec, pipeline

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
CONDA = (Path(sys.prefix) / "conda-meta").is_dir()


def notebook_kernels() -> dict[str, str]:
    return {notebook: json.loads((ROOT / notebook).read_text(encoding="utf-8"))["metadata"]["kernelspec"]["name"]
            for notebook in pipeline.run_order(ROOT)}


def test_binder_files_name_the_lock_and_the_python_series():
    spec = envspec.load_environment(ROOT / "environment.yml")
    assert (BINDER / "runtime.txt").read_text().strip() == f"python-{spec.python_series}"
    lines = [line.strip() for line in (BINDER / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines == ["--require-hashes", "--only-binary :all:", f"-r ../{envspec.LOCK_NAME}"]
    assert os.access(BINDER / "postBuild", os.X_OK), "repo2docker runs binder/postBuild as a program"
    # a top-level environment.yml is ignored by repo2docker only when binder/ exists
    assert BINDER.is_dir()


def clean_environment(prefix: Path, jupyter_home: Path) -> dict[str, str]:
    """os.environ without this environment's Jupyter search path, with repo2docker's variables."""
    environ = {key: value for key, value in os.environ.items()
               if not key.startswith(("JUPYTER_", "PIP_", "VIRTUAL_ENV", "PYTHONPATH"))}
    environ.update(
        PATH=f"{prefix / 'bin'}{os.pathsep}{environ.get('PATH', '')}",
        KERNEL_PYTHON_PREFIX=str(prefix), NB_PYTHON_PREFIX=str(prefix),
        JUPYTER_DATA_DIR=str(jupyter_home / "data"), JUPYTER_CONFIG_DIR=str(jupyter_home / "config"),
        JUPYTER_RUNTIME_DIR=str(jupyter_home / "runtime"), JUPYTER_PLATFORM_DIRS="1",
        PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
        PYTHONDONTWRITEBYTECODE="1",  # write nothing into the shared packages' folders
    )
    return environ


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


# Start a kernel by name, as the notebook server does, and print what its cell printed.
START_KERNEL = textwrap.dedent("""
    import json, sys
    from jupyter_client.manager import start_new_kernel

    printed = []
    manager, client = start_new_kernel(kernel_name=sys.argv[1], startup_timeout=60)
    try:
        client.execute_interactive(
            "import sys, culturaltrade; print(sys.prefix); print(culturaltrade.__file__)", timeout=60,
            output_hook=lambda m: printed.append(m["content"]["text"]) if m["msg_type"] == "stream" else None)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    print(json.dumps("".join(printed).split()))
""")


@pytest.mark.slow
@pytest.mark.skipif(CONDA, reason="Binder installs the lock; a conda environment is not the lock")
def test_binder_build_steps_give_every_notebook_its_kernel(tmp_path):
    prefix = tmp_path / "srv" / "env"
    run([sys._base_executable, "-m", "venv", "--without-pip", str(prefix)])
    site_packages = Path(run([prefix / "bin" / "python", "-c",
                              "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip())
    ours = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    (site_packages / "locked-packages.pth").write_text("".join(path + "\n" for path in ours))
    environ = clean_environment(prefix, tmp_path / "jupyter")
    before = metadata.distribution("culturaltrade").read_text("RECORD")

    # repo2docker: `${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r binder/requirements.txt`
    # (pip from the shared packages, as the environment has none of its own), then ./binder/postBuild
    installed = run([prefix / "bin" / "python", "-m", "pip", "install", "--no-cache-dir",
                     "-r", "binder/requirements.txt"], cwd=ROOT, env=environ)
    assert "Successfully installed" not in installed  # everything came from the lock already
    run(["./binder/postBuild"], cwd=ROOT, env=environ)

    listed = json.loads(run([prefix / "bin" / "python", "-m", "jupyter_client.kernelspecapp", "list", "--json"],
                            cwd=tmp_path, env=environ))["kernelspecs"]
    for notebook, name in notebook_kernels().items():
        assert name in listed, f"{notebook}: kernel {name!r} not found by Jupyter in the Binder environment"
        kernel = listed[name]
        assert Path(kernel["resource_dir"]).is_relative_to(prefix / "share" / "jupyter" / "kernels"), notebook
        assert kernel["spec"]["argv"][0] == str(prefix / "bin" / "python"), notebook
        assert "culturaltrade.build.kernel" in kernel["spec"]["argv"], notebook

    stdout = run([prefix / "bin" / "python", "-c", START_KERNEL, name], cwd=tmp_path, env=environ)
    printed = json.loads(stdout.strip().splitlines()[-1])
    assert printed == [str(prefix), str(ROOT / "culturaltrade" / "src" / "culturaltrade" / "__init__.py")]
    # the editable install went into the new environment, not into the one running the tests
    assert (site_packages / "__editable__.culturaltrade-0.1.0.pth").is_file()
    assert metadata.distribution("culturaltrade").read_text("RECORD") == before
