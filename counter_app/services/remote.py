"""Apply what the province changed (pulled by sync) to the local store, without re-queuing it.

A department's status change becomes a `remote_status` event of origin "remote" in the
dossier's history (so it shows in the dossier card and the logbook) and moves the dossier's
status; catalogue and calendar updates replace the local copies. Nothing here is queued for
the province: it came from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from counter_app import catalogue_store
from counter_app.calendar import CalendarOverride
from counter_app.catalogue import ProcedureSpec
from counter_app.enums import DossierStatus, EventKind
from counter_app.history import record_event
from counter_app.models import Dossier


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


def apply_status(session: Session, data: dict[str, Any], *, now: datetime) -> bool:
    """Move a local dossier to the status a department set; False when it is not on this profile."""
    dossier = session.get(Dossier, data.get("dossier_id"))
    if dossier is None:
        return False  # received at another counter of the agency
    to_status = DossierStatus(int(data["to_status"]))
    at = _parse_at(data.get("at"), now)
    event = record_event(
        session, dossier, EventKind.REMOTE_STATUS, at=at, officer=None,
        from_status=dossier.status, to_status=to_status,
        data={"note": data.get("note") or "", "by": data.get("by") or "", "remote_version": data.get("version")},
        enqueue=False,
        origin="remote",
    )
    event.officer_name = data.get("by") or None
    dossier.status = int(to_status)
    dossier.updated_at = now
    dossier.version = max(dossier.version + 1, int(data.get("version") or 0))
    if to_status.is_finished and dossier.finished_at is None:
        dossier.finished_at = at
    return True


def apply_changes(session: Session, changes: list[dict[str, Any]], *, now: datetime | None = None) -> AppliedChanges:
    """Apply a page of the server's change feed in the caller's transaction."""
    now = now or datetime.now()
    statuses = catalogue = calendar = ignored = 0
    for change in changes:
        kind, data = change.get("kind"), change.get("data") or {}
        if kind == "dossier_status":
            if apply_status(session, data, now=now):
                statuses += 1
            else:
                ignored += 1
        elif kind == "catalogue":
            catalogue += catalogue_store.upsert_specs(
                session, [ProcedureSpec.from_dict(p) for p in data.get("procedures", [])])
        elif kind == "calendar":
            overrides = [CalendarOverride(date.fromisoformat(o["day"]), o["kind"], o.get("note", ""))
                         for o in data.get("overrides", [])]
            catalogue_store.replace_overrides(session, overrides)
            calendar += len(overrides)
        else:
            ignored += 1  # a kind this version does not know: skip it, never stall the feed
    session.flush()
    return AppliedChanges(statuses, catalogue, calendar, ignored)
