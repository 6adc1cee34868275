"""Persisting the catalogue and the calendar overrides, and reading them back as plain data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from types import MappingProxyType

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from counter_app.domain.catalogue import ProcedureSpec, RequiredDocument
from counter_app.domain.drafts import DocumentLine
from counter_app.domain.due_dates import DEFAULT_SESSIONS, CalendarOverride, Duration, WorkCalendar
from counter_app.domain.due_dates import Session as WorkSession
from counter_app.domain.due_dates import due_at as compute_due_at
from counter_app.domain.enums import DocumentForm, DurationUnit
from counter_app.domain.fees import FeeRule
from counter_app.domain.text import fold
from counter_app.store import refcache, settings
from counter_app.store.models import CalendarOverrideRow, Procedure, ProcedureDocument


def upsert_specs(session: Session, specs: Iterable[ProcedureSpec]) -> int:
    """Insert or replace procedures (with their document lists); returns how many."""
    count = 0
    for spec in specs:
        row = session.get(Procedure, spec.code)
        if row is None:
            row = Procedure(code=spec.code)
            session.add(row)
        row.name = spec.name
        row.name_folded = fold(spec.name)
        row.field = spec.field
        row.level = spec.level
        row.duration_value = float(spec.duration_value)
        row.duration_unit = str(spec.duration_unit)
        row.same_day_cutoff = spec.same_day_cutoff
        row.legal_time_text = spec.legal_time_text
        row.fee_rule = spec.fee.to_dict()
        row.note = spec.note
        row.centralised = bool(spec.centralised)
        row.active = True
        row.documents = [
            ProcedureDocument(
                position=i, name=d.name, form=str(d.form), count=d.count, required=d.required, note=d.note
            )
            for i, d in enumerate(spec.documents, start=1)
        ]
        count += 1
    session.flush()
    return count


def spec_of(row: Procedure) -> ProcedureSpec:
    """The plain-data view of a stored procedure."""
    return ProcedureSpec(
        code=row.code,
        name=row.name,
        field=row.field,
        duration_value=row.duration_value,
        duration_unit=DurationUnit(row.duration_unit),
        same_day_cutoff=row.same_day_cutoff,
        fee=FeeRule.from_dict(row.fee_rule),
        documents=tuple(
            RequiredDocument(name=d.name, form=DocumentForm(d.form), count=d.count, required=d.required, note=d.note)
            for d in row.documents
        ),
        legal_time_text=row.legal_time_text,
        level=row.level,
        centralised=bool(row.centralised),
        note=row.note,
    )


@dataclass(frozen=True)
class _Catalogue:
    """The active procedures under one reference token: by code, with their folded names."""

    specs: tuple[ProcedureSpec, ...]          # by code
    folded: tuple[str, ...]                   # fold(name) of each spec, same order
    by_code: Mapping[str, ProcedureSpec]


_CATALOGUE = "catalogue"


def _catalogue(session: Session, ref: refcache.ReferenceData | None = None) -> _Catalogue:
    return (ref or refcache.current(session)).get(_CATALOGUE, lambda: _read_catalogue(session))


def _read_catalogue(session: Session) -> _Catalogue:
    rows = session.scalars(
        select(Procedure)
        .where(Procedure.active.is_(True))
        .options(selectinload(Procedure.documents))
        .order_by(Procedure.code)
    ).all()
    specs = tuple(spec_of(r) for r in rows)
    return _Catalogue(specs, tuple(r.name_folded or fold(r.name) for r in rows), MappingProxyType({s.code: s for s in specs}))


def get_spec(session: Session, code: str, ref: refcache.ReferenceData | None = None) -> ProcedureSpec | None:
    """The active procedure with this code, or None (from the reference cache while the
    catalogue is unchanged: the whole catalogue once something listed it, else this one)."""
    code = code.strip()
    ref = ref or refcache.current(session)
    catalogue = ref.peek(_CATALOGUE)
    if catalogue is not None:
        return catalogue.by_code.get(code)
    return ref.get(("spec", code), lambda: _read_spec(session, code))


def _read_spec(session: Session, code: str) -> ProcedureSpec | None:
    row = session.get(Procedure, code)
    return spec_of(row) if row is not None and row.active else None


def list_specs(session: Session) -> list[ProcedureSpec]:
    """Every active procedure, by code."""
    return list(_catalogue(session).specs)


def search_specs(session: Session, text: str, limit: int = 20) -> list[ProcedureSpec]:
    """Procedures whose code starts with *text*, then (for digits) those whose code holds
    them, then those whose name contains every word of it, diacritics ignored; each group by
    code. Served from the reference cache (the picker
    asks on every keystroke)."""
    catalogue = _catalogue(session)
    key = fold(text)
    if not key:
        return list(catalogue.specs[:limit])
    words, start = key.split(), text.strip()
    hits = [s for s in catalogue.specs if s.code.startswith(start)]
    digits = start.replace(".", "")
    if digits.isdigit() and len(hits) < limit:  # the number an officer knows: "1193" for 1.001193
        seen = {s.code for s in hits}
        hits += [s for s in catalogue.specs if s.code not in seen and digits in s.code.replace(".", "")]
    if len(hits) < limit:
        by_code = {s.code for s in hits}
        hits += [s for s, name in zip(catalogue.specs, catalogue.folded)
                 if s.code not in by_code and all(w in name for w in words)]
    return hits[:limit]


def checklist(spec: ProcedureSpec) -> list[DocumentLine]:
    """The procedure's document list as lines to tick at the counter (required ones ticked)."""
    return [DocumentLine(name=d.name, form=d.form, count=d.count, handed_in=d.required) for d in spec.documents]


def _sessions(raw) -> tuple[WorkSession, ...]:
    return tuple(WorkSession(time.fromisoformat(a), time.fromisoformat(b)) for a, b in raw)


def replace_overrides(session: Session, overrides: Iterable[CalendarOverride]) -> int:
    """Replace the province's calendar overrides with *overrides*."""
    session.execute(delete(CalendarOverrideRow))
    n = 0
    for o in overrides:
        session.add(CalendarOverrideRow(day=o.day, kind=o.kind, note=o.note, basis=o.basis))
        n += 1
    session.flush()
    return n


def work_calendar(session: Session, ref: refcache.ReferenceData | None = None) -> WorkCalendar:
    """The working calendar of this profile: sessions from settings, overrides from the store.

    One calendar is shared while the settings and overrides are unchanged (it caches the
    sessions of each day it is asked about); treat it as read-only.
    """
    return (ref or refcache.current(session)).get("calendar", lambda: _read_calendar(session))


def _read_calendar(session: Session) -> WorkCalendar:
    raw_sessions = settings.get_setting(session, settings.CALENDAR_SESSIONS)
    raw_saturday = settings.get_setting(session, settings.CALENDAR_SATURDAY, [])
    overrides = [
        CalendarOverride(day=r.day, kind=r.kind, note=r.note, basis=r.basis or "")
        for r in session.scalars(select(CalendarOverrideRow))
    ]
    return WorkCalendar(
        sessions=_sessions(raw_sessions) if raw_sessions else DEFAULT_SESSIONS,
        overrides=overrides,
        saturday_sessions=_sessions(raw_saturday),
    )


def appointment(calendar: WorkCalendar, spec: ProcedureSpec, received_at: datetime) -> datetime:
    """The appointment the counter gives for *spec* received at *received_at*."""
    cutoff = time.fromisoformat(spec.same_day_cutoff) if spec.same_day_cutoff else None
    return compute_due_at(
        calendar, received_at, Duration(spec.duration_value, spec.duration_unit), same_day_cutoff=cutoff
    )
