"""Small read queries the window and the command line ask of the store, each in a session of
its own: the callers hold the store, never a session, an engine or a model. The catalogue and
the ledger load when first asked (the window's start imports this module for its settings)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from counter_app.store import settings
from counter_app.store.models import Dossier

if TYPE_CHECKING:
    from datetime import datetime

    from counter_app.domain.catalogue import ProcedureSpec
    from counter_app.domain.working_time import WorkCalendar
    from counter_app.store.db import Store
    from counter_app.store.ledger import TodayCounts


def setting(store: Store, key: str, default: Any = None) -> Any:
    """One setting's value (*default* when unset)."""
    with store.read() as session:
        return settings.get_setting(session, key, default)


def procedures_matching(store: Store, text: str) -> list[ProcedureSpec]:
    """The catalogue's procedures whose code or name matches *text* (the picker's list)."""
    from counter_app.store import catalogue_tables

    with store.read() as session:
        return catalogue_tables.search_specs(session, text)


def work_calendar(store: Store) -> WorkCalendar:
    """The working calendar in force (the bundled one with the province's overrides)."""
    from counter_app.store import catalogue_tables

    with store.read() as session:
        return catalogue_tables.work_calendar(session)


def counts_of_today(store: Store, now: datetime) -> TodayCounts:
    """Today's figures of the counter (received, due, late…) at *now*."""
    from counter_app.store import ledger

    with store.read() as session:
        return ledger.today_counts(session, now)


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
