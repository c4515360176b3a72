# `make edition` and `make test` are the two entry points (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# The official TEI schema, when it lies beside the repository (developers, CI); never copied in.
TEI_SCHEMA ?= $(wildcard ../shared/tei-p5/tei_all.rng)

.PHONY: edition test setup setup-test clean

edition: setup
	$(BIN)/edition build --out build $(if $(TEI_SCHEMA),--tei-schema $(TEI_SCHEMA))

test: setup-test
	$(BIN)/python -m pytest -q

setup: $(STAMP)
	@scripts/system-deps.sh

setup-test: $(STAMP)
	@scripts/system-deps.sh --test

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

clean:
	rm -rf build
