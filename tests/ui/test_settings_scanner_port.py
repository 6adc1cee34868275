"""The settings dialog's scanner connection: keyboard or serial port, set by an administrator."""

from __future__ import annotations

import pytest

from counter_app.store import settings
from counter_app.domain.errors import NotAllowed
from counter_app.services.admin import change_settings
from tests.ui.test_settings_dialog import PRINTERS, _ctx
from ui.settings_dialog import AVAILABLE_PORTS, SettingsDialog
from ui.tasks import TaskRunner


@pytest.fixture
def tasks():
    runner = TaskRunner()
    yield runner
    runner.wait_all()


def _open(qtbot, ctx):
    dialog = SettingsDialog(ctx, printers=PRINTERS)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isEnabled)
    return dialog


def test_an_administrator_chooses_the_serial_port(qtbot, store, profile_dir, tasks):
    dialog = _open(qtbot, _ctx(store, profile_dir, tasks, "admin"))
    assert dialog.scanner_mode.currentData() == "wedge"
    assert not dialog.serial_port.isEnabled()  # only for the serial mode
    dialog._show_ports([("COM3", "USB Serial Device"), ("COM4", "")], "")
    dialog.scanner_mode.setCurrentIndex(dialog.scanner_mode.findData("serial"))
    assert dialog.serial_port.isEnabled() and dialog.serial_baud.isEnabled()
    dialog.serial_port.setCurrentIndex(dialog.serial_port.findData("COM3"))
    assert dialog.serial_port.currentText() == "COM3 (USB Serial Device)"
    dialog.serial_baud.setCurrentIndex(dialog.serial_baud.findData(115200))
    dialog.serial_terminator.setCurrentIndex(dialog.serial_terminator.findData("lf"))
    with qtbot.waitSignal(dialog.settings_saved, timeout=10_000) as saved:
        dialog.save()
    assert saved.args[0] == {"scanner.mode": [None, "serial"], "scanner.serial.port": [None, "COM3"],
                             "scanner.serial.baud": [None, 115200], "scanner.serial.terminator": [None, "lf"]}
    reopened = _open(qtbot, _ctx(store, profile_dir, tasks, "admin"))
    assert reopened.scanner_mode.currentData() == "serial" and reopened.serial_port_name() == "COM3"
    assert reopened.serial_baud.currentData() == 115200


def test_a_port_not_plugged_in_can_be_typed(qtbot, store, profile_dir, tasks):
    dialog = _open(qtbot, _ctx(store, profile_dir, tasks, "admin"))
    assert isinstance(dialog.original[AVAILABLE_PORTS], list)  # listed on the worker
    dialog.scanner_mode.setCurrentIndex(dialog.scanner_mode.findData("serial"))
    dialog.serial_port.setEditText(" COM7 ")
    with qtbot.waitSignal(dialog.settings_saved, timeout=10_000):
        dialog.save()
    with store.read() as session:
        assert settings.get_setting(session, "scanner.serial.port") == "COM7"


def test_the_serial_mode_without_a_port_is_refused_with_a_message(qtbot, store, profile_dir, tasks):
    dialog = _open(qtbot, _ctx(store, profile_dir, tasks, "admin"))
    dialog.scanner_mode.setCurrentIndex(dialog.scanner_mode.findData("serial"))
    dialog.serial_port.setEditText("")
    dialog.save()
    assert dialog.error.text().startswith("Cổng COM của máy quét: chưa chọn")
    assert dialog.tabs.currentIndex() == 1
    with store.read() as session:
        assert settings.get_setting(session, "scanner.mode") is None


def test_an_officer_cannot_change_how_the_scanner_is_connected(qtbot, store, profile_dir, tasks):
    ctx = _ctx(store, profile_dir, tasks, "canbo1")
    dialog = _open(qtbot, ctx)
    assert not dialog.scanner_mode.isEnabled() and not dialog.serial_port.isEnabled()
    assert dialog.max_gap.isEnabled()  # the timing stays the officer's
    with pytest.raises(NotAllowed):
        change_settings(store, ctx.officer_id, {"scanner.mode": "serial"})
    with pytest.raises(NotAllowed):
        change_settings(store, ctx.officer_id, {"scanner.serial.port": "COM3"})
