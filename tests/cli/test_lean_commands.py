"""Commands that start lean: `--help` and `lookup` import only what they use.

Each command runs in a fresh interpreter with ``python -X importtime`` (the same measure a
person would use); the modules it imported are read from that report.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

ENTRY = "import sys; from ui.cli.main import main; sys.exit(main(sys.argv[1:]))"
_IMPORT_LINE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|(\s*)(\S+)$")


def imported(*args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run `counter-app *args*` under ``-X importtime``; its result and the top-level packages
    (and every module name) it imported."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPROFILEIMPORTTIME"}
    env["PYTHONIOENCODING"] = "utf-8"
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", ENTRY, *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)
    names = set()
    for line in done.stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            names.add(match.group(2))
            names.add(match.group(2).split(".")[0])
    return done, names


def test_help_imports_neither_sqlalchemy_nor_qt():
    done, names = imported("--help")
    assert done.returncode == 0 and "counter-app" in done.stdout and "lookup" in done.stdout
    assert "ui.cli.main" in names  # the report was read
    assert not names & {"sqlalchemy", "PySide6", "shiboken6", "alembic", "reportlab", "holidays", "requests"}


def test_a_subcommand_help_is_as_lean():
    done, names = imported("lookup", "--help")
    assert done.returncode == 0 and "TEXT" in done.stdout
    assert not names & {"sqlalchemy", "PySide6", "shiboken6"}


@pytest.fixture(scope="module")
def small_profile(tmp_path_factory):
    profile = tmp_path_factory.mktemp("lean") / "demo"
    made = subprocess.run([sys.executable, "-c", ENTRY, "--profile", str(profile), "demo", "--dossiers", "3"],
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert made.returncode == 0, made.stderr
    listed = subprocess.run([sys.executable, "-c", ENTRY, "--profile", str(profile), "ledger"],
                            capture_output=True, text=True, encoding="utf-8", timeout=300)
    return profile, json.loads(listed.stdout)[0]["code"]


def test_lookup_finds_the_dossier_without_importing_qt(small_profile):
    profile, code = small_profile
    done, names = imported("--profile", str(profile), "lookup", code.lower())
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["code"] == code
    assert "sqlalchemy" in names  # it did open the store
    assert not names & {"PySide6", "shiboken6", "requests", "reportlab", "alembic"}
