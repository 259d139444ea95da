#!/usr/bin/env bash
# Runs every test: installs what is missing (Python venv from requirements.txt; Debian packages
# the engine and browser tests need), lints the SQL (sqlfluff, dbt templater), then pytest,
# which generates its own sample data and builds its own warehouses (DuckDB, PostgreSQL, Spark).
# Extra arguments go to pytest, e.g. `scripts/test.sh -k staging -x`.
# Spark tests are opt-in for now: MICROSEG_TEST_SPARK=1 scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ -x scripts/install_system_deps.sh ]; then
    scripts/install_system_deps.sh
fi
export DBT_PROFILES_DIR="$PWD"
lint_dir=$(mktemp -d)
trap 'rm -rf "$lint_dir"' EXIT
echo "== sqlfluff lint"
MICROSEG_DUCKDB_PATH="$lint_dir/lint.duckdb" DBT_TARGET_PATH="$lint_dir/target" DBT_LOG_PATH="$lint_dir/logs" \
    .venv/bin/sqlfluff lint --processes 2 models macros analyses snapshots tests/data
echo "== pytest"
# The whole-project Spark build does not yet fit CI's time on 2 cores (issue #7): Spark-marked
# tests run with MICROSEG_TEST_SPARK=1 (or `scripts/test.sh -m spark`).
if [ "${MICROSEG_TEST_SPARK:-0}" != "1" ] && [ $# -eq 0 ]; then
    set -- -m "not spark"
fi
exec .venv/bin/python -m pytest "$@"
