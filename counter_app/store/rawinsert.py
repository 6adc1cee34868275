"""The one write path of a dossier's new rows (the dossier, its documents, its events and their
outbox rows): INSERTs on the DBAPI cursor of the session's transaction, and the matching
decoders for the hot bare reads.

The ORM's unit of work, and even a Core ``insert()`` per table, cost more than the INSERTs
themselves (the "write path" benchmark: tests/bench/figures_write_path.py), so every new
dossier is written here, whoever makes it (receiving, the counter's supplement and refusal,
the demo). The values are turned into their stored form by the columns' own SQLAlchemy types
(their bind processors, as the ORM would: a new column type, e.g. an encrypted one, applies
here too), so the ORM reads them back unchanged; a path that reads rows with bare sqlite3
(the scan) turns them back with :func:`decoders`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session


def _storage_kind(column) -> str:
    return type(column.type).__name__


_DIALECT = sqlite.dialect()  # the store's dialect: its types' stored forms on SQLite


def _converter(column) -> Callable[[Any], Any] | None:
    """How a Python value of *column* is stored (None: as it is): the column type's own bind
    processor. A JSON value given as text is taken as already serialised (an event's snapshot)."""
    process = column.type.dialect_impl(_DIALECT).bind_processor(_DIALECT)
    if process is not None and _storage_kind(column) == "JSON":
        return lambda v, process=process: v if isinstance(v, str) else process(v)
    return process


def bind_converter(column) -> Callable[[Any], Any]:
    """How a Python value of *column* is stored, as a function (the identity when it is stored
    as it is): for a parameter of a bare query."""
    return _converter(column) or (lambda v: v)


def _decoder(column) -> Callable[[Any], Any] | None:
    """How a stored value of *column* is read back (None: as it is); the inverse of _converter.
    The four common types are read by the standard library's parsers (faster than SQLAlchemy's
    on the scan's path); any other type by its own result processor."""
    kind = _storage_kind(column)
    if kind == "DateTime":
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if kind == "Date":
        return lambda v: None if v is None else date.fromisoformat(v)
    if kind == "JSON":
        return lambda v: json.loads(v) if isinstance(v, str) else v
    if kind == "Boolean":
        return lambda v: None if v is None else bool(v)
    return column.type.dialect_impl(_DIALECT).result_processor(_DIALECT, None)


@lru_cache(maxsize=64)
def decoders(table: Table, cols: tuple[str, ...]) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
    """(position, decoder) of each of *cols* (a bare SELECT's column list on *table*) whose
    stored form differs from its Python value; pass them to :func:`decode`."""
    return tuple((i, f) for i, f in enumerate(_decoder(table.c[c]) for c in cols) if f is not None)


def decode(plan: tuple[tuple[int, Callable[[Any], Any]], ...], row: Sequence[Any]) -> list[Any]:
    """*row* as read with bare sqlite3, its values turned back as the ORM would read them."""
    out = list(row)
    for i, f in plan:
        out[i] = f(out[i])
    return out


@lru_cache(maxsize=64)
def _plan(table: Table, cols: tuple[str, ...]) -> tuple[str, tuple[tuple[int, Callable], ...]]:
    convert = tuple((i, f) for i, f in enumerate(_converter(table.c[c]) for c in cols) if f is not None)
    sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
    return sql, convert


def driver(session: Session) -> Any:
    """The DB-API connection of *session*'s transaction: the one a direct write transaction
    began (:meth:`counter_app.store.db.Store.write_direct`), else the session's own (begun if
    it was not yet)."""
    dbapi = session.info.get(DIRECT)
    return dbapi if dbapi is not None else session.connection().connection.driver_connection


#: The key of ``Session.info`` under which a direct write transaction keeps its DB-API connection.
DIRECT = "direct_dbapi"


def insert_rows(session: Session, table: Table, rows: Iterable[dict[str, Any]]) -> int | None:
    """Insert *rows* (all with the same keys) into *table* within the session's transaction;
    returns the rowid of the last row inserted (SQLite's ``lastrowid``)."""
    rows = list(rows)
    if not rows:
        return None
    cols = tuple(rows[0])
    sql, convert = _plan(table, cols)

    def values(row: dict[str, Any]) -> list[Any]:
        out = [row[c] for c in cols]
        for i, f in convert:
            out[i] = f(out[i])
        return out

    cursor = driver(session).cursor()
    if len(rows) == 1:
        cursor.execute(sql, values(rows[0]))
        return cursor.lastrowid
    cursor.executemany(sql, map(values, rows))
    return cursor.lastrowid
