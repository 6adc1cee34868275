"""The reference cache: reused while the reference rows are unchanged, never after they change."""

from __future__ import annotations

import json
from datetime import date, datetime

from counter_app.store import crypt
import pytest

from counter_app.store import catalogue_tables, refcache, settings
from counter_app.domain.due_dates import CalendarOverride
from counter_app.store.lookup import LookupFailed, card_of, find_by_code, lookup
from counter_app.store.models import Agency
from counter_app.services import actions, admin
from counter_app.services.receiving import receive

FRIDAY = datetime(2026, 3, 13, 9, 0)


def _receive(store, make_draft, **fields):
    fields.setdefault("procedure_code", "1.004873")
    fields.setdefault("received_at", FRIDAY)
    return receive(store, make_draft(**fields), "canbo1", now=FRIDAY)


def test_values_are_reused_while_nothing_changes(store):
    def values(transaction):
        with transaction() as session:
            return (catalogue_tables.work_calendar(session), settings.load_context(session),
                    catalogue_tables.get_spec(session, "1.004873"))

    first = values(store.write)
    again = values(store.read)  # the write and the read engine share the database's cache
    assert all(a is b for a, b in zip(first, again))
    assert all(a is b for a, b in zip(first, values(store.write)))


def test_only_a_few_databases_are_kept(profile_dir, store):
    from counter_app.store.db import Store

    with store.read() as session:
        kept = refcache.current(session)
    others = []
    try:
        for n in range(refcache.MAX_DATABASES + 2):
            other = Store(profile_dir / f"other-{n}.sqlite3")
            others.append(other)
            with other.write() as session:
                session.connection().exec_driver_sql(
                    "CREATE TABLE reference_state (id INTEGER PRIMARY KEY, token TEXT NOT NULL)")
                session.connection().exec_driver_sql(f"INSERT INTO reference_state VALUES (1, 'token{n}')")
            with other.read() as session:
                assert refcache.current(session).token == f"token{n}"
        assert len(refcache._by_database) == refcache.MAX_DATABASES
        with store.read() as session:  # the least recently used was dropped: built afresh
            assert refcache.current(session) is not kept
    finally:
        for other in others:
            other.dispose()


def test_a_calendar_override_saved_by_the_admin_moves_the_next_appointment(store, make_draft):
    assert _receive(store, make_draft).due_at == datetime(2026, 3, 18, 9, 0)  # warms the cache
    admin.save_overrides(store, "admin", [CalendarOverride(date(2026, 3, 16), "off", "Nghỉ bù")])
    # Monday off: the two working days end a day later.
    assert _receive(store, make_draft).due_at == datetime(2026, 3, 19, 9, 0)


def test_a_catalogue_import_renames_the_procedure_of_the_next_dossier(store, make_draft, tmp_path):
    before = _receive(store, make_draft, procedure_code="1.001193")
    assert before.snapshot["procedure_name"] == "Đăng ký khai sinh"
    with store.read() as session:
        spec = catalogue_tables.get_spec(session, "1.001193")
    renamed = dict(spec.to_dict(), name="Đăng ký khai sinh (đã sửa)")
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps({"version": 1, "procedures": [renamed]}, ensure_ascii=False), encoding="utf-8")
    admin.import_catalogue(store, "admin", path)
    after = _receive(store, make_draft, procedure_code="1.001193")
    assert after.snapshot["procedure_name"] == "Đăng ký khai sinh (đã sửa)"


def test_settings_changed_through_the_service_reach_receive_and_scan(store, make_draft):
    receipt = _receive(store, make_draft)
    assert receipt.logbook_volume == 1
    with pytest.raises(LookupFailed):  # no prefix configured: "DS:…" is no dossier code
        lookup(store, f"DS:{receipt.code}", now=FRIDAY)
    assert lookup(store, receipt.code, now=FRIDAY).id == receipt.id  # scanner settings cached
    admin.change_settings(store, "admin", {settings.LOGBOOK_VOLUME: 2, "scanner.prefix": "DS:"})
    assert _receive(store, make_draft).logbook_volume == 2
    assert lookup(store, f"ds:{receipt.code}", now=FRIDAY).id == receipt.id


def test_a_write_by_another_process_with_plain_sql_is_seen(store, make_draft):
    _receive(store, make_draft)
    con = crypt.connect(store.path)
    with con:
        con.execute("UPDATE procedure SET name = 'Tên mới' WHERE code = '1.004873'")
        con.execute("UPDATE agency SET name = 'UBND phường Mới'")
    con.close()
    assert _receive(store, make_draft).snapshot["procedure_name"] == "Tên mới"
    with store.read() as session:
        assert settings.load_context(session).agency_name == "UBND phường Mới"


def test_a_transaction_sees_its_own_change_and_a_rolled_back_one_leaves_no_trace(store):
    with store.read() as session:
        name = settings.load_context(session).agency_name
    with pytest.raises(RuntimeError), store.write() as session:
        session.get(Agency, settings.load_context(session).agency_id).name = "Tạm thời"
        assert settings.load_context(session).agency_name == "Tạm thời"
        raise RuntimeError("roll back")
    with store.read() as session:
        assert settings.load_context(session).agency_name == name


def test_the_token_changes_with_each_reference_write_and_only_then(store, make_draft):
    def token():
        with store.read() as session:
            return refcache.read_token(session.connection().connection.driver_connection)

    first = token()
    assert first and len(first) == 16
    _receive(store, make_draft)  # dossiers, events and the outbox are not reference data
    assert token() == first
    with store.write() as session:
        settings.set_setting(session, "scanner.suffix", "#")
    assert token() != first


def test_the_scan_reads_the_same_card_as_the_orm(store, make_draft):
    receipt = _receive(store, make_draft)
    actions.hand_over(store, receipt.code, "canbo2", department="Phòng Tư pháp", now=datetime(2026, 3, 13, 10, 0))
    actions.apologise(store, receipt.code, "giamsat", reason="Cần xác minh",
                      new_due_at=datetime(2026, 3, 25, 16, 0), now=datetime(2026, 3, 17, 10, 0))
    now = datetime(2026, 3, 20, 11, 0)
    with store.read() as session:
        expected = card_of(session, find_by_code(session, receipt.code), now)
    first = lookup(store, receipt.code, now=now)   # fills the cache
    second = lookup(store, receipt.code, now=now)  # served from it
    assert first == second == expected
    assert len(expected.history) == 3 and expected.apology_used


def _token(store):
    with store.read() as session:
        return refcache.read_token(session.connection().connection.driver_connection)


@pytest.mark.parametrize("key", ["sync.cursor", "sync.last_success_at", "audit.head", "backup.last_at"])
def test_bookkeeping_settings_leave_the_token_alone(store, key):
    first = _token(store)
    with store.write() as session:
        settings.set_setting(session, key, "2026-03-13T09:00:00")  # insert
    with store.write() as session:
        settings.set_setting(session, key, "2026-03-13T09:01:00")  # update
    assert _token(store) == first
    con = crypt.connect(store.path)
    with con:
        con.execute("DELETE FROM setting WHERE key = ?", (key,))
    con.close()
    assert _token(store) == first


def test_a_scanner_setting_still_renews_the_token(store):
    first = _token(store)
    with store.write() as session:
        settings.set_setting(session, "scanner.prefix", "DS:")
    second = _token(store)
    assert second != first
    con = crypt.connect(store.path)
    with con:  # renaming a bookkeeping key into a reference key is a reference write
        con.execute("INSERT INTO setting (key, value) VALUES ('sync.cursor', '\"abc\"')")
        con.execute("UPDATE setting SET key = 'scanner.suffix' WHERE key = 'sync.cursor'")
    con.close()
    assert _token(store) != second
