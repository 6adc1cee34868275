"""Form templates as data: resources/forms/<version>/<kind>.json plus that version's common.json.

A template lists a form's blocks in print order; each block's text is a format string whose
``{placeholders}`` name fields of :func:`slip_context` and whose ``**…**`` spans print bold.
Templates are checked on load (unknown block type or placeholder: TemplateError) and cached,
so a new set of forms (e.g. 2025) is a new folder, not new code. See resources/forms/README.md.
"""

from __future__ import annotations

import json
import string
import threading
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from counter_app.domain.errors import CounterError
from counter_app.domain.fees import format_vnd
from counter_app.domain.paths import resource_path
from counter_app.domain.words import nfc_all
from counter_app.slips.data import SlipData

BLOCK_TYPES = {"header", "title", "codes", "line", "paragraph", "documents", "items", "signatures",
               "space", "handover_table", "control_table", "logbook_table"}

#: Every placeholder a template may use (values are always strings, see slip_context).
CONTEXT_KEYS = frozenset({
    "agency_name", "agency_name_upper", "parent_name", "parent_name_upper", "place_name", "code",
    "applicant_name", "id_number", "address", "phone", "email", "representative_name",
    "procedure_code", "procedure_name", "sets", "legal_time", "received_at", "received_date",
    "due_at", "due_date", "original_due_at", "new_due_at", "result_delivery", "fee",
    "logbook_volume", "logbook_line", "officer_name", "officer_phone", "number", "issued_date",
    "reason", "signer_title", "signer_name", "reprinted_at", "to_unit", "cooperating_units",
    "count_entries", "lookup_url", "received_short", "due_short",
    # the 2025 set (Thông tư 03/2025/TT-VPCP)
    "unit_name", "unit_name_upper", "submitter_name", "logbook_entry", "logbook_year", "fee_amount",
    "fee_detail", "issuer_name", "issuer_name_upper", "issuer_parent", "issuer_parent_upper",
    "decided_by", "notice", "received_date_short",
    # the control sheet's steps (Mẫu 06/2025)
    "from_unit", "step_at", "giver", "receiver", "timing", "lead_unit",
    # the logbook's columns (Mẫu 07/2025)
    "workstation", "handed_over_at", "result_at", "returned_at", "collector",
    "identity_check",
    # inside documents/items/handover rows
    "n", "name", "form", "count", "text", "applicant", "procedure", "digitised",
})


class TemplateError(CounterError, ValueError):
    """A form template is missing or malformed (a code naming the file and the problem)."""


@dataclass(frozen=True)
class FormTemplate:
    """One parsed form template with its version's common strings."""

    version: str
    kind: str
    spec: dict[str, Any]
    common: dict[str, Any]

    @property
    def blocks(self) -> list[dict[str, Any]]:
        return self.spec["blocks"]

    @property
    def copies(self) -> list[str]:
        return list(self.spec.get("copies", [""]))

    def barcode(self) -> dict[str, Any]:
        """Barcode parameters: the form's own over the version's defaults."""
        return {**self.common.get("barcode", {}), **self.spec.get("barcode", {})}


def forms_root() -> Path:
    return resource_path("forms")


def available_versions() -> list[str]:
    """Form-set versions shipped in resources/forms (folders holding a common.json)."""
    root = forms_root()
    return sorted(p.name for p in root.iterdir() if (p / "common.json").is_file()) if root.is_dir() else []


#: Keys of common.json whose strings are patterns of their own (checked separately).
_OWN_PATTERNS = ("time_format", "date_format", "numbering", "in_force_from")
NUMBER_KEYS = frozenset({"n", "year", "yy", "ws"})


_info_cache: dict[str, dict[str, Any]] = {}


def version_info(version: str) -> dict[str, Any]:
    """The common.json of form set *version* (TemplateError when there is none; cached)."""
    found = _info_cache.get(version)
    if found is None:
        found = _info_cache[version] = _read_json(forms_root() / version / "common.json")
    return found


def in_force_from(version: str) -> date:
    """The day form set *version* came into force (``in_force_from`` in its common.json;
    a set without one is in force since forever)."""
    raw = version_info(version).get("in_force_from")
    if not raw:
        return date.min
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise TemplateError("forms.bad_in_force_from", where=f"{version}/common.json", value=str(raw)) from None


def has_kind(version: str, kind: str) -> bool:
    return (forms_root() / version / f"{kind}.json").is_file()


def version_for(received: date | datetime, kind: str = "receipt") -> str:
    """The form set a dossier received on *received* is printed on.

    The set in force on the day of receipt (so a dossier of August 2025 and its reprints keep
    the 2018 set, one of October 2025 gets the 2025 set); when that set has no form of this
    *kind* (the stop notice did not exist in 2018), the first later set that has one.
    """
    day = received.date() if isinstance(received, datetime) else received
    versions = sorted(available_versions(), key=in_force_from)
    if not versions:
        raise TemplateError("forms.no_set", folder=str(forms_root()))
    current = [v for v in versions if in_force_from(v) <= day] or versions[:1]
    for v in reversed(current):
        if has_kind(v, str(kind)):
            return v
    later = [v for v in versions if in_force_from(v) > day and has_kind(v, str(kind))]
    return later[0] if later else current[-1]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _check_strings(value: Any, where: str) -> None:
    if isinstance(value, str):
        try:
            unknown = _placeholders(value) - CONTEXT_KEYS
        except ValueError as exc:
            raise TemplateError("forms.bad_text", where=where, text=value, detail=str(exc)) from None
        if unknown:
            raise TemplateError("forms.unknown_field", where=where, fields=", ".join(sorted(unknown)), text=value)
    elif isinstance(value, list):
        for v in value:
            _check_strings(v, where)
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_strings(v, f"{where}.{k}")


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise TemplateError("forms.missing", path=str(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise TemplateError("forms.bad_json", path=str(path), line=exc.lineno, detail=exc.msg) from None
    if not isinstance(data, dict):
        raise TemplateError("forms.not_an_object", path=str(path))
    return nfc_all(data)


_cache: dict[tuple[str, str], FormTemplate] = {}
_cache_lock = threading.Lock()


def load_template(kind: str, version: str = "2018") -> FormTemplate:
    """The parsed, checked template of *kind* in form set *version* (cached per process)."""
    key = (version, str(kind))
    found = _cache.get(key)
    if found is not None:
        return found
    folder = forms_root() / version
    common = _read_json(folder / "common.json")
    spec = _read_json(folder / f"{kind}.json")
    blocks = spec.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        raise TemplateError("forms.no_blocks", path=str(folder / f"{kind}.json"))
    for i, block in enumerate(blocks):
        if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
            raise TemplateError("forms.bad_block", path=str(folder / f"{kind}.json"), number=i + 1)
    _check_strings(spec, f"{version}/{kind}.json")
    _check_strings({k: v for k, v in common.items() if k not in _OWN_PATTERNS}, f"{version}/common.json")
    for k, pattern in (common.get("numbering") or {}).items():
        try:
            unknown = _placeholders(str(pattern)) - NUMBER_KEYS
        except ValueError as exc:
            raise TemplateError("forms.bad_text", where=f"{version}/common.json.numbering.{k}", text=str(pattern),
                                detail=str(exc)) from None
        if unknown or "n" not in _placeholders(str(pattern)):
            raise TemplateError("forms.bad_numbering", where=f"{version}/common.json.numbering.{k}",
                                pattern=str(pattern))
    for key in ("time_format", "date_format"):
        if key in common and not _placeholders(common[key]) <= set("HMdmY"):
            raise TemplateError("forms.bad_time_format", where=f"{version}/common.json.{key}",
                                allowed="{H} {M} {d} {m} {Y}")
    template = FormTemplate(version=version, kind=str(kind), spec=spec, common=common)
    with _cache_lock:
        _cache[key] = template
    return template


def clear_cache() -> None:
    """Forget parsed templates (after the form files changed)."""
    with _cache_lock:
        _cache.clear()
        _info_cache.clear()


def format_time(value: datetime | None, common: dict[str, Any]) -> str:
    """``HH giờ mm phút, ngày dd tháng MM năm yyyy``: the set's ``time_format`` (common.json;
    the digits alone for a set without one)."""
    if value is None:
        return ""
    pattern = common.get("time_format", "{H}:{M} {d}/{m}/{Y}")
    return pattern.format(**_parts(value))


def format_date(value: datetime | None, common: dict[str, Any]) -> str:
    """``ngày dd tháng MM năm yyyy``: the set's ``date_format`` (the digits alone without one)."""
    if value is None:
        return ""
    return common.get("date_format", "{d}/{m}/{Y}").format(**_parts(value))


def format_short(value: datetime | None) -> str:
    """``HH:mm dd/MM/yyyy`` for tight places (the folder label, the hand-over table)."""
    return "" if value is None else f"{value:%H:%M %d/%m/%Y}"


def _parts(value: datetime) -> dict[str, str]:
    return {"H": f"{value.hour:02d}", "M": f"{value.minute:02d}", "d": f"{value.day:02d}",
            "m": f"{value.month:02d}", "Y": f"{value.year:04d}"}


def lookup_url(data: SlipData) -> str:
    """The agency's lookup address with the code, or the code itself."""
    template = data.agency.lookup_url_template
    if template and "{code}" in template:
        return template.replace("{code}", data.code)
    return data.code


def qr_text(data: SlipData) -> str:
    """What the QR code holds: the signed statement when the slip has one (the receipt and the
    label of an enrolled workstation), else :func:`lookup_url`."""
    return data.qr_text or lookup_url(data)


def _fee_text(data: SlipData, common: dict[str, Any]) -> str:
    """The fee line: free, not configured (never "0 đ"), paid or still due, as the set words it."""
    words = common.get("fee") or {}
    if not data.fee_configured:
        state = "not_configured"
    elif data.fee_amount == 0:
        state = "free"
    else:
        state = "paid" if data.fee_paid else "due"
    amount = format_vnd(data.fee_amount)
    pattern = words.get(state)
    if pattern is None:  # a set without fee words: the amount and its detail, as before
        return f"{amount} ({data.fee_detail})" if data.fee_detail else amount
    detail = data.fee_detail or amount
    return pattern.format(fee_amount=amount, fee_detail=detail)


def _logbook_text(data: SlipData, common: dict[str, Any], values: dict[str, str]) -> str:
    words = common.get("logbook") or {}
    key = "dated" if data.logbook_year else "legacy"
    pattern = words.get(key) or words.get("legacy") or "{logbook_volume}/{logbook_line}"  # a set without words
    return pattern.format_map(values)


def submitter_of(applicant_kind: str, applicant_name: str, representative_name: str | None) -> str:
    """Who signs as NGƯỜI NỘP HỒ SƠ: a business's representative, a person themself."""
    if applicant_kind == "business":
        return representative_name or ""
    return applicant_name


def slip_context(data: SlipData, common: dict[str, Any], *, reprinted_at: datetime | None = None) -> dict[str, str]:
    """Every placeholder's printed value for *data* (NFC strings, empty when unknown)."""
    agency = data.agency
    delivery = common.get("delivery", {}).get(data.result_delivery, data.result_delivery)
    unit = agency.unit_name or common.get("header", {}).get("unit", "")
    issuer = data.issuer_name or agency.name
    issuer_parent = data.issuer_parent if data.issuer_name else (agency.parent_name or "")
    ctx = {
        "agency_name": agency.name,
        "agency_name_upper": agency.name.upper(),
        "parent_name": agency.parent_name or "",
        "parent_name_upper": (agency.parent_name or "").upper(),
        "unit_name": unit,
        "unit_name_upper": unit.upper(),
        "issuer_name": issuer,
        "issuer_name_upper": issuer.upper(),
        "issuer_parent": issuer_parent,
        "issuer_parent_upper": issuer_parent.upper(),
        "place_name": agency.place_name,
        "code": data.code,
        "applicant_name": data.applicant_name,
        "submitter_name": submitter_of(data.applicant_kind, data.applicant_name, data.representative_name),
        "id_number": data.id_number,
        "address": data.address,
        "phone": data.phone or "",
        "email": data.email or "",
        "representative_name": data.representative_name or "",
        "procedure_code": data.procedure_code,
        "procedure_name": data.procedure_name,
        "sets": str(data.sets),
        "legal_time": data.legal_time_text,
        "received_at": format_time(data.received_at, common),
        "received_date": format_date(data.received_at, common),
        "received_date_short": f"{data.received_at:%d/%m/%Y}",
        "due_at": format_time(data.due_at, common),
        "due_date": format_date(data.due_at, common),
        "received_short": format_short(data.received_at),
        "due_short": format_short(data.due_at),
        "original_due_at": format_time(data.original_due_at or data.due_at, common),
        "new_due_at": format_time(data.new_due_at, common),
        "result_delivery": delivery,
        "fee": _fee_text(data, common),
        "fee_amount": format_vnd(data.fee_amount),
        "fee_detail": data.fee_detail,
        "logbook_volume": str(data.logbook_volume),
        "logbook_line": str(data.logbook_line) if data.logbook_line else "",
        "logbook_year": str(data.logbook_year or ""),
        "officer_name": data.officer_name,
        "officer_phone": data.officer_phone,
        "number": data.number or "",
        "issued_date": format_date(data.issued_at or data.received_at, common),
        "reason": data.reason,
        "signer_title": data.signer_title,
        "signer_name": data.signer_name,
        "decided_by": data.decided_by,
        "notice": data.notice,
        "identity_check": (common.get("identity") or {}).get(data.identity_check, data.identity_check),
        "reprinted_at": format_time(reprinted_at, common),
        "lookup_url": lookup_url(data),
    }
    ctx["logbook_entry"] = _logbook_text(data, common, ctx)
    return {k: unicodedata.normalize("NFC", v) for k, v in ctx.items()}
