"""Enrolling the workstation from the window's "Hệ thống" menu, against the real reference
server process (a wrong code first, then the province's code), as `counter-app enroll` does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app.store import settings
from counter_app.services.demo import DEMO_AGENCY
from sync.config import SERVER_URL, read_token
from sync.engine import SyncState
from tests.ui.keys import press, type_text
from tests.ui.visible_text import english_words
from ui.app import build_window
from ui.context import AppContext
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's notice on show()


@pytest.fixture
def admin_window(qtbot, make_workstation):
    ws = make_workstation(1)
    with ws.store.read() as session:
        admin = settings.find_officer(session, "admin")
        ctx = AppContext(profile_dir=ws.profile_dir, store=ws.store, tasks=TaskRunner(), officer_id=admin.id,
                         officer_name=admin.full_name, officer_role=admin.role)
    window = build_window(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: getattr(window, "sync_runner", None) is not None, timeout=10_000)
    yield window, ws
    window.sync_runner.stop()
    ctx.tasks.wait_all()


def _setting(store, key):
    with store.read() as session:
        return settings.get_setting(session, key)


def test_enroll_from_the_menu_refuses_a_wrong_code_then_enrolls_and_syncs(qtbot, admin_window, server,
                                                                         server_store):
    window, ws = admin_window
    window.system_menu.enroll.trigger()
    dialog = window.system_menu.dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Đăng ký máy trạm với máy chủ tỉnh"

    press(dialog.code, Qt.Key.Key_Return)  # nothing typed
    assert dialog.url_error.text() == "Địa chỉ máy chủ: chưa nhập."

    type_text(dialog.url, "http://motcua.example.gov.vn")  # plain http off this machine
    type_text(dialog.code, "ABC")
    press(dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.url_error.text() != "", timeout=10_000)
    assert dialog.url_error.text() == "Máy chủ motcua.example.gov.vn phải dùng https (http chỉ dùng cho máy này)."

    dialog.url.clear()
    type_text(dialog.url, server.url)
    dialog.code.clear()
    type_text(dialog.code, "MÃ-SAI-0000")  # not a code at all: said before anything is sent
    press(dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled() and dialog.status.text().startswith("Không đăng ký được"),
                    timeout=20_000)
    assert dialog.status.text().startswith("Không đăng ký được: Mã đăng ký không đúng: mã gồm 4–64 chữ cái")
    dialog.code.clear()
    type_text(dialog.code, "SAI-MA-0000")  # well formed, but not the province's
    press(dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled() and dialog.status.text().startswith("Không đăng ký được"),
                    timeout=20_000)
    assert dialog.status.text() == "Không đăng ký được: Mã đăng ký không đúng hoặc đã được dùng."
    assert read_token(ws.store) is None  # nothing half written

    code = server_store.issue_code(DEMO_AGENCY.id)
    dialog.code.clear()
    type_text(dialog.code, code)
    with qtbot.waitSignal(window.sync_runner.status_changed, timeout=30_000,
                          check_params_cb=lambda result: result.state is SyncState.ONLINE):
        press(dialog.code, Qt.Key.Key_Return)
    assert dialog.status.text() == "Đã đăng ký máy trạm với máy chủ tỉnh. Đồng bộ bắt đầu ngay."
    assert _setting(ws.store, SERVER_URL) == server.url and read_token(ws.store)
    qtbot.waitUntil(lambda: window.sync_status.text().startswith("Trực tuyến"), timeout=10_000)


def test_enroll_says_so_when_the_server_does_not_answer(qtbot, admin_window):
    from tests.sync.conftest import free_port

    window, ws = admin_window
    window.system_menu.enroll.trigger()
    dialog = window.system_menu.dialog
    type_text(dialog.url, f"http://127.0.0.1:{free_port()}")  # nothing listens there
    type_text(dialog.code, "ABCD-1234")
    press(dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled() and dialog.status.text() != "Đang đăng ký với máy chủ…",
                    timeout=30_000)
    assert dialog.status.text() == (f"Không đăng ký được: Không kết nối được máy chủ {dialog.url.text()}: "
                                    "hãy kiểm tra mạng và địa chỉ máy chủ.")
    assert english_words(dialog.status.text()) == []  # no exception class name
    assert read_token(ws.store) is None
