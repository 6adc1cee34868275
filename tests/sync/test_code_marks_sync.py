"""Repro A of issue 12 item 2 against the real server: back up, receive two, sync, restore,
receive: the new dossier never gets a code the province already holds."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from counter_app import backup
from counter_app.code_marks import MARKS_DIR
from counter_app.drafts import DossierDraft
from counter_app.services.receiving import receive
from sync.config import load_config
from sync.engine import SyncState
from sync.server.schema import dossier
from sync.transport import HttpTransport


def _receive(store, n: int) -> list[str]:
    draft = DossierDraft(procedure_code="1.001193", applicant_name="Nguyễn Văn An", id_number="001092012345",
                         address="Số 1 Trần Phú, Hải Châu, Đà Nẵng", phone="0912345678")
    return [receive(store, draft, "canbo1").code for _ in range(n)]


def _server_codes(server_store) -> list[str]:
    with server_store.engine.connect() as conn:
        return sorted(conn.scalars(select(dossier.c.code)))


@pytest.mark.parametrize("lost", [False, True], ids=["restore", "rebuilt-pc"])
def test_after_restore_new_dossiers_are_accepted_by_the_province(server, server_store, make_workstation, lost):
    ws = make_workstation(1)
    ws.enroll(server.url, server_store)
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


def test_the_server_reports_only_the_asking_workstations_sequence(server, server_store, make_workstation):
    one, two = make_workstation(1), make_workstation(2)
    for ws, n in ((one, 3), (two, 1)):
        ws.enroll(server.url, server_store)
        _receive(ws.store, n)
        assert ws.engine().run_once().acknowledged == n
    config = load_config(two.store)
    transport = HttpTransport(config.server_url, config.token)
    today = datetime.now().date()
    try:
        assert transport.code_marks(today - timedelta(days=3), 1, 10) == [(today, 21)]
        assert transport.code_marks(today - timedelta(days=3), 2, 10) == [(today, 2)]
        assert transport.code_marks(today - timedelta(days=3), 3, 10) == []
        assert transport.code_marks(today + timedelta(days=1), 1, 10) == []
    finally:
        transport.close()
