"""The compendium's Jupyter kernel: IPython with the network switched off.

``make env`` installs it as the kernel ``cultural-trade`` of the environment::

    python -m culturaltrade.build.kernel install --prefix .venv

Its ``kernel.json`` starts *this* interpreter (an absolute path, so that notebooks never run
in whatever ``python3`` kernel a machine has) with ``-m culturaltrade.build.kernel``, which installs
the network guard (:mod:`culturaltrade.build.offline`) and then starts ipykernel as usual. Papermill,
nbval and JupyterLab all start notebooks through it.

The kernel reports its Python version as ``major.minor`` (``3.11``), which is what the committed
notebooks record: ipykernel would say ``3.11.7``, and JupyterLab writes the kernel's word into
the notebook's metadata when it saves, so merely opening and saving a notebook would change it
(and make the pipeline want to run it again) on every machine with another patch release.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path

KERNEL_NAME = "cultural-trade"
DISPLAY_NAME = "Python 3 (cultural-trade)"
MODULE = "culturaltrade.build.kernel"
LANGUAGE_VERSION = ".".join(platform.python_version_tuple()[:2])  # what the notebooks record


def install(prefix: Path) -> Path:
    """Install ipykernel's spec as ``cultural-trade`` under ``prefix``, started through this module."""
    from ipykernel.kernelspec import install as install_ipykernel

    folder = Path(install_ipykernel(prefix=str(prefix), kernel_name=KERNEL_NAME, display_name=DISPLAY_NAME))
    spec_file = folder / "kernel.json"
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    spec["argv"] = [MODULE if part == "ipykernel_launcher" else part for part in spec["argv"]]
    if MODULE not in spec["argv"]:
        raise RuntimeError(f"{spec_file}: unexpected ipykernel argv {spec['argv']}")
    spec["argv"][0] = sys.executable
    spec_file.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    return folder


def main() -> None:
    from .offline import install as go_offline

    go_offline()
    from ipykernel.ipkernel import IPythonKernel
    from ipykernel.kernelapp import IPKernelApp

    class CompendiumKernel(IPythonKernel):
        language_info = {**IPythonKernel.language_info, "version": LANGUAGE_VERSION}

    IPKernelApp.launch_instance(kernel_class=CompendiumKernel)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "install":
        parser = argparse.ArgumentParser(prog="python -m culturaltrade.build.kernel install")
        parser.add_argument("--prefix", type=Path, default=Path(sys.prefix))
        print(f"installed kernel '{KERNEL_NAME}' in {install(parser.parse_args(sys.argv[2:]).prefix)}")
    else:
        main()
