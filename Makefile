# Every target is a one-liner over .venv; `make run` and `make test` work from a fresh clone.
# Each target installs only what it needs: serving (`run`), plus the test tools (`test`), plus
# the linters (`lint`). The `pbs` CLI pins Click<7.1, so it gets an environment of its own.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PBS_VENV := .venv-pbs
BIND ?= 127.0.0.1:8080
export BIND
export PBS_BIN := $(CURDIR)/$(PBS_VENV)/bin/pbs

.PHONY: install install-test install-dev run test test-unit test-integration lint migrate clean bench \
	bench-smoke bench-levers bench-layers

$(VENV)/.installed-serve: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-serve
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-test
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $@

$(PBS_VENV)/bin/pbs:
	$(PYTHON) -m venv $(PBS_VENV)
	$(PBS_VENV)/bin/pip install --quiet 'pybossa-pbs>=3.0.0'

install: $(VENV)/.installed-serve

install-test: $(VENV)/.installed-test $(PBS_VENV)/bin/pbs

install-dev: $(VENV)/.installed-dev

run: install migrate
	$(BIN)/pybossa-falcon serve

migrate: install
	$(BIN)/pybossa-falcon db upgrade

test: install-test
	$(BIN)/python -m pytest -q

test-unit: install-test
	$(BIN)/python -m pytest -q tests/unit

test-integration: install-test
	$(BIN)/python -m pytest -q tests/integration

bench: install-test
	$(BIN)/python -m benchmarks.run

bench-smoke: install-test
	$(BIN)/python -m benchmarks.run --smoke

bench-levers: install-test
	$(BIN)/python -m benchmarks.levers

bench-layers: install-test
	$(BIN)/python -m benchmarks.layers

lint: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) $(PBS_VENV) var .pytest_cache
