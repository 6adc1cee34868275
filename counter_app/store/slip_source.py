"""Build the slips' plain data from the store's rows (inside the caller's session)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import NotFound
from counter_app.domain.fees import fee_not_configured
from counter_app.domain.enums import EventKind
from counter_app.store.models import Agency, Dossier, DossierAttachment, DossierEvent, Officer, Procedure
from counter_app.slips.data import (
    ControlData,
    ControlStep,
    HandoverData,
    HandoverEntry,
    SlipAgency,
    SlipData,
    SlipDocument,
    SlipKind,
)
from counter_app.slips.templates import submitter_of


def agency_of(session: Session, agency_id: str) -> SlipAgency:
    """The agency as printed in the header; NotFound when it is not in the store."""
    row = session.get(Agency, agency_id)
    if row is None:
        raise NotFound("slip_source.agency_not_found", agency=agency_id)
    return SlipAgency(name=row.name, place_name=row.place_name, parent_name=row.parent_name,
                      lookup_url_template=row.lookup_url_template, unit_name=row.unit_name,
                      level=row.level or "commune")


def find_dossier(session: Session, code_or_id: str) -> Dossier:
    """The dossier by its code or its id; NotFound otherwise."""
    key = (code_or_id or "").strip()
    found = session.scalar(select(Dossier).where(Dossier.code == key)) or session.get(Dossier, key)
    if found is None:
        raise NotFound("dossier.not_found", code=key)
    return found


def _when(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def _officer_name(session: Session, officer_id: str | None) -> str:
    row = session.get(Officer, officer_id) if officer_id else None
    return row.full_name if row else ""


def _documents(session: Session, dossier: Dossier) -> tuple[SlipDocument, ...]:
    """The documents handed in, each with the pages of its current scan (0: not digitised)."""
    scans = dict(session.execute(
        select(DossierAttachment.document_position, DossierAttachment.pages)
        .where(DossierAttachment.dossier_id == dossier.id, DossierAttachment.replaced_at.is_(None))).all())
    return tuple(SlipDocument(d.name, d.form, d.count, int(scans.get(d.position) or 0))
                 for d in dossier.documents if d.handed_in)


def slip_data_for(session: Session, dossier: Dossier, kind: SlipKind | str, job_data: dict[str, Any] | None = None,
                  *, officer_id: str | None = None, issued_at: datetime | None = None) -> SlipData:
    """What slip *kind* prints for *dossier*; *job_data* holds the kind's own fields.

    Recognised keys of *job_data*: ``missing`` (list of str, Mẫu 02), ``reason``,
    ``original_due_at`` / ``new_due_at`` (ISO times, Mẫu 04), ``officer_phone``,
    ``signer_title``, ``signer_name``, ``issuer_name`` / ``issuer_parent`` (the settling agency,
    Mẫu 04/2025), ``decided_by`` and ``notice`` (Mẫu 05/2025), ``number``. *officer_id* is who issues the slip
    (default: the officer who received the dossier).
    """
    kind = SlipKind(kind)
    job_data = job_data or {}
    procedure = session.get(Procedure, dossier.procedure_code)
    officer = _officer_name(session, officer_id) or _officer_name(session, dossier.received_by)
    receiving = _officer_name(session, dossier.received_by) or officer
    missing = job_data.get("missing") or ()
    return SlipData(
        agency=agency_of(session, dossier.agency_id),
        code=dossier.code,
        applicant_name=dossier.applicant_name,
        address=dossier.address,
        procedure_name=dossier.procedure_name,
        procedure_code=dossier.procedure_code,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        officer_name=receiving if kind is SlipKind.RECEIPT else officer,
        id_number=dossier.id_number,
        phone=dossier.phone,
        email=dossier.email,
        representative_name=dossier.representative_name,
        documents=_documents(session, dossier),
        sets=dossier.sets,
        legal_time_text=procedure.legal_time_text if procedure else "",
        result_delivery=dossier.result_delivery,
        fee_amount=dossier.fee_amount,
        fee_detail=dossier.fee_detail,
        logbook_volume=dossier.logbook_volume,
        logbook_line=dossier.logbook_line,
        logbook_year=getattr(dossier, "logbook_year", None),
        applicant_kind=dossier.applicant_kind,
        fee_paid=bool(dossier.fee_paid),
        fee_configured=not fee_not_configured(dossier.fee_amount, dossier.fee_detail),
        workstation_no=dossier.workstation_no,
        identity_check=dossier.identity_check or "",
        number=job_data.get("number"),
        # Mẫu 02–05 are dated the day they are made; the receipt and the label, the reception.
        issued_at=None if kind in (SlipKind.RECEIPT, SlipKind.LABEL) else issued_at,
        missing_items=tuple(str(m) for m in missing),
        reason=str(job_data.get("reason") or ""),
        original_due_at=_when(job_data.get("original_due_at")) or dossier.original_due_at,
        new_due_at=_when(job_data.get("new_due_at")) or (dossier.due_at if kind is SlipKind.APOLOGY else None),
        officer_phone=str(job_data.get("officer_phone") or ""),
        signer_title=str(job_data.get("signer_title") or ""),
        signer_name=str(job_data.get("signer_name") or ""),
        issuer_name=str(job_data.get("issuer_name") or ""),
        issuer_parent=str(job_data.get("issuer_parent") or ""),
        decided_by=str(job_data.get("decided_by") or ""),
        notice=str(job_data.get("notice") or ""),
    )


def handover_data_for(session: Session, agency_id: str, job_data: dict[str, Any], *, officer_id: str | None,
                      created_at: datetime) -> HandoverData:
    """Mẫu 05 for the dossiers listed in *job_data* (``dossier_ids``, in order; NotFound
    when one is not in the store).

    Other keys: ``department`` (the receiving unit), ``cooperating`` (list), ``note`` (printed
    on every row), ``handed_over_at`` (ISO time, default *created_at*).
    """
    ids = [str(i) for i in job_data.get("dossier_ids") or ()]
    note = str(job_data.get("note") or "")
    found = {d.id: d for d in session.scalars(select(Dossier).where(Dossier.id.in_(ids)))} if ids else {}
    missing = next((i for i in ids if i not in found), None)
    if missing is not None:
        raise NotFound("dossier.not_found", code=missing)
    entries = [HandoverEntry(code=d.code, applicant_name=d.applicant_name, procedure_name=d.procedure_name,
                             received_at=d.received_at, due_at=d.due_at, sets=d.sets, note=note)
               for d in (found[i] for i in ids)]
    return HandoverData(
        agency=agency_of(session, agency_id),
        officer_name=_officer_name(session, officer_id),
        created_at=_when(job_data.get("handed_over_at")) or created_at,
        entries=tuple(entries),
        to_unit=str(job_data.get("department") or ""),
        cooperating_units=tuple(str(c) for c in job_data.get("cooperating", ()) or ()),
        number=job_data.get("number"),
    )


#: Events that put a line on the control sheet; the rest (edits, prints, payments) do not.
_CONTROL_EVENTS = (EventKind.HANDED_OVER, EventKind.RESULT_READY, EventKind.RETURNED,
                   EventKind.SUPPLEMENT_REQUESTED, EventKind.SUPPLEMENT_COMPLETED, EventKind.APOLOGY_ISSUED,
                   EventKind.STOPPED, EventKind.WITHDRAWN)


def control_data_for(session: Session, dossier: Dossier, job_data: dict[str, Any] | None = None, *,
                     officer_id: str | None = None, issued_at: datetime | None = None) -> ControlData:
    """Mẫu 06/2025 of *dossier*, its steps read from the dossier's history (oldest first).

    A step's ``from_unit`` / ``to_unit`` left empty means the counter's own unit (the form set
    names it). *job_data* may add ``cooperating`` (list of agencies) and ``number``.
    """
    job_data = job_data or {}
    slip = slip_data_for(session, dossier, SlipKind.CONTROL, job_data, officer_id=officer_id, issued_at=issued_at)
    applicant = submitter_of(dossier.applicant_kind, dossier.applicant_name, dossier.representative_name) \
        or dossier.applicant_name
    events = session.scalars(select(DossierEvent).where(
        DossierEvent.dossier_id == dossier.id, DossierEvent.kind.in_([str(k) for k in _CONTROL_EVENTS]))
        .order_by(DossierEvent.seq))
    steps: list[ControlStep] = []
    department = ""
    departments: list[str] = []
    for event in events:
        data = event.data or {}
        kind = EventKind(event.kind)
        who = event.officer_name or ""
        note = str(data.get("note") or data.get("reason") or "")
        if kind is EventKind.HANDED_OVER:
            department = str(data.get("department") or "")
            if department and department not in departments:
                departments.append(department)
            steps.append(ControlStep(str(kind), event.at, "", department, giver=who, note=note))
        elif kind is EventKind.RESULT_READY:
            steps.append(ControlStep(str(kind), event.at, department, "", receiver=who,
                                     timing=data.get("result_timing"), note=note))
        elif kind is EventKind.RETURNED:
            collector = str(data.get("name") or applicant)
            steps.append(ControlStep(str(kind), event.at, "", collector, giver=who, receiver=collector, note=note))
        elif kind is EventKind.SUPPLEMENT_COMPLETED:
            steps.append(ControlStep(str(kind), event.at, applicant, "", receiver=who, note=note))
        else:  # supplement asked, apology, stop, withdrawal: the counter tells the applicant
            steps.append(ControlStep(str(kind), event.at, "", applicant, giver=who, note=note))
    cooperating = tuple(str(c) for c in job_data.get("cooperating", ()) or ()) or tuple(departments[1:])
    return ControlData(slip=slip, steps=tuple(steps), lead_unit=departments[0] if departments else "",
                       cooperating_units=cooperating)
