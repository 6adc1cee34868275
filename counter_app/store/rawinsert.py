"""INSERTs straight on the DBAPI cursor of a session's transaction, for the hot write paths,
and the matching decoders for the hot bare reads.

The ORM's unit of work costs several times the INSERTs themselves; where a path writes new
rows only (receiving a dossier, demo data), it hands plain rows here instead. Values are
stored exactly as SQLAlchemy stores them on SQLite, so the ORM reads them back unchanged; a
path that reads rows with bare sqlite3 (the scan) turns them back with :func:`decoders` —
both directions of that storage format are written here, side by side.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

_DT_FMT = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's storage format for DateTime on SQLite


def _storage_kind(column) -> str:
    return type(column.type).__name__


def _converter(column) -> Callable[[Any], Any] | None:
    """How a Python value of *column* is stored (None: as it is)."""
    kind = _storage_kind(column)
    if kind == "DateTime":
        return lambda v: None if v is None else v.strftime(_DT_FMT)
    if kind == "Date":
        return lambda v: None if v is None else v.isoformat()
    if kind == "JSON":
        return lambda v: v if v is None or isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    if kind == "Boolean":
        return lambda v: None if v is None else int(bool(v))
    return None


def _decoder(column) -> Callable[[Any], Any] | None:
    """How a stored value of *column* is read back (None: as it is); the inverse of _converter."""
    kind = _storage_kind(column)
    if kind == "DateTime":
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if kind == "Date":
        return lambda v: None if v is None else date.fromisoformat(v)
    if kind == "JSON":
        return lambda v: json.loads(v) if isinstance(v, str) else v
    if kind == "Boolean":
        return lambda v: None if v is None else bool(v)
    return None


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


def insert_rows(session: Session, table: Table, rows: Iterable[dict[str, Any]]) -> None:
    """Insert *rows* (all with the same keys) into *table* within the session's transaction."""
    rows = list(rows)
    if not rows:
        return
    cols = tuple(rows[0])
    sql, convert = _plan(table, cols)

    def values(row: dict[str, Any]) -> list[Any]:
        out = [row[c] for c in cols]
        for i, f in convert:
            out[i] = f(out[i])
        return out

    cursor = session.connection().connection.driver_connection.cursor()
    if len(rows) == 1:
        cursor.execute(sql, values(rows[0]))
    else:
        cursor.executemany(sql, map(values, rows))
