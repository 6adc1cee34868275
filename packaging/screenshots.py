"""Screenshots of the real application for the README: `python packaging/screenshots.py`.

Builds a demo profile in a temporary folder, opens the real main window (ui.app.build_window)
on an X server, shows each page in turn, waits until its background jobs have delivered, and
saves `docs/screenshots/NN-<page>.png`. Without a display it re-runs itself under `xvfb-run`
(the xcb platform, real fonts and styles, as a person would see it; not the offscreen one).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
SCREEN = "1440x900x24"
WINDOW_SIZE = (1280, 800)
DEMO_DOSSIERS = 300


def _reexec_under_xvfb(argv: list[str]) -> int:
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        sys.stderr.write("No display and no xvfb-run: install xvfb or set DISPLAY.\n")
        return 1
    env = dict(os.environ, QT_QPA_PLATFORM="xcb")
    command = [xvfb, "-a", "-s", f"-screen 0 {SCREEN}", sys.executable, __file__, *argv]
    return subprocess.run(command, env=env).returncode


def settle(app, tasks, timeout_ms: int = 20_000) -> None:
    """Let the window's background jobs deliver and the pages repaint (no fixed sleeps)."""
    from PySide6.QtCore import QEventLoop, QTimer

    for _ in range(5):  # a job's result may start another job (load → refresh)
        app.processEvents()
        if tasks.pending() == 0:
            break
        loop = QEventLoop()
        tasks.busy_changed.connect(lambda n, loop=loop: n == 0 and loop.quit())
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
    app.processEvents()


def sample_code(store) -> str | None:
    """A dossier in progress with a few events, to show on pages that open one dossier."""
    from sqlalchemy import select

    from counter_app.domain.enums import DossierStatus
    from counter_app.store.models import Dossier

    with store.read() as session:
        return session.scalar(
            select(Dossier.code).where(Dossier.status == DossierStatus.RESULT_READY).order_by(Dossier.code.desc())
        )


def stage(page, code: str | None) -> None:
    """Put the page in a state worth showing: a page that opens a dossier shows *code*."""
    if code and callable(getattr(page, "open_code", None)):
        page.open_code(code)


def demo_profile(folder: Path):
    """A demo agency with officers and DEMO_DOSSIERS dossiers; returns the officer to sign in."""
    from counter_app.store.db import open_store
    from counter_app.services.demo import DEMO_AGENCY, DEMO_OFFICERS, create_demo
    from counter_app.services.setup import initialise_profile
    from counter_app.store.settings import find_officer

    store = open_store(folder)
    initialise_profile(store, DEMO_AGENCY, 1, DEMO_OFFICERS)
    create_demo(store, DEMO_DOSSIERS, seed=2026)
    with store.read() as session:
        officer = find_officer(session, "canbo1")
        signed_in = (officer.id, officer.full_name, str(officer.role))
    store.dispose()
    return signed_in


def slug(title: str) -> str:
    from counter_app.domain.text import fold

    words = "".join(c if c.isalnum() else " " for c in fold(title.replace("&", ""))).split()
    return "-".join(words) or "page"


def take(out: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from ui.app import build_window, make_context
    from ui.i18n import install_app_icon

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("counter-app")
    install_app_icon(app)
    tmp = Path(tempfile.mkdtemp(prefix="counter-shots-"))
    saved: list[Path] = []
    try:
        officer_id, officer_name, role = demo_profile(tmp)
        ctx = make_context(tmp)
        ctx.officer_id, ctx.officer_name, ctx.officer_role = officer_id, officer_name, role
        window = build_window(ctx)
        window.resize(*WINDOW_SIZE)
        window.show()
        window.activateWindow()
        # The window paints before its store opens; the other pages are added once it has.
        from PySide6.QtCore import QEventLoop, QTimer

        ready = QEventLoop()
        ctx.when_store_ready(lambda: QTimer.singleShot(0, ready.quit))
        QTimer.singleShot(60_000, ready.quit)
        ready.exec()
        settle(app, ctx.tasks)
        code = sample_code(ctx.store)
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("*.png"):
            old.unlink()
        tabs = window.tabs
        index = 0
        while index < tabs.count():  # pages may be added once the window is running
            title = tabs.tabText(index)
            tabs.setCurrentIndex(index)
            stage(tabs.widget(index), code)
            settle(app, ctx.tasks)
            path = out / f"{index + 1:02d}-{slug(title)}.png"
            if not window.grab().save(str(path)):
                raise RuntimeError(f"could not write {path}")
            saved.append(path)
            index += 1
        window.close()
        settle(app, ctx.tasks)
        saved += take_dialogs(app, ctx, tmp, out, start=len(saved) + 1)
        ctx.tasks.wait_all()
        ctx.store.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return saved


def _grab_dialog(app, tasks, dialog, path: Path) -> Path:
    dialog.show()
    settle(app, tasks)
    if not dialog.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    dialog.close()
    dialog.deleteLater()
    settle(app, tasks)
    return path


def take_dialogs(app, ctx, tmp: Path, out: Path, start: int) -> list[Path]:
    """The sign-in dialog of the demo agency and the first-run wizard on an empty profile."""
    from counter_app.store.db import open_store
    from counter_app.store.settings import load_context
    from ui.login import LoginDialog
    from ui.wizard import SetupWizard

    with ctx.store.read() as session:
        agency = load_context(session).agency_name
    saved = [_grab_dialog(app, ctx.tasks, LoginDialog(ctx.store, ctx.tasks, agency_name=agency),
                          out / f"{start:02d}-dang-nhap.png")]
    empty = tmp / "empty-profile"
    empty.mkdir()
    store = open_store(empty)
    try:
        wizard = SetupWizard(store, ctx.tasks)
        wizard.resize(720, 520)
        saved.append(_grab_dialog(app, ctx.tasks, wizard, out / f"{start + 1:02d}-thiet-lap-lan-dau.png"))
    finally:
        store.dispose()
    return saved


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        return _reexec_under_xvfb(argv)
    for path in take(args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
