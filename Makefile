# microseg — the two Quick-start commands are `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
ACCOUNTS ?= 5000
SEED ?= 42
RAW_DIR ?= data/raw
export MICROSEG_RAW_DIR ?= $(RAW_DIR)
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: setup data run test lint clean dashboard

setup:
	@scripts/setup.sh

data: setup
	@if [ ! -f $(RAW_DIR)/_manifest.json ]; then \
		$(BIN)/python scripts/generate_sample_data.py --accounts $(ACCOUNTS) --seed $(SEED) --out $(RAW_DIR); \
	else echo "data: reusing $(RAW_DIR) (delete it to regenerate)"; fi

# Whole job on the embedded default: install, generate sample extracts, dbt build.
run: data
	@mkdir -p warehouse
	$(BIN)/dbt build
	@echo "Warehouse: warehouse/microseg.duckdb (open read-only with: .venv/bin/python -c 'import duckdb; duckdb.connect(\"warehouse/microseg.duckdb\", read_only=True)')"

# Every test: install, lint, pytest (which generates its own data and builds its own warehouses).
test: setup
	@scripts/test.sh

# Segment dashboard (Streamlit) on http://127.0.0.1:8501, reading the warehouse read-only
# (MICROSEG_DUCKDB_PATH, default warehouse/microseg.duckdb; build it first with `make run`).
dashboard: setup
	.venv/bin/streamlit run dashboard/app.py --server.headless true --server.address 127.0.0.1

lint: setup
	$(BIN)/sqlfluff lint models macros analyses tests snapshots

clean:
	rm -rf target logs warehouse $(RAW_DIR)
