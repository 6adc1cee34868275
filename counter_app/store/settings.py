"""Typed access to the profile's key/value settings and this workstation's identity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, case, or_, select
from sqlalchemy.orm import Session

from counter_app.store import refcache, save_reads
from counter_app.domain.enums import Role
from counter_app.domain.errors import NotFound
from counter_app.store.models import Agency, Officer, Setting
from counter_app.store.start_facts import WORKSTATION_AGENCY, WORKSTATION_NUMBER  # defined there: read before SQLAlchemy

LOGBOOK_VOLUME = "logbook.volume"
AGENCY_SET_UP_AT = "agency.set_up_at"            # ISO time the profile was set up (no dossier before)
CALENDAR_SESSIONS = "calendar.sessions"          # [["07:30","11:30"],["13:30","17:00"]]
CALENDAR_SATURDAY = "calendar.saturday_sessions"  # [] or [["07:30","11:30"]]


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    """The value stored under *key*, or *default*."""
    row = session.get(Setting, key)
    return default if row is None else row.value


def set_setting(session: Session, key: str, value: Any) -> None:
    """Store *value* under *key* (in the caller's transaction)."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def profile_ready(session: Session) -> bool:
    """True once the profile has its agency and workstation number."""
    return get_setting(session, WORKSTATION_AGENCY) is not None


@dataclass(frozen=True)
class WorkstationContext:
    """Who is receiving: the agency and the counter number of this profile."""

    agency_id: str
    agency_name: str
    parent_name: str | None
    place_name: str
    code_stride: int
    workstation_no: int
    lookup_url_template: str | None
    unit_name: str | None = None
    level: str = "commune"


def load_context(session: Session, ref: refcache.ReferenceData | None = None) -> WorkstationContext:
    """This profile's agency and workstation; NotFound when the profile was never set up.

    Served from the reference cache (*ref*, or the session's own) while the agency and the
    settings are unchanged.
    """
    return (ref or refcache.current(session)).get("context", lambda: _read_context(session))


def logbook_volume(session: Session, ref: refcache.ReferenceData | None = None) -> int:
    """The logbook volume new dossiers are entered in (1 until a new volume is opened)."""
    return (ref or refcache.current(session)).get(
        LOGBOOK_VOLUME, lambda: int(get_setting(session, LOGBOOK_VOLUME, 1))
    )


def code_settings(session: Session, ref: refcache.ReferenceData | None = None) -> dict[str, Any]:
    """The settings the dossier-code rules read (``counter_app.domain.code_rules``), by key."""
    from counter_app.domain import code_rules

    return (ref or refcache.current(session)).get(
        "code_settings",
        lambda: {key: get_setting(session, key) for key in code_rules.settings_keys()
                 if get_setting(session, key) is not None},
    )


def _read_context(session: Session) -> WorkstationContext:
    agency_id = get_setting(session, WORKSTATION_AGENCY)
    number = get_setting(session, WORKSTATION_NUMBER)
    agency = session.get(Agency, agency_id) if agency_id else None
    if agency is None or number is None:
        raise NotFound("settings.not_set_up")
    return WorkstationContext(
        agency_id=agency.id,
        agency_name=agency.name,
        parent_name=agency.parent_name,
        place_name=agency.place_name,
        code_stride=agency.code_stride,
        workstation_no=int(number),
        lookup_url_template=agency.lookup_url_template,
        unit_name=agency.unit_name,
        level=agency.level or "commune",
    )


# The officer with this id, else the one with this username: one query, built once.
_OFFICER_BY_REF = (
    select(Officer)
    .where(or_(Officer.id == bindparam("ref"), Officer.username == bindparam("ref")))
    .order_by(case((Officer.id == bindparam("ref"), 0), else_=1))
    .limit(1)
)


def find_officer_row(session: Session, officer: str | None) -> Any:
    """As :func:`find_officer`, but the officer's plain row (id, username, full_name, active,
    role, agency_id: :class:`counter_app.store.save_reads.OfficerRow`) read with bare SQL on the
    session's connection: for the save's hot path, where loading an ORM object cost a fifth of
    a save's CPU, and a Core query still a tenth."""
    if not officer:
        return find_officer(session, officer)
    found = save_reads.officer_row(session, officer)
    if found is None:
        raise NotFound("settings.officer_not_found", officer=officer)
    return found


def find_officer(session: Session, officer: str | None) -> Officer:
    """The officer by id or username; with None, the first active admin by username (the
    first active officer when there is no admin)."""
    if officer:
        found = session.scalars(_OFFICER_BY_REF, {"ref": officer}).first()
        if found is None:
            raise NotFound("settings.officer_not_found", officer=officer)
        return found
    found = session.scalars(
        select(Officer)
        .where(Officer.active.is_(True))
        .order_by(case((Officer.role == Role.ADMIN.value, 0), else_=1), Officer.username)
    ).first()
    if found is None:
        raise NotFound("settings.no_officer")
    return found
