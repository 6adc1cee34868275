"""The slips read as a person reads them: rasterised, barcodes decoded, text extracted in NFC."""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime

import pytest

from counter_app.slips import (
    HandoverData,
    HandoverEntry,
    SlipAgency,
    SlipData,
    SlipDocument,
    SlipKind,
    TemplateError,
    barcode_geometry,
    load_template,
    render,
)
from counter_app.slips import templates as slip_templates
from tests import pdfcheck

CODE = "000.00.14.H56-260310-0007"
#: The longest second-form code (Thông tư 04/2025/TT-VPCP) the rules accept: 13-character
#: identifier, platform owner's two digits, a 6-digit daily number.
SECOND = "ABC.DE.FG.HIJ-261231-99999999"
# Decomposed (NFD) on purpose: the slip must print and hold it in NFC.
NAME_NFD = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
NAME = unicodedata.normalize("NFC", NAME_NFD)
AGENCY = SlipAgency("UBND phường Hải Châu", "Đà Nẵng", "UBND THÀNH PHỐ ĐÀ NẴNG")


def slip(**overrides) -> SlipData:
    fields = dict(
        agency=AGENCY, code=CODE, applicant_name=NAME_NFD, address="Số 1 Trần Phú, phường Hải Châu, Đà Nẵng",
        procedure_name="Đăng ký khai sinh", received_at=datetime(2026, 3, 10, 9, 5),
        due_at=datetime(2026, 3, 10, 16, 30), officer_name="Phạm Đức Thắng", id_number="001192012345",
        phone="0912345678", documents=(SlipDocument("Tờ khai đăng ký khai sinh", "original", 1),
                                       SlipDocument("Giấy chứng sinh", "copy", 2)),
        legal_time_text="Trong ngày làm việc", fee_amount=14000, fee_detail="7 bản × 2.000 đ",
        logbook_volume=2, logbook_line=37,
    )
    fields.update(overrides)
    return SlipData(**fields)


@pytest.fixture(scope="module")
def receipt_pdf() -> bytes:
    return render(SlipKind.RECEIPT, slip())


def test_receipt_barcodes_decode_to_the_code_on_both_copies(receipt_pdf):
    assert pdfcheck.page_count(receipt_pdf) == 1  # two A5 copies on one A4 sheet
    found = pdfcheck.decode_page(receipt_pdf)
    assert pdfcheck.texts_of(found, "Code128") == [CODE, CODE]
    assert pdfcheck.texts_of(found, "QRCode") == [CODE, CODE]
    image = pdfcheck.rasterise(receipt_pdf)
    left = [d for d in found if d.right < image.width / 2]
    right = [d for d in found if d.left > image.width / 2]
    assert len(left) == 2 and len(right) == 2  # one Code 128 and one QR on each half


def test_receipt_text_is_nfc_and_holds_every_field(receipt_pdf):
    text = pdfcheck.page_text(receipt_pdf)
    assert text == unicodedata.normalize("NFC", text)
    flat = pdfcheck.flat(text)
    assert flat.count(NAME) >= 4  # applicant line and signature, on both copies
    assert flat.count("16 giờ 30 phút, ngày 10 tháng 03 năm 2026") == 2  # the appointment
    assert flat.count("09 giờ 05 phút, ngày 10 tháng 03 năm 2026") == 2  # received
    for expected in ("Liên 1: Lưu", "Liên 2: Giao người nộp", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
                     "UBND PHƯỜNG HẢI CHÂU", "BỘ PHẬN MỘT CỬA", "Đà Nẵng, ngày 10 tháng 03 năm 2026",
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "1. Tờ khai đăng ký khai sinh (bản chính: 1)", "2. Giấy chứng sinh (bản sao: 2)",
                     "2. Số lượng hồ sơ: 1 (bộ)", "Trong ngày làm việc",
                     "7. Phí, lệ phí: 14.000 đ – chưa thu (7 bản × 2.000 đ)",
                     "Vào Sổ theo dõi hồ sơ, Quyển số: 2, Số thứ tự: 37", "Phạm Đức Thắng",
                     "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", f"Mã hồ sơ: {CODE}"):
        assert expected in flat, expected
    assert "BẢN IN LẠI" not in flat
    assert "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" not in flat  # the 2018 unit, gone since 15/09/2025


@pytest.mark.parametrize("received, version, unit", [
    (datetime(2025, 9, 14, 16, 59), "2018", "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"),
    (datetime(2025, 9, 15, 7, 30), "2025", "BỘ PHẬN MỘT CỬA"),
])
def test_the_form_set_is_the_one_in_force_on_the_day_of_receipt(received, version, unit):
    assert slip_templates.version_for(received, "receipt") == version
    pdf = render("receipt", slip(received_at=received, due_at=received))
    flat = pdfcheck.flat(pdfcheck.page_text(pdf))
    assert unit in flat and "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in flat
    assert pdfcheck.texts_of(pdfcheck.decode_page(pdf), "Code128") == [CODE, CODE]


def test_a_form_the_older_set_lacks_comes_from_the_set_that_has_it():
    # the stop notice did not exist in 2018: a 2025-08 dossier stopped later gets the 2025 form
    assert slip_templates.version_for(datetime(2025, 8, 1), "stop") == "2025"
    assert slip_templates.version_for(datetime(2025, 8, 1), "apology") == "2018"


def test_tinos_is_embedded(receipt_pdf):
    assert pdfcheck.embedded_fonts(receipt_pdf) >= {"Tinos", "Tinos-Bold", "Tinos-Italic"}


def test_reprint_says_so_with_its_time():
    pdf = render("receipt", slip(), reprint=True, reprinted_at=datetime(2026, 3, 11, 8, 15))
    flat = pdfcheck.flat(pdfcheck.page_text(pdf))
    assert flat.count("BẢN IN LẠI – 08 giờ 15 phút, ngày 11 tháng 03 năm 2026") == 2


def test_a5_paper_gives_one_page_per_copy():
    pdf = render("receipt", slip(), paper="a5")
    assert pdfcheck.page_count(pdf) == 2
    image = pdfcheck.rasterise(pdf, 1)
    assert (image.width, image.height) == (875, 1241)  # 148 × 210 mm at 150 dpi (rounded up)
    assert pdfcheck.texts_of(pdfcheck.decode(image), "Code128") == [CODE]
    assert "Liên 2: Giao người nộp" in pdfcheck.page_text(pdf, 1)


def test_qr_holds_the_lookup_address_when_the_province_sets_one():
    agency = SlipAgency("UBND xã Hòa Vang", "Đà Nẵng", None, "https://dvc.example.vn/tra-cuu?ma={code}")
    found = pdfcheck.decode_page(render("receipt", slip(agency=agency), paper="a5"))
    assert pdfcheck.texts_of(found, "QRCode") == [f"https://dvc.example.vn/tra-cuu?ma={CODE}"]
    assert pdfcheck.texts_of(found, "Code128") == [CODE]


def test_code128_module_and_quiet_zone_on_paper(receipt_pdf):
    geo = barcode_geometry("receipt", CODE)
    assert geo.module_mm >= 0.33 and geo.quiet_modules >= 10
    dpi = 300
    image = pdfcheck.rasterise(receipt_pdf, dpi=dpi)
    bar = next(d for d in pdfcheck.decode(image) if d.format == "Code128")
    y = (bar.top + bar.bottom) // 2
    runs = pdfcheck.dark_runs(image, y, bar.left - 60, image.width // 2)
    px = dpi / 25.4
    module_px = 0.33 * px
    first = next(i for i, (dark, _) in enumerate(runs) if dark)
    # the symbol ends before the first space wider than Code 128's widest (4 modules)
    end = next(i for i in range(first, len(runs)) if not runs[i][0] and runs[i][1] > 5 * module_px)
    bars = runs[first:end]
    assert runs[first - 1][1] >= 10 * module_px  # left quiet zone
    narrow = min(n for _, n in bars)
    assert narrow >= module_px - 1  # no bar or space thinner than a module (rasterisation ±1 px)
    total_mm = sum(n for _, n in bars) / px
    assert total_mm == pytest.approx(geo.modules * geo.module_mm, abs=0.3)
    assert runs[end][1] >= 10 * module_px - 1  # right quiet zone: white up to the QR code


def test_bars_are_pure_black(receipt_pdf):
    image = pdfcheck.rasterise(receipt_pdf, dpi=300).convert("L")
    bar = next(d for d in pdfcheck.decode(image.convert("RGB")) if d.format == "Code128")
    y = (bar.top + bar.bottom) // 2
    row = [image.getpixel((x, y)) for x in range(bar.left, bar.right)]
    assert min(row) == 0


@pytest.mark.parametrize("kind, expected", [
    ("supplement", ["PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "1. Bản sao giấy chứng sinh",
                    "2. Chữ ký của người đi khai", "Lý do: Thiếu giấy tờ"]),
    ("refusal", ["PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "không tiếp nhận, giải quyết hồ sơ này với lý do "
                 "cụ thể như sau: Thiếu giấy tờ"]),
    ("apology", ["VĂN BẢN XIN LỖI", "VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
                 "16 giờ 30 phút, ngày 10 tháng 03 năm 2026", "đề nghị gia hạn thời gian giải quyết, hẹn trả kết "
                 "quả vào: 10 giờ 00 phút, ngày 13 tháng 03 năm 2026", "THỦ TRƯỞNG CƠ QUAN"]),
    ("stop", ["THÔNG BÁO", "DỪNG GIẢI QUYẾT HỒ SƠ", "thông báo dừng giải quyết hồ sơ nêu trên kể từ ngày 11 "
              "tháng 03 năm 2026", "Lý do: Thiếu giấy tờ"]),
])
def test_other_forms_print_their_fields_and_codes(kind, expected):
    data = slip(missing_items=("Bản sao giấy chứng sinh", "Chữ ký của người đi khai"), reason="Thiếu giấy tờ",
                new_due_at=datetime(2026, 3, 13, 10, 0), issued_at=datetime(2026, 3, 11, 9, 0))
    pdf = render(kind, data)
    flat = pdfcheck.flat(pdfcheck.page_text(pdf))
    for text in expected:
        assert text in flat, text
    assert flat.count(NAME) >= 2
    assert pdfcheck.texts_of(pdfcheck.decode_page(pdf), "Code128") == [CODE, CODE]


def symbol_runs(image, bar):
    """Bars and spaces (is_dark, pixels) of a decoded Code 128, quiet zones excluded."""
    y = (bar.top + bar.bottom) // 2
    runs = pdfcheck.dark_runs(image, y, max(0, bar.left - 40), min(image.width, bar.right + 40))
    first = next(i for i, (dark, _) in enumerate(runs) if dark)
    last = max(i for i, (dark, _) in enumerate(runs) if dark)
    return runs[first:last + 1]


def test_label_is_100_by_50_mm_and_its_codes_decode_at_203_dpi():
    pdf = render("label", slip())
    image = pdfcheck.rasterise(pdf, dpi=150)
    assert (image.width, image.height) == (591, 296)  # 100 × 50 mm (rounded up)
    geo = barcode_geometry("label", CODE)
    assert geo.module_dots == 2 and geo.grid_dpi == 203.2  # "203 dpi" printers have 8 dots/mm
    assert geo.module_mm == pytest.approx(0.25) and geo.quiet_modules >= 10
    image = pdfcheck.rasterise(pdf, dpi=203)  # a common thermal label printer
    found = pdfcheck.decode(image)
    assert pdfcheck.texts_of(found, "Code128") == [CODE]
    assert pdfcheck.texts_of(found, "QRCode") == [CODE]
    runs = symbol_runs(image, next(d for d in found if d.format == "Code128"))
    # every bar and space is a whole number of 2-dot modules: the printer prints them as drawn
    assert {n for _, n in runs} <= {2, 4, 6, 8}
    assert sum(n for _, n in runs) == 2 * geo.modules
    assert NAME in pdfcheck.flat(pdfcheck.page_text(pdf))


@pytest.mark.parametrize("kind, paper", [("label", "a5"), ("receipt", "a4_two_a5"), ("receipt", "a5"),
                                         ("supplement", "a4_two_a5")])
def test_content_stays_inside_5_mm_margins(kind, paper):
    """A printer's hardware margins (about 4.2 mm on a laser) cut nothing: the printing sink
    refuses printers whose margins are wider than 5 mm."""
    image = pdfcheck.rasterise(render(kind, slip(), paper=paper), dpi=203).convert("L")
    left, top, right, bottom = image.point(lambda v: 255 if v < 200 else 0).getbbox()
    dot_mm = 25.4 / 203
    assert left * dot_mm >= 4.9 and top * dot_mm >= 4.9
    assert (image.width - right) * dot_mm >= 4.9 and (image.height - bottom) * dot_mm >= 4.9


@pytest.mark.parametrize("longest", ["ABC.DE.FG.HIJ-261231-9999", SECOND], ids=["first-form", "second-form"])
def test_the_longest_code_fits_the_label_at_two_dots_a_module(longest):
    # 13-character agency identifier, the most parse_code accepts
    geo = barcode_geometry("label", longest)
    assert geo.module_dots == 2 and geo.width_mm <= 90
    found = pdfcheck.decode_page(render("label", slip(code=longest)), dpi=203)
    assert pdfcheck.texts_of(found, "Code128") == [longest]


@pytest.mark.parametrize("kind, paper", [("receipt", "a4_two_a5"), ("receipt", "a5"), ("supplement", "a5"),
                                         ("refusal", "a4_two_a5"), ("apology", "a5")])
@pytest.mark.parametrize("dpi", [150, 203])
@pytest.mark.parametrize("code", [CODE, SECOND], ids=["first-form", "second-form"])
def test_every_slip_barcode_decodes_at_150_and_203_dpi(kind, paper, dpi, code):
    data = slip(code=code, missing_items=("Bản sao giấy chứng sinh",), reason="Thiếu giấy tờ",
                new_due_at=datetime(2026, 3, 13, 10, 0), issued_at=datetime(2026, 3, 11, 9, 0))
    pdf = render(kind, data, paper=paper)
    copies = 2 if paper == "a4_two_a5" else 1
    found = pdfcheck.decode_page(pdf, dpi=dpi)
    assert pdfcheck.texts_of(found, "Code128") == [code] * copies
    assert pdfcheck.texts_of(found, "QRCode") == [code] * copies


def test_slip_module_is_whole_dots_of_150_300_and_600_dpi(receipt_pdf):
    geo = barcode_geometry("receipt", CODE)
    assert geo.module_mm == pytest.approx(0.3387, abs=1e-4)  # 2 dots at 150, 4 at 300, 8 at 600 dpi
    image = pdfcheck.rasterise(receipt_pdf, dpi=150)
    for bar in (d for d in pdfcheck.decode(image) if d.format == "Code128"):
        runs = symbol_runs(image, bar)
        assert {n for _, n in runs} <= {2, 4, 6, 8}
        assert sum(n for _, n in runs) == 2 * geo.modules


def test_handover_sheet_lists_every_dossier_over_pages():
    entries = tuple(HandoverEntry(f"000.00.14.H56-260310-{i:04d}", f"Lê Văn Hùng {i}", "Chứng thực chữ ký",
                                  datetime(2026, 3, 10, 8, 0), datetime(2026, 3, 12, 17, 0)) for i in range(1, 41))
    data = HandoverData(AGENCY, "Phạm Đức Thắng", datetime(2026, 3, 10, 16, 0), entries,
                        to_unit="Công chức Tư pháp - Hộ tịch")
    pdf = render("handover", data)
    assert pdfcheck.page_count(pdf) >= 2
    text = pdfcheck.flat(pdfcheck.all_text(pdf))
    # 2026: the batch list is a transmittal list, not named as a legal form (Mẫu 06 is per dossier)
    assert "DANH SÁCH BÀN GIAO HỒ SƠ" in text and "PHIẾU KIỂM SOÁT QUÁ TRÌNH" not in text
    assert "Công chức Tư pháp - Hộ tịch" in text
    assert all(e.code in text for e in entries)
    assert text.count("Mã hồ sơ") >= 2  # the table heading repeats on the next page
    assert pdfcheck.embedded_fonts(pdf) >= {"Tinos", "Tinos-Bold"}


def test_a_long_dossier_still_fits_one_sheet():
    docs = tuple(SlipDocument(f"Giấy tờ số {i} có tên khá dài để phải xuống dòng trên phiếu", "copy", 1)
                 for i in range(1, 16))
    pdf = render("receipt", slip(documents=docs))
    assert pdfcheck.page_count(pdf) == 1
    flat = pdfcheck.flat(pdfcheck.page_text(pdf))
    assert flat.count("Nguyễn Thị Ánh Tuyết") >= 4 and flat.count("Phạm Đức Thắng") == 2
    assert pdfcheck.texts_of(pdfcheck.decode_page(pdf), "Code128") == [CODE, CODE]


def test_templates_are_data_a_new_version_needs_no_code(tmp_path, monkeypatch):
    src = slip_templates.forms_root() / "2018"
    new = tmp_path / "forms" / "2025"
    new.mkdir(parents=True)
    for f in src.iterdir():
        (new / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    spec = json.loads((new / "receipt.json").read_text(encoding="utf-8"))
    spec["blocks"][1]["lines"] = ["GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ (MẪU 2025)"]
    (new / "receipt.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(slip_templates, "forms_root", lambda: tmp_path / "forms")
    slip_templates.clear_cache()
    try:
        assert slip_templates.available_versions() == ["2025"]
        pdf = render("receipt", slip(), forms_version="2025")
        assert "(MẪU 2025)" in pdfcheck.flat(pdfcheck.page_text(pdf))
        spec["blocks"].append({"type": "line", "text": "{no_such_field}"})
        (new / "receipt.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        slip_templates.clear_cache()
        with pytest.raises(TemplateError, match="no_such_field"):
            load_template("receipt", "2025")
    finally:
        slip_templates.clear_cache()


def test_every_shipped_template_loads():
    assert slip_templates.available_versions() == ["2018", "2025"]
    for kind in SlipKind:
        assert load_template(kind, "2025").blocks  # the set in force has every form
        if slip_templates.has_kind("2018", kind):
            assert load_template(kind, "2018").blocks
    assert not slip_templates.has_kind("2018", "stop")
