#!/usr/bin/env bash
# The whole test suite from nothing: Debian packages for the test servers, a virtualenv,
# the package with its test extras, then ruff, mypy --strict and pytest (on SQLite, then on PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=$(grep -v '^#' scripts/system-packages.txt | xargs)
missing=""
for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "installing Debian packages:$missing"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"

.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
# The same suite again with PostgreSQL behind every test that uses the suite's database.
exec .venv/bin/python -m pytest --db postgres "$@"
