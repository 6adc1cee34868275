"""Counter and province end with the same status, version and history for every dossier."""

from __future__ import annotations

from datetime import datetime

import requests
from sqlalchemy import select

from counter_app.domain.enums import DossierStatus
from counter_app.domain.merge import fold
from counter_app.store.models import Dossier
from counter_app.services import actions
from counter_app.services.remote import local_history
from sync import config as keys


def server_copy(ws, server_url: str, dossier_id: str) -> dict:
    token = keys.read_token(ws.store)
    resp = requests.get(f"{server_url}/v1/dossiers/{dossier_id}", headers={"Authorization": f"Bearer {token}"},
                        timeout=10)
    resp.raise_for_status()
    return resp.json()


def test_a_hand_over_racing_a_department_result_converges(server, server_store, make_workstation):
    """The issue's repro: synced; a department sets 9 on the server; before pulling, the counter
    hands the dossier over (local version 2, status 4); then the counter syncs."""
    ws = make_workstation(1)
    ws.receive_many(6)
    ws.enroll(server.url, server_store)
    engine = ws.engine()
    assert engine.run_once().acknowledged == 6
    with ws.store.read() as s:
        dossiers = s.execute(select(Dossier.id, Dossier.code).order_by(Dossier.code)).all()
    for _id, code in dossiers:
        assert server_store.department_status(code, int(DossierStatus.RESULT_READY), by="Phòng Tư pháp")["version"] == 2
        done = actions.hand_over(ws.store, code, "canbo1", department="Phòng Tư pháp", now=datetime(2026, 3, 10, 10, 0))
        assert (done.version, done.to_status) == (2, DossierStatus.PROCESSING)
    engine.run_once()
    engine.run_once()  # a second round changes nothing: the two sides already agree
    converged = 0
    for dossier_id, _code in dossiers:
        remote = server_copy(ws, server.url, dossier_id)
        with ws.store.read() as s:
            local = s.execute(select(Dossier.status, Dossier.version).where(Dossier.id == dossier_id)).one()
            history = [e.to_json() for e in fold(local_history(s, dossier_id)).history]
        converged += (remote["status"], remote["version"], remote["history"]) == (local.status, local.version, history)
    assert converged == len(dossiers), f"{converged} of {len(dossiers)} dossiers converged"
    # The department, which holds the result, wins the tie; the hand-over stays in the history.
    assert (remote["status"], remote["version"]) == (int(DossierStatus.RESULT_READY), 3)
    assert [(e["origin"], e["kind"], e["version"]) for e in remote["history"]] == [
        ("counter", "received", 1), ("counter", "handed_over", 2), ("department", "remote_status", 2)]
