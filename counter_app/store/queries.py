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

    from collections.abc import Mapping

    from counter_app.store.audit import ChainProblem
    from counter_app.store.backup_place import BackupPlacement
    from counter_app.store.history_verify import HistoryProblem
    from counter_app.store.ledger import DueInfo, LedgerFilter, LedgerRow, Mau06Progress, TodayCounts
    from counter_app.store.lookup import ScannerConfig
    from counter_app.store.scan_settings import ScanSetup
    from counter_app.store.settings import WorkstationContext
    from counter_app.store.start_facts import StartFacts


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


def settings_values(store: Store, defaults: Mapping[str, Any]) -> dict[str, Any]:
    """Each key of *defaults* with its stored value (its default when unset), in one read."""
    with store.read() as session:
        return {key: settings.get_setting(session, key, default) for key, default in defaults.items()}


def scanner_connection(store: Store) -> dict[str, Any]:
    """The scanner's connection settings (``mode``, ``serial_*``), unknown values as defaults."""
    from counter_app.store.lookup import read_serial_settings

    with store.read() as session:
        return read_serial_settings(session)


def scanner_config(store: Store) -> ScannerConfig:
    """This counter's scanner settings: prefix, suffix, timing and port (defaults when unset)."""
    from counter_app.store.lookup import load_scanner_config

    with store.read() as session:
        return load_scanner_config(session)


def scan_setup(store: Store) -> ScanSetup:
    """This workstation's scan settings and capture back end, in one read."""
    from counter_app.store.scan_settings import load_scan_setup

    with store.read() as session:
        return load_scan_setup(session)


def workstation_context(store: Store) -> WorkstationContext:
    """This profile's agency and workstation; NotFound when the profile was never set up."""
    with store.read() as session:
        return settings.load_context(session)


def start_facts(store: Store, keys: tuple[str, ...]) -> StartFacts:
    """What the window's start needs (the settings *keys* that are set, whether the profile is
    set up, the agency's name), read from the open store in one read."""
    from counter_app.store.start_facts import StartFacts

    with store.read() as session:
        values = {key: value for key in keys if (value := settings.get_setting(session, key)) is not None}
        ready = settings.profile_ready(session)
        agency_name = settings.load_context(session).agency_name if ready else None
    return StartFacts(values, ready, agency_name)


def recorded_start_facts(store: Store, keys: tuple[str, ...]) -> StartFacts:
    """:func:`start_facts`, also recorded beside the database for the next start's first paint
    (``start-facts.json``; written only when they changed)."""
    from counter_app.store.start_facts import record_start_facts

    facts = start_facts(store, keys)
    record_start_facts(store.path, facts, keys)
    return facts


def officer_id(store: Store, ref: str | None) -> str:
    """The id of the officer named by id or username (None: the first active administrator,
    as ``settings.find_officer``); NotFound when there is none."""
    with store.read() as session:
        return settings.find_officer(session, ref).id


def dossier_id_and_code(store: Store, ref: str) -> tuple[str, str]:
    """(id, code) of the dossier named by its code or its id; NotFound otherwise."""
    from counter_app.store.slip_source import find_dossier

    with store.read() as session:
        dossier = find_dossier(session, ref)
        return dossier.id, dossier.code


def appointment(store: Store, procedure_code: str, received_at: datetime) -> tuple[ProcedureSpec, datetime] | None:
    """(the procedure, the appointment the counter gives for it received at *received_at*), read
    in one snapshot; None when the catalogue has no active procedure with this code."""
    from counter_app.store import catalogue_tables

    with store.read() as session:
        spec = catalogue_tables.get_spec(session, procedure_code)
        if spec is None:
            return None
        calendar = catalogue_tables.work_calendar(session)
    return spec, catalogue_tables.appointment(calendar, spec, received_at)


def ledger_rows(store: Store, flt: LedgerFilter) -> tuple[list[dict[str, Any]], list[str]]:
    """Every dossier of the logbook matching *flt* as a flat JSON-able row, in logbook order,
    and their ids (the command line's list)."""
    from counter_app.store.ledger import ledger_query, ledger_row

    with store.read() as session:
        dossiers = list(session.scalars(ledger_query(flt)))
        return [ledger_row(d) for d in dossiers], [d.id for d in dossiers]


def logbook_print_page(store: Store, flt: LedgerFilter, *, now: datetime, **page: Any
                       ) -> tuple[list[LedgerRow], dict[str, Mau06Progress], dict[str, DueInfo]]:
    """A page of logbook rows (*page*: as ``ledger.fetch_page`` takes it), each one's hand-over,
    result and return, and how late each late one is, read in one snapshot (the printed book)."""
    from counter_app.store import ledger

    with store.read() as session:
        rows = ledger.fetch_page(session, flt, now=now, **page)
        return rows, ledger.progress_of(session, [r.id for r in rows]), ledger.lateness(session, rows, now)


def trail_problems(store: Store) -> tuple[list[ChainProblem], list[HistoryProblem]]:
    """What is wrong with the audit trail and with the dossiers' event history (empty lists:
    both intact), checked in one snapshot."""
    from counter_app.store.audit import verify_chain
    from counter_app.store.history_verify import verify_history

    with store.read() as session:
        return verify_chain(session), verify_history(session)
