"""The profile's log file (``counter_app.domain.paths.log_file``): a rotating file that Python's logging,
uncaught exceptions of any thread (a slot, a worker job, a plain thread) and Qt's own messages
go to. A windowed build has no console: this file is how a fault is ever seen, so an
unexpected error also tells the officer, in a few words, that it happened and where the file
is (:class:`ErrorReporter`: one message at a time, never a storm of dialogs). The "Giới thiệu"
box names the file too."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, QtMsgType, Signal, Slot, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from counter_app.domain.paths import log_file

MAX_BYTES = 1_000_000
BACKUPS = 5
QUIET_S = 300.0  # after a message, further errors within this time are only logged
_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO, QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR, QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("logs", text)


def _show_box(title: str, text: str) -> QMessageBox:
    """A non-modal message box over the active window: it waits for nobody, and the window
    underneath goes on. The caller keeps it alive."""
    from PySide6.QtCore import Qt  # not at import: the namespace costs tens of ms before the first paint

    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok,
                      QApplication.activeWindow())
    box.setObjectName("unexpected_error")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.show()
    return box


class ErrorReporter(QObject):
    """Tells the officer that an unexpected error happened and where its details are.

    Any thread may call :meth:`report`; the message is shown on the GUI thread. While one is
    open, and for *quiet_s* seconds after one was shown, further errors are only logged.
    Signals: ``reported(str)`` (internal, carries the error's one-line summary to the GUI
    thread), ``shown(str)`` (the text the officer was shown), ``suppressed(str)`` (an error only
    logged: a message was shown a moment ago).
    """

    reported = Signal(str)
    shown = Signal(str)
    suppressed = Signal(str)

    def __init__(self, log_path: Path, *, show: Callable[[str, str], object] | None = None,
                 quiet_s: float = QUIET_S, clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self.log_path, self._show = log_path, show or _show_box
        self.quiet_s, self._clock = quiet_s, clock
        self._last: float | None = None
        self.box = None
        # Queued from a worker thread (the default across threads); the slot then waits for the
        # event loop too, so a report made on the GUI thread is never shown inside the failing slot.
        self.reported.connect(self._on_reported)

    def report(self, summary: str) -> None:
        """Queue the message for the GUI thread (safe from any thread)."""
        self.reported.emit(summary)

    @Slot(str)
    def _on_reported(self, summary: str) -> None:
        QTimer.singleShot(0, self, lambda: self._tell(summary))

    def _tell(self, summary: str) -> None:
        now = self._clock()
        if self._last is not None and now - self._last < self.quiet_s:
            self.suppressed.emit(summary)
            return
        self._last = now
        text = _tr("Đã xảy ra lỗi không mong muốn (%1). Phần mềm vẫn tiếp tục chạy; nếu thao tác vừa rồi "
                   "chưa xong, hãy làm lại. Chi tiết đã được ghi vào tệp nhật ký:\n%2\nNếu lỗi lặp lại, "
                   "hãy gửi tệp này cho quản trị viên.").replace("%1", summary).replace("%2", str(self.log_path))
        self.box = self._show(_tr("Lỗi không mong muốn"), text)  # kept alive while shown
        self.shown.emit(text)


def _stderr_is_the_log() -> bool:
    """True when stderr itself writes to this log (the windowed program, ui.windowed): the
    default hooks' printed traceback would be logged a second time, line by line."""
    return bool(getattr(sys.stderr, "writes_to_log", False))


def _summary(value: BaseException | None) -> str:
    """The error's own words for the officer (the class name, English, stays in the log)."""
    text = str(value).splitlines()[0] if value is not None and str(value) else ""
    return text[:120] if text else _tr("không rõ chi tiết")


class FileLog:
    """The installed log: its file, the reporter (None without a QApplication) and how to undo
    the installation (tests)."""

    def __init__(self, path: Path, handler: RotatingFileHandler, reporter: ErrorReporter | None, undo):
        self.path, self.handler, self.reporter, self._undo = path, handler, reporter, undo

    def uninstall(self) -> None:
        self._undo()


#: The log installed in this process, by file: a second install (the windowed program's entry,
#: then the window's start) reuses it, so one file never has two rotating handlers (on
#: Windows the second's rotation would fail on the file the first holds open).
_INSTALLED: dict[Path, FileLog] = {}


def install_file_log(profile_dir: Path, *, show: Callable[[str, str], object] | None = None,
                     quiet_s: float = QUIET_S) -> FileLog:
    """Write the log of this process to the profile's log file; an uncaught exception of any
    thread is logged with its traceback and, when a QApplication runs, reported to the officer
    (*show(title, text)*: a non-modal message box by default)."""
    path = log_file(profile_dir)
    if path in _INSTALLED:  # installed before a QApplication existed (the windowed program's entry)?
        installed = _INSTALLED[path]
        app = QApplication.instance()
        if installed.reporter is None and app is not None:
            installed.reporter = ErrorReporter(path, show=show, quiet_s=quiet_s)
            installed.reporter.moveToThread(app.thread())
        return installed
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=False)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    log = logging.getLogger("counter_app")
    app = QApplication.instance()
    reporter = ErrorReporter(path, show=show, quiet_s=quiet_s) if app is not None else None
    if reporter is not None:
        reporter.moveToThread(app.thread())
    previous_hook, previous_thread_hook = sys.excepthook, threading.excepthook

    def excepthook(kind, value, tb):
        if issubclass(kind, KeyboardInterrupt):
            previous_hook(kind, value, tb)
            return
        log.critical("Lỗi không được xử lý", exc_info=(kind, value, tb))
        if installed.reporter is not None:
            installed.reporter.report(_summary(value))
        if not _stderr_is_the_log():  # a console shows it too; the windowed program's log has it
            previous_hook(kind, value, tb)

    def thread_excepthook(args):
        if args.exc_type is SystemExit:
            return
        log.critical("Lỗi không được xử lý trong luồng %s", getattr(args.thread, "name", "?"),
                     exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        if installed.reporter is not None:
            installed.reporter.report(_summary(args.exc_value))
        if not _stderr_is_the_log():
            previous_thread_hook(args)

    def qt_message(kind, context, message):
        logging.getLogger("qt").log(_LEVELS.get(kind, logging.WARNING), "%s", message)

    sys.excepthook, threading.excepthook = excepthook, thread_excepthook
    previous_qt = qInstallMessageHandler(qt_message)
    log.info("Bắt đầu: thư mục dữ liệu %s", profile_dir)

    def undo() -> None:
        sys.excepthook, threading.excepthook = previous_hook, previous_thread_hook
        qInstallMessageHandler(previous_qt)
        root.removeHandler(handler)
        handler.close()
        if installed.reporter is not None:
            installed.reporter.deleteLater()
        _INSTALLED.pop(path, None)

    installed = _INSTALLED[path] = FileLog(path, handler, reporter, undo)
    return installed
