"""Several counters of one agency work offline, then sync at once: every dossier once, codes unique."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest
from sqlalchemy import func, select

from counter_app.store.models import Dossier
from sync.engine import SyncState
from sync.server.schema import dossier
from sync.config import make_transport

PER_WORKSTATION = 500


def patient_transport(config):
    """Three writers share two cores here: allow the production read timeout."""
    return make_transport(config, connect_timeout=5.0, read_timeout=60.0)


@pytest.mark.slow
def test_three_workstations_offline_then_syncing_at_once(server, server_store, make_workstation):
    stations = [make_workstation(n) for n in (1, 2, 3)]
    for ws in stations:
        ws.receive_many(PER_WORKSTATION, per_transaction=250)
        ws.enroll(server.url, server_store)
    results, start = {}, threading.Barrier(3)

    def sync(ws):
        start.wait()
        results[ws.number] = ws.engine(batch_size=100, transport_factory=patient_transport).run_once()

    threads = [threading.Thread(target=sync, args=(ws,)) for ws in stations]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    assert {n: (r.state, r.acknowledged, r.pending) for n, r in results.items()} == {
        n: (SyncState.ONLINE, PER_WORKSTATION, 0) for n in (1, 2, 3)}
    stats = server_store.stats()
    assert (stats["dossiers"], stats["events"], stats["conflicts"]) == (1500, 1500, 0)
    with server_store.engine.connect() as conn:
        codes = conn.execute(select(dossier.c.code)).scalars().all()
    local = set()
    for ws in stations:
        with ws.store.read() as s:
            local |= set(s.scalars(select(Dossier.code)))
    assert len(set(codes)) == 1500 and set(codes) == local


def test_cli_enroll_then_sync_prints_json(server, server_store, make_workstation):
    ws = make_workstation(1)
    ws.receive_many(4)
    code = server_store.issue_code("000.00.14.H56")
    base = [sys.executable, "-m", "ui.cli.main", "--profile", str(ws.profile_dir)]
    enrolled = subprocess.run(base + ["enroll", "--server", server.url, "--code", code],
                              capture_output=True, encoding="utf-8", text=True, timeout=60)
    assert enrolled.returncode == 0, enrolled.stderr
    reused = subprocess.run(base + ["enroll", "--server", server.url, "--code", code],
                            capture_output=True, encoding="utf-8", text=True, timeout=60)
    assert reused.returncode == 1
    assert "Mã đăng ký không đúng hoặc đã được dùng." in reused.stderr
    out = subprocess.run(base + ["sync"], capture_output=True, encoding="utf-8", text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert {k: report[k] for k in ("pushed", "acknowledged", "rejected", "pulled", "pending")} == {
        "pushed": 4, "acknowledged": 4, "rejected": 0, "pulled": 0, "pending": 0}
    insecure = subprocess.run(base + ["enroll", "--server", "http://province.example.vn", "--code", "X"],
                              capture_output=True, encoding="utf-8", text=True, timeout=60)
    assert insecure.returncode == 2
    with ws.store.read() as s:
        assert s.scalar(select(func.count()).select_from(Dossier)) == 4
