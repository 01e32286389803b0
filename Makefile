# Sieć Wsparcia – everything starts from here. Needs only Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
export FLASK_APP := wsgi

.PHONY: run setup venv db translations demo test check test-server test-browser test-hosts browser lint bench clean i18n-extract i18n-update

run: setup demo  ## set everything up and serve the portal with gunicorn (its settings: gunicorn_config.py)
	$(BIN)/gunicorn -c gunicorn_config.py --bind 127.0.0.1:$(PORT) --workers $(WORKERS) wsgi:app

setup: venv translations db

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: $(PYTHON) was not found (set PYTHON=…)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

translations: venv
	$(BIN)/pybabel -q compile -d translations

db: venv translations
	@mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask search lemmas

demo: db
	$(BIN)/flask demo load

test: test-server test-hosts test-browser  ## every test: the suite, two hosts over PostgreSQL and Redis, the browser tests

check: venv translations  ## the everyday run while working: the suite without the slow cases and the browser
	$(BIN)/pytest --ignore=tests/e2e --ignore=tests/hosts -m "not slow" $(PYTEST_ARGS)

test-server: venv translations  ## unit, functional, security and migration tests (TEST_DATABASE_URL picks the database)
	$(BIN)/pytest --ignore=tests/e2e --ignore=tests/hosts $(PYTEST_ARGS)

test-hosts: venv translations  ## two portal instances over one PostgreSQL and one Redis (both must be running)
	$(BIN)/pytest tests/hosts $(PYTEST_ARGS)

test-browser: venv translations browser  ## the browser tests in Chromium
	$(BIN)/pytest tests/e2e $(PYTEST_ARGS)

browser:  ## make sure Debian's Chromium is there (installs it when run as root)
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests…"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || { echo "FAILED: could not install chromium"; exit 1; }; \
	  else echo "MISSING: /usr/bin/chromium – install it with: sudo apt-get install -y chromium"; exit 1; fi; }

lint: venv
	$(BIN)/ruff check .

bench: setup  ## load measurements (see bench/README.md)
	$(BIN)/python bench/run.py

i18n-extract: venv
	$(BIN)/flask i18n extract

i18n-update: i18n-extract
	$(BIN)/flask i18n update

clean:
	rm -rf $(VENV) instance .pytest_cache
