"""Migration 0014 (digests and ids stored as bytes, documents kept by their key) on a profile
left by 0013 with a history and queued, claimed and refused items: every value kept, `check`
clean, a sync to the real reference server in which both sides agree; and the way down gives
back the very text 0013 stored."""

from __future__ import annotations

from datetime import datetime

import requests
from alembic import command
from sqlalchemy import select

from counter_app.services import actions
from counter_app.services.receiving import receive
from counter_app.services.remote import apply_changes
from counter_app.store import crypt, migrate
from counter_app.store.models import Dossier
from counter_app.store.outbox import SqlOutbox
from sync import config as keys
from sync.outbox import list_rejected, requeue
from tests.core.test_history_chain import sample_draft
from ui.cli.main import main

NOW = datetime(2026, 3, 10, 9, 0)
EVENTS = "SELECT seq, id, officer_id, prev_hash, hash, redacted_hash, data FROM dossier_event ORDER BY seq"
ROWS = "SELECT id, code, history_head, history_length, seal, phone FROM dossier ORDER BY id"
DOCUMENTS = "SELECT dossier_id, position, name, form, count, handed_in FROM dossier_document ORDER BY 1, 2"
OUTBOX = "SELECT seq, version, state, attempts, claimed_until, rejected_reason, payload FROM outbox ORDER BY seq"


def _read(ws, sql: str) -> list[tuple]:
    with crypt.connect(ws.store.path) as db:
        return db.execute(sql).fetchall()


def _schema(ws, table: str) -> str:
    with crypt.connect(ws.store.path) as db:
        return " ".join(r[0] for r in db.execute("SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL",
                                                 (table,)))


def _as_text(value):
    """A stored digest or id as 0013 stored it (hex text; a UUID with its dashes)."""
    if not isinstance(value, bytes):
        return value
    h = value.hex()
    return h if len(value) == 32 else f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _checks_clean(ws, capsys) -> None:
    capsys.readouterr()
    assert main(["--profile", str(ws.profile_dir), "check"]) == 0, capsys.readouterr()


def test_a_0013_profile_converts_in_place_checks_clean_and_syncs(make_workstation, server, server_store, capsys):
    ws = make_workstation(1)
    codes = [receive(ws.store, sample_draft(received_at=NOW.replace(minute=i)), "canbo1", now=NOW).code
             for i in range(4)]
    actions.hand_over(ws.store, codes[0], "canbo1", department="Phòng Tư pháp", now=datetime(2026, 3, 10, 10))
    with ws.store.write() as session:  # a department's change, its event id not a UUID: kept as text
        first_id = session.scalar(select(Dossier.id).where(Dossier.code == codes[0]))
        assert apply_changes(session, [{"seq": 1, "kind": "dossier_status", "data": {
            "dossier_id": first_id, "event_id": "tu-phap-2026-000042", "to_status": 5, "at": "2026-03-10T11:00:00",
            "by": "Phòng Tư pháp", "version": 3}}]).statuses == 1
    ws.enroll(server.url, server_store)
    outbox = SqlOutbox(ws.store)
    claimed = outbox.claim(datetime(2026, 3, 10, 12), limit=2)  # leased by a sender that then died
    outbox.set_aside([claimed[1].seq], "Máy chủ từ chối (422).")
    config = migrate.alembic_config(ws.store)
    command.downgrade(config, "0013")  # the profile as 0013 keeps it
    events, rows, documents, items = (_read(ws, sql) for sql in (EVENTS, ROWS, DOCUMENTS, OUTBOX))
    assert all(type(v) is str for e in events for v in e[1:5] if v is not None) and len(events[0][4]) == 64
    assert "ix_dossier_document_dossier_id" in _schema(ws, "dossier_document")
    assert len(events) == 6 and len(documents) >= 4 and len(items) == 5  # the department's event is not sent

    command.upgrade(config, "head")
    assert migrate.current_revision(ws.store) == migrate.HEAD_REVISION == "0014"
    stored = _read(ws, EVENTS)
    # Stored as bytes: digests 32, UUIDs 16; the department's id stays the text it was.
    assert all(len(e[3]) == len(e[4]) == 32 and type(e[3]) is bytes for e in stored)
    assert [type(e[1]) for e in stored] == [bytes if "-" in e[1] and len(e[1]) == 36 else str for e in events]
    assert "tu-phap-2026-000042" in [e[1] for e in stored]
    # Every value the same once read as text; the documents and the queued items unchanged.
    assert [tuple(_as_text(v) for v in e) for e in stored] == events
    assert [tuple(_as_text(v) for v in r) for r in _read(ws, ROWS)] == rows
    assert _read(ws, DOCUMENTS) == documents and _read(ws, OUTBOX) == items
    assert "WITHOUT ROWID" in _schema(ws, "dossier_document")
    assert "ix_dossier_document_dossier_id" not in _schema(ws, "dossier_document")
    with crypt.connect(ws.store.path) as db:  # the history is still append-only
        for sql in ("UPDATE dossier_event SET kind = 'x'", "DELETE FROM dossier_event"):
            try:
                db.execute(sql)
                raise AssertionError(f"{sql} went through")
            except crypt.dbapi.IntegrityError as e:
                assert "append-only" in str(e)
    _checks_clean(ws, capsys)

    # A change after the upgrade, then the sync: every item delivered, both sides agree.
    actions.hand_over(ws.store, codes[1], "canbo1", department="Phòng Tư pháp", now=datetime(2026, 3, 10, 13))
    [refused] = list_rejected(ws.store)
    assert refused.event_id == claimed[1].event_id
    assert requeue(ws.store, [refused.seq]) == 1
    done = ws.engine().run_once(force=True)
    assert (done.acknowledged, done.rejected_total, done.pending) == (6, 0, 0)
    assert SqlOutbox(ws.store).counts().pending == 0
    with ws.store.read() as s:
        local = s.execute(select(Dossier.id, Dossier.code, Dossier.status, Dossier.version)).all()
    for dossier_id, code, status, version in local:
        if code == codes[0]:
            continue  # its newest change is the department's, made up here rather than pulled from the server
        resp = requests.get(f"{server.url}/v1/dossiers/{dossier_id}",
                            headers={"Authorization": f"Bearer {keys.read_token(ws.store)}"}, timeout=10)
        resp.raise_for_status()
        remote = resp.json()
        assert (remote["code"], remote["status"], remote["version"]) == (code, status, version), code
    _checks_clean(ws, capsys)

    # The way down gives back what 0013 stored, text for text; up again, still clean.
    events, rows = _read(ws, EVENTS), _read(ws, ROWS)
    command.downgrade(config, "0013")
    assert _read(ws, EVENTS) == [tuple(_as_text(v) for v in e) for e in events]
    assert _read(ws, ROWS) == [tuple(_as_text(v) for v in r) for r in rows]
    assert "ix_dossier_document_dossier_id" in _schema(ws, "dossier_document")
    command.upgrade(config, "head")
    assert _read(ws, EVENTS) == events
    _checks_clean(ws, capsys)
