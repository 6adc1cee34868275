"""What the officer does to a received dossier after its slip: one function per action.

Each action is ONE write transaction that checks the status against
:data:`counter_app.domain.lifecycle.TRANSITIONS` (refusing with :class:`NotAllowed` and a Vietnamese
message otherwise, changing nothing), changes the dossier, bumps its ``version`` and appends
its event and outbox row with :func:`counter_app.store.history_write.record_event` (officer and time on
the event). Forms that go with an action (Mẫu 04 apology, Mẫu 05 hand-over control sheet,
Mẫu 02 supplement request) are queued as print jobs in the same transaction.

Result timing (DOMAIN.md §5): a result back before the appointment's day is early
(trước hạn), on the appointment's day and no later than the appointment time is on time
(đúng hạn), after the appointment time is late (quá hạn).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from counter_app.domain.clock import now_vn
from counter_app.domain.due_dates import extend_for_pause
from counter_app.domain.enums import DossierStatus, EventKind, IdKind, ResultTiming
from counter_app.domain.errors import FieldError, Message, NotAllowed, NotFound, Said, ValidationFailed, message
from counter_app.domain.lifecycle import TRANSITIONS, Action, is_allowed
from counter_app.domain.validation import clean_id_number, clean_name, clean_text, label_of
from counter_app.services.auth import authorize_action
from counter_app.services.printing import queue_slip
from counter_app.store import catalogue_tables as catalogue_store
from counter_app.store import settings
from counter_app.store.db import Store
from counter_app.store.history_write import record_event
from counter_app.store.models import Agency, Dossier, DossierEvent, Officer

REASON_MAX = 1000
ITEM_MAX = 250
BATCH_MAX = 200

COLLECTOR_APPLICANT = "applicant"
COLLECTOR_AUTHORISED = "authorised"


@dataclass(frozen=True)
class ActionResult:
    """What an action did: the event written, the new status and version, any slip queued."""

    dossier_id: str
    code: str
    action: Action
    event_id: str
    at: datetime
    from_status: DossierStatus
    to_status: DossierStatus
    version: int
    due_at: datetime
    job_id: str | None = None


@dataclass(frozen=True)
class BatchResult:
    """A batch hand-over: one result per dossier and the Mẫu 05 control sheet's print job."""

    results: tuple[ActionResult, ...]
    job_id: str


# -- helpers ------------------------------------------------------------------------------


def find_dossier(session: Session, ref: str) -> Dossier:
    """The dossier whose code (or id) is *ref*; NotFound otherwise."""
    key = (ref or "").strip()
    found = session.scalars(select(Dossier).where(or_(Dossier.code == key, Dossier.id == key))).first()
    if found is None:
        raise NotFound("dossier.not_found", code=key)
    return found


def _now(now: datetime | None) -> datetime:
    return (now or now_vn()).replace(microsecond=0)


def clean_reason(value: str | None, label: Said = message("label.reason"), *,
                 required: bool = True) -> str | None:
    """A reason or note typed by the officer (field "reason"): NFC, line breaks kept, at most
    1000 characters; ValidationFailed when *required* and empty."""
    return clean_text(value, "reason", REASON_MAX, required, multiline=True, label=label)


def clean_missing(items: Sequence[str]) -> list[str]:
    """The documents to add or correct (Mẫu 02): at least one, each cleaned, no duplicates."""
    out: list[str] = []
    for n, item in enumerate(items, start=1):
        text = clean_text(item, "missing", ITEM_MAX, False, label=message("label.missing_line", line=n))
        if text and text not in out:
            out.append(text)
    if not out:
        raise ValidationFailed(
            [FieldError("missing", message("actions.missing_none"))])
    return out


def check_allowed(dossier: Dossier, action: Action) -> DossierStatus:
    """The dossier's status when *action* is allowed from it; NotAllowed otherwise."""
    status = DossierStatus(dossier.status)
    if not is_allowed(action, status):
        raise NotAllowed("action.not_allowed_in_status", action=action, code=dossier.code, status=status)
    return status


def _check_version(dossier: Dossier, expected: int | None) -> None:
    if expected is not None and dossier.version != expected:
        raise NotAllowed("dossier.changed_elsewhere", code=dossier.code, version=dossier.version,
                         expected=expected)


def result_timing(finished_at: datetime, due_at: datetime) -> ResultTiming:
    """Early before the appointment's day, on time up to the appointment, late after it."""
    if finished_at > due_at:
        return ResultTiming.LATE
    if finished_at.date() == due_at.date():
        return ResultTiming.ON_TIME
    return ResultTiming.EARLY


def enter_status(dossier: Dossier, status: DossierStatus | int, at: datetime) -> None:
    """Put *dossier* in *status* at *at* with what being in that status implies, whoever moved
    it (an action at the counter, a department on the province side):

    * waiting for a supplement stops the clock (``clock_stopped_at``; kept when already
      stopped); any other status runs it (None; moving the appointment for the time spent
      waiting is the caller's, it needs the work calendar);
    * a result back, returned, refused, withdrawn or stopped dossier has ``finished_at`` (kept
      when already set); an open one has neither it nor a ``result_timing``;
    * a result back (or returned) has its ``result_timing`` against the appointment, once.

    The version, ``updated_at`` and the event stay the caller's.
    """
    status = DossierStatus(status)
    dossier.status = int(status)
    stopped = status is DossierStatus.SUPPLEMENT_REQUESTED
    dossier.clock_stopped_at = (dossier.clock_stopped_at or at) if stopped else None
    if status.is_finished or status is DossierStatus.RESULT_READY:
        dossier.finished_at = dossier.finished_at or at
        with_result = status in (DossierStatus.RESULT_READY, DossierStatus.RETURNED)
        if with_result and dossier.result_timing is None:
            dossier.result_timing = str(result_timing(dossier.finished_at, dossier.due_at))
    else:
        dossier.finished_at = dossier.result_timing = None


Change = Callable[[Session, Dossier, Officer, datetime], tuple[DossierStatus | None, dict[str, Any], str | None]]


def recording(data: dict[str, Any]) -> Change:
    """The change of an action that only records *data* on its event (what the new status
    implies is done by :func:`enter_status`)."""
    return lambda session, dossier, officer, at: (None, data, None)


def apply_to(session: Session, dossier: Dossier, action: Action, officer: Officer, at: datetime,
             change: Change, expected_version: int | None = None) -> ActionResult:
    """Take *action* on *dossier* in *session*: check the status (and the version shown),
    make the action's *change*, check the officer may take it (supervisor actions are
    audited), enter the new status (:func:`enter_status`), bump the version and record the
    event with its outbox row."""
    before = check_allowed(dossier, action)
    _check_version(dossier, expected_version)
    target, data, job_id = change(session, dossier, officer, at)
    authorize_action(session, officer, action, dossier.code, detail=data, at=at)
    after = TRANSITIONS[action].target or target or before
    enter_status(dossier, after, at)
    dossier.updated_at = at
    dossier.version += 1
    event = record_event(session, dossier, TRANSITIONS[action].event, at=at, officer=officer,
                         from_status=before, to_status=after, data=data)
    return ActionResult(dossier.id, dossier.code, action, event.id, at, before, DossierStatus(after),
                        dossier.version, dossier.due_at, job_id)


def _run(store: Store, ref: str, action: Action, officer_ref: str | None, now: datetime | None,
         change: Change, expected_version: int | None) -> ActionResult:
    at = _now(now)
    with store.write() as session:
        officer = settings.find_officer(session, officer_ref)
        return apply_to(session, find_dossier(session, ref), action, officer, at, change, expected_version)


# -- hand-over and result -----------------------------------------------------------------


def _hand_over_change(department: str, note: str | None) -> Change:
    return recording({"department": department, "note": note or ""})


def _clean_department(department: str | None) -> str:
    return clean_text(department, "department", 200, True, label=message("label.department"))


def hand_over(store: Store, ref: str, officer_ref: str | None = None, *, department: str,
              note: str | None = None, now: datetime | None = None,
              expected_version: int | None = None) -> ActionResult:
    """Hand the dossier over to the specialist department (status: processing)."""
    dept = _clean_department(department)
    note = clean_reason(note, label_of("note"), required=False)
    return _run(store, ref, Action.HAND_OVER, officer_ref, now, _hand_over_change(dept, note), expected_version)


def hand_over_batch(store: Store, refs: Sequence[str], officer_ref: str | None = None, *,
                    department: str, note: str | None = None,
                    now: datetime | None = None) -> BatchResult:
    """Hand a stack of dossiers over in ONE transaction and queue one Mẫu 05 control sheet.

    All or nothing: an unknown code, a repeated code or a dossier not allowed to be handed
    over refuses the whole batch (the message names the code) and nothing is written.
    """
    dept = _clean_department(department)
    note = clean_reason(note, label_of("note"), required=False)
    keys = [(r or "").strip() for r in refs]
    if not keys:
        raise ValidationFailed([FieldError("codes", message("handover.none_scanned"))])
    if len(keys) > BATCH_MAX:
        raise ValidationFailed([FieldError("codes", message("handover.too_many", limit=BATCH_MAX))])
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise ValidationFailed([FieldError("codes", message("handover.scanned_twice", code=key))])
        seen.add(key)
    at = _now(now)
    with store.write() as session:
        officer = settings.find_officer(session, officer_ref)
        results = tuple(
            apply_to(session, find_dossier(session, key), Action.HAND_OVER, officer, at,
                     _hand_over_change(dept, note))
            for key in keys
        )
        data = {
            "department": dept,
            "note": note or "",
            "handed_over_at": at.isoformat(),
            "dossier_ids": [r.dossier_id for r in results],
            "codes": [r.code for r in results],
        }
        job_id = queue_slip(session, "handover", None, officer, data, now=at)
    return BatchResult(results, job_id)


def result_ready(store: Store, ref: str, officer_ref: str | None = None, *, note: str | None = None,
                 now: datetime | None = None, expected_version: int | None = None) -> ActionResult:
    """The department sent the result back: it waits at the counter; timing is recorded."""
    note = clean_reason(note, label_of("note"), required=False)

    def change(session, dossier, officer, at):
        timing = result_timing(at, dossier.due_at)  # what enter_status records
        return None, {"result_timing": str(timing), "due_at": dossier.due_at.isoformat(), "note": note or ""}, None

    return _run(store, ref, Action.RESULT_READY, officer_ref, now, change, expected_version)


def return_to_applicant(store: Store, ref: str, officer_ref: str | None = None, *,
                        collector: str = COLLECTOR_APPLICANT, collector_name: str | None = None,
                        collector_id_kind: IdKind | str = IdKind.CCCD,
                        collector_id_number: str | None = None, fees_paid: bool = False,
                        slip_returned: bool = True, note: str | None = None,
                        now: datetime | None = None,
                        expected_version: int | None = None) -> ActionResult:
    """Give the result to the applicant or to an authorised person (name and ID checked).

    The fee must be settled (*fees_paid* when it was not yet), and when the applicant's copy
    of the slip is not taken back a note must say why (lost slip, …).
    """
    errors: list[FieldError] = []
    person: dict[str, Any] = {"collector": collector}
    if collector == COLLECTOR_AUTHORISED:
        for fn in (
            lambda: person.__setitem__("name", clean_name(collector_name, "collector_name",
                                                          label=message("label.collector_name"))),
            lambda: person.__setitem__("id_kind", str(IdKind(collector_id_kind))),
            lambda: person.__setitem__("id_number", clean_id_number(IdKind(collector_id_kind), collector_id_number)),
        ):
            try:
                fn()
            except ValidationFailed as exc:
                errors.extend(FieldError("collector_" + e.field.removeprefix("collector_"), e.message)
                              for e in exc.errors)
            except ValueError:
                errors.append(FieldError("collector_id_kind", message("return.collector_id_kind_invalid")))
    elif collector != COLLECTOR_APPLICANT:
        errors.append(FieldError("collector", message("return.collector_missing")))
    try:
        note = clean_reason(note, label_of("note"), required=not slip_returned)
    except ValidationFailed:
        errors.append(FieldError("note", message("return.slip_not_taken_back")))
    if errors:
        raise ValidationFailed(errors)

    def change(session, dossier, officer, at):
        if dossier.fee_amount > 0 and not dossier.fee_paid and not fees_paid:
            raise ValidationFailed([FieldError(
                "fees_paid", message("return.fees_unpaid", amount=dossier.fee_amount))])
        newly_paid = bool(fees_paid and not dossier.fee_paid)
        if fees_paid:
            dossier.fee_paid = True
        data = dict(person, fees_paid=bool(dossier.fee_paid), fee_collected_now=newly_paid,
                    fee_amount=dossier.fee_amount, slip_returned=bool(slip_returned), note=note or "")
        return None, data, None

    return _run(store, ref, Action.RETURN, officer_ref, now, change, expected_version)


# -- supplement ---------------------------------------------------------------------------


def request_supplement(store: Store, ref: str, officer_ref: str | None = None, *,
                       missing: Sequence[str], reason: str | None = None,
                       now: datetime | None = None, expected_version: int | None = None) -> ActionResult:
    """Ask the applicant to add or correct documents: the clock stops; Mẫu 02 is queued."""
    items = clean_missing(missing)
    why = clean_reason(reason, required=False)

    def change(session, dossier, officer, at):
        data = {"missing": items, "reason": why or ""}
        return None, data, queue_slip(session, "supplement", dossier.id, officer, data, now=at)

    return _run(store, ref, Action.REQUEST_SUPPLEMENT, officer_ref, now, change, expected_version)


def _status_before_supplement(session: Session, dossier: Dossier) -> DossierStatus:
    last = session.scalars(
        select(DossierEvent)
        .where(DossierEvent.dossier_id == dossier.id, DossierEvent.kind == str(EventKind.SUPPLEMENT_REQUESTED))
        .order_by(DossierEvent.seq.desc())
        .limit(1)
    ).first()
    if last is None or last.from_status is None:
        return DossierStatus.RECEIVED
    return DossierStatus(last.from_status)


def complete_supplement(store: Store, ref: str, officer_ref: str | None = None, *,
                        note: str | None = None, now: datetime | None = None,
                        expected_version: int | None = None) -> ActionResult:
    """The applicant completed the dossier: the clock restarts and the appointment moves by
    the working time spent waiting; the status goes back to what it was before the request."""
    note = clean_reason(note, label_of("note"), required=False)

    def change(session, dossier, officer, at):
        paused = dossier.clock_stopped_at or at
        if at < paused:
            raise ValidationFailed([FieldError("at", message("supplement.completed_before_request"))])
        calendar = catalogue_store.work_calendar(session)
        old_due = dossier.due_at
        dossier.due_at = extend_for_pause(calendar, old_due, paused, at)  # the clock restarts on entering
        data = {
            "paused_at": paused.isoformat(),
            "waited_working_hours": round(calendar.working_hours_between(paused, at), 4),
            "old_due_at": old_due.isoformat(),
            "new_due_at": dossier.due_at.isoformat(),
            "note": note or "",
        }
        return _status_before_supplement(session, dossier), data, None

    return _run(store, ref, Action.COMPLETE_SUPPLEMENT, officer_ref, now, change, expected_version)


# -- payment, withdrawal, stop, refusal ---------------------------------------------------


def require_payment(store: Store, ref: str, officer_ref: str | None = None, *, amount: int,
                    note: str | None = None, now: datetime | None = None,
                    expected_version: int | None = None) -> ActionResult:
    """The applicant must pay a fee or tax before the result (status: payment required)."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationFailed([FieldError("amount", message("payment.amount_invalid"))])
    note = clean_reason(note, message("label.payment_note"), required=False)
    return _run(store, ref, Action.REQUIRE_PAYMENT, officer_ref, now, recording({"amount": amount, "note": note or ""}),
                expected_version)


def payment_done(store: Store, ref: str, officer_ref: str | None = None, *,
                 receipt_no: str | None = None, note: str | None = None,
                 now: datetime | None = None, expected_version: int | None = None) -> ActionResult:
    """The applicant paid (status: processing again)."""
    receipt = clean_text(receipt_no, "receipt_no", 60, False, label=message("label.receipt_no"))
    note = clean_reason(note, label_of("note"), required=False)
    return _run(store, ref, Action.PAYMENT_DONE, officer_ref, now,
                recording({"receipt_no": receipt or "", "note": note or ""}), expected_version)


def _finishing(action: Action, label: Message) -> Callable[..., ActionResult]:
    def act(store: Store, ref: str, officer_ref: str | None = None, *, reason: str,
            now: datetime | None = None, expected_version: int | None = None) -> ActionResult:
        why = clean_reason(reason, label)
        return _run(store, ref, action, officer_ref, now, recording({"reason": why}), expected_version)

    return act


withdraw = _finishing(Action.WITHDRAW, message("label.withdraw_reason"))
withdraw.__doc__ = "The applicant withdraws the dossier (reason required)."


def stop_processing(store: Store, ref: str, officer_ref: str | None = None, *, reason: str,
                    decided_by: str | None = None, notice: str | None = None, now: datetime | None = None,
                    expected_version: int | None = None) -> ActionResult:
    """Processing is stopped ("dừng giải quyết hồ sơ", status 8): the reason (required), who
    decided it and what the applicant is told are recorded on the event (synced with it) and
    the stop notice (Mẫu 05/2025) is queued in the same transaction."""
    why = clean_reason(reason, message("label.stop_reason"))
    who = clean_text(decided_by, "decided_by", 100, False, label=message("label.stop_decided_by"))
    told = clean_reason(notice, message("label.stop_notice"), required=False)

    def change(session, dossier, officer, at):
        data = {"reason": why, "decided_by": who or "", "notice": told or ""}
        return None, data, queue_slip(session, "stop", dossier.id, officer, data, now=at)

    return _run(store, ref, Action.STOP, officer_ref, now, change, expected_version)

refuse = _finishing(Action.REFUSE, message("label.refuse_reason"))
refuse.__doc__ = "The dossier is refused after reception (reason required)."


# -- apology ------------------------------------------------------------------------------


def settling_agency(session: Session, dossier: Dossier) -> str:
    """The department the dossier was last handed over to ("" when it never left the counter)."""
    data = session.scalar(
        select(DossierEvent.data).where(DossierEvent.dossier_id == dossier.id,
                                        DossierEvent.kind == str(EventKind.HANDED_OVER))
        .order_by(DossierEvent.seq.desc()).limit(1))
    return str((data or {}).get("department") or "")


def apologise(store: Store, ref: str, officer_ref: str | None = None, *, reason: str,
              new_due_at: datetime, now: datetime | None = None,
              expected_version: int | None = None, settling: str | None = None,
              signer_title: str | None = None, signer_name: str | None = None) -> ActionResult:
    """Apologise for the delay with a new appointment (Mẫu 04): once per dossier.

    The first appointment is kept in ``original_due_at``; the new one must be later than
    both now and the current appointment. The letter is issued by the agency that settles the
    dossier (*settling*, default: the department it was last handed over to) under its head's
    signature (*signer_title*, *signer_name*).
    """
    why = clean_reason(reason, message("label.apology_reason"))
    issuer = clean_text(settling, "settling", 200, False, label=message("label.settling"))
    title = clean_text(signer_title, "signer_title", 100, False, label=message("label.signer_title"))
    signer = clean_text(signer_name, "signer_name", 100, False, label=message("label.signer_name"))
    if not isinstance(new_due_at, datetime):
        raise ValidationFailed([FieldError("new_due_at", message("apology.new_due_missing"))])
    new_due = new_due_at.replace(microsecond=0)

    def change(session, dossier, officer, at):
        already = dossier.original_due_at is not None or session.scalar(
            select(DossierEvent.seq).where(DossierEvent.dossier_id == dossier.id,
                                           DossierEvent.kind == str(EventKind.APOLOGY_ISSUED)).limit(1)
        )
        if already:
            raise NotAllowed("apology.already_issued", code=dossier.code)
        if new_due <= max(at, dossier.due_at):
            raise ValidationFailed([FieldError(
                "new_due_at", message("apology.new_due_too_early", old_due=dossier.due_at))])
        dossier.original_due_at = dossier.due_at
        dossier.due_at = new_due
        data = {"reason": why, "original_due_at": dossier.original_due_at.isoformat(),
                "new_due_at": new_due.isoformat()}
        by = issuer or settling_agency(session, dossier)
        if by:
            data.update(issuer_name=by, issuer_parent=session.get(Agency, dossier.agency_id).name)
        data.update({k: v for k, v in (("signer_title", title), ("signer_name", signer)) if v})
        return None, data, queue_slip(session, "apology", dossier.id, officer, data, now=at)

    return _run(store, ref, Action.APOLOGISE, officer_ref, now, change, expected_version)


ACTION_FUNCTIONS: dict[Action, Callable[..., ActionResult]] = {
    Action.HAND_OVER: hand_over,
    Action.RESULT_READY: result_ready,
    Action.RETURN: return_to_applicant,
    Action.REQUEST_SUPPLEMENT: request_supplement,
    Action.COMPLETE_SUPPLEMENT: complete_supplement,
    Action.REQUIRE_PAYMENT: require_payment,
    Action.PAYMENT_DONE: payment_done,
    Action.WITHDRAW: withdraw,
    Action.STOP: stop_processing,
    Action.REFUSE: refuse,
    Action.APOLOGISE: apologise,
}


def perform(store: Store, action: Action, ref: str, officer_ref: str | None = None, *,
            now: datetime | None = None, expected_version: int | None = None,
            **inputs: Any) -> ActionResult:
    """Run *action* on the dossier *ref* with the action's own keyword *inputs*."""
    return ACTION_FUNCTIONS[Action(action)](store, ref, officer_ref, now=now,
                                            expected_version=expected_version, **inputs)
