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

Every file is encrypted (SQLCipher, :mod:`counter_app.store.crypt`): the engines connect through
:func:`counter_app.store.crypt.connect` with the key of the key store, and a plain profile left by
an older version is converted when it is opened (:func:`open_store`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from counter_app.store import crypt
from counter_app.domain.clock import now_vn
from counter_app.store.code_marks import CodeMarks
from counter_app.store.number_marks import NumberMarks
from counter_app.store.rawinsert import DIRECT
from counter_app.domain.errors import CounterError
from counter_app.domain.paths import DB_FILENAME

_log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 15_000
CACHE_KIB = -16_384  # negative: KiB, per connection


def _make_engine(path: Path, key: bytes, *, immediate: bool) -> Engine:
    # SQLAlchemy's SQLite dialect over the sqlcipher3 module (its errors are the ones wrapped);
    # each connection is made by crypt.connect, which applies the key.
    # pool_use_lifo: the connection used last is handed out again, so a scan runs on the one whose
    # page cache already holds the decrypted pages (each pooled connection has its own cache, and
    # a page entering it is decrypted and authenticated: the main cost of encryption).
    engine = create_engine(f"sqlite:///{path}", module=crypt.dbapi, future=True, pool_use_lifo=True,
                           creator=lambda: crypt.connect(path, key=key, check_same_thread=False))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised by every test
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        # Pages are decrypted as they enter SQLite's own cache (the OS cache holds them
        # encrypted): a larger cache (16 MiB, allocated as used) keeps the card and logbook
        # reads from decrypting the same index pages again (see the "cipher" benchmark).
        cur.execute(f"PRAGMA cache_size = {CACHE_KIB}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        dbapi = conn.connection.driver_connection  # directly: SQLAlchemy's execution path cost more
        if not dbapi.in_transaction:  # else begun by Store.write_direct, whose transaction this joins
            statement = "BEGIN IMMEDIATE" if immediate else "BEGIN"
            _direct(statement, dbapi.execute, statement)

    return engine


def _direct(statement: str, call, *args) -> None:
    """*call*(*args*) on a DB-API connection for *statement*, its error raised as SQLAlchemy
    raises the same error of a statement it runs (``sqlalchemy.exc.OperationalError`` for a full
    disk or a lock held too long…), the DB-API error as its cause: callers see one kind either way."""
    try:
        call(*args)
    except crypt.dbapi.Error as exc:
        raise DBAPIError.instance(statement, None, exc, crypt.dbapi.Error) from exc


class Store:
    """The local database of one profile: a write engine and a read engine on one file."""

    def __init__(self, path: Path | str, *, keys: crypt.KeyStore | None = None, key: bytes | None = None):
        self.path = Path(path)
        crypt.secure_dir(self.path.parent, tighten=True)  # the profile folder
        crypt.create_private(self.path)  # owner-only before SQLite makes it; -wal/-shm inherit the mode
        self.keys = keys or crypt.default_keystore()
        self.key = key if key is not None else self.keys.database_key()
        self.engine = _make_engine(self.path, self.key, immediate=True)
        self.read_engine = _make_engine(self.path, self.key, immediate=False)
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
    def write_direct(self) -> Iterator[Session]:
        """One write transaction, as :meth:`write`, begun and committed on the pooled DB-API
        connection itself: for a save's hot path, whose reads and inserts go to that connection
        directly (:func:`counter_app.store.rawinsert.driver`), where SQLAlchemy's session and
        connection transactions cost a fifth of a save's CPU. The session is bound to the same
        connection: whatever goes through it (an ORM read on a reference-cache miss, an added
        object) joins the transaction, and pending objects are flushed before the commit.
        Committed when the block ends, rolled back on any error."""
        conn = self.engine.connect()  # a pooled connection; no transaction begun by SQLAlchemy yet
        try:
            dbapi = conn.connection.driver_connection
            _direct("BEGIN IMMEDIATE", dbapi.execute, "BEGIN IMMEDIATE")
            session = self._write_sessions(bind=conn, info={**self._write_sessions.kw["info"], DIRECT: dbapi})
            try:
                yield session
                if session.in_transaction():  # something went through the session: it commits
                    session.commit()
                else:
                    _direct("COMMIT", dbapi.commit)
            except BaseException:
                if session.in_transaction():
                    session.rollback()
                if dbapi.in_transaction:
                    dbapi.rollback()
                raise
            finally:
                session.close()
        finally:
            conn.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (a consistent snapshot for the block's duration)."""
        with self._read_sessions() as session, session.begin():
            yield session
            session.rollback()

    def backup_to(self, dest: Path | str) -> Path:
        """Copy the live database to *dest* with SQLite's online backup API (encrypted alike)."""
        return copy_database(self.path, dest, key=self.key)

    def connect(self, *, read_only: bool = False) -> crypt.Connection:
        """A DB-API connection of its own to this database, the key applied (caller closes it)."""
        return crypt.connect(self.path, key=self.key, read_only=read_only)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
        self.read_engine.dispose()


def copy_database(source: Path | str, dest: Path | str, *, read_only: bool = False, key: bytes | None = None,
                  source_key: bytes | None = None) -> Path:
    """Copy a database with the online backup API, through a temporary file, so that *dest* is
    either the old file or a complete copy, never half written. The copy is encrypted with
    *key* (None: the key store's); *source_key* opens the source when it differs (a backup
    restored with a recovery key), and the copy is then re-encrypted with *key*."""
    dest = Path(dest)
    crypt.secure_dir(dest.parent)
    tmp = dest.with_name(dest.name + ".part")
    try:
        src = crypt.connect(source, key=source_key if source_key is not None else key, read_only=read_only)
        try:
            tmp.unlink(missing_ok=True)
            crypt.create_private(tmp)
            out = crypt.connect(tmp, key=key)
            try:
                src.backup(out)
            finally:
                out.close()
        finally:
            src.close()
        crypt.fsync_file(tmp)
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


def encrypt_profile(profile_dir: Path, key: bytes, *, after_step=None) -> bool:
    """Convert a plain profile (from a version before encryption) in place: the database
    (an encrypted backup of it made first), then every plain backup and set-aside file.
    True when the database was converted. See :func:`counter_app.store.crypt.encrypt_in_place`."""
    from counter_app.store.backup import SET_ASIDE_DIR, candidate_folders

    db_path = profile_dir / DB_FILENAME
    stamp = now_vn().strftime("%Y%m%d-%H%M%S")
    converted = crypt.encrypt_in_place(db_path, key, after_step=after_step,
                                       backup_to=profile_dir / "backups" / f"counter-{stamp}-encryption.sqlite3")
    # Backups and set-aside files are converted as far as they can be: one on a read-only share,
    # locked, or damaged is left as it is (and logged) and never stops the counter from starting.
    for folder in (*candidate_folders(profile_dir), profile_dir / SET_ASIDE_DIR):
        try:
            olds = sorted(folder.glob("*.sqlite3")) if folder.is_dir() else []
        except OSError as exc:
            _log.warning("Cannot read folder %s to encrypt the old backups: %s", folder, exc)
            continue
        for old in olds:
            try:
                crypt.encrypt_in_place(old, key)
            except (OSError, crypt.Error, CounterError) as exc:
                _log.warning("Could not encrypt the old backup %s yet: %s", old, exc)
    return converted


def _key_opens_a_backup(profile_dir: Path, key: bytes) -> bool:
    from counter_app.store.backup import candidate_folders, list_backups

    for info in list_backups(candidate_folders(profile_dir))[:5]:
        try:
            if crypt.key_opens(info.path, key):
                return True
        except crypt.Error:
            continue
    return False


def open_store(profile_dir: Path | str, *, migrate: bool = True, keys: crypt.KeyStore | None = None) -> Store:
    """Open the profile's database (converting a plain one to encrypted, checking that the key
    opens it), backing it up and migrating it to the newest schema."""
    from counter_app.store import migrate as migrations

    profile_dir = Path(profile_dir)
    crypt.secure_dir(profile_dir, tighten=True)
    keys = keys or crypt.default_keystore()
    db_path = profile_dir / DB_FILENAME
    exists = db_path.is_file() and db_path.stat().st_size > 0
    key = keys.database_key()
    if exists:
        encrypt_profile(profile_dir, key)
        if not crypt.key_opens(db_path, key) and (keys.made_key or not _key_opens_a_backup(profile_dir, key)):
            # The key is new here, or opens none of the backups either: say what to do for a
            # missing key (and for damage: the two look alike). When it opens a backup, the file
            # is damaged: opening goes on and fails as a damaged file does (restore the newest).
            raise crypt.KeyError_(crypt.wrong_key_message(db_path))
    store = Store(db_path, keys=keys, key=key)
    from counter_app.store.document_files import DocumentFiles

    DocumentFiles(profile_dir, key=key).encrypt_plain_files()  # scans of an older version, once
    if migrate and migrations.needs_upgrade(store):
        if has_tables(store):
            stamp = now_vn().strftime("%Y%m%d-%H%M%S")
            store.backup_to(profile_dir / "backups" / f"before-migration-{stamp}.sqlite3")
        migrations.upgrade(store)
    return store
