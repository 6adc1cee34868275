"""The local store: pragmas, migrations, append-only history, atomic receive."""

from __future__ import annotations


from counter_app.store import crypt
import pytest
from sqlalchemy import func, select, text

from counter_app.store import migrate
from counter_app.store.db import open_store
from counter_app.domain.errors import ValidationFailed
from counter_app.store.models import Dossier, DossierEvent, OutboxItem, Setting
from counter_app.services.receiving import receive


def test_pragmas_are_wal_full_and_foreign_keys(store):
    with store.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_migrations_have_a_single_head_and_the_store_is_at_it(store):
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(migrate.alembic_config()).get_heads()
    assert len(heads) == 1
    assert migrate.current_revision(store) == heads[0]


def test_an_outdated_database_is_backed_up_before_migrating(profile_dir):
    from alembic import command

    from counter_app.store.db import Store

    if migrate.head_revision() == "0001":
        pytest.skip("only one revision: nothing to upgrade from")
    old = Store(profile_dir / "counter.sqlite3")
    command.upgrade(migrate.alembic_config(old), "0001")  # as an older build left it
    old.dispose()
    store = open_store(profile_dir)
    assert migrate.current_revision(store) == migrate.head_revision()
    store.dispose()
    backups = list((profile_dir / "backups").glob("before-migration-*.sqlite3"))
    assert len(backups) == 1
    con = crypt.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    con.close()


def test_receive_writes_dossier_event_and_outbox_together(store, make_draft):
    receipt = receive(store, make_draft())
    with store.read() as s:
        d = s.get(Dossier, receipt.id)
        assert d.code == receipt.code
        events = s.scalars(select(DossierEvent).where(DossierEvent.dossier_id == d.id)).all()
        assert [e.kind for e in events] == ["received"]
        out = s.scalars(select(OutboxItem).where(OutboxItem.dossier_id == d.id)).all()
        assert [o.event_id for o in out] == [events[0].id]
        assert out[0].payload["dossier"]["code"] == receipt.code


def test_invalid_input_stores_nothing(store, make_draft):
    with pytest.raises(ValidationFailed) as err:
        receive(store, make_draft(applicant_name="", phone="12"))
    assert set(err.value.by_field()) >= {"applicant_name", "phone"}
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Dossier)) == 0
        assert s.scalar(select(func.count()).select_from(OutboxItem)) == 0


def test_history_is_append_only(store, make_draft):
    receive(store, make_draft())
    with pytest.raises(Exception, match="append-only"):
        with store.write() as s:
            s.execute(text("UPDATE dossier_event SET kind = 'x'"))
    with pytest.raises(Exception, match="append-only"):
        with store.write() as s:
            s.execute(text("DELETE FROM dossier_event"))


def _settings_count(store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(Setting))


def test_a_direct_write_commits_what_went_to_its_connection_and_through_its_session(store):
    from counter_app.store.rawinsert import driver

    before = _settings_count(store)
    with store.write_direct() as s:
        dbapi = driver(s)
        assert dbapi.in_transaction  # begun at once: BEGIN IMMEDIATE holds the write lock
        dbapi.execute("INSERT INTO setting (key, value) VALUES ('test.direct', '1')")
        # The session joins the same transaction: it reads the row not yet committed...
        assert s.get(Setting, "test.direct").value == 1
        s.add(Setting(key="test.orm", value=2))  # ...and its pending objects are flushed at the end
    with store.read() as s:
        assert s.get(Setting, "test.direct").value == 1
        assert s.get(Setting, "test.orm").value == 2
    assert _settings_count(store) == before + 2


def test_a_direct_write_that_fails_leaves_nothing(store):
    from counter_app.store.rawinsert import driver

    before = _settings_count(store)
    for through_session in (False, True):
        with pytest.raises(RuntimeError):
            with store.write_direct() as s:
                driver(s).execute("INSERT INTO setting (key, value) VALUES ('test.direct', '1')")
                if through_session:
                    s.add(Setting(key="test.orm", value=2))
                    s.flush()
                raise RuntimeError("half way")
        assert _settings_count(store) == before
    with store.write() as s:  # the pooled connection was left with no transaction open
        s.add(Setting(key="test.after", value=3))
    assert _settings_count(store) == before + 1


def test_a_save_that_fails_at_its_last_insert_leaves_nothing(store, make_draft, monkeypatch):
    from counter_app.store import rawinsert

    real = rawinsert.insert_rows

    def failing(session, table, rows):
        if table.name == "outbox":
            raise RuntimeError("disk gone")
        return real(session, table, rows)

    monkeypatch.setattr("counter_app.services.receiving.insert_rows", failing)
    with pytest.raises(RuntimeError):
        receive(store, make_draft())
    with store.read() as s:
        for table in (Dossier, DossierEvent, OutboxItem):
            assert s.scalar(select(func.count()).select_from(table)) == 0


def test_a_direct_write_that_cannot_begin_raises_as_a_session_does(store, monkeypatch):
    """Another writer holds the lock past the busy timeout: write() and write_direct() both
    raise SQLAlchemy's OperationalError (what callers sort disk and lock errors by)."""
    from sqlalchemy.exc import OperationalError

    from counter_app.store import db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 100)
    waiting = db.Store(store.path, key=store.key)
    holder = store.connect()
    holder.isolation_level = None
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(OperationalError, match="locked"):
            with waiting.write() as s:
                s.connection()
        with pytest.raises(OperationalError, match="locked"):
            with waiting.write_direct():
                pass
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with waiting.write_direct() as s:  # the lock released, the same store writes again
        s.add(Setting(key="test.after_lock", value=1))
    waiting.dispose()
    assert _settings_count(store) >= 1
