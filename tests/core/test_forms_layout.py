"""Every form of every set, read as a person reads it: no text run printed over another, none
outside its cell or its half of the sheet; the control sheet (Mẫu 06/2025) filled from history."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm

from counter_app.services import actions, printing
from counter_app.services.receiving import receive
from counter_app.slips import (
    ControlData,
    ControlStep,
    HandoverData,
    HandoverEntry,
    SlipAgency,
    SlipData,
    SlipDocument,
    render,
)
from counter_app.slips import templates as slip_templates
from tests import pdfcheck

CODE = "000.00.14.H56-260310-0007"  # 25 characters: the longest first-form code
#: The longest second-form code (Thông tư 04/2025/TT-VPCP) any rule accepts: a 13-character
#: identifier of the widest capitals, the platform owner's two digits and a 6-digit number.
SECOND = "WMW.WWW.WW.MW-261231-99999999"
LONG_AGENCY = SlipAgency("Ủy ban nhân dân phường Hải Châu", "Đà Nẵng", "UBND THÀNH PHỐ ĐÀ NẴNG",
                         unit_name="Trung tâm Phục vụ hành chính công phường Hải Châu, thành phố Đà Nẵng")
LONG_NAME = "Công ty Trách nhiệm hữu hạn Thương mại và Dịch vụ Kỹ thuật Nguyễn Hoàng Phương Nam"
WHEN = datetime(2026, 3, 10, 15, 0)


def long_slip(**kw) -> SlipData:
    fields = dict(
        agency=LONG_AGENCY, code=CODE, applicant_name=LONG_NAME, applicant_kind="business",
        representative_name="Nguyễn Hoàng Phương Nam", id_number="0100109106",
        address="Số 123/45/6 đường Nguyễn Văn Linh, tổ dân phố 12, phường Hải Châu, thành phố Đà Nẵng",
        procedure_name="Đăng ký thành lập hộ kinh doanh (kèm thay đổi nội dung đăng ký hộ kinh doanh)",
        received_at=WHEN, due_at=datetime(2026, 3, 13, 15, 0), officer_name="Nguyễn Thị Mai Anh",
        phone="0912345678", email="phuongnam.thuongmai.dichvu@example.com.vn",
        documents=tuple(SlipDocument(f"Giấy tờ kèm theo số {i}: bản sao có chứng thực giấy chứng nhận", "copy", 2)
                        for i in range(1, 9)),
        legal_time_text="03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", fee_amount=100000,
        fee_detail="Mức thu do tỉnh quy định: 1 hồ sơ × 100.000 đ = 100.000 đ", logbook_volume=3,
        logbook_line=1207, logbook_year=2026, number="1207/GTN",
        missing_items=("Bản sao giấy tờ pháp lý của cá nhân đối với thành viên hộ gia đình đăng ký hộ kinh doanh",
                       "Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh"),
        reason="Hồ sơ chưa đủ thành phần theo quy định tại Nghị định số 01/2021/NĐ-CP",
        new_due_at=datetime(2026, 3, 20, 16, 0), issued_at=datetime(2026, 3, 12, 9, 0),
        issuer_name="Phòng Kinh tế, Hạ tầng và Đô thị", issuer_parent="Ủy ban nhân dân phường Hải Châu",
        decided_by="Phó Chủ tịch UBND phường Trần Văn Bình", notice="Ông/Bà nhận lại hồ sơ tại Bộ phận Một cửa.",
    )
    fields.update(kw)
    return SlipData(**fields)


def control_data() -> ControlData:
    steps = (
        ControlStep("handed_over", datetime(2026, 3, 10, 15, 30), "", "Phòng Kinh tế, Hạ tầng và Đô thị",
                    giver="Nguyễn Thị Mai Anh"),
        ControlStep("result_ready", datetime(2026, 3, 13, 10, 0), "Phòng Kinh tế, Hạ tầng và Đô thị", "",
                    receiver="Phạm Đức Thắng", timing="early", note="Kết quả: Giấy chứng nhận đăng ký hộ kinh doanh"),
    )
    return ControlData(long_slip(), steps, "Phòng Kinh tế, Hạ tầng và Đô thị", ("Chi cục Thuế khu vực II",))


def handover_data() -> HandoverData:
    entries = tuple(HandoverEntry(f"000.00.14.H56-260310-{i:04d}", LONG_NAME, "Đăng ký thành lập hộ kinh doanh",
                                  WHEN, datetime(2026, 3, 13, 15, 0), note="Kèm bản gốc") for i in range(1, 31))
    return HandoverData(LONG_AGENCY, "Nguyễn Thị Mai Anh", WHEN, entries, to_unit="Phòng Kinh tế, Hạ tầng và Đô thị")


FORMS = [(v, k) for v in ("2018", "2025") for k in ("receipt", "supplement", "refusal", "apology", "stop",
                                                    "control", "handover")
         if slip_templates.has_kind(v, k)]


@pytest.mark.parametrize("code", [CODE, SECOND], ids=["first-form", "second-form"])
@pytest.mark.parametrize(("version", "kind"), FORMS, ids=[f"{v}-{k}" for v, k in FORMS])
def test_no_text_run_overflows_or_prints_over_another(version, kind, code):
    data = {"control": control_data, "handover": handover_data}.get(kind, long_slip)()
    if kind == "handover":
        data = replace(data, entries=tuple(replace(e, code=code) for e in data.entries))
    elif kind == "control":
        data = replace(data, slip=replace(data.slip, code=code))
    else:
        data = replace(data, code=code)
    pdf = render(kind, data, forms_version=version)
    for page in range(pdfcheck.page_count(pdf)):
        runs = pdfcheck.text_runs(pdf, page)
        assert runs
        assert pdfcheck.overlapping_runs(runs) == [], f"page {page + 1}"
        assert pdfcheck.runs_outside_their_cell(runs, pdfcheck.cells(pdf, page)) == [], f"page {page + 1}"
        if kind in ("control", "handover"):  # A4 portrait, 20 / 12 mm margins
            inside = pdfcheck.Box(19 * mm, 11 * mm, (210 - 11) * mm, (297 - 11) * mm)
            assert [r.text for r in runs if not inside.contains(r.box)] == []
        else:  # two A5 copies side by side: each run within its own half, clear of the cut line
            for r in runs:
                half = 0 if r.box.left < A5[0] else 1
                box = pdfcheck.Box(half * A5[0] + 5 * mm, 5 * mm, (half + 1) * A5[0] - 5 * mm, A5[1] - 5 * mm)
                assert box.contains(r.box), r.text
    text = pdfcheck.flat(pdfcheck.all_text(pdf))
    if kind != "handover":
        assert code in text  # never cut by a line break on any form that names one dossier
        assert pdfcheck.texts_of(pdfcheck.decode_page(pdf, dpi=203), "Code128")[0] == code


def test_the_transmittal_list_keeps_a_long_second_form_code_on_one_line():
    """A 13-character identifier in the QCVN structure (digits, the widest capital as M) with
    the longest number: whole on one line of its column (the all-W code above wraps at a
    hyphen, inside its cell)."""
    code = "000.00.00.W99-261231-99999999"
    data = handover_data()
    pdf = render("handover", replace(data, entries=tuple(replace(e, code=code) for e in data.entries)),
                 forms_version="2025")
    runs = pdfcheck.text_runs(pdf, 0)
    assert code in [r.text for r in runs]
    assert pdfcheck.runs_outside_their_cell(runs, pdfcheck.cells(pdf, 0)) == []


def test_the_2018_handover_sheet_no_longer_prints_the_code_over_the_applicant():
    # the bug of the 2018 sheet: a 25-character code ran into the next column
    pdf = render("handover", handover_data(), forms_version="2018")
    runs = pdfcheck.text_runs(pdf)
    assert not any("000.00.14.H56" in a and "Công" in b for a, b in pdfcheck.overlapping_runs(runs))
    assert pdfcheck.runs_outside_their_cell(runs, pdfcheck.cells(pdf)) == []


def test_the_control_sheet_is_filled_from_the_dossiers_history(store, make_draft):
    receipt = receive(store, make_draft(applicant_name="Đỗ Thị Hằng"), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    first = pdfcheck.flat(pdfcheck.page_text(printing.render_dossier_slip(store, receipt.code, "control")))
    assert "1. Giao:" in first and "… giờ … phút, ngày … tháng … năm …" in first  # printable before any step
    actions.hand_over(store, receipt.code, "canbo1", department="Công chức Tư pháp - Hộ tịch",
                      now=datetime(2026, 3, 10, 9, 30))
    actions.result_ready(store, receipt.code, "canbo2", now=datetime(2026, 3, 10, 14, 0))
    actions.return_to_applicant(store, receipt.code, "canbo2", now=datetime(2026, 3, 10, 16, 0))
    with store.write() as session:
        job_id = printing.queue_slip(session, "control", receipt.id, "canbo2")
    pdf = printing.render_job(store, job_id)
    text = pdfcheck.flat(pdfcheck.page_text(pdf))
    for expected in ("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", f"Mã hồ sơ: {receipt.code}",
                     "Kèm theo hồ sơ của: Đỗ Thị Hằng", "Cơ quan giải quyết hồ sơ: Công chức Tư pháp - Hộ tịch",
                     "1. Giao: Trung tâm Phục vụ hành chính công phường Hải Châu Nhận: Công chức Tư pháp - Hộ tịch",
                     "09 giờ 30 phút, ngày 10 tháng 03 năm 2026 Người giao (ký): Nguyễn Thị Mai Anh",
                     "2. Giao: Công chức Tư pháp - Hộ tịch Nhận: Trung tâm Phục vụ hành chính công phường Hải Châu",
                     "Người nhận (ký): Phạm Đức Thắng Đúng hạn",
                     "3. Giao: Trung tâm Phục vụ hành chính công phường Hải Châu Nhận: Đỗ Thị Hằng",
                     "4. Giao:", "5. Giao:"):
        assert expected in text, expected
    assert "6. Giao:" not in text
    assert pdfcheck.texts_of(pdfcheck.decode_page(pdf), "Code128") == [receipt.code]  # its code at the top
    runs = pdfcheck.text_runs(pdf)
    assert pdfcheck.overlapping_runs(runs) == []
    assert pdfcheck.runs_outside_their_cell(runs, pdfcheck.cells(pdf)) == []
