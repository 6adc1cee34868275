"""What can come of a visit to the counter: received, supplement requested, refused.

Each outcome writes the dossier, its events and their outbox rows and queues its slip in ONE
transaction, so a slip is only ever rendered for a committed dossier and a print that fails
later leaves the job queued (never a lost or duplicated dossier).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.clock import now_vn
from counter_app.domain.drafts import DossierDraft
from counter_app.domain.enums import DossierStatus, EventKind
from counter_app.domain.errors import FieldError, ValidationFailed, message
from counter_app.domain.lifecycle import Action
from counter_app.services.actions import apply_to, clean_missing, clean_reason, recording
from counter_app.services.printing import queue_slip
from counter_app.services.receiving import build_dossier, insert_received
from counter_app.store import settings
from counter_app.store.db import Store
from counter_app.store.history_write import record_event
from counter_app.store.models import Dossier, Officer


@dataclass(frozen=True)
class CounterOutcome:
    """A committed dossier and the slip queued for it."""

    dossier_id: str
    code: str
    status: DossierStatus
    applicant_name: str
    received_at: datetime
    due_at: datetime
    fee_amount: int
    job_id: str
    slip_kind: str


@dataclass(frozen=True)
class ReturningApplicant:
    """What the counter already knows of an applicant, from their latest dossier."""

    applicant_kind: str
    applicant_name: str
    id_kind: str
    id_number: str
    birth_date: date | None
    representative_name: str | None
    phone: str | None
    email: str | None
    address: str
    last_code: str
    last_received_at: datetime


def _outcome(dossier: Dossier | dict[str, Any], job_id: str, kind: str) -> CounterOutcome:
    """The outcome for *dossier*: an ORM row, or the plain row just inserted."""
    row = dossier if isinstance(dossier, dict) else {
        k: getattr(dossier, k) for k in ("id", "code", "status", "applicant_name", "received_at", "due_at",
                                         "fee_amount")}
    return CounterOutcome(
        dossier_id=row["id"],
        code=row["code"],
        status=DossierStatus(row["status"]),
        applicant_name=row["applicant_name"],
        received_at=row["received_at"],
        due_at=row["due_at"],
        fee_amount=row["fee_amount"],
        job_id=job_id,
        slip_kind=kind,
    )


def _receive_in(session: Session, draft: DossierDraft, officer: Officer, now: datetime) -> Dossier:
    """The new dossier as an ORM object with its RECEIVED event, for an action to follow."""
    dossier = build_dossier(session, draft, officer, now=now)
    record_event(
        session, dossier, EventKind.RECEIVED, at=dossier.received_at, officer=officer,
        from_status=None, to_status=DossierStatus.RECEIVED,
    )
    return dossier


def receive_and_queue(store: Store, draft: DossierDraft, officer_ref: str | None = None, *,
                      now: datetime | None = None) -> CounterOutcome:
    """Receive a complete dossier and queue its receipt (Mẫu 01), in one transaction; the
    same plain-INSERT save as :func:`counter_app.services.receiving.receive`."""
    now = now or now_vn()
    with store.write() as session:
        officer = settings.find_officer(session, officer_ref)
        row, _snapshot = insert_received(session, draft, officer, now=now)
        job_id = queue_slip(session, "receipt", row["id"], officer, now=now)
        return _outcome(row, job_id, "receipt")


def request_supplement_at_counter(
    store: Store,
    draft: DossierDraft,
    missing: list[str] | tuple[str, ...],
    reason: str | None = None,
    officer_ref: str | None = None,
    *,
    now: datetime | None = None,
) -> CounterOutcome:
    """Record an incomplete dossier as waiting for a supplement, its clock stopped, and queue
    the supplement request (Mẫu 02) listing *missing*; all in one transaction."""
    now = now or now_vn()
    errors: list[FieldError] = []
    items: list[str] = []
    try:
        items = clean_missing(missing)
    except ValidationFailed as exc:
        errors.extend(exc.errors)
    note = None
    try:
        note = clean_reason(reason, required=False)
    except ValidationFailed as exc:
        errors.extend(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    data = {"missing": items, "reason": note or ""}

    with store.write() as session:
        officer = settings.find_officer(session, officer_ref)
        dossier = _receive_in(session, draft, officer, now)
        apply_to(session, dossier, Action.REQUEST_SUPPLEMENT, officer, dossier.received_at, recording(data))
        job_id = queue_slip(session, "supplement", dossier.id, officer, data=data, now=now)
        return _outcome(dossier, job_id, "supplement")


def refuse_at_counter(
    store: Store,
    draft: DossierDraft,
    reason: str,
    officer_ref: str | None = None,
    *,
    now: datetime | None = None,
) -> CounterOutcome:
    """Record a request refused at the counter with its reason and queue the refusal slip
    (Mẫu 03); all in one transaction."""
    now = now or now_vn()
    data = {"reason": clean_reason(reason, message("label.refuse_reason"))}

    with store.write() as session:
        officer = settings.find_officer(session, officer_ref)
        dossier = _receive_in(session, draft, officer, now)
        # Refusing needs a supervisor (audited by apply_to); refused, the whole transaction rolls back.
        apply_to(session, dossier, Action.REFUSE, officer, dossier.received_at, recording(data))
        job_id = queue_slip(session, "refusal", dossier.id, officer, data=data, now=now)
        return _outcome(dossier, job_id, "refusal")


def find_returning_applicant(store: Store, id_number: str) -> ReturningApplicant | None:
    """The applicant's details from the latest dossier with this ID number, or None."""
    key = (id_number or "").strip()
    if not key:
        return None
    with store.read() as session:
        row = session.scalars(
            select(Dossier).where(Dossier.id_number == key)
            .order_by(Dossier.received_at.desc(), Dossier.id.desc()).limit(1)
        ).first()
        if row is None:
            return None
        return ReturningApplicant(
            applicant_kind=row.applicant_kind,
            applicant_name=row.applicant_name,
            id_kind=row.id_kind,
            id_number=row.id_number,
            birth_date=row.birth_date,
            representative_name=row.representative_name,
            phone=row.phone,
            email=row.email,
            address=row.address,
            last_code=row.code,
            last_received_at=row.received_at,
        )
