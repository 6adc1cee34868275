"""Receive a dossier: validate, give it a code and an appointment, store it and queue it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from counter_app import catalogue_store, codes, refcache, settings
from counter_app.db import Store
from counter_app.drafts import DossierDraft
from counter_app.enums import DossierStatus, EventKind
from counter_app.errors import FieldError, ValidationFailed
from counter_app.fees import compute_fee
from counter_app.history import dossier_snapshot, record_event
from counter_app.ids import new_id
from counter_app.models import Dossier, DossierDocument, Officer
from counter_app.text import fold
from counter_app.validation import validate_draft


@dataclass(frozen=True)
class Receipt:
    """What the counter tells the applicant once the dossier is committed."""

    id: str
    code: str
    received_at: datetime
    due_at: datetime
    status: DossierStatus
    fee_amount: int
    logbook_volume: int
    logbook_line: int
    snapshot: dict[str, Any]


_LAST_LOGBOOK_LINE = select(func.max(Dossier.logbook_line)).where(
    Dossier.workstation_no == bindparam("workstation_no"), Dossier.logbook_volume == bindparam("volume")
)  # built once: composing the statement cost as much as running it


def next_logbook_line(session: Session, workstation_no: int, volume: int) -> int:
    """The next line of this workstation's logbook volume (Sổ theo dõi hồ sơ)."""
    last = session.scalar(_LAST_LOGBOOK_LINE, {"workstation_no": workstation_no, "volume": volume})
    return (last or 0) + 1


def build_dossier(
    session: Session,
    draft: DossierDraft,
    officer: Officer,
    *,
    now: datetime,
    status: DossierStatus = DossierStatus.RECEIVED,
) -> Dossier:
    """Validate *draft* and add the new dossier (with its code and appointment) to *session*.

    Raises ValidationFailed naming each bad field; nothing is added in that case.
    """
    draft = validate_draft(draft, now=now)
    ref = refcache.current(session)  # the agency, settings, catalogue and calendar, read once
    spec = catalogue_store.get_spec(session, draft.procedure_code, ref)
    if spec is None:
        raise ValidationFailed(
            [FieldError("procedure_code", f"Thủ tục: không có mã '{draft.procedure_code}' trong danh mục")]
        )
    ctx = settings.load_context(session, ref)
    received_at = (draft.received_at or now).replace(microsecond=0)
    calendar = catalogue_store.work_calendar(session, ref)
    due = catalogue_store.appointment(calendar, spec, received_at)
    fee = compute_fee(spec.fee, draft.fee_inputs, draft.sets)
    code, seq = codes.allocate_code(
        session, ctx.agency_id, received_at.date(), ctx.workstation_no, ctx.code_stride
    )
    volume = settings.logbook_volume(session, ref)
    documents = draft.documents or tuple(catalogue_store.checklist(spec))
    dossier = Dossier(
        id=draft.id or new_id(),
        code=code,
        code_day=received_at.date(),
        code_seq=seq,
        agency_id=ctx.agency_id,
        workstation_no=ctx.workstation_no,
        procedure_code=spec.code,
        procedure_name=spec.name,
        applicant_kind=str(draft.applicant_kind),
        applicant_name=draft.applicant_name,
        applicant_name_folded=fold(draft.applicant_name),
        id_kind=str(draft.id_kind),
        id_number=draft.id_number,
        birth_date=draft.birth_date,
        representative_name=draft.representative_name,
        phone=draft.phone,
        email=draft.email,
        address=draft.address,
        sets=draft.sets,
        fee_amount=fee.amount,
        fee_detail=fee.detail,
        channel=str(draft.channel),
        result_delivery=str(draft.result_delivery),
        note=draft.note,
        received_at=received_at,
        received_by=officer.id,
        due_at=due,
        status=int(status),
        logbook_volume=volume,
        logbook_line=next_logbook_line(session, ctx.workstation_no, volume),
        updated_at=now,
        version=1,
        documents=[
            DossierDocument(position=i, name=d.name, form=str(d.form), count=d.count, handed_in=d.handed_in)
            for i, d in enumerate(documents, start=1)
        ],
    )
    session.add(dossier)  # flushed with its event (record_event), or by the next query
    return dossier


def receive(
    store: Store,
    draft: DossierDraft,
    officer_ref: str | None = None,
    *,
    now: datetime | None = None,
) -> Receipt:
    """Validate, store and queue a newly received dossier, all in one transaction."""
    now = now or datetime.now()
    with store.write() as session:
        officer = settings.find_officer(session, officer_ref)
        dossier = build_dossier(session, draft, officer, now=now)
        record_event(
            session,
            dossier,
            EventKind.RECEIVED,
            at=dossier.received_at,
            officer=officer,
            from_status=None,
            to_status=DossierStatus.RECEIVED,
        )
        snap = dossier_snapshot(dossier)
    return Receipt(
        id=dossier.id,
        code=dossier.code,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        status=DossierStatus(dossier.status),
        fee_amount=dossier.fee_amount,
        logbook_volume=dossier.logbook_volume,
        logbook_line=dossier.logbook_line,
        snapshot=snap,
    )

