"""Repro A of issue 12 item 2 against the real server: back up, receive two, sync, restore,
receive: the new dossier never gets a code the province already holds."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from sqlalchemy import select

from dataclasses import replace

from counter_app.store import backup, catalogue_tables, settings
from counter_app.domain import code_rules
from counter_app.domain.clock import now_vn
from counter_app.store.code_marks import MARKS_DIR
from counter_app.domain.drafts import DossierDraft
from counter_app.services.receiving import receive
from sync.config import load_config, make_transport
from sync.engine import SyncState
from sync.server.schema import dossier


CENTRAL, PLATFORM = "H56.000.00", "01"


def _second_form(store) -> None:
    """Flag 1.001193 as served by a nationally centralised solution: from 25/01/2026 its codes
    take the second form (Thông tư 04/2025/TT-VPCP), from the same daily sequence."""
    with store.write() as session:
        spec = catalogue_tables.get_spec(session, "1.001193")
        catalogue_tables.upsert_specs(session, [replace(spec, centralised=True)])
        settings.set_setting(session, code_rules.CENTRALISED_AGENCY_ID, CENTRAL)
        settings.set_setting(session, code_rules.PLATFORM_OWNER, PLATFORM)


def _receive(store, n: int) -> list[str]:
    draft = DossierDraft(procedure_code="1.001193", applicant_name="Nguyễn Văn An", id_number="001092012345",
                         address="Số 1 Trần Phú, Hải Châu, Đà Nẵng", phone="0912345678")
    return [receive(store, draft, "canbo1").code for _ in range(n)]


def _server_codes(server_store) -> list[str]:
    with server_store.engine.connect() as conn:
        return sorted(conn.scalars(select(dossier.c.code)))


@pytest.mark.parametrize("form", ["first", "second"])
@pytest.mark.parametrize("lost", [False, True], ids=["restore", "rebuilt-pc"])
def test_after_restore_new_dossiers_are_accepted_by_the_province(server, server_store, make_workstation, lost, form):
    ws = make_workstation(1)
    ws.enroll(server.url, server_store)
    if form == "second":
        _second_form(ws.store)
    made = backup.backup_now(ws.store, ws.profile_dir, reason="manual")
    given = _receive(ws.store, 2)
    first = ws.engine().run_once()
    assert (first.state, first.acknowledged) == (SyncState.ONLINE, 2)
    restored = backup.restore_backup(ws.profile_dir, made.path, store=ws.store)
    ws.store = restored.store
    if lost:  # the PC was rebuilt from the backup: no marks folder, no set-aside file
        shutil.rmtree(ws.profile_dir / MARKS_DIR)
        shutil.rmtree(ws.profile_dir / backup.SET_ASIDE_DIR)
        assert ws.engine().run_once().state is SyncState.ONLINE  # learns the province's codes
    [after] = _receive(ws.store, 1)
    assert after not in given
    last = ws.engine().run_once()
    assert (last.state, last.acknowledged, last.rejected, last.rejected_total) == (SyncState.ONLINE, 1, 0, 0)
    assert _server_codes(server_store) == sorted([*given, after])
    head = CENTRAL if form == "second" else "000.00.14.H56"
    assert all(code.startswith(head + "-") for code in [*given, after])


def test_the_server_reports_only_the_asking_workstations_sequence(server, server_store, make_workstation):
    one, two = make_workstation(1), make_workstation(2)
    for ws, n in ((one, 3), (two, 1)):
        ws.enroll(server.url, server_store)
        _receive(ws.store, n)
        assert ws.engine().run_once().acknowledged == n
    config = load_config(two.store)
    transport = make_transport(config)
    today = now_vn().date()  # dossier numbers run by the day in Vietnam, whatever the PC's zone
    try:
        assert transport.code_marks(today - timedelta(days=3), 1, 10) == [(today, 21)]
        assert transport.code_marks(today - timedelta(days=3), 2, 10) == [(today, 2)]
        assert transport.code_marks(today - timedelta(days=3), 3, 10) == []
        assert transport.code_marks(today + timedelta(days=1), 1, 10) == []
    finally:
        transport.close()


def test_the_server_reports_second_form_numbers_under_the_identifier_asked(server, server_store, make_workstation):
    ws = make_workstation(2)
    ws.enroll(server.url, server_store)
    _second_form(ws.store)
    assert _receive(ws.store, 2)[1].startswith(f"{CENTRAL}-")  # numbers 2 and 12, second form
    assert ws.engine().run_once().acknowledged == 2
    transport = make_transport(load_config(ws.store))
    today = now_vn().date()  # dossier numbers run by the day in Vietnam, whatever the PC's zone
    try:
        assert transport.code_marks(today - timedelta(days=3), 2, 10) == []  # not under the agency's own
        assert transport.code_marks(today - timedelta(days=3), 2, 10, prefix=CENTRAL) == [(today, 12)]
    finally:
        transport.close()
