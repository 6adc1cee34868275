"""Saving a received dossier durably, beside raw sqlite3 writing the same rows the same way."""

from __future__ import annotations

import tempfile
import uuid
from contextlib import closing
from datetime import date, datetime, time, timedelta
from pathlib import Path

from counter_app.store import crypt
from tests.bench.harness import Figure, Target, cpu_figure

DEMO_DOSSIERS = 2_000  # the profile the saves go into already holds some work
#: Paired saves per figure with --quick (three times as many without): a save costs a few
#: milliseconds, and the CPU medians of fewer runs moved by ±10% from run to run.
SMALL_RUNS = 201
BIG_RUNS = 151  # on one day of the cached profile: at most 999 numbers a day per counter


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
    """Writes copies of one saved dossier's rows (dossier, documents, event, outbox) with bare
    sqlite3, on the store's own write connection.

    The same DB-API connection as the saves (the write engine's pool hands out the connection
    used last): same key and cipher, same pragmas (WAL, synchronous=FULL, foreign keys, page
    cache), and the same page cache. On a connection of its own, each side's commit would make
    the other drop its cache and decrypt its pages again at its next transaction (SQLCipher
    decrypts a page as it enters the cache), which a counter's one writer never pays.
    """

    def __init__(self, store, dossier_id: str):
        pooled = store.engine.raw_connection()
        self.conn = pooled.driver_connection
        pooled.close()  # back to the pool, first in line for the next save: both use one connection
        self.dossier = self._rows("SELECT * FROM dossier WHERE id = ?", dossier_id)[0]
        self.documents = self._rows("SELECT * FROM dossier_document WHERE dossier_id = ?", dossier_id)
        self.event = self._rows("SELECT * FROM dossier_event WHERE dossier_id = ?", dossier_id)[0]
        self.outbox = self._rows("SELECT * FROM outbox WHERE seq = ?", self.event["seq"])[0]  # thin: the event's number
        for row, key in ((self.event, "seq"), (self.outbox, "seq")):
            row.pop(key)
        for row in self.documents:
            row.pop("id", None)  # a rowid before migration 0014; since, the key is (dossier, position)
        # Copies get codes of days long past (900 a day), after those of earlier runs on the same profile.
        last = self.conn.execute("SELECT max(code_day) FROM dossier WHERE code_day < '2010-01-01'").fetchone()[0]
        self.first_day = date.fromisoformat(last) + timedelta(days=1) if last else date(2001, 1, 1)
        self.copies = 0
        self.sql = {}

    def _rows(self, sql: str, *params) -> list[dict]:
        cur = self.conn.execute(sql, params)
        names = [c[0] for c in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def _insert_sql(self, table: str, row: dict) -> str:
        sql = self.sql.get(table)  # a hand-written writer has its statements ready
        if sql is None:
            sql = self.sql[table] = f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})"
        return sql

    def write_copy(self) -> None:
        day, seq = self.first_day + timedelta(days=self.copies // 900), self.copies % 900 + 1
        self.copies += 1
        d = dict(self.dossier, id=str(uuid.uuid4()), code_day=day.isoformat(),
                 code=f"{self.dossier['agency_id']}-{day:%y%m%d}-{seq:04d}", code_seq=seq)
        ev = dict(self.event, id=uuid.uuid4().bytes, dossier_id=d["id"])  # stored as its 16 bytes (0014)
        docs = [dict(r, dossier_id=d["id"]) for r in self.documents]
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        c.execute(self._insert_sql("dossier", d), list(d.values()))
        if docs:
            c.executemany(self._insert_sql("dossier_document", docs[0]), [list(r.values()) for r in docs])
        event_seq = c.execute(self._insert_sql("dossier_event", ev), list(ev.values())).lastrowid
        ob = dict(self.outbox, seq=event_seq)
        c.execute(self._insert_sql("outbox", ob), list(ob.values()))
        c.execute("COMMIT")


#: The days the saves into the cached big profile are received on: one day of its own for each
#: run of the suite (today's numbers belong to the demo and would run out over many runs). After
#: the first code rule in force (6 January 2019, resources/codes/rules.json), before the demo's days.
BENCH_DAYS = (date(2019, 1, 7), date(2025, 12, 31))


def bench_day(store) -> date:
    """The first day of :data:`BENCH_DAYS` on which *store* has no dossier: neither an earlier
    run's nor the demo's (a 1,000,000-dossier demo reaches back to February 2019)."""
    with closing(crypt.connect(store.path)) as conn:
        used = {row[0] for row in conn.execute("SELECT DISTINCT code_day FROM dossier WHERE code_day BETWEEN ? AND ?",
                                               [d.isoformat() for d in BENCH_DAYS])}
    day = BENCH_DAYS[0]
    while day.isoformat() in used:
        day += timedelta(days=1)
    if day > BENCH_DAYS[1]:
        raise RuntimeError("the cached profile has used every benchmark day: rebuild it")
    return day


def measure(store, runs: int, name: str, *, day: date) -> Figure:
    """Alternate the receive service and the raw writer on *store*, judged by CPU time; one
    figure. *day*: the day the dossiers are received on."""
    from counter_app.services.receiving import receive

    at = datetime.combine(day, time(9, 0))
    first = receive(store, sample_draft(0, at), "canbo1")
    raw = RawWriter(store, first.id)
    # The drafts are made before (the receive form builds one before it asks for the save), as
    # the raw writer has its rows ready.
    drafts = iter([sample_draft(n, at) for n in range(1, runs + 3)])
    return cpu_figure(
        name, lambda: receive(store, next(drafts), "canbo1"), raw.write_copy, runs,
        baseline_name="raw sqlite3, same rows, same connection, WAL + synchronous=FULL",
        target=Target(max_ratio=2),
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
            figures = [measure(store, SMALL_RUNS if cfg.quick else 3 * SMALL_RUNS,
                               f"{name} ({DEMO_DOSSIERS:,} dossiers)", day=BENCH_DAYS[0])]
        finally:
            store.dispose()
    # The same at scale, in the cached big profile (it keeps the few dossiers added here, on a
    # day of their own: the suite runs again and again on the same profile).
    store = open_store(demo_profile(cfg.dossiers, log=cfg.log))
    try:
        figures.append(measure(store, BIG_RUNS if cfg.quick else 3 * BIG_RUNS, f"{name} ({cfg.dossiers:,} dossiers)",
                               day=bench_day(store)))
    finally:
        store.dispose()
    return figures
