"""Retention erasure against the real reference server: only finished dossiers past the
retention period whose every event the province acknowledged lose their personal data; the
database file keeps no byte of it after VACUUM; `counter-app check` stays green and a
tampering after the erasure is still caught."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from counter_app.domain.drafts import DossierDraft
from counter_app.domain.enums import DossierStatus, EventKind
from counter_app.domain.paths import DB_FILENAME
from counter_app.domain.text import fold
from counter_app.services import actions, pii_purge
from counter_app.services.digitising import attach_files
from counter_app.services.receiving import build_dossier
from counter_app.store import crypt, pii_access
from counter_app.store.document_files import DocumentFiles
from counter_app.store.history_verify import verify_history
from counter_app.store.history_write import record_event
from counter_app.store.models import Dossier, ProcedureDocument
from counter_app.store.settings import find_officer
from tests.core.pages import save, text_page

DAY = datetime(2026, 3, 10, 8, 0)
LATER = datetime(2029, 1, 5, 9, 0)  # 24 months after DAY's dossiers finished, and more

ERASED = ("Hoàng Thị Quỳnh Như", "079190012345", "0987654321", "quynhnhu@example.vn", "Số 7 Lê Lợi, Huế")
PENDING = ("Đặng Văn Khôi", "001088054321")
RECENT = ("Vũ Thị Ngọc Hân", "036195001122")
AUTHORISED = ("Lý Minh Trường", "038090007788")


def receive(ws, name: str, id_number: str, at: datetime, *, phone="0912345678", email=None,
            address="Số 1 Trần Phú, Hải Châu, Đà Nẵng") -> str:
    with ws.store.write() as session:
        officer = find_officer(session, "canbo1")
        draft = DossierDraft(procedure_code="1.001193", applicant_name=name, id_number=id_number, address=address,
                             phone=phone, email=email, received_at=at)
        dossier = build_dossier(session, draft, officer, now=at)
        record_event(session, dossier, EventKind.RECEIVED, at=at, officer=officer, from_status=None,
                     to_status=DossierStatus.RECEIVED)
        return dossier.code


def finish(ws, code: str, at: datetime, **collector) -> None:
    actions.hand_over(ws.store, code, "canbo1", department="Phòng Tư pháp", now=at + timedelta(minutes=5))
    actions.result_ready(ws.store, code, "canbo1", now=at + timedelta(hours=2))
    actions.return_to_applicant(ws.store, code, "canbo1", now=at + timedelta(hours=3), **collector)


def file_bytes(ws, *, vacuum: bool = True) -> bytes:
    """The database file's bytes (and its WAL's, if any) once the WAL is checkpointed, and its
    whole content decrypted (a dump of every table): the file is encrypted at rest, so its raw
    bytes alone would hold no name whether erased or not. (Freed pages are zeroed by
    secure_delete before they are encrypted; SQLCipher offers no way to read them decrypted.)"""
    path = ws.profile_dir / DB_FILENAME
    conn = crypt.connect(path)
    if vacuum:
        conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    dump = "\n".join(str(row) for t in tables for row in conn.execute(f'SELECT * FROM "{t}"')).encode("utf-8")
    conn.close()
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"") + dump


def run_check(ws) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "ui.cli.main", "--profile", str(ws.profile_dir), "check"],
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    return proc.returncode, json.loads(proc.stdout or "{}")


@pytest.mark.slow
def test_purge_erases_only_acknowledged_finished_dossiers_past_retention(make_workstation, server, server_store,
                                                                       tmp_path):
    ws = make_workstation(1)
    ws.enroll(server.url, server_store)
    erased = receive(ws, ERASED[0], ERASED[1], DAY, phone=ERASED[2], email=ERASED[3], address=ERASED[4])
    page = save(text_page([f"Tờ khai: {ERASED[0]}"] * 10, seed=1), tmp_path / "scan.tif", "TIFF")
    scan = attach_files(ws.store, ws.profile_dir, erased, 1, [page], now=DAY + timedelta(minutes=1)).sha256
    finish(ws, erased, DAY, collector="authorised", collector_name=AUTHORISED[0], collector_id_number=AUTHORISED[1])
    pii_access.record_access(ws.store, ws.store and _id(ws, erased), "view", officer_id=None, form="card")
    assert ws.engine().run_once(force=True).pending == 0  # the province acknowledged every event
    assert (server.files_dir / scan[:2] / scan[2:]).is_file()  # and holds the scan

    pending = receive(ws, PENDING[0], PENDING[1], DAY + timedelta(hours=1))
    finish(ws, pending, DAY + timedelta(hours=1))           # finished as long ago, never pushed
    recent = receive(ws, RECENT[0], RECENT[1], LATER - timedelta(days=30))
    finish(ws, recent, LATER - timedelta(days=30))          # finished within the retention period

    dry = pii_purge.purge(ws.store, dry_run=True, now=LATER)
    assert dry.erased == (erased,) and dry.waiting == (pending,)
    assert _name_of(ws, erased) == ERASED[0]                # a dry run changes nothing

    result = pii_purge.purge(ws.store, now=LATER, batch=1)
    assert result.erased == (erased,) and result.waiting == (pending,)
    assert result.files_removed == 1 and not DocumentFiles(ws.profile_dir).path(scan).exists()
    with ws.store.read() as session:
        rows = {d.code: d for d in session.query(Dossier)}
        gone, kept = rows[erased], rows[pending]
        assert (gone.applicant_name, gone.id_number, gone.phone, gone.email, gone.address) == ("", "", None, None, "")
        assert gone.code == erased and gone.procedure_code == "1.001193"
        assert DossierStatus(gone.status) is DossierStatus.RETURNED and gone.finished_at is not None
        assert kept.applicant_name == PENDING[0] and rows[recent].applicant_name == RECENT[0]
        assert verify_history(session) == []
        log = pii_access.access_rows(session, gone.id)
        assert [r.action for r in log] == [pii_access.AccessAction.VIEW, pii_access.AccessAction.ERASE]

    for data in (file_bytes(ws, vacuum=False), file_bytes(ws)):  # zeroed at once (secure_delete), and after VACUUM
        for value in (*ERASED, *AUTHORISED, fold(ERASED[0])):
            assert not any(f in data for f in _forms(value)), value
    assert PENDING[0].encode("utf-8") in data and RECENT[1].encode("utf-8") in data  # kept as they were

    code, report = run_check(ws)
    assert code == 0 and report["history"] == "ok", report

    assert pii_purge.purge(ws.store, now=LATER).erased == ()  # once
    assert ws.engine().run_once(force=True).pending == 0      # the erasure is local: nothing new to push
    # The pending dossier goes once the province has it.
    ws.engine().run_once(force=True)
    assert pii_purge.purge(ws.store, now=LATER).erased == (pending,)


def _id(ws, code: str) -> str:
    with ws.store.read() as session:
        return session.query(Dossier).filter_by(code=code).one().id


def _name_of(ws, code: str) -> str:
    with ws.store.read() as session:
        return session.query(Dossier).filter_by(code=code).one().applicant_name


@pytest.mark.slow
def test_a_tampering_after_the_erasure_is_still_caught(make_workstation, server, server_store):
    from counter_app.store.history_chain import event_hash, id_text

    ws = make_workstation(1)
    ws.enroll(server.url, server_store)
    erased = receive(ws, ERASED[0], ERASED[1], DAY)
    finish(ws, erased, DAY, collector="authorised", collector_name=AUTHORISED[0], collector_id_number=AUTHORISED[1])
    other = receive(ws, PENDING[0], PENDING[1], DAY + timedelta(hours=1))
    assert ws.engine().run_once(force=True).pending == 0
    assert pii_purge.purge(ws.store, now=LATER).erased == (erased,)

    conn = crypt.connect(ws.profile_dir / DB_FILENAME)
    # The database itself refuses: a second redaction, an edit of the links, a deleted access row.
    received = conn.execute("SELECT e.seq FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id "
                            "WHERE d.code = ? AND e.kind = 'returned'", (erased,)).fetchone()[0]  # the collector's name erased
    for sql in (f"UPDATE dossier_event SET redacted_hash = 'x' WHERE seq = {received}",
                f"UPDATE dossier_event SET hash = 'x', data = '{{}}' WHERE seq = {received}",
                "DELETE FROM pii_access"):
        with pytest.raises(crypt.dbapi.IntegrityError, match="append-only"):
            conn.execute(sql)
    # Behind the triggers' back: the name written back into the erased event…
    conn.execute("DROP TRIGGER dossier_event_no_update")
    data = json.loads(conn.execute(f"SELECT data FROM dossier_event WHERE seq = {received}").fetchone()[0])
    conn.execute("UPDATE dossier_event SET data = ? WHERE seq = ?",
                 (json.dumps({**data, "name": AUTHORISED[0]}), received))
    # …and another dossier's event "redacted" without a recorded erasure, its hash recomputed.
    row = conn.execute("SELECT e.seq, e.id, e.dossier_id, e.kind, e.at, e.officer_id, e.officer_name, e.from_status, "
                       "e.to_status, e.data, e.origin, e.prev_hash FROM dossier_event e JOIN dossier d "
                       "ON d.id = e.dossier_id WHERE d.code = ? ORDER BY e.seq LIMIT 1", (other,)).fetchone()
    fields = dict(zip(("id", "dossier_id", "kind", "at", "officer_id", "officer_name", "from_status", "to_status",
                       "data", "origin"), row[1:11]))
    fields["id"], fields["officer_id"] = id_text(fields["id"]), id_text(fields["officer_id"])  # hashed as text
    fields["data"] = pii_purge.redact(json.loads(fields["data"]))
    conn.execute("UPDATE dossier_event SET data = ?, redacted_hash = ? WHERE seq = ?",
                 (json.dumps(fields["data"]), bytes.fromhex(event_hash(fields, row[11].hex())), row[0]))
    conn.commit()
    conn.close()
    with ws.store.read() as session:
        found = {(p.code, p.kind) for p in verify_history(session)}
    assert (erased, "event_edited") in found and (other, "event_edited") in found
    code, report = run_check(ws)
    assert code == 1 and report["history"] == "inconsistent"


def _forms(value: str) -> tuple[bytes, ...]:
    """*value* as UTF-8, and as it is inside JSON (event data is stored with \\u escapes) as the
    dump of :func:`file_bytes` (a row's repr, each backslash doubled) shows it."""
    escaped = json.dumps(value)[1:-1]
    return value.encode("utf-8"), escaped.encode("ascii"), escaped.replace("\\", "\\\\").encode("ascii")


NOTE = "Bà Hoàng Thị Quỳnh Như nhờ con gái là Trịnh Bảo Ngọc nộp thay"
TYPED_DOCUMENT = "Giấy xác nhận của ông Tạ Quang Bửu"
SUPPLEMENT_REASON = "Thiếu giấy tờ của ông Mạc Đăng Dung"
MISSING = "Bản sao CCCD của ông Mạc Đăng Dung"
HANDOVER_NOTE = "Liên hệ chị Kiều Oanh Lệ qua số 0905111222"


@pytest.mark.slow
def test_free_text_on_the_dossier_its_documents_and_its_events_is_erased_and_the_history_still_verifies(
        make_workstation, server, server_store):
    from counter_app.domain.drafts import DocumentLine

    ws = make_workstation(1)
    ws.enroll(server.url, server_store)
    with ws.store.read() as session:
        catalogue = [d.name for d in session.query(ProcedureDocument).filter_by(procedure_code="1.001193")
                     .order_by(ProcedureDocument.position)]
    with ws.store.write() as session:
        officer = find_officer(session, "canbo1")
        draft = DossierDraft(procedure_code="1.001193", applicant_name=ERASED[0], id_number=ERASED[1],
                             address=ERASED[4], received_at=DAY, note=NOTE,
                             documents=(DocumentLine(catalogue[0]), DocumentLine(TYPED_DOCUMENT)))
        dossier = build_dossier(session, draft, officer, now=DAY)
        record_event(session, dossier, EventKind.RECEIVED, at=DAY, officer=officer, from_status=None,
                     to_status=DossierStatus.RECEIVED)
        code = dossier.code
    actions.request_supplement(ws.store, code, "canbo1", missing=[MISSING], reason=SUPPLEMENT_REASON,
                               now=DAY + timedelta(minutes=2))
    actions.complete_supplement(ws.store, code, "canbo1", now=DAY + timedelta(minutes=3))
    actions.hand_over(ws.store, code, "canbo1", department="Phòng Tư pháp", note=HANDOVER_NOTE,
                      now=DAY + timedelta(minutes=5))
    actions.result_ready(ws.store, code, "canbo1", now=DAY + timedelta(hours=2))
    actions.return_to_applicant(ws.store, code, "canbo1", now=DAY + timedelta(hours=3))
    assert ws.engine().run_once(force=True).pending == 0
    texts = (NOTE, TYPED_DOCUMENT, SUPPLEMENT_REASON, MISSING, HANDOVER_NOTE)
    before = file_bytes(ws, vacuum=False)
    assert [t for t in texts if not any(f in before for f in _forms(t))] == []  # seen before the erasure

    assert pii_purge.purge(ws.store, now=LATER).erased == (code,)
    with ws.store.read() as session:
        gone = session.query(Dossier).filter_by(code=code).one()
        assert gone.note is None
        assert [d.name for d in gone.documents] == [catalogue[0], ""]  # the catalogue's name kept
        assert verify_history(session) == []
    for data in (file_bytes(ws, vacuum=False), file_bytes(ws)):
        for value in (*texts, ERASED[0]):
            assert not any(f in data for f in _forms(value)), value
    assert any(f in data for f in _forms(catalogue[0]))
    status, report = run_check(ws)
    assert status == 0 and report["history"] == "ok", report

    # The hand-over's note written back behind the triggers' back is caught.
    conn = crypt.connect(ws.profile_dir / DB_FILENAME)
    seq, raw = conn.execute("SELECT e.seq, e.data FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id "
                            "WHERE d.code = ? AND e.kind = 'handed_over'", (code,)).fetchone()
    assert json.loads(raw)["note"] is None
    conn.execute("DROP TRIGGER dossier_event_no_update")
    conn.execute("UPDATE dossier_event SET data = ? WHERE seq = ?",
                 (json.dumps({**json.loads(raw), "note": HANDOVER_NOTE}, ensure_ascii=False), seq))
    conn.commit()
    conn.close()
    with ws.store.read() as session:
        assert (code, "event_edited") in {(p.code, p.kind) for p in verify_history(session)}
    status, report = run_check(ws)
    assert status == 1 and report["history"] == "inconsistent"


def test_a_migrated_item_without_its_event_keeps_its_dossier_waiting(make_workstation):
    """Migration 0013 keeps an item whose event is not in the history under a negative number,
    with its recorded payload (the dossier's personal data in it): the dossier is not erased
    while that item is left, or the payload would keep what the erasure took."""
    from sqlalchemy import text

    ws = make_workstation(1)
    code = receive(ws, PENDING[0], PENDING[1], DAY)
    finish(ws, code, DAY)
    dossier_id = _id(ws, code)
    payload = {"event_id": "legacy-1", "kind": "received", "version": 1,
               "dossier": {"id": dossier_id, "code": code, "applicant_name": PENDING[0]}}
    with ws.store.write() as session:
        session.execute(text("DELETE FROM outbox"))  # the province acknowledged every event
        session.execute(text("INSERT INTO outbox (seq, version, state, attempts, payload) "
                             "VALUES (-7, 1, 'pending', 0, :payload)"), {"payload": json.dumps(payload)})
    result = pii_purge.purge(ws.store, now=LATER)
    assert (result.erased, result.waiting) == ((), (code,))
    assert _name_of(ws, code) == PENDING[0]
    with ws.store.write() as session:
        session.execute(text("DELETE FROM outbox WHERE seq = -7"))  # delivered at last
    assert pii_purge.purge(ws.store, now=LATER).erased == (code,)
