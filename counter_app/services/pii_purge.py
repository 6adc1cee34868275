"""Erasure of finished dossiers' personal data after the retention period (storage limitation,
Nghị định 13/2023/NĐ-CP art. 3; Law on Personal Data Protection 2025).

A dossier is erased when all of these hold:

* it is finished (returned, refused, withdrawn or stopped) and finished more than
  ``pii.retention_months`` months ago (:data:`DEFAULT_RETENTION_MONTHS` when not set);
* the province acknowledged every event of it: no outbox item of the dossier is left, pending,
  claimed or set aside (an item is deleted only on the server's signed acknowledgement,
  checked and kept in ``sync_receipt`` by the sync engine in the same transaction;
  counter_app.store.outbox), and every scan of it was uploaded (``uploaded_at``);
* it was not erased before (no ``pii_erased`` event).

What is erased: the applicant's name (and its folded search form, and so its full-text index
entry), ID number, birth date, phone, e-mail, address, the representative's name; the
dossier's free-text note; the same keys inside the events' data and the print jobs' data (the
outbox holds none: an item is the event's number, its payload built when sent, and an erased
dossier has no item left), and with them the free text typed on the events
(:data:`FREE_TEXT_KEYS`: notes, reasons, the notice told the applicant, the missing items
asked for); the authorised collector's name and ID number of the ``returned`` event; the
names of documents typed at the counter (not those of the procedure's catalogue, in the
dossier's checklist); the scanned documents' files (when no dossier still holding its data
uses the same file). What stays: the code, the procedure, the dates, the statuses, the fees,
the logbook line, the history's shape. The audit trail's entries keep their details (a
supervisor's edit reason among them): its hash chain has no redaction yet.

The history stays verifiable (counter_app.store.history_chain): events keep their ``hash`` and
``prev_hash``; each redacted event gets ``redacted_hash`` (the hash of what is left); the
``pii_erased`` event, chained after them like any event, lists those hashes; the row is
resealed by the ORM as for any change. Each batch of dossiers is one transaction, with one
access-log row per dossier and one audit entry for the batch. The event is not sent to the
province (the province keeps its copy); it stays local.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counter_app.store import settings
from counter_app.store.audit import audit
from counter_app.domain.clock import now_vn
from counter_app.domain.enums import FINISHED_STATUSES, DossierStatus, EventKind
from counter_app.domain.errors import FieldError, ValidationFailed, message
from counter_app.store.history_write import record_event
from counter_app.store.history_chain import as_hex, digest_bytes, event_hash, id_text
from counter_app.store.models import Dossier, DossierAttachment, Officer, ProcedureDocument
from counter_app.store.pii_access import AccessAction, add_access, resolve_officer

if TYPE_CHECKING:
    from counter_app.store.db import Store

RETENTION_KEY = "pii.retention_months"
LAST_RUN_KEY = "pii.purge_last_day"   # ISO date of the last automatic run (at most one a day)
#: Two years after the dossier is finished: the counter's working copy serves returns, copies
#: and questions about the result, the yearly reports and the one-year window of an
#: administrative lawsuit (Luật Tố tụng hành chính 2015, art. 116) with a margin; the province's
#: system and the archive keep the record itself (see README, "Personal data duties").
DEFAULT_RETENTION_MONTHS = 24
MAX_RETENTION_MONTHS = 1200
BATCH = 50   # a batch holds the write lock ~0.3 s (6.8 ms a dossier measured): a save waits at most that
AUDIT_ACTION = "pii_erased"

#: The dossier's columns of personal data and the value each is erased to.
ERASED_COLUMNS: dict[str, Any] = {
    "applicant_name": "", "applicant_name_folded": "", "id_number": "", "birth_date": None,
    "representative_name": None, "phone": None, "email": None, "address": "", "note": None,
}
#: Free text typed by an officer on an event (and so on its outbox item and its slip's print
#: job) that may name or describe a person: erased wherever it appears.
FREE_TEXT_KEYS = frozenset({"note", "reason", "notice", "missing"})
PII_KEYS = frozenset(ERASED_COLUMNS) | FREE_TEXT_KEYS
#: Keys of personal data at the top of an event's data, per kind (the collector of a result).
EVENT_KEYS = {str(EventKind.RETURNED): frozenset({"name", "id_number"})}


def retention_months(session: Session) -> int:
    """The retention period in months (the setting, else the default)."""
    value = settings.get_setting(session, RETENTION_KEY)
    try:
        months = int(value)
    except (TypeError, ValueError):
        return DEFAULT_RETENTION_MONTHS
    return months if 1 <= months <= MAX_RETENTION_MONTHS else DEFAULT_RETENTION_MONTHS


def clean_retention(value: Any) -> int:
    """*value* as a retention period in months; ValidationFailed (pii_purge.retention_range) otherwise."""
    try:
        months = int(str(value).strip())
    except (TypeError, ValueError):
        months = 0
    if not 1 <= months <= MAX_RETENTION_MONTHS:
        raise ValidationFailed([FieldError(
            "retention_months", message("pii_purge.retention_range", max=MAX_RETENTION_MONTHS))])
    return months


def set_retention(store, months: Any, officer: Any) -> int:
    """Store the retention period (an administrator's setting, audited); the months stored."""
    from counter_app.services import auth
    from counter_app.domain.enums import Role

    months = clean_retention(months)
    with store.write() as session:
        who = resolve_officer(session, officer)
        auth.require_role(who, Role.ADMIN, message("label.set_retention"))
        old = retention_months(session)
        settings.set_setting(session, RETENTION_KEY, months)
        audit(session, who, "settings_changed", RETENTION_KEY, {"from": old, "to": months})
    return months


def months_before(moment: datetime, months: int) -> datetime:
    """*moment* minus *months* calendar months (the day clamped to the month's length)."""
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


# --- what is redacted --------------------------------------------------------------------

def redact(value: Any, extra: frozenset[str] = frozenset()) -> Any:
    """*value* with every PII key's value (at any depth; *extra* keys at the top) set to None."""
    return _redact(value, extra, top=True)


def _redact(value: Any, extra: frozenset[str], *, top: bool) -> Any:
    if isinstance(value, dict):
        return {k: (None if (k in PII_KEYS or (top and k in extra)) and v not in (None, "", [])
                    else _redact(v, extra, top=False)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v, extra, top=False) for v in value]
    return value


def redact_documents(value: Any, catalogue: frozenset[str]) -> Any:
    """*value* with the name of every document (a dict with ``name`` in a ``documents`` list, at
    any depth) that is not in *catalogue* (the procedure's own names) set to None: a name typed
    at the counter may name a person."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "documents" and isinstance(v, list):
                v = [{**d, "name": None} if isinstance(d, dict) and isinstance(d.get("name"), str)
                     and d["name"] not in catalogue else redact_documents(d, catalogue) for d in v]
            else:
                v = redact_documents(v, catalogue)
            out[k] = v
        return out
    if isinstance(value, list):
        return [redact_documents(v, catalogue) for v in value]
    return value


def _json(raw: Any) -> Any:
    value = json.loads(raw) if isinstance(raw, str) else raw
    return json.loads(value) if isinstance(value, str) else value  # a payload stored as JSON text


# --- eligibility -------------------------------------------------------------------------

_FINISHED = ", ".join(str(int(s)) for s in sorted(FINISHED_STATUSES))
_PAST_RETENTION = (
    f"d.status IN ({_FINISHED}) AND COALESCE(d.finished_at, d.updated_at) < :cutoff"
    " AND NOT EXISTS (SELECT 1 FROM dossier_event x WHERE x.dossier_id = d.id AND x.kind = 'pii_erased')"
)
# An item migrated from before 0013 whose event is not in the history (a file edited by hand)
# keeps its recorded payload, with the dossier's personal data, under a negative number: its
# dossier waits for it like for any item left.
_ACKNOWLEDGED = (
    "d.id NOT IN (SELECT e.dossier_id FROM outbox o JOIN dossier_event e ON e.seq = o.seq)"
    " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.seq < 0 AND json_extract(o.payload, '$.dossier.id') = d.id)"
    " AND NOT EXISTS (SELECT 1 FROM dossier_attachment a WHERE a.dossier_id = d.id AND a.uploaded_at IS NULL)"
)
_DUE = text(f"SELECT d.id, d.code FROM dossier d WHERE {_PAST_RETENTION} AND {_ACKNOWLEDGED}"
            " ORDER BY d.finished_at, d.id LIMIT :limit")
_STILL_DUE = (f"SELECT d.id, d.code FROM dossier d WHERE {_PAST_RETENTION} AND {_ACKNOWLEDGED} AND d.id IN ({{ids}})"
              " ORDER BY d.finished_at, d.id")
_WAITING = text(f"SELECT d.code FROM dossier d WHERE {_PAST_RETENTION} AND NOT ({_ACKNOWLEDGED})"
                " ORDER BY d.finished_at, d.id LIMIT :limit")


@dataclass(frozen=True)
class PurgeResult:
    """What a run erased (or, dry, would erase) and what it kept waiting for the province."""

    retention_months: int
    cutoff: datetime
    dry_run: bool
    erased: tuple[str, ...]           # dossier codes
    waiting: tuple[str, ...]          # past retention, not yet acknowledged by the province
    transactions: int = 0
    files_removed: int = 0
    events_redacted: int = 0
    outbox_redacted: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _erase_one(session: Session, dossier: Dossier, officer: Officer | None, at: datetime, months: int) -> tuple[int, int]:
    """Erase one dossier in *session*; (events redacted, outbox items redacted: always 0 since
    migration 0013, kept for the callers' figures)."""
    conn = session.connection()
    catalogue = frozenset(session.scalars(select(ProcedureDocument.name).where(
        ProcedureDocument.procedure_code == dossier.procedure_code)))
    rows = conn.exec_driver_sql(
        "SELECT seq, id, dossier_id, kind, at, officer_id, officer_name, from_status, to_status, data, origin, "
        "prev_hash FROM dossier_event WHERE dossier_id = ? AND redacted_hash IS NULL ORDER BY seq",
        (dossier.id,)).fetchall()
    redacted: dict[str, str] = {}
    for seq, event_id, dossier_id, kind, ev_at, officer_id, officer_name, f, t, data, origin, prev in rows:
        event_id, officer_id = id_text(event_id), id_text(officer_id)
        old = _json(data) or {}
        new = redact_documents(redact(old, EVENT_KEYS.get(kind, frozenset())), catalogue)
        if new == old:
            continue
        fields = {"id": event_id, "dossier_id": dossier_id, "kind": kind, "at": ev_at, "officer_id": officer_id,
                  "officer_name": officer_name, "from_status": f, "to_status": t, "data": new, "origin": origin}
        digest = event_hash(fields, as_hex(prev))
        conn.exec_driver_sql("UPDATE dossier_event SET data = ?, redacted_hash = ? WHERE seq = ?",
                             (json.dumps(new, ensure_ascii=False), digest_bytes(digest), seq))
        redacted[event_id] = digest
    for job_id, data in conn.exec_driver_sql("SELECT id, data FROM print_job WHERE dossier_id = ?",
                                             (dossier.id,)).fetchall():
        old = _json(data)
        new = redact_documents(redact(old), catalogue)
        if new != old:
            conn.exec_driver_sql("UPDATE print_job SET data = ? WHERE id = ?", (json.dumps(new, ensure_ascii=False), job_id))
    for column, value in ERASED_COLUMNS.items():
        setattr(dossier, column, value)
    for document in dossier.documents:
        if document.name not in catalogue:  # typed at the counter
            document.name = ""
    status = DossierStatus(dossier.status)
    record_event(session, dossier, EventKind.PII_ERASED, at=at, officer=officer, from_status=status, to_status=status,
                 data={"redacted": redacted, "retention_months": months, "fields": sorted(ERASED_COLUMNS)},
                 enqueue=False)
    return len(redacted), 0


def _remove_files(session: Session, profile_dir: Path, digests: set[str]) -> int:
    """Delete the scans' files no dossier still holding personal data uses; how many."""
    from counter_app.store.document_files import DocumentFiles

    files, removed = DocumentFiles(profile_dir), 0
    for digest in sorted(digests):
        still_used = session.scalar(text(
            "SELECT 1 FROM dossier_attachment a WHERE a.sha256 = :sha AND NOT EXISTS ("
            "SELECT 1 FROM dossier_event x WHERE x.dossier_id = a.dossier_id AND x.kind = 'pii_erased') LIMIT 1"),
            {"sha": digest})
        if still_used:
            continue
        try:
            removed += files.remove(digest)
        except OSError:  # open elsewhere (Windows): the next run tries again
            continue
    return removed


def purge(store, *, dry_run: bool = False, officer: Any = None, now: datetime | None = None,
          batch: int = BATCH, limit: int | None = None) -> PurgeResult:
    """Erase the personal data of every due dossier (see the module's docstring), *batch*
    dossiers per transaction; with *dry_run*, only say which. *officer*: who runs it (None: the
    automatic daily run)."""
    at = (now or now_vn()).replace(microsecond=0)
    with store.read() as session:
        months = retention_months(session)
        cutoff = months_before(at, months)
        waiting = tuple(c for (c,) in session.execute(_WAITING, {"cutoff": cutoff, "limit": 1000}))
        if dry_run:
            due = tuple(c for _, c in session.execute(_DUE, {"cutoff": cutoff, "limit": limit or 1_000_000}))
            return PurgeResult(months, cutoff, True, due, waiting)
        # Found in a read transaction (the scan of the finished dossiers holds no write lock),
        # then checked again, batch by batch, in the transaction that erases them.
        candidates = [i for i, _ in session.execute(_DUE, {"cutoff": cutoff, "limit": limit or 100_000_000})]
    erased: list[str] = []
    transactions = files = events = outbox = 0
    digests: set[str] = set()
    for start in range(0, len(candidates), batch):
        chunk = candidates[start:start + batch]
        with store.write() as session:
            marks = ", ".join(f":i{n}" for n in range(len(chunk)))
            due = session.execute(text(_STILL_DUE.format(ids=marks)),
                                  {"cutoff": cutoff, **{f"i{n}": i for n, i in enumerate(chunk)}}).all()
            if not due:
                continue
            # Freed and rewritten space is zeroed, not left holding the old bytes (this connection,
            # this transaction; switched off again below).
            session.connection().exec_driver_sql("PRAGMA secure_delete = ON")
            who = resolve_officer(session, officer)
            ids = [dossier_id for dossier_id, _ in due]
            digests.update(session.scalars(select(DossierAttachment.sha256).where(DossierAttachment.dossier_id.in_(ids))))
            for dossier_id, _code in due:
                dossier = session.get(Dossier, dossier_id)
                e, o = _erase_one(session, dossier, who, at, months)
                events, outbox = events + e, outbox + o
            add_access(session, ids, AccessAction.ERASE, officer_id=who.id if who else None, form="retention", at=at)
            audit(session, who, AUDIT_ACTION, None, {"count": len(due), "codes": [c for _, c in due],
                                                     "retention_months": months}, at=at)
            erased.extend(code for _, code in due)
            transactions += 1
            session.flush()
            session.connection().exec_driver_sql("PRAGMA secure_delete = OFF")
    if erased:
        with store.write() as session:
            # The full-text index keeps deleted terms in its segments until they are merged.
            session.connection().exec_driver_sql("PRAGMA secure_delete = ON")
            session.connection().exec_driver_sql("INSERT INTO dossier_fts(dossier_fts) VALUES ('optimize')")
            session.connection().exec_driver_sql("PRAGMA secure_delete = OFF")
            files = _remove_files(session, Path(store.path).parent, digests)
    return PurgeResult(months, cutoff, False, tuple(erased), waiting, transactions, files, events, outbox)


def purge_if_due(store, *, now: datetime | None = None) -> PurgeResult | None:
    """The automatic run at start: at most once a (Vietnam) day; None when already run today."""
    at = now or now_vn()
    today: date = at.date()
    with store.read() as session:
        if settings.get_setting(session, LAST_RUN_KEY) == today.isoformat():
            return None
    result = purge(store, now=at)
    with store.write() as session:
        settings.set_setting(session, LAST_RUN_KEY, today.isoformat())
    return result


def retention(store: Store) -> int:
    """The retention period in months (a read of its own)."""
    with store.read() as session:
        return retention_months(session)
