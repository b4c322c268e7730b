# The two commands of the README:
#   make build   install what is missing, then build sources/ into output/
#   make test    install what is missing (validators too), then run the whole test suite
# Both are idempotent: scripts/setup.sh skips what is already installed.

VENV := .venv
PY := $(VENV)/bin/python
# Reproducible by default: every date an output embeds is the last commit's time.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH

.PHONY: build test setup setup-build lint clean

setup-build:
	@bash scripts/setup.sh --build

setup:
	@bash scripts/setup.sh

build: setup-build
	$(VENV)/bin/publish build

# Examples per fuzz target (tests/hostile/test_fuzz.py) in make test, and so in CI;
# plain pytest runs 125. Lower it for a quick run: make test PUBLISH_FUZZ_EXAMPLES=125
PUBLISH_FUZZ_EXAMPLES ?= 10000

test: setup
	$(VENV)/bin/ruff check publish tests bench
	$(VENV)/bin/ruff format --check publish tests bench
	$(VENV)/bin/mypy
	PUBLISH_FUZZ_EXAMPLES=$(PUBLISH_FUZZ_EXAMPLES) $(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check publish tests bench
	$(VENV)/bin/ruff format --check publish tests bench
	$(VENV)/bin/mypy

clean:
	rm -rf output
