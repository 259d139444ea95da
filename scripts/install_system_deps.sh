#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing, and does nothing
# (quickly) when they are all present:
#   - PostgreSQL server binaries (initdb, pg_ctl): package postgresql   -> engine tests (postgres)
#   - java (a JRE for pyspark):                    openjdk-17-jre-headless -> engine tests (spark)
#   - chromium + chromedriver:                     chromium chromium-driver -> browser tests
# Runs `apt-get update` once, then one `apt-get install -y`. Needs root (or sudo).
# Usage: scripts/install_system_deps.sh [--check]   (--check: only report, exit 1 if missing)
set -euo pipefail

usage() {
    cat <<EOF
usage: $0 [--check]

Installs the Debian packages the test suite needs when they are missing, and does nothing
(quickly) when they are all present:
  postgresql               PostgreSQL server binaries (initdb, pg_ctl)  -> engine tests (postgres)
  openjdk-17-jre-headless  java, a JRE for pyspark                      -> engine tests (spark)
  chromium chromium-driver chromium and chromedriver                    -> browser tests
Runs 'apt-get update' once, then one 'apt-get install -y'. Needs root (or passwordless sudo).

Options:
  --check     only report: exit 0 if all are present, 1 (listing them) if some are missing
  -h, --help  print this help and exit
EOF
}

check_only=false
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
    usage
    exit 0
elif [ "${1:-}" = "--check" ]; then
    check_only=true
elif [ $# -gt 0 ]; then
    usage >&2
    exit 2
fi

have_pg_server() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        return 0
    fi
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            return 0
        fi
    done
    return 1
}

missing=()
have_pg_server || missing+=(postgresql)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)

if [ ${#missing[@]} -eq 0 ]; then
    echo "install_system_deps: postgresql, java, chromium, chromedriver already present"
    exit 0
fi

if $check_only; then
    echo "install_system_deps: missing Debian packages: ${missing[*]}" >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "install_system_deps: need root to install: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_system_deps: no apt-get here; install by hand: ${missing[*]}" >&2
    exit 1
fi

echo "install_system_deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install_system_deps: done"
