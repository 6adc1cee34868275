"""The settings dialog: shows the stored values, saves what changed, audited, roles respected."""

from __future__ import annotations

import pytest

from counter_app.services import auth
from counter_app.store import settings
from counter_app.store.models import AuditEntry, Officer
from tests.ui.keys import type_text
from ui.context import AppContext
from ui.settings_dialog import SettingsDialog, escape_controls, unescape_controls
from ui.tasks import TaskRunner

PRINTERS = ["HP LaserJet M211", "Xprinter XP-365B"]


@pytest.fixture
def tasks():
    runner = TaskRunner()
    yield runner
    runner.wait_all()


def _ctx(store, profile_dir, tasks, username):
    with store.read() as session:
        o = session.query(Officer).filter_by(username=username).one()
        return AppContext(profile_dir=profile_dir, store=store, tasks=tasks, officer_id=o.id,
                          officer_name=o.full_name, officer_role=o.role)


def _open(qtbot, ctx):
    dialog = SettingsDialog(ctx, printers=PRINTERS)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isEnabled)
    return dialog


def test_an_officer_sets_printers_paper_and_scanner(qtbot, store, profile_dir, tasks):
    with store.write() as session:
        settings.set_setting(session, "scanner.suffix", "\r")
    dialog = _open(qtbot, _ctx(store, profile_dir, tasks, "canbo1"))
    assert dialog.suffix.text() == "\\r"
    assert dialog.paper.currentData() == "a4_two_a5"
    assert dialog.backup_dir.text() == str(profile_dir / "backups")
    assert not dialog.keep_days.isEnabled() and not dialog.admin_note.isHidden()
    dialog.printer_boxes["printing.printer.receipt"].setCurrentIndex(1)
    dialog.printer_boxes["printing.printer.label"].setCurrentIndex(2)
    dialog.paper.setCurrentIndex(1)
    dialog.max_gap.setValue(45)
    type_text(dialog.prefix, "§")
    with qtbot.waitSignal(dialog.settings_saved, timeout=10_000) as saved:
        dialog.save()
    assert saved.args[0] == {
        "printing.printer.receipt": [None, "HP LaserJet M211"],
        "printing.printer.label": [None, "Xprinter XP-365B"],
        "printing.paper": [None, "a5"],
        "scanner.max_gap_ms": [None, 45],
        "scanner.prefix": [None, "§"],
    }
    with store.read() as session:
        assert settings.get_setting(session, "printing.paper") == "a5"
        assert settings.get_setting(session, "scanner.suffix") == "\r"
        entry = session.query(AuditEntry).order_by(AuditEntry.seq.desc()).first()
        assert entry.action == "settings_changed" and set(entry.detail) == set(saved.args[0])


def test_an_administrator_sets_the_backup_folder_retention_and_idle_lock(qtbot, store, profile_dir, tasks, tmp_path):
    dialog = _open(qtbot, _ctx(store, profile_dir, tasks, "admin"))
    assert dialog.keep_days.isEnabled()
    (tmp_path / "Sao lưu").mkdir()  # a folder that exists and can be written, outside the profile
    dialog.backup_dir.setText(str(tmp_path / "Sao lưu"))
    dialog.keep_days.setValue(14)
    dialog.idle_minutes.setValue(5)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    with qtbot.waitSignal(dialog.settings_saved, timeout=10_000):
        dialog.save()
    with store.read() as session:
        assert settings.get_setting(session, "backup.dir") == str(tmp_path / "Sao lưu")
        assert settings.get_setting(session, "backup.keep_days") == 14
        assert settings.get_setting(session, auth.IDLE_LOCK_MINUTES) == 5
        assert settings.get_setting(session, "ui.language") == "en"
    assert (profile_dir / "backup-folder.txt").read_text(encoding="utf-8").strip() == str(tmp_path / "Sao lưu")


def test_a_backup_folder_inside_the_profile_or_missing_is_refused_and_nothing_saved(qtbot, store, profile_dir,
                                                                                   tasks, tmp_path):
    (profile_dir / "saoluu").mkdir()
    for folder, words in ((profile_dir / "saoluu", "nằm trong thư mục dữ liệu"), (tmp_path / "chua-co", "không tồn tại")):
        dialog = _open(qtbot, _ctx(store, profile_dir, tasks, "admin"))
        dialog.backup_dir.setText(str(folder))
        dialog.keep_days.setValue(9)
        dialog.save()
        qtbot.waitUntil(lambda d=dialog: d.error.text() != "", timeout=10_000)
        assert words in dialog.error.text()
        with store.read() as session:
            assert settings.get_setting(session, "backup.dir") is None
            assert settings.get_setting(session, "backup.keep_days") is None  # one transaction: nothing written
        assert not (profile_dir / "backup-folder.txt").exists()


def test_control_characters_round_trip():
    for text in ("\r", "\r\n", "]C1", "a\\b\t"):
        assert unescape_controls(escape_controls(text)) == text


def test_saved_scanner_and_idle_lock_settings_apply_to_the_running_window(qtbot, store, profile_dir, tasks):
    from PySide6.QtWidgets import QApplication

    from counter_app.store.lookup import ScannerConfig
    from ui.login import ScreenLock
    from ui.main_window import MainWindow
    from ui.scanner import ScanFilter
    from ui.startup import settings_dialog

    with store.write() as session:
        settings.set_setting(session, "scanner.suffix", "\r")
    ctx = _ctx(store, profile_dir, tasks, "admin")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.scan_filter = ScanFilter(ScannerConfig(suffix="\r"), parent=window)
    window.screen_lock = ScreenLock(QApplication.instance(), window, store, tasks, ctx.officer_id,
                                    ctx.officer_name, 10)
    dialog = settings_dialog(window, ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isEnabled)
    dialog.max_gap.setValue(45)
    dialog.min_length.setValue(8)
    type_text(dialog.prefix, "#")
    dialog.idle_minutes.setValue(3)
    with qtbot.waitSignal(dialog.settings_saved, timeout=10_000):
        dialog.save()
    assert window.scan_filter.config == ScannerConfig(prefix="#", suffix="\r", max_gap_ms=45, min_length=8)
    assert window.scan_filter._timer.interval() == 90
    assert window.screen_lock.watcher.timeout_ms == 3 * 60_000
    window.screen_lock.watcher.uninstall()


def test_a_failed_load_keeps_the_form_disabled_and_saves_nothing(qtbot, store, profile_dir, tasks):
    ctx = _ctx(store, profile_dir, tasks, "admin")

    class Unreadable:
        path = store.path

        def read(self):
            raise OSError("ổ đĩa không đọc được")

        def write(self):  # writing would work: nothing must be written all the same
            return store.write()

    ctx.store = Unreadable()
    dialog = SettingsDialog(ctx, printers=PRINTERS)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=10_000)
    assert dialog.error.text() == "Không đọc được cài đặt: ổ đĩa không đọc được"
    assert not dialog.tabs.isEnabled()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    assert dialog.buttons.button(dialog.buttons.StandardButton.Cancel).isEnabled()
    saved: list = []
    dialog.settings_saved.connect(saved.append)
    dialog.save()
    tasks.wait_all()
    assert saved == [] and dialog.result() == 0
    ctx.store = store
    with store.read() as session:
        assert settings.get_setting(session, "backup.keep_days") is None
        assert settings.get_setting(session, auth.LOCKOUT_ATTEMPTS) is None
