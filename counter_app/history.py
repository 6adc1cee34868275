"""The append-only dossier history and the outbox row that carries each event to the province.

:func:`record_event` is the only way a dossier's history grows: it adds the event and its
outbox item to the caller's session, so both commit (or roll back) with the change itself.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from counter_app.enums import DossierStatus, EventKind
from counter_app.ids import new_id
from counter_app.models import Dossier, DossierEvent, Officer, OutboxItem


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def dossier_snapshot(dossier: Dossier) -> dict[str, Any]:
    """The dossier as plain JSON-able data (what the province stores and what `ledger` prints)."""
    return {
        "id": dossier.id,
        "code": dossier.code,
        "agency_id": dossier.agency_id,
        "workstation_no": dossier.workstation_no,
        "procedure_code": dossier.procedure_code,
        "procedure_name": dossier.procedure_name,
        "applicant_kind": dossier.applicant_kind,
        "applicant_name": dossier.applicant_name,
        "id_kind": dossier.id_kind,
        "id_number": dossier.id_number,
        "birth_date": _iso(dossier.birth_date),
        "representative_name": dossier.representative_name,
        "phone": dossier.phone,
        "email": dossier.email,
        "address": dossier.address,
        "sets": dossier.sets,
        "fee_amount": dossier.fee_amount,
        "fee_detail": dossier.fee_detail,
        "fee_paid": dossier.fee_paid,
        "channel": dossier.channel,
        "result_delivery": dossier.result_delivery,
        "note": dossier.note,
        "received_at": _iso(dossier.received_at),
        "due_at": _iso(dossier.due_at),
        "original_due_at": _iso(dossier.original_due_at),
        "status": int(dossier.status),
        "status_name": DossierStatus(dossier.status).name.lower(),
        "clock_stopped_at": _iso(dossier.clock_stopped_at),
        "finished_at": _iso(dossier.finished_at),
        "result_timing": dossier.result_timing,
        "logbook_volume": dossier.logbook_volume,
        "logbook_line": dossier.logbook_line,
        "documents": [
            {"name": d.name, "form": d.form, "count": d.count, "handed_in": d.handed_in}
            for d in dossier.documents
        ],
        "version": dossier.version,
    }


def record_event(
    session: Session,
    dossier: Dossier,
    kind: EventKind,
    *,
    at: datetime,
    officer: Officer | None,
    from_status: DossierStatus | int | None,
    to_status: DossierStatus | int | None,
    data: dict[str, Any] | None = None,
    enqueue: bool = True,
) -> DossierEvent:
    """Append an event to the dossier's history and queue it for the province, in *session*."""
    event = DossierEvent(
        id=new_id(),
        dossier_id=dossier.id,
        kind=str(kind),
        at=at,
        officer_id=officer.id if officer else None,
        officer_name=officer.full_name if officer else None,
        from_status=int(from_status) if from_status is not None else None,
        to_status=int(to_status) if to_status is not None else None,
        data=data or {},
    )
    session.add(event)
    if enqueue:
        session.flush()  # the dossier and its documents must be readable for the snapshot
        session.add(
            OutboxItem(
                event_id=event.id,
                dossier_id=dossier.id,
                kind=str(kind),
                payload={
                    "event_id": event.id,
                    "kind": str(kind),
                    "at": _iso(at),
                    "officer_id": event.officer_id,
                    "officer_name": event.officer_name,
                    "from_status": event.from_status,
                    "to_status": event.to_status,
                    "data": event.data,
                    "dossier": dossier_snapshot(dossier),
                },
                created_at=at,
                state="pending",
            )
        )
    return event
