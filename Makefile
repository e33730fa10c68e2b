# undercount — the two commands of the quick start are `make demo` and `make test`.
# Both bootstrap .venv (Python 3.11+) when it is missing or when pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
OUT    ?= out
PYTEST_ARGS ?=

.PHONY: demo test check lint bench venv clean system-deps browser java

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/undercount demo -o $(OUT)

# System packages that some tests need (Debian): chromium for the browser tests,
# Java 17 for the Spark linkage path. Installed only when missing; skipped without root.
system-deps:
	@bash scripts/system-deps.sh

test: $(STAMP) system-deps lint
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

check: lint

bench: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache build src/*.egg-info
