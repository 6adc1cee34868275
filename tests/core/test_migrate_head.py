"""The start-up revision check: a plain sqlite3 read against a constant kept equal to Alembic's head."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from counter_app.store import migrate
from counter_app.store.db import Store, open_store


def test_the_head_constant_is_alembics_real_head():
    # A new migration without updating migrate.HEAD_REVISION fails here.
    assert migrate.HEAD_REVISION == migrate.head_revision()


def test_a_database_at_head_needs_no_upgrade_and_reads_its_revision_plainly(store):
    assert migrate.stored_revisions(store.path) == (migrate.HEAD_REVISION,)
    assert migrate.needs_upgrade(store) is False


def test_a_new_file_needs_the_upgrade(profile_dir):
    store = Store(profile_dir / "new.sqlite3")
    try:
        assert migrate.stored_revisions(store.path) == ()
        assert migrate.needs_upgrade(store) is True
    finally:
        store.dispose()


def test_an_older_database_needs_the_upgrade_and_open_store_brings_it_to_head(profile_dir):
    from alembic import command

    old = Store(profile_dir / "counter.sqlite3")
    command.upgrade(migrate.alembic_config(old), "0001")  # as an older build left it
    assert migrate.stored_revisions(old.path) == ("0001",)
    assert migrate.needs_upgrade(old) is True
    old.dispose()
    reopened = open_store(profile_dir)
    try:
        assert migrate.stored_revisions(reopened.path) == (migrate.HEAD_REVISION,)
        assert migrate.needs_upgrade(reopened) is False
    finally:
        reopened.dispose()


def test_opening_a_store_at_head_does_not_import_alembic(store, profile_dir):
    code = ("import sys; from pathlib import Path; from counter_app.store.db import open_store; "
            f"s = open_store(Path({str(profile_dir)!r})); s.dispose(); "
            "print(sorted(m for m in sys.modules if m == 'alembic' or m.startswith('alembic.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, encoding="utf-8", text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]"
