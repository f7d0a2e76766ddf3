# China's international cultural trade: a reproducible research compendium.
#
#   make reproduce   set up the environment if missing, rerun every notebook, table and figure
#   make test        unit tests, nbval over the committed notebooks (each run once; the figures and
#                    tables it writes compared byte for byte), bad-input cases, the data manifest,
#                    the browser test (on every core)
#   make help        everything else
#
# The environment is .venv (created with `python3 -m venv`, every package installed from
# environment.lock.txt with pip --require-hashes; `make lock` derives the lock from environment.yml),
# or the active conda environment if it is the one environment.yml creates (`cultural-trade`).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
ENV_NAME := cultural-trade
KERNEL := cultural-trade
ifeq ($(CONDA_DEFAULT_ENV),$(ENV_NAME))
  ENV_PREFIX := $(CONDA_PREFIX)
else
  ENV_PREFIX := $(CURDIR)/.venv
endif
PY := $(ENV_PREFIX)/bin/python
ENV_STAMP := $(ENV_PREFIX)/.cultural-trade-installed
ENVSPEC := culturaltrade/src/culturaltrade/build/envspec.py
# Every package of .venv, pinned with its hashes; compiled from environment.yml by `make lock`
# with uv, which is installed into build/ for that alone (installing the lock needs only pip).
LOCK := environment.lock.txt
LOCK_TOOL := build/lock-tool
UV_VERSION := 0.13.9
ifeq ($(ENV_PREFIX),$(CURDIR)/.venv)
  LOCK_STAMP := .venv/.lock-installed
endif
# The notebooks, in run order, as declared (with their inputs) in notebooks/pipeline.yaml.
NOTEBOOKS := $(addprefix notebooks/,$(shell sed -n 's/^ *- notebook: *\([^ #]*\).*/\1/p' notebooks/pipeline.yaml))
# Notebooks run at once by `make reproduce` (default: one per core); FORCE=1 re-runs all.
JOBS ?=
FORCE ?=

# Byte-stable outputs and a kernel search path that finds this environment's kernel first.
export PYTHONHASHSEED := 0
export SOURCE_DATE_EPOCH := 0
export JUPYTER_PLATFORM_DIRS := 1
export JUPYTER_PATH := $(ENV_PREFIX)/share/jupyter
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help env lock browser reproduce status run params check test unit nbval manifest bench mutation lab site clean distclean $(NOTEBOOKS)

help: ## list the commands
	@echo "China's international cultural trade — reproducible compendium"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_\/.%-]+:.*## / {printf "  make %-22s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo
	@echo "  Notebooks, in run order (make notebooks/NN_name.ipynb reruns one with its defaults):"
	@for nb in $(NOTEBOOKS); do echo "    $$nb"; done
	@echo
	@echo "  One notebook with other parameters (written to runs/, committed results untouched):"
	@echo "    make run NB=01_china_overall PARAMS='-p start_year 2012'"

env: $(ENV_STAMP) ## create the environment if missing (.venv from environment.lock.txt; no conda needed)

ifdef LOCK_STAMP
# A changed lock means a new .venv from scratch, so that .venv holds exactly the lock
# (rm, not `venv --clear`: a symlinked .venv is unlinked, never emptied).
$(LOCK_STAMP): $(LOCK)
	@if [ -z "$${ALLOW_OTHER_PYTHON:-}" ]; then $(PYTHON) $(ENVSPEC) check-python environment.yml; fi
	@$(PYTHON) $(ENVSPEC) check-lock environment.yml $(LOCK)
	@echo "creating .venv with $(PYTHON) -m venv and every package of $(LOCK) (pip --require-hashes)"
	rm -rf .venv
	$(PYTHON) -m venv .venv
	.venv/bin/python -m pip install --quiet --disable-pip-version-check --require-virtualenv \
	  --require-hashes --only-binary :all: -r $(LOCK)
	@touch $@
endif

$(ENV_STAMP): $(LOCK_STAMP) environment.yml culturaltrade/pyproject.toml culturaltrade/src/culturaltrade/build/kernel.py
ifeq ($(ENV_PREFIX),$(CURDIR)/.venv)
	@$(PYTHON) $(ENVSPEC) check-lock environment.yml $(LOCK)
	@# The editable helper package (no dependencies, index or build isolation: the lock has them)
	@# and a kernel of our own whose argv is this environment's python (absolute path), so that
	@# notebooks never run in whatever `python3` kernel the machine has; it starts offline.
	$(PYTHON) $(ENVSPEC) install-project environment.yml $(PY) $(ENV_PREFIX)
else
	@echo "using the active conda environment $(CONDA_DEFAULT_ENV) (from environment.yml; not the lock)"
	$(PY) -m culturaltrade.build.kernel install --prefix $(ENV_PREFIX) > /dev/null
endif
	@touch $@

lock: ## after changing environment.yml: compile environment.lock.txt (every package, with hashes) with uv; UPGRADE=1 for the newest
	@if [ ! -x $(LOCK_TOOL)/bin/uv ] || [ "$$($(LOCK_TOOL)/bin/uv --version | cut -d' ' -f2)" != $(UV_VERSION) ]; then \
	  echo "installing uv $(UV_VERSION) into $(LOCK_TOOL) (only to compile the lock)"; \
	  rm -rf $(LOCK_TOOL) && $(PYTHON) -m venv $(LOCK_TOOL) && \
	  $(LOCK_TOOL)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION); \
	fi
	$(PYTHON) $(ENVSPEC) lock environment.yml $(LOCK) --uv $(CURDIR)/$(LOCK_TOOL)/bin/uv $(if $(UPGRADE),--upgrade)

reproduce: $(ENV_STAMP) ## rebuild every notebook whose inputs changed (all on a fresh clone), in parallel
	$(PY) -m culturaltrade.build.pipeline reproduce $(if $(JOBS),--jobs $(JOBS)) $(if $(FORCE),--force)

status: $(ENV_STAMP) ## say which notebooks `make reproduce` would re-run, and why
	$(PY) -m culturaltrade.build.pipeline status

$(NOTEBOOKS): $(ENV_STAMP) ## (notebooks/NN_name.ipynb) rerun one notebook with its default parameters
	$(PY) -m culturaltrade.build.pipeline run $@

run: $(ENV_STAMP) ## run NB=<notebook> with PARAMS='-p name value ...' into runs/
	@if [ -z "$(NB)" ]; then echo "error: say which notebook, e.g. make run NB=01_china_overall PARAMS='-p start_year 2012'" >&2; exit 2; fi
	$(PY) -m culturaltrade.build.pipeline run notebooks/$(basename $(notdir $(NB))).ipynb $(PARAMS)

params: $(ENV_STAMP) ## list each notebook's parameters: name, type, default, help (NB=01_china_overall for one)
	@$(PY) -m culturaltrade.build.pipeline params $(NB)

check: $(ENV_STAMP) ## regenerate everything in a scratch folder and compare byte for byte
	$(PY) -m culturaltrade.build.pipeline check

test: $(ENV_STAMP) browser ## everything CI runs: unit, bad inputs, manifest, nbval + byte-for-byte outputs, browser
	@rm -rf build/nbval
	CULTURAL_TRADE_OUTPUT_ROOT=$(CURDIR)/build/nbval $(PY) -m pytest -n $(or $(JOBS),auto) --dist loadfile \
	  --nbval --nbval-kernel-name $(KERNEL) tests $(NOTEBOOKS)

browser: ## make sure headless Chromium is there for the browser test (Debian's package, if we may install it)
	@if command -v chromium >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian's chromium for the browser test (apt-get)"; \
	  (apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 || \
	   (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1)) || \
	  echo "note: could not install chromium; the browser test will be skipped"; \
	else \
	  echo "note: Chromium not found; install it (Debian/Ubuntu: sudo apt-get install chromium) or the browser test is skipped"; \
	fi

unit: $(ENV_STAMP) ## only the fast unit tests of the helper package
	$(PY) -m pytest -n $(or $(JOBS),auto) -m "not slow"

nbval: $(ENV_STAMP) ## re-execute the committed notebooks and compare their cell outputs and files (nbval)
	@rm -rf build/nbval
	CULTURAL_TRADE_OUTPUT_ROOT=$(CURDIR)/build/nbval $(PY) -m pytest -n $(or $(JOBS),auto) --dist loadfile \
	  --nbval --nbval-kernel-name $(KERNEL) -p no:cacheprovider $(NOTEBOOKS)

manifest: $(ENV_STAMP) ## after changing a file in data/: record its checksum and schema in data/datapackage.json
	$(PY) -m culturaltrade.build.manifest write

bench: $(ENV_STAMP) ## time sequential nbconvert/papermill vs make reproduce (full, no-op, one file changed), make test
	$(PY) bench/benchmark.py

mutation: $(ENV_STAMP) ## mutation testing of claims.py and indicators.py with their unit tests (mutmut, in build/mutation; ~20 min)
	$(PY) bench/mutation.py $(if $(JOBS),--jobs $(JOBS))

site: $(ENV_STAMP) ## build the readers' edition (offline HTML) into site/ from the committed notebooks
	$(PY) -m culturaltrade.build.site site

lab: $(ENV_STAMP) ## open JupyterLab in this environment (localhost only, with Jupyter's token)
	@# --allow-root only when run as root (containers, CI); the server listens on 127.0.0.1 only
	$(PY) -m jupyter lab --notebook-dir=$(or $(LAB_DIR),.) --ServerApp.ip=127.0.0.1 $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

clean: ## remove generated files (figures/, tables/, build/, runs/); never data/ or notebooks
	rm -rf build runs site .pytest_cache
	find figures tables -type f ! -name README.md -delete 2>/dev/null || true
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +  # never inside .venv

distclean: clean ## also remove the .venv environment
	rm -rf .venv
