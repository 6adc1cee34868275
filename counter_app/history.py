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


SNAPSHOT_FIELDS = (
    "id", "code", "agency_id", "workstation_no", "procedure_code", "procedure_name",
    "applicant_kind", "applicant_name", "id_kind", "id_number", "birth_date",
    "representative_name", "phone", "email", "address", "sets", "fee_amount", "fee_detail",
    "fee_paid", "channel", "result_delivery", "note", "received_at", "due_at", "original_due_at",
    "status", "clock_stopped_at", "finished_at", "result_timing", "logbook_volume",
    "logbook_line", "version",
)


def snapshot_from_values(values: dict[str, Any], documents: list[dict[str, Any]]) -> dict[str, Any]:
    """The snapshot of a dossier given as a column → value mapping and its document rows."""
    snap = {k: _iso(v) if isinstance(v, date) else v for k, v in ((k, values[k]) for k in SNAPSHOT_FIELDS)}
    snap["status"] = int(snap["status"])
    snap["status_name"] = DossierStatus(snap["status"]).name.lower()
    snap["fee_paid"] = bool(snap["fee_paid"])
    snap["documents"] = [
        {"name": d["name"], "form": d["form"], "count": d["count"], "handed_in": bool(d["handed_in"])}
        for d in documents
    ]
    return snap


def dossier_snapshot(dossier: Dossier) -> dict[str, Any]:
    """The dossier as plain JSON-able data (what the province stores and what `ledger` prints)."""
    return snapshot_from_values(
        {k: getattr(dossier, k) for k in SNAPSHOT_FIELDS},
        [{"name": d.name, "form": d.form, "count": d.count, "handed_in": d.handed_in} for d in dossier.documents],
    )


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
    origin: str = "local",
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
        origin=origin,
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
