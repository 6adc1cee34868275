"""Finding dossiers by what an officer types: a name without diacritics, an ID number, a phone
number or a dossier code.

Names are matched through the FTS5 table ``dossier_fts`` (migration 0002), an external-content
index over ``dossier.applicant_name_folded`` kept in sync by triggers on ``dossier`` (so bulk
Core INSERTs such as the demo's are indexed too). The indexed text is already folded by
:func:`counter_app.domain.text.fold` (FTS5's own ``remove_diacritics`` does not fold đ to d), and the
query is folded the same way: "dang van duc", "DUC" and "Đức" all find "Đặng Văn Đức".
Every word typed must appear in the name; the last one may be the start of a word, so a name
can be found while it is being typed.

Digits search the ID number and the phone number (by prefix from six digits on, whole below);
a code searches the dossier code, whole, by its "YYMMDD-NNNN" tail, or by its start once the
start includes the day. Each kind uses an index, so a search stays fast at a million dossiers.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, literal_column, or_, select, text
from sqlalchemy.orm import Session

from counter_app.store.models import Agency, Dossier
from counter_app.domain.text import fold
from counter_app.domain.validation import national_phone_digits

FTS_TABLE = "dossier_fts"
#: The rowid of ``dossier``; the FTS index refers to dossiers by it.
DOSSIER_ROWID = literal_column("dossier.rowid")
FTS_ROWID = literal_column(f"{FTS_TABLE}.rowid")

#: "YYMMDD-NNNN" (first form, up to 4 digits) or "YYMMDD-AAXXXX" (second form: the platform
#: owner's two digits, then the number, 4 to 6 digits): the number is the agency's daily one.
_CODE_TAIL = re.compile(r"^(\d{6})-(\d{1,4}|\d{2}(\d{4,6}))$")
_CODE_DAY = re.compile(r"-\d{6}")
#: Shorter digit strings must match an ID or phone number whole; longer ones may be its start.
NUMBER_PREFIX_MIN = 6
_WORD = re.compile(r"[0-9a-z]+")


class SearchKind(enum.Enum):
    """How the typed text is matched."""

    NONE = "none"      # nothing usable was typed
    NAME = "name"      # words of the applicant's name (full-text index)
    NUMBER = "number"  # an ID number or a phone number (prefix)
    CODE = "code"      # a dossier code, whole or its "YYMMDD-NNNN" tail


@dataclass(frozen=True)
class SearchQuery:
    """Typed text turned into something the database can match."""

    kind: SearchKind
    text: str              # the normalised text (folded words, digits or upper-case code)
    fts: str = ""          # the FTS5 MATCH expression for NAME

    @property
    def uses_fts(self) -> bool:
        return self.kind is SearchKind.NAME


def _fts_expression(words: list[str]) -> str:
    """Every word must appear; the last one may be a prefix (typing in progress)."""
    parts = [f'"{w}"' for w in words[:-1]]
    last = words[-1]
    parts.append(f'"{last}"*' if len(last) >= 2 else f'"{last}"')
    return " AND ".join(parts)


def parse_search(raw: str | None) -> SearchQuery:
    """Classify *raw* as a name, a number (ID or phone) or a dossier code."""
    value = (raw or "").strip()
    if not value:
        return SearchQuery(SearchKind.NONE, "")
    if _CODE_TAIL.match(value):
        return SearchQuery(SearchKind.CODE, value)
    compact = national_phone_digits(value)
    if compact.isdigit():
        return SearchQuery(SearchKind.NUMBER, compact)
    upper = "".join(value.split()).upper()
    if any(ch.isdigit() for ch in upper) and ("-" in upper or "." in upper) and " " not in value.strip():
        return SearchQuery(SearchKind.CODE, upper)
    words = _WORD.findall(fold(value))
    if not words:
        return SearchQuery(SearchKind.NONE, "")
    return SearchQuery(SearchKind.NAME, " ".join(words), _fts_expression(words))


def _prefix(column, value: str) -> ColumnElement[bool]:
    """``column`` starts with ``value``, written as a range so that SQLite uses the index."""
    return and_(column >= value, column < value + "\uffff")


def match_condition(query: SearchQuery) -> ColumnElement[bool] | None:
    """A WHERE condition on ``dossier`` for a NUMBER or CODE query (None for NAME / NONE).

    Name queries are not a condition but a join with the full-text table: see :func:`fts_join`.
    """
    if query.kind is SearchKind.NUMBER:
        if len(query.text) < NUMBER_PREFIX_MIN:
            return or_(Dossier.id_number == query.text, Dossier.phone == query.text)
        return or_(_prefix(Dossier.id_number, query.text), _prefix(Dossier.phone, query.text))
    if query.kind is SearchKind.CODE:
        tail = _CODE_TAIL.match(query.text)
        if tail:
            try:
                day = date(2000 + int(tail[1][:2]), int(tail[1][2:4]), int(tail[1][4:6]))
            except ValueError:
                return Dossier.code == query.text
            return and_(
                Dossier.agency_id.in_(select(Agency.id).scalar_subquery()),
                Dossier.code_day == day,
                Dossier.code_seq == int(tail[3] or tail[2]),
                *([Dossier.code.endswith("-" + query.text)] if tail[3] else []),
            )
        if _CODE_DAY.search(query.text):  # at most one day's dossiers start like this
            return _prefix(Dossier.code, query.text)
        return Dossier.code == query.text
    return None


def fts_from():
    """The full-text table joined to ``dossier`` (FROM clause for name searches)."""
    from sqlalchemy import table

    fts = table(FTS_TABLE)
    return fts.join(Dossier, DOSSIER_ROWID == FTS_ROWID)


def fts_match(expression: str):
    """The MATCH condition of a name search for the FTS5 *expression*."""
    return text(f"{FTS_TABLE} MATCH :fts").bindparams(fts=expression)


@dataclass(frozen=True)
class SearchHit:
    """A dossier found by a search."""

    code: str
    applicant_name: str
    id_number: str
    phone: str | None
    status: int


def search_dossiers(session: Session, raw: str, limit: int = 50) -> list[SearchHit]:
    """The newest dossiers (at most *limit*) matching *raw*, newest entered first."""
    query = parse_search(raw)
    cols = (Dossier.code, Dossier.applicant_name, Dossier.id_number, Dossier.phone, Dossier.status)
    if query.kind is SearchKind.NONE:
        return []
    if query.uses_fts:
        stmt = (select(*cols).select_from(fts_from()).where(fts_match(query.fts))
                .order_by(FTS_ROWID.desc()).limit(limit))
    else:
        order = Dossier.code.desc() if query.kind is SearchKind.CODE else DOSSIER_ROWID.desc()
        stmt = select(*cols).select_from(Dossier).where(match_condition(query)).order_by(order).limit(limit)
    return [SearchHit(*row) for row in session.execute(stmt)]


def rebuild_index(session: Session) -> None:
    """Rebuild the full-text index from ``dossier`` (after a bulk load without triggers, or a repair)."""
    session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))


def index_is_consistent(session: Session) -> bool:
    """True when the full-text index matches ``dossier`` (FTS5 integrity check)."""
    from sqlalchemy.exc import DatabaseError

    try:
        session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"))
    except DatabaseError:
        return False
    return True
