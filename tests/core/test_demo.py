"""The demo profile: its dossiers are received and moved only while the counter is open."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import select

from counter_app.store import catalogue_tables
from counter_app.services.demo import create_demo
from counter_app.store.models import Dossier, DossierEvent

NOW = datetime(2026, 3, 20, 10, 0)  # a Friday; the 90 days before include Tết 2026


def test_demo_moments_fall_in_working_sessions_only(store):
    create_demo(store, 300, now=NOW)
    with store.read() as session:
        calendar = catalogue_tables.work_calendar(session)
        received = session.scalars(select(Dossier.received_at)).all()
        events = session.scalars(select(DossierEvent.at)).all()
    assert len(received) == 300 and len(events) > 300
    off = [t for t in [*received, *events] if t != NOW and calendar.next_working_moment(t) != t]
    assert off == []
    assert not any(date(2026, 2, 16) <= t.date() <= date(2026, 2, 20) for t in received)  # Tết
    assert all(t <= NOW for t in [*received, *events])


def test_a_second_demo_run_continues_each_logbook(store):
    create_demo(store, 120, now=NOW)
    create_demo(store, 80, seed=7, now=NOW)
    lines = defaultdict(list)
    with store.read() as session:
        for ws, year, line in session.execute(
                select(Dossier.workstation_no, Dossier.logbook_year, Dossier.logbook_line)):
            lines[(ws, year)].append(line)
    assert sum(len(v) for v in lines.values()) == 200
    # each counter goes on with its part of the year's book: W, W + 10, W + 20, … (stride 10)
    assert all(sorted(v) == [ws + 10 * k for k in range(len(v))] for (ws, _), v in lines.items())
    for year in {y for _, y in lines}:
        in_year = [n for (_, y), v in lines.items() if y == year for n in v]
        assert len(in_year) == len(set(in_year))  # one agency, one book a year: no line twice



def test_demo_profiles_never_share_a_code(tmp_path):
    """Two demo profiles set up as different counters number only in their own sequences, so
    both can sync to one province (before, each wrote codes of counters 1–4)."""
    from counter_app.store.db import open_store

    given = []
    for ws in (1, 2):
        s = open_store(tmp_path / f"ws{ws}")
        try:
            create_demo(s, 300, now=NOW, workstation_no=ws)
            with s.read() as session:
                rows = session.execute(select(Dossier.code, Dossier.code_seq, Dossier.workstation_no)).all()
        finally:
            s.dispose()
        assert {w for _, _, w in rows} == {ws}
        assert all(seq % 10 == ws for _, seq, _ in rows)
        given.append({c for c, _, _ in rows})
    assert len(given[0]) == len(given[1]) == 300 and not given[0] & given[1]


def test_demo_names_follow_real_surname_frequencies(store):
    """Nguyễn is about 38% of Vietnamese surnames, not one in twenty: the demo's searches for a
    common name meet as many rows as a real counter's do."""
    from counter_app.domain.text import fold

    create_demo(store, 3000, seed=7, now=NOW)
    with store.read() as session:
        names = session.scalars(select(Dossier.applicant_name).where(Dossier.applicant_kind == "person")).all()
    assert len(names) > 2000  # businesses apply through a representative: only people here
    share = {s: sum(n.split()[0] == s for n in names) / len(names) for s in ("Nguyễn", "Trần", "Lý")}
    assert 0.35 < share["Nguyễn"] < 0.42 and 0.09 < share["Trần"] < 0.13 and share["Lý"] < 0.015
    thi = sum(fold(n).split()[1] == "thi" for n in names) / len(names)
    assert 0.18 < thi < 0.27  # "Thị", the customary middle name of about half the women
