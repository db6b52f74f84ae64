# Haven: `make run` serves the demo, `make test` runs the suite on SQLite and PostgreSQL.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Reinstall whenever pyproject.toml changes.
STAMP  := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-10)
HOST   ?= 127.0.0.1
PORT   ?= 8000
DEMO_ENV := HAVEN_DEMO=1

.PHONY: run test test-sqlite test-postgres lint format bench fuzz soak install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,deploy]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: install
	$(DEMO_ENV) $(BIN)/haven migrate --noinput
	$(DEMO_ENV) $(BIN)/haven demo
	$(DEMO_ENV) $(BIN)/haven serve --host $(HOST) --port $(PORT)

test: install
	scripts/test-all.sh

test-sqlite: install
	scripts/test-all.sh sqlite

test-postgres: install
	scripts/test-all.sh postgres

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src/haven/matching

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/linkage.py
	$(BIN)/python bench/evaluate.py
	$(BIN)/python bench/latin.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/register_pages.py

# Schemathesis against /api/schema/ (several roles, every phase, 3 seeds); output in var/fuzz/
fuzz: install
	$(BIN)/python -m pip install --quiet -e '.[drills]'
	$(BIN)/python scripts/fuzz.py $(FUZZ_ARGS)

# Locust against gunicorn + PostgreSQL on loopback, SOAK_MINUTES (default 30); CI does not run it
SOAK_MINUTES ?= 30
soak: install
	$(BIN)/python -m pip install --quiet -e '.[drills]'
	$(BIN)/python scripts/soak.py --minutes $(SOAK_MINUTES) $(SOAK_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache bench/results
