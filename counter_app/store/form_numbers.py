"""The "Số: …" of printed forms: one series per agency, kind of form and year, never colliding offline.

Like the dossier codes (:mod:`counter_app.domain.dossier_codes`), the series is partitioned by workstation,
interleaved: with the agency's stride S, workstation W gives W, W + S, W + 2S, … in each
year, so counters working offline never give the same number, and a new series starts each
1 January. The printed text comes from a pattern: the setting ``forms.number_pattern.<kind>``
or else the form set's ``numbering`` in its common.json, e.g. ``{n}/PYCBS`` → ``12/PYCBS``
(placeholders ``{n}`` the number, ``{year}``, ``{yy}``, ``{ws}`` the workstation).
"""

from __future__ import annotations

import string
from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import FieldError, ValidationFailed, message
from counter_app.domain.ids import new_id
from counter_app.store import number_marks, settings
from counter_app.store.models import FormNumber

PATTERN_KEY = "forms.number_pattern.{kind}"
PLACEHOLDERS = frozenset({"n", "year", "yy", "ws"})

_LAST = select(func.max(FormNumber.seq)).where(
    FormNumber.agency_id == bindparam("agency_id"), FormNumber.kind == bindparam("kind"),
    FormNumber.year == bindparam("year"), FormNumber.workstation_no == bindparam("ws"),
)


def pattern_key(kind: str) -> str:
    return PATTERN_KEY.format(kind=kind)


def check_pattern(pattern: str, field: str = "pattern") -> str:
    """The pattern if it names ``{n}`` and only known placeholders; ValidationFailed otherwise."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError:
        names = {"?"}
    if "n" not in names or not names <= PLACEHOLDERS or len(pattern) > 40:
        raise ValidationFailed([FieldError(field, message("form_numbers.pattern", pattern=pattern))])
    return pattern


def next_seq(session: Session, agency_id: str, kind: str, year: int, workstation_no: int, stride: int) -> int:
    """The next number of this workstation's part of the year's series (inside the write
    transaction), after the database's last one or the floor a restore left outside it
    (:mod:`counter_app.store.number_marks`: form numbers are never synced, so only that keeps a
    restored older file from printing a number twice)."""
    last = session.scalar(_LAST, {"agency_id": agency_id, "kind": kind, "year": year, "ws": workstation_no})
    return number_marks.next_number(session, agency_id, number_marks.form_series(kind), year, workstation_no,
                                    stride, last)


def allocate(session: Session, kind: str, default_pattern: str, *, at: datetime,
             dossier_id: str | None = None) -> str:
    """Give the next number of *kind* for this workstation's agency in *at*'s year, record it
    and return it as printed. The setting ``forms.number_pattern.<kind>`` wins over
    *default_pattern* (the form set's) when it is a valid pattern."""
    ctx = settings.load_context(session)
    pattern = settings.get_setting(session, pattern_key(kind)) or default_pattern
    try:
        check_pattern(str(pattern))
    except ValidationFailed:
        pattern = default_pattern  # a bad setting never leaves a form without its number
    seq = next_seq(session, ctx.agency_id, kind, at.year, ctx.workstation_no, ctx.code_stride)
    number = str(pattern).format(n=seq, year=at.year, yy=f"{at.year % 100:02d}", ws=ctx.workstation_no)
    session.add(FormNumber(id=new_id(), agency_id=ctx.agency_id, kind=kind, year=at.year, seq=seq,
                           workstation_no=ctx.workstation_no, number=number, dossier_id=dossier_id, issued_at=at))
    session.flush()
    return number
