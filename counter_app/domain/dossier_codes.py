"""Dossier codes of both forms, written and read (their numbers come from store.code_sequences)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counter_app.domain import code_rules
from counter_app.domain.validation import CODE_FIRST_YEAR, CODE_LAST_YEAR

MAX_SEQ = 9999  # the first form's four digits
#: The highest number of any form (the second form's XXXX: at least 4 digits, 6 at most here).
MAX_SEQ_ANY_FORM = 999999
#: The years a code's two-digit ``YY`` can stand for (parse_code reads them as 20YY).
FIRST_YEAR, LAST_YEAR = CODE_FIRST_YEAR, CODE_LAST_YEAR


@dataclass(frozen=True)
class DossierCode:
    """A parsed dossier code of either form (*platform* and *rule_id* tell which)."""

    agency_id: str
    day: date
    seq: int
    platform: str | None = None
    rule_id: str = code_rules.FIRST_FORM

    def __str__(self) -> str:
        if self.rule_id == code_rules.FIRST_FORM:
            return format_code(self.agency_id, self.day, self.seq)
        return code_rules.by_id(self.rule_id).make(self.agency_id, self.day, self.seq, self.platform)


def format_code(agency_id: str, day: date, seq: int) -> str:
    """``000.00.14.H56`` + 3 Feb 2020 + 118 → ``000.00.14.H56-200203-0118``.

    Only days of 2000–2099 have a code: ``YY`` of any other year would be read back as
    another century."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"no dossier code for a day of {day.year} (only {FIRST_YEAR}–{LAST_YEAR})")
    return f"{agency_id}-{day:%y%m%d}-{seq:04d}"


def parse_code(text: str) -> DossierCode | None:
    """Parse a dossier code of any form a bundled rule describes (the first form,
    ``000.00.14.H56-200203-0118``, or the second, ``H56.000.00-260310-010021``), or return
    None when *text* is none of them."""
    found = code_rules.parse(text.strip())
    if found is None:
        return None
    rule, (agency, day, seq, platform) = found
    return DossierCode(agency, day, seq, platform, rule.id)


def workstation_sequence(workstation_no: int, stride: int, index: int) -> int:
    """The *index*-th (0-based) number of the day for a workstation."""
    if not 1 <= workstation_no <= stride:
        raise ValueError(f"workstation number {workstation_no} outside 1..{stride}")
    return workstation_no + index * stride
