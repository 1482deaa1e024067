# make run: set up and serve on http://localhost:8000 (SQLite under ./data)
# make test: set up, then the whole suite (METBEFORE_TEST_DATABASE_URL for PostgreSQL)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint fmt migrate revision bench bench-day bench-growth bench-opening fuzz clean

$(STAMP): pyproject.toml package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/metbefore migrate
	$(BIN)/metbefore serve --no-migrate

# The tests also need the npm packages only they use (axe-core for the browser tests).
$(TEST_STAMP): $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	touch $(TEST_STAMP)

test: $(TEST_STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

# A long schema fuzz with a fresh seed (make test runs a short, repeatable one).
fuzz: $(STAMP)
	METBEFORE_FUZZ_EXAMPLES=$${METBEFORE_FUZZ_EXAMPLES:-300} METBEFORE_FUZZ_SEED=random \
		$(BIN)/pytest tests/fuzz -s $(PYTEST_ARGS)

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

# A conference day for 20,000 attendees (BENCH_ARGS="--attendees 50000"); SQLite, then
# PostgreSQL (METBEFORE_BENCH_POSTGRES).
bench-day: $(STAMP)
	$(BIN)/python bench/conference_day.py $(BENCH_ARGS)

# Card and friends search at 10k, 100k and 1M encounters.
bench-growth: $(STAMP)
	$(BIN)/python bench/growth.py $(BENCH_ARGS)

# 5,000 imported attendees sign in from one network address within ten minutes
# (BENCH_ARGS="--attendees 500 --minutes 1"); SQLite, then PostgreSQL.
bench-opening: $(STAMP)
	$(BIN)/python bench/opening.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules data .pytest_cache .mypy_cache .ruff_cache
