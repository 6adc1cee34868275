"""The durable print queue (table ``print_job``): queue, render, record prints and reprints.

A slip is queued in the same transaction as the change it documents (or a later one), so it
exists only once its dossier is committed. Printing happens outside any transaction; the
printer's answer is then recorded with :func:`mark_printed` or :func:`mark_failed`. A failed
job stays in :func:`unprinted_jobs` with its error and can be printed again: the dossier is
never touched, so it is neither lost nor duplicated.

A print of a slip whose kind was already printed for the same dossier is a reprint: the
paper says "BẢN IN LẠI" with the time, the job is flagged ``is_reprint`` and a
``slip_printed`` event records who printed which slip, when and where.

Settings (``setting`` table; the GUI reads and writes them):

* ``printing.paper``: ``"a4_two_a5"`` (default, two A5 copies on one A4 sheet) or ``"a5"``;
* ``printing.printer.<kind>``: the printer name remembered for a kind of slip
  (``receipt``, ``supplement``, ``refusal``, ``apology``, ``handover``, ``label``);
* ``printing.forms_version``: ``"auto"`` (default: each dossier's forms come from the set in
  force on its day of receipt, 2018 before 15/09/2025 and 2025 from then on) or a set's
  folder name in resources/forms to force that set for every dossier;
* ``printing.folder``: where the CLI writes slips it cannot send to a printer
  (default ``<profile>/prints``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.clock import now_vn
from counter_app.domain.enums import DossierStatus, EventKind
from counter_app.domain.errors import FieldError, Message, NotAllowed, NotFound, Said, ValidationFailed, message
from counter_app.domain.ids import new_id
from counter_app.slips import Paper, SlipKind  # reportlab loads on the first render (_render)
from counter_app.slips.templates import version_for, version_info
from counter_app.store import form_numbers, settings
from counter_app.store.db import Store
from counter_app.store.history_write import record_event
from counter_app.store.models import Dossier, DossierEvent, Officer, PrintJob
from counter_app.store.pii_access import AccessAction, record_access
from counter_app.store.slip_source import control_data_for, find_dossier, handover_data_for, slip_data_for

if TYPE_CHECKING:
    from counter_app.domain.slip_qr import SlipSigner

PAPER_KEY = "printing.paper"
PRINTER_KEY = "printing.printer.{kind}"
FORMS_VERSION_KEY = "printing.forms_version"
FOLDER_KEY = "printing.folder"

QUEUED, PRINTED, FAILED = "queued", "printed", "failed"
AUTO = "auto"  # printing.forms_version: the set in force on the dossier's day of receipt


@dataclass(frozen=True)
class PrintSettings:
    """This profile's printing choices."""

    paper: Paper
    forms_version: str  # "auto" or a set's folder name
    printers: dict[str, str]  # kind -> printer name


@dataclass(frozen=True)
class PrintJobInfo:
    """One row of the print queue or history, as plain data."""

    id: str
    kind: str
    dossier_id: str | None
    dossier_code: str
    created_at: datetime
    status: str  # queued | printed | failed
    is_reprint: bool
    printed_at: datetime | None
    printer: str | None
    error: Said | None  # the window's words, or the core's coded reason (ui.messages says it)
    officer_id: str | None
    officer_name: str


def printer_key(kind: str) -> str:
    return PRINTER_KEY.format(kind=kind)


def load_print_settings(session: Session) -> PrintSettings:
    """Paper, form set and remembered printers of this profile."""
    raw = settings.get_setting(session, PAPER_KEY, Paper.A4_TWO_A5.value)
    try:
        paper = Paper(raw)
    except ValueError:
        paper = Paper.A4_TWO_A5
    printers = {}
    for kind in SlipKind:
        name = settings.get_setting(session, printer_key(kind))
        if name:
            printers[str(kind)] = str(name)
    version = str(settings.get_setting(session, FORMS_VERSION_KEY, AUTO) or AUTO)
    return PrintSettings(paper=paper, forms_version=version, printers=printers)


def set_paper(session: Session, paper: Paper | str) -> None:
    settings.set_setting(session, PAPER_KEY, Paper(paper).value)


def set_printer(session: Session, kind: SlipKind | str, printer: str | None) -> None:
    settings.set_setting(session, printer_key(SlipKind(kind)), printer or None)


def print_folder(store: Store) -> Path:
    """Where slips are written as PDF when no printer is used (created on demand)."""
    with store.read() as session:
        configured = settings.get_setting(session, FOLDER_KEY)
    folder = Path(configured) if configured else store.path.parent / "prints"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# -- the queue ------------------------------------------------------------------------------

def _officer(session: Session, officer: Officer | str | None) -> Officer | None:
    if officer is None or isinstance(officer, Officer):
        return officer
    return settings.find_officer(session, officer)


def _printed_before(session: Session, kind: str, dossier_id: str | None, exclude: str | None = None) -> bool:
    if dossier_id is None:
        return False
    query = select(PrintJob.id).where(PrintJob.kind == kind, PrintJob.dossier_id == dossier_id,
                                      PrintJob.status == PRINTED)
    if exclude:
        query = query.where(PrintJob.id != exclude)
    return session.scalar(query.limit(1)) is not None


def _last_job_data(session: Session, kind: str, dossier_id: str) -> dict[str, Any]:
    """What the latest slip of this kind for this dossier said (missing items, reason…)."""
    data = session.scalar(
        select(PrintJob.data).where(PrintJob.kind == kind, PrintJob.dossier_id == dossier_id)
        .order_by(PrintJob.created_at.desc()).limit(1)
    )
    return dict(data or {})


#: The event whose data a form prints, for the forms that document one.
_FORM_EVENT = {SlipKind.SUPPLEMENT: EventKind.SUPPLEMENT_REQUESTED, SlipKind.REFUSAL: EventKind.REFUSED,
               SlipKind.APOLOGY: EventKind.APOLOGY_ISSUED, SlipKind.STOP: EventKind.STOPPED}
_CONTENT_KEYS = ("missing", "reason", "original_due_at", "new_due_at", "issuer_name", "issuer_parent",
                 "signer_title", "signer_name", "decided_by", "notice")


def _latest_event(session: Session, dossier_id: str, kind: EventKind) -> DossierEvent | None:
    return session.scalar(select(DossierEvent).where(DossierEvent.dossier_id == dossier_id,
                                                     DossierEvent.kind == str(kind))
                          .order_by(DossierEvent.seq.desc()).limit(1))


def _content_from_history(session: Session, kind: SlipKind, dossier_id: str) -> dict[str, Any]:
    event_kind = _FORM_EVENT.get(kind)
    event = _latest_event(session, dossier_id, event_kind) if event_kind else None
    return {k: v for k, v in (event.data or {}).items() if k in _CONTENT_KEYS} if event else {}


def form_refusal(session: Session, kind: SlipKind | str, dossier: Dossier) -> Message | None:
    """Why form *kind* does not apply to *dossier* (a message), or None when it does.

    The receipt, the control sheet and the label need a dossier that was received; the
    supplement request, the apology, the refusal and the stop notice document their event,
    so the dossier must have had it. The hand-over list is not a form of one dossier.
    """
    kind = SlipKind(kind)
    status = DossierStatus(dossier.status)
    code = dossier.code
    if kind is SlipKind.HANDOVER:
        return message("printing.handover_not_per_dossier")
    if kind in (SlipKind.RECEIPT, SlipKind.CONTROL, SlipKind.LABEL):
        if _latest_event(session, dossier.id, EventKind.RECEIVED) is None:
            return message("printing.refused_at_counter" if status is DossierStatus.REFUSED
                           else "printing.not_received", code=code)
        return None
    if kind is SlipKind.REFUSAL and status is not DossierStatus.REFUSED:
        return message("printing.not_refused", code=code)
    if kind is SlipKind.STOP and status is not DossierStatus.STOPPED:
        return message("printing.not_stopped", code=code)
    if kind is SlipKind.SUPPLEMENT and _latest_event(session, dossier.id, EventKind.SUPPLEMENT_REQUESTED) is None:
        return message("printing.no_supplement", code=code)
    if kind is SlipKind.APOLOGY and _latest_event(session, dossier.id, EventKind.APOLOGY_ISSUED) is None:
        return message("printing.no_apology", code=code)
    return None


def queue_slip(session: Session, kind: SlipKind | str, dossier_id: str | None, officer: Officer | str | None,
               data: dict[str, Any] | None = None, *, now: datetime | None = None) -> str:
    """Queue slip *kind* of *dossier_id* in the caller's transaction; returns the job id.

    The hand-over sheet has no single dossier: pass ``None`` and list the dossiers in
    ``data["dossier_ids"]``. ValidationFailed for an unknown kind, NotFound for an unknown dossier.
    """
    try:
        kind = SlipKind(kind)
    except ValueError:
        raise ValidationFailed([FieldError("kind", message("printing.bad_kind", kind=kind))]) from None
    if dossier_id is None and kind is not SlipKind.HANDOVER:
        raise ValidationFailed([FieldError("dossier_id", message("printing.needs_dossier"))])
    if dossier_id is not None and session.get(Dossier, dossier_id) is None:
        raise NotFound("printing.dossier_not_found", dossier=dossier_id)
    who = _officer(session, officer)
    if dossier_id is not None and not {k for k in (data or {}) if k not in ("reprint", "paper")}:
        # A slip asked for again without its content (a reprint) says what the last one said,
        # or, never printed here (a dossier pulled from the server, the demo), what its event recorded.
        last = _last_job_data(session, str(kind), dossier_id) or _content_from_history(session, kind, dossier_id)
        data = {**last, **(data or {})}
    at = (now or now_vn()).replace(microsecond=0)
    if not (data or {}).get("number"):
        # one receipt, control sheet, refusal, apology or stop notice per dossier: reissued, it
        # keeps its number; each supplement request is a new form with a number of its own
        number = _last_job_data(session, str(kind), dossier_id).get("number") \
            if dossier_id is not None and kind is not SlipKind.SUPPLEMENT else None
        number = number or _new_number(session, kind, dossier_id, at)
        if number:
            data = {**(data or {}), "number": number}
    job = PrintJob(id=new_id(), dossier_id=dossier_id, kind=str(kind),
                   created_at=at,
                   officer_id=who.id if who else None, status=QUEUED,
                   is_reprint=_printed_before(session, str(kind), dossier_id), data=dict(data or {}))
    session.add(job)
    session.flush()
    return job.id


def queue_dossier_slip(store: Store, kind: SlipKind | str, dossier_id: str, officer: str | None, *,
                       data: dict[str, Any] | None = None, default_officer: bool = False) -> str:
    """:func:`queue_slip` of a committed dossier in a transaction of its own; returns the job id.
    *officer*: the officer's id or username; with *default_officer*, None stands for the
    workstation's first active administrator (``settings.find_officer``), else for nobody."""
    with store.write() as session:
        who = settings.find_officer(session, officer) if default_officer else officer
        return queue_slip(session, kind, dossier_id, who, data=data)


@dataclass(frozen=True)
class FormCheck:
    """A dossier a form is asked of: its id, its code, and why the form does not apply to it
    (None: it does; see :func:`form_refusal`)."""

    dossier_id: str
    code: str
    refusal: Message | None


def check_form(store: Store, kind: SlipKind | str, ref: str) -> FormCheck:
    """Whether form *kind* applies to the dossier *ref* (its code or id), in a read of its own;
    NotFound for an unknown dossier."""
    with store.read() as session:
        dossier = find_dossier(session, ref)
        return FormCheck(dossier.id, dossier.code, form_refusal(session, kind, dossier))


def queue_form(store: Store, kind: SlipKind | str, ref: str, officer: str | None) -> str:
    """Queue form *kind* of the dossier *ref* (its code or id) in a transaction of its own, when
    the form applies to it; returns the job id. NotAllowed saying why it does not apply (nothing
    queued), NotFound for an unknown dossier."""
    with store.write() as session:
        dossier = find_dossier(session, ref)
        refusal = form_refusal(session, kind, dossier)
        if refusal is not None:
            raise NotAllowed(refusal)
        return queue_slip(session, kind, dossier.id, officer)


def _forms_version(session: Session, kind: SlipKind, day: datetime) -> str:
    forced = load_print_settings(session).forms_version
    return version_for(day, kind) if forced == AUTO else forced


def _new_number(session: Session, kind: SlipKind, dossier_id: str | None, at: datetime) -> str | None:
    """The next "Số: …" of *kind* (None for a form the set does not number, e.g. the label)."""
    dossier = session.get(Dossier, dossier_id) if dossier_id else None
    version = _forms_version(session, kind, dossier.received_at if dossier else at)
    pattern = (version_info(version).get("numbering") or {}).get(str(kind))
    if not pattern:
        return None
    return form_numbers.allocate(session, str(kind), pattern, at=at, dossier_id=dossier_id)


def _job(session: Session, job_id: str) -> PrintJob:
    job = session.get(PrintJob, job_id)
    if job is None:
        raise NotFound("printing.job_not_found", job=job_id)
    return job


#: The slips whose QR carries the signed statement (Mẫu 01 and the folder label); the other
#: forms keep the lookup address or the code.
SIGNED_KINDS = (SlipKind.RECEIPT, SlipKind.LABEL)


def _signed(data, kind: SlipKind, signer: SlipSigner | None, now: datetime):
    """*data* with the signed statement for its QR, when *kind* carries one and *signer* has a
    certificate valid *now* (else the QR keeps the plain code: an un-enrolled counter)."""
    if signer is None or kind not in SIGNED_KINDS or not signer.covers(now):
        return data
    return replace(data, qr_text=signer.qr_text(code=data.code, applicant_name=data.applicant_name,
                                               received_at=data.received_at, due_at=data.due_at, signed_at=now))


def _render_in(session: Session, job: PrintJob, *, reprint: bool, now: datetime,
               paper: Paper | str | None = None, signer: SlipSigner | None = None) -> bytes:
    prefs = load_print_settings(session)
    kind = SlipKind(job.kind)
    paper = Paper(paper or (job.data or {}).get("paper") or prefs.paper)
    if kind is SlipKind.HANDOVER:
        agency_id = settings.get_setting(session, settings.WORKSTATION_AGENCY)
        data = handover_data_for(session, agency_id, job.data or {}, officer_id=job.officer_id,
                                 created_at=job.created_at)
    else:
        dossier = session.get(Dossier, job.dossier_id)
        if dossier is None:
            raise NotFound("printing.job_dossier_not_found", job=job.id)
        if kind is SlipKind.CONTROL:
            data = control_data_for(session, dossier, job.data, officer_id=job.officer_id, issued_at=job.created_at)
        else:
            data = slip_data_for(session, dossier, kind, job.data, officer_id=job.officer_id,
                                 issued_at=job.created_at)
            data = _signed(data, kind, signer, now)
    from counter_app.slips.render import render  # reportlab, on the print path only

    version = None if prefs.forms_version == AUTO else prefs.forms_version
    return render(kind, data, paper=paper, reprint=reprint, forms_version=version, reprinted_at=now)


def render_job(store: Store, job_id: str, *, now: datetime | None = None, paper: Paper | str | None = None,
               signer: SlipSigner | None = None) -> bytes:
    """The PDF of a queued (or already printed) job; says "BẢN IN LẠI" when it is a reprint.
    With *signer* (the enrolled workstation's), the receipt's and label's QR is signed at *now*."""
    now = (now or now_vn()).replace(microsecond=0)
    with store.read() as session:
        job = _job(session, job_id)
        reprint = job.status == PRINTED or _printed_before(session, job.kind, job.dossier_id, exclude=job.id)
        return _render_in(session, job, reprint=reprint, now=now, paper=paper, signer=signer)


def _record_print(session: Session, job: PrintJob, printer: str, at: datetime) -> None:
    officer = session.get(Officer, job.officer_id) if job.officer_id else None
    ids = [job.dossier_id] if job.dossier_id else list((job.data or {}).get("dossier_ids") or [])
    for dossier_id in ids:
        dossier = session.get(Dossier, dossier_id)
        if dossier is None:
            continue
        status = DossierStatus(dossier.status)
        record_event(session, dossier, EventKind.SLIP_PRINTED, at=at, officer=officer, from_status=status,
                     to_status=status, data={"job_id": job.id, "slip": job.kind, "printer": printer,
                                             "reprint": bool(job.is_reprint)})


def mark_printed(store: Store, job_id: str, printer: str, *, now: datetime | None = None) -> PrintJobInfo:
    """Record that the printer accepted job *job_id*; printing a printed job again records a reprint."""
    at = (now or now_vn()).replace(microsecond=0)
    with store.write() as session:
        job = _job(session, job_id)
        if job.status == PRINTED:  # the same slip printed once more: keep both in the history
            job = PrintJob(id=new_id(), dossier_id=job.dossier_id, kind=job.kind, created_at=at,
                           officer_id=job.officer_id, status=QUEUED, data=dict(job.data or {}))
            session.add(job)
            job.is_reprint = True
        else:
            job.is_reprint = bool(job.is_reprint) or _printed_before(session, job.kind, job.dossier_id, job.id)
        job.status, job.printed_at, job.printer, job.error = PRINTED, at, printer, None
        session.flush()
        _record_print(session, job, printer, at)
        info = _info(session, job)
        ids, officer_id = _job_dossiers(job), job.officer_id
    # Who printed whose personal data: its own small transaction, never failing the print.
    form = f"{info.kind}.pdf" if printer.startswith("file:") else info.kind
    record_access(store, ids, AccessAction.PRINT, officer_id=officer_id, form=form, at=at)
    return info


def _job_dossiers(job: PrintJob) -> list[str]:
    return [job.dossier_id] if job.dossier_id else [str(i) for i in (job.data or {}).get("dossier_ids") or []]


def record_saved(store: Store, job_id: str, officer_id: str | None = None) -> bool:
    """Record in the access log that job *job_id* was saved as a PDF file by *officer_id* (the
    job's officer when None). Never raises (counter_app.store.pii_access.record_access)."""
    return _record_job(store, job_id, officer_id, AccessAction.PRINT, "pdf")


def record_previewed(store: Store, job_id: str, officer_id: str | None = None) -> bool:
    """Record in the access log that job *job_id* was shown on screen in the print preview by
    *officer_id* (the job's officer when None): a view of its dossiers' personal data. Never raises."""
    return _record_job(store, job_id, officer_id, AccessAction.VIEW, "preview")


def _record_job(store: Store, job_id: str, officer_id: str | None, action: AccessAction, suffix: str) -> bool:
    try:
        with store.read() as session:
            job = _job(session, job_id)
            ids, kind, officer_id = _job_dossiers(job), job.kind, officer_id or job.officer_id
    except Exception:  # noqa: BLE001 - the log of the access must never break the save or the preview
        return False
    return record_access(store, ids, action, officer_id=officer_id, form=f"{kind}.{suffix}")


_CODED = "coded:"  # a print job's error kept as a code and its parameters (JSON), not as words


def _stored_error(error: Said | None) -> str:
    """*error* as the job's column holds it: the window's words as they are, a coded message
    (the core's own reasons) as ``coded:{"code": …, "params": …}``, said again when shown."""
    if isinstance(error, Message):
        return _CODED + json.dumps({"code": error.code, "params": {k: str(v) for k, v in error.params.items()}},
                                   ensure_ascii=False)
    return (error or "").strip() or _stored_error(message("printing.unknown_error"))


def _read_error(stored: str | None) -> Said | None:
    if stored and stored.startswith(_CODED):
        try:
            found = json.loads(stored[len(_CODED):])
            return Message(str(found["code"]), dict(found.get("params") or {}))
        except (ValueError, KeyError, TypeError):
            return stored
    return stored


def mark_failed(store: Store, job_id: str, error: Said) -> PrintJobInfo:
    """Record a failed print: the job stays queued with its error (a printed job is left as it is)."""
    with store.write() as session:
        job = _job(session, job_id)
        if job.status != PRINTED:
            job.status, job.error = FAILED, _stored_error(error)
        session.flush()
        return _info(session, job)


def _info(session: Session, job: PrintJob) -> PrintJobInfo:
    code = ""
    if job.dossier_id:
        dossier = session.get(Dossier, job.dossier_id)
        code = dossier.code if dossier else ""
    elif job.data:
        code = ", ".join((job.data.get("codes") or [])[:3])
    officer = session.get(Officer, job.officer_id) if job.officer_id else None
    return PrintJobInfo(id=job.id, kind=job.kind, dossier_id=job.dossier_id, dossier_code=code,
                        created_at=job.created_at, status=job.status, is_reprint=bool(job.is_reprint),
                        printed_at=job.printed_at, printer=job.printer, error=_read_error(job.error),
                        officer_id=job.officer_id, officer_name=officer.full_name if officer else "")


def get_job(store: Store, job_id: str) -> PrintJobInfo:
    with store.read() as session:
        return _info(session, _job(session, job_id))


def unprinted_jobs(store: Store) -> list[PrintJobInfo]:
    """Jobs not printed yet (queued or failed), oldest first."""
    with store.read() as session:
        rows = session.scalars(select(PrintJob).where(PrintJob.status.in_((QUEUED, FAILED)))
                               .order_by(PrintJob.created_at, PrintJob.id))
        return [_info(session, job) for job in rows]


def print_history(store: Store, dossier_id: str) -> list[PrintJobInfo]:
    """Every print job of a dossier (id or code), oldest first, printed or not."""
    with store.read() as session:
        dossier = find_dossier(session, dossier_id)
        rows = session.scalars(select(PrintJob).where(PrintJob.dossier_id == dossier.id)
                               .order_by(PrintJob.created_at, PrintJob.id))
        return [_info(session, job) for job in rows]


def render_dossier_slip(store: Store, code_or_id: str, kind: SlipKind | str = SlipKind.RECEIPT, *,
                        data: dict[str, Any] | None = None, paper: Paper | str | None = None,
                        reprint: bool | None = None, now: datetime | None = None,
                        signer: SlipSigner | None = None) -> bytes:
    """A dossier's slip rendered without queuing it (preview); *reprint* None: printed before?"""
    now = (now or now_vn()).replace(microsecond=0)
    kind = SlipKind(kind)
    with store.read() as session:
        dossier = find_dossier(session, code_or_id)
        if reprint is None:
            reprint = _printed_before(session, str(kind), dossier.id)
        data = dict(data or {})
        if not data.get("number"):  # a preview shows the number the form was given, if any yet
            given = _last_job_data(session, str(kind), dossier.id).get("number")
            if given:
                data["number"] = given
        job = PrintJob(id="preview", dossier_id=dossier.id, kind=str(kind), created_at=now,
                       officer_id=None, status=QUEUED, data=data)
        return _render_in(session, job, reprint=reprint, now=now, paper=paper, signer=signer)


def print_to_file(store: Store, job_id: str, path: Path | str | None = None, *,
                  now: datetime | None = None, signer: SlipSigner | None = None) -> Path:
    """Render job *job_id* into a PDF file (default: the print folder) and record it as printed
    on ``file:<path>``; on a write error the job is marked failed and the error raised."""
    info = get_job(store, job_id)
    if path is None:
        stamp = (now or now_vn()).strftime("%Y%m%d-%H%M%S")
        name = f"{info.dossier_code or 'ban-giao'}-{info.kind}-{stamp}.pdf".replace(", ", "_")
        path = print_folder(store) / name
    path = Path(path)
    try:
        pdf = render_job(store, job_id, now=now, signer=signer)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf)
    except Exception as exc:  # the job must stay queued with its reason, whatever went wrong
        mark_failed(store, job_id, message("printing.file_write_failed", path=str(path), reason=str(exc)))
        raise
    mark_printed(store, job_id, f"file:{path}", now=now)
    return path


def print_settings(store: Store) -> PrintSettings:
    """Paper, form set and remembered printers of this profile (a read of its own)."""
    with store.read() as session:
        return load_print_settings(session)


def remember_printer(store: Store, kind: SlipKind | str, printer: str | None) -> None:
    """Remember *printer* for slips of *kind* (a write transaction of its own)."""
    with store.write() as session:
        set_printer(session, kind, printer)
