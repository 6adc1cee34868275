"""The access log of personal data: who viewed, printed, exported or erased a dossier's data.

Nghị định 13/2023/NĐ-CP and the Law on Personal Data Protection ask the controller to be able
to show who processed a person's data. One row per access (``pii_access``, append-only by
triggers): the officer, the workstation, the time (Vietnam time), the dossier, what was done
(:class:`AccessAction`) and which form. :func:`record_access` writes it in its own small
transaction after the officer's action and never raises: a log that cannot be written (a
busy or full disk) is logged to the program's log and the officer's action goes on.
The rows stay on this workstation (they are not sent to the province; see README).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.clock import now_vn
from counter_app.domain.ids import new_id
from counter_app.store.models import Dossier, Officer, PiiAccess, Setting
from counter_app.store.start_facts import WORKSTATION_NUMBER

log = logging.getLogger(__name__)


class AccessAction(StrEnum):
    """What was done with the personal data."""

    VIEW = "view"
    PRINT = "print"
    EXPORT = "export"
    ERASE = "erase"


@dataclass(frozen=True)
class AccessRow:
    """One access, as plain data."""

    seq: int
    at: datetime
    officer_id: str | None
    officer_name: str | None
    workstation_no: int | None
    dossier_id: str | None
    dossier_code: str | None
    action: AccessAction
    form: str | None


def resolve_officer(session: Session, officer: Any) -> Officer | None:
    """The Officer row of *officer*: an id or user name, an Officer, a SignedIn, or None."""
    if officer is None:
        return None
    ref = getattr(officer, "officer_id", None) or getattr(officer, "id", None) or officer
    if not isinstance(ref, str):
        return None
    from counter_app.store.settings import find_officer  # NotFound for an unknown name

    return session.get(Officer, ref) or find_officer(session, ref)


def add_access(session: Session, dossier_ids: Iterable[str], action: AccessAction | str, *,
               officer_id: str | None, form: str | None = None, at: datetime | None = None) -> int:
    """Add one access row per dossier in *dossier_ids* to *session* (the caller's transaction);
    how many were added."""
    at = (at or now_vn()).replace(microsecond=0)
    action = AccessAction(action)
    officer = session.get(Officer, officer_id) if officer_id else None
    number = session.get(Setting, WORKSTATION_NUMBER)
    workstation = int(number.value) if number is not None and number.value is not None else None
    ids = list(dict.fromkeys(i for i in dossier_ids if i))
    codes = dict(session.execute(select(Dossier.id, Dossier.code).where(Dossier.id.in_(ids))).all()) if ids else {}
    for dossier_id in ids:
        session.add(PiiAccess(id=new_id(), at=at, officer_id=officer.id if officer else officer_id,
                              officer_name=officer.full_name if officer else None, workstation_no=workstation,
                              dossier_id=dossier_id, dossier_code=codes.get(dossier_id), action=str(action),
                              form=form))
    return len(ids)


def record_access(store, dossier_ids: Iterable[str] | str, action: AccessAction | str, *,
                  officer_id: str | None, form: str | None = None, at: datetime | None = None) -> bool:
    """Record an access in a transaction of its own; False (and a line in the log) when it
    could not be written. Never raises: the officer's action must not fail for its log."""
    ids = [dossier_ids] if isinstance(dossier_ids, str) else list(dossier_ids)
    try:
        with store.write() as session:
            add_access(session, ids, action, officer_id=officer_id, form=form, at=at)
        return True
    except Exception:  # noqa: BLE001 - the log of the access must never break the access
        log.exception("The personal data access log could not be written (%s, %s)", action, ids[:5])
        return False


def access_rows(session: Session, dossier_id: str) -> list[AccessRow]:
    """Every access to one dossier's personal data, oldest first."""
    rows = session.scalars(select(PiiAccess).where(PiiAccess.dossier_id == dossier_id).order_by(PiiAccess.seq))
    return [AccessRow(r.seq, r.at, r.officer_id, r.officer_name, r.workstation_no, r.dossier_id, r.dossier_code,
                      AccessAction(r.action), r.form) for r in rows]


def access_log(store, dossier_id: str) -> list[AccessRow]:
    """:func:`access_rows` in a read session of its own."""
    with store.read() as session:
        return access_rows(session, dossier_id)


def row_dict(row: AccessRow) -> dict:
    """*row* as JSON-able data (the CLI's and the export's form)."""
    return {"at": row.at.isoformat(sep=" ", timespec="seconds"), "officer_id": row.officer_id,
            "officer_name": row.officer_name, "workstation_no": row.workstation_no, "dossier_code": row.dossier_code,
            "action": str(row.action), "form": row.form}


def record_listing(store, flt, action: AccessAction | str, *, officer_id: str | None, form: str,
                   now: datetime | None = None, limit: int = 100_000, newest_first: bool = False) -> bool:
    """Record an access to every dossier of the logbook under *flt* (a ledger.LedgerFilter),
    as many as were printed or exported (*limit*, from the end *newest_first* shows first): a
    logbook printed, saved or exported carries each of those dossiers' personal data. Never raises."""
    try:
        from counter_app.store.ledger import ledger_query, sort_key_columns

        query = ledger_query(flt, now)
        if newest_first:
            query = query.order_by(None).order_by(*(c.desc() for c in sort_key_columns(flt)))
        with store.read() as session:
            ids = list(session.scalars(query.with_only_columns(Dossier.id).limit(limit)))
    except Exception:  # noqa: BLE001 - the log of the access must never break the access
        log.exception("The logbook's dossiers could not be listed for the personal data access log")
        return False
    return record_access(store, ids, action, officer_id=officer_id, form=form)
