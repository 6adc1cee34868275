"""The Vietnamese interface has no English left: every page, menu and dialog of the real window
(Qt's own message boxes, button boxes, file and input dialogs and context menus included), read
as a person sees it with the translators installed as ``run_gui`` installs them."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)
from sqlalchemy import select

from counter_app.store import settings
from counter_app.services.demo import create_demo
from counter_app.domain.lifecycle import Action
from counter_app.store.lookup import lookup
from counter_app.store.models import Dossier
from tests.ui.visible_text import english_in, english_words
from ui.context import AppContext
from ui.i18n import install_translators, remove_translators
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's notice on show()

NOW = datetime(2026, 3, 20, 10, 0)


def test_the_word_test_tells_english_from_vietnamese_without_marks():
    assert english_words("&Yes No Cancel OK Save early on_time Look in: File name:") == [
        "Yes", "No", "Cancel", "OK", "Save", "early", "on", "time", "Look", "File", "name"]
    assert english_words("In lại (Ctrl+P) · Lý do · Nguyen Van An · Tiếp nhận · CCCD · PDF · 12 giờ") == []
    assert english_words("https://motcua.example.gov.vn /tmp/profile/logs/counter-app.log duc@example.vn") == []


@pytest.fixture
def vietnamese(qapp):
    translators = install_translators(qapp, "vi")
    yield
    remove_translators(qapp, translators)


@pytest.fixture
def window(qtbot, store, profile_dir, vietnamese):
    from ui.app import build_window
    from ui.startup import install_session

    create_demo(store, 120, now=NOW)
    _through_the_services(store)
    with store.read() as session:
        admin = settings.find_officer(session, "admin")
        ctx = AppContext(profile_dir=profile_dir, store=store, tasks=TaskRunner(), officer_id=admin.id,
                         officer_name=admin.full_name, officer_role=admin.role)
    win = build_window(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: getattr(win, "sync_runner", None) is not None and win.has_page("admin")
                    and all(win.built_page(k) is not None for k in ("card", "today", "logbook", "admin")),
                    timeout=20_000)
    install_session(QApplication.instance(), win, ctx)
    with qtbot.waitSignal(win.sync_runner.status_changed, timeout=20_000):  # the status bar's words
        win.system_menu.sync_now.trigger()
    yield win
    win.sync_runner.stop()
    win.screen_lock.watcher.uninstall()
    ctx.tasks.wait_all()


def _through_the_services(store) -> None:
    """Dossiers taken through the counter's actions, so that their history holds every kind of
    input the card shows (result timing, new appointment, amount, missing documents)."""
    from counter_app.domain.drafts import DossierDraft
    from counter_app.services import actions
    from counter_app.services.receiving import receive

    def draft(name: str, day: int) -> DossierDraft:
        return DossierDraft(procedure_code="1.004873", applicant_name=name, id_number="001092012345",
                            address="Số 1 Trần Phú, phường Hải Châu, Đà Nẵng", received_at=datetime(2026, 3, day, 9, 0))

    early = receive(store, draft("Lê Văn Sớm", 16), "canbo1")
    actions.hand_over(store, early.code, "canbo1", department="Phòng Tư pháp", now=datetime(2026, 3, 16, 10, 0))
    actions.result_ready(store, early.code, "canbo1", now=datetime(2026, 3, 17, 9, 0))
    late = receive(store, draft("Trần Thị Muộn", 10), "canbo1")
    actions.hand_over(store, late.code, "canbo1", department="Phòng Tư pháp", now=datetime(2026, 3, 10, 10, 0))
    actions.apologise(store, late.code, "giamsat", reason="Cần xác minh thêm",
                      new_due_at=datetime(2026, 3, 25, 16, 0), now=datetime(2026, 3, 16, 9, 0))
    actions.require_payment(store, late.code, "canbo1", amount=50_000, now=datetime(2026, 3, 17, 9, 0))
    waiting = receive(store, draft("Phạm Văn Chờ", 18), "canbo1")
    actions.request_supplement(store, waiting.code, "canbo1", missing=["Tờ khai"], now=datetime(2026, 3, 18, 10, 0))
    store.walk_codes = [early.code, late.code, waiting.code]


def _walk_tabs(qtbot, root: QWidget, place: str, found: list[str]) -> None:
    """Every tab of every tab widget under *root* shown in turn, and read."""
    tabs = [t for t in root.findChildren(QTabWidget) if t.isVisible()]
    for tab_widget in tabs:
        for i in range(tab_widget.count()):
            tab_widget.setCurrentIndex(i)
            qtbot.wait(20)  # one paint: lazily filled tables fetch their first rows
            found += english_in(root, f"{place} / {tab_widget.tabText(i)}")
            inner = tab_widget.widget(i)
            if inner.findChildren(QTabWidget):
                _walk_tabs(qtbot, inner, f"{place} / {tab_widget.tabText(i)}", found)


def _dialog(qtbot, dialog: QDialog, place: str, found: list[str]) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    found += english_in(dialog, place)
    dialog.reject()


def _dossiers_for_every_action(store) -> dict[Action, str]:
    with store.read() as session:
        codes = list(session.scalars(select(Dossier.code)))
    chosen: dict[Action, str] = {}
    for code in codes:
        card = lookup(store, code, now=NOW)
        for action in card.allowed_actions:
            chosen.setdefault(action, code)
        if len(chosen) == len(Action):
            break
    return chosen


def _tiny_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, "Giấy tiếp nhận hồ sơ")
    pdf.save()
    return out.getvalue()


def test_every_page_menu_and_dialog_of_the_window_is_in_vietnamese(qtbot, window, store, tmp_path):
    found: list[str] = []
    ctx = window.ctx

    # Pages (and the tabs inside them), the menu bar, the status bar.
    _walk_tabs(qtbot, window, "cửa sổ", found)

    # The card of dossiers in every state, each action's dialog, the edit dialog, batch mode.
    card_page = window.page("card")
    window.show_page(card_page)
    for action, code in _dossiers_for_every_action(store).items():
        with qtbot.waitSignal(card_page.card_shown, timeout=10_000):
            card_page.open_code(code)
        found += english_in(window, f"thẻ hồ sơ {code}")
        card_page.request_action(action)
        found += english_in(card_page.dialog, f"hộp thoại {action.value}")
        card_page.dialog.reject()
    for code in store.walk_codes:
        with qtbot.waitSignal(card_page.card_shown, timeout=10_000):
            card_page.open_code(code)
        found += english_in(window, f"thẻ hồ sơ {code}")
    card_page.request_edit()
    qtbot.waitUntil(lambda: card_page.edit_dialog is not None, timeout=10_000)
    found += english_in(card_page.edit_dialog, "sửa hồ sơ")
    card_page.edit_dialog.reject()
    card_page.batch_mode.setChecked(True)
    found += english_in(window, "bàn giao theo lô")
    card_page.batch_mode.setChecked(False)

    # The receive page's question before clearing, and the print preview.
    receive = window.tabs.widget(0)
    window.show_page(receive)
    receive.note.setText("Ghi chú thử")
    receive.request_clear()
    found += english_in(receive.clear_box, "hỏi trước khi xoá")
    receive.clear_box.reject()
    from ui.printing.preview import PrintPreviewDialog

    _dialog(qtbot, PrintPreviewDialog(_tiny_pdf(), "000.00.14.H56-260320-0001", ["Máy in quầy 1"], parent=window),
            "xem trước khi in", found)

    # The "Hệ thống" menu's dialogs and the settings.
    menu = window.system_menu
    for action, place in ((menu.change_password, "đổi mật khẩu"), (menu.enroll, "đăng ký máy trạm"),
                          (menu.about, "giới thiệu")):
        action.trigger()
        qtbot.waitExposed(menu.dialog)
        found += english_in(menu.dialog, place)
        menu.dialog.reject()
    from ui.startup import settings_dialog

    _dialog(qtbot, settings_dialog(window, ctx), "cài đặt", found)

    # The sign-in, the lock, the first-run wizard (every page), the new-account dialog.
    from ui.admin.accounts import NewOfficerDialog
    from ui.login import LoginDialog
    from ui.wizard import SetupWizard

    _dialog(qtbot, LoginDialog(store, ctx.tasks, agency_name="UBND phường Hải Châu"), "đăng nhập", found)
    window.system_menu.lock.trigger()
    found += english_in(window, "màn hình khoá")
    window.screen_lock.overlay._succeeded(None)
    _dialog(qtbot, NewOfficerDialog(window), "tạo tài khoản", found)
    wizard = SetupWizard(store, ctx.tasks)
    qtbot.addWidget(wizard)
    wizard.show()
    for page_id in wizard.pageIds():  # each page shown in turn (its fields are empty: no "Tiếp theo")
        wizard.setStartId(page_id)
        wizard.restart()
        found += english_in(wizard, f"thiết lập lần đầu, trang {page_id}")
    wizard.reject()

    # Qt's own dialogs as the application opens them.
    box = QMessageBox(QMessageBox.Icon.Question, "Cơ sở dữ liệu bị hỏng", "Khôi phục?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    _dialog(qtbot, box, "hộp hỏi có/không", found)
    buttons = QDialog(window)
    QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                     | QDialogButtonBox.StandardButton.Close, buttons)
    _dialog(qtbot, buttons, "nút chuẩn", found)
    empty = tmp_path / "trống"
    empty.mkdir()
    for title, mode, accept in (("Lưu phiếu thành PDF", QFileDialog.FileMode.AnyFile, QFileDialog.AcceptMode.AcceptSave),
                                ("Tệp danh mục", QFileDialog.FileMode.ExistingFile, QFileDialog.AcceptMode.AcceptOpen),
                                ("Thư mục sao lưu", QFileDialog.FileMode.Directory, QFileDialog.AcceptMode.AcceptOpen)):
        files = QFileDialog(window, title, str(empty), "Tệp PDF (*.pdf)")
        files.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own, as on Linux; Windows draws its own
        files.setFileMode(mode)
        files.setAcceptMode(accept)
        _dialog(qtbot, files, f"chọn tệp: {title}", found)
    ask = QInputDialog(window)
    ask.setWindowTitle("Đặt lại mật khẩu")
    ask.setLabelText("Mật khẩu mới cho canbo1")
    _dialog(qtbot, ask, "hỏi một giá trị", found)
    for field in (QLineEdit("abc"), QPlainTextEdit("abc")):
        context_menu = field.createStandardContextMenu()
        found += [f"menu chuột phải: {word!r} in «{a.text()}»" for a in context_menu.actions()
                  for word in english_words(a.text())]

    assert found == [], "\n".join(found)
