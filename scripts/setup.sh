#!/usr/bin/env bash
# Creates .venv and installs the pinned Python dependencies (requirements.txt) once;
# re-installs only when requirements.txt changes. Usage: scripts/setup.sh
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
    cat <<'EOF'
usage: scripts/setup.sh

Creates .venv (when missing) and installs the pinned Python dependencies of requirements.txt
into it (after upgrading pip). Re-installs only when requirements.txt changes: the sha256 of
the last installed requirements.txt is kept in .venv/.requirements.sha256.
Other arguments are ignored.

Environment:
  PYTHON  interpreter that creates .venv (default python3)
EOF
    exit 0
fi
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv with $($PY --version)"
    "$PY" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setup: installing pinned dependencies from requirements.txt"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r requirements.txt
    echo "$want" > "$stamp"
fi
