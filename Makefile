# The README's quick start: `make serve`, `make test`. `make install` only sets up .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# where to build and what to serve: LOD_STORE (a directory, or a SPARQL server's query endpoint), LOD_HOST, LOD_PORT
STORE  ?= $(or $(LOD_STORE),var/store)
HOST   ?= $(or $(LOD_HOST),127.0.0.1)
PORT   ?= $(or $(LOD_PORT),5000)
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: install dev build serve test lint bench load clean distclean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed
	$(PIP) install -e '.[dev]'
	$(MAKE) $(OAI_SCHEMA)
	touch $@

# The OAI-PMH 2.0 schema the protocol tests validate against, as the pyoai source distribution ships it
# (PyPI is reachable where openarchives.org may not be).
OAI_SCHEMA := var/schemas/OAI-PMH.xsd
$(OAI_SCHEMA):
	mkdir -p var/schemas/download
	$(PIP) download --no-deps --no-binary :all: --dest var/schemas/download pyoai==2.5.0
	tar -xzf var/schemas/download/pyoai-2.5.0.tar.gz -C var/schemas/download pyoai-2.5.0/src/oaipmh/tests/OAI-PMH.xsd
	mv var/schemas/download/pyoai-2.5.0/src/oaipmh/tests/OAI-PMH.xsd $@
	rm -rf var/schemas/download

dev: $(VENV)/.dev-installed

# Exit code 1 means some records were rejected (listed with reasons) and the rest published.
# A remote store (LOD_STORE=http://…/query) is built in LOD_STAGING and loaded into the server.
build: install
	$(BIN)/lod build data/sources --store $(STORE) || [ $$? -eq 1 ]

# gunicorn as configured in gunicorn.conf.py; any number of workers can read one store.
serve: build
	LOD_STORE=$(STORE) LOD_HOST=$(HOST) LOD_PORT=$(PORT) $(BIN)/gunicorn --config gunicorn.conf.py

lint: dev
	$(BIN)/ruff check lod tests bench
	$(BIN)/ruff format --check lod tests bench
	$(BIN)/mypy

test: dev lint
	$(BIN)/pytest

# Benchmarks (bench/README.md): build, query and HTTP figures on a 10k-record synthetic corpus by default;
# BENCH_ARGS="--records 10000 100000 1000000" for the larger ones. HTTP load comes from wrk (Debian).
bench: dev
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python -m bench all $(BENCH_ARGS)

# The load test (bench/load.py): a mixed workload, a minute per step, with and without hostile clients.
load: dev
	@command -v wrk >/dev/null || { echo "make load needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python -m bench load --seconds 60 --concurrency 1 4 16 64 $(BENCH_ARGS)

# What the tools and the benchmarks made; the published store (var/store) is left alone.
clean:
	rm -rf var/bench var/test-artifacts var/ci-stores .pytest_cache .mypy_cache .ruff_cache

# Everything made here, the published store and .venv included.
distclean: clean
	rm -rf var $(VENV)
