# ContactGuard: the two commands are `make demo` and `make test`; both set up .venv themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: setup kafka prometheus demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q -U pip
	$(VENV)/bin/pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

setup: $(STAMP)

# The broker's jars, fetched once from Maven Central into .cache/kafka (see deploy/kafka/README.md).
kafka: setup
	$(PY) -m pipeline.cli broker fetch

# Real Prometheus and promtool for the metrics tests (Debian package).
prometheus:
	@command -v promtool >/dev/null && command -v prometheus >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq prometheus >/dev/null; }

demo: kafka
	$(PY) -m pipeline.cli demo

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: kafka prometheus lint
	$(VENV)/bin/pytest -q -p no:cacheprovider --durations=15

bench: kafka
	$(PY) bench/run_all.py

clean:
	rm -rf .cache/worker-state .cache/demo out
