"""Read the QR code printed on a chip-based CCCD card into validated applicant fields."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from counter_app.domain.clock import today_vn
from counter_app.domain.errors import FieldError, Said, ValidationFailed, message
from counter_app.domain.validation import (
    EARLIEST_BIRTH,
    clean_address,
    clean_cccd,
    clean_cmnd,
    clean_name,
    parse_sex,
)

FIELD = "cccd_qr"
_LOOKS_LIKE = re.compile(r"[0-9]{12}\|")
_DATE = re.compile(r"([0-9]{2})[/.-]?([0-9]{2})[/.-]?([0-9]{4})")
# Field order on the card: ID | old CMND | name | birth date | sex | address | issue date.
_FIELD_COUNT = 7


@dataclass(frozen=True)
class CccdCard:
    """The applicant's details read from a CCCD card; a field the code lacked is None."""

    id_number: str
    old_id_number: str | None
    full_name: str | None
    birth_date: date | None
    sex: str | None          # as the card writes it: validation.SEX_MALE or SEX_FEMALE
    address: str | None
    issued_on: date | None


def _strip(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\ufeff", "")).strip()


def looks_like_cccd_qr(text: str | None) -> bool:
    """True if a scan starts with 12 digits and a "|": route it to parse_cccd_qr."""
    return bool(text) and bool(_LOOKS_LIKE.match(_strip(text)))


def _parse_date(raw: str, what: str, problems: list[Said], today: date) -> date | None:
    """Parse ddmmyyyy (also dd/mm/yyyy); record a problem and return None if it is wrong."""
    match = _DATE.fullmatch(raw)
    if not match:
        problems.append(message("cccd_qr.date_form", what=message(what), raw=raw))
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        value = date(year, month, day)
    except ValueError:
        problems.append(message("cccd_qr.date_not_real", what=message(what), raw=raw))
        return None
    if value > today or value < EARLIEST_BIRTH:
        problems.append(message("cccd_qr.date_out_of_range", what=message(what), raw=raw))
        return None
    return value


def _parse_sex(raw: str, problems: list[Said]) -> str | None:
    sex = parse_sex(raw)
    if sex is not None:
        return sex
    problems.append(message("cccd_qr.sex", raw=raw))
    return None


def _refuse(problems: list[Said]) -> ValidationFailed:
    return ValidationFailed([FieldError(FIELD, message("cccd_qr.invalid", problems=problems))])


def parse_cccd_qr(text: str | None, *, today: date | None = None) -> CccdCard:
    """Parse the `|`-separated QR content of a CCCD card; refuse it whole if anything is wrong.

    Tolerates a BOM, surrounding whitespace and line ends, a trailing "|", fields beyond the
    seventh (ignored) and missing trailing fields (None). The ID number must be valid and agree
    with the birth year and sex; a field that is present but wrong refuses the whole code.
    """
    today = today or today_vn()
    content = _strip(text) if isinstance(text, str) else ""
    if not content:
        raise _refuse([message("cccd_qr.empty")])
    if "|" not in content:
        raise _refuse([message("cccd_qr.no_fields")])
    fields = [part.strip() for part in content.split("|")][:_FIELD_COUNT]
    fields += [""] * (_FIELD_COUNT - len(fields))
    raw_id, raw_old, raw_name, raw_birth, raw_sex, raw_address, raw_issued = fields

    problems: list[Said] = []
    full_name = old_id = address = None
    if raw_name:
        try:
            full_name = clean_name(raw_name)
        except ValidationFailed as exc:
            problems.extend(e.message for e in exc.errors)
    if raw_old:
        try:
            old_id = clean_cmnd(raw_old)
        except ValidationFailed as exc:
            problems.extend(e.message for e in exc.errors)
    birth_date = _parse_date(raw_birth, "cccd_qr.birth_date", problems, today) if raw_birth else None
    sex = _parse_sex(raw_sex, problems) if raw_sex else None
    if raw_address:
        try:
            address = clean_address(raw_address, required=False)
        except ValidationFailed as exc:
            problems.extend(e.message for e in exc.errors)
    issued_on = _parse_date(raw_issued, "cccd_qr.issued_on", problems, today) if raw_issued else None
    if issued_on is not None and birth_date is not None and issued_on < birth_date:
        problems.append(message("cccd_qr.issued_before_birth"))
    id_number = None
    if not raw_id:
        problems.insert(0, message("cccd_qr.no_id_number"))
    else:
        try:
            id_number = clean_cccd(raw_id, birth_date.year if birth_date else None, sex,
                                   today=today)
        except ValidationFailed as exc:
            problems[:0] = [e.message for e in exc.errors]
    if problems or id_number is None:
        raise _refuse(problems)
    return CccdCard(
        id_number=id_number,
        old_id_number=old_id,
        full_name=full_name,
        birth_date=birth_date,
        sex=sex,
        address=address,
        issued_on=issued_on,
    )
