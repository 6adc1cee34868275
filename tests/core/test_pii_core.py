"""The pieces of the personal data duties without a server: the retention arithmetic and
setting, what is redacted, the ID number of an access request, the access log's own
transaction, and migration 0011 both ways."""

from __future__ import annotations

from datetime import datetime

import pytest

from counter_app.store import crypt
from counter_app.store import pii_access
from counter_app.services import pii_export, pii_purge
from counter_app.domain.errors import NotAllowed, ValidationFailed
from counter_app.services.receiving import receive
from tests.said import raises_saying


def test_months_before_clamps_the_day_to_the_month():
    assert pii_purge.months_before(datetime(2028, 3, 31, 9, 0), 1) == datetime(2028, 2, 29, 9, 0)
    assert pii_purge.months_before(datetime(2028, 1, 15), 24) == datetime(2026, 1, 15)
    assert pii_purge.months_before(datetime(2028, 1, 15), 13) == datetime(2026, 12, 15)


def test_redaction_reaches_every_depth_and_the_collectors_name_only_at_the_top():
    payload = {"kind": "returned", "data": {"collector": "authorised", "name": "Lý Minh", "id_number": "038090007788"},
               "dossier": {"applicant_name": "A", "phone": "09", "email": None, "documents": [{"name": "Tờ khai"}]},
               "changes": {"address": ["cũ", "mới"], "sets": [1, 2]}}
    out = pii_purge.redact(payload, frozenset({"name"}))
    assert out["data"] == {"collector": "authorised", "name": "Lý Minh", "id_number": None}  # nested "name": kept
    assert out["dossier"]["applicant_name"] is None and out["dossier"]["phone"] is None
    assert out["dossier"]["documents"] == [{"name": "Tờ khai"}] and out["changes"] == {"address": None, "sets": [1, 2]}
    assert pii_purge.redact(payload["data"], frozenset({"name"}))["name"] is None


def test_retention_is_checked_and_set_by_an_administrator_only(store):
    with store.read() as session:
        assert pii_purge.retention_months(session) == pii_purge.DEFAULT_RETENTION_MONTHS == 24
    for bad in ("0", "-3", "mười", "1201", None):
        with raises_saying(ValidationFailed, "từ 1 đến 1200"):
            pii_purge.clean_retention(bad)
    with raises_saying(NotAllowed, "cần quyền"):
        pii_purge.set_retention(store, 12, "canbo1")
    from counter_app.store.settings import find_officer

    with store.read() as session:
        admin_id = find_officer(session, "admin").id
    assert pii_purge.set_retention(store, " 36 ", admin_id) == 36
    with store.read() as session:
        assert pii_purge.retention_months(session) == 36


def test_the_subject_id_accepts_cccd_cmnd_and_passport_and_refuses_the_rest():
    assert pii_export.clean_subject_id(" 079 190 012 345 ") == "079190012345"
    assert pii_export.clean_subject_id("b1234567") == "B1234567"
    for bad in ("", "12ab", "079190012345678901234", "0791-90!"):
        with raises_saying(ValidationFailed, "Số giấy tờ tùy thân không hợp lệ"):
            pii_export.clean_subject_id(bad)


def test_an_access_log_that_cannot_be_written_returns_false_and_the_rows_are_append_only(store, make_draft, caplog):
    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    assert pii_access.record_access(store, receipt.id, "view", officer_id=None, form="card")
    with crypt.connect(store.path) as db:
        db.execute("CREATE TRIGGER refuse BEFORE INSERT ON pii_access BEGIN SELECT RAISE(ABORT, 'disk'); END")
    assert pii_access.record_access(store, receipt.id, "print", officer_id=None, form="receipt") is False
    assert "The personal data access log could not be written" in caplog.text
    db = crypt.connect(store.path)
    for sql in ("UPDATE pii_access SET form = 'x'", "DELETE FROM pii_access"):
        with pytest.raises(crypt.dbapi.IntegrityError, match="append-only"):
            db.execute(sql)
    db.close()
    assert [r.action for r in pii_access.access_log(store, receipt.id)] == ["view"]


def test_migration_0011_goes_down_and_up_again(store, make_draft):
    from alembic import command

    from counter_app.store import migrate

    receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    command.downgrade(migrate.alembic_config(store), "0010")
    with crypt.connect(store.path) as db:
        assert "redacted_hash" not in [r[1] for r in db.execute("PRAGMA table_info(dossier_event)")]
        assert db.execute("SELECT 1 FROM sqlite_master WHERE name = 'pii_access'").fetchone() is None
        with pytest.raises(crypt.dbapi.IntegrityError, match="append-only"):
            db.execute("UPDATE dossier_event SET data = '{}'")
        with pytest.raises(crypt.dbapi.IntegrityError, match="append-only"):
            db.execute("DELETE FROM dossier_event")  # 0006's guard survives the way down
    command.upgrade(migrate.alembic_config(store), "head")
    assert migrate.current_revision(store) == migrate.HEAD_REVISION
    with crypt.connect(store.path) as db:
        with pytest.raises(crypt.dbapi.IntegrityError, match="append-only"):
            db.execute("UPDATE dossier_event SET data = '{}'")  # a redaction needs its redacted_hash


def test_free_text_and_typed_document_names_are_redacted_and_empty_ones_left_as_they_are():
    data = {"department": "Phòng Tư pháp", "note": "gọi chị Lan 0905111222", "reason": "", "missing": ["CCCD ông Bảy"],
            "notice": None, "changes": {"note": ["", "bà Tư nhận thay"]}}
    assert pii_purge.redact(data) == {"department": "Phòng Tư pháp", "note": None, "reason": "", "missing": None,
                                      "notice": None, "changes": {"note": None}}
    snapshot = {"dossier": {"documents": [{"name": "Tờ khai", "form": "original"},
                                          {"name": "Thư của ông Bảy", "form": "copy"}]}}
    assert pii_purge.redact_documents(snapshot, frozenset({"Tờ khai"})) == {"dossier": {"documents": [
        {"name": "Tờ khai", "form": "original"}, {"name": None, "form": "copy"}]}}
