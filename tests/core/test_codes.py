"""Dossier codes: format, parsing, and no collision between offline workstations."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace as _replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as h_settings
from hypothesis import strategies as st

from counter_app.domain import code_rules, dossier_codes
from counter_app.domain.clock import to_vn
from counter_app.domain.errors import CodeSpaceExhausted, Message
from counter_app.services.demo import DEMO_AGENCY, DEMO_OFFICERS
from counter_app.services.receiving import receive
from counter_app.services.setup import initialise_profile
from counter_app.store import backup, catalogue_tables
from counter_app.store import code_sequences
from counter_app.store import settings as profile_settings
from counter_app.store.code_marks import MARKS_DIR
from counter_app.store.db import open_store
from ui.messages import error_text

CODE_RE = re.compile(r"^000\.00\.14\.H56-260310-\d{4}$")


def test_format_and_parse_round_trip():
    code = dossier_codes.format_code("000.00.14.H56", date(2020, 2, 3), 118)
    assert code == "000.00.14.H56-200203-0118"
    parsed = dossier_codes.parse_code(code)
    assert parsed == dossier_codes.DossierCode("000.00.14.H56", date(2020, 2, 3), 118)
    assert dossier_codes.parse_code("38.98.H29-210519-0003").agency_id == "38.98.H29"


@pytest.mark.parametrize("bad", ["", "abc", "000.00.14.H56-200231-0001", "000.00.14.H56-200203-118",
                                 "000.00.14.H56-2002030-0001", "-200203-0001"])
def test_parse_refuses_malformed_codes(bad):
    assert dossier_codes.parse_code(bad) is None


def test_workstations_interleave_without_overlap():
    stride = 10
    seen = {}
    for ws in range(1, stride + 1):
        for i in range(50):
            seq = dossier_codes.workstation_sequence(ws, stride, i)
            assert seq not in seen, f"{seq} given to workstations {seen[seq]} and {ws}"
            seen[seq] = ws
    with pytest.raises(ValueError):
        dossier_codes.workstation_sequence(11, stride, 0)


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
        assert code_sequences.next_sequence(s, DEMO_AGENCY.id, date(2026, 3, 10), 1, 10) == 1
    with pytest.raises(CodeSpaceExhausted) as err:
        with store.write() as s:
            from sqlalchemy import update

            from counter_app.store.models import Dossier

            receive(store, make_draft())
            s.execute(update(Dossier).values(code_seq=9991))
            code_sequences.next_sequence(s, DEMO_AGENCY.id, date(2026, 3, 10), 1, 10)
    assert err.value.message == Message("codes.exhausted", {"workstation": 1, "day": date(2026, 3, 10)})
    assert error_text(err.value) == "Quầy số 1 đã dùng hết số thứ tự hồ sơ của ngày 10/03/2026."


# -- both code forms, offline workstations, restores and midnight in Vietnam (issue 11, item 7) --

CENTRAL, PLATFORM, STATIONS = "H56.000.00", "07", (1, 2, 3)
#: 23:57 in Vietnam (UTC+7): a program of a few minutes crosses into 11/03 there.
START = datetime(2026, 3, 10, 16, 57, tzinfo=UTC)

_step = st.one_of(
    st.tuples(st.just("receive"), st.sampled_from(STATIONS), st.booleans(), st.integers(0, 90)),
    st.tuples(st.just("backup"), st.sampled_from(STATIONS)),
    st.tuples(st.just("restore"), st.sampled_from(STATIONS), st.booleans()),
)


def _workstation(folder, number):
    store = open_store(folder)
    initialise_profile(store, DEMO_AGENCY, number, DEMO_OFFICERS)
    with store.write() as session:  # 1.001193 centralised; 1.000656 not
        spec = catalogue_tables.get_spec(session, "1.001193")
        catalogue_tables.upsert_specs(session, [_replace(spec, centralised=True)])
        profile_settings.set_setting(session, code_rules.CENTRALISED_AGENCY_ID, CENTRAL)
        profile_settings.set_setting(session, code_rules.PLATFORM_OWNER, PLATFORM)
    return store


@pytest.mark.slow
@h_settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=st.lists(_step, min_size=4, max_size=28))
def test_both_forms_never_collide_across_workstations_restores_and_midnight(tmp_path_factory, make_draft, program):
    """Three offline workstations of one agency receive centralised (second form) and other
    (first form) dossiers around midnight Vietnam time, back up and restore (with or without
    their marks): no code of either form is ever printed twice."""
    root = tmp_path_factory.mktemp("ws")
    folders = {n: root / f"ws{n}" for n in STATIONS}
    stores = {n: _workstation(folders[n], n) for n in STATIONS}
    backups: dict[int, object] = {}
    printed: list[tuple[str, int, bool, datetime]] = []
    at = START
    try:
        for step in program:
            if step[0] == "receive":
                _, n, centralised, seconds = step
                at += timedelta(seconds=seconds)
                draft = make_draft(procedure_code="1.001193" if centralised else "1.000656", received_at=at)
                printed.append((receive(stores[n], draft, now=at).code, n, centralised, at))
            elif step[0] == "backup":
                backups[step[1]] = backup.backup_now(stores[step[1]], folders[step[1]], now=to_vn(at), reason="manual").path
            elif step[1] in backups:
                _, n, lose_marks = step
                if lose_marks:
                    shutil.rmtree(folders[n] / MARKS_DIR, ignore_errors=True)
                stores[n] = backup.restore_backup(folders[n], backups[n], store=stores[n], now=to_vn(at)).store
    finally:
        for store in stores.values():
            store.dispose()
    made = [code for code, *_ in printed]
    assert len(made) == len(set(made)), sorted(c for c in made if made.count(c) > 1)
    for code, n, centralised, when in printed:
        parsed = dossier_codes.parse_code(code)
        assert parsed.day == to_vn(when).date()  # the day of receipt in Vietnam, not UTC
        assert parsed.seq % 10 == n % 10  # the workstation's own numbers
        if centralised:  # received on 10-11/03/2026: the second form is in force for these
            assert (parsed.rule_id, parsed.agency_id, parsed.platform) == ("tt04-2025-centralised", CENTRAL, PLATFORM)
        else:
            assert (parsed.rule_id, parsed.agency_id) == ("tt01-2018", DEMO_AGENCY.id)
    # The agency's daily numbers are unique whatever form printed them.
    numbers = [(dossier_codes.parse_code(c).day, dossier_codes.parse_code(c).seq) for c in made]
    assert len(numbers) == len(set(numbers))
