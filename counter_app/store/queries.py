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
    from pathlib import Path

    from counter_app.store.backup_place import BackupPlacement
    from counter_app.store.ledger import DueInfo, LedgerFilter, LedgerRow, TodayCounts


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


def procedure_names(store: Store) -> list[tuple[str, str]]:
    """(code, name) of every procedure of the catalogue, in the catalogue's order."""
    from counter_app.store import catalogue_tables

    with store.read() as session:
        return [(spec.code, spec.name) for spec in catalogue_tables.list_specs(session)]


def code_settings(store: Store) -> dict[str, Any]:
    """The settings the dossier-code rules read, by key."""
    with store.read() as session:
        return settings.code_settings(session)


def logbook_count(store: Store, flt: LedgerFilter, now: datetime | None = None) -> int:
    """How many dossiers of the logbook match *flt*."""
    from counter_app.store import ledger

    with store.read() as session:
        return ledger.count_dossiers(session, flt, now)


def logbook_page(store: Store, flt: LedgerFilter, *, now: datetime,
                 **page: Any) -> tuple[list[LedgerRow], dict[str, DueInfo]]:
    """A page of logbook rows (*page*: as ``ledger.fetch_page`` takes it) and how late each
    late one is, read in one snapshot."""
    from counter_app.store import ledger

    with store.read() as session:
        rows = ledger.fetch_page(session, flt, now=now, **page)
        return rows, ledger.lateness(session, rows, now)


def backup_placement(store: Store, profile_dir: Path) -> BackupPlacement:
    """Where this profile's backups go now, assessed (the setting read from the store)."""
    from counter_app.store.backup_place import current_placement

    with store.read() as session:
        return current_placement(profile_dir, session)


def backup_folder(store: Store, profile_dir: Path) -> Path:
    """The configured backup folder (the setting, else the hint file, else the default)."""
    from counter_app.store.backup import backup_folder as configured

    with store.read() as session:
        return configured(profile_dir, session)
