"""Tables of the reference provincial server (SQLAlchemy Core; SQLite or PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
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


def open_database(url: str) -> Engine:
    """Connect to *url* and create the tables that are missing."""
    engine = make_engine(url)
    metadata.create_all(engine)
    return engine
