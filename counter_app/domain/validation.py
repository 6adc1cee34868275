"""Field validators and draft validation: clean NFC values or Vietnamese messages naming fields."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import partial
from typing import NoReturn, TypeVar

from counter_app.domain.catalogue import PROCEDURE_CODE_RE
from counter_app.domain.clock import now_vn, to_vn, today_vn
from counter_app.domain.drafts import DocumentLine, DossierDraft, FeeInputs
from counter_app.domain.enums import ApplicantKind, Channel, DocumentForm, IdentityCheck, IdKind, ResultDelivery
from counter_app.domain.errors import FieldError, Message, Said, ValidationFailed, message
from counter_app.domain.provinces import CCCD_PROVINCE_CODES
from counter_app.domain.text import collapse_spaces, excerpt, fold

T = TypeVar("T")

#: The DossierDraft fields (and a few sub-fields) that have a name in words: ui/messages.py
#: says "field.<name>".
LABELLED_FIELDS = frozenset({
    "procedure_code", "applicant_name", "id_number", "address", "applicant_kind", "id_kind", "birth_date",
    "phone", "email", "representative_name", "documents", "sets", "fee_inputs", "fee_inputs.copies",
    "fee_inputs.pages", "channel", "result_delivery", "note", "received_at", "id", "cccd_qr",
})

#: Label of the ID number field according to the kind of document.
ID_KIND_LABELS: dict[IdKind, Message] = {kind: message(f"field.id_number.{kind.value}") for kind in IdKind}

#: Label of the applicant's name when the applicant is an organisation.
BUSINESS_NAME_LABEL = message("field.business_name")

NAME_MAX = 100
BUSINESS_NAME_MAX = 250          # registered company names often exceed 100 characters
ADDRESS_MAX = 250
NOTE_MAX = 500
EMAIL_MAX = 254
DOCUMENT_NAME_MAX = 250
PROCEDURE_CODE_MAX = 40
FUTURE_TOLERANCE = timedelta(minutes=5)
#: The years a dossier code can carry: it writes YY, read back as 20YY (counter_app.domain.dossier_codes).
CODE_FIRST_YEAR, CODE_LAST_YEAR = 2000, 2099
EARLIEST_BIRTH = date(1900, 1, 1)

# Invisible characters that copy-paste brings along; removed silently.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "`": "'"})
_PERSON_PUNCT = frozenset("'-.")
_BUSINESS_SYMBOLS = frozenset("&+@#%/")

# 4th digit of a CCCD number: century of birth (digit // 2) and sex (even: male, odd: female),
# per Thông tư 07/2016/TT-BCA: 0/1 1900s, 2/3 2000s, 4/5 2100s, 6/7 2200s, 8/9 2300s.
_CENTURY_BASE = (1900, 2000, 2100, 2200, 2300)
SEX_MALE = "Nam"
SEX_FEMALE = "Nữ"  # as the CCCD chip and the national forms write it: data, not words

_MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_DOMAIN_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TLD = re.compile(r"(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})")
_TAX_CODE = re.compile(r"([0-9]{10})(?:-?([0-9]{3}))?")
_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_PASSPORT = re.compile(r"[A-Z0-9]{6,9}")
_VN_PASSPORT = re.compile(r"[A-Z][0-9]{7}")


def label_of(field: str) -> Said:
    """The name of *field* in words, as a message ("field.<name>"); the field name itself when
    it has none."""
    return message(f"field.{field}") if field in LABELLED_FIELDS else field


def labelled(label: Said, code: str, /, **params) -> Message:
    """"<label>: <problem>", the problem said by *code* with *params*."""
    return message("validation.labelled", label=label, problem=message(code, **params))


def _fail(field: str, code: str, label: Said | None = None, /, **params) -> NoReturn:
    raise ValidationFailed([FieldError(field, labelled(label or label_of(field), code, **params))])


# --- text -----------------------------------------------------------------------------------

def clean_text(
    value: str | None,
    field: str,
    max_len: int,
    required: bool,
    *,
    multiline: bool = False,
    label: Said | None = None,
) -> str | None:
    """Return *value* in NFC with spaces collapsed, or None when empty and not required.

    Invisible characters are dropped; other control characters are refused. With *multiline*
    line breaks are kept (spaces are collapsed inside each line).
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        _fail(field, "validation.invalid_value", label)
    text = unicodedata.normalize("NFC", value.translate(_INVISIBLE))
    if multiline:
        lines = [collapse_spaces(line) for line in text.splitlines()]
        text = "\n".join(lines).strip("\n")
    else:
        text = collapse_spaces(text)
    if not text.isprintable():  # printable: no "Other" (C*) character at all, so none to refuse
        for ch in text:
            if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
                _fail(field, "validation.control_char", label, char=f"{ord(ch):04X}")
    if not text:
        if required:
            _fail(field, "validation.empty", label)
        return None
    if len(text) > max_len:
        _fail(field, "validation.too_long", label, max=max_len, length=len(text))
    return text


def clean_name(
    value: str | None,
    field: str = "applicant_name",
    *,
    business: bool = False,
    required: bool = True,
    label: Said | None = None,
) -> str | None:
    """Return a person's (or, with *business*, an organisation's) name, cleaned.

    A person's name holds letters (any script, Vietnamese included), spaces and ' - . ;
    an organisation's name also digits, punctuation and & + @ # % /.
    """
    if label is None and business and field == "applicant_name":
        label = BUSINESS_NAME_LABEL
    max_len = BUSINESS_NAME_MAX if business else NAME_MAX
    text = clean_text(value, field, max_len, required, label=label)
    if text is None:
        return None
    text = text.translate(_APOSTROPHES)
    if text.replace(" ", "").isalpha():  # letters and spaces only (most names): nothing to refuse
        return text
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in "LM" or ch == " ":
            continue
        if business and (cat[0] in "NP" or ch in _BUSINESS_SYMBOLS):
            continue
        if not business and ch in _PERSON_PUNCT:
            continue
        if not business and cat[0] == "N":
            _fail(field, "validation.name_digit", label, char=ch)
        _fail(field, "validation.bad_char", label, char=ch)
    if not any(unicodedata.category(ch)[0] == "L" for ch in text):
        _fail(field, "validation.needs_letter", label)
    return text


def clean_address(value: str | None, required: bool = True, field: str = "address") -> str | None:
    """Return an address in NFC, at most 250 characters."""
    return clean_text(value, field, ADDRESS_MAX, required)


# --- identity documents ---------------------------------------------------------------------

@dataclass(frozen=True)
class CccdInfo:
    """What the structure of a 12-digit personal ID number tells."""

    province_code: str
    province: str
    birth_year: int
    sex: str          # "Nam" or "Nữ"


def _compact(value: str | None, field: str, label: Said, required: bool = True) -> str | None:
    text = clean_text(value, field, 64, required, label=label)
    return None if text is None else text.replace(" ", "")


def _require_digits(number: str, field: str, label: Said | None = None) -> None:
    """Refuse *number* naming the first character that is not a digit."""
    bad = next((ch for ch in number if ch not in "0123456789"), None)
    if bad is not None:
        _fail(field, "validation.digits_only", label, char=bad)


def _digit_id(value: str | None, length: int, field: str, label: Said, hints: dict[int, str]) -> str:
    """An ID number of exactly *length* digits; *hints* adds a word (a code) for lengths of
    other kinds."""
    number = _compact(value, field, label)
    _require_digits(number, field, label)
    if len(number) != length:
        hint = hints.get(len(number))
        _fail(field, "validation.digit_count", label, length=length, count=len(number),
              hint=message(hint) if hint else "")
    return number


def sex_word(sex: str) -> Message:
    """A sex ("Nam"/"Nữ", as the card writes it) as a message the interface says in words."""
    return message("sex.male" if sex == SEX_MALE else "sex.female")


def parse_sex(value: str | None) -> str | None:
    """Return "Nam" or "Nữ" for a sex typed with or without diacritics, else None."""
    return {"nam": SEX_MALE, "nu": SEX_FEMALE}.get(fold(value))


def _normalise_sex(sex: str) -> str:
    parsed = parse_sex(sex)
    if parsed is None:
        raise ValueError(f"unknown sex {sex!r}: expected {SEX_MALE!r} or {SEX_FEMALE!r}")
    return parsed


def describe_cccd(number: str) -> CccdInfo:
    """Decode a structurally valid 12-digit number (call clean_cccd first)."""
    digit = int(number[3])
    return CccdInfo(
        province_code=number[:3],
        province=CCCD_PROVINCE_CODES[number[:3]],
        birth_year=_CENTURY_BASE[digit // 2] + int(number[4:6]),
        sex=SEX_MALE if digit % 2 == 0 else SEX_FEMALE,
    )


def clean_cccd(
    value: str | None,
    birth_year: int | None = None,
    sex: str | None = None,
    *,
    field: str = "id_number",
    today: date | None = None,
) -> str:
    """Return a 12-digit personal ID number whose structure is valid.

    Checks the province code (digits 1–3), that the century/sex digit and the year digits
    (4–6) give a birth year not in the future, and, when given, that they agree with
    *birth_year* and *sex* ("Nam"/"Nữ"). There is no check digit.
    """
    label = ID_KIND_LABELS[IdKind.CCCD]
    number = _digit_id(value, 12, field, label, {9: "validation.hint_choose_cmnd"})
    if number[:3] not in CCCD_PROVINCE_CODES:
        _fail(field, "validation.cccd_province", label, digits=number[:3])
    info = describe_cccd(number)
    today = today or today_vn()
    if info.birth_year > today.year:
        _fail(field, "validation.cccd_future_year", label, digits=number[3:6], year=info.birth_year)
    if birth_year is not None and birth_year != info.birth_year:
        _fail(field, "validation.cccd_year_mismatch", label, digits=number[3:6], year=info.birth_year,
              birth_year=birth_year)
    if sex is not None and _normalise_sex(sex) != info.sex:
        _fail(field, "validation.cccd_sex_mismatch", label, digit=number[3], sex=sex_word(info.sex),
              given=sex_word(_normalise_sex(sex)))
    return number


def clean_cmnd(value: str | None, *, field: str = "id_number") -> str:
    """Return an old 9-digit identity card (CMND) number."""
    return _digit_id(value, 9, field, ID_KIND_LABELS[IdKind.CMND], {12: "validation.hint_choose_cccd"})


def clean_passport(value: str | None, *, field: str = "id_number") -> str:
    """Return a passport number, upper-cased: 6–9 letters or digits (Vietnamese: C1234567)."""
    label = ID_KIND_LABELS[IdKind.PASSPORT]
    number = _compact(value, field, label).upper()
    if not _PASSPORT.fullmatch(number):
        _fail(field, "validation.passport_form", label)
    return number


def tax_code_check_digit(first9: str) -> int | None:
    """Return the 10th digit of a tax code from its first nine, or None if no digit fits."""
    check = 10 - sum(int(d) * w for d, w in zip(first9, _TAX_WEIGHTS)) % 11
    return None if check == 10 else check


def clean_tax_code(value: str | None, *, field: str = "id_number") -> str:
    """Return a tax code: 10 digits, or 10 digits + "-" + 3 digits for a branch.

    The 10th digit is verified (weights 31, 29, 23, 19, 17, 13, 7, 5, 3; check = 10 - sum mod 11).
    Thirteen digits typed without the dash are accepted and returned with it.
    """
    label = ID_KIND_LABELS[IdKind.TAX_CODE]
    code = _compact(value, field, label)
    match = _TAX_CODE.fullmatch(code)
    if not match:
        _fail(field, "validation.tax_code_form", label)
    main, branch = match.groups()
    if tax_code_check_digit(main[:9]) != int(main[9]):
        _fail(field, "validation.tax_code_check", label, code=main)
    if branch == "000":
        _fail(field, "validation.tax_code_branch", label)
    return f"{main}-{branch}" if branch else main


def clean_id_number(
    kind: IdKind, value: str | None, birth_year: int | None = None, *, today: date | None = None
) -> str:
    """Validate *value* as the kind of ID document given (birth year checked for CCCD)."""
    kind = IdKind(kind)
    if kind is IdKind.CCCD:
        return clean_cccd(value, birth_year, today=today)
    if kind is IdKind.CMND:
        return clean_cmnd(value)
    if kind is IdKind.PASSPORT:
        return clean_passport(value)
    return clean_tax_code(value)


# --- contact --------------------------------------------------------------------------------

def national_phone_digits(text: str) -> str:
    """*text* without spaces, dots, dashes and brackets, its +84, 0084 or 84 country prefix
    turned into the national 0: "+84 912 345 678", "84912345678" and "0084912345678" all give
    "0912345678". Anything else (another +code, letters) comes back only compacted. Used by
    :func:`clean_phone` and by the dossier search, so a number is found as it was stored."""
    raw = _PHONE_SEPARATORS.sub("", text)
    if raw.startswith("+84"):
        national = raw[3:]
    elif raw.startswith("0084"):
        national = raw[4:]
    elif raw.startswith("84") and len(raw) in (11, 12):
        national = raw[2:]
    else:
        return raw
    return national if national.startswith("0") else "0" + national


def clean_phone(value: str | None, required: bool = False, *, field: str = "phone") -> str | None:
    """Return a Vietnamese phone number as "0xxxxxxxxx" (or None when empty and optional).

    Mobile: 10 digits starting 03/05/07/08/09; landline: 10–11 digits starting 02. A +84, 84
    or 0084 prefix, spaces, dots, dashes and brackets are accepted.
    """
    text = clean_text(value, field, 32, required)
    if text is None:
        return None
    raw = national_phone_digits(text)
    if raw.startswith("+"):
        _fail(field, "validation.phone_foreign")
    _require_digits(raw, field)
    if raw.startswith("02"):
        if len(raw) not in (10, 11):
            _fail(field, "validation.phone_landline")
        return raw
    if raw.startswith("01") and len(raw) == 11:
        _fail(field, "validation.phone_old_mobile")
    if len(raw) != 10 or not raw.startswith(_MOBILE_PREFIXES):
        _fail(field, "validation.phone_form")
    return raw


def clean_email(value: str | None, required: bool = False, *, field: str = "email") -> str | None:
    """Return an e-mail address with its domain lower-cased (or None when empty and optional)."""
    text = clean_text(value, field, EMAIL_MAX, required)
    if text is None:
        return None
    if " " in text:
        _fail(field, "validation.email_space")
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        _fail(field, "validation.email_at")
    if len(local) > 64 or not _EMAIL_LOCAL.fullmatch(local):
        _fail(field, "validation.email_local", None, local=local)
    domain = domain.lower()
    labels = domain.split(".")
    if (
        len(labels) < 2
        or not all(_DOMAIN_LABEL.fullmatch(part) for part in labels)
        or not _TLD.fullmatch(labels[-1])
    ):
        _fail(field, "validation.email_domain", None, domain=domain)
    return f"{local}@{domain}"


# --- draft ----------------------------------------------------------------------------------

def clean_procedure_code(value: str | None, *, field: str = "procedure_code") -> str:
    """Return a procedure code such as 1.001193 or 1.004873.000.00.00.H14 (upper-cased)."""
    code = clean_text(value, field, PROCEDURE_CODE_MAX, True).replace(" ", "").upper()
    if not PROCEDURE_CODE_RE.fullmatch(code):
        _fail(field, "validation.procedure_code_form", None, code=code)
    return code


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_range(value: object, field: str, low: int, high: int) -> int:
    if not _is_int(value) or not low <= value <= high:
        _fail(field, "validation.int_range", None, low=low, high=high)
    return value


def check_id_kind(applicant_kind: ApplicantKind | str, id_kind: IdKind | str | None) -> IdKind:
    """The kind of ID document when it suits the applicant: a tax code for an organisation,
    a CCCD, CMND or passport for a person; ValidationFailed on field "id_kind" otherwise."""
    business = ApplicantKind(applicant_kind) is ApplicantKind.BUSINESS
    allowed = (IdKind.TAX_CODE,) if business else (IdKind.CCCD, IdKind.CMND, IdKind.PASSPORT)
    try:
        kind = IdKind(id_kind)
    except ValueError:
        kind = None
    if kind not in allowed:
        _fail("id_kind", "validation.id_kind_business" if business else "validation.id_kind_person")
    return kind


def clean_sets(value: object, *, field: str = "sets") -> int:
    """The number of copies of the dossier handed in: a whole number from 1 to 99."""
    return _check_range(value, field, 1, 99)


def _coerce_enum(enum_type: type[T], value: object, field: str) -> T:
    try:
        return enum_type(value)
    except ValueError:
        _fail(field, "validation.enum_value", None, value=excerpt(value))


def _clean_documents(lines: tuple[DocumentLine, ...]) -> tuple[DocumentLine, ...]:
    errors: list[FieldError] = []
    cleaned: list[DocumentLine] = []
    label = label_of("documents")
    for number, line in enumerate(lines, start=1):
        where = message("validation.document_line", label=label, line=number)
        name = _collect(errors, clean_text, line.name, "documents", DOCUMENT_NAME_MAX, True,
                        label=message("validation.document_name", where=where))
        ok = name is not None
        if not _is_int(line.count) or not 1 <= line.count <= 99:
            errors.append(FieldError("documents", labelled(where, "validation.document_count")))
            ok = False
        try:
            form = DocumentForm(line.form)
        except ValueError:
            errors.append(FieldError("documents", labelled(where, "validation.document_form")))
            ok = False
        if ok:
            cleaned.append(replace(line, name=name, form=form, handed_in=bool(line.handed_in)))
    if lines and not any(line.handed_in for line in lines):
        errors.append(FieldError("documents", labelled(label, "validation.documents_none_handed_in")))
    if errors:
        raise ValidationFailed(errors)
    return tuple(cleaned)


def _collect(errors: list[FieldError], fn: Callable[..., T], *args, **kwargs) -> T | None:
    """Call *fn*; on ValidationFailed add its errors to *errors* and return None."""
    try:
        return fn(*args, **kwargs)
    except ValidationFailed as exc:
        errors.extend(exc.errors)
        return None


def _aware_pair(a: datetime, b: datetime) -> tuple[datetime, datetime]:
    """Both as Vietnam wall time: an aware value is converted, a naive one is taken as Vietnam
    time (never as the PC's local time)."""
    return to_vn(a), to_vn(b)


def clean_birth_date(value: date | None, *, today: date, field: str = "birth_date") -> date | None:
    """Return a birth date in the past and not before 1900 (None stays None)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        _fail(field, "validation.not_a_date")
    if value >= today:
        _fail(field, "validation.birth_not_past", None, day=value)
    if value < EARLIEST_BIRTH:
        _fail(field, "validation.birth_before_1900", None, day=value)
    return value


def clean_dossier_id(value: object, *, field: str = "id") -> str | None:
    """A caller-made dossier id: a UUIDv7 in its canonical 36-character form (lower-cased);
    None stays None (the store makes one). Anything else could never be synced."""
    if value is None:
        return None
    text = value.strip().lower() if isinstance(value, str) else ""
    try:
        parsed = uuid.UUID(text) if len(text) == 36 else None
    except ValueError:
        parsed = None
    if parsed is None or str(parsed) != text:
        _fail(field, "validation.not_uuid", None, value=excerpt(value))
    if parsed.version != 7 or parsed.variant != uuid.RFC_4122:
        _fail(field, "validation.not_uuid7", None, value=text, version=parsed.version)
    return text


def validate_draft(draft: DossierDraft, *, now: datetime | None = None) -> DossierDraft:
    """Validate every field of *draft* and return a copy with cleaned values.

    All problems are collected and raised together as one ValidationFailed.
    """
    now = now or now_vn()
    today = now.date()
    errors: list[FieldError] = []
    add = partial(_collect, errors)

    procedure_code = add(clean_procedure_code, draft.procedure_code)
    applicant_kind = add(_coerce_enum, ApplicantKind, draft.applicant_kind, "applicant_kind")
    id_kind = add(_coerce_enum, IdKind, draft.id_kind, "id_kind")
    channel = add(_coerce_enum, Channel, draft.channel, "channel")
    result_delivery = add(_coerce_enum, ResultDelivery, draft.result_delivery, "result_delivery")
    identity_check = None if draft.identity_check in (None, "") else \
        add(_coerce_enum, IdentityCheck, draft.identity_check, "identity_check")
    business = applicant_kind is ApplicantKind.BUSINESS

    name = add(clean_name, draft.applicant_name, business=business)
    representative = add(clean_name, draft.representative_name, "representative_name",
                         required=False)
    birth_date = add(clean_birth_date, draft.birth_date, today=today)

    id_number = None
    if (id_kind is not None and applicant_kind is not None
            and add(check_id_kind, applicant_kind, id_kind) is not None):
        year = birth_date.year if birth_date is not None else None
        id_number = add(clean_id_number, id_kind, draft.id_number, year, today=today)

    address = add(clean_address, draft.address)
    phone = add(clean_phone, draft.phone)
    email = add(clean_email, draft.email)
    note = add(clean_text, draft.note, "note", NOTE_MAX, False, multiline=True)
    sets = add(clean_sets, draft.sets)
    documents = add(_clean_documents, tuple(draft.documents or ()))

    fee = draft.fee_inputs if draft.fee_inputs is not None else FeeInputs()
    copies = add(_check_range, fee.copies, "fee_inputs.copies", 1, 999)
    pages = add(_check_range, fee.pages, "fee_inputs.pages", 1, 9999)

    received_at = draft.received_at
    if received_at is not None:
        if not isinstance(received_at, datetime):
            errors.append(FieldError("received_at", labelled(label_of("received_at"), "validation.not_a_moment")))
        else:
            when, ref = _aware_pair(received_at, now)
            if not CODE_FIRST_YEAR <= received_at.year <= CODE_LAST_YEAR:
                # The code carries the year in two digits: 1999 would read back as 2099.
                errors.append(FieldError("received_at", labelled(
                    label_of("received_at"), "validation.received_year", year=received_at.year,
                    first=CODE_FIRST_YEAR, last=CODE_LAST_YEAR)))
            elif when > ref + FUTURE_TOLERANCE:
                errors.append(FieldError("received_at", labelled(
                    label_of("received_at"), "validation.received_future", time=f"{received_at:%H:%M}",
                    day=received_at.date())))
    dossier_id = add(clean_dossier_id, draft.id)

    if errors:
        raise ValidationFailed(errors)
    return replace(
        draft,
        procedure_code=procedure_code,
        applicant_name=name,
        id_number=id_number,
        address=address,
        applicant_kind=applicant_kind,
        id_kind=id_kind,
        birth_date=birth_date,
        phone=phone,
        email=email,
        representative_name=representative,
        documents=documents,
        sets=sets,
        fee_inputs=FeeInputs(copies=copies, pages=pages),
        channel=channel,
        result_delivery=result_delivery,
        note=note,
        identity_check=identity_check,
        id=dossier_id,
    )
