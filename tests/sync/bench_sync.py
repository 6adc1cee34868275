"""Measure (not a test): 10,000 queued events synced to the local reference server, in events
per second, beside a baseline that posts the same batches with bare requests.

Run: .venv/bin/python -m tests.sync.bench_sync [--events 10000] [--batch 200] [--db URL]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import requests

from counter_app.store.db import open_store
from counter_app.services.demo import DEMO_AGENCY, DEMO_OFFICERS
from counter_app.store.outbox import pending_payloads
from counter_app.services.setup import initialise_profile
from sync.engine import SyncEngine
from sync.server.schema import open_database
from sync.server.store import ServerStore
from tests.sync.conftest import ServerProcess, Workstation






def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--db", help="server database URL (default: a fresh SQLite file per run)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    store = open_store(root / "ws")
    initialise_profile(store, DEMO_AGENCY, 1, DEMO_OFFICERS)
    ws = Workstation(1, root / "ws", store)
    t0 = time.perf_counter()
    # receive_many spreads dossiers over seconds of one day; 999 per workstation and day at most
    for day in range(0, args.events, 900):
        from datetime import datetime, timedelta
        ws.receive_many(min(900, args.events - day), per_transaction=450,
                        day=datetime(2026, 3, 2, 8) + timedelta(days=day // 900))
    queued_s = time.perf_counter() - t0
    payloads = pending_payloads(store)
    figures = {"events": len(payloads), "batch": args.batch, "queue_seconds": round(queued_s, 1)}
    for label, db_url in (("engine", args.db or f"sqlite:///{root / 'engine.sqlite3'}"),
                          ("bare_requests", args.db or f"sqlite:///{root / 'bare.sqlite3'}")):
        if args.db and label == "bare_requests":
            # same server database: the engine's events already there would only be acknowledged again
            db_url = args.db.rsplit("/", 1)[0] + "/" + args.db.rsplit("/", 1)[1] + "_bare"
        server = ServerProcess(db_url).start()
        sstore = ServerStore(open_database(db_url))
        try:
            if label == "engine":
                ws.enroll(server.url, sstore)
                t = time.perf_counter()
                result = SyncEngine(store, batch_size=args.batch).run_once(force=True)
                elapsed = time.perf_counter() - t
                assert result.acknowledged == len(payloads), result
            else:
                code = sstore.issue_code(DEMO_AGENCY.id)
                token = requests.post(server.url + "/v1/enroll", json={"code": code}, timeout=30).json()["token"]
                session = requests.Session()
                headers = {"Authorization": f"Bearer {token}"}
                t = time.perf_counter()
                for i in range(0, len(payloads), args.batch):
                    r = session.post(server.url + "/v1/events", json={"events": payloads[i:i + args.batch]},
                                     headers=headers, timeout=60)
                    r.raise_for_status()
                elapsed = time.perf_counter() - t
            assert sstore.stats()["events"] == len(payloads)
            figures[label] = {"seconds": round(elapsed, 2), "events_per_second": round(len(payloads) / elapsed)}
        finally:
            server.stop()
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
