"""Correcting a dossier after receipt: a supervisor, a reason, an EDITED event and its outbox row.

The slip already printed keeps its code; what changed (old and new value of each field) and
why go into the dossier's history, to the province, and into the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from counter_app.domain.clock import now_vn
from counter_app.domain.enums import ApplicantKind, DossierStatus, EventKind, IdKind, Role
from counter_app.domain.errors import FieldError, NotAllowed, ValidationFailed, message
from counter_app.domain.text import fold
from counter_app.domain.validation import (
    NOTE_MAX,
    check_id_kind,
    clean_address,
    clean_birth_date,
    clean_email,
    clean_id_number,
    clean_name,
    clean_phone,
    clean_sets,
    clean_text,
    label_of,
    labelled,
)
from counter_app.services import actions, auth
from counter_app.services.actions import find_dossier
from counter_app.services.printing import queue_slip
from counter_app.slips import SlipKind
from counter_app.store import settings
from counter_app.store.audit import Action as A
from counter_app.store.audit import audit
from counter_app.store.db import Store
from counter_app.store.history_write import record_event

EDITABLE_FIELDS = ("applicant_name", "representative_name", "id_kind", "id_number", "birth_date", "phone",
                   "email", "address", "note", "sets")


@dataclass(frozen=True)
class EditResult:
    """What the edit changed."""

    dossier_id: str
    code: str
    event_id: str
    changes: dict[str, list[Any]]
    version: int
    print_job_id: str | None = None  # the reissued receipt slip, when asked for


@dataclass(frozen=True)
class EditableDossier:
    """The current values of a dossier's editable fields (to pre-fill an edit form)."""

    dossier_id: str
    code: str
    version: int
    finished: bool
    applicant_kind: str
    applicant_name: str
    representative_name: str | None
    id_kind: str
    id_number: str
    birth_date: date | None
    phone: str | None
    email: str | None
    address: str
    note: str | None
    sets: int


def editable_dossier(store: Store, ref: str) -> EditableDossier:
    """Read the editable fields of dossier *ref* (code or id); NotFound otherwise."""
    with store.read() as session:
        d = find_dossier(session, ref)
        return EditableDossier(d.id, d.code, d.version, DossierStatus(d.status).is_finished, d.applicant_kind,
                               d.applicant_name, d.representative_name, d.id_kind, d.id_number, d.birth_date,
                               d.phone, d.email, d.address, d.note, d.sets)


def _clean_birth_date(value: Any, today: date) -> date | None:
    if isinstance(value, str):
        text = value.strip()
        try:
            value = date.fromisoformat(text) if text else None
        except ValueError:
            raise ValidationFailed([FieldError(
                "birth_date", labelled(label_of("birth_date"), "validation.not_an_iso_date", text=text))]) from None
    return clean_birth_date(value, today=today)


def _clean(dossier, field: str, value: Any, today: date) -> Any:
    if field == "applicant_name":
        return clean_name(value, business=dossier.applicant_kind == str(ApplicantKind.BUSINESS))
    if field == "representative_name":
        return clean_name(value, "representative_name", required=False)
    if field == "id_kind":
        return str(check_id_kind(dossier.applicant_kind, value))
    if field == "birth_date":
        return _clean_birth_date(value, today)
    if field == "phone":
        return clean_phone(value)
    if field == "email":
        return clean_email(value)
    if field == "address":
        return clean_address(value)
    if field == "note":
        return clean_text(value, "note", NOTE_MAX, False, multiline=True)
    if field == "sets":
        return clean_sets(int(value) if isinstance(value, str) and value.strip().isdigit() else value)
    raise ValidationFailed([FieldError(field, message("editing.field_not_editable", field=field))])


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def clean_reason(reason: str | None) -> str:
    """The edit's reason, required (ValidationFailed on field "reason" otherwise)."""
    return actions.clean_reason(reason, message("label.edit_reason"))


def clean_changes(dossier: Any, changes: dict[str, Any], today: date) -> dict[str, Any]:
    """Validate *changes* against *dossier* (a Dossier row or an EditableDossier); every bad
    field is reported at once in one ValidationFailed. The ID number is checked against the
    ID kind and the birth year as they stand after the edit, as at reception: changing the
    kind or the birth date re-checks the number kept."""
    errors: list[FieldError] = []
    cleaned: dict[str, Any] = {}
    for field, value in changes.items():
        if field == "id_number":
            continue
        try:
            cleaned[field] = _clean(dossier, field, value, today)
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    recheck = {"id_number", "id_kind", "birth_date"} & set(changes)
    kind_ok = "id_kind" not in changes or "id_kind" in cleaned  # a bad kind is reported on its own field
    if recheck and kind_ok:
        birth_ok = "birth_date" not in changes or "birth_date" in cleaned
        birth = cleaned.get("birth_date", dossier.birth_date) if birth_ok else None
        try:
            cleaned["id_number"] = clean_id_number(
                IdKind(cleaned.get("id_kind", dossier.id_kind)), changes.get("id_number", dossier.id_number),
                birth.year if birth is not None else None, today=today)
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def edit_after_receipt(store: Store, ref: str, officer_ref: Any, changes: dict[str, Any], *, reason: str,
                       reissue_slip: bool = False, now: datetime | None = None,
                       expected_version: int | None = None) -> EditResult:
    """Correct fields of a received dossier (supervisor; reason required); one transaction.

    With *reissue_slip* the receipt slip (Mẫu 01) is queued again with the corrected data,
    in the same transaction: reissuing a slip with changes is a supervisor's act too.
    """
    at = (now or now_vn()).replace(microsecond=0)
    why = clean_reason(reason)
    with store.write() as session:
        ref_id = getattr(officer_ref, "officer_id", None) or officer_ref
        officer = settings.find_officer(session, ref_id) if ref_id else None
        auth.require_role(officer, Role.SUPERVISOR, message("label.edit_after_receipt"))
        dossier = find_dossier(session, ref)
        status = DossierStatus(dossier.status)
        if status.is_finished:
            raise NotAllowed("editing.finished", code=dossier.code, status=status)
        if expected_version is not None and dossier.version != expected_version:
            raise NotAllowed("editing.changed_elsewhere", code=dossier.code)
        cleaned = clean_changes(dossier, changes, at.date())
        diff = {f: [_json(getattr(dossier, f)), _json(v)] for f, v in cleaned.items() if getattr(dossier, f) != v}
        if not diff:
            raise ValidationFailed([FieldError("changes", message("editing.no_change"))])
        for field, value in cleaned.items():
            setattr(dossier, field, value)
        if "applicant_name" in diff:
            dossier.applicant_name_folded = fold(dossier.applicant_name)
        dossier.updated_at = at
        dossier.version += 1
        event = record_event(session, dossier, EventKind.EDITED, at=at, officer=officer, from_status=status,
                             to_status=status, data={"reason": why, "changes": diff})
        audit(session, officer, A.DOSSIER_EDITED, dossier.code, {"reason": why, "fields": sorted(diff)}, at=at)
        job_id = None
        if reissue_slip:
            job_id = queue_slip(session, SlipKind.RECEIPT, dossier.id, officer, {"reason": why}, now=at)
            audit(session, officer, A.SLIP_REISSUED, dossier.code, {"reason": why, "job_id": job_id}, at=at)
        return EditResult(dossier.id, dossier.code, event.id, diff, dossier.version, job_id)
