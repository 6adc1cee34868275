"""Dossier codes ``<agency identifier>-<YYMMDD>-<NNNN>`` that never collide offline.

The scheme: several counters of one agency receive on the same day without talking to each
other, so the 4-digit daily sequence is partitioned by workstation number, interleaved:
with the agency's *stride* S (the most workstations it will ever run, default 10) the
workstation numbered W (1 ≤ W ≤ S) gives the numbers W, W + S, W + 2S, … ≤ 9999. Two
workstations can never produce the same number, the codes of a day still sort roughly in
the order they were given, each workstation can give ⌊(9999 − W) / S⌋ + 1 numbers a day
(999 or more with S = 10, several times a busy counter's day), and nothing needs the
network. A code is made once, in the transaction that stores its dossier, and never changes.

A restore must not make a workstation give a number twice: numbers are reserved in blocks
by a high-water mark kept outside the database (:mod:`counter_app.store.code_marks`), raised
durably before the transaction commits; after a restore the next number comes after the
whole block (see :func:`allocate_code`).

Two forms, one sequence. The code's format is a dated rule (:mod:`counter_app.domain.code_rules`):
``<agency>-<YYMMDD>-<NNNN>`` (Thông tư 01/2018/TT-VPCP) for every procedure, and from
25/01/2026 ``MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX`` (Thông tư 04/2025/TT-VPCP) for procedures served
by a nationally centralised solution, ``XXXX`` at least 4 digits (at most 6 here). Both forms
draw their number from the same daily sequence of the agency, partitioned by workstation as
above: the number W + kS is unique among the agency's dossiers of the day whatever form
prints it (the database's unique key is still (agency, day, number)), so two workstations
never make the same code of either form, and the marks and the restore logic below, which
count numbers and not codes, protect both forms unchanged. The second form's variable length
lets the sequence run to 999999 (:attr:`CodeRule.max_seq`); the first form stops at 9999
(a workstation whose sequence has passed 9999 that day is told its first-form numbers are
used up, as before). Codes of both forms never equal one another: the first ends in exactly
four digits after its last hyphen, the second in six or more.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from counter_app.domain import code_rules
from counter_app.domain.dossier_codes import MAX_SEQ, MAX_SEQ_ANY_FORM, format_code, workstation_sequence
from counter_app.domain.errors import CodeSpaceExhausted
from counter_app.store import save_reads
from counter_app.store.models import Dossier

_LAST_SEQ = select(func.max(Dossier.code_seq)).where(
    Dossier.agency_id == bindparam("agency_id"),
    Dossier.code_day == bindparam("day"),
    Dossier.workstation_no == bindparam("workstation_no"),
)  # built once: composing the statement cost more than running it


def last_sequence(session: Session, agency_id: str, day: date, workstation_no: int) -> int | None:
    """The number the next one follows: the database's last one of this workstation on *day*,
    or, when higher, the floor kept outside it (which a restore or a sync may have raised)."""
    last = session.scalar(_LAST_SEQ, {"agency_id": agency_id, "day": day, "workstation_no": workstation_no})
    marks = session.info.get("code_marks")
    floor = marks.read(agency_id, workstation_no, day)[1] if marks is not None else None
    if floor is not None and (last is None or floor > last):
        return floor
    return last


def next_sequence(session: Session, agency_id: str, day: date, workstation_no: int, stride: int,
                  max_seq: int = MAX_SEQ) -> int:
    """The next free number of the day for this workstation (call inside the write transaction)."""
    last = last_sequence(session, agency_id, day, workstation_no)
    seq = workstation_sequence(workstation_no, stride, 0) if last is None else last + stride
    if seq > max_seq:
        raise CodeSpaceExhausted("codes.exhausted", workstation=workstation_no, day=day)
    return seq


#: Numbers reserved by one durable write of the mark (a restore skips at most this many).
RESERVE = 10


def allocate_code(session: Session, agency_id: str, day: date, workstation_no: int, stride: int,
                  choice: code_rules.CodeChoice | None = None) -> tuple[str, int]:
    """Return ``(code, seq)`` for a new dossier of this workstation received on *day*.

    *choice* is the code rule in force with its values (:func:`counter_app.domain.code_rules.choose`;
    None: the first form under *agency_id*). Whatever the form, the number comes from the
    agency's one daily sequence of this workstation.

    Numbers are reserved ahead, :data:`RESERVE` at a time: when the next number passes the
    mark kept outside the database, the mark is raised durably to the end of a new block
    before returning, so before the caller commits. The next number follows the database's
    last one, or the mark's floor when that is higher (a restore sets the floor to the mark,
    a sync to the province's numbers: see :mod:`counter_app.store.code_marks`). A number is given
    when its dossier commits (no slip is printed before): a save that fails gives nothing.
    """
    if choice is None:
        choice = code_rules.CodeChoice(code_rules.by_id(code_rules.FIRST_FORM), agency_id)
    max_seq = min(choice.rule.max_seq, MAX_SEQ_ANY_FORM)
    marks = session.info.get("code_marks")
    if marks is None:  # a session of no profile (nothing outside the database to keep)
        seq = next_sequence(session, agency_id, day, workstation_no, stride, max_seq)
        return _make(choice, day, seq), seq
    last = save_reads.last_code_seq(session, agency_id, day, workstation_no)  # bare SQL: a save's hot path
    mark, floor = marks.read(agency_id, workstation_no, day)
    if floor is not None and (last is None or floor > last):
        last = floor
    seq = workstation_sequence(workstation_no, stride, 0) if last is None else last + stride
    if seq > max_seq:
        raise CodeSpaceExhausted("codes.exhausted", workstation=workstation_no, day=day)
    if mark is None or seq > mark:
        upto = seq + (RESERVE - 1) * stride
        while upto > max_seq:
            upto -= stride
        marks.raise_to([(agency_id, workstation_no, day, upto)])
    return _make(choice, day, seq), seq


def _make(choice: code_rules.CodeChoice, day: date, seq: int) -> str:
    if choice.rule.id == code_rules.FIRST_FORM:
        return format_code(choice.agency, day, seq)
    return choice.rule.make(choice.agency, day, seq, choice.platform)
