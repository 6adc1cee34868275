"""What the window's start needs before anything is shown, read with plain sqlite3, read-only.

The sign-in dialog (or the first-run wizard) is painted before the store opens: it needs only
a few settings (the interface language), whether the profile is set up, and the agency's
name. :func:`read_start_facts` reads them from the file in about a millisecond, without
SQLAlchemy, the migrations check or a write. It answers only for a file at this build's
schema; for anything else (an older schema, a damaged or locked file) it answers None and the
caller opens the store and reads them there, as before. The store (``counter_app.store.db``) stays
the one owner of read-write connections; this is a read-only peek like
:func:`counter_app.store.migrate.stored_revisions`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counter_app.store import crypt, migrate

#: The settings that say which agency and counter this profile is (``counter_app.store.settings``).
WORKSTATION_AGENCY = "workstation.agency_id"
WORKSTATION_NUMBER = "workstation.number"


@dataclass(frozen=True)
class StartFacts:
    """*settings*: the asked-for keys that are set (values decoded as the store keeps them:
    JSON); *ready*: the profile has its agency (``services.admin.profile_ready``);
    *agency_name*: that agency's name when the profile is set up."""

    settings: dict[str, Any] = field(default_factory=dict)
    ready: bool = False
    agency_name: str | None = None


def read_start_facts(db_path: Path | str, keys: tuple[str, ...] = ()) -> StartFacts | None:
    """The start facts of the database at *db_path* (none set up when there is no file yet:
    a new profile), or None when they cannot be read this way (then open the store)."""
    path = Path(db_path)
    if not path.exists():
        return StartFacts()
    if migrate.stored_revisions(path) != (migrate.HEAD_REVISION,):
        return None  # a new, older or unreadable database: the store migrates or reports it
    try:
        conn = crypt.connect(path, read_only=True)
    except crypt.Error:
        return None
    try:
        wanted = (*keys, WORKSTATION_AGENCY, WORKSTATION_NUMBER)
        rows = conn.execute(f"SELECT key, value FROM setting WHERE key IN ({', '.join('?' * len(wanted))})",
                            wanted).fetchall()
        values = {key: _decoded(value) for key, value in rows}
        agency_id = values.get(WORKSTATION_AGENCY)
        if agency_id is None:
            return StartFacts({k: values[k] for k in keys if k in values})
        agency = conn.execute("SELECT name FROM agency WHERE id = ?", (agency_id,)).fetchone()
        if agency is None or values.get(WORKSTATION_NUMBER) is None:
            return None  # set up halfway: the store's reading says what is wrong
        return StartFacts({k: values[k] for k in keys if k in values}, True, agency[0])
    except (crypt.Error, ValueError):
        return None
    finally:
        conn.close()


def _decoded(value: Any) -> Any:
    """A JSON column's value as SQLAlchemy's SQLite dialect reads it: the column's numeric
    affinity has already turned a JSON number into an int or a float."""
    if value is None or isinstance(value, int | float):
        return value
    return json.loads(value)
