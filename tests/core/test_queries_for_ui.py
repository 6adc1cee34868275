"""The store's read queries the window and the command line call instead of opening a session
(issue 14 item 1): each reads in a session of its own and answers plain data."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from counter_app.domain.errors import NotFound
from counter_app.services import actions
from counter_app.services.receiving import receive
from counter_app.store import catalogue_tables, crypt, queries, settings
from counter_app.store.db import open_store
from counter_app.store.ledger import LedgerFilter
from counter_app.store.scan_settings import BACKEND_KEY, FOLDER_KEY, KEY
from counter_app.capture import ColorMode, ScanSettings

NOW = datetime(2026, 3, 12, 10, 0)


def test_settings_values_give_the_stored_value_else_the_default(store):
    with store.write() as session:
        settings.set_setting(session, "printing.paper", "a5")
        settings.set_setting(session, "scanner.prefix", None)  # stored as null: not the default
    values = queries.settings_values(store, {"printing.paper": "a4_two_a5", "scanner.prefix": "]C1",
                                             "backup.keep_days": 30})
    assert values == {"printing.paper": "a5", "scanner.prefix": None, "backup.keep_days": 30}
    assert queries.settings_values(store, {}) == {}


def test_start_facts_of_a_set_up_profile_and_of_a_new_one(store, tmp_path):
    with store.write() as session:
        settings.set_setting(session, "ui.language", "en")
    facts = queries.start_facts(store, ("ui.language", "never.set"))
    assert (facts.settings, facts.ready) == ({"ui.language": "en"}, True)
    with store.read() as session:
        assert facts.agency_name == settings.load_context(session).agency_name
    new = open_store(tmp_path / "new")
    try:
        empty = queries.start_facts(new, ("ui.language",))
        assert (empty.settings, empty.ready, empty.agency_name) == ({}, False, None)
    finally:
        new.dispose()


def test_officer_id_by_username_by_id_or_the_first_administrator(store):
    canbo = queries.officer_id(store, "canbo1")
    assert queries.officer_id(store, canbo) == canbo
    admin = queries.officer_id(store, "admin")
    assert queries.officer_id(store, None) == admin != canbo  # as settings.find_officer(None)
    with pytest.raises(NotFound):
        queries.officer_id(store, "nobody")


def test_dossier_id_and_code_by_code_or_by_id(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1")
    assert queries.dossier_id_and_code(store, receipt.code) == (receipt.id, receipt.code)
    assert queries.dossier_id_and_code(store, f"  {receipt.id} ") == (receipt.id, receipt.code)
    with pytest.raises(NotFound):
        queries.dossier_id_and_code(store, "000.00.14.H56-260310-9999")


def test_appointment_is_the_counters_for_the_procedure_and_none_for_an_unknown_code(store):
    at = datetime(2026, 3, 10, 16, 50)
    spec, due = queries.appointment(store, " 1.001193 ", at)
    with store.read() as session:
        expected = catalogue_tables.appointment(catalogue_tables.work_calendar(session),
                                                catalogue_tables.get_spec(session, "1.001193"), at)
    assert (spec.code, due) == ("1.001193", expected) and due > at
    assert queries.appointment(store, "9.999999", at) is None


def test_ledger_rows_list_every_matching_dossier_in_logbook_order_with_their_ids(store, make_draft):
    first = receive(store, make_draft(applicant_name="Lê Thị Bình", received_at=datetime(2026, 3, 10, 9, 0)), "canbo1")
    second = receive(store, make_draft(applicant_name="Trần Văn Cường", received_at=datetime(2026, 3, 11, 9, 0)),
                     "canbo1")
    rows, ids = queries.ledger_rows(store, LedgerFilter())
    assert ids == [first.id, second.id]
    assert [(r["code"], r["applicant_name"]) for r in rows] == [(first.code, "Lê Thị Bình"),
                                                                 (second.code, "Trần Văn Cường")]
    rows, ids = queries.ledger_rows(store, LedgerFilter(date_from=date(2026, 3, 11)))
    assert ids == [second.id] and [r["code"] for r in rows] == [second.code]


def test_a_printed_logbook_page_carries_each_rows_progress_and_lateness(store, make_draft):
    handed = receive(store, make_draft(received_at=datetime(2026, 3, 10, 9, 0)), "canbo1")
    waiting = receive(store, make_draft(received_at=datetime(2026, 3, 10, 9, 5)), "canbo1")
    actions.hand_over(store, handed.code, "canbo1", department="Phòng Tư pháp", now=datetime(2026, 3, 10, 10, 0))
    late_now = datetime(2027, 1, 4, 9, 0)  # long past every appointment
    rows, progress, late = queries.logbook_print_page(store, LedgerFilter(), now=late_now, limit=10)
    assert [r.id for r in rows] == [handed.id, waiting.id]
    assert progress[handed.id].department == "Phòng Tư pháp" and progress[handed.id].handed_over_at is not None
    assert progress[waiting.id].handed_over_at is None
    assert set(late) == {handed.id, waiting.id}
    rows, progress, late = queries.logbook_print_page(store, LedgerFilter(), now=late_now, limit=1, from_end=True)
    assert [r.id for r in rows] == [waiting.id] and set(progress) == {waiting.id}


def test_scan_setup_is_the_defaults_then_what_was_stored(store):
    setup = queries.scan_setup(store)
    assert (setup.settings, setup.backend, setup.folder) == (ScanSettings(), None, None)
    with store.write() as session:
        settings.set_setting(session, KEY, {"resolution": 300, "mode": "color", "duplex": True})
        settings.set_setting(session, BACKEND_KEY, "folder")
        settings.set_setting(session, FOLDER_KEY, "D:/scans")
    setup = queries.scan_setup(store)
    assert (setup.settings.resolution, setup.settings.mode, setup.settings.duplex) == (300, ColorMode.COLOR, True)
    assert (setup.backend, setup.folder) == ("folder", "D:/scans")


def test_scanner_config_and_connection_read_the_stored_settings(store):
    with store.write() as session:
        settings.set_setting(session, "scanner.prefix", "]C1")
        settings.set_setting(session, "scanner.serial.baud", "not a number")
    assert queries.scanner_config(store).prefix == "]C1"
    connection = queries.scanner_connection(store)
    assert connection["mode"] == "wedge" and connection["serial_baud"] == 9600  # unknown values: the defaults


def test_workstation_context_and_a_profile_never_set_up(store, tmp_path):
    assert queries.workstation_context(store).workstation_no == 1
    new = open_store(tmp_path / "new")
    try:
        with pytest.raises(NotFound):
            queries.workstation_context(new)
    finally:
        new.dispose()


def test_trail_problems_are_empty_for_an_intact_profile_and_name_an_edited_event(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1")
    assert queries.trail_problems(store) == ([], [])
    store.dispose()
    conn = crypt.connect(store.path, key=store.key)  # an edit made outside the application
    triggers = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'dossier_event'")]
    for name in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("UPDATE dossier_event SET officer_name = 'Người khác' WHERE dossier_id = ?", (receipt.id,))
    conn.commit()
    conn.close()
    audit_problems, history = queries.trail_problems(store)
    assert audit_problems == [] and history and {p.code for p in history} == {receipt.code}
