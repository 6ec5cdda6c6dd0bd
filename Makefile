PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install bench schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/lianhu run --demo

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench.bench_nlp
	$(BIN)/python -m bench.bench_nlp_process
	$(BIN)/python -m bench.bench_pipeline
	$(BIN)/python -m bench.county.ledger_bench
	$(BIN)/python -m bench.county.roster

schema: $(STAMP)
	$(BIN)/python scripts/regen_initial_migration.py

clean:
	rm -rf $(VENV) var
