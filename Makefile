# TCCM site. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed
# Admin e-mails and the site address the first content load records link to
# where `make run` serves, unless the environment names another address.
export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help install run test test-postgres lint format migrate content demo-data bench guide-screenshots lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $@

install: $(STAMP) ## Create .venv and install pinned dependencies (only when they changed)

migrate: $(STAMP) ## Apply database migrations
	$(PY) manage.py migrate --noinput -v 0

content: migrate ## Create the coalition's launch content (idempotent)
	$(PY) manage.py load_coalition_content

demo-data: content ## Add synthetic signatories and news (for trying pagination; never on a real site)
	$(PY) manage.py seed_scale --signatories 200 --news 300

run: content ## Install, migrate, load content, ensure an admin login, serve on HOST:PORT
	@$(PY) manage.py ensure_admin
	@echo "Site:  http://$(HOST):$(PORT)/    Admin: http://$(HOST):$(PORT)/admin/"
	@echo "Scheduled publishing: publish_scheduled runs every minute alongside the server."
	@trap 'kill $$scheduler 2>/dev/null' EXIT; \
	  ( while sleep 60; do $(PY) manage.py publish_scheduled >/dev/null; done ) & scheduler=$$!; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP) ## Run the whole test suite (SQLite unless DATABASE_URL is set)
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(STAMP) ## Run the suite on PostgreSQL (PG_URL, default postgres://postgres@127.0.0.1:5432/tccm)
	DATABASE_URL=$${PG_URL:-postgres://postgres@127.0.0.1:5432/tccm} $(PY) -m pytest $(PYTEST_ARGS)

BENCH_ARGS ?= --signatories 5000 --news 10000
bench: $(STAMP) ## Benchmark public views at scale in a throwaway database (bench/.data)
	rm -rf bench/.data && mkdir -p bench/.data
	DATABASE_URL=sqlite:///$(CURDIR)/bench/.data/bench.sqlite3 MEDIA_ROOT=$(CURDIR)/bench/.data/media \
	  $(PY) bench/views.py $(BENCH_ARGS)

guide-screenshots: $(STAMP) ## Retake docs/editor-guide/*.png from a throwaway site (needs Chromium; CHROMIUM=path)
	$(PY) docs/screenshots.py

lint: $(STAMP) ## Check code style and migrations
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DJANGO_SETTINGS_MODULE=coalition.settings.test $(PY) manage.py makemigrations --check --dry-run

format: $(STAMP) ## Reformat the code
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

lock: ## Re-resolve requirements.lock from pyproject.toml in a scratch venv
	rm -rf /tmp/tccm-lock && $(PYTHON) -m venv /tmp/tccm-lock
	/tmp/tccm-lock/bin/pip install --quiet -e '.[dev]'
	{ echo "# Exact versions for a reproducible install: make passes this file to pip as constraints."; \
	  echo "# Regenerate with: make lock"; \
	  /tmp/tccm-lock/bin/pip freeze --exclude-editable | grep -v '^tccm-site'; } > requirements.lock

clean: ## Remove the virtualenv and caches (keeps the database)
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
