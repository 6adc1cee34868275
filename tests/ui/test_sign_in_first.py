"""The real start paints the sign-in dialog first: the store opens and SQLAlchemy loads behind it.

The child runs exactly what `counter-app --profile P` runs (``ui.cli.main.main``); an
application-wide event filter (the QApplication class wrapped, nothing of the application
changed) notes what is loaded when the dialog is first painted, types the password, and waits
for the main window's receive form to be ready for a save.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import json, os, sys
import PySide6.QtWidgets as qtw
from PySide6.QtCore import QEvent, QObject, QTimer

HEAVY = ("sqlalchemy", "argon2", "alembic", "holidays", "reportlab", "requests")
seen = {}

def report():
    sys.stdout.write(json.dumps(seen) + "\n"); sys.stdout.flush(); os._exit(0)

class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "dialog" not in seen and obj.isWidgetType():
            top = obj.window()
            if type(top).__name__ in ("LoginDialog", "SetupWizard"):
                seen["dialog"] = type(top).__name__
                seen["loaded_at_paint"] = sorted(m for m in HEAVY if m in sys.modules)
                seen["store_open_at_paint"] = bool(getattr(top.store, "ready", True))
                if seen["dialog"] != "LoginDialog":
                    report()
                top._failed = lambda exc: (seen.update(refused=str(exc)), report())  # never wait forever
                top.username.setText(sys.argv[2])
                top.password.setText(sys.argv[3])
                QTimer.singleShot(0, top.submit)
        elif (event.type() == QEvent.Type.Show and "window" not in seen and obj.isWidgetType()
              and type(obj).__name__ == "MainWindow"):
            seen["window"] = obj.windowTitle()
            view = obj.receive_page
            def check(*_):
                if view.ctx.store_ready and view.picker.matches.count():
                    seen["procedures"] = view.picker.matches.count()
                    seen["officer"] = view.ctx.officer_id is not None
                    report()
            view.picker.matches_changed.connect(check)
            view.ctx.when_store_ready(check)
        return False

class App(qtw.QApplication):
    def __init__(self, *args):
        super().__init__(*args)
        self.watch = Watch()
        self.installEventFilter(self.watch)

qtw.QApplication = App
from ui.cli.main import main
sys.exit(main(["--profile", sys.argv[1]]))
"""


def _start(profile: Path, user: str = "canbo1", password: str = "demo1234") -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", CHILD, str(profile), user, password], capture_output=True,
                         text=True, encoding="utf-8", env=env, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_sign_in_is_painted_before_the_store_opens_then_the_window_takes_a_save(profile_dir):
    from counter_app.store.db import open_store
    from counter_app.services.demo import DEMO_AGENCY, demo_officers
    from counter_app.services.setup import initialise_profile

    store = open_store(profile_dir)
    initialise_profile(store, DEMO_AGENCY, 1, demo_officers())
    store.dispose()
    seen = _start(profile_dir)
    assert seen["dialog"] == "LoginDialog"
    assert seen["loaded_at_paint"] == [] and seen["store_open_at_paint"] is False
    assert seen["procedures"] > 0 and seen["officer"] is True


def test_a_new_profile_paints_the_wizard_before_any_store_exists(tmp_path):
    seen = _start(tmp_path / "new")
    assert seen["dialog"] == "SetupWizard" and seen["loaded_at_paint"] == []
