"""``environment.yml`` (the one list of dependencies) -> ``environment.lock.txt`` -> ``.venv``.

This module uses the standard library only, because it runs *before* any environment
exists (``python3 culturaltrade/src/culturaltrade/build/envspec.py COMMAND environment.yml ...``):

* ``check-python`` — is this interpreter the series environment.yml asks for?
* ``lock`` (``make lock``) — compile the lock with uv: every package the pip path installs,
  ``==``-pinned with the SHA-256 of its files on PyPI, for Linux x86_64 and Python 3.11; its
  header records the lines it was compiled from and their SHA-256;
* ``check-lock`` — refuse a lock that disagrees with environment.yml (a direct pin, or any
  input changed since ``make lock``), naming the package;
* ``install-project`` — after ``pip install --require-hashes -r environment.lock.txt``: the
  editable helper package (no dependencies, no build isolation, no index: nothing unlocked
  is fetched) and the compendium's Jupyter kernel; ``make env`` and Binder's ``postBuild``
  both call it;
* ``requirements`` — the direct requirements alone (what ``make env`` resolved before the lock).

It reads the restricted form that ``environment.yml`` promises to keep:

* ``- python=3.11`` — the interpreter series (checked, not installed by pip);
* ``- pip`` — conda's pip (skipped);
* ``- name==version`` — an exact pin (becomes ``name==version`` for pip);
* ``- pip:`` followed by more-indented ``- requirement`` lines (passed through).

Anything else (a range, a bare name, a channel prefix) is an error, so that the pip path
can never silently install something other than what conda users get.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[A-Za-z0-9.+!_-]+)$")
_PYTHON = re.compile(r"^python=(?P<series>\d+\.\d+)$")


class EnvironmentSpecError(ValueError):
    """environment.yml is not in the form the pip path can derive from."""


@dataclass
class EnvironmentSpec:
    name: str | None = None
    python_series: str | None = None
    pins: dict[str, str] = field(default_factory=dict)
    pip_requirements: list[str] = field(default_factory=list)

    def requirements(self) -> list[str]:
        """Requirement lines for ``pip install -r``: the conda pins, then the pip section."""
        return [f"{name}=={version}" for name, version in self.pins.items()] + list(
            self.pip_requirements
        )


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def parse_environment(text: str, source: str = "environment.yml") -> EnvironmentSpec:
    """Parse the dependency list of an environment file (see the module docstring)."""
    spec = EnvironmentSpec()
    section = None  # "dependencies" or "pip"
    pip_indent = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        body = line.strip()
        if indent == 0:
            section = "dependencies" if body == "dependencies:" else None
            if body.startswith("name:"):
                spec.name = body.split(":", 1)[1].strip()
            continue
        if section is None:
            continue
        if not body.startswith("- "):
            raise EnvironmentSpecError(f"{source}, line {lineno}: expected a '- item' line, got {body!r}")
        item = body[2:].strip()
        if section == "pip":
            if indent > pip_indent:
                spec.pip_requirements.append(item)
                continue
            section = "dependencies"
        if item == "pip:":
            section, pip_indent = "pip", indent
        elif item == "pip":
            continue
        elif match := _PYTHON.match(item):
            spec.python_series = match["series"]
        elif match := _PIN.match(item):
            name = match["name"].lower()
            if name in spec.pins:
                raise EnvironmentSpecError(f"{source}, line {lineno}: {name} is listed twice")
            spec.pins[name] = match["version"]
        else:
            raise EnvironmentSpecError(
                f"{source}, line {lineno}: {item!r} is not an exact pin; write it as name==version"
            )
    if spec.python_series is None:
        raise EnvironmentSpecError(f"{source}: no 'python=X.Y' line in dependencies")
    if not spec.pins:
        raise EnvironmentSpecError(f"{source}: no pinned packages found")
    return spec


def load_environment(path: str | Path) -> EnvironmentSpec:
    path = Path(path)
    return parse_environment(path.read_text(encoding="utf-8"), source=path.name)


def check_python(spec: EnvironmentSpec, version_info=sys.version_info) -> str | None:
    """An error message if this interpreter is not the series environment.yml asks for."""
    running = f"{version_info[0]}.{version_info[1]}"
    if running != spec.python_series:
        return (
            f"environment.yml asks for Python {spec.python_series}, but this python3 is {running}. "
            f"Run `make PYTHON=python{spec.python_series} reproduce`, use conda "
            f"(`conda env create -f environment.yml`), or set ALLOW_OTHER_PYTHON=1 to try anyway."
        )
    return None


# --------------------------------------------------------------------------- the lock
LOCK_NAME = "environment.lock.txt"
PYPROJECT = "culturaltrade/pyproject.toml"
# The platform the lock is resolved for (markers such as sys_platform are evaluated for it):
# the machines `make env` and Binder run on. uv records the hashes of every file of each
# pinned release, so the Linux x86_64 wheels are always among them.
LOCK_PLATFORM = "x86_64-unknown-linux-gnu"
PYPI = "https://pypi.org/simple"
_EDITABLE = re.compile(r"^-e\s+(?P<path>\S+)$")
_LOCKED = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)")
_HASH = re.compile(r"--hash=sha256:(?P<digest>[0-9a-f]{64})\b")
_INPUT = "# input: "
_INPUTS_SHA = "# inputs sha256: "


class LockError(ValueError):
    """The lock cannot be made, or does not match environment.yml."""


def normalise(name: str) -> str:
    """A distribution name as PyPI compares them (PEP 503): ``PyYAML`` == ``pyyaml``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def editable_paths(spec: EnvironmentSpec) -> list[str]:
    """The local packages of the pip section (``-e ./culturaltrade``): installed from this folder."""
    return [m["path"] for item in spec.pip_requirements if (m := _EDITABLE.match(item))]


def locked_pins(spec: EnvironmentSpec, source: str = "environment.yml") -> dict[str, str]:
    """Every exact pin of environment.yml (both sections), by normalised name."""
    pins = {normalise(name): version for name, version in spec.pins.items()}
    for item in spec.pip_requirements:
        if _EDITABLE.match(item):
            continue
        match = _PIN.match(item)
        if not match:
            raise LockError(f"{source}: pip requirement {item!r} cannot be locked; write it as name==version")
        name = normalise(match["name"])
        if name in pins:
            raise LockError(f"{source}: {name} is listed twice")
        pins[name] = match["version"]
    return pins


def package_dependencies(pyproject: str | Path) -> list[str]:
    """What the helper package's pyproject.toml requires (names; versions come from environment.yml)."""
    import tomllib

    with open(pyproject, "rb") as handle:
        return list(tomllib.load(handle)["project"].get("dependencies", []))


def lock_inputs(spec: EnvironmentSpec, dependencies: list[str]) -> list[str]:
    """The lines a lock is compiled from, as its header records them.

    The helper package's own dependencies are inputs too (its pip install uses --no-deps), so
    that the lock cannot miss one of them.
    """
    return ([f"environment.yml: python={spec.python_series}"]
            + [f"environment.yml: {name}=={version}" for name, version in locked_pins(spec).items()]
            + [f"{PYPROJECT}: {requirement}" for requirement in dependencies])


def inputs_digest(inputs: list[str]) -> str:
    return hashlib.sha256("".join(line + "\n" for line in inputs).encode("utf-8")).hexdigest()


@dataclass
class Lock:
    """A lock file read back: its recorded inputs, and each package's version and hashes."""
    inputs: list[str]
    digest: str | None
    packages: dict[str, tuple[str, list[str]]]  # normalised name -> (version, sha256 digests)
    problems: list[str]


def parse_lock(text: str, source: str = LOCK_NAME) -> Lock:
    inputs, digest, packages, problems = [], None, {}, []
    current = None
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.startswith(_INPUT):
            inputs.append(line[len(_INPUT):])
        elif line.startswith(_INPUTS_SHA):
            digest = line[len(_INPUTS_SHA):].strip()
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if match := _LOCKED.match(stripped):
            current = normalise(match["name"])
            if current in packages:
                problems.append(f"{source}, line {lineno}: {current} is locked twice")
            packages[current] = (match["version"], [])
        elif stripped.startswith("--hash=") and current is not None:
            pass
        else:
            problems.append(f"{source}, line {lineno}: {stripped!r} is not a name==version pin "
                            "(the lock holds pinned releases from PyPI only)")
            current = None
        if current is not None:
            packages[current][1].extend(m["digest"] for m in _HASH.finditer(stripped))
    for name, (version, digests) in packages.items():
        if not digests:
            problems.append(f"{source}: {name}=={version} has no --hash=sha256 (pip --require-hashes refuses it)")
    if re.search(r"\bfile:", text):
        problems.append(f"{source}: refers to a local file (file:); a lock holds PyPI releases only")
    return Lock(inputs, digest, packages, problems)


def _split_input(line: str) -> tuple[str, str]:
    """``'environment.yml: pandas==3.1.1'`` -> (``'environment.yml: pandas'``, ``'pandas==3.1.1'``)."""
    source, _, requirement = line.partition(": ")
    name = re.match(r"[A-Za-z0-9._-]*", requirement)[0]
    return f"{source}: {normalise(name)}", requirement


def compare_lock(spec: EnvironmentSpec, dependencies: list[str], lock: Lock,
                 source: str = LOCK_NAME) -> list[str]:
    """Why the lock does not belong to environment.yml (empty when it does); each line names a package."""
    problems = list(lock.problems)
    current = lock_inputs(spec, dependencies)
    if lock.digest is None:
        problems.append(f"{source} has no record of the environment.yml it was compiled from")
    elif lock.digest != inputs_digest(lock.inputs):
        problems.append(f"{source}: its recorded inputs do not match their SHA-256 (edited by hand?)")
    named = set()
    if lock.digest != inputs_digest(current):
        before, now = dict(map(_split_input, lock.inputs)), dict(map(_split_input, current))
        for key in sorted(before.keys() | now.keys()):
            if before.get(key) == now.get(key):
                continue
            named.add(key.partition(": ")[2])
            where = key.partition(": ")[0]
            if key not in before:
                problems.append(f"{where}: {now[key]} is new since the lock was compiled")
            elif key not in now:
                problems.append(f"{where}: {before[key]} is gone, but the lock was compiled from it")
            else:
                problems.append(f"{where}: {now[key]}, but the lock was compiled from {before[key]}")
    for name, version in locked_pins(spec).items():
        if name in named:
            continue
        locked = lock.packages.get(name)
        if locked is None:
            problems.append(f"{name}: environment.yml pins {version}, but {source} does not have it")
        elif locked[0] != version:
            problems.append(f"{name}: environment.yml pins {version}, but {source} has {locked[0]}")
    return problems


def check_lock(environment: str | Path, lock_path: str | Path, pyproject: str | Path | None = None) -> None:
    """Raise LockError, naming every package that differs, unless the lock belongs to environment.yml."""
    environment, lock_path = Path(environment), Path(lock_path)
    pyproject = Path(pyproject) if pyproject else environment.parent / PYPROJECT
    spec = load_environment(environment)
    if not lock_path.is_file():
        raise LockError(f"{lock_path.name} is missing; run `make lock` to compile it from environment.yml")
    lock = parse_lock(lock_path.read_text(encoding="utf-8"), source=lock_path.name)
    problems = compare_lock(spec, package_dependencies(pyproject), lock, source=lock_path.name)
    if problems:
        raise LockError(f"{lock_path.name} does not match environment.yml; run `make lock` "
                        "(after changing environment.yml):\n" + "\n".join(f"  - {p}" for p in problems))


def compile_lock(environment: str | Path, lock_path: str | Path, uv: str, upgrade: bool = False) -> int:
    """Compile the lock with uv (``make lock``); returns the number of packages locked.

    The pins of an existing lock are kept where environment.yml still allows them (uv reads
    its output file first), unless ``upgrade``. uv runs without configuration files or UV_*
    variables and with PyPI as its only index, so nothing of this machine's pip or uv setup
    (mirrors, find-links, constraints) can reach the lock.
    """
    environment, lock_path = Path(environment), Path(lock_path)
    spec = load_environment(environment)
    dependencies = package_dependencies(environment.parent / PYPROJECT)
    inputs = lock_inputs(spec, dependencies)
    pins = locked_pins(spec)
    with tempfile.TemporaryDirectory(prefix="lock-") as scratch:
        scratch = Path(scratch)
        (scratch / "pins.txt").write_text(
            "".join(f"{name}=={version}\n" for name, version in pins.items()), encoding="utf-8")
        (scratch / "culturaltrade").mkdir()
        # Only its dependencies: uv then reads them without building the package.
        (scratch / PYPROJECT).write_text(
            '[project]\nname = "culturaltrade"\nversion = "0"\ndependencies = [\n'
            + "".join(f"    {json.dumps(requirement)},\n" for requirement in dependencies)
            + "]\n", encoding="utf-8")
        output = scratch / "lock.txt"
        if lock_path.is_file() and not upgrade:
            shutil.copyfile(lock_path, output)
        command = [uv, "--no-config", "pip", "compile", "--quiet", "--generate-hashes",
                   "--python-version", spec.python_series, "--python-platform", LOCK_PLATFORM,
                   "--only-binary", ":all:", "--default-index", PYPI,
                   "--custom-compile-command", "make lock", "--output-file", output.name,
                   "pins.txt", PYPROJECT]
        environ = {key: value for key, value in os.environ.items() if not key.startswith("UV_")}
        result = subprocess.run(command, cwd=scratch, env=environ, capture_output=True, text=True)
        if result.returncode != 0:
            raise LockError("uv could not resolve environment.yml:\n" + (result.stderr or result.stdout).strip())
        # uv's `# via` comments name the input files: say where the pins come from.
        compiled = "".join(line.replace("-r pins.txt", "environment.yml") if line.lstrip().startswith("#")
                           else line for line in output.read_text(encoding="utf-8").splitlines(keepends=True))
        tool = " ".join(subprocess.run([uv, "--version"], capture_output=True, text=True).stdout.split()[:2])
    header = [
        f"# {lock_path.name}: every package that `make env` (and Binder) installs, each at one",
        "# version with the SHA-256 of its files on PyPI; pip itself and the editable helper package",
        "# are installed apart. Do not edit: change environment.yml, then run `make lock`.",
        f"# Resolved by {tool or 'uv'} for Python {spec.python_series} on Linux x86_64, wheels only.",
        f"# Installed by `pip install --require-hashes --only-binary :all: -r {lock_path.name}`.",
        "#",
        "# Compiled from these inputs; `make env` and `make test` refuse the lock when they change:",
        *(_INPUT + line for line in inputs),
        _INPUTS_SHA + inputs_digest(inputs),
        "#",
    ]
    text = "\n".join(header) + "\n" + compiled
    lock = parse_lock(text, source=lock_path.name)
    problems = compare_lock(spec, dependencies, lock, source=lock_path.name)
    if problems:
        raise LockError(f"the compiled lock is not usable:\n" + "\n".join(f"  - {p}" for p in problems))
    partial = lock_path.with_name(f".{lock_path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, lock_path)
    return len(lock.packages)


# --------------------------------------------------------------------------- after the lock
def project_install_commands(environment: str | Path, python: str, kernel_prefix: str) -> list[list[str]]:
    """What follows ``pip install --require-hashes -r environment.lock.txt``.

    The editable packages of environment.yml's pip section, without their dependencies (the lock
    has them), without build isolation (setuptools is in the lock) and without an index, so
    nothing unlocked is fetched; then the kernel ``cultural-trade``, installed under
    ``kernel_prefix`` and started by ``python``.
    """
    folder = Path(environment).resolve().parent
    spec = load_environment(environment)
    commands = [[python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                 "--no-build-isolation", "--no-index", "-e", str(folder / path)]
                for path in editable_paths(spec)]
    commands.append([python, "-m", "culturaltrade.build.kernel", "install", "--prefix", str(kernel_prefix)])
    return commands


def install_project(environment: str | Path, python: str, kernel_prefix: str) -> None:
    for command in project_install_commands(environment, python, kernel_prefix):
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="envspec.py", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("requirements", "check-python"):
        commands.add_parser(name).add_argument("environment")
    lock = commands.add_parser("lock")
    lock.add_argument("environment")
    lock.add_argument("lock")
    lock.add_argument("--uv", required=True, help="the uv executable")
    lock.add_argument("--upgrade", action="store_true", help="newest versions, not those of the old lock")
    check = commands.add_parser("check-lock")
    check.add_argument("environment")
    check.add_argument("lock")
    project = commands.add_parser("install-project")
    project.add_argument("environment")
    project.add_argument("python", help="the environment's interpreter")
    project.add_argument("kernel_prefix", help="where Jupyter looks for kernels (share/jupyter/kernels below it)")
    args = parser.parse_args(argv)
    try:
        spec = load_environment(args.environment)
        if args.command == "requirements":
            print("# Derived from environment.yml by culturaltrade/src/culturaltrade/build/envspec.py; do not edit.")
            print("\n".join(spec.requirements()))
        elif args.command == "check-python":
            message = check_python(spec)
            if message:
                raise EnvironmentSpecError(message)
        elif args.command == "lock":
            count = compile_lock(args.environment, args.lock, args.uv, upgrade=args.upgrade)
            print(f"wrote {args.lock}: {count} packages, each with the hashes of its files")
        elif args.command == "check-lock":
            check_lock(args.environment, args.lock)
        else:
            install_project(args.environment, args.python, args.kernel_prefix)
    except (OSError, EnvironmentSpecError, LockError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as error:
        print(f"error: {' '.join(map(str, error.cmd))} failed (exit {error.returncode})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
