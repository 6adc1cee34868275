"""The audit trail: entries chained by hash; tampering through raw SQLite is caught and named."""

from __future__ import annotations

import json
from datetime import datetime

from counter_app.store import crypt
import pytest
from sqlalchemy.exc import DatabaseError

from counter_app.domain.errors import Message
from counter_app.store.audit import GENESIS, audit, entry_hash, verify_chain
from counter_app.store.models import AuditEntry


def _five_entries(store):
    with store.write() as session:
        for i in range(1, 6):
            audit(session, None, "settings_changed", f"key{i}", {"n": i, "at": datetime(2026, 3, i)},
                  at=datetime(2026, 3, 10, 9, i, 30, 123456))


def _attacker(store):
    """Open the file as an attacker would: plain sqlite3, with the append-only triggers dropped."""
    store.dispose()
    conn = crypt.connect(store.path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    return conn


def _rows(conn):
    return conn.execute("SELECT seq, at, officer_id, action, target, detail, prev_hash, hash FROM audit_log "
                        "ORDER BY seq").fetchall()


def _check(store):
    with store.read() as session:
        return verify_chain(session)


def test_entries_are_chained_from_genesis_and_the_trail_verifies(store):
    _five_entries(store)
    with store.read() as session:
        rows = session.query(AuditEntry).order_by(AuditEntry.seq).all()
        assert rows[0].prev_hash == GENESIS
        for before, after in zip(rows, rows[1:]):
            assert after.prev_hash == before.hash
        assert rows[2].hash == entry_hash(rows[2].at, None, "settings_changed", "key3",
                                          {"n": 3, "at": "2026-03-03T00:00:00"}, rows[1].hash)
        assert verify_chain(session) == []


def test_the_database_refuses_to_update_or_delete_entries(store):
    _five_entries(store)
    with pytest.raises(DatabaseError, match="append-only"):
        with store.write() as session:
            session.query(AuditEntry).filter_by(seq=2).update({"target": "x"})
    with pytest.raises(DatabaseError, match="append-only"):
        with store.write() as session:
            session.query(AuditEntry).filter_by(seq=2).delete()


def test_an_edited_entry_is_named(store):
    _five_entries(store)
    conn = _attacker(store)
    conn.execute("UPDATE audit_log SET detail = ? WHERE seq = 3", (json.dumps({"n": 99}),))
    conn.commit()
    conn.close()
    problems = _check(store)
    assert [(p.seq, p.kind) for p in problems] == [(3, "edited")]
    assert problems[0].message == Message("audit.content_edited", {"seq": 3})


def test_an_edit_with_a_recomputed_hash_is_named(store):
    _five_entries(store)
    conn = _attacker(store)
    seq, at, officer, action, target, detail, prev, _ = _rows(conn)[1]
    forged = entry_hash(datetime.fromisoformat(at), officer, action, "forged", json.loads(detail), prev)
    conn.execute("UPDATE audit_log SET target = 'forged', hash = ? WHERE seq = 2", (forged,))
    conn.commit()
    conn.close()
    assert [(p.seq, p.kind) for p in _check(store)] == [(2, "edited")]


def test_a_deleted_entry_is_named(store):
    _five_entries(store)
    conn = _attacker(store)
    conn.execute("DELETE FROM audit_log WHERE seq = 3")
    conn.commit()
    conn.close()
    problems = _check(store)
    assert [(p.seq, p.kind) for p in problems] == [(3, "deleted")]
    assert problems[0].message == Message("audit.deleted_one", {"seq": 3, "next": 4, "before": 2})


def test_deleting_the_newest_entries_is_named(store):
    _five_entries(store)
    conn = _attacker(store)
    conn.execute("DELETE FROM audit_log WHERE seq >= 4")
    conn.commit()
    conn.close()
    problems = _check(store)
    assert [(p.seq, p.kind) for p in problems] == [(4, "deleted")]
    assert problems[0].message == Message("audit.tail_deleted", {"first": 4, "last": 5})


def test_an_entry_inserted_in_the_middle_is_named(store):
    _five_entries(store)
    conn = _attacker(store)
    rows = _rows(conn)
    # Make room after entry 2 by renumbering, then slip in a forged entry chained to entry 2.
    for seq in (5, 4, 3):
        conn.execute("UPDATE audit_log SET seq = ? WHERE seq = ?", (seq + 1, seq))
    at = datetime(2026, 3, 10, 9, 2, 45)
    forged = entry_hash(at, None, "login", "admin", {}, rows[1][7])
    conn.execute("INSERT INTO audit_log (seq, at, officer_id, action, target, detail, prev_hash, hash) "
                 "VALUES (3, ?, NULL, 'login', 'admin', '{}', ?, ?)", (str(at), rows[1][7], forged))
    conn.commit()
    conn.close()
    problems = _check(store)
    assert [(p.seq, p.kind) for p in problems] == [(3, "inserted")]
    assert problems[0].message == Message("audit.inserted", {"seq": 3})


def test_an_entry_appended_with_a_valid_hash_is_named(store):
    _five_entries(store)
    conn = _attacker(store)
    last = _rows(conn)[-1]
    at = datetime(2026, 3, 10, 10, 0)
    forged = entry_hash(at, None, "login", "admin", {}, last[7])
    conn.execute("INSERT INTO audit_log (seq, at, officer_id, action, target, detail, prev_hash, hash) "
                 "VALUES (6, ?, NULL, 'login', 'admin', '{}', ?, ?)", (str(at), last[7], forged))
    conn.commit()
    conn.close()
    assert [(p.seq, p.kind) for p in _check(store)] == [(6, "inserted")]
