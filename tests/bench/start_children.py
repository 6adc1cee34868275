"""The child processes of the start-up figures, and how one is spawned and timed.

Each child prints ``MARK <name> <cpu seconds>`` at the moments the figures end (its first
paint; the sign-in dialog painted; a save possible), flushed at once: the parent takes the
wall time when the line arrives, from the moment it spawned the child, so interpreter start,
imports and the window system all count. ``END`` (or the process's exit) ends a run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field

_HOOK = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject

def mark(name):
    sys.stdout.write(f"MARK {name} {time.process_time()!r}\\n"); sys.stdout.flush()

def finish():
    sys.stdout.write("END\\n"); sys.stdout.flush(); os._exit(0)

class _FirstPaint(QObject):
    # The first paint event of the watched window: MARK painted (then leave, unless then_wait).
    def __init__(self, then_wait=False):
        super().__init__()
        self.then_wait, self.done = then_wait, False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            mark("painted")
            if not self.then_wait:
                finish()
        return False
"""

#: A bare QMainWindow of the same size: the baseline of every start figure.
BARE = _HOOK + """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
hook = _FirstPaint(); window.installEventFilter(hook)
window.show()
app.exec()
"""

#: The main window alone, built by ``ui.app.build_window`` (no sign-in): its first paint, then
#: the receive page's procedure list filled and every page added (argv: profile).
MAIN_WINDOW = _HOOK + """
from pathlib import Path
from PySide6.QtWidgets import QApplication
from ui.app import build_window, make_context
app = QApplication(sys.argv[:1])
app.setApplicationName("counter-app")
ctx = make_context(Path(sys.argv[1]))
window = build_window(ctx)
seen = set()
def reached(name):
    if name not in seen:
        seen.add(name); mark(name)
    if {"procedures_listed", "store_ready"} <= seen:
        finish()
window.tabs.widget(0).picker.matches_changed.connect(lambda _n: reached("procedures_listed"))
ctx.when_store_ready(lambda: reached("store_ready"))
hook = _FirstPaint(then_wait=True); window.installEventFilter(hook)
window.show()
app.exec()
"""

#: The real start, `counter-app --profile P` as a person runs it (argv: profile, user, password,
#: when). Nothing of the application is changed: the QApplication class is wrapped so that an
#: application-wide event filter sees the sign-in dialog's first paint (MARK signin_painted),
#: types the user name and password into it and presses "Đăng nhập" (MARK password_submitted),
#: then waits for the main window and its receive page to accept a save: the store open and
#: the procedure list filled (MARK save_possible). *when* the password is given: "at_paint",
#: at once (no one types that fast: the worst case), or "typed", once what the dialog started
#: behind it is done (the store open and its modules loaded: MARK behind_done), as when a
#: person takes longer to type than that (14 keys: a few seconds).
REAL = _HOOK + """
import PySide6.QtWidgets as _qtw
from PySide6.QtCore import QTimer

PROFILE, USER, PASSWORD, WHEN = sys.argv[1:5]
SIGN_IN = {"LoginDialog", "SetupWizard"}

class _Watch(QObject):
    def __init__(self):
        super().__init__()
        self.painted = self.window = None
    def eventFilter(self, obj, event):
        kind = event.type()
        if kind == QEvent.Type.Paint and self.painted is None and obj.isWidgetType():
            top = obj.window()
            if type(top).__name__ in SIGN_IN:
                self.painted = top
                mark("signin_painted")
                if WHEN == "at_paint":
                    QTimer.singleShot(0, lambda: _sign_in(top))
                else:
                    top.store.when_ready(lambda: (mark("behind_done"), QTimer.singleShot(0, lambda: _sign_in(top))))
        elif (kind == QEvent.Type.Show and self.window is None and obj.isWidgetType()
              and type(obj).__name__ == "MainWindow"):
            self.window = obj
            mark("window_shown")
            _watch_receive(obj)
        return False

def _sign_in(dialog):
    if type(dialog).__name__ != "LoginDialog":
        sys.stdout.write("ERROR the first-run wizard, not the sign-in (a profile that is not set up)\\n")
        finish()
    dialog.username.setText(USER)
    dialog.password.setText(PASSWORD)
    mark("password_submitted")
    dialog.submit()

def _watch_receive(window):
    view = window.receive_page
    def check(*_args):
        if view.ctx.store_ready and view.picker.matches.count():
            mark("save_possible")
            finish()
    view.picker.matches_changed.connect(check)
    view.ctx.when_store_ready(check)
    check()

class _App(_qtw.QApplication):
    def __init__(self, *args):
        super().__init__(*args)
        self._watch = _Watch()
        self.installEventFilter(self._watch)

_qtw.QApplication = _App
from ui.cli.main import main
sys.exit(main(["--profile", PROFILE]))
"""


@dataclass
class Run:
    """One child's marks: wall seconds from spawn and the child's CPU seconds, by name."""

    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)


def spawn(code: str, *args: str, env: dict[str, str], cwd, timeout: float = 120) -> Run:
    """Run one child to its END (or exit) and collect its marks."""
    run = Run()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    errors = []
    try:
        for line in proc.stdout:
            if line.startswith("MARK "):
                _, name, cpu = line.split()
                run.wall[name] = time.perf_counter() - started
                run.cpu[name] = float(cpu)
            elif line.startswith("ERROR "):
                errors.append(line[6:].strip())
            elif line.strip() == "END":
                break
    finally:
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if errors or not run.wall:
        raise RuntimeError(f"the child reached no mark: {errors or proc.stderr.read()[-800:]}")
    return run


def child_env(platform: str, pycache: str, *, compiled: bool, display: str | None = None) -> dict[str, str]:
    """The environment of a child: the Qt platform and its bytecode folder *pycache*
    (``PYTHONPYCACHEPREFIX``: Python reads and writes .pyc files only there). *compiled*: the
    folder fills on the first run and serves the next ones, as an installed copy has its
    bytecode; otherwise nothing is written there (``PYTHONDONTWRITEBYTECODE``), so every
    module is compiled at every start."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    env["QT_QPA_PLATFORM"] = platform
    env["PYTHONPYCACHEPREFIX"] = pycache
    if not compiled:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    if display:
        env["DISPLAY"] = display
    return env
