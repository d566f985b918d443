# make run   : install into .venv (once) and open the TUI on the default ledger
# make test  : install into .venv (once) and run the whole test suite
# make bench : run the benchmark scripts (prints figures; see docs/benchmarks.md)
# make lint  : the import contracts (layers included), ruff, and mypy --strict on the service boundary
# make test-duckdb-1.4 : the whole suite again on the oldest duckdb supported (1.4.4), in .venv-duckdb-1.4
# make test-duckdb-2   : the same on duckdb 2.x (.venv-duckdb-2); .venv runs duckdb 1.5.5, the team ledger's
#                        (team ledger tests skip where the postgres extension does not exist for that DuckDB)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

OLD_VENV := .venv-duckdb-1.4
NEW_VENV := .venv-duckdb-2

.PHONY: run test bench lint test-duckdb-1.4 test-duckdb-2

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/fledger tui

# -n 3: three test processes on two cores (tests/conftest.py keeps their files apart): many tests wait on
# subprocesses, the TUI or the disk, so a third process fills the idle time (181 s against 217 s with -n 2)
# PYTHONDONTWRITEBYTECODE emptied: the suite starts hundreds of Python processes (fledger commands, workers),
# and where the environment turns bytecode caches off each one compiles the package and rewrites the tests anew
test: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -q -n 3

bench: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	for script in benchmarks/bench_*.py; do $(PY) $$script || exit 1; done

PY_CODE := ledger tui tests benchmarks
# the service, what it hands out (scores, the report record, the domain records), and its callers (the CLI and the TUI)
TYPED := ledger/service ledger/scoring ledger/storage/scored_csv.py ledger/rules.py ledger/reports/data.py ledger/cli tui \
	ledger/model.py ledger/validators.py ledger/scenarios ledger/commitments.py

lint: $(STAMP)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check $(PY_CODE)
	$(VENV)/bin/ruff format --check $(PY_CODE)
	$(VENV)/bin/mypy --strict $(TYPED)

$(OLD_VENV)/.installed: pyproject.toml
	test -x $(OLD_VENV)/bin/python || $(PYTHON) -m venv $(OLD_VENV)
	$(OLD_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]' 'duckdb==1.4.4'
	touch $(OLD_VENV)/.installed

test-duckdb-1.4: $(OLD_VENV)/.installed
	$(OLD_VENV)/bin/python -m pytest -q -n 3

$(NEW_VENV)/.installed: pyproject.toml
	test -x $(NEW_VENV)/bin/python || $(PYTHON) -m venv $(NEW_VENV)
	$(NEW_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]' 'duckdb>=2,<3'
	touch $(NEW_VENV)/.installed

test-duckdb-2: $(NEW_VENV)/.installed
	$(NEW_VENV)/bin/python -m pytest -q -n 3
