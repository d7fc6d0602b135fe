#!/usr/bin/env bash
# Creates the environment, installs dondoc (a normal, non-editable install) and runs the tour.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q .
exec .venv/bin/dondoc demo "$@"
