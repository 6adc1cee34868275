"""Saving a received dossier durably, beside raw sqlite3 writing the same rows the same way."""

from __future__ import annotations

import tempfile
import uuid
from contextlib import closing
from datetime import date, datetime, time, timedelta
from pathlib import Path

from counter_app.store import crypt
from tests.bench.harness import Figure, Target, paired_medians

DEMO_DOSSIERS = 2_000  # the profile the saves go into already holds some work


def sample_draft(n: int, received_at: datetime | None = None):
    """A valid counter draft (the same shape the receive screen builds); received now unless
    *received_at* is given."""
    from counter_app.domain.drafts import DossierDraft

    return DossierDraft(
        received_at=received_at,
        procedure_code="1.001193",
        applicant_name="Nguyễn Văn An",
        id_number=f"0010920{n % 100000:05d}",
        address="Số 1 Trần Phú, phường Hải Châu, Đà Nẵng",
        phone="0912345678",
    )


class RawWriter:
    """Writes copies of one saved dossier's rows (dossier, documents, event, outbox) with bare sqlite3."""

    def __init__(self, path: Path, dossier_id: str):
        self.conn = crypt.connect(path, isolation_level=None)
        for pragma in ("busy_timeout = 15000", "journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.dossier = self._rows("SELECT * FROM dossier WHERE id = ?", dossier_id)[0]
        self.documents = self._rows("SELECT * FROM dossier_document WHERE dossier_id = ?", dossier_id)
        self.event = self._rows("SELECT * FROM dossier_event WHERE dossier_id = ?", dossier_id)[0]
        self.outbox = self._rows("SELECT * FROM outbox WHERE seq = ?", self.event["seq"])[0]  # thin: the event's number
        for row, key in ((self.event, "seq"), (self.outbox, "seq")):
            row.pop(key)
        for row in self.documents:
            row.pop("id", None)  # a rowid before migration 0014; since, the key is (dossier, position)
        # Copies get codes of days long past, after those of earlier runs on the same profile.
        earlier = self.conn.execute("SELECT count(*) FROM dossier WHERE code_day < '2010-01-01'").fetchone()[0]
        self.day = date(2001, 1, 1) + timedelta(days=earlier)

    def _rows(self, sql: str, *params) -> list[dict]:
        cur = self.conn.execute(sql, params)
        names = [c[0] for c in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    @staticmethod
    def _insert_sql(table: str, row: dict) -> str:
        return f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})"

    def write_copy(self) -> None:
        self.day += timedelta(days=1)
        d = dict(self.dossier, id=str(uuid.uuid4()), code_day=self.day.isoformat(),
                 code=f"{self.dossier['agency_id']}-{self.day:%y%m%d}-0001", code_seq=1)
        ev = dict(self.event, id=uuid.uuid4().bytes, dossier_id=d["id"])  # stored as its 16 bytes (0014)
        docs = [dict(r, dossier_id=d["id"]) for r in self.documents]
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        c.execute(self._insert_sql("dossier", d), list(d.values()))
        if docs:
            c.executemany(self._insert_sql("dossier_document", docs[0]), [list(r.values()) for r in docs])
        seq = c.execute(self._insert_sql("dossier_event", ev), list(ev.values())).lastrowid
        ob = dict(self.outbox, seq=seq)
        c.execute(self._insert_sql("outbox", ob), list(ob.values()))
        c.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


#: The days the saves into the cached big profile are received on: one day of its own for each
#: run of the suite (today's numbers belong to the demo and would run out over many runs).
BENCH_DAYS = (date(2011, 1, 1), date(2019, 12, 31))


def bench_day(store) -> date:
    """The day after the last one a run of this suite received on in *store*."""
    with closing(crypt.connect(store.path)) as conn:
        last = conn.execute("SELECT max(code_day) FROM dossier WHERE code_day BETWEEN ? AND ?",
                            [d.isoformat() for d in BENCH_DAYS]).fetchone()[0]
    day = BENCH_DAYS[0] if last is None else date.fromisoformat(last) + timedelta(days=1)
    if day > BENCH_DAYS[1]:
        raise RuntimeError("the cached profile has used every benchmark day: rebuild it")
    return day


def measure(store, runs: int, name: str, *, day: date | None = None) -> Figure:
    """Alternate the receive service and the raw writer on *store*; one figure. *day*: the
    day the dossiers are received on (today when None)."""
    from counter_app.services.receiving import receive

    counter = iter(range(10**6))
    at = datetime.combine(day, time(9, 0)) if day else None
    first = receive(store, sample_draft(next(counter), at), "canbo1")
    raw = RawWriter(store.path, first.id)
    try:
        value, base, cpu, base_cpu = paired_medians(
            lambda: receive(store, sample_draft(next(counter), at), "canbo1"), raw.write_copy, runs, warmup=2,
        )
    finally:
        raw.close()
    return Figure(
        name=name, unit="ms", value=value * 1000, baseline=base * 1000,
        baseline_name="raw sqlite3, same rows, WAL + synchronous=FULL", runs=runs,
        target=Target(max_ratio=2), extra={"cpu_ms": cpu * 1000, "baseline_cpu_ms": base_cpu * 1000},
    )


def run(cfg) -> list[Figure]:
    from counter_app.store.db import open_store
    from counter_app.services.demo import create_demo

    from tests.bench.profiles import demo_profile

    name = "saving a received dossier, durably"
    with tempfile.TemporaryDirectory(prefix="bench-save-") as tmp:
        store = open_store(Path(tmp))
        create_demo(store, DEMO_DOSSIERS, seed=11)
        try:
            figures = [measure(store, cfg.runs // 2 + 1, f"{name} ({DEMO_DOSSIERS:,} dossiers)")]
        finally:
            store.dispose()
    # The same at scale, in the cached big profile (it keeps the few dossiers added here, on a
    # day of their own: the suite runs again and again on the same profile).
    store = open_store(demo_profile(cfg.dossiers, log=cfg.log))
    try:
        figures.append(measure(store, max(cfg.slow_runs, 5) * 2, f"{name} ({cfg.dossiers:,} dossiers)",
                               day=bench_day(store)))
    finally:
        store.dispose()
    return figures
