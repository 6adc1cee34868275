"""The GUI's composition root: builds the store, services, task runner and window."""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Callable
from pathlib import Path


def display_available() -> bool:
    """False on Linux with neither X11 nor Wayland and no explicit Qt platform."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"))


#: Imported on the store's opening thread: the core modules that the receive page's first jobs
#: and the pages added once the store is open need (SQLAlchemy models, catalogue, calendar,
#: lookup, logbook queries). Only ``counter_app`` modules, which never import Qt: PySide6 makes
#: its types on first use and that is not safe from two threads at once (``Qt.Key`` was found
#: missing when ``ui.scanner`` was imported here), so every ``ui`` module is imported on the GUI
#: thread, in ``_install_pages``, where these are already loaded (tests/ui/test_store_opening_imports.py).
AFTER_STORE_IMPORTS = (
    "counter_app.store.catalogue_tables", "counter_app.services.counter_outcomes", "counter_app.services.printing",
    "counter_app.services.actions", "counter_app.services.editing", "counter_app.store.lookup", "counter_app.store.ledger",
    "counter_app.store.search", "counter_app.store.queries",
)


def build_window(ctx, *, scan_clock=None):
    """Create the main window for *ctx* (*scan_clock*: the scanner's timing source).

    Only the receive page is built before the first paint; the other pages are added as lazy
    tabs that are built when first shown or asked for (a scan opens the card page), or else in
    the event-loop turns right after the first paint (``MainWindow.add_lazy_page``). Sync (its
    status-bar part, F5, its page, and the HTTP stack it imports) is installed in the first of
    those turns. When the store is still opening (``make_context``), it is opened right after
    the first paint, and the parts that need it at once (the card page and its scanner, the
    logbook pages, the settings menu, sync) are added when it is open, in the same order.
    """
    from ui.main_window import MainWindow
    from ui.printing.controller import PrintController
    from ui.receive import ReceiveView
    from ui.system_menu import install_system_menu

    window = MainWindow(ctx)
    install_system_menu(window, ctx)
    start = getattr(type(ctx.store), "start", None)
    if start is not None:  # a LazyStore: open it once the window is painted
        window.after_first_paint(lambda: start(ctx.store, then_import=AFTER_STORE_IMPORTS))
    # One print controller for every page: one set of jobs in flight, and the receive page's
    # list of unprinted slips follows the failures of slips queued from any page.
    window.printing = PrintController(ctx, parent=window)
    window.receive_page = ReceiveView(ctx, printing=window.printing)
    window.add_page(window.receive_page, window.tr("Tiếp nhận hồ sơ"))
    ctx.when_store_ready(lambda: _install_pages(window, ctx, scan_clock))
    window.after_first_paint(lambda: ctx.when_store_ready(lambda: _install_sync(window, ctx)))
    return window


def _install_pages(window, ctx, scan_clock) -> None:
    from shiboken6 import isValid

    if not isValid(window):  # closed and deleted while the store was opening
        return
    from ui.card.wiring import install_card_page  # these import SQLAlchemy: after the store opened
    from ui.logbook.wiring import install_logbook_pages
    from ui.startup import install_admin

    scanner = install_card_page(window, ctx, scan_clock=scan_clock, printing=window.printing)
    receive = window.receive_page

    def card_scanned(content: str) -> None:  # a CCCD QR scanned anywhere: receive that person
        window.show_page(receive)
        receive.apply_scanned_card(content)

    scanner.card_scanned.connect(card_scanned)
    install_logbook_pages(window, ctx)
    install_admin(window, ctx)  # settings menu; administration page for administrators


def _install_sync(window, ctx) -> None:
    from shiboken6 import isValid

    from ui.sync_status import install_sync

    if not isValid(window):
        return

    install_sync(window, ctx)


def make_context(profile_dir: Path, choose_keys: Callable[[], None] | None = None):
    """Make the shared context (no officer signed in yet) with the profile's store still to open:
    ``build_window`` opens it on a thread after the first paint (or anything that uses it first);
    jobs wait for it in the task runner (``ui.store_opening``). *choose_keys*: run on that
    thread first (the key store of a machine-wide profile, ``ui.cli.main.choose_key_store``)."""
    from ui.context import AppContext
    from ui.store_opening import LazyStore, StoreGatedTaskRunner, open_profile_store

    if choose_keys is None:
        store = LazyStore(profile_dir)
    else:
        store = LazyStore(profile_dir, opener=lambda path: (choose_keys(), open_profile_store(path))[1])
    return AppContext(profile_dir=profile_dir, store=store, tasks=StoreGatedTaskRunner(store))


def _opening_context(profile_dir: Path, choose_keys: Callable[[], None] | None = None):
    """The context with its store already opening on its thread, which then imports the modules
    the pages need (the start reads the store before any window, so this cannot wait for a paint)."""
    ctx = make_context(profile_dir, choose_keys)
    ctx.store.start(then_import=AFTER_STORE_IMPORTS)
    return ctx


def _database_errors() -> tuple[type[Exception], ...]:
    import sqlite3

    from sqlalchemy.exc import DatabaseError

    from counter_app.store import crypt

    return sqlite3.DatabaseError, crypt.DatabaseError, DatabaseError


def _inform_already_open(text: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    QMessageBox.information(None, QApplication.translate("instance", "Phần mềm đã đang mở"), text)


def run_gui(profile_dir: Path, *, notices: list[str] | None = None, choose_keys: Callable[[], None] | None = None) -> int:
    """Open the application on *profile_dir*; returns the exit code. *notices*: what the
    start must tell the person about the profile's place (shown once the window is open);
    *choose_keys*: what chooses the profile's key store, run where the store opens.

    The sign-in dialog (or the first-run wizard) is the first thing shown, before the store is
    open: what it needs is read with a plain read-only query (``ui.sign_in.peek_start_state``);
    the store opens on its thread once the dialog is painted, and the password check waits for
    it there. A file that cannot be read that way (an older schema, damage) is opened first, as
    is a store that fails to open: then the file is checked and, if damaged, its newest good
    backup offered (``ui.startup.check_database``).
    """
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
    from ui.logs import install_file_log

    install_file_log(profile_dir)  # a windowed build has no console: errors and Qt's warnings go here
    from ui.instance import InstanceServer, bring_windows_to_front, claim_profile, hold_running_mutexes

    lock = claim_profile(profile_dir, _inform_already_open)  # noqa: F841 - held until exit
    if lock is None:  # another copy runs on this profile (and was brought to the front)
        return 0
    server = InstanceServer(profile_dir, bring_windows_to_front)  # noqa: F841 - alive until exit
    mutexes = hold_running_mutexes()  # noqa: F841 - the installer's AppMutex: held until exit
    from ui.sign_in import peek_start_state

    try:
        state = peek_start_state(profile_dir)
    except Exception as exc:  # noqa: BLE001 - only a key refusal (crypt is loaded only when the database was read)
        from counter_app.store.crypt import KeyError_

        if not isinstance(exc, KeyError_):
            raise
        state = None  # the machine's key store has no usable key: opening the store says why, below
    ctx = make_context(profile_dir, choose_keys) if state is not None else _opening_context(profile_dir, choose_keys)
    translators: list = []  # alive until exit
    try:
        signed_in = _sign_in(app, ctx, state, translators)
    except Exception as exc:  # noqa: BLE001 - sorted below (SQLCipher is not imported before the dialog)
        from counter_app.store.crypt import KeyError_

        if isinstance(exc, KeyError_):  # the key store's key does not open the file: a recovery key is needed
            from PySide6.QtWidgets import QMessageBox

            from ui.messages import error_text

            ctx.store.dispose()
            QMessageBox.critical(None, QApplication.translate("app", "Không mở được dữ liệu"), error_text(exc))
            return 1
        if not isinstance(exc, _database_errors()):
            raise
        ctx.store.dispose()  # too damaged to open or read, or a full disk:
        from ui.startup import check_database

        if not check_database(profile_dir, error=exc):  # check now: free space, or the newest good backup
            return 1
        ctx = _opening_context(profile_dir, choose_keys)
        signed_in = _sign_in(app, ctx, None, translators)
    if signed_in is None:
        ctx.tasks.wait_all()
        ctx.store.dispose()
        return 0
    from ui.session import Session

    session = Session(app, ctx, signed_in.agency_name)  # the window; sign out asks for the next officer
    window = session.open_window()  # shown, then the integrity check, backups and the idle screen lock
    if notices:
        from ui.backup_warning import tell_start_notices

        tell_start_notices(window, notices)
    try:
        return app.exec()
    finally:
        ctx.tasks.wait_all()
        _record_start_facts(ctx)
        ctx.store.dispose()


def _record_start_facts(ctx) -> None:
    """Record the start facts as the session leaves them (a language chosen in the settings
    takes effect at the next start, whose dialog is painted from this recording)."""
    import logging

    from ui.sign_in import read_start_state

    try:
        read_start_state(ctx.store)
    except Exception:  # noqa: BLE001 - the next start reads the database instead; never a traceback
        logging.getLogger(__name__).warning("the start facts were not recorded at exit", exc_info=True)


def _sign_in(app, ctx, state, translators: list):
    """The language, then the wizard when needed and the sign-in; *state* None: read it from
    the store (waits for it to open). The state signed in under, None when the person gave up;
    *translators* keeps the language's translators."""
    from ui.i18n import install_app_icon, install_translators, remove_translators
    from ui.sign_in import StaleStart, read_start_state, start_session

    peeked = state is not None
    if state is None:
        state = read_start_state(ctx.store)
    remove_translators(app, translators)  # a second try after the file was checked
    translators[:] = install_translators(app, state.language)
    install_app_icon(app)
    try:
        return start_session(ctx, state, peeked=peeked)  # the first-run wizard when needed, then the login
    except StaleStart as stale:  # the recorded language or set-up state was out of date: the store's
        remove_translators(app, translators)
        translators[:] = install_translators(app, stale.state.language)
        return start_session(ctx, stale.state)
