"""Tables of the reference provincial server (SQLAlchemy Core; SQLite or PostgreSQL).

The database is brought to this shape by the Alembic migrations in ``migrations/``, applied
by :func:`open_database` at every start. A change here needs a new migration: the test
``tests/sync/test_server_migrations.py`` fails while the two disagree.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    inspect,
    text,
)

metadata = MetaData()

#: One-time enrollment codes issued by the province; only their SHA-256 is kept.
enrollment_code = Table(
    "enrollment_code",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("agency_id", String(13), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("used_at", DateTime),
    Column("device_id", String(36)),
    Column("nonce_hash", String(64)),  # SHA-256 of the nonce it was spent with: a retry may repeat it
)

#: An enrolled workstation; its bearer token is kept as a SHA-256 digest only.
device = Table(
    "device",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("agency_id", String(13), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("workstation_no", Integer),
    Column("name", String(100), nullable=False, default=""),
    Column("created_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
    # One active device per workstation number of an agency (checked at enrollment).
    Index("ix_device_agency_workstation", "agency_id", "workstation_no"),
)

#: The latest known state of each dossier (the snapshot carried by its newest event).
dossier = Table(
    "dossier",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("agency_id", String(13), nullable=False, index=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("status", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("snapshot", JSON, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

#: Every event received, once; `seq` is the acknowledgement handed back to the client.
dossier_event = Table(
    "event",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("agency_id", String(13), nullable=False, index=True),
    Column("dossier_id", String(36), nullable=False, index=True),
    Column("device_id", String(36), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("received_at", DateTime, nullable=False),
)

#: Repeats of an event id with different content, kept for a person to review.
conflict = Table(
    "conflict",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False, index=True),
    Column("agency_id", String(13), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("received_at", DateTime, nullable=False),
)

#: The pull feed: department status changes (per agency), catalogue and calendar (all agencies).
change = Table(
    "change",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("agency_id", String(13), index=True),  # NULL: for every agency
    Column("kind", String(20), nullable=False),
    Column("dossier_id", String(36)),
    Column("data", JSON, nullable=False),
    Column("note", Text),
    Column("created_at", DateTime, nullable=False),
)

DEFAULT_DB_URL = "sqlite:///counter-server.sqlite3"

#: The largest ``seq`` the INTEGER columns can hold (a cursor beyond it finds nothing newer).
MAX_SEQ = 2**31 - 1

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
#: Key of the PostgreSQL advisory lock held while the schema is checked and upgraded.
MIGRATION_LOCK = 0x636F756E74657201
FIRST_REVISION = "0001"  # the tables the server made itself before it had migrations


def make_engine(url: str) -> Engine:
    """An engine for *url*; SQLite gets WAL, a busy timeout and BEGIN IMMEDIATE transactions."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):  # pragma: no cover - every SQLite test runs it
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA busy_timeout = 30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def upgrade(engine: Engine) -> None:
    """Apply the migrations *engine*'s database lacks, in one transaction, one process at a time.

    A database made before the server had migrations (its tables, no ``alembic_version``) is
    first stamped at the first revision, which describes exactly those tables.
    """
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:  # on SQLite, BEGIN IMMEDIATE: other starting servers wait here
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" not in tables and "device" in tables:
            command.stamp(cfg, FIRST_REVISION)
        command.upgrade(cfg, "head")


def open_database(url: str) -> Engine:
    """Connect to *url* and bring its schema up to date (Alembic migrations)."""
    engine = make_engine(url)
    upgrade(engine)
    return engine
