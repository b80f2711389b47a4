# Two commands for a new user: `make run` (the site with demo content) and `make test`.
PYTHON_BIN ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install run test lint format clean audit node-tools
# The W3C Nu HTML Checker (npm vnu-jar, pinned in package.json), run with the machine's Java by the tests.
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py demo_admin
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

$(VNU_JAR): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Without npm the HTML checker test is skipped (with the reason); CI installs Node and Java.
node-tools:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(VNU_JAR); \
	else echo "npm not found: the Nu HTML Checker test will be skipped"; fi

# One worker per core (at most four); a test file stays on one worker, so its browser and servers start once.
# Tests that hold a time against a bound run afterwards on their own, on a machine the other tests have left.
test: lint node-tools
	$(PY) -m pytest -n auto --maxprocesses=4 --dist loadfile -m "not timing"
	$(PY) -m pytest -m timing

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache node_modules test-artifacts bench/.data

# Lighthouse scores of the home, transparency, statement and notice pages.
# Needs Node and Chromium at /usr/bin/chromium; installs the pinned `lighthouse` from package.json
# into node_modules/ on first use. Not part of `make test` (the axe-core browser tests are).
audit: install
	bash scripts/audit.sh

# --- Performance -------------------------------------------------------------
# Not part of `make test` or CI: takes ~15 minutes and needs nginx, wrk (installed with apt-get when
# missing) and Redis on 127.0.0.1:6379. Uses PostgreSQL when DATABASE_URL is set, else SQLite files
# under bench/.data/. Writes bench/results.md.
.PHONY: bench
bench: install
	@if ! command -v wrk >/dev/null || ! { command -v nginx || test -x /usr/sbin/nginx; } >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx wrk >/dev/null; fi
	$(PY) scripts/bench.py
