"""The dossier card: opened by a scan in the running window, actions through their dialogs."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit
from sqlalchemy import select

from counter_app.domain.enums import DossierStatus as S
from counter_app.domain.lifecycle import Action
from counter_app.store.lookup import lookup
from counter_app.store.models import Dossier, DossierEvent, PrintJob
from counter_app.services import actions
from counter_app.services.receiving import receive
from tests.ui.keys import press, scanner_type, type_text
from ui.app import build_window
from ui.card.history_model import HistoryTableModel
from ui.card.view import CardView
from ui.context import AppContext
from ui.printing.render import PrintFailed
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform only

NOW = datetime(2026, 3, 10, 10, 0)


class FakeClock:
    def __init__(self, step: float):
        self.now, self.step = 0.0, step

    def __call__(self, _event) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def ctx(store, profile_dir):
    context = AppContext(profile_dir=profile_dir, store=store, tasks=TaskRunner(), officer_id="canbo2")
    yield context
    context.tasks.wait_all()


def _status(store, dossier_id):
    with store.read() as s:
        return S(s.get(Dossier, dossier_id).status)


def test_a_scan_into_the_running_window_opens_the_card_and_an_action_changes_the_store(qtbot, ctx, store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    window = build_window(ctx, scan_clock=FakeClock(4))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.card_page
    elsewhere = window.tabs.widget(0).findChildren(QLineEdit)[0]  # a field of the receive page
    window.show_page(window.tabs.widget(0))
    elsewhere.setFocus()
    before = elsewhere.text()

    with qtbot.waitSignal(page.card_shown, timeout=5000) as shown:
        qtbot.keyClicks(elsewhere, f" {receipt.code.lower()}")   # the scanner "types" fast…
        qtbot.keyClick(elsewhere, Qt.Key.Key_Return)            # …and ends with Enter
    assert elsewhere.text() == before                            # nothing landed in the field
    assert window.tabs.currentWidget() is page
    card = shown.args[0]
    assert (card.code, card.status) == (receipt.code, S.RECEIVED)
    assert set(page.buttons) == set(card.allowed_actions)
    assert Action.RETURN not in page.buttons

    qtbot.mouseClick(page.buttons[Action.HAND_OVER], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    type_text(dialog.fields["department"], "Phòng Tư pháp - Hộ tịch")
    with qtbot.waitSignal(page.action_done, timeout=5000):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert _status(store, receipt.id) is S.PROCESSING
    with store.read() as s:
        event = s.scalars(select(DossierEvent).where(DossierEvent.dossier_id == receipt.id)
                          .order_by(DossierEvent.seq.desc())).first()
        assert (event.kind, event.officer_name, event.data["department"]) == (
            "handed_over", "Phạm Đức Thắng", "Phòng Tư pháp - Hộ tịch")
    qtbot.waitUntil(lambda: page.card is not None and page.card.status is S.PROCESSING)
    assert Action.RESULT_READY in page.buttons and Action.HAND_OVER not in page.buttons
    window.close()


@pytest.mark.parametrize("caps_lock", [False, True])
def test_a_second_form_code_scanned_as_a_wedge_burst_opens_the_card(qtbot, ctx, store, make_draft, caps_lock):
    """Thông tư 04/2025/TT-VPCP: a centralised procedure's dossier received on or after
    25/01/2026 carries ``MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX``; the scanner types it with a real
    Shift press around each capital (with the PC's Caps Lock on or off) and the card opens."""
    from dataclasses import replace

    from counter_app.store import catalogue_tables, settings
    from counter_app.domain import code_rules

    with store.write() as session:
        spec = catalogue_tables.get_spec(session, "1.001193")
        catalogue_tables.upsert_specs(session, [replace(spec, centralised=True)])
        settings.set_setting(session, code_rules.CENTRALISED_AGENCY_ID, "H56.000.00")
        settings.set_setting(session, code_rules.PLATFORM_OWNER, "01")
    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    assert receipt.code == "H56.000.00-260310-010001"
    window = build_window(ctx, scan_clock=FakeClock(4))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.card_page
    elsewhere = window.tabs.widget(0).findChildren(QLineEdit)[0]  # a field of the receive page
    window.show_page(window.tabs.widget(0))
    elsewhere.setFocus()
    before = elsewhere.text()
    with qtbot.waitSignal(page.card_shown, timeout=5000) as shown:
        scanner_type(elsewhere, receipt.code, caps_lock=caps_lock)
        qtbot.keyClick(elsewhere, Qt.Key.Key_Return)
    assert elsewhere.text() == before
    assert window.tabs.currentWidget() is page
    assert (shown.args[0].code, shown.args[0].status) == (receipt.code, S.RECEIVED)
    window.close()


def test_the_scanner_settings_are_read_behind_the_window_and_applied(qtbot, ctx, store):
    from counter_app.store import settings
    from counter_app.store.lookup import ScannerConfig

    with store.write() as session:
        settings.set_setting(session, "scanner.prefix", "#")
        settings.set_setting(session, "scanner.max_gap_ms", 40)
    window = build_window(ctx, scan_clock=FakeClock(4))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.scan_filter.config.prefix == "#", timeout=10_000)
    assert window.scan_filter.config == ScannerConfig(prefix="#", max_gap_ms=40)
    window.close()


def test_human_typing_in_the_window_is_not_a_scan(qtbot, ctx, store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    window = build_window(ctx, scan_clock=FakeClock(200))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    field = QLineEdit()
    window.add_page(field, "test")
    window.show_page(field)
    field.setFocus()
    shown: list = []
    window.card_page.card_shown.connect(shown.append)
    qtbot.keyClicks(field, receipt.code)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == receipt.code
    assert shown == [] and window.tabs.currentWidget() is field
    window.close()


@pytest.fixture
def view(qtbot, ctx):
    beeps: list[int] = []
    page = CardView(ctx, clock=lambda: NOW, alert=lambda: beeps.append(1))
    qtbot.addWidget(page)
    page.beeps = beeps
    return page


def test_manual_code_field_accepts_a_damaged_label_typed_by_hand(qtbot, view, store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    type_text(view.code_field, "  " + receipt.code.lower() + " ")
    with qtbot.waitSignal(view.card_shown, timeout=5000) as shown:
        press(view.code_field, Qt.Key.Key_Return)
    assert shown.args[0].id == receipt.id
    assert view.header.text() == f"{receipt.code} — Đã tiếp nhận"
    assert view.due.text() == "Đến hạn trong hôm nay, còn 5 giờ làm việc"  # 10:00–11:30 and 13:30–17:00


def test_unknown_code_gives_a_message_and_a_beep(qtbot, view):
    type_text(view.code_field, "000.00.14.H56-260310-0999")
    with qtbot.waitSignal(view.message_changed, timeout=5000) as msg:
        press(view.code_field, Qt.Key.Key_Return)
    assert msg.args[0] == "Không có hồ sơ nào mang mã 000.00.14.H56-260310-0999 trên máy này."
    assert view.beeps == [1]
    assert view.card is None


def test_a_refused_action_shows_why_and_changes_nothing(qtbot, view, store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    with qtbot.waitSignal(view.card_shown, timeout=5000):
        view.open_code(receipt.code)
    actions.hand_over(store, receipt.code, department="Phòng Tư pháp", now=NOW)  # another counter acted
    qtbot.mouseClick(view.buttons[Action.REFUSE], Qt.MouseButton.LeftButton)
    type_text(view.dialog.fields["reason"], "Không thuộc thẩm quyền")
    with qtbot.waitSignal(view.message_changed, timeout=5000) as msg:
        view.dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert msg.args[0] == (f"Không thể từ chối hồ sơ {receipt.code}: "
                           "hồ sơ đang ở trạng thái “Đang giải quyết”.")
    assert view.beeps == [1]
    assert _status(store, receipt.id) is S.PROCESSING


def test_batch_mode_hands_over_the_scanned_stack_with_one_control_sheet(qtbot, view, store, make_draft):
    codes = [receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0)).code for _ in range(3)]
    done = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0)).code
    actions.hand_over(store, done, department="Phòng Tư pháp", now=NOW)
    view.batch_mode.setChecked(True)
    for code in codes + [done, codes[0]]:
        with qtbot.waitSignal(view.message_changed, timeout=5000):
            view.open_code(code)
    assert view.batch_list.count() == 3
    assert view.beeps == [1, 1]  # the handed-over one and the repeated one
    type_text(view.batch_department, "Phòng Tư pháp")
    with qtbot.waitSignal(view.print_requested, timeout=5000) as printed:
        qtbot.mouseClick(view.batch_submit, Qt.MouseButton.LeftButton)
    job_id, kind = printed.args
    assert kind == "handover"
    with store.read() as s:
        assert s.get(PrintJob, job_id).data["codes"] == codes
        assert {d.status for d in s.scalars(select(Dossier).where(Dossier.code.in_(codes)))} == {int(S.PROCESSING)}
    assert view.batch_list.count() == 0


def test_the_card_prints_the_dossiers_control_sheet_at_any_step(qtbot, view, store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    actions.hand_over(store, receipt.code, department="Phòng Tư pháp", now=NOW)
    with qtbot.waitSignal(view.card_shown, timeout=5000):
        view.open_code(receipt.code)
    with qtbot.waitSignal(view.print_requested, timeout=5000) as printed:
        qtbot.mouseClick(view.control_button, Qt.MouseButton.LeftButton)
    job_id, kind = printed.args
    assert kind == "control"
    with store.read() as s:
        job = s.get(PrintJob, job_id)
        assert (job.kind, job.dossier_id) == ("control", receipt.id)


def test_a_card_page_slip_that_fails_to_print_is_shown_there_and_listed_on_the_receive_page(qtbot, ctx, store,
                                                                                             make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))

    class JammedSink:
        def print_pdf(self, data, printer_name, title):
            raise PrintFailed("Máy in kẹt giấy")

    window = build_window(ctx, scan_clock=FakeClock(200))
    qtbot.addWidget(window)
    receive_page, page = window.tabs.widget(0), window.card_page
    assert receive_page.printing is window.printing  # one controller for every page
    window.printing.sink = JammedSink()
    page.batch_mode.setChecked(True)
    with qtbot.waitSignal(page.message_changed, timeout=5000):
        page.open_code(receipt.code)
    type_text(page.batch_department, "Phòng Tư pháp")
    with qtbot.waitSignal(window.printing.job_failed, timeout=20_000) as failed:
        qtbot.mouseClick(page.batch_submit, Qt.MouseButton.LeftButton)
    job_id = failed.args[0]
    assert page.message.text() == ("Chưa in được phiếu (Máy in kẹt giấy); phiếu vẫn nằm trong danh sách "
                                   "phiếu chưa in.")
    qtbot.waitUntil(lambda: [r.job_id for r in receive_page.queue.model.rows] == [job_id], timeout=5000)
    assert receive_page.queue.model.rows[0].kind == "handover"
    assert window.printing.in_flight == set()
    window.close()


def test_history_model_passes_the_model_tester(qtbot, store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    actions.request_supplement(store, receipt.code, missing=["Tờ khai", "Giấy chứng sinh"], now=NOW)
    card = lookup(store, receipt.code, now=NOW)
    model = HistoryTableModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_rows(card.history)
    assert model.rowCount() == 2
    assert model.index(1, 1).data() == "Yêu cầu bổ sung"
    assert model.index(1, 4).data() == "Tờ khai, Giấy chứng sinh"
    assert QApplication.instance() is not None


def test_the_card_marks_documents_not_handed_in_and_gives_no_appointment_while_waiting(qtbot, view, store,
                                                                                      make_draft):
    from counter_app.domain.drafts import DocumentLine
    from counter_app.domain.enums import DocumentForm

    documents = [DocumentLine("Tờ khai đăng ký khai sinh", DocumentForm.ORIGINAL, 1, True),
                 DocumentLine("Giấy chứng sinh", DocumentForm.ORIGINAL, 1, False)]
    receipt = receive(store, make_draft(documents=documents), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    actions.request_supplement(store, receipt.code, missing=["Giấy chứng sinh"], now=datetime(2026, 3, 10, 9, 30))
    with qtbot.waitSignal(view.card_shown, timeout=5000):
        view.open_code(receipt.code)
    lines = view.documents.text().split("<br>")
    assert "Tờ khai đăng ký khai sinh (bản chính, 1)" in lines[0] and "chưa nộp" not in lines[0]
    assert "Giấy chứng sinh (bản chính, 1)" in lines[1] and "chưa nộp" in lines[1] and "#b00020" in lines[1]
    assert "Hẹn trả: chưa có (chờ bổ sung; hẹn lại khi nhận đủ hồ sơ)" in view.details.text()
    assert receipt.due_at.strftime("%H:%M %d/%m/%Y") not in view.details.text()


def test_history_details_are_in_words_not_stored_codes(qtbot, view, store, make_draft):
    receipt = receive(store, make_draft(procedure_code="1.004873"), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    actions.hand_over(store, receipt.code, department="Phòng Tư pháp", now=datetime(2026, 3, 10, 10, 0))
    actions.result_ready(store, receipt.code, now=datetime(2026, 3, 11, 9, 0))  # due on the 13th: early
    with qtbot.waitSignal(view.card_shown, timeout=5000):
        view.open_code(receipt.code)
    details = [view.history.data(view.history.index(r, 4)) for r in range(view.history.rowCount())]
    assert details[-1] == "trước hạn"
    assert not any("early" in text or "on_time" in text for text in details)
    assert view.due.text() == "Đã xong (trước hạn)"


def test_the_card_says_which_documents_are_digitised(qtbot, view, store, profile_dir, make_draft, tmp_path):
    from counter_app.services.digitising import attach_files
    from tests.core.pages import save, text_page

    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    page = save(text_page(["Tờ khai đăng ký khai sinh"]), tmp_path / "p.jpg", "JPEG")
    attach_files(store, profile_dir, receipt.code, 1, [page, page], now=datetime(2026, 3, 10, 9, 5))
    with qtbot.waitSignal(view.card_shown, timeout=5000):
        view.open_code(receipt.code)
    lines = view.documents.text().split("<br>")
    handed_in = [d.handed_in for d in view.card.documents]
    assert False in handed_in  # the seed checklist has an optional document not handed in
    assert "đã số hóa (2 trang)" in lines[0]
    for line, given in zip(lines[1:], handed_in[1:]):
        assert ("chưa số hóa" in line) == given and ("chưa nộp" in line) == (not given)


def test_the_card_opens_the_digitising_dialog_and_shows_the_saved_scan(qtbot, view, store, make_draft, tmp_path):
    from tests.core.pages import save, text_page

    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    with qtbot.waitSignal(view.card_shown, timeout=5000):
        view.open_code(receipt.code)
    view.digitise_button.click()
    qtbot.waitUntil(lambda: view.digitise_dialog is not None and view.digitise_dialog.isVisible(), timeout=5000)
    dialog = view.digitise_dialog
    qtbot.waitUntil(lambda: dialog.status.text() == "Chưa số hóa.", timeout=5000)
    dialog.add_files([save(text_page(["Tờ khai"]), tmp_path / "p.jpg", "JPEG")])
    with qtbot.waitSignal(view.card_shown, timeout=20000):
        dialog.save()
    assert "đã số hóa (1 trang)" in view.documents.text().split("<br>")[0]
