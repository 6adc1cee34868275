"""Apply what the province changed (pulled by sync) to the local store, without re-queuing it.

A department's status change becomes a `remote_status` event of origin "remote" in the
dossier's history (so it shows in the dossier card and the logbook); the dossier's status and
version are then those of the merged history (counter_app.domain.merge, the same rule as the server's); catalogue and calendar updates replace the local copies. Nothing here is queued for
the province: it came from there.

Each change is applied under its own savepoint: one the client cannot read (a missing key, an
unknown status, a bad catalogue or calendar entry) is rolled back alone, logged and counted as
ignored, so the rest of the page still commits with the cursor and the feed never stalls on it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.store import catalogue_tables
from counter_app.domain.due_dates import CalendarOverride, extend_for_pause
from counter_app.domain.catalogue import ProcedureSpec
from counter_app.domain.clock import now_vn
from counter_app.domain.enums import DossierStatus, EventKind
from counter_app.store.history_write import record_event
from counter_app.domain.merge import LocalRow, MergeEvent, fold, versions_of_local
from counter_app.store.models import Dossier, DossierEvent
from counter_app.services.actions import enter_status

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AppliedChanges:
    """What a page of remote changes did locally."""

    statuses: int = 0
    catalogue: int = 0
    calendar: int = 0
    ignored: int = 0

    @property
    def total(self) -> int:
        return self.statuses + self.catalogue + self.calendar + self.ignored


def _parse_at(value: Any, default: datetime) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return default
    return parsed.replace(tzinfo=None)


def local_history(session: Session, dossier_id: str) -> list[MergeEvent]:
    """The dossier's shared history as this counter holds it (counter_app.domain.merge)."""
    rows = session.execute(
        select(DossierEvent.id, DossierEvent.kind, DossierEvent.origin, DossierEvent.from_status,
               DossierEvent.to_status, DossierEvent.data)
        .where(DossierEvent.dossier_id == dossier_id).order_by(DossierEvent.seq)
    ).all()
    return versions_of_local([
        LocalRow(r.id, r.kind, r.origin, r.from_status, r.to_status,
                 _int_or_none((r.data or {}).get("remote_version")) if r.origin == "remote" else None)
        for r in rows
    ])


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def apply_status(session: Session, data: dict[str, Any], *, now: datetime) -> bool:
    """Add a department's status change to a local dossier's history and merge it
    (counter_app.domain.merge); False when the dossier is not on this profile.

    The change joins the history under the server's event id and version; the status and the
    version are then those of the merged history, so a local change the department's overtook
    (made concurrently, not yet seen by the server or just pushed) ends where the server's
    merge of the same events ends. Nothing is queued: the server already has the change.
    """
    dossier = session.get(Dossier, data.get("dossier_id"))
    if dossier is None:
        return False  # received at another counter of the agency
    to_status = DossierStatus(int(data["to_status"]))
    event_id = data.get("event_id")
    if event_id is not None and (not isinstance(event_id, str) or not 1 <= len(event_id) <= 36):
        raise ValueError(f"event_id {event_id!r}")
    if event_id is not None and session.scalar(
            select(DossierEvent.seq).where(DossierEvent.id == event_id)) is not None:
        return True  # already in the history (looked up by its id: the table's key is seq)
    at = _parse_at(data.get("at"), now)
    before = DossierStatus(dossier.status)
    record_event(
        session, dossier, EventKind.REMOTE_STATUS, at=at, officer=None,
        from_status=_int_or_none(data.get("from_status")) or before, to_status=to_status,
        data={"note": data.get("note") or "", "by": data.get("by") or "",
              "remote_version": _int_or_none(data.get("version"))},
        enqueue=False,
        origin="remote",
        event_id=event_id,
        officer_name=data.get("by") or None,
    )
    session.flush()
    merged = fold(local_history(session, dossier.id))
    after = DossierStatus(merged.status) if merged.status is not None else before
    if after != before:
        paused = dossier.clock_stopped_at
        if paused is not None and after != DossierStatus.SUPPLEMENT_REQUESTED and at > paused:
            # Leaving the supplement wait: the appointment moves by the working time waited,
            # as when the counter records the supplement itself (actions.complete_supplement).
            dossier.due_at = extend_for_pause(catalogue_tables.work_calendar(session), dossier.due_at, paused, at)
        enter_status(dossier, after, at)  # the clock, finish time and timing, as for a local action
    dossier.updated_at = now
    dossier.version = merged.version
    return True


def apply_changes(session: Session, changes: list[dict[str, Any]], *, now: datetime | None = None) -> AppliedChanges:
    """Apply a page of the server's change feed in the caller's transaction.

    A change that cannot be applied is skipped (counted in ``ignored``), never raised: the
    page's other changes and the cursor must still commit, or every later round would fail
    on the same change.
    """
    now = now or now_vn()
    counts = {"statuses": 0, "catalogue": 0, "calendar": 0, "ignored": 0}
    for change in changes:
        try:
            with session.begin_nested():
                field, n = _apply_one(session, change, now=now)
        except (KeyError, TypeError, ValueError, AttributeError, IntegrityError) as exc:
            seq = change.get("seq") if isinstance(change, dict) else None
            log.warning("Remote change %s skipped: it cannot be applied (%s: %s)", seq, type(exc).__name__, exc)
            field, n = "ignored", 1
        counts[field] += n
    session.flush()
    return AppliedChanges(**counts)


def _apply_one(session: Session, change: dict[str, Any], *, now: datetime) -> tuple[str, int]:
    """Apply one change; which count it adds to and by how much."""
    kind, data = change.get("kind"), change.get("data") or {}
    if kind == "dossier_status":
        return ("statuses", 1) if apply_status(session, data, now=now) else ("ignored", 1)
    if kind == "catalogue":
        return "catalogue", catalogue_tables.upsert_specs(
            session, [ProcedureSpec.from_dict(p) for p in data.get("procedures", [])])
    if kind == "calendar":
        overrides = [CalendarOverride.from_dict(_legacy_day(o)) for o in data.get("overrides", [])]
        return "calendar", catalogue_tables.replace_overrides(session, overrides)
    return "ignored", 1  # a kind this version does not know: skip it, never stall the feed


def _legacy_day(entry: Any) -> Any:
    """An override entry keyed ``day`` (how servers published calendars before the key became
    ``date``, the overrides file's name) renamed, so a change already in a server's feed still
    applies; every other entry is returned as it is."""
    if isinstance(entry, dict) and "day" in entry and "date" not in entry:
        return {("date" if key == "day" else key): value for key, value in entry.items()}
    return entry
