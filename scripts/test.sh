#!/usr/bin/env bash
# Set everything up (venv, packages, a throwaway PostgreSQL) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/pg.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check counter_app ui sync tests packaging
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"
