"""Input shapes: what the counter form (or `counter-app receive`) hands to the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from counter_app.domain.enums import ApplicantKind, Channel, DocumentForm, IdentityCheck, IdKind, ResultDelivery


@dataclass(frozen=True)
class DocumentLine:
    """One document of the procedure's checklist as handed in at the counter."""

    name: str
    form: DocumentForm = DocumentForm.COPY
    count: int = 1
    handed_in: bool = True


@dataclass(frozen=True)
class FeeInputs:
    """Quantities some fee schedules need (copies to certify, pages per copy)."""

    copies: int = 1
    pages: int = 1


@dataclass(frozen=True)
class DossierDraft:
    """A dossier as typed by the officer, before validation."""

    procedure_code: str
    applicant_name: str
    id_number: str
    address: str
    applicant_kind: ApplicantKind = ApplicantKind.PERSON
    id_kind: IdKind = IdKind.CCCD
    birth_date: date | None = None
    phone: str | None = None
    email: str | None = None
    representative_name: str | None = None   # a business's representative, or an authorised person
    documents: tuple[DocumentLine, ...] = ()
    sets: int = 1
    fee_inputs: FeeInputs = field(default_factory=FeeInputs)
    channel: Channel = Channel.COUNTER
    result_delivery: ResultDelivery = ResultDelivery.COUNTER
    note: str | None = None
    received_at: datetime | None = None      # None: now
    id: str | None = None                    # client id (UUIDv7) when the caller made one
    identity_check: IdentityCheck | None = None  # how the applicant's identity was checked
