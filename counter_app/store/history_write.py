"""The append-only dossier history and the outbox row that carries each event to the province.

:func:`record_event` is the only way a dossier's history grows: it adds the event and its
outbox item to the caller's session, so both commit (or roll back) with the change itself.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from counter_app.domain.enums import DossierStatus, EventKind
from counter_app.store.history_chain import link
from counter_app.domain.ids import new_id
from counter_app.domain.merge import bumps
from counter_app.store.models import Dossier, DossierAttachment, DossierEvent, Officer, OutboxItem


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


SNAPSHOT_FIELDS = (
    "id", "code", "agency_id", "workstation_no", "procedure_code", "procedure_name",
    "applicant_kind", "applicant_name", "id_kind", "id_number", "birth_date",
    "representative_name", "phone", "email", "address", "sets", "fee_amount", "fee_detail",
    "fee_paid", "channel", "result_delivery", "note", "received_at", "due_at", "original_due_at",
    "status", "clock_stopped_at", "finished_at", "result_timing", "logbook_volume",
    "logbook_line", "version", "logbook_year", "identity_check",
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
    """The dossier as plain JSON-able data (what the province stores and what `ledger` prints).

    A dossier with scanned documents also lists them under ``scans`` (document position,
    SHA-256, pages, bytes): the province's copy links its files.
    """
    snap = snapshot_from_values(
        {k: getattr(dossier, k) for k in SNAPSHOT_FIELDS},
        [{"name": d.name, "form": d.form, "count": d.count, "handed_in": d.handed_in} for d in dossier.documents],
    )
    session = object_session(dossier)
    if session is not None and dossier.id is not None:
        with session.no_autoflush:
            scans = session.execute(
                select(DossierAttachment.document_position, DossierAttachment.sha256, DossierAttachment.pages,
                       DossierAttachment.size_bytes)
                .where(DossierAttachment.dossier_id == dossier.id, DossierAttachment.replaced_at.is_(None))
                .order_by(DossierAttachment.document_position)).all()
        new = [o for o in session.new if isinstance(o, DossierAttachment) and o.dossier_id == dossier.id]
        rows = {r[0]: {"document": r[0], "sha256": r[1], "pages": r[2], "bytes": r[3]} for r in scans}
        rows.update({o.document_position: {"document": o.document_position, "sha256": o.sha256, "pages": o.pages,
                                           "bytes": o.size_bytes} for o in new})
        if rows:
            snap["scans"] = [rows[k] for k in sorted(rows)]
    return snap


def event_rows(
    dossier_id: str,
    snapshot: dict[str, Any] | str | None,
    kind: EventKind,
    *,
    at: datetime,
    officer_id: str | None,
    officer_name: str | None,
    from_status: DossierStatus | int | None,
    to_status: DossierStatus | int | None,
    data: dict[str, Any] | None = None,
    origin: str = "local",
    version: int | None = None,
    event_id: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The history row of an event and, when *snapshot* is given, its outbox row.

    The one place that shapes what the province receives: the event's fields, the version the
    event produced (*version*, by default the snapshot's) and the one it was based on (the
    same for a recording, one less otherwise: counter_app.domain.merge), plus the dossier as it
    stands after the event (*snapshot*, a dict or its JSON text).
    """
    event = {
        "id": event_id or new_id(),
        "dossier_id": dossier_id,
        "kind": str(kind),
        "at": at,
        "officer_id": officer_id,
        "officer_name": officer_name,
        "from_status": int(from_status) if from_status is not None else None,
        "to_status": int(to_status) if to_status is not None else None,
        "data": data or {},
        "origin": origin,
    }
    if snapshot is None:
        return event, None
    if version is None:
        version = int(snapshot["version"]) if isinstance(snapshot, dict) else 1
    base = version - 1 if bumps(event["kind"]) else version
    head = {k: event[k] for k in ("officer_id", "officer_name", "from_status", "to_status", "data")}
    head = {"event_id": event["id"], "kind": event["kind"], "at": _iso(at), "version": version,
            "base_version": base, **head}
    if isinstance(snapshot, str):  # already encoded: splice it in rather than encode it again
        encoded = json.dumps(head, ensure_ascii=False)
        payload: dict[str, Any] | str = f'{encoded[:-1]}, "dossier": {snapshot}}}'
    else:
        payload = {**head, "dossier": snapshot}
    outbox = {
        "event_id": event["id"],
        "dossier_id": dossier_id,
        "kind": event["kind"],
        "payload": payload,
        "created_at": at,
        "state": "pending",
        "attempts": 0,
    }
    return event, outbox


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
    event_id: str | None = None,
    officer_name: str | None = None,
) -> DossierEvent:
    """Append an event to the dossier's history and queue it for the province, in *session*.

    No flush: the snapshot reads the objects themselves, and the flush at commit writes the
    dossier, its documents, the event and the outbox row together. The event is chained after
    the dossier's newest (counter_app.store.history_chain); the dossier's seal is renewed at the
    flush. *officer_name* names who made a change that has no officer here (a department's).
    """
    event_row, outbox_row = event_rows(
        dossier.id,
        dossier_snapshot(dossier) if enqueue else None,
        kind,
        at=at,
        officer_id=officer.id if officer else None,
        officer_name=officer.full_name if officer else officer_name,
        from_status=from_status,
        to_status=to_status,
        data=data,
        origin=origin,
        version=dossier.version,
        event_id=event_id,
    )
    dossier.history_head = link(event_row, dossier.history_head)
    dossier.history_length = (dossier.history_length or 0) + 1
    event = DossierEvent(**event_row)
    session.add(event)
    if outbox_row is not None:
        session.add(OutboxItem(**outbox_row))
    return event
