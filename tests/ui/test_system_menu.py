"""The "Hệ thống" menu of the real window: each action driven as a person would (the menu's
actions, their shortcuts, the dialogs they open)."""

from __future__ import annotations

import pytest
import shiboken6
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.services import auth
from counter_app.store import settings
from counter_app.store.models import Officer
from tests.ui.keys import press, type_text
from ui.app import build_window
from ui.context import AppContext
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", r"does not support raise\(\)")  # offscreen platform notices

PASSWORD = "Mật-khẩu-1"


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def accounts(store):
    with store.write() as session:
        for officer in session.query(Officer):
            officer.password_hash = auth.hash_password(PASSWORD)
    return store


def _context(store, profile_dir, username: str) -> AppContext:
    with store.read() as session:
        o = settings.find_officer(session, username)
        return AppContext(profile_dir=profile_dir, store=store, tasks=TaskRunner(), officer_id=o.id,
                          officer_name=o.full_name, officer_role=o.role)


@pytest.fixture
def make_window(qtbot, accounts, profile_dir):
    made = []

    def make(username: str = "canbo1"):
        ctx = _context(accounts, profile_dir, username)
        window = build_window(ctx)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: getattr(window, "sync_runner", None) is not None, timeout=10_000)
        made.append((window, ctx))
        return window, ctx

    yield make
    for window, ctx in made:
        window.sync_runner.stop()
        ctx.tasks.wait_all()


def _texts(menu) -> list[str]:
    return [a.text() if not a.isSeparator() else "—" for a in menu.actions()]


def test_the_menu_holds_every_action_in_vietnamese_with_its_shortcut(make_window):
    window, _ctx = make_window("admin")
    menu = window.system_menu
    assert [a.text() for a in window.menuBar().actions()] == ["Hệ thống"]
    assert _texts(menu.menu) == [
        "Đồng bộ ngay", "Đăng ký máy trạm với máy chủ tỉnh…", "—", "Cài đặt…", "Đổi mật khẩu…", "—",
        "Khoá màn hình", "Đăng xuất", "—", "Giới thiệu…",
    ]
    assert menu.sync_now.shortcut().toString() == "F5" and menu.sync_now.isEnabled()
    assert menu.lock.shortcut().toString() == "Ctrl+Shift+L"
    assert menu.enroll.isEnabled()


def test_an_officer_cannot_enroll_the_workstation(make_window):
    window, _ctx = make_window("canbo1")
    assert not window.system_menu.enroll.isEnabled()
    assert window.system_menu.enroll.toolTip() == "Chỉ quản trị viên được đăng ký máy trạm."


def test_sync_now_runs_a_round(qtbot, make_window):
    window, _ctx = make_window()
    with qtbot.waitSignal(window.sync_runner.status_changed, timeout=10_000) as got:
        window.system_menu.sync_now.trigger()
    assert got.args[0].state.value == "not_enrolled"


def test_change_my_password_refuses_a_wrong_current_password_then_changes_it(qtbot, make_window, accounts):
    window, ctx = make_window("canbo1")
    window.system_menu.change_password.trigger()
    dialog = window.system_menu.dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Đổi mật khẩu"
    type_text(dialog.current, "sai mật khẩu")
    type_text(dialog.new, "Mật-khẩu-mới-2")
    type_text(dialog.repeat, "Mật-khẩu-mới-3")
    press(dialog.repeat, Qt.Key.Key_Return)
    assert dialog.errors["repeat"].text() == "Mật khẩu nhập lại không khớp với mật khẩu mới."
    dialog.repeat.clear()
    type_text(dialog.repeat, "Mật-khẩu-mới-2")
    press(dialog.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.errors["old_password"].text() != "", timeout=10_000)
    assert dialog.errors["old_password"].text() == "Mật khẩu hiện tại không đúng"
    dialog.current.clear()
    type_text(dialog.current, PASSWORD)
    with qtbot.waitSignal(dialog.password_changed, timeout=10_000):
        press(dialog.repeat, Qt.Key.Key_Return)
    assert dialog.status.text().startswith("Đã đổi mật khẩu")
    assert auth.login(accounts, "canbo1", "Mật-khẩu-mới-2").officer_id == ctx.officer_id
    with pytest.raises(auth.LoginFailed):
        auth.login(accounts, "canbo1", PASSWORD)


def test_lock_from_the_menu_and_by_its_shortcut(qtbot, make_window):
    from ui.startup import install_session

    window, ctx = make_window()
    install_session(QApplication.instance(), window, ctx)
    window.system_menu.lock.trigger()
    assert window.screen_lock.overlay.isVisible() and window.property("screenLocked") is True
    type_text(window.screen_lock.overlay.password, PASSWORD)
    with qtbot.waitSignal(window.screen_lock.locked_changed, timeout=10_000):
        press(window.screen_lock.overlay.password, Qt.Key.Key_Return)
    assert not window.screen_lock.overlay.isVisible()
    with qtbot.waitActive(window):
        window.activateWindow()
    with qtbot.waitSignal(window.screen_lock.locked_changed, timeout=5_000) as got:
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert got.args == [True]
    window.screen_lock.watcher.uninstall()


def test_about_names_the_version_the_profile_folder_and_the_log_file(make_window, profile_dir):
    from counter_app import __version__

    window, _ctx = make_window()
    window.system_menu.about.trigger()
    dialog = window.system_menu.dialog
    assert dialog.windowTitle() == "Giới thiệu"
    assert dialog.version.text() == __version__
    assert dialog.profile.text() == str(profile_dir)
    assert dialog.log.text().startswith(str(profile_dir / "logs" / "counter-app.log"))
    assert dialog.officer.text() == "Nguyễn Thị Mai Anh"


def test_sign_out_asks_who_signs_in_next_and_gives_them_their_own_window(qtbot, accounts, profile_dir):
    from ui.session import Session

    ctx = _context(accounts, profile_dir, "canbo1")
    session = Session(QApplication.instance(), ctx, "UBND phường Hải Châu")
    first = session.open_window()  # not given to qtbot: the session deletes it
    qtbot.waitUntil(lambda: getattr(first, "scan_filter", None) is not None, timeout=10_000)
    assert "Quản trị" not in [first.tabs.tabText(i) for i in range(first.tabs.count())]

    with qtbot.waitSignal(session.signed_out, timeout=5_000):
        first.system_menu.sign_out.trigger()
    login = session.login
    assert login.isVisible() and not first.isVisible()
    assert ctx.officer_id is None and not first.scan_filter.enabled
    type_text(login.username, "admin")
    type_text(login.password, PASSWORD)
    with qtbot.waitSignal(session.window_opened, timeout=10_000) as opened:
        press(login.password, Qt.Key.Key_Return)
    second = opened.args[0]
    qtbot.addWidget(second)
    assert second is not first and second.isVisible()
    assert second.officer_label.text() == "Trần Thị Thu Hà" and ctx.officer_role == "admin"
    qtbot.waitUntil(lambda: second.has_page("admin"), timeout=10_000)
    assert second.system_menu.enroll.isEnabled()
    qtbot.waitUntil(lambda: not shiboken6.isValid(first), timeout=5_000)  # the old window is gone
    if getattr(second, "sync_runner", None) is not None:
        second.sync_runner.stop()
    second.screen_lock.watcher.uninstall()
    ctx.tasks.wait_all()
