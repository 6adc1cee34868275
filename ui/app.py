"""The GUI's composition root: builds the store, services, task runner and window."""

from __future__ import annotations

import os
import shlex
import sqlite3
import sys
from pathlib import Path


def display_available() -> bool:
    """False on Linux with neither X11 nor Wayland and no explicit Qt platform."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"))


def build_window(ctx, *, scan_clock=None):
    """Create the main window for *ctx* (*scan_clock*: the scanner's timing source).

    Only the receive page is built before the first paint; the other pages are added as lazy
    tabs that are built when first shown or asked for (a scan opens the card page), or else in
    the event-loop turns right after the first paint (``MainWindow.add_lazy_page``). Sync (its
    status-bar part, F5, its page, and the HTTP stack it imports) is installed in the first of
    those turns.
    """
    from ui.card.wiring import install_card_page
    from ui.logbook.wiring import install_logbook_pages
    from ui.main_window import MainWindow
    from ui.receive import ReceiveView
    from ui.startup import install_admin

    window = MainWindow(ctx)
    window.add_page(ReceiveView(ctx), window.tr("Tiếp nhận hồ sơ"))
    install_card_page(window, ctx, scan_clock=scan_clock)
    install_logbook_pages(window, ctx)
    install_admin(window, ctx)  # settings menu; administration page for administrators
    window.after_first_paint(lambda: _install_sync(window, ctx))
    return window


def _install_sync(window, ctx) -> None:
    from ui.sync_status import install_sync

    install_sync(window, ctx)


def make_context(profile_dir: Path):
    """Open the profile's store and make the shared context (no officer signed in yet)."""
    from counter_app.db import open_store
    from ui.context import AppContext
    from ui.tasks import TaskRunner

    store = open_store(profile_dir)
    return AppContext(profile_dir=profile_dir, store=store, tasks=TaskRunner())


def _sa_database_error() -> type[Exception]:
    from sqlalchemy.exc import DatabaseError

    return DatabaseError


def run_gui(profile_dir: Path) -> int:
    """Open the application window on *profile_dir*; returns the exit code."""
    if not display_available():
        sys.stderr.write(
            "Không tìm thấy màn hình (biến DISPLAY hoặc WAYLAND_DISPLAY chưa được đặt).\n"
            "Trên máy không có màn hình, hãy chạy qua Xvfb, ví dụ:\n"
            f"  xvfb-run -a {shlex.join([sys.argv[0] or 'counter-app', '--profile', str(profile_dir)])}\n"
        )
        return 1
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("counter-app")
    from ui.startup import check_database, install_session, start_session

    from ui.i18n import install_app_icon, install_translators, stored_language

    ctx = None
    try:  # the full integrity check runs behind the window (install_session)
        ctx = make_context(profile_dir)
        language = stored_language(ctx.store)
    except (sqlite3.DatabaseError, _sa_database_error()):  # too damaged to open or read:
        if ctx is not None:
            ctx.store.dispose()
        if not check_database(profile_dir):  # check now, offer the newest good backup
            return 1
        ctx = make_context(profile_dir)
        language = stored_language(ctx.store)
    translators = install_translators(app, language)  # noqa: F841 - alive until exit
    install_app_icon(app)
    if not start_session(ctx):  # the first-run wizard when needed, then the login
        ctx.tasks.wait_all()
        ctx.store.dispose()
        return 0
    window = build_window(ctx)
    window.show()
    install_session(app, window, ctx)  # integrity check, then backups; idle screen lock
    try:
        return app.exec()
    finally:
        ctx.tasks.wait_all()
        ctx.store.dispose()
