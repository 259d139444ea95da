#!/usr/bin/env bash
# Runs every test: installs what is missing (Python venv from requirements.txt; Debian packages
# the engine and browser tests need), lints the SQL (sqlfluff, dbt templater), then pytest,
# which generates its own sample data and builds its own warehouses (DuckDB, PostgreSQL, Spark).
# Extra arguments go to pytest, e.g. `scripts/test.sh -k staging -x`.
# Skip the Spark engine tests (a local Spark session, 6-10 min on 2 cores) with MICROSEG_SKIP_SPARK=1.
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
    cat <<'EOF'
usage: scripts/test.sh [PYTEST_ARGS...]

Runs every test of the project:
  1. scripts/setup.sh: creates .venv and installs requirements.txt (only when it changed)
  2. scripts/install_system_deps.sh: installs the missing Debian packages (postgresql,
     openjdk-17-jre-headless, chromium, chromium-driver; needs root or sudo)
  3. sqlfluff lint of models, macros, analyses, snapshots and tests/data (dbt templater,
     on a throwaway DuckDB file)
  4. pytest (tests/), which generates its own sample data and builds its own warehouses on
     DuckDB, PostgreSQL and Spark
Every argument goes to pytest, e.g. `scripts/test.sh -k staging -x` (-h/--help as the first
argument prints this help instead; `scripts/test.sh -x --help` shows pytest's).

Environment:
  MICROSEG_SKIP_SPARK=1  deselect the Spark engine tests (pytest -m "not spark"); a -m among
                         the arguments replaces it
  PYTHON                 interpreter that creates .venv (default python3; see scripts/setup.sh)
EOF
    exit 0
fi
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
# Every engine by default: DuckDB, PostgreSQL and Spark (tests/engines builds the whole project
# on each and compares the marts). MICROSEG_SKIP_SPARK=1 deselects the Spark-marked tests, e.g.
# on a machine without Java (a -m among the arguments replaces it: pytest keeps the last -m).
if [ "${MICROSEG_SKIP_SPARK:-0}" = "1" ]; then
    set -- -m "not spark" "$@"
fi
exec .venv/bin/python -m pytest "$@"
