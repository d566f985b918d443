# make run   : install into .venv (once) and open the TUI on the default ledger
# make test  : install into .venv (once) and run the whole test suite
# make bench : run the benchmark scripts (prints figures; see docs/benchmarks.md)
# make lint  : import contracts and ruff
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench lint

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/fledger tui

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	for script in benchmarks/bench_*.py; do $(PY) $$script || exit 1; done

lint: $(STAMP)
	$(VENV)/bin/lint-imports
