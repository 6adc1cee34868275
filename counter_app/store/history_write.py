"""The append-only dossier history and the outbox row that carries each event to the province.

:func:`record_event` is the only way a dossier's history grows: it adds the event and its
outbox item to the caller's session, so both commit (or roll back) with the change itself.
The outbox item is thin (the event's number and version): what is sent is built when it is
sent (:func:`event_payload`, counter_app.store.outbox).
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


def dossier_snapshot(dossier: Dossier, scans: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The dossier as plain JSON-able data (what the province stores and what `ledger` prints).

    A dossier with scanned documents also lists them under ``scans`` (document position,
    SHA-256, pages, bytes): the province's copy links its files. *scans* (document position →
    that entry), when the caller read them already for many dossiers at once.
    """
    snap = snapshot_from_values(
        {k: getattr(dossier, k) for k in SNAPSHOT_FIELDS},
        [{"name": d.name, "form": d.form, "count": d.count, "handed_in": d.handed_in} for d in dossier.documents],
    )
    if scans is not None:
        if scans:
            snap["scans"] = [scans[k] for k in sorted(scans)]
        return snap
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
    kind: EventKind,
    *,
    at: datetime,
    officer_id: str | None,
    officer_name: str | None,
    from_status: DossierStatus | int | None,
    to_status: DossierStatus | int | None,
    version: int,
    data: dict[str, Any] | None = None,
    origin: str = "local",
    event_id: str | None = None,
    enqueue: bool = True,
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The history row of an event and, when *enqueue*, its outbox row (thin: the caller sets
    its ``seq``, the event's number in the history, once the event is written).

    *version* is the dossier's version the event produced (counter_app.domain.merge); the outbox row
    keeps it, since the history row does not. What the province receives is built from both
    when the item is sent (counter_app.store.outbox.event_payload).
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
    if not enqueue:
        return event, None
    return event, {"version": int(version), "state": "pending", "attempts": 0}


def event_payload(event: dict[str, Any], version: int, snapshot: dict[str, Any] | str) -> dict[str, Any] | str:
    """What the province receives for *event* (a history row as a mapping): the event's fields,
    the version the event produced and the one it was based on (the same for a recording, one
    less otherwise: counter_app.domain.merge), and the dossier as it stands now (*snapshot*, a dict
    or its JSON text, spliced in rather than encoded again)."""
    base = version - 1 if bumps(str(event["kind"])) else version
    head = {"event_id": event["id"], "kind": str(event["kind"]), "at": _iso(event["at"]), "version": version,
            "base_version": base, **{k: event[k] for k in ("officer_id", "officer_name", "from_status", "to_status")},
            "data": event["data"] or {}}
    if isinstance(snapshot, str):
        encoded = json.dumps(head, ensure_ascii=False)
        return f'{encoded[:-1]}, "dossier": {snapshot}}}'
    return {**head, "dossier": snapshot}


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

    No flush: the flush at commit writes the dossier, its documents, the event and the outbox
    row together (the row takes the event's number then: ``OutboxItem.event``). The event is chained after
    the dossier's newest (counter_app.store.history_chain); the dossier's seal is renewed at the
    flush. *officer_name* names who made a change that has no officer here (a department's).
    """
    event_row, outbox_row = event_rows(
        dossier.id,
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
        enqueue=enqueue,
    )
    dossier.history_head = link(event_row, dossier.history_head)
    dossier.history_length = (dossier.history_length or 0) + 1
    event = DossierEvent(**event_row)
    session.add(event)
    if outbox_row is not None:  # its seq is the event's, set by the flush (OutboxItem.event)
        session.add(OutboxItem(event=event, **outbox_row))
    return event
