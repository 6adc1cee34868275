"""The login dialog, the lockout seen by a person, and the screen lock after idle time."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from counter_app.services import auth
from counter_app.store import settings
from counter_app.store.models import AuditEntry, Officer
from tests.ui.keys import press, type_text
from ui.login import IdleWatcher, LoginDialog, ScreenLock
from ui.tasks import TaskRunner

T0 = datetime(2026, 3, 10, 8, 0)

# The offscreen platform warns that it cannot propagate a top-level window's size hints.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def accounts(store):
    with store.write() as session:
        session.query(Officer).filter_by(username="canbo1").one().password_hash = auth.hash_password("Mật-khẩu-1")
        settings.set_setting(session, auth.LOCKOUT_ATTEMPTS, 2)
        settings.set_setting(session, auth.LOCKOUT_MINUTES, 5)
    return store


@pytest.fixture
def tasks():
    runner = TaskRunner()
    yield runner
    runner.wait_all()


def test_wrong_then_right_password(qtbot, accounts, tasks):
    clock = [T0]
    dialog = LoginDialog(accounts, tasks, clock=lambda: clock[0])
    qtbot.addWidget(dialog)
    type_text(dialog.username, "canbo1")
    type_text(dialog.password, "sai")
    press(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "không đúng" in dialog.error.text())
    assert "lần thử" not in dialog.error.text()  # no count down before the name is proven
    assert dialog.password.text() == ""
    type_text(dialog.password, "Mật-khẩu-1")
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000) as signed:
        press(dialog.password, Qt.Key.Key_Return)
    assert (signed.args[0].username, signed.args[0].full_name) == ("canbo1", "Nguyễn Thị Mai Anh")
    assert dialog.result() == LoginDialog.DialogCode.Accepted


def test_the_lockout_is_shown_and_lifts_after_the_duration(qtbot, accounts, tasks):
    clock = [T0]
    dialog = LoginDialog(accounts, tasks, clock=lambda: clock[0])
    qtbot.addWidget(dialog)
    type_text(dialog.username, "canbo1")
    for _ in range(2):  # the lockout policy is told, never this account's count or lock time
        dialog.error.clear()
        type_text(dialog.password, "sai")
        dialog.submit()
        qtbot.waitUntil(lambda: "sau 2 lần nhập sai liên tiếp, tài khoản bị khoá 5 phút" in dialog.error.text())
    clock[0] = T0 + timedelta(minutes=4)
    dialog.error.clear()
    type_text(dialog.password, "Mật-khẩu-1")
    dialog.submit()
    qtbot.waitUntil(lambda: "tạm khoá" in dialog.error.text())
    assert "08 giờ 05" not in dialog.error.text()
    clock[0] = T0 + timedelta(minutes=5)
    type_text(dialog.password, "Mật-khẩu-1")
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000):
        dialog.submit()


def test_the_screen_locks_when_idle_and_unlocks_with_the_password(qtbot, accounts, tasks):
    window = QMainWindow()
    window.setCentralWidget(QLabel("Danh sách hồ sơ"))
    qtbot.addWidget(window)
    window.show()
    with accounts.read() as session:
        officer = session.query(Officer).filter_by(username="canbo1").one()
        officer_id, full_name = officer.id, officer.full_name
    lock = ScreenLock(QApplication.instance(), window, accounts, tasks, officer_id, full_name,
                      idle_minutes=0.002, clock=lambda: T0)
    with qtbot.waitSignal(lock.locked_changed, timeout=5_000) as locked:
        pass  # no input for 120 ms
    assert locked.args == [True]
    assert lock.overlay.isVisible() and not window.centralWidget().isEnabled()
    assert lock.overlay.geometry() == window.rect()
    assert "Nguyễn Thị Mai Anh" in lock.overlay.message.text()
    type_text(lock.overlay.password, "sai")
    press(lock.overlay.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "còn 1 lần thử" in lock.overlay.error.text())
    assert lock.overlay.isVisible()
    type_text(lock.overlay.password, "Mật-khẩu-1")
    with qtbot.waitSignal(lock.locked_changed, timeout=10_000) as unlocked:
        press(lock.overlay.password, Qt.Key.Key_Return)
    assert unlocked.args == [False]
    assert not lock.overlay.isVisible() and window.centralWidget().isEnabled()
    with accounts.read() as session:
        trail = [e.action for e in session.query(AuditEntry).order_by(AuditEntry.seq)]
    assert trail == ["login_failed", "unlock_screen"]  # an unlock is no new login
    assert lock.watcher.timer.isActive()
    lock.watcher.uninstall()


def test_input_restarts_the_idle_timer_and_zero_disables_it(qtbot):
    app = QApplication.instance()
    watcher = IdleWatcher(app, 60_000)
    target = QLabel()
    watcher.timer.start(5)  # as if almost idle
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))
    assert watcher.timer.interval() == 60_000 and watcher.timer.remainingTime() > 59_000
    watcher.set_timeout_ms(0)
    assert not watcher.timer.isActive()
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))
    assert not watcher.timer.isActive()
    watcher.uninstall()


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's notice on show()
def test_the_agency_name_is_centred_over_the_form(qtbot, accounts, tasks):
    dialog = LoginDialog(accounts, tasks, agency_name="UBND phường Hải Châu")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    title = next(label for label in dialog.findChildren(QLabel) if label.text() == "UBND phường Hải Châu")
    assert title.alignment() & Qt.AlignmentFlag.AlignHCenter
