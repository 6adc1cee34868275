"""The write path of a new dossier's rows: INSERTs on the cursor (store.rawinsert) beside
SQLAlchemy Core's insert() and the ORM's unit of work writing the same rows.

Each save writes a copy of one received dossier's rows (the dossier, its documents, its
RECEIVED event and the event's outbox row) in a write transaction of its own; what is timed is
the CPU time of this thread inside the inserts (the commit's fsync is the same for all three
and is left out), over many saves taken in turn, as p10 and median.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from tests.bench.harness import Figure, Target
from tests.bench.figures_save import sample_draft

#: Core or the ORM replaces the INSERTs where it costs at most this much more.
MATCHES = Target(max_ratio=1.25)


def _one_dossier(store):
    """The rows receiving writes for one dossier: (dossier, documents, event, outbox)."""
    from counter_app.domain.enums import DossierStatus, EventKind
    from counter_app.services import receiving
    from counter_app.store import settings
    from counter_app.store.history_chain import seal_new
    from counter_app.store.history_write import event_rows, snapshot_from_values

    at = datetime(2026, 3, 10, 9, 0)
    with store.write() as session:
        officer = settings.find_officer(session, None)
        new = receiving.prepare_dossier(session, sample_draft(1, at), officer, now=at)
        snap = snapshot_from_values(new.row, new.documents)
        event, outbox = event_rows(new.row["id"], json.dumps(snap, ensure_ascii=False), EventKind.RECEIVED,
                                   at=at, officer_id=officer.id, officer_name=officer.full_name,
                                   from_status=None, to_status=DossierStatus.RECEIVED, version=1)
        seal_new(new.row, [event])
        session.rollback()
    return new.row, new.documents, event, outbox


class Copies:
    """Fresh copies of one dossier's rows: new ids, codes and lines, on days long past."""

    def __init__(self, rows):
        self.rows, self.n = rows, 0

    def __call__(self):
        row, documents, event, outbox = self.rows
        self.n += 1
        dossier_id = str(uuid.uuid4())
        day = date(2001, 1, 1) + timedelta(days=self.n // 5000)
        d = dict(row, id=dossier_id, code=f"BENCH-{self.n}", code_seq=self.n, code_day=day,
                 logbook_line=10_000_000 + self.n)
        docs = [dict(x, dossier_id=dossier_id) for x in documents]
        e = dict(event, dossier_id=dossier_id, id=str(uuid.uuid4()))
        o = dict(outbox, dossier_id=dossier_id)
        if "event_id" in o:
            o["event_id"] = e["id"]
        return d, docs, e, o


def _writers():
    from sqlalchemy import insert

    from counter_app.store.models import Dossier, DossierDocument, DossierEvent, OutboxItem
    from counter_app.store.rawinsert import insert_rows

    tables = (Dossier.__table__, DossierDocument.__table__, DossierEvent.__table__, OutboxItem.__table__)
    statements = [insert(t) for t in tables]

    def inserts(session, d, docs, e, o):
        for table, rows in zip(tables, ([d], docs, [e], [o])):
            insert_rows(session, table, rows)

    def core(session, d, docs, e, o):
        conn = session.connection()
        for statement, rows in zip(statements, ([d], docs, [e], [o])):
            conn.execute(statement, rows)

    def orm(session, d, docs, e, o):
        dossier = Dossier(**d, documents=[DossierDocument(**{k: v for k, v in x.items() if k != "dossier_id"})
                                          for x in docs])
        session.add_all([dossier, DossierEvent(**e), OutboxItem(**o)])
        session.flush()

    return inserts, core, orm


def measure(store, saves: int) -> dict[str, list[float]]:
    """CPU microseconds of each writer's inserts, per save, taken in turn."""
    copies = Copies(_one_dossier(store))
    inserts, core, orm = _writers()
    writers = {"inserts": inserts, "core": core, "orm": orm}
    samples: dict[str, list[float]] = {name: [] for name in writers}
    order = list(writers)
    for i in range(saves + 10):
        order = order[1:] + order[:1]  # each writer first in turn
        for name in order:
            rows = copies()
            with store.write() as session:
                session.connection()  # BEGIN IMMEDIATE outside the timed part
                started = time.thread_time_ns()
                writers[name](session, *rows)
                spent = time.thread_time_ns() - started
            if i >= 10:  # warm-up: statement caches, the type processors, SQLite's pages
                samples[name].append(spent / 1000)
    return samples


def _p10(values: list[float]) -> float:
    return sorted(values)[len(values) // 10]


def run(cfg) -> list[Figure]:
    from counter_app.services.demo import DEMO_AGENCY, DEMO_OFFICERS
    from counter_app.services.setup import initialise_profile
    from counter_app.store.db import open_store

    saves = 100 if cfg.quick else 400
    with tempfile.TemporaryDirectory(prefix="bench-write-path-") as tmp:
        store = open_store(Path(tmp))
        try:
            initialise_profile(store, DEMO_AGENCY, 1, DEMO_OFFICERS)
            samples = measure(store, saves)
        finally:
            store.dispose()
    base = samples["inserts"]
    figures = []
    for name, label in (("core", "SQLAlchemy Core insert() per table"), ("orm", "the ORM's unit of work")):
        got = samples[name]
        figures.append(Figure(
            name=f"a new dossier's rows written by {label} (CPU, median)", unit="µs", target=MATCHES,
            value=statistics.median(got), baseline=statistics.median(base),
            baseline_name="INSERTs on the cursor (store.rawinsert)", runs=len(got),
            extra={"p10": _p10(got), "baseline p10": _p10(base)},
        ))
    return figures
