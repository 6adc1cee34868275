"""Receive a dossier: validate, give it a code and an appointment, store it and queue it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from counter_app.domain import code_rules
from counter_app.domain.clock import now_vn, to_vn
from counter_app.domain.drafts import DossierDraft
from counter_app.domain.enums import DossierStatus, EventKind, Role
from counter_app.domain.errors import FieldError, NotFound, ValidationFailed, message
from counter_app.domain.fees import compute_fee
from counter_app.domain.ids import new_id
from counter_app.domain.text import excerpt, fold
from counter_app.domain.validation import label_of, labelled, validate_draft
from counter_app.services.auth import require_role
from counter_app.store import catalogue_tables, number_marks, refcache, settings
from counter_app.store import code_sequences, save_reads
from counter_app.store.audit import Action as A
from counter_app.store.audit import audit
from counter_app.store.db import Store
from counter_app.store.history_chain import seal_new
from counter_app.store.history_write import event_rows, snapshot_from_values
from counter_app.store.models import Dossier, DossierDocument, DossierEvent, Officer, OutboxItem
from counter_app.store.rawinsert import insert_rows


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
    stored: NewDossier = field(repr=False, compare=False)  # the rows as written

    @cached_property
    def snapshot(self) -> dict[str, Any]:
        """The dossier as plain JSON-able data (counter_app.store.history_write), made when asked."""
        return snapshot_from_values(self.stored.row, self.stored.documents)


def next_logbook_line(session: Session, workstation_no: int, stride: int, year: int,
                      agency_id: str | None = None) -> int:
    """The next line of the agency's logbook (Sổ theo dõi hồ sơ) for *year* from this workstation.

    One book per agency and year; its line numbers are partitioned by workstation like the
    dossier codes (workstation W of stride S numbers W, W + S, W + 2S, …), so counters working
    offline never print the same "Số thứ tự", and a new series starts each 1 January. The
    volume (Quyển số, setting ``logbook.volume``) only splits the book on paper. Lines are
    reserved in blocks by a mark kept outside the database (:mod:`counter_app.store.number_marks`,
    with *agency_id* given), so a restored older file never gives a printed line again.
    """
    last = save_reads.last_logbook_line(session, workstation_no, year)  # bare SQL: a save's hot path
    if agency_id is None:
        return workstation_no if last is None else last + stride
    return number_marks.next_number(session, agency_id, number_marks.LOGBOOK, year, workstation_no, stride, last)


_ID_TAKEN = select(Dossier.code).where(Dossier.id == bindparam("id"))

#: How far back (hours) an officer may date a dossier a caller gives with ``received_at``;
#: further back needs a supervisor. Never before the agency's set-up time.
BACKDATE_HOURS = "receiving.backdate_hours"
DEFAULT_BACKDATE_HOURS = 24


def _set_up_at(session: Session) -> datetime | None:
    value = settings.get_setting(session, settings.AGENCY_SET_UP_AT)
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def check_received_at(session: Session, received_at: datetime | None, *, now: datetime,
                      supervisor: Any = None) -> bool:
    """Check a caller-given reception time against the agency's rules: never before the
    agency was set up on this profile (ValidationFailed), and further back than the
    ``receiving.backdate_hours`` window (default 24) only with a supervisor (NotAllowed).
    Returns True when the supervisor's approval was needed (the caller audits it)."""
    if received_at is None:
        return False
    time, day = f"{received_at:%H:%M}", received_at.date()
    set_up = _set_up_at(session)
    if set_up is not None and received_at < set_up:
        raise ValidationFailed([FieldError("received_at", labelled(
            label_of("received_at"), "receiving.before_set_up", time=time, day=day, set_up=set_up.date()))])
    try:
        hours = float(settings.get_setting(session, BACKDATE_HOURS, DEFAULT_BACKDATE_HOURS))
    except (TypeError, ValueError):
        hours = DEFAULT_BACKDATE_HOURS
    if received_at >= now - timedelta(hours=hours):
        return False
    require_role(supervisor, Role.SUPERVISOR,
                 message("receiving.backdated", time=time, day=day, hours=f"{hours:g}"))
    return True


@dataclass(frozen=True)
class NewDossier:
    """A validated new dossier as plain rows: the dossier table's columns and its documents."""

    row: dict[str, Any]
    documents: list[dict[str, Any]]


def prepare_dossier(
    session: Session,
    draft: DossierDraft,
    officer: Officer | Any,  # the ORM object, or its plain row (settings.find_officer_row)
    *,
    now: datetime,
    status: DossierStatus = DossierStatus.RECEIVED,
) -> NewDossier:
    """Validate *draft* and work out its code, appointment, fees and logbook line.

    Raises ValidationFailed naming each bad field. Reads only: nothing is added yet.
    """
    now = to_vn(now)  # an aware time is converted: the store keeps Vietnam wall time
    draft = validate_draft(draft, now=now)
    ref = refcache.current(session)  # the agency, settings, catalogue and calendar, read once
    spec = catalogue_tables.get_spec(session, draft.procedure_code, ref)
    if spec is None:
        raise ValidationFailed(
            [FieldError("procedure_code", message("receiving.unknown_procedure", code=excerpt(draft.procedure_code)))]
        )
    holder = session.scalar(_ID_TAKEN, {"id": draft.id}) if draft.id is not None else None
    if holder is not None:  # refused here, not by the primary key half way through the inserts
        raise ValidationFailed([FieldError("id", message("receiving.id_taken", id=draft.id, holder=holder))])
    ctx = settings.load_context(session, ref)
    received_at = to_vn(draft.received_at or now).replace(microsecond=0)
    calendar = catalogue_tables.work_calendar(session, ref)
    due = catalogue_tables.appointment(calendar, spec, received_at)
    fee = compute_fee(spec.fee, draft.fee_inputs, draft.sets)
    day = received_at.date()
    try:  # the code rule in force on the day of receipt, for this procedure (kept per token and day)
        choice = ref.get(("code_choice", ctx.agency_id, day, spec.centralised), lambda: code_rules.choose(
            settings.code_settings(session, ref), ctx.agency_id, day, spec.centralised))
    except code_rules.CodeRuleUnusable as exc:
        raise ValidationFailed([FieldError("procedure_code", exc.message)]) from None
    code, seq = code_sequences.allocate_code(
        session, ctx.agency_id, received_at.date(), ctx.workstation_no, ctx.code_stride, choice
    )
    volume = settings.logbook_volume(session, ref)
    dossier_id = draft.id or new_id()
    documents = draft.documents or tuple(catalogue_tables.checklist(spec))
    row = dict(
        id=dossier_id, code=code, code_day=received_at.date(), code_seq=seq,
        agency_id=ctx.agency_id, workstation_no=ctx.workstation_no,
        procedure_code=spec.code, procedure_name=spec.name,
        applicant_kind=str(draft.applicant_kind), applicant_name=draft.applicant_name,
        applicant_name_folded=fold(draft.applicant_name),
        id_kind=str(draft.id_kind), id_number=draft.id_number, birth_date=draft.birth_date,
        representative_name=draft.representative_name, phone=draft.phone, email=draft.email,
        address=draft.address, sets=draft.sets, fee_amount=fee.amount, fee_detail=fee.detail,
        fee_paid=False, channel=str(draft.channel), result_delivery=str(draft.result_delivery),
        note=draft.note, identity_check=str(draft.identity_check) if draft.identity_check else None,
        received_at=received_at, received_by=officer.id, due_at=due,
        original_due_at=None, status=int(status), clock_stopped_at=None, finished_at=None,
        result_timing=None, logbook_volume=volume, logbook_year=received_at.year,
        logbook_line=next_logbook_line(session, ctx.workstation_no, ctx.code_stride, received_at.year, ctx.agency_id),
        updated_at=now, version=1,
    )
    docs = [
        dict(dossier_id=dossier_id, position=i, name=d.name, form=str(d.form), count=d.count,
             handed_in=d.handed_in)
        for i, d in enumerate(documents, start=1)
    ]
    return NewDossier(row, docs)


def build_dossier(
    session: Session,
    draft: DossierDraft,
    officer: Officer,
    *,
    now: datetime,
    status: DossierStatus = DossierStatus.RECEIVED,
) -> Dossier:
    """Validate *draft* and write the new dossier and its documents in *session* (the same
    INSERTs as :func:`insert_received`, its one write path), then return it as an ORM object
    for callers that go on changing it in the same transaction (the counter's supplement and
    refusal): its first event (record_event) chains onto it and renews its seal.

    Raises ValidationFailed naming each bad field; nothing is written in that case.
    """
    new = prepare_dossier(session, draft, officer, now=now, status=status)
    seal_new(new.row, [])  # no event yet: sealed as it stands
    insert_rows(session, Dossier.__table__, [new.row])
    insert_rows(session, DossierDocument.__table__, new.documents)
    return session.get(Dossier, new.row["id"])


def insert_received(session: Session, draft: DossierDraft, officer: Officer | Any, *,
                    now: datetime) -> tuple[dict[str, Any], dict[str, Any]]:
    """Validate *draft* and write the new dossier, its documents, its RECEIVED event and the
    event's (thin) outbox row in *session*; returns the dossier's row and its snapshot.

    New rows only: plain INSERTs, not the ORM's unit of work (most of a save's cost). Raises
    ValidationFailed naming each bad field; nothing is written in that case.
    """
    new = insert_new(session, draft, officer, now=now)
    return new.row, snapshot_from_values(new.row, new.documents)


def insert_new(session: Session, draft: DossierDraft, officer: Officer | Any, *, now: datetime) -> NewDossier:
    """:func:`insert_received`, returning the rows as written (the snapshot is left to be made
    from them when asked: :attr:`Receipt.snapshot`)."""
    new = prepare_dossier(session, draft, officer, now=now)
    row = new.row
    event, outbox = event_rows(
        row["id"], EventKind.RECEIVED,
        at=row["received_at"], officer_id=officer.id, officer_name=officer.full_name,
        from_status=None, to_status=DossierStatus.RECEIVED, version=int(row["version"]),
    )
    seal_new(row, [event])  # the event chained, the row sealed (counter_app.store.history_chain)
    insert_rows(session, Dossier.__table__, [row])
    insert_rows(session, DossierDocument.__table__, new.documents)
    outbox["seq"] = insert_rows(session, DossierEvent.__table__, [event])  # the item is the event's number
    insert_rows(session, OutboxItem.__table__, [outbox])
    return new


def receive(
    store: Store,
    draft: DossierDraft,
    officer_ref: str | None = None,
    *,
    now: datetime | None = None,
    check_dating: bool = False,
    supervisor: Any = None,
) -> Receipt:
    """Validate, store and queue a newly received dossier, all in one transaction.

    An unknown or disabled *officer_ref* is bad input (ValidationFailed). *check_dating*
    applies :func:`check_received_at` to a caller-given ``received_at`` (the command line
    does; in-process callers that replay known history, such as fixtures, need not), with
    *supervisor* (a signed-in supervisor, or None) approving a back-dating, audited.
    """
    now = now or now_vn()
    with store.write_direct() as session:  # one transaction; its reads and inserts on the DB-API connection
        try:
            officer = settings.find_officer_row(session, officer_ref)
        except NotFound as exc:
            if not officer_ref:
                raise
            raise ValidationFailed([FieldError("officer", message(
                "receiving.officer_unknown", officer=excerpt(officer_ref)))]) from exc
        if not officer.active:
            raise ValidationFailed([FieldError("officer", message(
                "receiving.officer_disabled", username=officer.username))])
        approved = False
        if check_dating:  # the fields first (a year the code cannot carry, a time to come), then the rules
            validate_draft(draft, now=now)
            approved = check_received_at(session, draft.received_at, now=now, supervisor=supervisor)
        new = insert_new(session, draft, officer, now=now)
        row = new.row
        if approved:
            audit(session, getattr(supervisor, "officer_id", None) or getattr(supervisor, "id", None),
                  A.DOSSIER_BACKDATED, row["code"],
                  {"received_at": row["received_at"], "officer": officer.username}, at=now)
    return Receipt(
        id=row["id"],
        code=row["code"],
        received_at=row["received_at"],
        due_at=row["due_at"],
        status=DossierStatus(row["status"]),
        fee_amount=row["fee_amount"],
        logbook_volume=row["logbook_volume"],
        logbook_line=row["logbook_line"],
        stored=new,
    )
