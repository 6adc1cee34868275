"""The status bar warns while the backups share the data's disk, and stops once an
administrator's folder on another volume is saved in the settings dialog."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow

from counter_app.store.models import Officer
from ui.backup_warning import install_backup_warning
from ui.context import AppContext
from ui.startup import settings_dialog
from ui.tasks import TaskRunner


@pytest.fixture
def tasks():
    runner = TaskRunner()
    yield runner
    runner.wait_all()


def _other_volume(profile_dir: Path) -> Path | None:
    """A writable folder on another file system than the profile (tmpfs /dev/shm on Linux)."""
    base = "/dev/shm"
    if os.path.isdir(base) and os.access(base, os.W_OK) and os.stat(base).st_dev != os.stat(profile_dir).st_dev:
        return Path(tempfile.mkdtemp(prefix="counter-saoluu-", dir=base))
    return None


def test_the_warning_shows_while_backups_are_on_the_data_disk_and_goes_when_moved(qtbot, store, profile_dir, tasks):
    with store.read() as session:
        admin = session.query(Officer).filter_by(username="admin").one()
        ctx = AppContext(profile_dir=profile_dir, store=store, tasks=tasks, officer_id=admin.id,
                         officer_name=admin.full_name, officer_role=admin.role)
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    warning = install_backup_warning(window, ctx)
    qtbot.waitUntil(lambda: warning.placement is not None, timeout=10_000)
    assert warning.isVisible()
    assert warning.text() == "⚠ Bản sao lưu cùng ổ đĩa với dữ liệu"
    assert "Thư mục sao lưu" in warning.toolTip() and str(profile_dir / "backups") in warning.toolTip()

    other = _other_volume(profile_dir)
    if other is None:
        pytest.skip("no writable file system other than the profile's here")
    try:
        dialog = settings_dialog(window, ctx)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(dialog.isEnabled)
        dialog.backup_dir.setText(str(other))
        before = warning.placement
        with qtbot.waitSignal(dialog.settings_saved, timeout=10_000):
            dialog.save()
        qtbot.waitUntil(lambda: warning.placement is not before, timeout=10_000)
        assert warning.placement.placement.value == "elsewhere"
        assert not warning.isVisible()
    finally:
        for f in other.iterdir():
            f.unlink()
        other.rmdir()
