"""The few reads a save makes in its write transaction (who is saving, the day's last code number,
the logbook's last line), as bare SQL on the transaction's DB-API connection.

A save reads these three every time; through SQLAlchemy's execution path (even a statement
built once) each cost five times the query itself (the "save" benchmark:
tests/bench/figures_save.py). The statements are fixed text; a parameter that is not stored
as it is in Python (a day) takes its stored form from the column's own SQLAlchemy type, and
a value read back is turned back by it (:mod:`counter_app.store.rawinsert`), so these reads see
exactly what the ORM would.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy.orm import Session

from counter_app.store.models import Dossier, Officer
from counter_app.store.rawinsert import bind_converter, decode, decoders, driver


class OfficerRow(NamedTuple):
    """An officer's plain row: what a save needs of who saves."""

    id: str
    username: str
    full_name: str
    active: bool
    role: str
    agency_id: str


_OFFICER_COLS = tuple(OfficerRow._fields)
# By id, else by username: one query (as settings.find_officer, whose ORM query it mirrors).
_OFFICER_SQL = (f"SELECT {', '.join(_OFFICER_COLS)} FROM officer WHERE id = :ref OR username = :ref "
                "ORDER BY CASE WHEN id = :ref THEN 0 ELSE 1 END LIMIT 1")


def officer_row(session: Session, ref: str) -> OfficerRow | None:
    """The officer whose id, else whose username, is *ref*; None when there is none."""
    found = driver(session).execute(_OFFICER_SQL, {"ref": ref}).fetchone()
    if found is None:
        return None
    return OfficerRow(*decode(decoders(Officer.__table__, _OFFICER_COLS), found))


_LAST_SEQ_SQL = "SELECT max(code_seq) FROM dossier WHERE agency_id = ? AND code_day = ? AND workstation_no = ?"
_stored_day = bind_converter(Dossier.__table__.c.code_day)


def last_code_seq(session: Session, agency_id: str, day: date, workstation_no: int) -> int | None:
    """The highest code number this workstation gave on *day* (None: none yet)."""
    return driver(session).execute(_LAST_SEQ_SQL, (agency_id, _stored_day(day), workstation_no)).fetchone()[0]


_LAST_LINE_SQL = "SELECT max(logbook_line) FROM dossier WHERE workstation_no = ? AND logbook_year = ?"


def last_logbook_line(session: Session, workstation_no: int, year: int) -> int | None:
    """The highest logbook line this workstation gave in *year* (None: none yet)."""
    return driver(session).execute(_LAST_LINE_SQL, (workstation_no, year)).fetchone()[0]
