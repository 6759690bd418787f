# DIWI task runner: `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
export DIWI_DB_PORT ?= 55432
export DIWI_WEB_HOST ?= 127.0.0.1
export DIWI_WEB_PORT ?= 8000

.PHONY: help setup system-packages venv db-start db-stop db-status migrate demo run serve worker ingest ingest-pdok bench-exchange bench-bag-check bench-dashboard test test-fast lint format bench schema clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

system-packages: ## install missing Debian packages (PostGIS, GDAL) when run as root
	@scripts/system-packages.sh

$(VENV)/.installed: pyproject.toml
	@PYTHON="$$(scripts/find-python.sh)" && echo "Installing DIWI into $(VENV) ($$PYTHON)" && \
	  { [ -x $(PY) ] || "$$PYTHON" -m venv $(VENV); }
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -e '.[dev]'
	@touch $@

venv: $(VENV)/.installed ## create .venv and install DIWI with its dev tools

setup: system-packages venv ## system packages + virtual environment

db-start: system-packages ## create (once) and start the local PostGIS cluster under var/
	@scripts/db.sh start

db-stop: ## stop the local PostGIS cluster
	@scripts/db.sh stop

db-status: ## is the local cluster running?
	@scripts/db.sh status

migrate: setup db-start ## create roles and database, apply migrations and repeatable SQL
	@$(PY) -m manage migrate

demo: migrate ## load the deterministic demo data (replaces earlier demo data)
	@$(PY) -m manage demo
	@$(PY) -m manage demo-registry
	@$(PY) -m manage demo-planning
	@$(PY) -m manage process-summary
	@$(PY) -m manage forecast

serve: ## start the web app (assumes migrate/demo done)
	@$(PY) -m manage serve

run: migrate ## set everything up, load the demo and its registries (once), serve the web app (API at /api) and a job worker
	@$(PY) -m manage demo --if-missing
	@$(PY) -m ingest.demo --if-empty --quiet
	@$(PY) -m manage demo-registry
	@$(PY) -m manage demo-planning
	@$(PY) -m manage process-summary
	@$(PY) -m manage forecast
	@if [ -z "$$DIWI_MAIL_SERVER" ]; then export DIWI_MAIL_SERVER=127.0.0.1 DIWI_MAIL_PORT=8025; \
	    $(PY) -m manage mail-catcher --port 8025 & catcher=$$!; \
	    (sleep 2; $(PY) -m manage alerts --digest) & fi; \
	  $(PY) -m manage webhook-receiver & receiver=$$!; $(PY) -m manage worker & worker=$$!; \
	  trap 'kill $$worker $$receiver $$catcher 2>/dev/null; wait $$worker $$receiver $$catcher' EXIT INT TERM; \
	  $(PY) -m manage serve

worker: ## run the job worker: queued API jobs and the cache refresh (assumes migrate done)
	@$(PY) -m manage worker

.PHONY: zgw-demo
zgw-demo: ## with `make run` running: a local ZGW zaak system notifies DIWI and a Kadasterhof milestone changes
	@$(PY) -m manage zgw-demo

.PHONY: harvest-demo
harvest-demo: ## with `make run` running: harvest the app's own acceleration table as instance "demo-buur" (see harvest.run)
	@$(PY) -m ingest harvest-diwi --demo

ingest: migrate ## registries (BRK, BAG, BGT, BOR) for GM0200 from local demo servers; INGEST_ARGS='...' uses the config's sources (PDOK)
	@$(PY) -m manage demo --if-missing
	@if [ -n "$(INGEST_ARGS)" ]; then $(PY) -m ingest all $(INGEST_ARGS); \
	  else $(PY) -m ingest.demo && $(PY) -m manage demo-registry; fi

ingest-pdok: migrate ## BRK, BAG and BGT for GM0200 from the real PDOK (ingest/sources.yml; INGEST_ARGS overrides)
	@$(PY) -m manage demo --if-missing
	@$(PY) -m ingest all $(or $(INGEST_ARGS),--municipality GM0200)

test: setup db-start ## set up and run the whole test suite against the real PostGIS
	@$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: setup ## the tests that need no database
	@$(PY) -m pytest -m "not db" $(PYTEST_ARGS)

lint: venv ## ruff lint and format check
	@$(PY) -m ruff check .
	@$(PY) -m ruff format --check .

format: venv ## ruff format and autofix
	@$(PY) -m ruff format .
	@$(PY) -m ruff check --fix .

schema: migrate ## dump the migrated schema to sql/schema.sql
	@$(PY) -m manage dump-schema

bench: setup db-start ## national-scale feed benchmark against raw PostGIS and tipg
	@$(PY) -m pip install -q -e '.[dev,bench]'
	@$(PY) -m bench

bench-exchange: setup db-start ## province deliveries and Excel import against ogr2ogr and openpyxl
	@$(PY) -m bench.exchange

bench-bag-check: setup db-start ## BAG address-count check against the bare PostGIS join (1M points)
	@$(PY) -m bench.bag_check

bench-dashboard: setup db-start ## standard dashboard (every component, 20,000 projects) against bare GROUP BYs
	@$(PY) -m bench.dashboard

clean: db-stop ## remove the cluster, the virtual environment and generated files
	rm -rf var $(VENV)
