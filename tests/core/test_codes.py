"""Dossier codes: format, parsing, and no collision between offline workstations."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from counter_app import codes
from counter_app.db import open_store
from counter_app.demo import DEMO_AGENCY, DEMO_OFFICERS
from counter_app.errors import CodeSpaceExhausted
from counter_app.services.receiving import receive
from counter_app.services.setup import initialise_profile

CODE_RE = re.compile(r"^000\.00\.14\.H56-260310-\d{4}$")


def test_format_and_parse_round_trip():
    code = codes.format_code("000.00.14.H56", date(2020, 2, 3), 118)
    assert code == "000.00.14.H56-200203-0118"
    parsed = codes.parse_code(code)
    assert parsed == codes.DossierCode("000.00.14.H56", date(2020, 2, 3), 118)
    assert codes.parse_code("38.98.H29-210519-0003").agency_id == "38.98.H29"


@pytest.mark.parametrize("bad", ["", "abc", "000.00.14.H56-200231-0001", "000.00.14.H56-200203-118",
                                 "000.00.14.H56-2002030-0001", "-200203-0001"])
def test_parse_refuses_malformed_codes(bad):
    assert codes.parse_code(bad) is None


def test_workstations_interleave_without_overlap():
    stride = 10
    seen = {}
    for ws in range(1, stride + 1):
        for i in range(50):
            seq = codes.workstation_sequence(ws, stride, i)
            assert seq not in seen, f"{seq} given to workstations {seen[seq]} and {ws}"
            seen[seq] = ws
    with pytest.raises(ValueError):
        codes.workstation_sequence(11, stride, 0)


def test_three_offline_workstations_500_dossiers_each_never_collide(tmp_path, make_draft):
    all_codes: list[str] = []
    received_at = datetime(2026, 3, 10, 7, 30)
    for ws in (1, 2, 3):
        store = open_store(tmp_path / f"ws{ws}")
        initialise_profile(store, DEMO_AGENCY, ws, DEMO_OFFICERS)
        for i in range(500):
            at = received_at + timedelta(seconds=30 * i)
            all_codes.append(receive(store, make_draft(received_at=at), now=at).code)
        store.dispose()
    assert len(all_codes) == 1500
    assert len(set(all_codes)) == 1500
    assert all(CODE_RE.match(c) for c in all_codes), [c for c in all_codes if not CODE_RE.match(c)][:5]


def test_a_workstation_that_used_every_number_of_the_day_is_told_so(store, make_draft):
    with store.write() as s:
        assert codes.next_sequence(s, DEMO_AGENCY.id, date(2026, 3, 10), 1, 10) == 1
    with pytest.raises(CodeSpaceExhausted, match="Quầy số 1"):
        with store.write() as s:
            from counter_app.models import Dossier
            from sqlalchemy import update

            receive(store, make_draft())
            s.execute(update(Dossier).values(code_seq=9991))
            codes.next_sequence(s, DEMO_AGENCY.id, date(2026, 3, 10), 1, 10)
