"""Listing dossiers for the logbook (Sổ theo dõi hồ sơ, Mẫu 06) and `counter-app ledger`.

The logbook is read a page at a time by keyset: rows are ordered by (received_at, rowid) —
which the ``received_at`` index already holds — or, for a name search, by the rowid the
full-text index returns them in (the order they were entered); a page continues from the key
of its neighbour, and a jump far away uses an OFFSET counted from the nearer end. "Late" and
"due today" are derived from the appointment (DOMAIN.md §5), never stored.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import Session

from counter_app.store import catalogue_tables
from counter_app.domain.clock import now_vn
from counter_app.domain.enums import RUNNING_STATUSES, DossierStatus, EventKind
from counter_app.store.lookup import DueInfo, due_info
from counter_app.store.models import Dossier, DossierEvent
from counter_app.store.search import (
    DOSSIER_ROWID,
    FTS_TABLE,
    FTS_ROWID,
    SearchKind,
    SearchQuery,
    fts_from,
    fts_match,
    match_condition,
    parse_search,
)

LEDGER_COLUMNS = (
    "code",
    "status",
    "status_name",
    "procedure_code",
    "procedure_name",
    "applicant_name",
    "id_number",
    "phone",
    "received_at",
    "due_at",
    "finished_at",
    "result_timing",
    "logbook_volume",
    "logbook_line",
)

class Deadline(enum.Enum):
    """Where a dossier stands against its appointment."""

    NONE = "none"            # finished, result back, clock stopped, or not due today
    DUE_TODAY = "due_today"  # due later today
    LATE = "late"            # the appointment has passed without a result


def deadline_of(status: int, due_at: datetime, now: datetime) -> Deadline:
    """Late / due today / neither, for a dossier in *status* due at *due_at*."""
    if status not in RUNNING_STATUSES:
        return Deadline.NONE
    if due_at < now:
        return Deadline.LATE
    if due_at < datetime.combine(now.date() + timedelta(days=1), time.min):
        return Deadline.DUE_TODAY
    return Deadline.NONE


def lateness(session: Session, rows: list[LedgerRow], now: datetime) -> dict[str, DueInfo]:
    """{dossier id: DueInfo} of the late rows among *rows*: how late each is in working time,
    counted by the card's own ``lookup.due_info`` on the counter's calendar, so the logbook, its
    export and the card say the same for the same dossier."""
    late = [row for row in rows if row.deadline(now) is Deadline.LATE]
    if not late:
        return {}
    calendar = catalogue_tables.work_calendar(session)
    return {row.id: due_info(row, calendar, now) for row in late}


@dataclass(frozen=True)
class LedgerFilter:
    """Which dossiers to list; every field narrows the result."""

    date_from: date | None = None
    date_to: date | None = None
    status: DossierStatus | None = None
    procedure_code: str | None = None
    due_today: bool = False
    late: bool = False
    search: str | None = None


@dataclass(frozen=True)
class LedgerRow:
    """One line of the logbook."""

    rowid: int
    id: str
    code: str
    status: int
    procedure_code: str
    procedure_name: str
    sets: int
    applicant_name: str
    address: str
    phone: str | None
    id_number: str
    received_at: datetime
    due_at: datetime
    finished_at: datetime | None
    result_timing: str | None
    note: str | None
    logbook_volume: int
    logbook_line: int
    clock_stopped_at: datetime | None = None
    workstation_no: int = 0  # the counter that received it (printed on Mẫu 07/2025)
    logbook_year: int | None = None  # the year's book of the line (None: numbered before yearly books)

    def deadline(self, now: datetime) -> Deadline:
        return deadline_of(self.status, self.due_at, now)


_ROW_COLUMNS = (
    Dossier.id, Dossier.code, Dossier.status, Dossier.procedure_code, Dossier.procedure_name, Dossier.sets,
    Dossier.applicant_name, Dossier.address, Dossier.phone, Dossier.id_number, Dossier.received_at,
    Dossier.due_at, Dossier.finished_at, Dossier.result_timing, Dossier.note, Dossier.logbook_volume,
    Dossier.logbook_line, Dossier.clock_stopped_at, Dossier.workstation_no, Dossier.logbook_year,
)


def _where(q: Select, flt: LedgerFilter, query: SearchQuery, now: datetime | None) -> Select:
    """*q* narrowed by every field of *flt*, whose search parsed to *query* (the name search is
    a join, added by _base)."""
    if flt.date_from:
        q = q.where(Dossier.received_at >= datetime.combine(flt.date_from, time.min))
    if flt.date_to:
        q = q.where(Dossier.received_at < datetime.combine(flt.date_to + timedelta(days=1), time.min))
    if flt.status is not None:
        q = q.where(Dossier.status == int(flt.status))
    if flt.procedure_code:
        q = q.where(Dossier.procedure_code == flt.procedure_code)
    if flt.late or flt.due_today:
        now = now or now_vn()
        running = [int(s) for s in sorted(RUNNING_STATUSES)]
        q = q.where(Dossier.status.in_(running))
        if flt.late:
            q = q.where(Dossier.due_at < now)
        if flt.due_today:
            end = datetime.combine(now.date() + timedelta(days=1), time.min)
            q = q.where(Dossier.due_at >= now, Dossier.due_at < end)
    if query.kind in (SearchKind.NUMBER, SearchKind.CODE):
        q = q.where(match_condition(query))
    return q


def _base(columns, flt: LedgerFilter, query: SearchQuery, now: datetime | None) -> Select:
    q = select(*columns)
    if query.kind is SearchKind.NAME:
        q = q.select_from(fts_from()).where(fts_match(query.fts))
    else:
        q = q.select_from(Dossier)
    return _where(q, flt, query, now)


def _sort_keys(query: SearchQuery) -> tuple:
    return (FTS_ROWID,) if query.kind is SearchKind.NAME else (Dossier.received_at, DOSSIER_ROWID)


def sort_key_columns(flt: LedgerFilter) -> tuple:
    """The columns the logbook is ordered by for *flt* (its keyset)."""
    return _sort_keys(parse_search(flt.search))


def ledger_query(flt: LedgerFilter, now: datetime | None = None) -> Select:
    """The SELECT of whole dossiers for *flt*, in logbook order."""
    query = parse_search(flt.search)
    return _base([Dossier], flt, query, now).order_by(*_sort_keys(query))


def count_dossiers(session: Session, flt: LedgerFilter, now: datetime | None = None) -> int:
    """How many dossiers match *flt*."""
    query = parse_search(flt.search)
    if query.kind is SearchKind.NAME and flt == LedgerFilter(search=flt.search):
        # Only the name narrows: the full-text index counts alone, without visiting dossiers.
        from sqlalchemy import table

        return session.scalar(select(func.count()).select_from(table(FTS_TABLE)).where(fts_match(query.fts))) or 0
    return session.scalar(_base([func.count()], flt, query, now)) or 0


def row_key(flt: LedgerFilter, row: LedgerRow) -> tuple:
    """The keyset position of *row* under *flt*'s ordering."""
    return (row.rowid,) if parse_search(flt.search).kind is SearchKind.NAME else (row.received_at, row.rowid)


def fetch_page(session: Session, flt: LedgerFilter, *, now: datetime | None = None, limit: int = 200,
               after: tuple | None = None, before: tuple | None = None, offset: int = 0,
               from_end: bool = False) -> list[LedgerRow]:
    """A page of logbook rows, always returned in logbook order.

    ``after``/``before`` continue from a neighbouring page's key (keyset, cheap anywhere);
    otherwise ``offset`` rows are skipped from the start, or from the end when ``from_end``.
    """
    query = parse_search(flt.search)
    keys = _sort_keys(query)
    rowid = keys[-1]
    q = _base([rowid, *_ROW_COLUMNS], flt, query, now)
    key_expr = tuple_(*keys) if len(keys) > 1 else keys[0]

    def bound(value: tuple):
        return tuple_(*value) if len(value) > 1 else value[0]

    descending = from_end or before is not None
    if after is not None:
        q = q.where(key_expr > bound(after))
    if before is not None:
        q = q.where(key_expr < bound(before))
    q = q.order_by(*[k.desc() for k in keys] if descending else keys).limit(limit)
    if offset and after is None and before is None:
        q = q.offset(offset)
    rows = [LedgerRow(*r) for r in session.execute(q)]
    return rows[::-1] if descending else rows


def ledger_row(d: Dossier) -> dict[str, Any]:
    """One dossier as a flat JSON-able row."""
    return {
        "code": d.code,
        "status": int(d.status),
        "status_name": DossierStatus(d.status).name.lower(),
        "procedure_code": d.procedure_code,
        "procedure_name": d.procedure_name,
        "applicant_name": d.applicant_name,
        "id_number": d.id_number,
        "phone": d.phone,
        "received_at": d.received_at.isoformat(),
        "due_at": d.due_at.isoformat(),
        "finished_at": d.finished_at.isoformat() if d.finished_at else None,
        "result_timing": d.result_timing,
        "logbook_volume": d.logbook_volume,
        "logbook_line": d.logbook_line,
    }


def list_dossiers(session: Session, flt: LedgerFilter, now: datetime | None = None) -> list[dict[str, Any]]:
    """Rows of the dossiers matching *flt*."""
    return [ledger_row(d) for d in session.scalars(ledger_query(flt, now))]


@dataclass(frozen=True)
class Mau06Progress:
    """What the Mẫu 06 columns need beyond the dossier: when it moved, and to whom."""

    handed_over_at: datetime | None = None
    department: str = ""
    result_at: datetime | None = None
    returned_at: datetime | None = None
    collector: str = ""


def progress_of(session: Session, dossier_ids: list[str]) -> dict[str, Mau06Progress]:
    """Hand-over, result and return of each dossier, read from its history (latest of each)."""
    kinds = (str(EventKind.HANDED_OVER), str(EventKind.RESULT_READY), str(EventKind.RETURNED))
    found: dict[str, dict[str, Any]] = {i: {} for i in dossier_ids}
    for start in range(0, len(dossier_ids), 500):
        chunk = dossier_ids[start:start + 500]
        q = (select(DossierEvent.dossier_id, DossierEvent.kind, DossierEvent.at, DossierEvent.data)
             .where(DossierEvent.dossier_id.in_(chunk), DossierEvent.kind.in_(kinds))
             .order_by(DossierEvent.seq))
        for dossier_id, kind, at, data in session.execute(q):
            data = data or {}
            slot = found[dossier_id]
            if kind == EventKind.HANDED_OVER:
                slot["handed_over_at"] = at
                slot["department"] = str(data.get("department") or "")
            elif kind == EventKind.RESULT_READY:
                slot["result_at"] = at
            else:
                slot["returned_at"] = at
                slot["collector"] = str(data.get("name") or "")
    return {i: Mau06Progress(**v) for i, v in found.items()}


@dataclass(frozen=True)
class TodayCounts:
    """The counter's day at a glance."""

    received_today: int
    due_today: int
    late: int
    waiting_pickup: int


def today_counts(session: Session, now: datetime | None = None) -> TodayCounts:
    """Received today, due later today, late, and results waiting for the applicant."""
    now = now or now_vn()
    today = now.date()
    received = count_dossiers(session, LedgerFilter(date_from=today, date_to=today), now)
    return TodayCounts(
        received_today=received,
        due_today=count_dossiers(session, LedgerFilter(due_today=True), now),
        late=count_dossiers(session, LedgerFilter(late=True), now),
        waiting_pickup=count_dossiers(session, LedgerFilter(status=DossierStatus.RESULT_READY), now),
    )
