"""Measure (not a test): many workstations pushing and pulling at once against the real server.

`python -m tests.bench.load_server --db postgresql+psycopg://… [--workstations 200]
[--events 50] [--batch 25] [--department-changes 400]`

Each simulated workstation is a thread with its own HTTP session and device token (20
agencies × 10 workstation numbers for 200); it pushes its events in batches, pulling the
change feed after every batch, while a department thread moves dossiers on the server. The
events are realistic snapshots (a real outbox payload from the counter, ids and codes made
unique). Printed as JSON: events per second, push and pull latency (p50, p99), errors,
duplicates (events stored twice, acks handed out twice), and where the time went: CPU
seconds of the server process against those of PostgreSQL's backends, over the wall time.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests
from sqlalchemy import func, select

from counter_app.store.db import open_store
from counter_app.services.demo import DEMO_AGENCY, DEMO_OFFICERS
from counter_app.store.outbox import pending_payloads
from counter_app.services.setup import initialise_profile
from sync.server.schema import dossier_event, open_database
from sync.server.store import ServerStore
from tests.sync.conftest import ServerProcess, Workstation

PER_AGENCY = 10


def _template() -> dict:
    """One real outbox payload of a received dossier (what a counter sends)."""
    root = Path(tempfile.mkdtemp(prefix="bench-load-"))
    store = open_store(root / "ws")
    initialise_profile(store, DEMO_AGENCY, 1, DEMO_OFFICERS)
    Workstation(1, root / "ws", store).receive_many(1)
    [payload] = pending_payloads(store)
    store.dispose()
    return payload


def _agency(index: int) -> str:
    return f"000.00.{index:02d}.H56"


def _events(template: dict, agency: str, workstation: int, count: int) -> list[dict]:
    out = []
    for n in range(count):
        event = copy.deepcopy(template)
        event["event_id"] = str(uuid.uuid4())
        snap = event["dossier"]
        snap["id"] = str(uuid.uuid4())
        snap["agency_id"] = agency
        snap["code"] = f"{agency}-260310-{workstation + n * PER_AGENCY:04d}"[: 40]
        out.append(event)
    return out


def _cpu_by_pid(pids: list[int]) -> dict[int, float]:
    """CPU seconds (user + system) used so far by each of *pids* still running."""
    ticks = os.sysconf("SC_CLK_TCK")
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return out


def _cpu_since(before: dict[int, float], pids: list[int]) -> float:
    """CPU seconds used by *pids* since *before* (a process born since counts from zero)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in _cpu_by_pid(pids).items())


def _postgres_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, help="server database URL (a fresh, empty database)")
    parser.add_argument("--workstations", type=int, default=200)
    parser.add_argument("--events", type=int, default=50, help="events per workstation")
    parser.add_argument("--batch", type=int, default=25)
    parser.add_argument("--department-changes", type=int, default=400)
    args = parser.parse_args()

    engine = open_database(args.db)
    store = ServerStore(engine)
    server = ServerProcess(args.db).start()
    template = _template()
    stations = []
    for index in range(args.workstations):
        agency, number = _agency(index // PER_AGENCY), index % PER_AGENCY + 1
        token = requests.post(server.url + "/v1/enroll", timeout=60, json={
            "code": store.issue_code(agency), "workstation_no": number}).json()["token"]
        stations.append((agency, number, token, _events(template, agency, number, args.events)))

    push_ms: list[float] = []
    pull_ms: list[float] = []
    errors: list[str] = []
    acks: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(len(stations) + 1)
    finished = threading.Event()

    def workstation(agency, number, token, events):
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        cursor = 0
        start.wait()
        for i in range(0, len(events), args.batch):
            batch = events[i:i + args.batch]
            try:
                t0 = time.perf_counter()
                resp = session.post(server.url + "/v1/events", json={"events": batch}, timeout=120)
                t1 = time.perf_counter()
                page = session.get(server.url + "/v1/changes", params={"after": cursor}, timeout=120)
                t2 = time.perf_counter()
                resp.raise_for_status()
                page.raise_for_status()
                results = resp.json()["results"]
                cursor = page.json()["cursor"]
                bad = [r for r in results if r["status"] != "accepted"]
                with lock:
                    push_ms.append((t1 - t0) * 1000)
                    pull_ms.append((t2 - t1) * 1000)
                    acks.extend(r["ack"] for r in results if r["status"] == "accepted")
                    errors.extend(f"{r['code']}: {r.get('reason')}" for r in bad)
            except (requests.RequestException, ValueError, KeyError) as exc:
                with lock:
                    errors.append(repr(exc))
        session.close()

    def department():
        done = 0
        while done < args.department_changes and not finished.is_set():
            with engine.connect() as conn:
                ids = conn.execute(select(dossier_event.c.dossier_id).order_by(func.random()).limit(20)).scalars().all()
            for dossier_id in ids:
                store.department_status(dossier_id, 4, by="Phòng Tư pháp")
                done += 1

    threads = [threading.Thread(target=workstation, args=s) for s in stations]
    for t in threads:
        t.start()
    dept = threading.Thread(target=department)
    on_pg = engine.dialect.name == "postgresql"
    cpu_server0 = _cpu_by_pid([server.proc.pid])
    cpu_pg0 = _cpu_by_pid(_postgres_pids()) if on_pg else {}
    start.wait()
    t0 = time.perf_counter()
    dept.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    finished.set()
    dept.join()
    cpu_server = _cpu_since(cpu_server0, [server.proc.pid])
    cpu_pg = _cpu_since(cpu_pg0, _postgres_pids()) if on_pg else 0.0
    sent = sum(len(s[3]) for s in stations)
    stats = store.stats()
    with engine.connect() as conn:
        stored, distinct = conn.execute(
            select(func.count(), func.count(dossier_event.c.event_id.distinct())).select_from(dossier_event)).one()
    server.stop()
    report = {
        "workstations": len(stations), "events_sent": sent, "batch": args.batch, "wall_s": round(wall, 2),
        "events_per_s": round(sent / wall, 1),
        "push_ms": {"p50": round(statistics.median(push_ms), 1), "p99": round(_pct(push_ms, 0.99), 1),
                    "requests": len(push_ms)},
        "pull_ms": {"p50": round(statistics.median(pull_ms), 1), "p99": round(_pct(pull_ms, 0.99), 1),
                    "requests": len(pull_ms)},
        "errors": len(errors), "first_errors": errors[:5],
        "events_stored": stored, "events_lost": sent - distinct, "duplicate_events": stored - distinct,
        "duplicate_acks": len(acks) - len(set(acks)),
        "department_changes": stats["changes"],
        "cpu_s": {"server_process": round(cpu_server, 1), "postgres_backends": round(cpu_pg, 1),
                  "server_share_of_wall": round(cpu_server / wall, 2),
                  "postgres_share_of_wall": round(cpu_pg / wall, 2), "cores": os.cpu_count(),
                  "load_average_1min": round(os.getloadavg()[0], 2)},
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    engine.dispose()


if __name__ == "__main__":
    main()
