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

XLSX (``write_catalogue_xlsx`` writes a template), header on row 1, columns in any order:

* sheet "Thủ tục", one row per procedure: ``PROCEDURE_COLUMNS`` (Mã thủ tục, Tên thủ tục,
  Lĩnh vực, Cấp thực hiện, Thời hạn giải quyết, Đơn vị thời hạn, Giờ chốt trả trong ngày,
  Thời hạn ghi trên phiếu, Loại phí, lệ phí, Mức thu (đồng), Số trang tính mức đầu,
  Mức thu trang đầu (đồng/trang), Mức thu trang tiếp theo (đồng/trang),
  Mức thu tối đa mỗi bản (đồng), Ghi chú phí, lệ phí, Ghi chú, Giải pháp tập trung toàn quốc
  (Có / Không, blank: Không));
* sheet "Thành phần hồ sơ", one row per document, in checklist order: ``DOCUMENT_COLUMNS``
  (Mã thủ tục, Tên giấy tờ, Hình thức, Số lượng, Bắt buộc, Ghi chú).

Words are accepted in Vietnamese or as codes, with or without diacritics: units "Ngày làm
việc" / "Giờ làm việc" / "Ngày (tính cả ngày nghỉ)"; forms "Bản chính" / "Bản sao" /
"Xuất trình"; levels "Cấp xã" / "Cấp tỉnh"; fee kinds as in ``FEE_KIND_LABELS_VI``;
"Bắt buộc" Có / Không. ``line`` is the sheet's 1-based row number. Every bad row is
reported at once in ``CatalogueImportError``; nothing is returned unless every row is good.
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
from counter_app.domain.errors import CounterError
from counter_app.domain.fees import FEE_KIND_LABELS_VI, FREE, FeeRule
from counter_app.domain.paths import resource_path
from counter_app.domain.text import fold, nfc

__all__ = ["CatalogueImportError", "FeeRule", "ProcedureSpec", "RequiredDocument", "RowProblem",
           "import_catalogue_file", "load_seed", "write_catalogue_xlsx"]

CATALOGUE_VERSION = 1
LEVEL_LABELS_VI = {"commune": "Cấp xã", "province": "Cấp tỉnh"}
UNIT_LABELS_VI = {DurationUnit.WORKING_DAYS: "Ngày làm việc", DurationUnit.WORKING_HOURS: "Giờ làm việc",
                  DurationUnit.CALENDAR_DAYS: "Ngày (tính cả ngày nghỉ)"}
FORM_LABELS_VI = {DocumentForm.ORIGINAL: "Bản chính", DocumentForm.COPY: "Bản sao",
                  DocumentForm.SHOWN: "Xuất trình", DocumentForm.DATA: "Khai thác dữ liệu"}
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
            raise ValueError("; ".join(f"'{p.column}': {p.message}" for p in problems))
        return spec


@dataclass(frozen=True)
class RowProblem:
    """One bad cell: ``line`` is the 1-based sheet row (or list position; 0: the whole file)."""

    line: int
    column: str
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        if self.line == 0:
            where = f"Trang tính '{self.sheet}'" if self.sheet else "Tệp danh mục"
        elif self.sheet:
            where = f"Trang tính '{self.sheet}', dòng {self.line}"
        else:
            where = f"Thủ tục thứ {self.line}"
        if self.column:
            where += f", cột '{self.column}'" if self.sheet else f", trường '{self.column}'"
        return f"{where}: {self.message}"


class CatalogueImportError(CounterError):
    """The catalogue file was refused; ``problems`` lists every bad cell. Nothing was imported."""

    def __init__(self, problems: Iterable[RowProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class _Bad(Exception):
    """A cell value is wrong; the message is Vietnamese."""


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
        raise _Bad("không được để trống")
    return text


def _code(value: Any) -> str:
    if isinstance(value, float):  # Excel turned "1.001190" into a number: restore six decimals
        value = f"{value:.6f}"
    code = _text(value).upper()
    if not code:
        raise _Bad("không được để trống")
    if not PROCEDURE_CODE_RE.fullmatch(code):
        raise _Bad(f"mã thủ tục '{code}' không đúng dạng (ví dụ: 1.001193 hoặc 1.004873.000.00.00.H14)")
    return code


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise _Bad("phải là số không âm")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        try:
            number = float(_required_text(value).replace(",", "."))
        except ValueError:
            raise _Bad("phải là số không âm") from None
    if not math.isfinite(number) or number < 0:
        raise _Bad("phải là số không âm")
    return number


def _whole(value: Any, minimum: int = 0, default: int | None = 0) -> int | None:
    if _blank(value):
        return default
    if isinstance(value, str):
        digits = re.sub(r"[\s.,]|đ$|đồng$", "", _text(value).lower())  # "200.000 đ" -> 200000
        if not re.fullmatch(r"-?\d+", digits):
            raise _Bad("phải là số nguyên")
        value = int(digits)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad("phải là số nguyên")
    if value < minimum:
        raise _Bad("không được là số âm" if minimum == 0 else f"phải là số nguyên từ {minimum} trở lên")
    return value


def _pick(value: Any, choices: dict[str, str], what: str, labels: dict[Any, str],
          default: str | None) -> str:
    if _blank(value) and default is not None:
        return default
    key = fold(_text(value))
    if key in choices:
        return choices[key]
    allowed = ", ".join(f"{label} ({code})" for code, label in labels.items())
    raise _Bad(f"{what} '{_text(value)}' không hợp lệ (chọn một trong: {allowed})")


def _chooser(labels: dict[Any, str], extra: dict[str, str], what: str,
             default: str | None = None) -> Callable[[Any], str]:
    """A parser accepting each code, its Vietnamese label and *extra* words, diacritics optional."""
    choices = {fold(str(code)): str(code) for code in labels}
    choices.update({fold(label): str(code) for code, label in labels.items()})
    choices.update({fold(word): code for word, code in extra.items()})
    return partial(_pick, choices=choices, what=what, labels=labels, default=default)


_unit = _chooser(UNIT_LABELS_VI, {"Ngày": "calendar_days", "Ngày lịch": "calendar_days",
                                  "Giờ": "working_hours"}, "đơn vị thời hạn")
_form = _chooser(FORM_LABELS_VI, {"Bản sao chứng thực": "copy"}, "hình thức")
_level = _chooser(LEVEL_LABELS_VI, {"Xã": "commune", "Phường": "commune", "Tỉnh": "province"},
                  "cấp thực hiện", default="commune")
_fee_kind = _chooser(FEE_KIND_LABELS_VI, {"Không thu": FREE, "Miễn": FREE}, "loại phí, lệ phí")
_amount = partial(_whole, minimum=0, default=0)
_optional_amount = partial(_whole, minimum=0, default=None)
_count = partial(_whole, minimum=1, default=1)
_YES = {fold(w) for w in ("có", "x", "1", "true", "yes", "bắt buộc")}
_NO = {fold(w) for w in ("không", "0", "false", "no", "không bắt buộc")}


def _flag(value: Any) -> bool:
    if _blank(value):
        return True
    if isinstance(value, bool):
        return value
    key = fold(_text(value))
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise _Bad(f"'{_text(value)}' không hợp lệ (ghi Có hoặc Không)")


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
    match = _CUTOFF_RE.match(_text(value).replace("h", ":").replace("giờ", ":").replace(" ", ""))
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise _Bad(f"giờ '{_text(value)}' không hợp lệ (ghi dạng GG:pp, ví dụ 15:00)")
    return f"{int(match[1]):02d}:{match[2]}"


def default_legal_time_text(value: float, unit: DurationUnit, cutoff: str | None) -> str:
    """The human text printed on slips when the catalogue gives none."""
    if value == 0:
        text = "Trong ngày"
        if cutoff:
            hour, minute = cutoff.split(":")
            at = f"{int(hour)} giờ" + (f" {minute} phút" if minute != "00" else "")
            text += f"; sau {at} trả vào ngày làm việc tiếp theo"
        return text
    number = f"{value:g}".replace(".", ",")
    word = {DurationUnit.WORKING_DAYS: "ngày làm việc", DurationUnit.WORKING_HOURS: "giờ làm việc",
            DurationUnit.CALENDAR_DAYS: "ngày"}[unit]
    return f"{number} {word}"


# --- one procedure / one document from a flat row --------------------------------------------

_Report = Callable[[str, str], None]


class _Row:
    """Reads the cells of one row, reporting each bad cell under its key."""

    def __init__(self, values: dict[str, Any], report: _Report):
        self.values, self.report, self.ok = values, report, True

    def take(self, key: str, parse: Callable[[Any], Any]) -> Any:
        try:
            return parse(self.values.get(key))
        except _Bad as exc:
            self.ok = False
            self.report(key, str(exc))
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
        return lambda key, message: problems.append(RowProblem(line, prefix + key, message))

    if not isinstance(raw, dict):
        problems.append(RowProblem(line, "", "mỗi thủ tục phải là một đối tượng JSON"))
        return None
    fee = raw.get("fee")
    if not isinstance(fee, dict):
        problems.append(RowProblem(line, "fee", "thiếu hoặc sai dạng (phải là một đối tượng JSON)"))
        fee = {}
    raw_docs = raw.get("documents") or []
    if not isinstance(raw_docs, list):
        problems.append(RowProblem(line, "documents", "phải là một danh sách"))
        raw_docs = []
    documents: list[RequiredDocument | None] = []
    for i, doc in enumerate(raw_docs):
        if isinstance(doc, dict):
            documents.append(_document(doc, report_to(f"documents[{i}].")))
        else:
            problems.append(RowProblem(line, f"documents[{i}]", "phải là một đối tượng JSON"))
            documents.append(None)
    values = {k: v for k, v in raw.items() if k not in ("fee", "documents")}
    values.update({f"fee_{k}": fee.get(k) for k in _FEE_KEYS})
    labels = {f"fee_{k}": f"fee.{k}" for k in _FEE_KEYS}
    spec = _procedure(values, lambda key, message: problems.append(
        RowProblem(line, labels.get(key, key), message)))
    if spec is None or any(d is None for d in documents):
        return None
    return replace(spec, documents=tuple(documents))


def _import_json(path: Path) -> list[ProcedureSpec]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogueImportError([RowProblem(0, "", f"không đọc được tệp JSON ({exc})")]) from exc
    procedures = data.get("procedures") if isinstance(data, dict) else None
    if not isinstance(procedures, list):
        raise CatalogueImportError([RowProblem(0, "", "thiếu danh sách 'procedures'")])
    if data.get("version", CATALOGUE_VERSION) != CATALOGUE_VERSION:
        message = f"phiên bản '{data['version']}' không được hỗ trợ (chỉ nhận {CATALOGUE_VERSION})"
        raise CatalogueImportError([RowProblem(0, "version", message)])
    problems: list[RowProblem] = []
    specs: list[ProcedureSpec] = []
    first_line: dict[str, int] = {}
    for index, raw in enumerate(procedures):
        line = index + 1
        spec = _procedure_from_json(raw, line, problems)
        code = raw.get("code") if isinstance(raw, dict) else None
        _check_duplicate(code, line, first_line, "thủ tục thứ",
                         lambda m, line=line: problems.append(RowProblem(line, "code", m)))
        if spec is not None:
            specs.append(spec)
    if problems:
        raise CatalogueImportError(sorted(problems, key=lambda p: p.line))
    return specs


def _check_duplicate(raw_code: Any, line: int, first_line: dict[str, int], where: str,
                     report: Callable[[str], None]) -> None:
    try:
        code = _code(raw_code)
    except _Bad:
        return
    if code in first_line:
        report(f"mã thủ tục '{code}' bị trùng với {where} {first_line[code]}")
    else:
        first_line[code] = line


# --- XLSX --------------------------------------------------------------------------------------

PROCEDURES_SHEET = "Thủ tục"
DOCUMENTS_SHEET = "Thành phần hồ sơ"
#: key -> column header of the "Thủ tục" sheet, in template order.
PROCEDURE_COLUMNS = {
    "code": "Mã thủ tục", "name": "Tên thủ tục", "field": "Lĩnh vực", "level": "Cấp thực hiện",
    "duration_value": "Thời hạn giải quyết", "duration_unit": "Đơn vị thời hạn",
    "same_day_cutoff": "Giờ chốt trả trong ngày", "legal_time_text": "Thời hạn ghi trên phiếu",
    "fee_kind": "Loại phí, lệ phí", "fee_amount": "Mức thu (đồng)",
    "fee_first_pages": "Số trang tính mức đầu",
    "fee_first_page_amount": "Mức thu trang đầu (đồng/trang)",
    "fee_next_page_amount": "Mức thu trang tiếp theo (đồng/trang)",
    "fee_max_per_copy": "Mức thu tối đa mỗi bản (đồng)",
    "fee_note": "Ghi chú phí, lệ phí", "note": "Ghi chú",
    "centralised": "Giải pháp tập trung toàn quốc",
}
#: key -> column header of the "Thành phần hồ sơ" sheet.
DOCUMENT_COLUMNS = {"procedure_code": "Mã thủ tục", "name": "Tên giấy tờ", "form": "Hình thức",
                    "count": "Số lượng", "required": "Bắt buộc", "note": "Ghi chú"}
_REQUIRED_PROCEDURE_KEYS = ("code", "name", "duration_value", "duration_unit", "fee_kind")
_REQUIRED_DOCUMENT_KEYS = ("procedure_code", "name", "form")


def _sheet_rows(workbook: Any, title: str, columns: dict[str, str], required: Iterable[str],
                problems: list[RowProblem]) -> list[tuple[int, dict[str, Any]]]:
    """Return (sheet line, {key: cell}) for each non-blank row of the sheet *title*."""
    sheet = next((ws for ws in workbook.worksheets if fold(ws.title) == fold(title)), None)
    if sheet is None:
        problems.append(RowProblem(0, "", f"thiếu trang tính '{title}'"))
        return []
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, ())
    by_header = {fold(_text(cell)): i for i, cell in enumerate(header) if not _blank(cell)}
    index = {key: by_header[fold(label)] for key, label in columns.items() if fold(label) in by_header}
    missing = [columns[key] for key in required if key not in index]
    for label in missing:
        problems.append(RowProblem(1, label, "thiếu cột này ở dòng tiêu đề", title))
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
        raise CatalogueImportError([RowProblem(0, "", f"không đọc được tệp Excel ({exc})")]) from exc
    problems: list[RowProblem] = []
    try:
        proc_rows = _sheet_rows(workbook, PROCEDURES_SHEET, PROCEDURE_COLUMNS,
                                _REQUIRED_PROCEDURE_KEYS, problems)
        doc_rows = _sheet_rows(workbook, DOCUMENTS_SHEET, DOCUMENT_COLUMNS,
                               _REQUIRED_DOCUMENT_KEYS, problems)
    finally:
        workbook.close()

    def reporter(line: int, sheet: str, columns: dict[str, str]) -> _Report:
        return lambda key, message: problems.append(RowProblem(line, columns[key], message, sheet))

    specs: dict[str, ProcedureSpec] = {}
    first_line: dict[str, int] = {}
    for line, values in proc_rows:
        report = reporter(line, PROCEDURES_SHEET, PROCEDURE_COLUMNS)
        spec = _procedure(values, report)
        _check_duplicate(values.get("code"), line, first_line, "dòng",
                         lambda m, report=report: report("code", m))
        if spec is not None and spec.code not in specs:
            specs[spec.code] = spec
    documents: dict[str, list[RequiredDocument]] = {}
    for line, values in doc_rows:
        report = reporter(line, DOCUMENTS_SHEET, DOCUMENT_COLUMNS)
        doc = _document(values, report)
        try:
            code = _code(values.get("procedure_code"))
        except _Bad as exc:
            report("procedure_code", str(exc))
            continue
        if code not in first_line:
            report("procedure_code", f"không có thủ tục mã '{code}' trong trang tính '{PROCEDURES_SHEET}'")
        elif doc is not None:
            documents.setdefault(code, []).append(doc)
    if problems:
        raise CatalogueImportError(sorted(problems, key=lambda p: (p.sheet != PROCEDURES_SHEET, p.line)))
    return [replace(spec, documents=tuple(documents.get(code, ()))) for code, spec in specs.items()]


def write_catalogue_xlsx(specs: Iterable[ProcedureSpec], path: str | Path) -> Path:
    """Write *specs* as an XLSX workbook in the import format (an empty list: a blank template)."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    specs = list(specs)
    workbook = openpyxl.Workbook()
    procedures = workbook.active
    procedures.title = PROCEDURES_SHEET
    documents = workbook.create_sheet(DOCUMENTS_SHEET)
    for sheet, columns in ((procedures, PROCEDURE_COLUMNS), (documents, DOCUMENT_COLUMNS)):
        sheet.append(list(columns.values()))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            sheet.column_dimensions[cell.column_letter].width = max(14, min(45, len(cell.value) + 4))
        sheet.freeze_panes = "A2"
    for spec in specs:
        fee = spec.fee
        procedures.append([
            spec.code, spec.name, spec.field, LEVEL_LABELS_VI.get(spec.level, spec.level),
            int(spec.duration_value) if float(spec.duration_value).is_integer() else spec.duration_value,
            UNIT_LABELS_VI[spec.duration_unit], spec.same_day_cutoff or "", spec.legal_time_text,
            FEE_KIND_LABELS_VI[fee.kind], fee.amount, fee.first_pages, fee.first_page_amount,
            fee.next_page_amount, fee.max_per_copy, fee.note, spec.note,
            "Có" if spec.centralised else "Không",
        ])
        for doc in spec.documents:
            documents.append([spec.code, doc.name, FORM_LABELS_VI[doc.form], doc.count,
                              "Có" if doc.required else "Không", doc.note])
    def column(sheet: Any, key: str) -> str:
        return get_column_letter(list(PROCEDURE_COLUMNS if sheet is procedures else DOCUMENT_COLUMNS)
                                 .index(key) + 1)

    for sheet, key in ((procedures, "code"), (procedures, "same_day_cutoff"),
                       (documents, "procedure_code")):  # codes and times stay text in Excel
        for row in range(2, sheet.max_row + 1):
            sheet[f"{column(sheet, key)}{row}"].number_format = "@"
    for sheet, key, words in ((procedures, "level", LEVEL_LABELS_VI.values()),
                              (procedures, "duration_unit", UNIT_LABELS_VI.values()),
                              (procedures, "fee_kind", FEE_KIND_LABELS_VI.values()),
                              (documents, "form", FORM_LABELS_VI.values()),
                              (documents, "required", ("Có", "Không"))):
        rule = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
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
    raise CatalogueImportError(
        [RowProblem(0, "", f"không hỗ trợ loại tệp '{path.suffix}' (chỉ nhận .json hoặc .xlsx)")]
    )


def load_seed(path: str | Path | None = None) -> list[ProcedureSpec]:
    """The bundled starter catalogue (``resources/catalogue/seed.json``)."""
    return _import_json(Path(path) if path else resource_path("catalogue", "seed.json"))
