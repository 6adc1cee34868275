"""The local SQLite store: engines, sessions, pragmas, migrations and online backups.

Durability: WAL journal with ``synchronous=FULL``. In WAL mode ``NORMAL`` survives an
application crash but may lose the last commits on a power cut, because the WAL is not
synced at each commit; the counter prints a slip only after its dossier is committed, so a
commit must be on disk before the printer starts: FULL syncs the WAL at every commit. The
cost is one fsync per saved dossier, which the benchmark suite measures.

Writes go through :meth:`Store.write`, which starts ``BEGIN IMMEDIATE`` so that two writers
(the GUI and a CLI, or the sync thread) queue on SQLite's lock instead of failing mid-way
when a read transaction tries to upgrade; reads use a separate engine with plain ``BEGIN``
so that they never wait for a writer (WAL lets readers and one writer run together).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from counter_app.clock import now_vn
from counter_app.code_marks import CodeMarks
from counter_app.number_marks import NumberMarks
from counter_app.paths import DB_FILENAME

BUSY_TIMEOUT_MS = 15_000


def _make_engine(path: Path, *, immediate: bool) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised by every test
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Store:
    """The local database of one profile: a write engine and a read engine on one file."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.engine = _make_engine(self.path, immediate=True)
        self.read_engine = _make_engine(self.path, immediate=False)
        # Kept beside the file, so that a restore of an older file cannot rewind the numbers.
        self.code_marks = CodeMarks(self.path.parent)
        self.number_marks = NumberMarks(self.path.parent)  # logbook lines, form numbers
        info = {"code_marks": self.code_marks, "number_marks": self.number_marks}
        self._write_sessions = sessionmaker(self.engine, expire_on_commit=False, info=info)
        self._read_sessions = sessionmaker(self.read_engine, expire_on_commit=False, info=info)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        with self._write_sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (a consistent snapshot for the block's duration)."""
        with self._read_sessions() as session, session.begin():
            yield session
            session.rollback()

    def backup_to(self, dest: Path | str) -> Path:
        """Copy the live database to *dest* with SQLite's online backup API."""
        return copy_database(self.path, dest)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
        self.read_engine.dispose()


def copy_database(source: Path | str, dest: Path | str, *, read_only: bool = False) -> Path:
    """Copy an SQLite database with the online backup API, through a temporary file, so that
    *dest* is either the old file or a complete copy, never half written."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True) if read_only else sqlite3.connect(source)
        try:
            out = sqlite3.connect(tmp)
            try:
                src.backup(out)
            finally:
                out.close()
        finally:
            src.close()
        tmp.replace(dest)
    except BaseException:  # a full disk, a read-only folder…: leave no half-written copy behind
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal"), tmp.with_name(tmp.name + "-wal"),
                         tmp.with_name(tmp.name + "-shm")):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass
        raise
    return dest


def has_tables(store: Store) -> bool:
    """True when the database already holds the application's tables."""
    return "dossier" in inspect(store.engine).get_table_names()


def open_store(profile_dir: Path | str, *, migrate: bool = True) -> Store:
    """Open the profile's database, backing it up and migrating it to the newest schema."""
    from counter_app import migrate as migrations

    profile_dir = Path(profile_dir)
    store = Store(profile_dir / DB_FILENAME)
    if migrate and migrations.needs_upgrade(store):
        if has_tables(store):
            stamp = now_vn().strftime("%Y%m%d-%H%M%S")
            store.backup_to(profile_dir / "backups" / f"before-migration-{stamp}.sqlite3")
        migrations.upgrade(store)
    return store
