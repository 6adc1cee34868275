"""The profile's log file (``counter_app.paths.log_file``): a rotating file that Python's logging,
uncaught exceptions of any thread and Qt's own messages go to. A windowed build has no console;
the "Giới thiệu" box names this file."""

from __future__ import annotations

import logging
import sys
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

from counter_app.paths import log_file

MAX_BYTES = 1_000_000
BACKUPS = 5
_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO, QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR, QtMsgType.QtFatalMsg: logging.CRITICAL,
}


class FileLog:
    """The installed log: its file and how to undo the installation (tests)."""

    def __init__(self, path: Path, handler: RotatingFileHandler, undo):
        self.path, self.handler, self._undo = path, handler, undo

    def uninstall(self) -> None:
        self._undo()


def install_file_log(profile_dir: Path) -> FileLog:
    """Write the log of this process to the profile's log file."""
    path = log_file(profile_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=False)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    log = logging.getLogger("counter_app")
    previous_hook, previous_thread_hook = sys.excepthook, threading.excepthook

    def excepthook(kind, value, tb):
        log.critical("Lỗi không được xử lý", exc_info=(kind, value, tb))
        previous_hook(kind, value, tb)

    def thread_excepthook(args):
        log.critical("Lỗi không được xử lý trong luồng %s", getattr(args.thread, "name", "?"),
                     exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
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

    return FileLog(path, handler, undo)
