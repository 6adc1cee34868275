"""The server's schema comes from its Alembic migrations, and they agree with the models."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, insert, inspect, select, text

from sync.server.schema import FIRST_REVISION, alembic_config, device, make_engine, metadata, open_database


def _head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _heads(engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def test_the_migrated_schema_is_the_models_schema(server_db):
    engine = open_database(server_db)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn)
            assert compare_metadata(context, metadata) == []
            drifted = MetaData()
            for table in metadata.tables.values():
                table.to_metadata(drifted)
            drifted.tables["device"].append_column(Column("surplus", Integer))
            assert [d[0] for d in compare_metadata(context, drifted)] == ["add_column"]  # it would see a drift
        assert _heads(engine) == {_head()}
        open_database(server_db).dispose()  # a second start finds nothing to do
        assert _heads(engine) == {_head()}
    finally:
        engine.dispose()


def test_a_database_made_before_migrations_is_stamped_and_upgraded_keeping_its_rows(server_db):
    engine = make_engine(server_db)
    try:
        cfg = alembic_config()
        with engine.begin() as conn:  # what the old server's create_all made: revision 0001, unstamped
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, FIRST_REVISION)
            conn.execute(text("DROP TABLE alembic_version"))
            conn.execute(insert(device).values(id="d1", agency_id="000.00.14.H56", token_hash="t" * 64,
                                               workstation_no=1, name="Quầy 1", created_at=datetime(2026, 1, 5)))
        assert "nonce_hash" not in {c["name"] for c in inspect(engine).get_columns("enrollment_code")}
        open_database(server_db).dispose()
        assert _heads(engine) == {_head()}
        assert "nonce_hash" in {c["name"] for c in inspect(engine).get_columns("enrollment_code")}
        with engine.connect() as conn:  # enrolled before signatures: may push unsigned until it has a key
            row = conn.execute(select(device.c.public_key, device.c.unsigned_legacy)).one()
        assert (row.public_key, bool(row.unsigned_legacy)) == (None, True)
        with engine.connect() as conn:
            assert conn.execute(select(device.c.id, device.c.name)).all() == [("d1", "Quầy 1")]
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    finally:
        engine.dispose()


def test_the_migrate_and_devices_commands(server_db):
    base = [sys.executable, "-m", "sync.server.cli"]
    subprocess.run(base + ["migrate", "--db", server_db], check=True, capture_output=True, timeout=60)
    subprocess.run(base + ["enroll-code", "--agency", "000.00.14.H56", "--db", server_db],
                   check=True, capture_output=True, timeout=60)
    out = subprocess.run(base + ["devices", "--db", server_db], check=True, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert json.loads(out.stdout) == []
