# make run: set up and serve on http://127.0.0.1:8000 (SQLite under ./data)
# make test: set up, then the whole suite (METBEFORE_TEST_DATABASE_URL for PostgreSQL)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint fmt migrate revision bench clean

$(STAMP): pyproject.toml package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/metbefore migrate
	$(BIN)/metbefore serve --no-migrate

test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check backend tests bench migrations
	$(BIN)/ruff format --check backend tests bench migrations
	$(BIN)/mypy
	$(BIN)/hadolint Dockerfile

fmt: $(STAMP)
	$(BIN)/ruff format backend tests bench migrations
	$(BIN)/ruff check --fix backend tests bench migrations

migrate: $(STAMP)
	$(BIN)/metbefore migrate

revision: $(STAMP)
	$(BIN)/alembic revision --autogenerate -m "$(m)"

bench: $(STAMP)
	$(BIN)/python bench/scan_load.py
	$(BIN)/python bench/badges.py
	$(BIN)/python bench/pwa_weight.py

clean:
	rm -rf $(VENV) node_modules data .pytest_cache .mypy_cache .ruff_cache
