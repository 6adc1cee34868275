"""The receive screen driven as an officer would: typing, Ctrl+Enter, scans, Esc, printing."""

from __future__ import annotations

import io
import unicodedata
from datetime import datetime

import pypdfium2
import pytest
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from sqlalchemy import func, select

from counter_app.store import catalogue_tables, settings
from counter_app.domain.enums import DossierStatus
from counter_app.store.models import Dossier, DossierEvent, OutboxItem, PrintJob
from counter_app.services.receiving import receive
from tests.ui.keys import press, type_text
from ui.context import AppContext
from ui.printing.render import PrintFailed
from ui.receive import ReceiveView
from ui.receive.view import vn_time
from ui.tasks import TaskRunner

NOW = datetime(2026, 3, 10, 9, 0)  # a Tuesday morning
CTRL = Qt.KeyboardModifier.ControlModifier


class FakeSink:
    """A printer that keeps what it was sent, or fails while ``fail`` is set."""

    def __init__(self, fail: bool = False):
        self.fail = fail
        self.sent: list[tuple[bytes, str | None, str]] = []
        self.attempts = 0

    def print_pdf(self, data: bytes, printer_name: str | None, title: str) -> str:
        self.attempts += 1
        if self.fail:
            raise PrintFailed("Máy in hết giấy")
        self.sent.append((data, printer_name, title))
        return printer_name or "Máy in giả"


@pytest.fixture
def ctx(store, profile_dir):
    with store.read() as session:
        officer = settings.find_officer(session, "canbo1")
        officer_id, name = officer.id, officer.full_name
    tasks = TaskRunner()
    context = AppContext(profile_dir=profile_dir, store=store, tasks=tasks, officer_id=officer_id,
                         officer_name=name)
    yield context
    tasks.wait_all()


@pytest.fixture
def sink():
    return FakeSink()


@pytest.fixture
def view(qtbot, ctx, sink):
    widget = ReceiveView(ctx, sink=sink, clock=lambda: NOW)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.picker.matches.count() == 8 and widget.calendar is not None)
    return widget


def count(store, model) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def pick(qtbot, view, text: str, code: str) -> None:
    type_text(view.picker.search, text)
    qtbot.waitUntil(lambda: view.picker.matches.count() >= 1
                    and view.picker.matches.item(0).text().startswith(code))
    press(view.picker.search, Qt.Key.Key_Return)
    assert view.picker.spec.code == code


def fill_person(view) -> None:
    edits = view.form.edits
    type_text(edits["applicant_name"], "Nguyễn Văn Ấn")
    type_text(edits["id_number"], "001092012345")
    type_text(edits["address"], "Số 1 Trần Phú, phường Hải Châu, Đà Nẵng")
    type_text(edits["phone"], "0912345678")


def save(qtbot, view):
    with qtbot.waitSignal(view.dossier_saved, timeout=10_000) as blocker:
        press(view.form.edits["address"], Qt.Key.Key_Return, CTRL)
    return blocker.args[0]


def pdf_text_and_codes(data: bytes) -> tuple[str, set[str]]:
    pdf = pypdfium2.PdfDocument(io.BytesIO(data))
    text, codes = [], set()
    for page in pdf:
        text.append(page.get_textpage().get_text_range())
        image = page.render(scale=150 / 72).to_pil()
        codes.update(r.text for r in zxingcpp.read_barcodes(image))
    return unicodedata.normalize("NFC", "\n".join(text)), codes


def test_typing_diacritic_free_picks_the_procedure_and_shows_checklist_fee_and_appointment(qtbot, view, store):
    pick(qtbot, view, "chung thuc ban sao", "2.000815")
    assert [line.name for line in view.checklist.lines()] == [
        "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao", "Bản sao cần chứng thực"]
    view.copies.setValue(2)
    view.pages.setValue(3)
    # 2 copies × (2 pages × 2.000 đ + 1 page × 1.000 đ) = 10.000 đ
    assert view.fee_label.text().startswith("Phí, lệ phí: 10.000 đ")
    with store.read() as session:
        spec = catalogue_tables.get_spec(session, "2.000815")
        due = catalogue_tables.appointment(catalogue_tables.work_calendar(session), spec, NOW)
    assert view.appointment_label.text() == "Hẹn trả kết quả: " + vn_time(due)


def test_ctrl_enter_commits_then_prints_a_slip_whose_barcode_is_the_code(qtbot, view, store, sink, tmp_path):
    pick(qtbot, view, "khai sinh", "1.001193")
    fill_person(view)
    expected_due = view.appointment_label.text().removeprefix("Hẹn trả kết quả: ")
    outcome = save(qtbot, view)
    assert outcome.status is DossierStatus.RECEIVED
    assert vn_time(outcome.due_at) == expected_due
    qtbot.waitUntil(lambda: view.slips.last_printed, timeout=10_000)
    with store.read() as session:
        dossier = session.scalars(select(Dossier)).one()
        assert (dossier.code, dossier.applicant_name, dossier.id_number) == (outcome.code, "Nguyễn Văn Ấn", "001092012345")
        # the print itself is recorded in the history (who, when, which slip, which printer)
        events = list(session.scalars(select(DossierEvent).order_by(DossierEvent.seq)))
        assert [e.kind for e in events] == ["received", "slip_printed"]
        assert (events[1].data["slip"], events[1].data["printer"]) == ("receipt", "Máy in giả")
        assert [o.event_id for o in session.scalars(select(OutboxItem).order_by(OutboxItem.seq))] == [
            e.id for e in events]
        job = session.scalars(select(PrintJob)).one()
        assert (job.kind, job.status, job.dossier_id) == ("receipt", "printed", dossier.id)
    assert len(sink.sent) == 1
    path = tmp_path / "slip.pdf"
    path.write_bytes(sink.sent[0][0])
    text, codes = pdf_text_and_codes(path.read_bytes())
    assert outcome.code in codes
    assert "Nguyễn Văn Ấn" in text
    assert vn_time(outcome.due_at) in " ".join(text.split())
    assert view.form.text("applicant_name") == ""  # cleared for the next person


BAD_INPUT = [
    ("applicant_name", "Nguyễn Văn 3", "Họ và tên: không được chứa chữ số («3»)"),
    ("id_number", "00109201234", "Số định danh/CCCD: phải có đúng 12 chữ số (đang có 11)"),
    ("birth_date", "31/02/1990", "Ngày sinh: «31/02/1990» không phải ngày hợp lệ (nhập dạng 05/09/1990)"),
    ("phone", "091234", "Số điện thoại: phải có 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678)"),
    ("email", "an@@x", "Email: phần trước dấu @ «an@» không hợp lệ (ví dụ ten@example.com)"),
    ("address", " ", "Địa chỉ: không được để trống"),
]


@pytest.mark.parametrize(("field", "bad", "message"), BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_input_shows_its_message_beside_the_field_and_saves_nothing(qtbot, view, store, sink, field, bad, message):
    pick(qtbot, view, "khai sinh", "1.001193")
    fill_person(view)
    view.form.edits[field].clear()
    type_text(view.form.edits[field], bad)
    assert view.form.message(field) == message
    qtbot.waitUntil(lambda: view.ctx.tasks.pending() == 0)  # the returning-applicant look-up
    press(view.form.edits["phone"], Qt.Key.Key_Return, CTRL)
    assert view.form.message(field) == message
    assert view.ctx.tasks.pending() == 0 and not view.busy
    assert count(store, Dossier) == 0 and sink.attempts == 0


def test_saving_without_a_procedure_names_it(qtbot, view, store):
    fill_person(view)
    press(view.form.edits["phone"], Qt.Key.Key_Return, CTRL)
    assert view.procedure_error.text() == "Mã thủ tục: không được để trống"
    assert count(store, Dossier) == 0


def test_a_second_ctrl_enter_while_saving_makes_no_second_dossier(qtbot, view, store):
    pick(qtbot, view, "khai sinh", "1.001193")
    fill_person(view)
    with qtbot.waitSignal(view.dossier_saved, timeout=10_000):
        press(view.form.edits["address"], Qt.Key.Key_Return, CTRL)
        assert view.busy and not view.slips.buttons["receipt"].isEnabled()
        press(view.form.edits["address"], Qt.Key.Key_Return, CTRL)
    view.ctx.tasks.wait_all()
    assert count(store, Dossier) == 1


def test_cccd_qr_scanned_into_any_field_fills_the_applicant(qtbot, view):
    type_text(view.form.edits["phone"], "0912345678")
    scan = "001092012345||Nguyễn Văn Ấn|15031992|Nam|Số 1 Trần Phú, Hải Châu, Đà Nẵng|01012021"
    with qtbot.waitSignal(view.scan_applied) as blocker:
        type_text(view.form.edits["phone"], scan)
        press(view.form.edits["phone"], Qt.Key.Key_Return)
    assert blocker.args == [True]
    form = view.form
    assert [form.text(f) for f in ("applicant_name", "id_number", "birth_date", "address", "phone")] == [
        "Nguyễn Văn Ấn", "001092012345", "15/03/1992", "Số 1 Trần Phú, Hải Châu, Đà Nẵng", "0912345678"]
    assert all(form.message(f) == "" for f in form.FIELDS)
    assert form.identity_check() == "cccd_qr" and view.draft().identity_check == "cccd_qr"  # recorded as such


def test_a_malformed_card_code_is_refused_and_fills_nothing(qtbot, view):
    # birth year 1993 disagrees with digits 4–6 of the number (1992)
    scan = "001092012345||Nguyễn Văn Ấn|15031993|Nam|Số 1 Trần Phú|01012021"
    with qtbot.waitSignal(view.scan_applied) as blocker:
        type_text(view.picker.search, scan)
        press(view.picker.search, Qt.Key.Key_Return)
    assert blocker.args == [False]
    assert view.form.text("applicant_name") == "" and view.form.text("id_number") == ""
    assert view.picker.search.text() == ""
    assert view.message.text().startswith("Mã QR trên CCCD không hợp lệ: Số định danh/CCCD: chữ số thứ 4–6")


def test_a_returning_applicant_is_found_by_id_number(qtbot, view, store, make_draft):
    receive(store, make_draft(applicant_name="Trần Thị Bích", id_number="079301012345",
                              phone="0987654321", address="12 Lê Lợi, Đà Nẵng"), "canbo2")
    type_text(view.form.edits["id_number"], "079301012345")
    qtbot.waitUntil(lambda: view.form.text("applicant_name") == "Trần Thị Bích")
    assert (view.form.text("phone"), view.form.text("address")) == ("0987654321", "12 Lê Lợi, Đà Nẵng")


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform only
def test_esc_asks_before_clearing_unsaved_input(qtbot, view):
    type_text(view.form.edits["applicant_name"], "Lê Văn Tám")
    press(view.form.edits["applicant_name"], Qt.Key.Key_Escape)
    box = view.clear_box
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.No).click()
    assert view.form.text("applicant_name") == "Lê Văn Tám"
    press(view.form.edits["applicant_name"], Qt.Key.Key_Escape)
    with qtbot.waitSignal(view.cleared):
        view.clear_box.button(QMessageBox.StandardButton.Yes).click()
    assert view.form.text("applicant_name") == "" and not view.has_input()
    with qtbot.waitSignal(view.cleared):  # nothing typed: cleared at once, no question
        press(view.form.edits["applicant_name"], Qt.Key.Key_Escape)
    assert view.clear_box is None


def test_a_failed_print_keeps_the_job_not_printed_and_reprints_it(qtbot, view, store, sink):
    sink.fail = True
    pick(qtbot, view, "khai sinh", "1.001193")
    fill_person(view)
    with qtbot.waitSignal(view.slips.print_finished, timeout=10_000) as blocker:
        press(view.form.edits["address"], Qt.Key.Key_Return, CTRL)
    assert blocker.args[1] is False
    assert view.print_status.text().startswith("Chưa in")
    with store.read() as session:
        job = session.scalars(select(PrintJob)).one()
        assert job.status != "printed" and "Máy in hết giấy" in job.error
    qtbot.waitUntil(lambda: view.queue.model.rowCount() == 1)
    assert view.queue.model.index(0, 3).data().startswith("Chưa in")
    sink.fail = False
    with qtbot.waitSignal(view.slips.print_finished, timeout=10_000) as blocker:
        press(view.form.edits["address"], Qt.Key.Key_P, CTRL)
    assert blocker.args[1] is True
    qtbot.waitUntil(lambda: view.queue.model.rowCount() == 0)
    assert count(store, Dossier) == 1 and count(store, PrintJob) == 1
    with store.read() as session:
        assert session.scalars(select(PrintJob)).one().status == "printed"


def test_supplement_request_saves_the_dossier_waiting_with_its_missing_documents(qtbot, view, store):
    pick(qtbot, view, "khai sinh", "1.001193")
    fill_person(view)
    view.checklist.setFocus()
    view.checklist.setCurrentCell(1, 0)
    press(view.checklist, Qt.Key.Key_Space)  # Giấy chứng sinh not handed in
    with qtbot.waitSignal(view.dossier_saved, timeout=10_000) as blocker:
        press(view.checklist, Qt.Key.Key_B, CTRL)
    outcome = blocker.args[0]
    assert outcome.status is DossierStatus.SUPPLEMENT_REQUESTED and outcome.slip_kind == "supplement"
    qtbot.waitUntil(lambda: view.slips.last_printed, timeout=10_000)
    # The clock is stopped: the screen announces no return appointment, anywhere.
    shown = [label.text() for label in view.findChildren(QLabel) if label.isVisibleTo(view)]
    assert view.message.text().startswith(f"Đã lưu hồ sơ {outcome.code}, chờ bổ sung")
    assert not any(vn_time(outcome.due_at) in text for text in shown), shown
    assert "Chưa có hẹn trả kết quả" in view.message.text()
    with store.read() as session:
        dossier = session.scalars(select(Dossier)).one()
        assert dossier.clock_stopped_at == NOW
        events = list(session.scalars(select(DossierEvent).order_by(DossierEvent.seq)))
        assert [e.kind for e in events] == ["received", "supplement_requested", "slip_printed"]
        assert events[1].data["missing"] == ["Giấy chứng sinh"]
        assert session.scalars(select(PrintJob)).one().kind == "supplement"


def test_refusal_needs_a_reason_then_records_the_dossier_refused(qtbot, view, store):
    pick(qtbot, view, "khai sinh", "1.001193")
    fill_person(view)
    press(view.form.edits["phone"], Qt.Key.Key_R, CTRL)
    assert view.options_error.text() == "Lý do từ chối: không được để trống (nhập vào ô «Lý do»)."
    assert count(store, Dossier) == 0
    type_text(view.reason, "Không thuộc thẩm quyền giải quyết của UBND phường")
    # An officer may not refuse: the message says a supervisor is needed, nothing is stored.
    press(view.reason, Qt.Key.Key_R, CTRL)
    qtbot.waitUntil(lambda: "giám sát" in view.message.text(), timeout=10_000)
    assert count(store, Dossier) == 0
    with store.read() as session:
        supervisor = settings.find_officer(session, "giamsat")
        view.ctx.officer_id, view.ctx.officer_name = supervisor.id, supervisor.full_name
    with qtbot.waitSignal(view.dossier_saved, timeout=10_000) as blocker:
        press(view.reason, Qt.Key.Key_R, CTRL)
    assert blocker.args[0].status is DossierStatus.REFUSED
    qtbot.waitUntil(lambda: view.slips.last_printed, timeout=10_000)
    assert view.message.text() == f"Đã ghi nhận từ chối tiếp nhận hồ sơ {blocker.args[0].code}: đang in phiếu từ chối (Mẫu 03)."
    with store.read() as session:
        dossier = session.scalars(select(Dossier)).one()
        assert dossier.status == DossierStatus.REFUSED and dossier.finished_at == NOW
        refused = session.scalars(select(DossierEvent).where(DossierEvent.kind == "refused")).one()
        assert refused.data == {"reason": "Không thuộc thẩm quyền giải quyết của UBND phường"}


def test_the_preview_offers_the_remembered_printer_and_printing_from_it_keeps_it(qtbot, view, store, sink):
    from counter_app.services.printing import load_print_settings, set_printer

    with store.write() as session:
        set_printer(session, "receipt", "Máy in quầy 2")
    pick(qtbot, view, "khai sinh", "1.001193")
    fill_person(view)
    with qtbot.waitSignal(view.slips.print_finished, timeout=10_000):
        press(view.form.edits["address"], Qt.Key.Key_Return, CTRL)
    view.slips.printers = lambda: ["Máy in quầy 1", "Máy in quầy 2"]
    view.slips.preview()
    qtbot.waitUntil(lambda: view.slips.preview_dialog is not None, timeout=10_000)
    dialog = view.slips.preview_dialog
    assert dialog.printer_box.currentText() == "Máy in quầy 2"
    with qtbot.waitSignal(view.slips.print_finished, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert blocker.args[1] is True and sink.sent[-1][1] == "Máy in quầy 2"
    view.ctx.tasks.wait_all()
    with store.read() as session:
        assert load_print_settings(session).printers["receipt"] == "Máy in quầy 2"


def test_enter_before_the_search_answers_picks_what_was_typed_not_the_list_shown(qtbot, view, monkeypatch):
    """A fast officer (or a code scanned into the search) presses Enter while the list still
    shows the previous search: the pick waits for the matches of what was typed."""
    import threading

    gate = threading.Event()
    real = catalogue_tables.search_specs

    def slow_search(session, text, limit=20):
        gate.wait(10)
        return real(session, text, limit)

    monkeypatch.setattr(catalogue_tables, "search_specs", slow_search)
    assert view.picker.matches.item(0).text().startswith("1.000656")  # the list for ""
    type_text(view.picker.search, "1193")
    press(view.picker.search, Qt.Key.Key_Return)
    assert view.picker.spec is None  # nothing picked from the stale list
    gate.set()
    qtbot.waitUntil(lambda: view.picker.spec is not None)
    assert view.picker.spec.code == "1.001193"
    assert view.checklist.rowCount() > 0


def test_ctrl_d_digitises_the_dossier_just_saved_after_its_slip(qtbot, view, store, sink, tmp_path):
    """Receiving never waits for the scanner: save and print first, then Ctrl+D opens the
    digitising dialog for that dossier; its saved scan is the dossier's, said on the page."""
    from counter_app.store.models import DossierAttachment
    from tests.core.pages import save, text_page

    press(view.form.edits["applicant_name"], Qt.Key.Key_D, CTRL)  # nothing saved yet: said so
    assert view.message.text() == "Chưa có hồ sơ nào vừa lưu để số hóa."
    pick(qtbot, view, "khai sinh", "1.001193")
    fill_person(view)
    with qtbot.waitSignal(view.slips.print_finished, timeout=10_000):
        press(view.form.edits["address"], Qt.Key.Key_Return, CTRL)
    code = view.last_outcome.code
    assert len(sink.sent) == 1  # the slip first
    press(view.form.edits["applicant_name"], Qt.Key.Key_D, CTRL)
    qtbot.waitUntil(lambda: getattr(view, "digitise_dialog", None) is not None
                    and view.digitise_dialog.isVisible(), timeout=5000)
    dialog = view.digitise_dialog
    assert code in dialog.windowTitle()
    qtbot.waitUntil(lambda: dialog.status.text() == "Chưa số hóa.", timeout=5000)
    dialog.add_files([save(text_page(["Tờ khai đăng ký khai sinh"]), tmp_path / "p.png", "PNG"),
                      save(text_page(["Giấy chứng sinh"]), tmp_path / "q.png", "PNG")])
    qtbot.waitUntil(lambda: dialog.pages and len(dialog.pages) == 2, timeout=10_000)
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        dialog.save()
    qtbot.waitUntil(lambda: view.message.text().startswith("Đã lưu bản số hóa"), timeout=5000)
    assert view.message.text() == f"Đã lưu bản số hóa của hồ sơ {code} (2 trang)."
    with store.read() as session:
        scans = session.execute(select(DossierAttachment.document_position, DossierAttachment.pages)).all()
    assert scans == [(1, 2)]
