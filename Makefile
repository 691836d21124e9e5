# Every target is a one-liner over .venv; `make run` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BIND ?= 127.0.0.1:8080
export BIND

.PHONY: install run test test-unit test-integration lint migrate clean bench

$(BIN)/pybossa-falcon: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $@

install: $(BIN)/pybossa-falcon

run: install migrate
	$(BIN)/pybossa-falcon serve

migrate: install
	$(BIN)/pybossa-falcon db upgrade

test: install
	$(BIN)/python -m pytest -q

test-unit: install
	$(BIN)/python -m pytest -q tests/unit

test-integration: install
	$(BIN)/python -m pytest -q tests/integration

bench: install
	$(BIN)/python -m benchmarks.run

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) var .pytest_cache
