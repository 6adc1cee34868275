"""The procedure catalogue as plain data, its bundled seed and the JSON / XLSX importer.

Formats a province can hand in (``import_catalogue_file``):

JSON, the shape of ``resources/catalogue/seed.json``::

    {"version": 1, "procedures": [ProcedureSpec.to_dict(), ...]}

Each procedure has ``code``, ``name``, ``field``, ``level`` ("commune"/"province"),
``duration_value``, ``duration_unit`` (``DurationUnit`` value), ``same_day_cutoff`` ("15:00" or
null), ``legal_time_text``, ``fee`` (``FeeRule.to_dict()``), ``documents`` (list of
``{name, form, count, required, note}``), ``note`` and ``centralised`` (true when the procedure
is served by a nationally centralised solution: its dossiers may take the second code form,
``counter_app.domain.code_rules``; false when absent). A problem is reported with
``line`` = the procedure's position in the list (1-based) and ``column`` = the key
(``fee.amount``, ``documents[0].form``).

XLSX (``write_catalogue_xlsx`` writes a template), header on row 1, columns in any order. The
sheet and column names and the words a cell may hold are the national format's, kept as data in
``resources/catalogue/format.json`` (a change of format is an edit there); today they are:

* sheet "Thủ tục", one row per procedure: ``procedure_columns`` (Mã thủ tục, Tên thủ tục,
  Lĩnh vực, Cấp thực hiện, Thời hạn giải quyết, Đơn vị thời hạn, Giờ chốt trả trong ngày,
  Thời hạn ghi trên phiếu, Loại phí, lệ phí, Mức thu (đồng), Số trang tính mức đầu,
  Mức thu trang đầu (đồng/trang), Mức thu trang tiếp theo (đồng/trang),
  Mức thu tối đa mỗi bản (đồng), Ghi chú phí, lệ phí, Ghi chú, Giải pháp tập trung toàn quốc
  (Có / Không, blank: Không));
* sheet "Thành phần hồ sơ", one row per document, in checklist order: ``document_columns``
  (Mã thủ tục, Tên giấy tờ, Hình thức, Số lượng, Bắt buộc, Ghi chú).

Words are accepted in Vietnamese or as codes, with or without diacritics: units "Ngày làm
việc" / "Giờ làm việc" / "Ngày (tính cả ngày nghỉ)"; forms "Bản chính" / "Bản sao" /
"Xuất trình"; levels "Cấp xã" / "Cấp tỉnh"; fee kinds "Miễn phí", "Theo trường hợp", …;
"Bắt buộc" Có / Không. ``line`` is the sheet's 1-based row number. Every bad row is
reported at once in ``CatalogueImportError``; nothing is returned unless every row is good.
A problem's ``message`` is a code with parameters (:class:`~counter_app.domain.errors.Message`),
said by ``ui/messages.py``; :meth:`RowProblem.said` adds where it is.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, time
from functools import partial
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterable

from counter_app.domain.enums import DocumentForm, DurationUnit
from counter_app.domain.errors import CounterError, Message, Said, message
from counter_app.domain.fees import FeeRule
from counter_app.domain.paths import resource_path
from counter_app.domain.text import fold, nfc
from counter_app.domain.words import words

__all__ = ["CatalogueImportError", "FeeRule", "ProcedureSpec", "RequiredDocument", "RowProblem",
           "catalogue_format", "import_catalogue_file", "load_seed", "write_catalogue_xlsx"]

CATALOGUE_VERSION = 1
#: The grammar of a procedure code (use ``fullmatch``): the national code, optionally followed
#: by up to six groups of a province's suffix: 1.001193, 1.004873.000.00.00.H14. Drafts are
#: checked against it too (validation.clean_procedure_code).
PROCEDURE_CODE_RE = re.compile(r"[0-9]\.[0-9]{6}(?:\.[0-9A-Z]{1,6}){0,6}")
_CUTOFF_RE = re.compile(r"^(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class RequiredDocument:
    """One entry of a procedure's required documents (thành phần hồ sơ)."""

    name: str
    form: DocumentForm
    count: int = 1
    required: bool = True
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "form", DocumentForm(self.form))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "form": str(self.form), "count": self.count,
                "required": self.required, "note": self.note}


@dataclass(frozen=True)
class ProcedureSpec:
    """An administrative procedure (TTHC) of the catalogue, as plain data."""

    code: str
    name: str
    field: str
    duration_value: float
    duration_unit: DurationUnit
    same_day_cutoff: str | None = None
    fee: FeeRule = field(default_factory=FeeRule)
    documents: tuple[RequiredDocument, ...] = ()
    legal_time_text: str = ""
    level: str = "commune"
    note: str = ""
    #: Served by a nationally centralised solution (the second dossier-code form may apply).
    centralised: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "documents", tuple(self.documents))
        object.__setattr__(self, "duration_value", float(self.duration_value))
        object.__setattr__(self, "duration_unit", DurationUnit(self.duration_unit))

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-able dict (one entry of seed.json's "procedures")."""
        return {
            "code": self.code, "name": self.name, "field": self.field, "level": self.level,
            "duration_value": self.duration_value, "duration_unit": str(self.duration_unit),
            "same_day_cutoff": self.same_day_cutoff, "legal_time_text": self.legal_time_text,
            "fee": self.fee.to_dict(), "documents": [d.to_dict() for d in self.documents],
            "note": self.note, "centralised": self.centralised,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProcedureSpec:
        """Parse and validate one procedure dict; raises ValueError naming every problem."""
        problems: list[RowProblem] = []
        spec = _procedure_from_json(data, 1, problems)
        if problems or spec is None:
            raise ProcedureRefused(problems)
        return spec


@dataclass(frozen=True)
class RowProblem:
    """One bad cell: ``line`` is the 1-based sheet row (or list position; 0: the whole file)."""

    line: int
    column: str
    message: Said
    sheet: str = ""

    def said(self) -> Message:
        """Where the problem is, then what it is (``catalogue.problem``), for ui to say."""
        if self.line == 0:
            where = message("catalogue.at_sheet", sheet=self.sheet) if self.sheet else message("catalogue.at_file")
        elif self.sheet:
            where = message("catalogue.at_sheet_line", sheet=self.sheet, line=self.line)
        else:
            where = message("catalogue.at_procedure", line=self.line)
        if self.column:
            where = message("catalogue.at_column" if self.sheet else "catalogue.at_field", where=where,
                            column=self.column)
        return message("catalogue.problem", where=where, problem=self.message)

    def __str__(self) -> str:
        """The place and the code, for logs (``said`` is for people)."""
        return f"{self.sheet or '-'}:{self.line}:{self.column}: {self.message}"


class ProcedureRefused(ValueError):
    """One procedure (a published catalogue's entry) refused; ``message`` lists every bad field
    (``catalogue.refused``), for ui to say. A ValueError, as the callers expect."""

    def __init__(self, problems: Iterable[RowProblem]):
        self.problems = list(problems)
        self.message = message("catalogue.refused", problems=[p.said() for p in self.problems])
        super().__init__("; ".join(f"{p.column}: {p.message}" for p in self.problems))


class CatalogueImportError(CounterError):
    """The catalogue file was refused; ``problems`` lists every bad cell. Nothing was imported."""

    def __init__(self, problems: Iterable[RowProblem]):
        self.problems = list(problems)
        super().__init__(message("catalogue.refused", problems=[p.said() for p in self.problems]))


class _Bad(Exception):
    """A cell value is wrong; ``message`` says why (a code with parameters)."""

    def __init__(self, code: str, /, **params: Any):
        self.message: Message = message(code, **params)
        super().__init__(self.message)


# --- the national file format (resources/catalogue/format.json) --------------------------------

@dataclass(frozen=True)
class CatalogueFormat:
    """The national catalogue's file format as data: sheet and column names, the words a cell
    may hold (``labels``: kind → code → the word written; ``choices``: kind → folded word or
    code → code), yes / no, and the appointment text's words (``legal_time``)."""

    procedures_sheet: str
    documents_sheet: str
    procedure_columns: dict[str, str]
    document_columns: dict[str, str]
    labels: dict[str, dict[str, str]]
    choices: dict[str, dict[str, str]]
    yes: str
    no: str
    yes_words: frozenset[str]
    no_words: frozenset[str]
    hour_words: tuple[str, ...]
    amount_noise: re.Pattern
    legal_time: dict[str, Any]


_KINDS = ("levels", "units", "forms", "fee_kinds")
_format: list[CatalogueFormat] = []


def catalogue_format() -> CatalogueFormat:
    """The format of ``resources/catalogue/format.json`` (read once per process)."""
    if _format:
        return _format[0]
    data = words("catalogue", "format")
    labels = {kind: dict(data[kind]) for kind in _KINDS}
    choices = {}
    for kind in _KINDS:
        found = {fold(code): code for code in labels[kind]}
        found.update({fold(label): code for code, label in labels[kind].items()})
        found.update({fold(word): code for word, code in data.get("also_accepted", {}).get(kind, {}).items()})
        choices[kind] = found
    currency = sorted(data["currency_words"], key=len, reverse=True)
    fmt = CatalogueFormat(
        procedures_sheet=data["sheets"]["procedures"], documents_sheet=data["sheets"]["documents"],
        procedure_columns=dict(data["procedure_columns"]), document_columns=dict(data["document_columns"]),
        labels=labels, choices=choices, yes=data["yes"], no=data["no"],
        yes_words=frozenset(fold(w) for w in data["yes_words"]), no_words=frozenset(fold(w) for w in data["no_words"]),
        hour_words=tuple(data["hour_words"]),
        amount_noise=re.compile(r"[\s.,]|" + "|".join(re.escape(w) + "$" for w in currency)),
        legal_time=data["legal_time"])
    _format.append(fmt)
    return fmt


# --- cell parsers: raw value -> clean value, or _Bad(message) ---------------------------------

def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if _blank(value):
        return ""
    return nfc(str(value)) or ""


def _required_text(value: Any) -> str:
    text = _text(value)
    if not text:
        raise _Bad("catalogue.empty")
    return text


def _code(value: Any) -> str:
    if isinstance(value, float):  # Excel turned "1.001190" into a number: restore six decimals
        value = f"{value:.6f}"
    code = _text(value).upper()
    if not code:
        raise _Bad("catalogue.empty")
    if not PROCEDURE_CODE_RE.fullmatch(code):
        raise _Bad("catalogue.code_form", code=code)
    return code


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise _Bad("catalogue.not_non_negative")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        try:
            number = float(_required_text(value).replace(",", "."))
        except ValueError:
            raise _Bad("catalogue.not_non_negative") from None
    if not math.isfinite(number) or number < 0:
        raise _Bad("catalogue.not_non_negative")
    return number


def _whole(value: Any, minimum: int = 0, default: int | None = 0) -> int | None:
    if _blank(value):
        return default
    if isinstance(value, str):
        digits = catalogue_format().amount_noise.sub("", _text(value).lower())  # "200.000 đ" -> 200000
        if not re.fullmatch(r"-?\d+", digits):
            raise _Bad("catalogue.not_whole")
        value = int(digits)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad("catalogue.not_whole")
    if value < minimum:
        if minimum == 0:
            raise _Bad("catalogue.negative")
        raise _Bad("catalogue.whole_at_least", minimum=minimum)
    return value


def _pick(value: Any, kind: str, default: str | None) -> str:
    """The code of a word of the format's *kind* (its code, its word, another word it accepts;
    diacritics optional), or *default* for a blank cell."""
    if _blank(value) and default is not None:
        return default
    fmt = catalogue_format()
    key = fold(_text(value))
    if key in fmt.choices[kind]:
        return fmt.choices[kind][key]
    allowed = ", ".join(f"{label} ({code})" for code, label in fmt.labels[kind].items())
    raise _Bad("catalogue.bad_choice", what=message(f"catalogue.what.{kind}"), value=_text(value), allowed=allowed)


_unit = partial(_pick, kind="units", default=None)
_form = partial(_pick, kind="forms", default=None)
_level = partial(_pick, kind="levels", default="commune")
_fee_kind = partial(_pick, kind="fee_kinds", default=None)
_amount = partial(_whole, minimum=0, default=0)
_optional_amount = partial(_whole, minimum=0, default=None)
_count = partial(_whole, minimum=1, default=1)


def _flag(value: Any) -> bool:
    if _blank(value):
        return True
    if isinstance(value, bool):
        return value
    key, fmt = fold(_text(value)), catalogue_format()
    if key in fmt.yes_words:
        return True
    if key in fmt.no_words:
        return False
    raise _Bad("catalogue.bad_flag", value=_text(value), yes=fmt.yes, no=fmt.no)


def _optional_flag(value: Any) -> bool:
    """A yes/no cell that means "no" when blank."""
    return False if _blank(value) else _flag(value)


def _cutoff(value: Any) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, float) and 0 <= value < 1:  # Excel stores a time as a fraction of a day
        minutes = round(value * 24 * 60)
        value = time(minutes // 60, minutes % 60)
    if isinstance(value, time):
        return f"{value.hour:02d}:{value.minute:02d}"
    text = _text(value)
    for word in catalogue_format().hour_words:  # "15h", "15 giờ 30" -> "15:", "15:30"
        text = text.replace(word, ":")
    match = _CUTOFF_RE.match(text.replace(" ", ""))
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise _Bad("catalogue.bad_cutoff", value=_text(value))
    return f"{int(match[1]):02d}:{match[2]}"


def default_legal_time_text(value: float, unit: DurationUnit, cutoff: str | None) -> str:
    """The human text printed on slips when the catalogue gives none (the format's words)."""
    said = catalogue_format().legal_time
    if value == 0:
        if not cutoff:
            return said["same_day"]
        hour, minute = cutoff.split(":")
        at = said["hour"].format(hour=int(hour)) if minute == "00" else \
            said["hour_minute"].format(hour=int(hour), minute=minute)
        return said["same_day_cutoff"].format(at=at)
    number = f"{value:g}".replace(".", ",")
    return said["units"][str(DurationUnit(unit))].format(number=number)


# --- one procedure / one document from a flat row --------------------------------------------

_Report = Callable[[str, Said], None]


class _Row:
    """Reads the cells of one row, reporting each bad cell under its key."""

    def __init__(self, values: dict[str, Any], report: _Report):
        self.values, self.report, self.ok = values, report, True

    def take(self, key: str, parse: Callable[[Any], Any]) -> Any:
        try:
            return parse(self.values.get(key))
        except _Bad as exc:
            self.ok = False
            self.report(key, exc.message)
            return None


def _procedure(values: dict[str, Any], report: _Report) -> ProcedureSpec | None:
    row = _Row(values, report)
    code = row.take("code", _code)
    name = row.take("name", _required_text)
    field_ = row.take("field", _text)
    level = row.take("level", _level)
    duration = row.take("duration_value", _number)
    unit = row.take("duration_unit", _unit)
    cutoff = row.take("same_day_cutoff", _cutoff)
    legal = row.take("legal_time_text", _text)
    kind = row.take("fee_kind", _fee_kind)
    amounts = {key: row.take(f"fee_{key}", _amount)
               for key in ("amount", "first_pages", "first_page_amount", "next_page_amount")}
    max_per_copy = row.take("fee_max_per_copy", _optional_amount)
    fee_note = row.take("fee_note", _text)
    note = row.take("note", _text)
    centralised = row.take("centralised", _optional_flag)
    if not row.ok:
        return None
    fee = FeeRule(kind=kind, max_per_copy=max_per_copy, note=fee_note, **amounts)
    return ProcedureSpec(
        code=code, name=name, field=field_, duration_value=duration, duration_unit=unit,
        same_day_cutoff=cutoff, fee=fee,
        legal_time_text=legal or default_legal_time_text(duration, unit, cutoff),
        level=level, note=note, centralised=centralised,
    )


def _document(values: dict[str, Any], report: _Report) -> RequiredDocument | None:
    row = _Row(values, report)
    name = row.take("name", _required_text)
    form = row.take("form", _form)
    count = row.take("count", _count)
    required = row.take("required", _flag)
    note = row.take("note", _text)
    if not row.ok:
        return None
    return RequiredDocument(name=name, form=form, count=count, required=required, note=note)


# --- JSON --------------------------------------------------------------------------------------

_FEE_KEYS = ("kind", "amount", "first_pages", "first_page_amount", "next_page_amount",
             "max_per_copy", "note")


def _procedure_from_json(raw: Any, line: int, problems: list[RowProblem]) -> ProcedureSpec | None:
    def report_to(prefix: str) -> _Report:
        return lambda key, said: problems.append(RowProblem(line, prefix + key, said))

    if not isinstance(raw, dict):
        problems.append(RowProblem(line, "", message("catalogue.procedure_not_an_object")))
        return None
    fee = raw.get("fee")
    if not isinstance(fee, dict):
        problems.append(RowProblem(line, "fee", message("catalogue.fee_not_an_object")))
        fee = {}
    raw_docs = raw.get("documents") or []
    if not isinstance(raw_docs, list):
        problems.append(RowProblem(line, "documents", message("catalogue.not_a_list")))
        raw_docs = []
    documents: list[RequiredDocument | None] = []
    for i, doc in enumerate(raw_docs):
        if isinstance(doc, dict):
            documents.append(_document(doc, report_to(f"documents[{i}].")))
        else:
            problems.append(RowProblem(line, f"documents[{i}]", message("catalogue.not_an_object")))
            documents.append(None)
    values = {k: v for k, v in raw.items() if k not in ("fee", "documents")}
    values.update({f"fee_{k}": fee.get(k) for k in _FEE_KEYS})
    labels = {f"fee_{k}": f"fee.{k}" for k in _FEE_KEYS}
    spec = _procedure(values, lambda key, said: problems.append(
        RowProblem(line, labels.get(key, key), said)))
    if spec is None or any(d is None for d in documents):
        return None
    return replace(spec, documents=tuple(documents))


def _import_json(path: Path) -> list[ProcedureSpec]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogueImportError([RowProblem(0, "", message("catalogue.json_unreadable", detail=str(exc)))]) from exc
    procedures = data.get("procedures") if isinstance(data, dict) else None
    if not isinstance(procedures, list):
        raise CatalogueImportError([RowProblem(0, "", message("catalogue.no_procedures"))])
    if data.get("version", CATALOGUE_VERSION) != CATALOGUE_VERSION:
        said = message("catalogue.bad_version", version=str(data["version"]), supported=CATALOGUE_VERSION)
        raise CatalogueImportError([RowProblem(0, "version", said)])
    problems: list[RowProblem] = []
    specs: list[ProcedureSpec] = []
    first_line: dict[str, int] = {}
    for index, raw in enumerate(procedures):
        line = index + 1
        spec = _procedure_from_json(raw, line, problems)
        code = raw.get("code") if isinstance(raw, dict) else None
        _check_duplicate(code, line, first_line, "catalogue.duplicate_procedure",
                         lambda m, line=line: problems.append(RowProblem(line, "code", m)))
        if spec is not None:
            specs.append(spec)
    if problems:
        raise CatalogueImportError(sorted(problems, key=lambda p: p.line))
    return specs


def _check_duplicate(raw_code: Any, line: int, first_line: dict[str, int], said_as: str,
                     report: Callable[[Message], None]) -> None:
    try:
        code = _code(raw_code)
    except _Bad:
        return
    if code in first_line:
        report(message(said_as, code=code, first=first_line[code]))
    else:
        first_line[code] = line


# --- XLSX --------------------------------------------------------------------------------------

_REQUIRED_PROCEDURE_KEYS = ("code", "name", "duration_value", "duration_unit", "fee_kind")
_REQUIRED_DOCUMENT_KEYS = ("procedure_code", "name", "form")


def _sheet_rows(workbook: Any, title: str, columns: dict[str, str], required: Iterable[str],
                problems: list[RowProblem]) -> list[tuple[int, dict[str, Any]]]:
    """Return (sheet line, {key: cell}) for each non-blank row of the sheet *title*."""
    sheet = next((ws for ws in workbook.worksheets if fold(ws.title) == fold(title)), None)
    if sheet is None:
        problems.append(RowProblem(0, "", message("catalogue.sheet_missing", sheet=title)))
        return []
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, ())
    by_header = {fold(_text(cell)): i for i, cell in enumerate(header) if not _blank(cell)}
    index = {key: by_header[fold(label)] for key, label in columns.items() if fold(label) in by_header}
    missing = [columns[key] for key in required if key not in index]
    for label in missing:
        problems.append(RowProblem(1, label, message("catalogue.column_missing"), title))
    if missing:
        return []
    out = []
    for line, cells in enumerate(rows, start=2):
        if all(_blank(c) for c in cells):
            continue
        out.append((line, {key: cells[i] if i < len(cells) else None for key, i in index.items()}))
    return out


def _import_xlsx(path: Path) -> list[ProcedureSpec]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken or foreign file
        raise CatalogueImportError([RowProblem(0, "", message("catalogue.xlsx_unreadable", detail=str(exc)))]) from exc
    fmt = catalogue_format()
    procedures_sheet, documents_sheet = fmt.procedures_sheet, fmt.documents_sheet
    problems: list[RowProblem] = []
    try:
        proc_rows = _sheet_rows(workbook, procedures_sheet, fmt.procedure_columns,
                                _REQUIRED_PROCEDURE_KEYS, problems)
        doc_rows = _sheet_rows(workbook, documents_sheet, fmt.document_columns,
                               _REQUIRED_DOCUMENT_KEYS, problems)
    finally:
        workbook.close()

    def reporter(line: int, sheet: str, columns: dict[str, str]) -> _Report:
        return lambda key, said: problems.append(RowProblem(line, columns[key], said, sheet))

    specs: dict[str, ProcedureSpec] = {}
    first_line: dict[str, int] = {}
    for line, values in proc_rows:
        report = reporter(line, procedures_sheet, fmt.procedure_columns)
        spec = _procedure(values, report)
        _check_duplicate(values.get("code"), line, first_line, "catalogue.duplicate_row",
                         lambda m, report=report: report("code", m))
        if spec is not None and spec.code not in specs:
            specs[spec.code] = spec
    documents: dict[str, list[RequiredDocument]] = {}
    for line, values in doc_rows:
        report = reporter(line, documents_sheet, fmt.document_columns)
        doc = _document(values, report)
        try:
            code = _code(values.get("procedure_code"))
        except _Bad as exc:
            report("procedure_code", exc.message)
            continue
        if code not in first_line:
            report("procedure_code", message("catalogue.unknown_procedure", code=code, sheet=procedures_sheet))
        elif doc is not None:
            documents.setdefault(code, []).append(doc)
    if problems:
        raise CatalogueImportError(sorted(problems, key=lambda p: (p.sheet != procedures_sheet, p.line)))
    return [replace(spec, documents=tuple(documents.get(code, ()))) for code, spec in specs.items()]


def write_catalogue_xlsx(specs: Iterable[ProcedureSpec], path: str | Path) -> Path:
    """Write *specs* as an XLSX workbook in the import format (an empty list: a blank template)."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    specs = list(specs)
    fmt = catalogue_format()
    levels, units, forms, fee_kinds = (fmt.labels[k] for k in ("levels", "units", "forms", "fee_kinds"))
    workbook = openpyxl.Workbook()
    procedures = workbook.active
    procedures.title = fmt.procedures_sheet
    documents = workbook.create_sheet(fmt.documents_sheet)
    for sheet, columns in ((procedures, fmt.procedure_columns), (documents, fmt.document_columns)):
        sheet.append(list(columns.values()))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            sheet.column_dimensions[cell.column_letter].width = max(14, min(45, len(cell.value) + 4))
        sheet.freeze_panes = "A2"
    for spec in specs:
        fee = spec.fee
        procedures.append([
            spec.code, spec.name, spec.field, levels.get(spec.level, spec.level),
            int(spec.duration_value) if float(spec.duration_value).is_integer() else spec.duration_value,
            units[str(spec.duration_unit)], spec.same_day_cutoff or "", spec.legal_time_text,
            fee_kinds[fee.kind], fee.amount, fee.first_pages, fee.first_page_amount,
            fee.next_page_amount, fee.max_per_copy, fee.note, spec.note,
            fmt.yes if spec.centralised else fmt.no,
        ])
        for doc in spec.documents:
            documents.append([spec.code, doc.name, forms[str(doc.form)], doc.count,
                              fmt.yes if doc.required else fmt.no, doc.note])

    def column(sheet: Any, key: str) -> str:
        return get_column_letter(list(fmt.procedure_columns if sheet is procedures else fmt.document_columns)
                                 .index(key) + 1)

    for sheet, key in ((procedures, "code"), (procedures, "same_day_cutoff"),
                       (documents, "procedure_code")):  # codes and times stay text in Excel
        for row in range(2, sheet.max_row + 1):
            sheet[f"{column(sheet, key)}{row}"].number_format = "@"
    for sheet, key, choices in ((procedures, "level", levels.values()), (procedures, "duration_unit", units.values()),
                                (procedures, "fee_kind", fee_kinds.values()), (documents, "form", forms.values()),
                                (documents, "required", (fmt.yes, fmt.no))):
        rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        sheet.add_data_validation(rule)
        rule.add(f"{column(sheet, key)}2:{column(sheet, key)}1000")
    path = Path(path)
    workbook.save(path)
    return path


# --- entry points ------------------------------------------------------------------------------

def import_catalogue_file(path: str | Path) -> list[ProcedureSpec]:
    """Read and validate a catalogue file (.json or .xlsx); see the module docstring.

    Raises CatalogueImportError listing every bad row; returns specs only when all are good.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _import_json(path)
    if suffix in (".xlsx", ".xlsm"):
        return _import_xlsx(path)
    raise CatalogueImportError([RowProblem(0, "", message("catalogue.bad_file_type", suffix=path.suffix))])


def load_seed(path: str | Path | None = None) -> list[ProcedureSpec]:
    """The bundled starter catalogue (``resources/catalogue/seed.json``)."""
    return _import_json(Path(path) if path else resource_path("catalogue", "seed.json"))
