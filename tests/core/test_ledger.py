"""The logbook listing: filters, late / due-today, keyset pages, today's counts, `ledger --search`."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from counter_app.domain.enums import DossierStatus, EventKind
from counter_app.store.history_write import record_event
from counter_app.store.ledger import (
    Deadline,
    LedgerFilter,
    count_dossiers,
    deadline_of,
    lateness,
    fetch_page,
    list_dossiers,
    progress_of,
    row_key,
    today_counts,
)
from counter_app.store.models import Dossier
from counter_app.services.receiving import receive
from ui.cli.main import main

NOW = datetime(2026, 3, 11, 10, 0)


def set_status(store, code: str, status: DossierStatus, at: datetime, kind: EventKind, data=None) -> None:
    """Move a dossier on, through the history like any change."""
    with store.write() as session:
        d = session.query(Dossier).filter_by(code=code).one()
        before = d.status
        d.status = int(status)
        d.finished_at = at if status == DossierStatus.RESULT_READY else d.finished_at
        record_event(session, d, kind, at=at, officer=None, from_status=before, to_status=status, data=data or {})


@pytest.fixture
def book(store, make_draft):
    """Five dossiers: late, due today, not due, result waiting, and one received today."""
    r = {}
    # 1.001193 is a same-day procedure: received before 15:00, due the same day at closing.
    r["late"] = receive(store, make_draft(applicant_name="Lê Văn Muộn", received_at=datetime(2026, 3, 10, 9, 0)), "canbo1")
    r["today"] = receive(store, make_draft(applicant_name="Đỗ Thị Hạn", received_at=datetime(2026, 3, 11, 8, 0)), "canbo1")
    r["later"] = receive(store, make_draft(applicant_name="Phan Văn Sau", procedure_code="1.004873",
                                           received_at=datetime(2026, 3, 11, 8, 30)), "canbo1")
    r["ready"] = receive(store, make_draft(applicant_name="Vũ Đức Xong", received_at=datetime(2026, 3, 9, 9, 0)), "canbo1")
    set_status(store, r["ready"].code, DossierStatus.PROCESSING, datetime(2026, 3, 9, 10, 0), EventKind.HANDED_OVER,
               {"department": "Phòng Tư pháp"})
    set_status(store, r["ready"].code, DossierStatus.RESULT_READY, datetime(2026, 3, 9, 15, 0), EventKind.RESULT_READY)
    return r


def codes(rows) -> list[str]:
    return [row.code if hasattr(row, "code") else row["code"] for row in rows]


def test_late_and_due_today_are_derived_from_the_appointment(store, book):
    assert book["today"].due_at.date() == NOW.date() and book["today"].due_at > NOW
    assert deadline_of(DossierStatus.RECEIVED, book["late"].due_at, NOW) is Deadline.LATE
    assert deadline_of(DossierStatus.RECEIVED, book["today"].due_at, NOW) is Deadline.DUE_TODAY
    assert deadline_of(DossierStatus.RECEIVED, book["later"].due_at, NOW) is Deadline.NONE
    assert deadline_of(DossierStatus.RESULT_READY, book["late"].due_at, NOW) is Deadline.NONE
    assert deadline_of(DossierStatus.SUPPLEMENT_REQUESTED, book["late"].due_at, NOW) is Deadline.NONE
    with store.read() as session:
        rows = fetch_page(session, LedgerFilter(), now=NOW)
        late = lateness(session, rows, NOW)
        assert [row.code for row in rows if row.id in late] == [book["late"].code]
        # Due Tue 17:00, now Wed 10:00: 07:30–10:00 of working time late.
        assert [info.working_hours for info in late.values()] == [-2.5]
        assert codes(fetch_page(session, LedgerFilter(late=True), now=NOW)) == [book["late"].code]
        assert codes(fetch_page(session, LedgerFilter(due_today=True), now=NOW)) == [book["today"].code]


def test_filters_by_date_status_procedure_and_search(store, book):
    with store.read() as session:
        def listed(**kw):
            return codes(list_dossiers(session, LedgerFilter(**kw), NOW))

        assert listed() == [book[k].code for k in ("ready", "late", "today", "later")]
        assert listed(date_from=date(2026, 3, 11)) == [book["today"].code, book["later"].code]
        assert listed(date_to=date(2026, 3, 9)) == [book["ready"].code]
        assert listed(status=DossierStatus.RESULT_READY) == [book["ready"].code]
        assert listed(procedure_code="1.004873") == [book["later"].code]
        assert listed(search="duc") == [book["ready"].code]
        assert listed(search="van", date_from=date(2026, 3, 11)) == [book["later"].code]
        assert listed(search="han", due_today=True) == [book["today"].code]
        assert listed(search="han", late=True) == []
        assert count_dossiers(session, LedgerFilter(search="van"), NOW) == 2


def test_today_counts(store, book):
    with store.read() as session:
        counts = today_counts(session, NOW)
    assert (counts.received_today, counts.due_today, counts.late, counts.waiting_pickup) == (2, 1, 1, 1)


def test_mau06_progress_comes_from_the_history(store, book):
    with store.read() as session:
        ids = [r.id for r in fetch_page(session, LedgerFilter(), now=NOW)]
        progress = progress_of(session, ids)
    ready = progress[book["ready"].id]
    assert ready.handed_over_at == datetime(2026, 3, 9, 10, 0)
    assert ready.department == "Phòng Tư pháp"
    assert ready.result_at == datetime(2026, 3, 9, 15, 0)
    assert ready.returned_at is None
    assert progress[book["late"].id].handed_over_at is None


@pytest.mark.parametrize("search", [None, "van"])
def test_keyset_pages_join_up_in_both_directions(store, make_draft, search):
    given = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Khánh"]
    for i in range(23):
        name = f"Hồ {'Văn' if i % 2 else 'Thị'} {given[i % 8]}" if search else f"Hồ Thị {given[i % 8]}"
        receive(store, make_draft(applicant_name=name, received_at=datetime(2026, 3, 2 + i % 5, 9, i)),
                "canbo1")
    flt = LedgerFilter(search=search)
    with store.read() as session:
        everything = codes(list_dossiers(session, flt))
        assert len(everything) == count_dossiers(session, flt) == (11 if search else 23)
        pages, after = [], None
        while True:
            page = fetch_page(session, flt, limit=5, after=after)
            if not page:
                break
            pages.extend(page)
            after = row_key(flt, page[-1])
        assert codes(pages) == everything
        last = fetch_page(session, flt, limit=5, from_end=True)
        assert codes(last) == everything[-5:]
        before = fetch_page(session, flt, limit=5, before=row_key(flt, last[0]))
        assert codes(before) == everything[-10:-5]
        assert codes(fetch_page(session, flt, limit=5, offset=12)) == everything[12:17]
        assert codes(fetch_page(session, flt, limit=5, offset=3, from_end=True)) == everything[-8:-3]


def test_cli_ledger_search_returns_the_matching_codes(store, book, profile_dir, capsys):
    store.dispose()
    assert main(["--profile", str(profile_dir), "ledger", "--search", "DUC"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in rows] == [book["ready"].code]
    assert {"code", "status", "procedure_code", "applicant_name", "received_at", "due_at"} <= set(rows[0])
    assert rows[0]["applicant_name"] == "Vũ Đức Xong"
    assert main(["--profile", str(profile_dir), "ledger", "--search", book["late"].code, "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[1].startswith(book["late"].code + ",")


@pytest.mark.parametrize("search", ["muon", "0999888777", None])
def test_each_call_parses_the_search_once(store, book, monkeypatch, search):
    from counter_app.store import ledger

    calls = []
    parse = ledger.parse_search

    def counting(raw):
        calls.append(raw)
        return parse(raw)

    monkeypatch.setattr(ledger, "parse_search", counting)
    flt = LedgerFilter(search=search, date_from=date(2026, 3, 1))
    with store.read() as session:
        rows = fetch_page(session, flt, now=NOW)
        assert len(calls) == 1
        count_dossiers(session, flt, now=NOW)
        assert len(calls) == 2
        list_dossiers(session, flt, now=NOW)
        assert len(calls) == 3
    everyone = ["Vũ Đức Xong", "Lê Văn Muộn", "Đỗ Thị Hạn", "Phan Văn Sau"]
    expected = {"muon": ["Lê Văn Muộn"], "0999888777": [], None: everyone}[search]
    assert [r.applicant_name for r in rows] == expected
