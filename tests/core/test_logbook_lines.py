"""Logbook lines never collide: one book per agency and year, lines partitioned by counter."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from counter_app.store.db import open_store
from counter_app.services.demo import DEMO_AGENCY, DEMO_OFFICERS
from counter_app.store.models import Dossier
from counter_app.services import printing
from counter_app.services.receiving import receive
from counter_app.services.setup import initialise_profile
from tests import pdfcheck

T0 = datetime(2026, 3, 10, 8, 0)


def test_three_offline_counters_never_print_the_same_line(tmp_path, make_draft):
    lines: list[tuple[int, int, int]] = []
    for ws in (1, 2, 3):
        store = open_store(tmp_path / f"quay{ws}")
        try:
            initialise_profile(store, DEMO_AGENCY, ws, DEMO_OFFICERS)
            for i in range(60):
                at = T0 + timedelta(minutes=5 * i)
                receive(store, make_draft(received_at=at), "canbo1", now=at)
            with store.read() as session:
                lines += session.execute(select(Dossier.logbook_year, Dossier.logbook_volume,
                                                Dossier.logbook_line)).all()
        finally:
            store.dispose()
    assert len(lines) == 180
    assert len(set(lines)) == 180  # "Quyển số 1, Số thứ tự 7" names one citizen's dossier only
    assert {line % 10 for _, _, line in lines} == {1, 2, 3}


def test_a_new_book_starts_each_first_of_january_and_the_slip_names_its_year(store, make_draft):
    dec = [receive(store, make_draft(received_at=datetime(2026, 12, 31, 9, m)), "canbo1",
                   now=datetime(2026, 12, 31, 9, m)) for m in (0, 5)]
    jan = receive(store, make_draft(received_at=datetime(2027, 1, 4, 8, 0)), "canbo1", now=datetime(2027, 1, 4, 8, 0))
    assert [r.logbook_line for r in dec] == [1, 11] and jan.logbook_line == 1
    with store.write() as session:
        job_id = printing.queue_slip(session, "receipt", jan.id, "canbo1")
    text = pdfcheck.flat(pdfcheck.page_text(printing.render_job(store, job_id)))
    assert text.count("Vào Sổ theo dõi hồ sơ năm 2027, Quyển số: 1, Số thứ tự: 1") == 2
