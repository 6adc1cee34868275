"""Migration 0013 (the thin outbox) on a profile left by 0012 with queued, in-flight, refused and
delivered items, then a sync against the real reference server: nothing lost, nothing doubled,
both sides agree. And the way down (0013 → 0012) as far as it goes."""

from __future__ import annotations

import json
from datetime import datetime

import requests
from alembic import command
from sqlalchemy import select

from counter_app.store import crypt, migrate
from counter_app.store.models import Dossier, DossierEvent
from counter_app.services import actions
from counter_app.store.outbox import SqlOutbox
from sync import config as keys
from sync.config import load_config, make_transport
from sync.outbox import list_rejected, requeue


def _fat_rows(ws) -> list[dict]:
    with crypt.connect(ws.store.path) as db:
        cur = db.execute("SELECT * FROM outbox ORDER BY seq")
        names = [c[0] for c in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]


def _codes(ws) -> list[str]:
    with ws.store.read() as s:
        return list(s.scalars(select(Dossier.code).order_by(Dossier.code)))


def _server_copy(server, ws, dossier_id: str) -> dict:
    resp = requests.get(f"{server.url}/v1/dossiers/{dossier_id}",
                        headers={"Authorization": f"Bearer {keys.read_token(ws.store)}"}, timeout=10)
    resp.raise_for_status()
    return resp.json()


def test_a_0012_profile_keeps_every_queued_item_and_both_sides_agree_after_the_sync(
        make_workstation, server, server_store):
    ws = make_workstation(1)
    ws.receive_many(6)
    first = _codes(ws)[0]
    actions.hand_over(ws.store, first, "canbo1", department="Phòng Tư pháp", now=datetime(2026, 3, 10, 10))
    ws.enroll(server.url, server_store)
    config = migrate.alembic_config(ws.store)
    command.downgrade(config, "0012")  # the profile as 0012 keeps it: a full snapshot per item
    fat = _fat_rows(ws)
    assert len(fat) == 7 and all("payload" in r and "event_id" in r for r in fat)
    payloads = [json.loads(r["payload"]) for r in fat]
    assert all(p["dossier"]["code"] for p in payloads)
    # What a 0012 client had done before the upgrade: items 0 and 1 sent, the server holds them,
    # their acknowledgement lost (in flight); item 2 refused (set aside); item 3 delivered.
    pushed = make_transport(load_config(ws.store)).push_signed([payloads[i] for i in (0, 1, 3)])
    assert [r.status for r in pushed.results] == ["accepted"] * 3
    with crypt.connect(ws.store.path) as db:
        db.execute("UPDATE outbox SET state = 'in_flight', attempts = 1 WHERE seq IN (?, ?)",
                   (fat[0]["seq"], fat[1]["seq"]))
        db.execute("UPDATE outbox SET state = 'rejected', attempts = 1, rejected_reason = 'Máy chủ từ chối (422).'"
                   " WHERE seq = ?", (fat[2]["seq"],))
        db.execute("UPDATE outbox SET state = 'delivered', attempts = 1, delivered_at = '2026-03-10 10:05:00.000000'"
                   " WHERE seq = ?", (fat[3]["seq"],))
        db.commit()

    command.upgrade(config, "head")
    assert migrate.current_revision(ws.store) == migrate.HEAD_REVISION
    with ws.store.read() as s:
        rows = s.execute(select(DossierEvent.id, DossierEvent.seq).order_by(DossierEvent.seq)).all()
    seq_of = dict(rows)
    with crypt.connect(ws.store.path) as db:
        kept = db.execute("SELECT seq, state, attempts, claimed_until, rejected_reason, payload FROM outbox"
                          " ORDER BY seq").fetchall()
    # Every queued item kept (the delivered one gone), each under its event's number, its
    # recorded payload unchanged (a re-send the server recognises byte for byte).
    expected = [(seq_of[p["event_id"]], "rejected" if i == 2 else "pending", 1 if i < 3 else 0,
                 None, "Máy chủ từ chối (422)." if i == 2 else None, p)
                for i, p in enumerate(payloads) if i != 3]
    assert [(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in kept] == expected
    [shown] = list_rejected(ws.store)  # the refused-items page still lists it
    assert (shown.event_id, shown.kind, shown.reason) == (payloads[2]["event_id"], payloads[2]["kind"],
                                                         "Máy chủ từ chối (422).")

    # A change after the upgrade queues a thin item; then the sync.
    second = _codes(ws)[1]
    actions.hand_over(ws.store, second, "canbo1", department="Phòng Tư pháp", now=datetime(2026, 3, 10, 11))
    done = ws.engine().run_once()
    assert (done.state.value, done.acknowledged, done.rejected_total, done.pending) == ("online", 6, 1, 0)
    assert requeue(ws.store, [shown.seq]) == 1  # the cause fixed at the province: sent again
    again = ws.engine().run_once()
    assert (again.acknowledged, again.rejected_total, again.pending) == (1, 0, 0)
    assert SqlOutbox(ws.store).counts().pending == 0
    stats = server_store.stats()
    assert (stats["dossiers"], stats["events"], stats["conflicts"]) == (6, 8, 0)
    with ws.store.read() as s:
        local = s.execute(select(Dossier.id, Dossier.code, Dossier.status, Dossier.version, Dossier.phone)).all()
    for dossier_id, code, status, version, phone in local:
        remote = _server_copy(server, ws, dossier_id)
        assert (remote["code"], remote["status"], remote["version"]) == (code, status, version), code
        assert remote["snapshot"]["phone"] == phone


def test_the_way_down_rebuilds_full_items_from_the_history_and_the_way_up_keeps_them(make_workstation):
    ws = make_workstation(1)
    ws.receive_many(3)
    outbox = SqlOutbox(ws.store)
    now = datetime(2026, 3, 10, 12)
    claimed = outbox.claim(now, limit=10)
    outbox.set_aside([claimed[1].seq], "Trạng thái hồ sơ không hợp lệ: 42.")
    outbox.ack([claimed[2].seq])
    would_send = {c.event_id: c.payload for c in claimed}
    config = migrate.alembic_config(ws.store)
    command.downgrade(config, "0012")
    fat = _fat_rows(ws)
    # The claimed item is pending again; the set-aside one keeps its reason; the delivered one
    # is not rebuilt (0013 deleted it). Each payload is what 0013 would send now.
    assert [(r["event_id"], r["kind"], r["state"], r["rejected_reason"]) for r in fat] == [
        (claimed[0].event_id, "received", "pending", None),
        (claimed[1].event_id, "received", "rejected", "Trạng thái hồ sơ không hợp lệ: 42.")]
    assert all(json.loads(r["payload"]) == would_send[r["event_id"]] for r in fat)
    assert all(r["dossier_id"] == would_send[r["event_id"]]["dossier"]["id"] for r in fat)
    command.upgrade(config, "head")
    ids = [c.event_id for c in outbox.claim(now, limit=10)]
    assert ids == [claimed[0].event_id]
    assert [r.event_id for r in list_rejected(ws.store)] == [claimed[1].event_id]
