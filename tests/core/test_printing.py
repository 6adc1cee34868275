"""The print queue: a slip is queued with its dossier, survives a failed print, records reprints."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from sqlalchemy import func, select

from counter_app.store import settings
from counter_app.domain.enums import DossierStatus, EventKind
from counter_app.domain.errors import NotFound
from counter_app.store.models import Dossier, DossierEvent, PrintJob
from counter_app.services import printing
from counter_app.services.receiving import receive
from tests import pdfcheck
from ui.cli.main import main as cli_main
from ui.messages import said_text


def _receive_and_queue(store, make_draft, **kw):
    receipt = receive(store, make_draft(**kw), "canbo1")
    with store.write() as session:
        job_id = printing.queue_slip(session, "receipt", receipt.id, "canbo1")
    return receipt, job_id


def _count(store, model) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_queued_receipt_renders_the_committed_dossier(store, make_draft):
    receipt, job_id = _receive_and_queue(store, make_draft, applicant_name="Đỗ Thị Hằng")
    assert [j.id for j in printing.unprinted_jobs(store)] == [job_id]
    pdf = printing.render_job(store, job_id)
    found = pdfcheck.decode_page(pdf)
    assert pdfcheck.texts_of(found, "Code128") == [receipt.code, receipt.code]
    assert pdfcheck.texts_of(found, "QRCode") == [receipt.code, receipt.code]
    text = pdfcheck.flat(pdfcheck.page_text(pdf))
    due = receipt.due_at
    assert f"{due:%H} giờ {due:%M} phút, ngày {due:%d} tháng {due:%m} năm {due:%Y}" in text
    assert text.count("Đỗ Thị Hằng") >= 4 and "Nguyễn Thị Mai Anh" in text  # canbo1 received it
    assert "BẢN IN LẠI" not in text


def test_failed_print_stays_queued_and_prints_again_without_a_second_dossier(store, make_draft):
    receipt, job_id = _receive_and_queue(store, make_draft)
    failed = printing.mark_failed(store, job_id, "Máy in hết giấy")
    assert (failed.status, failed.error) == ("failed", "Máy in hết giấy")
    [queued] = printing.unprinted_jobs(store)
    assert (queued.id, queued.dossier_code, queued.error) == (job_id, receipt.code, "Máy in hết giấy")
    assert "BẢN IN LẠI" not in pdfcheck.page_text(printing.render_job(store, job_id))  # never printed yet
    done = printing.mark_printed(store, job_id, "HP LaserJet", now=datetime(2026, 3, 10, 9, 1))
    assert (done.status, done.printer, done.error, done.is_reprint) == ("printed", "HP LaserJet", None, False)
    assert printing.unprinted_jobs(store) == []
    assert _count(store, Dossier) == 1 and _count(store, PrintJob) == 1
    with store.read() as session:
        events = session.scalars(select(DossierEvent).where(DossierEvent.kind == str(EventKind.SLIP_PRINTED))).all()
        assert [(e.data["job_id"], e.data["slip"], e.data["reprint"], e.officer_name) for e in events] == [
            (job_id, "receipt", False, "Nguyễn Thị Mai Anh")]
        assert session.get(Dossier, receipt.id).status == DossierStatus.RECEIVED


def test_reprint_is_detected_marked_on_paper_and_recorded(store, make_draft):
    receipt, first = _receive_and_queue(store, make_draft)
    printing.mark_printed(store, first, "HP LaserJet")
    with store.write() as session:
        second = printing.queue_slip(session, "receipt", receipt.id, "canbo2")
    assert printing.get_job(store, second).is_reprint is True
    pdf = printing.render_job(store, second, now=datetime(2026, 3, 10, 14, 20))
    assert pdfcheck.flat(pdfcheck.page_text(pdf)).count("BẢN IN LẠI – 14 giờ 20 phút, ngày 10 tháng 03 năm 2026") == 2
    printing.mark_printed(store, second, "Canon")
    history = printing.print_history(store, receipt.code)
    assert [(h.id, h.is_reprint, h.printer, h.officer_name) for h in history] == [
        (first, False, "HP LaserJet", "Nguyễn Thị Mai Anh"), (second, True, "Canon", "Phạm Đức Thắng")]
    # printing the same printed job again keeps both prints in the history
    again = printing.mark_printed(store, second, "Canon")
    assert again.id != second and again.is_reprint
    assert len(printing.print_history(store, receipt.id)) == 3
    assert _count(store, Dossier) == 1


def test_a_label_is_not_a_reprint_of_the_receipt(store, make_draft):
    receipt, job_id = _receive_and_queue(store, make_draft)
    printing.mark_printed(store, job_id, "HP")
    with store.write() as session:
        label = printing.queue_slip(session, "label", receipt.id, None)
    assert printing.get_job(store, label).is_reprint is False
    pdf = printing.render_job(store, label)
    assert pdfcheck.texts_of(pdfcheck.decode_page(pdf, dpi=300), "Code128") == [receipt.code]


def test_queue_rolls_back_with_its_transaction(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1")
    with pytest.raises(RuntimeError), store.write() as session:
        printing.queue_slip(session, "receipt", receipt.id, "canbo1")
        raise RuntimeError("the change failed")
    assert printing.unprinted_jobs(store) == []
    with pytest.raises(NotFound), store.write() as session:
        printing.queue_slip(session, "receipt", "no-such-dossier", None)


def test_settings_choose_the_paper_and_remember_printers(store, make_draft):
    receipt, job_id = _receive_and_queue(store, make_draft)
    with store.write() as session:
        printing.set_paper(session, "a5")
        printing.set_printer(session, "receipt", "Quầy 1 - Canon")
    with store.read() as session:
        prefs = printing.load_print_settings(session)
        assert settings.get_setting(session, "printing.printer.receipt") == "Quầy 1 - Canon"
    assert (prefs.paper.value, prefs.printers, prefs.forms_version) == ("a5", {"receipt": "Quầy 1 - Canon"}, "auto")
    pdf = printing.render_job(store, job_id)
    assert pdfcheck.page_count(pdf) == 2  # one A5 page per copy
    # received after 15/09/2025: the 2025 set, its header naming the unit as the agency sets it
    assert "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG HẢI CHÂU" in pdfcheck.flat(pdfcheck.page_text(pdf))
    preview = printing.render_dossier_slip(store, receipt.code, "receipt", paper="a4_two_a5")
    assert pdfcheck.page_count(preview) == 1
    assert printing.unprinted_jobs(store)[0].id == job_id  # a preview queues nothing
    with store.write() as session:  # a province may force one set for every dossier
        settings.set_setting(session, printing.FORMS_VERSION_KEY, "2018")
    assert "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" in pdfcheck.page_text(printing.render_job(store, job_id))


def test_handover_job_lists_its_dossiers(store, make_draft):
    codes, ids = [], []
    for name in ("Lê Văn Hùng", "Vũ Thị Lan"):
        r = receive(store, make_draft(applicant_name=name), "canbo1")
        codes.append(r.code)
        ids.append(r.id)
    with store.write() as session:
        job_id = printing.queue_slip(session, "handover", None, "canbo1",
                                     data={"dossier_ids": ids, "codes": codes, "department": "Tư pháp - Hộ tịch"})
    text = pdfcheck.flat(pdfcheck.all_text(printing.render_job(store, job_id)))
    assert all(c in text for c in codes) and "Vũ Thị Lan" in text and "Tư pháp - Hộ tịch" in text
    printing.mark_printed(store, job_id, "HP")
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(DossierEvent)
                              .where(DossierEvent.kind == str(EventKind.SLIP_PRINTED))) == 2


def test_cli_receipt_writes_the_pdf_and_records_the_print(store, make_draft, profile_dir, tmp_path, capsys):
    receipt = receive(store, make_draft(applicant_name="Hồ Thị Xuân Hương"), "canbo1")
    out = tmp_path / "slip.pdf"
    assert cli_main(["--profile", str(profile_dir), "receipt", receipt.code, "-o", str(out)]) == 0
    assert pdfcheck.texts_of(pdfcheck.decode_page(out.read_bytes()), "Code128") == [receipt.code] * 2
    assert "Hồ Thị Xuân Hương" in pdfcheck.page_text(out.read_bytes())
    [job] = printing.print_history(store, receipt.id)
    assert (job.status, job.printer) == ("printed", f"file:{out}")
    assert cli_main(["--profile", str(profile_dir), "receipt", "000.00.14.H56-260310-9999"]) == 1
    assert "Không tìm thấy hồ sơ có mã “000.00.14.H56-260310-9999”" in capsys.readouterr().err


def test_cli_receive_print_saves_first_then_writes_to_the_print_folder(store, profile_dir, monkeypatch, capsys):
    body = ('{"procedure_code": "1.001193", "applicant_name": "Đinh Công Tráng", "id_number": "001092012345",'
            ' "address": "Số 5 Lê Lợi, Đà Nẵng"}')
    monkeypatch.setattr("sys.stdin", io.StringIO(body))
    assert cli_main(["--profile", str(profile_dir), "receive", "--print", "--officer", "canbo2"]) == 0
    [pdf] = list((profile_dir / "prints").glob("*-receipt-*.pdf"))
    with store.read() as session:
        code = session.scalar(select(Dossier.code))
    assert pdf.name.startswith(code)
    assert pdfcheck.texts_of(pdfcheck.decode_page(pdf.read_bytes()), "QRCode") == [code, code]
    assert "Phạm Đức Thắng" in pdfcheck.page_text(pdf.read_bytes())
    assert printing.unprinted_jobs(store) == [] and _count(store, Dossier) == 1


def test_unwritable_file_leaves_the_job_queued_with_its_error(store, make_draft, tmp_path):
    receipt, job_id = _receive_and_queue(store, make_draft)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(OSError):
        printing.print_to_file(store, job_id, blocker / "slip.pdf")
    [job] = printing.unprinted_jobs(store)
    assert job.id == job_id and job.status == "failed" and job.error.code == "printing.file_write_failed"
    assert job.error.params["path"] == str(blocker / "slip.pdf")
    assert said_text(job.error).startswith(f"Không ghi được tệp {blocker / 'slip.pdf'}: ")
    path = printing.print_to_file(store, job_id, tmp_path / "ok.pdf")
    assert path.is_file() and printing.unprinted_jobs(store) == [] and _count(store, Dossier) == 1


def test_a_supplement_slip_made_days_later_is_dated_that_day(store, make_draft):
    from counter_app.services import actions

    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    asked = actions.request_supplement(store, receipt.code, "canbo1", missing=["Bản sao giấy khai sinh"],
                                       now=datetime(2026, 3, 12, 14, 0))
    text = pdfcheck.flat(pdfcheck.page_text(printing.render_job(store, asked.job_id)))
    assert "Đà Nẵng, ngày 12 tháng 03 năm 2026" in text
    assert "Đà Nẵng, ngày 10 tháng 03 năm 2026" not in text
    with store.write() as session:
        job_id = printing.queue_slip(session, "receipt", receipt.id, "canbo1", now=datetime(2026, 3, 12, 15, 0))
    assert "Đà Nẵng, ngày 10 tháng 03 năm 2026" in pdfcheck.flat(pdfcheck.page_text(printing.render_job(store, job_id)))


def test_handover_sheet_keeps_the_jobs_order_and_names_a_missing_dossier(store, make_draft):
    from counter_app.store.slip_source import handover_data_for

    receipts = [receive(store, make_draft(applicant_name=n), "canbo1") for n in ("Lê Văn Hùng", "Vũ Thị Lan",
                                                                                   "Đỗ Thị Hằng")]
    order = [receipts[2], receipts[0], receipts[1]]
    with store.read() as session:
        agency = settings.load_context(session).agency_id
        sheet = handover_data_for(session, agency, {"dossier_ids": [r.id for r in order], "note": "Gấp"},
                                  officer_id=None, created_at=datetime(2026, 3, 10, 16, 0))
        assert [(e.code, e.applicant_name, e.note) for e in sheet.entries] == [
            (r.code, n, "Gấp") for r, n in zip(order, ("Đỗ Thị Hằng", "Lê Văn Hùng", "Vũ Thị Lan"))]
        with pytest.raises(NotFound, match="không-có"):
            handover_data_for(session, agency, {"dossier_ids": [receipts[0].id, "không-có"]},
                              officer_id=None, created_at=datetime(2026, 3, 10, 16, 0))


def test_a_supplement_slip_asked_for_again_keeps_what_it_asked_for(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    missing = ["Giấy chứng sinh (bản chính)", "Văn bản ủy quyền"]
    with store.write() as s:
        first = printing.queue_slip(s, "supplement", receipt.id, "canbo1", {"missing": missing})
    printing.mark_printed(store, first, "Máy in quầy 1")
    with store.write() as s:
        again = printing.queue_slip(s, "supplement", receipt.id, "canbo1", {"reprint": True})
    with store.read() as s:
        job = s.get(PrintJob, again)
        assert (job.is_reprint, job.data["missing"]) == (True, missing)
    text = pdfcheck.all_text(printing.render_job(store, again))
    assert "Văn bản ủy quyền" in text and "BẢN IN LẠI" in text


def _receipt_text(store, make_draft, **kw) -> str:
    _receipt, job_id = _receive_and_queue(store, make_draft, **kw)
    return pdfcheck.flat(pdfcheck.page_text(printing.render_job(store, job_id)))


@pytest.mark.parametrize("version", ["2018", "2025"])
def test_a_fee_the_province_has_not_set_is_printed_as_not_configured_never_as_0_d(store, make_draft, version):
    with store.write() as session:
        settings.set_setting(session, printing.FORMS_VERSION_KEY, version)
    text = _receipt_text(store, make_draft, procedure_code="1.004873")  # set by the province, not configured
    assert text.count("Phí, lệ phí: Chưa có mức thu (do tỉnh quy định, chưa cấu hình): chưa thu") == 2
    assert " 0 đ" not in text and "đã thu" not in text


def test_a_fee_is_printed_as_due_until_it_is_collected_and_a_free_one_as_free(store, make_draft):
    text = _receipt_text(store, make_draft, procedure_code="2.000884")  # chứng thực chữ ký, 10.000 đ
    assert text.count("Phí, lệ phí: 10.000 đ – chưa thu (1 trường hợp × 10.000 đ = 10.000 đ)") == 2
    assert "Phí, lệ phí: Không thu phí, lệ phí" in _receipt_text(store, make_draft)  # khai sinh: free


def test_for_a_business_the_representative_signs_as_the_person_who_handed_the_dossier_in(store, make_draft):
    business = dict(applicant_kind="business", id_kind="tax_code", id_number="0100109106", birth_date=None,
                    applicant_name="Công ty TNHH An Bình", procedure_code="1.001612")
    text = _receipt_text(store, make_draft, representative_name="Trần Văn Bình", **business)
    assert text.count("NGƯỜI NỘP HỒ SƠ (Ký và ghi rõ họ tên) Trần Văn Bình") == 2
    assert "tiếp nhận hồ sơ của: Công ty TNHH An Bình" in text
    # no representative given: the line is left for the person to sign, never the company's name
    text = _receipt_text(store, make_draft, **business)
    assert "NGƯỜI NỘP HỒ SƠ (Ký và ghi rõ họ tên) Công ty" not in text
