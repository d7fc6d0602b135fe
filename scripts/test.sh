#!/usr/bin/env bash
# The test suite from nothing: Debian packages for the test servers, a virtualenv, the package with
# its test extras, then ruff, mypy --strict and pytest.
#   ./scripts/test.sh           everything, on SQLite then on PostgreSQL (what CI runs: .ci/run)
#   ./scripts/test.sh --quick   the quick loop: ruff, mypy, then the unit and integration tests but
#                               the slow ones and the renders (about a minute); it installs only
#                               when .venv is missing or pyproject.toml changed since
# Extra arguments go to pytest (./scripts/test.sh --quick -k validate -x).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=""
if [ "${1:-}" = "--quick" ]; then
    quick=1
    shift
fi

install() {
    local packages missing="" sudo=""
    packages=$(grep -v '^#' scripts/system-packages.txt | xargs)
    for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
    if [ -n "$missing" ]; then
        [ "$(id -u)" = 0 ] || sudo="sudo"
        echo "installing Debian packages:$missing"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
    fi
    python3 -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[test]"
    touch .venv/.installed
}

if [ -z "$quick" ] || [ ! -x .venv/bin/dondoc ] || [ pyproject.toml -nt .venv/.installed ]; then
    install
fi

.venv/bin/ruff check .
.venv/bin/mypy
if [ -n "$quick" ]; then
    # Markers (pyproject.toml): slow = kill -9 trials, many workers at once, full-size fuzzing, the
    # wheel; render = Chromium and LibreOffice. Tests that take db_url still run on both databases.
    exec .venv/bin/python -m pytest tests/unit tests/integration -m "not slow and not render" "$@"
fi
.venv/bin/python -m pytest "$@"
# The same suite again with PostgreSQL behind every test that uses the suite's database.
exec .venv/bin/python -m pytest --db postgres "$@"
