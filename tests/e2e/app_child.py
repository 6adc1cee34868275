"""The real application in a child process on an X server, with a probe for the test to read.

Run as ``python -m tests.e2e.app_child PROFILE``: it starts exactly what ``counter-app
--profile PROFILE`` starts (``ui.app.run_gui``) on the xcb platform, and answers one JSON
request per line on stdin with one ``PROBE {json}`` line on stdout. A request is
``{"eval": EXPR}`` (EXPR evaluated on the GUI thread with ``app``, ``window``, ``focus``,
``active`` and ``QtWidgets`` in scope), ``{"wait": EXPR, "timeout_ms": N}`` (answered once
EXPR is true, checked at each event-loop turn, or with ``"timeout": true``) or
``{"grab": PATH}`` (a PNG of the whole X screen, as a person sees it).

The probe only reads state; every input the application gets comes from the X server
(xdotool), as from a keyboard or a scanner.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets


def _main_window(app):
    from ui.main_window import MainWindow

    for widget in app.topLevelWidgets():
        if isinstance(widget, MainWindow):
            return widget
    return None


class Probe(QtCore.QObject):
    """Reads requests from stdin (a socket notifier: the event loop keeps running)."""

    def __init__(self, app: QtWidgets.QApplication):
        super().__init__(app)
        self.app = app
        self.notifier = QtCore.QSocketNotifier(sys.stdin.fileno(), QtCore.QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._readable)
        self.waits: list[tuple[str, float]] = []
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._check_waits)

    def scope(self) -> dict:
        app = self.app
        return {"app": app, "window": _main_window(app), "focus": app.focusWidget(),
                "active": app.activeWindow(), "modal": app.activeModalWidget(),
                "QtWidgets": QtWidgets, "QtCore": QtCore, "QtGui": QtGui}

    def _answer(self, value) -> None:
        sys.stdout.write("PROBE " + json.dumps(value, default=str, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def _readable(self) -> None:
        line = sys.stdin.readline()
        if not line:
            self.notifier.setEnabled(False)
            return
        request = json.loads(line)
        try:
            if "eval" in request:
                self._answer({"value": eval(request["eval"], self.scope())})  # noqa: S307 - test probe
            elif "wait" in request:
                self.waits.append((request["wait"], time.monotonic() + request.get("timeout_ms", 20000) / 1000))
                self.timer.start()
            elif "grab" in request:
                screen = self.app.primaryScreen()
                ok = screen.grabWindow(0).save(request["grab"], "PNG")
                self._answer({"value": ok})
        except Exception:  # the test gets the traceback as its answer
            self._answer({"error": traceback.format_exc()})

    def _check_waits(self) -> None:
        for item in list(self.waits):
            expr, deadline = item
            try:
                value = eval(expr, self.scope())  # noqa: S307 - test probe
            except Exception:  # not ready yet (e.g. the page is not built)
                value = None
            if value:
                self.waits.remove(item)
                self._answer({"value": value})
            elif time.monotonic() > deadline:
                self.waits.remove(item)
                self._answer({"timeout": True, "expr": expr})
        if not self.waits:
            self.timer.stop()


def main() -> int:
    profile = Path(sys.argv[1])
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    app = QtWidgets.QApplication(sys.argv[:1])
    Probe(app)
    from ui.app import run_gui

    return run_gui(profile)


if __name__ == "__main__":
    sys.exit(main())
