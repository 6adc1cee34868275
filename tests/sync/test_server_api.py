"""The reference server's API: enrollment, idempotency, agency scoping, OpenAPI, stats."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import requests
from sqlalchemy import select

from counter_app.store.models import OutboxItem
from sync.server.schema import conflict, device, enrollment_code
from sync.server.store import sha256
from sync.signing import new_key
from sync.transport import AuthError, HttpTransport, PermanentError


def _payloads(ws, n):
    ws.receive_many(n)
    with ws.store.read() as s:
        return [row.payload for row in s.scalars(select(OutboxItem).order_by(OutboxItem.seq))]


def _transport(server, server_store, agency="000.00.14.H56", workstation_no=1):
    code = server_store.issue_code(agency)
    key = new_key()
    enrolled = HttpTransport(server.url, device_key=key).enroll(code, workstation_no)
    return HttpTransport(server.url, enrolled.token, device_id=enrolled.device_id, device_key=key), enrolled


def test_health_and_openapi_are_served(server):
    assert requests.get(server.url + "/health", timeout=5).json() == {"status": "ok", "api": "1"}
    spec = requests.get(server.url + "/openapi.json", timeout=5).json()
    assert {"/v1/enroll", "/v1/events", "/v1/changes", "/v1/dossiers/{dossier_id}"} <= set(spec["paths"])
    assert "/_faults" not in spec["paths"]


def test_enrollment_code_is_one_time_and_secrets_are_stored_hashed(server, server_store):
    code = server_store.issue_code("000.00.14.H56")
    first = HttpTransport(server.url, device_key=new_key()).enroll(code, 1)
    with pytest.raises(PermanentError) as refused:
        HttpTransport(server.url, device_key=new_key()).enroll(code, 2)
    assert refused.value.status == 403
    with server_store.engine.connect() as conn:
        codes = conn.execute(select(enrollment_code.c.code_hash)).scalars().all()
        tokens = conn.execute(select(device.c.token_hash)).scalars().all()
    assert codes == [sha256(code)]
    assert tokens == [sha256(first.token)]
    with pytest.raises(AuthError):
        HttpTransport(server.url, "not-a-token").pull(0)


def test_same_event_id_same_content_same_ack_different_content_conflict(server, server_store, make_workstation):
    ws = make_workstation(1)
    [event] = _payloads(ws, 1)
    transport, _ = _transport(server, server_store)
    [first] = transport.push([event])
    [again] = transport.push([event])
    assert first.status == "accepted" and first.ack is not None
    assert (again.status, again.ack, again.code) == ("accepted", first.ack, 200)
    # The snapshot is built when the item is sent (a thin outbox): a re-send may carry the
    # dossier as it stands later. The idempotency covers the event part only.
    later = json.loads(json.dumps(event))
    later["dossier"]["phone"] = "0987654321"
    [resent] = transport.push([later])
    assert (resent.status, resent.ack, resent.code) == ("accepted", first.ack, 200)
    changed = json.loads(json.dumps(event))
    changed["officer_name"] = "Trần Thị Bình"
    [clash] = transport.push([changed])
    assert (clash.status, clash.code, clash.ack) == ("conflict", 409, None)
    assert server_store.stats()["events"] == 1
    with server_store.engine.connect() as conn:
        kept = conn.execute(select(conflict.c.event_id, conflict.c.payload)).all()
    assert [(k.event_id, k.payload["officer_name"]) for k in kept] == [(event["event_id"], "Trần Thị Bình")]


def test_a_token_reads_and_writes_only_its_own_agencys_dossiers(server, server_store, make_workstation):
    ws = make_workstation(1)
    [event] = _payloads(ws, 1)
    mine, _ = _transport(server, server_store)
    other, _ = _transport(server, server_store, agency="000.00.15.H56")
    [refused] = other.push([event])
    assert (refused.status, refused.code) == ("rejected", 403)
    assert mine.push([event])[0].status == "accepted"
    dossier_id = event["dossier"]["id"]
    # the other agency may not overwrite it by claiming it under its own id either
    stolen = json.loads(json.dumps(event))
    stolen["event_id"] = "01900000-0000-7000-8000-000000000001"
    stolen["dossier"]["agency_id"] = "000.00.15.H56"
    stolen["dossier"]["code"] = stolen["dossier"]["code"].replace("000.00.14.H56", "000.00.15.H56")
    [refused] = other.push([stolen])
    assert (refused.status, refused.code) == ("rejected", 403)
    assert mine.session.get(f"{server.url}/v1/dossiers/{dossier_id}", headers={"Authorization": f"Bearer {mine.token}"},
                            timeout=5).json()["code"] == event["dossier"]["code"]
    assert other.session.get(f"{server.url}/v1/dossiers/{dossier_id}", headers={"Authorization": f"Bearer {other.token}"},
                             timeout=5).status_code == 404
    server_store.department_status(dossier_id, 4, by="Phòng Tư pháp")
    assert [c["kind"] for c in mine.pull(0).changes] == ["dossier_status"]
    assert other.pull(0).changes == []


def test_invalid_items_are_rejected_with_a_reason_and_do_not_stop_the_batch(server, server_store, make_workstation):
    ws = make_workstation(1)
    events = _payloads(ws, 3)
    transport, _ = _transport(server, server_store)
    broken = json.loads(json.dumps(events[1]))
    broken["dossier"]["status"] = 42
    results = transport.push([events[0], broken, events[2]])
    assert [(r.status, r.code) for r in results] == [("accepted", 200), ("rejected", 422), ("accepted", 200)]
    assert results[1].reason == "Trạng thái hồ sơ không hợp lệ: 42."
    assert server_store.stats()["events"] == 2


def test_stats_command_prints_json_counts(server, server_store, make_workstation):
    ws = make_workstation(1)
    transport, _ = _transport(server, server_store)
    transport.push(_payloads(ws, 2))
    out = subprocess.run([sys.executable, "-m", "sync.server.cli", "stats", "--db", server.db_url],
                         capture_output=True, encoding="utf-8", text=True, check=True)
    stats = json.loads(out.stdout)
    assert (stats["dossiers"], stats["events"]) == (2, 2)



def test_the_health_ping_fails_when_the_database_does_not_answer(tmp_path):
    from sqlalchemy import create_engine
    from sqlalchemy.exc import OperationalError

    from sync.server.store import ServerStore

    engine = create_engine(f"sqlite:///{tmp_path / 'missing' / 'server.sqlite3'}")  # no such folder
    with pytest.raises(OperationalError):
        ServerStore(engine).ping()
