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
.PHONY: help install run test test-postgres lint format migrate content demo-data bench load-bench lighthouse guide-screenshots lock backup restore clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

# What a fresh machine may lack, said in one line before anything starts.
VENV_GOALS := install run test test-postgres lint format migrate content demo-data bench load-bench lighthouse guide-screenshots backup restore
ifneq ($(filter $(VENV_GOALS),$(MAKECMDGOALS)),)
ifeq ($(wildcard $(PY)),)
PREREQ_PROBLEM := $(shell \
  if ! command -v $(PYTHON) >/dev/null 2>&1; then \
    echo "$(PYTHON) not found: install Python 3.11, 3.12 or 3.13 (Debian/Ubuntu: sudo apt install python3 python3-venv) or pass PYTHON=/path/to/python3"; \
  elif ! $(PYTHON) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null; then \
    echo "$(PYTHON) is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())' 2>&1); this site needs 3.11, 3.12 or 3.13 (pass PYTHON=python3.12, for example)"; \
  elif ! $(PYTHON) -c 'import venv, ensurepip' >/dev/null 2>&1; then \
    echo "$(PYTHON) cannot create a virtualenv (no venv/ensurepip module): sudo apt install python3-venv"; \
  fi)
ifneq ($(PREREQ_PROBLEM),)
$(error $(PREREQ_PROBLEM))
endif
endif
endif

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $@

install: $(STAMP) ## Create .venv and install pinned dependencies (only when they changed)

migrate: $(STAMP) ## Apply database migrations
	DB_STATEMENT_TIMEOUT=0 $(PY) manage.py migrate --noinput -v 0

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

load-bench: $(STAMP) ## Load test gunicorn with production settings, page cache on and off, and a database fault run (wrk)
	bench/load.sh

lighthouse: $(STAMP) ## Lighthouse scores and bytes sent for the public pages (production settings; needs npm and chromium)
	bench/lighthouse.sh

backup: $(STAMP) ## Back up the database (SQLite or PostgreSQL) and media to BACKUP_DIR (default backups/<time>)
	$(PY) deploy/backup.py backup $(BACKUP_DIR)

restore: $(STAMP) ## Restore BACKUP=dir into an empty database, and its media
	@test -n "$(BACKUP)" || { echo "make: say which backup: make restore BACKUP=backups/<time>"; exit 1; }
	$(PY) deploy/backup.py restore $(BACKUP)

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
