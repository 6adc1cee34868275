"""Fixtures of the sync suite: the real server as a subprocess on loopback (SQLite or
PostgreSQL, a fresh database per test), workstation profiles, and the fault proxy."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from counter_app.store.db import Store, open_store
from counter_app.services.demo import DEMO_AGENCY, DEMO_OFFICERS
from counter_app.domain.enums import DossierStatus, EventKind
from counter_app.store.history_write import record_event
from counter_app.services.receiving import build_dossier
from counter_app.services.setup import initialise_profile
from counter_app.store.settings import find_officer
from counter_app.domain.drafts import DossierDraft
from sync import signing
from sync.config import SyncConfig, enroll, make_transport
from sync.engine import Backoff, SyncEngine
from sync.server.schema import open_database
from sync.server.store import ServerStore
from sync.transport import HttpTransport
from tests.sync.proxy import FaultProxy

PG_ENV = "COUNTER_TEST_PG_URL"
READY_DEADLINE_S = 90.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """`counter-server serve` in a subprocess, with the test-only fault hooks on."""

    def __init__(self, db_url: str, port: int | None = None):
        self.db_url = db_url
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None
        self.files_dir = Path(tempfile.mkdtemp(prefix="counter-server-files-"))  # uploaded scans

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServerProcess:
        env = dict(os.environ, COUNTER_SERVER_FAULTS="1", COUNTER_SERVER_FILES=str(self.files_dir))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sync.server.cli", "serve", "--db", self.db_url, "--port", str(self.port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + READY_DEADLINE_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stderr.read().decode()}")
            try:
                if requests.get(self.url + "/health", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.05)  # polling interval, bounded by the deadline above
        raise RuntimeError("server not ready in time")

    def kill(self) -> None:
        """SIGKILL (TerminateProcess on Windows): no shutdown, no flush, whatever was half done stays half done."""
        self.proc.kill()
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:  # a request held by a fault hook would keep a graceful shutdown waiting
                self.proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.proc and self.proc.stderr:
            self.proc.stderr.close()

    def faults(self, **settings) -> None:
        requests.post(self.url + "/_faults", json=settings, timeout=5).raise_for_status()

    def wait_hanging(self) -> None:
        deadline = time.monotonic() + READY_DEADLINE_S
        while time.monotonic() < deadline:
            if requests.get(self.url + "/_faults", timeout=2).json()["hanging"]:
                return
            time.sleep(0.02)  # polling interval, bounded by the deadline above
        raise RuntimeError("the server never reached the fault point")


@contextmanager
def fresh_server_url(kind: str, folder: Path) -> Iterator[str]:
    """A fresh server database URL for the block: a SQLite file in *folder* (kind "sqlite"), or
    a new PostgreSQL database dropped afterwards (kind "postgres"; skips the test without one)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'server.sqlite3'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    import psycopg

    name = f"t_{uuid.uuid4().hex[:16]}"
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server_db(request, tmp_path):
    """A fresh server database URL: a SQLite file, or a new PostgreSQL database."""
    with fresh_server_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def server_store(server_db):
    """Direct access to the server's database (the province's side: codes, departments)."""
    engine = open_database(server_db)
    yield ServerStore(engine)
    engine.dispose()


@pytest.fixture
def server(server_db, server_store):
    proc = ServerProcess(server_db).start()
    yield proc
    proc.stop()


@pytest.fixture
def proxy(server):
    p = FaultProxy(server.port)
    yield p
    p.close()


class SignedSession(requests.Session):
    """A requests session that signs every request body as an enrolled device does."""

    DOMAINS = {"/v1/events": signing.PUSH, "/v1/audit/head": signing.AUDIT_HEAD, "/v1/device/key": signing.KEY}

    def __init__(self, token: str, device_id: str, key):
        super().__init__()
        self.headers["Authorization"] = f"Bearer {token}"
        self.headers[signing.DEVICE_HEADER] = device_id
        self.key = key

    def prepare_request(self, request):
        prepared = super().prepare_request(request)
        path = urlsplit(prepared.url).path
        domain = self.DOMAINS.get(path)
        if path.startswith("/v1/files/") and prepared.method == "PATCH" and isinstance(prepared.body, bytes):
            try:
                statement = signing.chunk_statement(path.rsplit("/", 1)[1], int(prepared.headers["Upload-Offset"]),
                                                    int(prepared.headers["Upload-Length"]), prepared.body)
            except (KeyError, ValueError):
                return prepared  # a malformed request goes unsigned: the server says what is wrong
            prepared.headers[signing.SIGNATURE_HEADER] = signing.sign(self.key, signing.FILE_CHUNK, statement)
            return prepared
        if domain is not None and isinstance(prepared.body, bytes | str):
            body = prepared.body.encode("utf-8") if isinstance(prepared.body, str) else prepared.body
            prepared.headers[signing.SIGNATURE_HEADER] = signing.sign(self.key, domain, body)
        return prepared


def signed_session(url: str, code: str, workstation_no: int | None = 1) -> SignedSession:
    """Enroll a new device with a fresh key; a session that signs as it."""
    key = signing.new_key()
    enrolled = HttpTransport(url, device_key=key).enroll(code, workstation_no)
    return SignedSession(enrolled.token, enrolled.device_id, key)


def fast_transport(config: SyncConfig) -> HttpTransport | None:
    """Short timeouts so that a stalled reply is noticed quickly."""
    return make_transport(config, connect_timeout=2.0, read_timeout=3.0)


@dataclass
class Workstation:
    """A counter profile of the demo agency with its store."""

    number: int
    profile_dir: Path
    store: Store

    def receive_many(self, count: int, *, per_transaction: int = 100, day: datetime | None = None) -> None:
        """Receive *count* dossiers offline through the same code path as `receive`, in few commits."""
        start = day or datetime(2026, 3, 10, 8, 0)
        done = 0
        while done < count:
            with self.store.write() as session:
                officer = find_officer(session, "canbo1")
                for _ in range(min(per_transaction, count - done)):
                    draft = DossierDraft(
                        procedure_code="1.001193", applicant_name="Nguyễn Văn An", id_number="001092012345",
                        address="Số 1 Trần Phú, Hải Châu, Đà Nẵng", phone="0912345678",
                        received_at=start + timedelta(seconds=done),
                    )
                    dossier = build_dossier(session, draft, officer, now=draft.received_at)
                    record_event(session, dossier, EventKind.RECEIVED, at=dossier.received_at, officer=officer,
                                 from_status=None, to_status=DossierStatus.RECEIVED)
                    done += 1

    def enroll(self, server_url: str, server_store: ServerStore) -> str:
        code = server_store.issue_code(DEMO_AGENCY.id)
        return enroll(self.store, server_url, code)

    def engine(self, **kwargs) -> SyncEngine:
        kwargs.setdefault("transport_factory", fast_transport)
        kwargs.setdefault("backoff", Backoff(base=1.0, cap=30.0))
        return SyncEngine(self.store, **kwargs)


@pytest.fixture
def make_workstation(tmp_path):
    made: list[Workstation] = []

    def make(number: int = 1) -> Workstation:
        path = tmp_path / f"ws{number}"
        store = open_store(path)
        initialise_profile(store, DEMO_AGENCY, number, DEMO_OFFICERS)
        ws = Workstation(number, path, store)
        made.append(ws)
        return ws

    yield make
    for ws in made:
        ws.store.dispose()
