"""What the window's start needs before anything is shown, read without opening the store.

The sign-in dialog (or the first-run wizard) is painted before the store opens: it needs only
a few settings (the interface language), whether the profile is set up, and the agency's
name. None of them is personal data. Each time the window's start opens the store (behind the
dialog) it records them in ``start-facts.json`` beside the database
(:func:`record_start_facts`), and :func:`read_start_facts` reads that file at the next start:
no key store, no SQLCipher, no SQLAlchemy before the first paint (the key store alone cost
about 100 ms of imports there). Without that file (the first start of a profile made by the
command line, or by an older version) it reads the database itself, read-only, through
:func:`counter_app.store.crypt.connect`, at this build's schema only; for anything else (an older
schema, a damaged or locked file, no key) it answers None and the caller opens the store and
reads them there. The recorded facts can be stale (a setting changed by the command line
since): the window compares them with the store's once it is open and starts again with the
store's when they differ (``ui.sign_in``). The store (``counter_app.store.db``) stays the one owner
of read-write connections of the database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The file of the recorded start facts, in the profile folder beside the database.
FACTS_FILE = "start-facts.json"
_FACTS_FORMAT = 1

#: The settings that say which agency and counter this profile is (``counter_app.store.settings``).
WORKSTATION_AGENCY = "workstation.agency_id"
WORKSTATION_NUMBER = "workstation.number"
#: The interface language's setting (ui.i18n's LANGUAGE_KEY): named here, where the command
#: line can record the start facts without loading Qt.
LANGUAGE_SETTING = "ui.language"


@dataclass(frozen=True)
class StartFacts:
    """*settings*: the asked-for keys that are set (values decoded as the store keeps them:
    JSON); *ready*: the profile has its agency (``store.settings.profile_ready``);
    *agency_name*: that agency's name when the profile is set up."""

    settings: dict[str, Any] = field(default_factory=dict)
    ready: bool = False
    agency_name: str | None = None


def read_start_facts(db_path: Path | str, keys: tuple[str, ...] = ()) -> StartFacts | None:
    """The start facts of the database at *db_path* (none set up when there is no file yet:
    a new profile), or None when they cannot be read this way (then open the store): the
    recorded ones when they cover *keys*, else read from the database."""
    path = Path(db_path)
    if not path.exists():
        return StartFacts()
    recorded = _recorded_facts(path.parent / FACTS_FILE, keys)
    if recorded is not None:
        return recorded
    return _read_database(path, keys)


def record_start_facts(db_path: Path | str, facts: StartFacts, keys: tuple[str, ...]) -> None:
    """Keep *facts* (read from the store for *keys*) for the next start, beside the database at
    *db_path*; written only when they changed, durably, owner-only. Best effort: a start that
    cannot write it reads the database next time."""
    from counter_app.store.storage import write_bytes_durably

    path = Path(db_path).parent / FACTS_FILE
    data = {"format": _FACTS_FORMAT, "keys": sorted(keys), "settings": {k: v for k, v in facts.settings.items() if k in keys},
            "ready": facts.ready, "agency_name": facts.agency_name}
    body = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    try:
        if path.read_bytes() == body:
            return
    except OSError:
        pass
    try:
        write_bytes_durably(path, body, private=True)
    except OSError:
        pass


def _recorded_facts(path: Path, keys: tuple[str, ...]) -> StartFacts | None:
    """The facts recorded at *path* when they cover *keys* and are well formed, else None."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != _FACTS_FORMAT:
        return None
    recorded_keys, settings = data.get("keys"), data.get("settings")
    ready, agency_name = data.get("ready"), data.get("agency_name")
    if (not isinstance(recorded_keys, list) or not set(keys) <= set(recorded_keys) or not isinstance(settings, dict)
            or not isinstance(ready, bool) or not (agency_name is None or isinstance(agency_name, str))
            or (ready and not agency_name)):
        return None
    return StartFacts({k: settings[k] for k in keys if k in settings}, ready, agency_name if ready else None)


def _read_database(path: Path, keys: tuple[str, ...]) -> StartFacts | None:
    """The start facts read from the database itself, read-only (None: open the store)."""
    from counter_app.store import crypt, migrate
    from counter_app.store.machine_keys import MACHINE, key_scope

    if key_scope(path.parent) == MACHINE:
        return None  # its key store is chosen where the store opens (ui.cli.main.choose_key_store)
    key = crypt.default_keystore().database_key(create=False)
    if key is None:
        return None  # no key in this account's store: the store's opening says what to do (none is made here)
    if migrate.stored_revisions(path, key=key) != (migrate.HEAD_REVISION,):
        return None  # a new, older or unreadable database: the store migrates or reports it
    try:
        conn = crypt.connect(path, key=key, read_only=True)
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
