"""Small read queries the window and the command line ask of the store, each in a session of
its own: the callers hold the store, never a session, an engine or a model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from counter_app.store.models import Dossier

if TYPE_CHECKING:
    from counter_app.store.db import Store


def dossier_count(store: Store) -> int:
    """How many dossiers the profile holds."""
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(Dossier)) or 0


def first_received_dossier_id(store: Store) -> str | None:
    """The id of the dossier received first (None: no dossier yet)."""
    with store.read() as session:
        return session.scalar(select(Dossier.id).order_by(Dossier.received_at).limit(1))


def cipher_facts(store: Store) -> tuple[str | None, str | None]:
    """(an applicant's name as the application reads it, SQLCipher's version): what the
    self-test looks for in the file's bytes, and which cipher wrote them."""
    with store.read() as session:
        name = session.scalar(select(Dossier.applicant_name).limit(1))
        version = session.connection().exec_driver_sql("PRAGMA cipher_version").scalar()
    return name, version


def checkpoint(store: Store) -> None:
    """Move the WAL's pages into the database file (a passive checkpoint, outside any
    transaction, on a pooled connection of the write engine)."""
    pooled = store.engine.raw_connection()
    try:
        pooled.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    finally:
        pooled.close()
