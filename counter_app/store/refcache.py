"""Read-mostly reference data (agency, settings, procedures, calendar) kept in memory per database.

Receiving and scanning read the same few reference rows every time: the workstation's agency
and number, the logbook volume, the scanner settings, a procedure and the working calendar
(whose public-holiday tables are costly to build). They change rarely, so each database file
keeps one :class:`ReferenceData` (shared by the store's write and read engines): plain,
immutable values built on first use.

It is never trusted blindly. Migration 0004 gives the one-row table ``reference_state`` a new
random token, by triggers, in the same transaction as any write to ``setting``, ``agency``,
``procedure``, ``procedure_document`` or ``calendar_override`` — whoever writes: a service,
another process, plain SQL (migration 0005 leaves out the bookkeeping settings ``sync.*``,
``audit.head`` and ``backup.last_at``, from which nothing here is built). :func:`current` reads that token inside the caller's transaction
(one primary-key read) and hands out the cached values only when the token is the one they
were built under; otherwise it starts an empty set for the new token. Pending ORM changes are
flushed first, so a transaction that has just changed a setting sees its own change.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from counter_app.store import crypt
from counter_app.store.rawinsert import driver

T = TypeVar("T")

TOKEN_SQL = "SELECT token FROM reference_state WHERE id = 1"


class ReferenceData:
    """Values derived from the reference tables as they were under one token.

    Only immutable values belong here (frozen dataclasses, tuples, numbers, strings, or
    objects nobody mutates such as a WorkCalendar): they are shared by every thread.
    """

    def __init__(self, token: str | None):
        self.token = token
        self._values: dict[Hashable, Any] = {}

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value under *key*, built by *build* (from the caller's session) on first use."""
        try:
            return self._values[key]
        except KeyError:
            value = self._values[key] = build()  # two threads may both build: same token, same value
            return value

    def peek(self, key: Hashable) -> Any:
        """The value under *key* if it was built already, else None."""
        return self._values.get(key)


class _Uncached(ReferenceData):
    """A database without ``reference_state`` (not migrated): build every value each time."""

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        return build()

    def peek(self, key: Hashable) -> Any:
        return None


#: Databases whose reference data is kept at once (profiles opened in this process); the one
#: used least recently is dropped beyond that.
MAX_DATABASES = 4

_lock = threading.Lock()
_by_database: OrderedDict[Hashable, ReferenceData] = OrderedDict()


def _database_key(engine: Any) -> Hashable:
    """The database file behind *engine*: a store's write and read engines share one cache.
    An in-memory database is its engine's own."""
    database = engine.url.database
    return engine if database in (None, "", ":memory:") else database


def read_token(dbapi_conn: Any) -> str | None:
    """The reference token of the database behind *dbapi_conn* (in its current transaction);
    None when the database has no ``reference_state`` table."""
    try:
        row = dbapi_conn.execute(TOKEN_SQL).fetchone()
    except (sqlite3.OperationalError, crypt.OperationalError):
        return None
    return row[0] if row else None


def for_token(engine: Any, token: str | None) -> ReferenceData:
    """The cached reference data of *engine*'s database if it was built under *token*, else a
    fresh set."""
    if token is None:
        return _Uncached(None)
    key = _database_key(engine)
    with _lock:
        data = _by_database.get(key)
        if data is None or data.token != token:
            data = _by_database[key] = ReferenceData(token)
            while len(_by_database) > MAX_DATABASES:
                _by_database.popitem(last=False)
        else:
            _by_database.move_to_end(key)
        return data


def current(session: Session) -> ReferenceData:
    """The reference data valid in *session*'s transaction."""
    if session.new or session.dirty or session.deleted:
        session.flush()  # the triggers renew the token for pending reference changes
    return for_token(session.get_bind().engine, read_token(driver(session)))
