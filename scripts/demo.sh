#!/usr/bin/env bash
# Set everything up, fill a demo profile once, and open the counter application on it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh server,test
PROFILE="${COUNTER_DEMO_PROFILE:-profiles/demo}"
if [ ! -f "$PROFILE/counter.sqlite3" ]; then
    .venv/bin/counter-app --profile "$PROFILE" demo --dossiers 500
fi
exec .venv/bin/counter-app --profile "$PROFILE"
