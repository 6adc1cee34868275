"""Syncing queued events to the local reference server, beside bare requests posting the same
batches to a server of its own (a fresh server database for each side and each run)."""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from tests.bench.harness import Figure, Target, not_measured
from tests.bench.profiles import REPO

NAME = "syncing queued events to the local reference server"
TARGET = Target(min_ratio=0.5)
EVENTS_PER_DOSSIER = 3.3  # what the demo generates on average


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def reference_server(folder: Path):
    """`counter-server serve` on a fresh SQLite database; yields (url, db_url)."""
    import requests

    db_url = f"sqlite:///{folder / 'server.sqlite3'}"
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sync.server.cli", "serve", "--db", db_url, "--port", str(port),
         "--log-level", "warning"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, encoding="utf-8", text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:  # the server is up when /health answers
            try:
                if requests.get(url + "/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the reference server did not start: {proc.stderr.read()[-500:]}")
            time.sleep(0.05)  # polling a process we just started; there is no signal to wait on
        yield url, db_url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _enroll_code(db_url: str, agency: str) -> str:
    out = subprocess.run([sys.executable, "-m", "sync.server.cli", "enroll-code", "--agency", agency, "--db", db_url],
                         cwd=REPO, capture_output=True, encoding="utf-8", text=True, check=True)
    return out.stdout.strip()


def _one_run(template: Path, work: Path, batch_size: int) -> tuple[float, float, int]:
    """Events/s of the engine and of bare requests, each against its own fresh server."""
    import requests
    from sqlalchemy import func, select

    from counter_app.store.db import Store
    from counter_app.services.demo import DEMO_AGENCY
    from counter_app.store.models import OutboxItem
    from counter_app.store.outbox import pending_payloads
    from sync.config import enroll
    from sync.engine import SyncEngine
    from sync import signing
    from sync.transport import HttpTransport

    profile = work / "profile"
    shutil.copytree(template, profile)
    store = Store(profile / "counter.sqlite3")
    payloads = pending_payloads(store)  # built as the engine builds them when it sends
    with store.read() as session:
        events = session.scalar(select(func.count()).select_from(OutboxItem).where(OutboxItem.state == "pending"))
    (work / "a").mkdir()
    (work / "b").mkdir()
    try:
        with reference_server(work / "a") as (url, db_url):
            enroll(store, url, _enroll_code(db_url, DEMO_AGENCY.id))
            engine = SyncEngine(store, batch_size=batch_size)
            started = time.perf_counter()
            result = engine.run_once(force=True)
            engine_s = time.perf_counter() - started
            if result.acknowledged != events:
                raise RuntimeError(f"the engine acknowledged {result.acknowledged} of {events} events: {result}")
        with reference_server(work / "b") as (url, db_url):
            key = signing.new_key()
            enrolled = HttpTransport(url, device_key=key).enroll(_enroll_code(db_url, DEMO_AGENCY.id), 1)
            with requests.Session() as http:
                headers = {"Authorization": f"Bearer {enrolled.token}", "Content-Type": "application/json",
                           signing.DEVICE_HEADER: enrolled.device_id}
                started = time.perf_counter()
                acked = 0
                for i in range(0, len(payloads), batch_size):
                    body = signing.canonical({"events": payloads[i:i + batch_size]})  # signed, as the engine does
                    resp = http.post(url + "/v1/events", data=body, timeout=(5, 60), headers={
                        **headers, signing.SIGNATURE_HEADER: signing.sign(key, signing.PUSH, body)})
                    resp.raise_for_status()
                    acked += len(resp.json()["results"])
                bare_s = time.perf_counter() - started
            if acked != events:
                raise RuntimeError(f"bare requests got {acked} answers for {events} events")
    finally:
        store.dispose()
    return events / engine_s, events / bare_s, events


def run(cfg) -> list[Figure]:
    label = f"{NAME} ({cfg.sync_events:,} events)"
    try:
        from sync.engine import SyncEngine
        import sync.server.app  # noqa: F401
    except ImportError as exc:
        return [not_measured(label, "events/s", TARGET, f"the sync engine or server is missing ({exc})")]
    from counter_app.store.db import open_store
    from counter_app.services.demo import create_demo

    batch_size = SyncEngine(store=None).batch_size  # the engine's own default
    runs = max(cfg.slow_runs // 2, 2)
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        template = Path(tmp) / "template"
        store = open_store(template)
        create_demo(store, round(cfg.sync_events / EVENTS_PER_DOSSIER), seed=3)
        store.dispose()
        engine_rates, bare_rates, events = [], [], 0
        for i in range(runs):
            work = Path(tmp) / f"run{i}"
            work.mkdir()
            e, b, events = _one_run(template, work, batch_size)
            engine_rates.append(e)
            bare_rates.append(b)
            shutil.rmtree(work, ignore_errors=True)
    return [Figure(
        name=f"{NAME} ({events:,} events)", unit="events/s", value=statistics.median(engine_rates),
        baseline=statistics.median(bare_rates), baseline_name=f"bare requests, same batches of {batch_size}",
        runs=runs, target=TARGET,
    )]
