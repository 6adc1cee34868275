"""Listing dossiers for the logbook and `counter-app ledger`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from counter_app.enums import DossierStatus
from counter_app.models import Dossier

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


@dataclass(frozen=True)
class LedgerFilter:
    """Which dossiers to list; every field narrows the result."""

    date_from: date | None = None
    date_to: date | None = None
    status: DossierStatus | None = None
    procedure_code: str | None = None


def ledger_query(flt: LedgerFilter) -> Select:
    """The SELECT for *flt*, ordered by reception time."""
    q = select(Dossier)
    if flt.date_from:
        q = q.where(Dossier.received_at >= datetime.combine(flt.date_from, time.min))
    if flt.date_to:
        q = q.where(Dossier.received_at < datetime.combine(flt.date_to + timedelta(days=1), time.min))
    if flt.status is not None:
        q = q.where(Dossier.status == int(flt.status))
    if flt.procedure_code:
        q = q.where(Dossier.procedure_code == flt.procedure_code)
    return q.order_by(Dossier.received_at, Dossier.code)


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


def list_dossiers(session: Session, flt: LedgerFilter) -> list[dict[str, Any]]:
    """Rows of the dossiers matching *flt*."""
    return [ledger_row(d) for d in session.scalars(ledger_query(flt))]
