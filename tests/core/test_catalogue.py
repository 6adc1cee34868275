"""Procedure catalogue: the seed, the JSON / XLSX importer and its row-by-row problems."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace
from datetime import time
from pathlib import Path

import openpyxl
import pytest

from counter_app.domain.catalogue import (
    CatalogueImportError, ProcedureSpec, RowProblem, default_legal_time_text, import_catalogue_file,
    load_seed, write_catalogue_xlsx,
)
from counter_app.domain.drafts import FeeInputs
from counter_app.domain.enums import DocumentForm, DurationUnit
from counter_app.domain.errors import message
from counter_app.domain.fees import compute_fee
from tests.said import raises_saying
from ui.messages import said_text

#: The national format's sheet names (resources/catalogue/format.json), as a Ministry's file has them.
PROCEDURES_SHEET, DOCUMENTS_SHEET = "Thủ tục", "Thành phần hồ sơ"

FIXTURES = Path(__file__).parent / "fixtures" / "catalogue"
SEED_CODES = {"1.001193", "1.000894", "1.000656", "1.004873",
              "2.000815", "2.000884", "2.000635", "1.001612"}


@pytest.fixture(scope="module")
def seed() -> dict[str, ProcedureSpec]:
    return {spec.code: spec for spec in load_seed()}


def _all_text(spec: ProcedureSpec) -> list[str]:
    texts = [spec.name, spec.field, spec.legal_time_text, spec.note, spec.fee.note]
    return texts + [t for d in spec.documents for t in (d.name, d.note)]


def test_seed_has_the_eight_procedures(seed):
    assert len(seed) == 8
    assert set(seed) == SEED_CODES


def test_seed_legal_times(seed):
    for code in ("1.001193", "1.000656", "2.000815", "2.000884", "2.000635", "1.000894"):
        spec = seed[code]
        assert (spec.duration_value, spec.duration_unit, spec.same_day_cutoff) == (
            0, DurationUnit.WORKING_DAYS, "15:00"), code
        assert spec.legal_time_text.startswith("Trong ngày; sau 15 giờ")
    assert "05 ngày" in seed["1.000894"].note
    for code in ("1.004873", "1.001612"):
        assert (seed[code].duration_value, seed[code].duration_unit) == (3, DurationUnit.WORKING_DAYS)
        assert seed[code].same_day_cutoff is None


def test_seed_fees(seed):
    assert compute_fee(seed["2.000815"].fee, FeeInputs(copies=1, pages=5)).amount == 7000
    assert compute_fee(seed["2.000815"].fee, FeeInputs(copies=1, pages=300)).amount == 200_000
    assert compute_fee(seed["2.000884"].fee, FeeInputs()).amount == 10_000
    assert compute_fee(seed["2.000635"].fee, FeeInputs(copies=3)).amount == 24_000
    for code in ("1.001193", "1.000894", "1.000656"):
        assert seed[code].fee.kind == "free"
    for code in ("1.004873", "1.001612"):
        assert (seed[code].fee.kind, seed[code].fee.amount) == ("set_by_province", 0)
        assert seed[code].fee.note


def test_seed_documents_and_text(seed):
    birth = seed["1.001193"]
    assert [d.form for d in birth.documents[:3]] == [
        DocumentForm.ORIGINAL, DocumentForm.ORIGINAL, DocumentForm.SHOWN]
    assert any("Giấy chứng sinh" in d.name for d in birth.documents)
    assert any(not d.required for d in birth.documents)
    for spec in seed.values():
        assert spec.documents and spec.level == "commune" and spec.field
        for text in _all_text(spec):
            assert text == unicodedata.normalize("NFC", text)


def test_spec_round_trips_through_dict(seed):
    for spec in seed.values():
        assert ProcedureSpec.from_dict(json.loads(json.dumps(spec.to_dict()))) == spec


def test_from_dict_names_problems():
    with pytest.raises(ValueError, match="duration_unit"):
        ProcedureSpec.from_dict({"code": "1.001193", "name": "X", "duration_value": 1,
                                 "duration_unit": "weeks", "fee": {"kind": "free"}})


def test_default_legal_time_text():
    assert default_legal_time_text(0, DurationUnit.WORKING_DAYS, "15:00") == (
        "Trong ngày; sau 15 giờ trả vào ngày làm việc tiếp theo")
    assert default_legal_time_text(3, DurationUnit.WORKING_DAYS, None) == "3 ngày làm việc"
    assert default_legal_time_text(0.5, DurationUnit.WORKING_DAYS, None) == "0,5 ngày làm việc"
    assert default_legal_time_text(4, DurationUnit.WORKING_HOURS, None) == "4 giờ làm việc"


# --- JSON ------------------------------------------------------------------------------------

def test_json_import_good_file():
    specs = import_catalogue_file(FIXTURES / "good.json")
    assert [s.code for s in specs] == ["1.001193", "1.000894", "1.004873.000.00.00.H14"]
    assert specs[2].documents[0].form is DocumentForm.ORIGINAL  # "Bản chính" accepted


def test_json_import_reports_all_three_bad_rows():
    with pytest.raises(CatalogueImportError) as info:
        import_catalogue_file(FIXTURES / "three_bad_rows.json")
    problems = info.value.problems
    assert sorted({p.line for p in problems}) == [2, 4, 6]
    by_cell = {(p.line, p.column): said_text(p.message) for p in problems}
    assert by_cell[(2, "duration_value")] == "phải là số không âm"
    assert "trùng" in by_cell[(4, "code")] and "1" in by_cell[(4, "code")]
    assert "per_minute" in by_cell[(6, "fee.kind")]
    assert "photo" in by_cell[(6, "documents[0].form")]
    assert "Thủ tục thứ 2, trường 'duration_value': phải là số không âm" in [said_text(p.said()) for p in problems]


def test_json_unreadable_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CatalogueImportError) as info:
        import_catalogue_file(path)
    assert info.value.problems[0].line == 0


def test_unknown_extension(tmp_path):
    with raises_saying(CatalogueImportError, "không hỗ trợ"):
        import_catalogue_file(tmp_path / "catalogue.csv")


# --- XLSX ------------------------------------------------------------------------------------

def test_xlsx_round_trip(seed, tmp_path):
    path = write_catalogue_xlsx(seed.values(), tmp_path / "catalogue.xlsx")
    assert import_catalogue_file(path) == list(seed.values())


def test_xlsx_template_has_vietnamese_headers(tmp_path):
    path = write_catalogue_xlsx([], tmp_path / "template.xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [PROCEDURES_SHEET, DOCUMENTS_SHEET]
    headers = [c.value for c in workbook[PROCEDURES_SHEET][1]]
    assert headers[:6] == ["Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Cấp thực hiện",
                           "Thời hạn giải quyết", "Đơn vị thời hạn"]
    assert import_catalogue_file(path) == []


def _edit(path: Path, sheet: str, cell: str, value) -> None:
    workbook = openpyxl.load_workbook(path)
    workbook[sheet][cell] = value
    workbook.save(path)


def test_xlsx_bad_row_reports_its_sheet_line_and_imports_nothing(seed, tmp_path):
    path = write_catalogue_xlsx(seed.values(), tmp_path / "catalogue.xlsx")
    _edit(path, PROCEDURES_SHEET, "E7", -2)        # row 7: the 6th procedure's duration
    with pytest.raises(CatalogueImportError) as info:
        import_catalogue_file(path)
    assert info.value.problems == [
        RowProblem(7, "Thời hạn giải quyết", message("catalogue.not_non_negative"), PROCEDURES_SHEET)]
    assert [said_text(p.said()) for p in info.value.problems] == [
        "Trang tính 'Thủ tục', dòng 7, cột 'Thời hạn giải quyết': phải là số không âm"]


def test_xlsx_reports_every_kind_of_problem_at_once(seed, tmp_path):
    path = write_catalogue_xlsx(seed.values(), tmp_path / "catalogue.xlsx")
    workbook = openpyxl.load_workbook(path)
    procedures, documents = workbook[PROCEDURES_SHEET], workbook[DOCUMENTS_SHEET]
    procedures["A2"] = "1-001193"             # code format
    procedures["B3"] = "  "                   # empty name
    procedures["F4"] = "Tuần"                 # unknown unit
    procedures["G5"] = "25:00"                # bad cutoff
    procedures["I6"] = "Theo phút"            # unknown fee kind
    procedures["J7"] = -10_000                # negative amount
    procedures["A9"] = "2.000815"             # duplicate of row 6
    documents["A2"] = "9.999999"              # unknown procedure
    documents["C3"] = "Bản photo"             # bad form
    workbook.save(path)
    with pytest.raises(CatalogueImportError) as info:
        import_catalogue_file(path)
    cells = {(p.sheet, p.line, p.column) for p in info.value.problems}
    assert {
        (PROCEDURES_SHEET, 2, "Mã thủ tục"), (PROCEDURES_SHEET, 3, "Tên thủ tục"),
        (PROCEDURES_SHEET, 4, "Đơn vị thời hạn"), (PROCEDURES_SHEET, 5, "Giờ chốt trả trong ngày"),
        (PROCEDURES_SHEET, 6, "Loại phí, lệ phí"), (PROCEDURES_SHEET, 7, "Mức thu (đồng)"),
        (PROCEDURES_SHEET, 9, "Mã thủ tục"), (DOCUMENTS_SHEET, 2, "Mã thủ tục"),
        (DOCUMENTS_SHEET, 3, "Hình thức"),
    } <= cells


def test_xlsx_accepts_what_excel_and_people_type(seed, tmp_path):
    spec = seed["2.000815"]
    path = write_catalogue_xlsx([spec], tmp_path / "catalogue.xlsx")
    workbook = openpyxl.load_workbook(path)
    procedures, documents = workbook[PROCEDURES_SHEET], workbook[DOCUMENTS_SHEET]
    procedures["G2"] = time(15, 0)            # Excel turned the text into a time
    procedures["F2"] = "ngay lam viec"        # typed without diacritics
    procedures["N2"] = "200.000 đ"
    documents["C3"] = "BẢN SAO"
    documents["E3"] = None                    # blank: required
    workbook.save(path)
    assert import_catalogue_file(path) == [spec]


def test_xlsx_missing_column_and_sheet(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = PROCEDURES_SHEET
    workbook.active.append(["Mã thủ tục", "Tên thủ tục"])
    path = tmp_path / "incomplete.xlsx"
    workbook.save(path)
    with pytest.raises(CatalogueImportError) as info:
        import_catalogue_file(path)
    messages = [said_text(p.said()) for p in info.value.problems]
    assert any("'Thời hạn giải quyết'" in m and "thiếu cột" in m for m in messages)
    assert any(f"thiếu trang tính '{DOCUMENTS_SHEET}'" in m for m in messages)


def test_blank_legal_time_text_is_filled(seed, tmp_path):
    spec = replace(seed["1.004873"], legal_time_text="")
    path = write_catalogue_xlsx([spec], tmp_path / "catalogue.xlsx")
    assert import_catalogue_file(path)[0].legal_time_text == "3 ngày làm việc"


@pytest.mark.parametrize("code, accepted", [
    ("1.004873.000.00.00.H14", True),
    ("1.004873.A.B.C.D.E.F", True),       # six suffix groups
    ("1.004873.A.B.C.D.E.F.G", False),    # seven: neither the importer nor a draft takes it
    ("1.004873.ABCDEFG", False),
    ("١.٠٠٤٨٧٣", False),                  # only ASCII digits
])
def test_the_importer_and_a_draft_accept_the_same_procedure_codes(seed, tmp_path, code, accepted):
    from counter_app.domain.errors import ValidationFailed
    from counter_app.domain.validation import clean_procedure_code

    path = tmp_path / "catalogue.json"
    entry = dict(seed["1.004873"].to_dict(), code=code)
    path.write_text(json.dumps({"version": 1, "procedures": [entry]}, ensure_ascii=False), encoding="utf-8")
    if accepted:
        assert [s.code for s in import_catalogue_file(path)] == [code]
        assert clean_procedure_code(code) == code
    else:
        with pytest.raises(CatalogueImportError):
            import_catalogue_file(path)
        with pytest.raises(ValidationFailed):
            clean_procedure_code(code)


def test_the_file_format_is_data_in_resources(tmp_path):
    """The national format's names are read from resources/catalogue/format.json: a Ministry's
    change of a heading or a word is an edit of that file (the template follows it)."""
    from counter_app.domain.catalogue import catalogue_format
    from counter_app.domain.paths import resource_path

    data = json.loads(resource_path("catalogue", "format.json").read_text(encoding="utf-8"))
    assert catalogue_format().procedure_columns == data["procedure_columns"]
    workbook = openpyxl.load_workbook(write_catalogue_xlsx([], tmp_path / "template.xlsx"))
    assert workbook.sheetnames == [data["sheets"]["procedures"], data["sheets"]["documents"]]
    assert [c.value for c in workbook[PROCEDURES_SHEET][1]] == list(data["procedure_columns"].values())
    assert [c.value for c in workbook[DOCUMENTS_SHEET][1]] == list(data["document_columns"].values())
    for kind in ("levels", "units", "forms", "fee_kinds"):
        assert catalogue_format().labels[kind] == data[kind]
