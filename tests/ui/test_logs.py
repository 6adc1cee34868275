"""The profile's log file: uncaught errors of a slot, a worker job or another thread and Qt's own
warnings are written there, and the officer is told once, in Vietnamese, where it is."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, qWarning
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from counter_app.domain.paths import log_file
from ui.logs import install_file_log
from ui.tasks import TaskRunner


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


def _boxes():
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "unexpected_error" and w.isVisible()]


@pytest.mark.qt_no_exception_capture  # the error must reach our hook, not pytest-qt's
def test_an_error_in_a_slot_is_logged_and_the_officer_is_told_once_where_the_log_is(qtbot, profile_dir):
    log = install_file_log(profile_dir)
    try:
        button = QPushButton("Lưu")
        qtbot.addWidget(button)
        button.show()

        def broken():
            raise ValueError("hỏng trong slot")

        button.clicked.connect(broken)
        with qtbot.waitSignal(log.reporter.shown, timeout=5_000) as shown:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignals([log.reporter.suppressed] * 2, timeout=5_000):  # a storm: logged, not shown
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        boxes = [b for b in _boxes() if str(log.path) in b.text()]  # this log's (not an earlier test's)
        assert len(boxes) == 1  # one message, not one per error
        text = boxes[0].text()
        assert text == shown.args[0]
        assert text.startswith("Đã xảy ra lỗi không mong muốn (hỏng trong slot).")  # no English class name
        assert str(log.path) in text and boxes[0].windowTitle() == "Lỗi không mong muốn"
        boxes[0].close()
    finally:
        log.uninstall()
    logged = log.path.read_text(encoding="utf-8")
    assert logged.count("CRITICAL [MainThread] counter_app: Lỗi không được xử lý") == 3
    assert 'in broken\n    raise ValueError("hỏng trong slot")' in logged  # the traceback, for whoever reads it


@pytest.mark.qt_no_exception_capture
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_errors_in_a_worker_job_and_a_thread_are_logged_and_told_once(qtbot, profile_dir):
    told = []
    log = install_file_log(profile_dir, show=lambda title, text: told.append((title, text)))
    tasks = TaskRunner()
    try:
        def job():
            raise OSError("máy in không trả lời")

        with qtbot.waitSignal(log.reporter.shown, timeout=5_000):
            tasks.run(job, on_done=lambda _: pytest.fail("done"))  # nobody handles its error
        with qtbot.waitSignal(log.reporter.suppressed, timeout=5_000):
            worker = threading.Thread(target=lambda: 1 / 0, name="đồng bộ")
            worker.start()
            worker.join()
        handled = []
        with qtbot.waitSignal(tasks.busy_changed, check_params_cb=lambda n: n == 0, timeout=5_000):
            tasks.write(job, on_error=handled.append)  # handled by its caller: only a trace in the log
        assert len(handled) == 1
        tasks.wait_all()
    finally:
        log.uninstall()
    assert told == [("Lỗi không mong muốn", told[0][1])]
    assert "(máy in không trả lời)" in told[0][1] and str(log.path) in told[0][1]
    logged = log.path.read_text(encoding="utf-8")
    assert "Lỗi không được xử lý" in logged and "OSError: máy in không trả lời" in logged
    assert "Lỗi không được xử lý trong luồng đồng bộ" in logged and "ZeroDivisionError" in logged
    assert "WARNING [" in logged and "ui.tasks: A background job failed (OSError: máy in không trả lời)" in logged
