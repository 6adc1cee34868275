"""The profile's log file: uncaught errors of other threads and Qt's own warnings are written there."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import qWarning

from counter_app.paths import log_file
from ui.logs import install_file_log


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # pytest's hook, called after ours
def test_thread_errors_and_qt_warnings_reach_the_profiles_log_file(profile_dir):
    log = install_file_log(profile_dir)
    try:
        def fail():
            raise RuntimeError("hỏng ở luồng phụ")

        worker = threading.Thread(target=fail, name="thử")
        worker.start()
        worker.join()
        qWarning("cảnh báo của Qt")
    finally:
        log.uninstall()
    assert log.path == log_file(profile_dir) == profile_dir / "logs" / "counter-app.log"
    text = log.path.read_text(encoding="utf-8")
    assert "Lỗi không được xử lý trong luồng thử" in text and "RuntimeError: hỏng ở luồng phụ" in text
    assert "WARNING [MainThread] qt: cảnh báo của Qt" in text
