"""environment.yml is the one list; the lock derives from it, and .venv holds exactly the lock."""

import json
import re
import shutil
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

import pytest

from culturaltrade.build import envspec

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / envspec.LOCK_NAME
DESIGN_PACKAGES = {"jupyterlab", "pandas", "matplotlib", "seaborn", "papermill", "nbval"}
# Installed beside the lock on purpose: pip comes with `python -m venv` (its version is the
# interpreter's; it writes no output of the compendium), culturaltrade is this project's own
# package, installed editable from culturaltrade/.
NOT_IN_LOCK = {"pip", "culturaltrade"}
CONDA = (Path(sys.prefix) / "conda-meta").is_dir()


def test_environment_pins_the_design_packages_exactly():
    spec = envspec.load_environment(ROOT / "environment.yml")
    assert spec.python_series == "3.11"
    assert DESIGN_PACKAGES <= set(spec.pins)
    assert "-e ./culturaltrade" in spec.pip_requirements


def test_running_environment_has_the_pinned_versions():
    spec = envspec.load_environment(ROOT / "environment.yml")
    installed = {name: metadata.version(name) for name in spec.pins}
    assert installed == spec.pins


def test_black_is_absent_so_injected_parameters_are_not_reformatted():
    # papermill formats the injected-parameters cell with black when it is importable,
    # which would make notebooks depend on the machine; environment.yml keeps it out.
    with pytest.raises(metadata.PackageNotFoundError):
        metadata.version("black")


def test_parse_requirements_and_refuse_ranges():
    text = """
name: x
dependencies:
  - python=3.11
  - pip
  - pandas==3.1.1   # comment
  - pip:
      - -e ./pkg
      - extra==1.0
"""
    spec = envspec.parse_environment(text)
    assert spec.requirements() == ["pandas==3.1.1", "-e ./pkg", "extra==1.0"]
    with pytest.raises(envspec.EnvironmentSpecError, match="line 6.*not an exact pin"):
        envspec.parse_environment(text.replace("pandas==3.1.1", "pandas>=3"))
    with pytest.raises(envspec.EnvironmentSpecError, match="python=X.Y"):
        envspec.parse_environment(text.replace("  - python=3.11\n", ""))


def test_check_python_names_the_fix():
    spec = envspec.parse_environment("dependencies:\n  - python=3.11\n  - a==1\n")
    assert envspec.check_python(spec, (3, 11, 7)) is None
    assert "python3.11" in envspec.check_python(spec, (3, 12, 1))


def test_cli_prints_the_requirements(capsys):
    assert envspec.main(["requirements", str(ROOT / "environment.yml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("#")
    assert lines[1:] == envspec.load_environment(ROOT / "environment.yml").requirements()


# --------------------------------------------------------------------------- the lock
def scratch_project(tmp_path: Path) -> Path:
    """environment.yml, the lock and the helper package's pyproject.toml, to be changed."""
    for name in ("environment.yml", envspec.LOCK_NAME, envspec.PYPROJECT):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def check_lock_message(project: Path) -> str:
    with pytest.raises(envspec.LockError) as error:
        envspec.check_lock(project / "environment.yml", project / envspec.LOCK_NAME)
    return str(error.value)


def test_committed_lock_matches_environment_yml():
    envspec.check_lock(ROOT / "environment.yml", LOCK)


def test_lock_pins_every_package_with_pypi_hashes_only():
    text = LOCK.read_text(encoding="utf-8")
    lock = envspec.parse_lock(text)
    assert lock.problems == []
    assert len(lock.packages) > 100  # the direct pins pull in well over a hundred packages
    assert all(digests for _, digests in lock.packages.values())
    # Nothing of a particular machine's pip set-up (local mirrors, find-links, a constraint
    # file) may leak into it: no URL, path or pip option, only `name==version` and hashes.
    assert not re.search(r"file:|https?:|^\s*-(?!-hash)", text, re.MULTILINE)
    assert "pip" not in lock.packages  # pip comes with the venv (see NOT_IN_LOCK)
    # what `pip install --no-build-isolation -e ./culturaltrade` builds with
    assert "setuptools" in lock.packages


def test_lock_records_the_inputs_it_was_compiled_from():
    lock = envspec.parse_lock(LOCK.read_text(encoding="utf-8"))
    spec = envspec.load_environment(ROOT / "environment.yml")
    assert lock.inputs[0] == f"environment.yml: python={spec.python_series}"
    assert "environment.yml: pandas==3.1.1" in lock.inputs
    assert "culturaltrade/pyproject.toml: nbformat" in lock.inputs
    assert lock.digest == envspec.inputs_digest(lock.inputs)
    assert len(lock.digest) == 64


def test_a_changed_pin_without_make_lock_is_named(tmp_path):
    project = scratch_project(tmp_path)
    environment = project / "environment.yml"
    environment.write_text(environment.read_text().replace("pandas==3.1.1", "pandas==3.1.2"))
    message = check_lock_message(project)
    assert "environment.yml: pandas==3.1.2, but the lock was compiled from pandas==3.1.1" in message
    assert "make lock" in message
    assert "numpy" not in message  # only what changed is named


def test_a_new_or_removed_pin_is_named(tmp_path):
    project = scratch_project(tmp_path)
    environment = project / "environment.yml"
    text = environment.read_text()
    environment.write_text(text.replace("  - nbdime==4.0.4\n", "  - nbdime==4.0.4\n  - six==1.17.0\n"))
    # six is in the lock already (a dependency), at that version: still a changed input
    assert "environment.yml: six==1.17.0 is new since the lock was compiled" in check_lock_message(project)
    environment.write_text(text.replace("  - nbdime==4.0.4\n", ""))
    assert "environment.yml: nbdime==4.0.4 is gone" in check_lock_message(project)


def test_a_changed_python_series_or_package_dependency_is_named(tmp_path):
    project = scratch_project(tmp_path)
    environment = project / "environment.yml"
    environment.write_text(environment.read_text().replace("python=3.11", "python=3.12"))
    assert "environment.yml: python=3.12, but the lock was compiled from python=3.11" in check_lock_message(project)
    shutil.copy(ROOT / "environment.yml", environment)
    pyproject = project / envspec.PYPROJECT
    pyproject.write_text(pyproject.read_text().replace('dependencies = [', 'dependencies = ["requests", ', 1))
    assert "culturaltrade/pyproject.toml: requests is new" in check_lock_message(project)


def test_a_lock_edited_by_hand_is_refused_naming_the_package(tmp_path):
    project = scratch_project(tmp_path)
    lock = project / envspec.LOCK_NAME
    text = lock.read_text()
    # the body disagrees with a direct pin, the header still matches environment.yml
    lock.write_text(text.replace("\npandas==3.1.1 \\", "\npandas==3.0.0 \\"))
    assert "pandas: environment.yml pins 3.1.1, but environment.lock.txt has 3.0.0" in check_lock_message(project)
    # the header's record of inputs changed without its SHA-256
    lock.write_text(text.replace("# input: environment.yml: pandas==3.1.1", "# input: environment.yml: pandas==3.0.0"))
    assert "edited by hand" in check_lock_message(project)
    # a package without a hash
    lock.write_text(re.sub(r"(\nsix==1\.17\.0) \\\n(\s+--hash=\S+ \\\n)*\s+--hash=\S+", r"\1", text))
    assert "six==1.17.0 has no --hash=sha256" in check_lock_message(project)


def test_check_lock_command_exits_1_naming_the_package(tmp_path):
    project = scratch_project(tmp_path)
    environment = project / "environment.yml"
    environment.write_text(environment.read_text().replace("seaborn==0.13.2", "seaborn==0.13.3"))
    result = subprocess.run([sys.executable, str(ROOT / "culturaltrade/src/culturaltrade/build/envspec.py"),
                             "check-lock", str(environment), str(project / envspec.LOCK_NAME)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "seaborn==0.13.3, but the lock was compiled from seaborn==0.13.2" in result.stderr
    assert result.stderr.startswith("error: environment.lock.txt does not match environment.yml")


def test_parse_lock_refuses_what_is_not_a_hashed_pypi_pin():
    text = ("a==1.0 \\\n    --hash=sha256:" + "0" * 64 + "\n"
            "-e ./culturaltrade\n"
            "b @ file:///somewhere/b-1.0-py3-none-any.whl\n"
            "c==2.0\n")
    problems = envspec.parse_lock(text).problems
    assert any("'-e ./culturaltrade' is not a name==version pin" in p for p in problems)
    assert any("b @ file:" in p for p in problems)
    assert any("c==2.0 has no --hash" in p for p in problems)
    assert any("local file (file:)" in p for p in problems)
    assert not any(p.startswith("environment.lock.txt: a==") for p in problems)


def test_pip_requirements_that_cannot_be_locked_are_refused():
    spec = envspec.parse_environment("dependencies:\n  - python=3.11\n  - a==1\n  - pip:\n"
                                     "      - -e ./pkg\n      - git+https://example.org/b.git\n")
    with pytest.raises(envspec.LockError, match="'git\\+https://example.org/b.git' cannot be locked"):
        envspec.locked_pins(spec)
    assert envspec.editable_paths(spec) == ["./pkg"]


# --------------------------------------------------------------------------- .venv == the lock
@pytest.mark.skipif(CONDA, reason="a conda environment is built from environment.yml by conda, not from the lock")
def test_installed_distributions_are_exactly_the_lock():
    lock = envspec.parse_lock(LOCK.read_text(encoding="utf-8"))
    locked = {name: version for name, (version, _) in lock.packages.items()}
    site_packages = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    installed = {envspec.normalise(d.metadata["Name"]): d.version
                 for d in metadata.distributions(path=site_packages)}
    assert NOT_IN_LOCK <= installed.keys()
    for name in NOT_IN_LOCK:
        installed.pop(name)
    differ = {name: (installed.get(name), locked.get(name)) for name in installed.keys() | locked.keys()
              if installed.get(name) != locked.get(name)}
    assert differ == {}, "installed vs locked version (None: absent): " + ", ".join(
        f"{name} {have} vs {want}" for name, (have, want) in sorted(differ.items()))


@pytest.mark.skipif(CONDA, reason="a conda environment is built from environment.yml by conda, not from the lock")
def test_helper_package_is_the_editable_install_of_this_folder():
    direct_url = json.loads(metadata.distribution("culturaltrade").read_text("direct_url.json"))
    assert direct_url["dir_info"] == {"editable": True}
    assert direct_url["url"] == (ROOT / "culturaltrade").as_uri()


def test_every_installed_requirement_is_satisfied():
    # pip check: each installed distribution's own requirements (the helper package's too,
    # installed with --no-deps) are met by what is installed
    result = subprocess.run([sys.executable, "-m", "pip", "check", "--disable-pip-version-check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
