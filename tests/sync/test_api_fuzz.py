"""Schemathesis against the real server process, from its own OpenAPI description (SQLite and
PostgreSQL): no 5xx, every answer's status and body as documented, schema-valid requests
accepted and schema-violating ones refused.

Bounded: ``MAX_EXAMPLES`` per operation and phase (about 1,000 requests in all), a fixed seed
so that a failure reproduces (``COUNTER_FUZZ_SEED`` picks another one, ``COUNTER_FUZZ_EXAMPLES``
more examples).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from counter_app.services.demo import DEMO_AGENCY
from sync.signing import new_key
from sync.transport import HttpTransport

MAX_EXAMPLES = int(os.environ.get("COUNTER_FUZZ_EXAMPLES", "150"))
SEED = os.environ.get("COUNTER_FUZZ_SEED", "20261206")


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_and_no_schema_violation(server, server_store, tmp_path):
    token = HttpTransport(server.url, device_key=new_key()).enroll(server_store.issue_code(DEMO_AGENCY.id), 1).token
    run = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run", f"{server.url}/openapi.json",
         "--header", f"Authorization: Bearer {token}",
         "--checks", "all",
         "--max-examples", str(MAX_EXAMPLES), "--seed", SEED,
         "--generation-database", "none", "--request-timeout", "30", "--no-color"],
        capture_output=True, text=True, encoding="utf-8", timeout=170, cwd=tmp_path,
    )
    summary = run.stdout[run.stdout.rfind("Test cases:"):]
    print(summary)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "generated" in summary and "failure" not in summary
    assert server.proc.poll() is None  # the server is still up
