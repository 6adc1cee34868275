"""Kills on either side: the server mid-batch, the client mid-send; nothing lost, nothing doubled."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta

from sqlalchemy import case, func, select, update

from counter_app.domain.clock import now_vn
from counter_app.store.models import OutboxItem
from sync.engine import SyncState
from tests.sync.conftest import ServerProcess


def _states(ws) -> dict[str, int]:
    """Waiting items by state ("claimed": pending under a sender's lease); delivered ones are gone."""
    with ws.store.read() as s:
        state = case((OutboxItem.claimed_until.is_not(None), "claimed"), else_=OutboxItem.state)
        return dict(s.execute(select(state, func.count()).group_by(state)).all())


def test_server_killed_in_the_middle_of_a_batch_and_restarted(server, server_store, make_workstation):
    ws = make_workstation(1)
    ws.receive_many(60)
    ws.enroll(server.url, server_store)
    server.faults(hang_after_items=10)
    engine = ws.engine(batch_size=25)
    outcome = {}
    sender = threading.Thread(target=lambda: outcome.setdefault("result", engine.run_once()))
    sender.start()
    server.wait_hanging()
    server.kill()
    sender.join(timeout=30)
    assert not sender.is_alive()
    assert outcome["result"].state is SyncState.OFFLINE
    assert _states(ws) == {"pending": 60}  # the round released its claim
    assert server_store.stats()["events"] == 10  # the part committed before the kill
    restarted = ServerProcess(server.db_url, port=server.port).start()
    try:
        done = engine.run_once(force=True)
        assert (done.state, done.acknowledged, done.pending) == (SyncState.ONLINE, 60, 0)
    finally:
        restarted.stop()
    stats = server_store.stats()
    assert (stats["dossiers"], stats["events"], stats["conflicts"]) == (60, 60, 0)


def _client_sync(profile_dir, *extra):
    return [sys.executable, "-m", "ui.cli.main", "--profile", str(profile_dir), "sync", *extra]


def test_client_killed_while_sending_loses_and_doubles_nothing(server, server_store, make_workstation):
    ws = make_workstation(3)
    ws.receive_many(30)
    ws.enroll(server.url, server_store)
    server.faults(hang_after_items=5)
    client = subprocess.Popen(_client_sync(ws.profile_dir, "--batch-size", "10"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        server.wait_hanging()
    finally:
        client.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no shutdown at all
        _, err = client.communicate(timeout=30)
    assert err == b"", err.decode()
    assert client.returncode == (-signal.SIGKILL if os.name == "posix" else 1)
    assert _states(ws) == {"claimed": 10, "pending": 20}  # caught mid-send, under the dead sender's lease
    assert server_store.stats()["events"] == 5
    again = subprocess.run(_client_sync(ws.profile_dir), capture_output=True, encoding="utf-8", text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    # The claimed items wait for their lease to end; their dossiers' later items with them.
    assert (report["state"], report["acknowledged"], report["rejected"], report["pending"]) == ("online", 20, 0, 10)
    with ws.store.write() as s:  # the lease has run out (as ten minutes later)
        s.execute(update(OutboxItem).where(OutboxItem.claimed_until.is_not(None))
                  .values(claimed_until=now_vn() - timedelta(seconds=1)))
    last = subprocess.run(_client_sync(ws.profile_dir), capture_output=True, encoding="utf-8", text=True, timeout=120)
    assert last.returncode == 0, last.stderr
    report = json.loads(last.stdout)
    assert (report["state"], report["acknowledged"], report["rejected"], report["pending"]) == ("online", 10, 0, 0)
    assert _states(ws) == {}  # all delivered: deleted
    stats = server_store.stats()
    assert (stats["dossiers"], stats["events"], stats["conflicts"]) == (30, 30, 0)
