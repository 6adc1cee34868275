"""Starting a session: first-run wizard, login, the window, then the integrity check, backups and screen lock.

Order (``ui.app.run_gui``): :func:`ui.sign_in.start_session` (the wizard when the profile has
no agency, then the login, shown before the store is open, which opens behind them), the
window is shown, and :func:`install_session`
starts :class:`IntegrityCheck` (``PRAGMA quick_check`` on the task runner, behind the window,
at most once a day, the time it ran recorded in the profile: a damaged file is offered its
newest good backup), then, once the file is known to be sound,
the backups (one now and one a day, through the task runner) and the idle screen lock.
:func:`check_database` is the same check done before anything else, for a file too damaged
to be opened at all. :func:`install_admin` adds the settings menu and, for administrators,
the administration page.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox

from counter_app.services import auth
from counter_app.store import backup
from counter_app.domain.clock import now_vn
from counter_app.domain.paths import DB_FILENAME
from counter_app.domain.enums import Role
from counter_app.store.storage import storage_problem
from ui.context import AppContext
from ui.sign_in import StartState, read_start_state, sign_in, start_session  # noqa: F401 - their old home
from ui.storage_text import storage_text
from ui.storage_text import title as storage_title
from ui.messages import error_text

log = logging.getLogger(__name__)
BACKUP_CHECK_MS = 60 * 60 * 1000  # the daily backup is due-checked every hour


def _tr(text: str) -> str:
    return QApplication.translate("startup", text)


def check_database(profile_dir: Path, *, ask=None, inform=None, error: BaseException | None = None) -> bool:
    """Quick-check the database file; when damaged, offer the newest good backup; when the disk
    is full or cannot be written (the check could not run, or *error*, the failure that brought
    us here, was the disk's), say what to free or fix and never offer a restore.

    *ask(title, text) -> bool* and *inform(title, text)* talk to the person (message boxes by
    default). Returns False when the application must not start (damaged and not restored, or
    a disk that cannot be written).
    """
    ask = ask or _ask_yes_no
    inform = inform or _inform
    db = Path(profile_dir) / DB_FILENAME
    problem = storage_problem(error, profile_dir, backup.candidate_folders(profile_dir)) if error else None
    if problem is None and db.exists():
        report = backup.check_integrity(db)
        problem = report.storage
    if problem is not None:
        inform(storage_title(problem, _tr), storage_text(problem, _tr))
        return False
    if not db.exists():
        return True
    if report.ok:
        return True
    found = backup.newest_good_backup(profile_dir)
    if found is None:
        inform(_tr("Cơ sở dữ liệu bị hỏng"), _no_backup_text(report))
        return False
    if not ask(_tr("Cơ sở dữ liệu bị hỏng"), _restore_question(report, found)):
        return False
    result = backup.restore_backup(profile_dir, found.path, damaged=True)
    result.store.dispose()
    return True


def _details(report) -> str:
    from ui.messages import param_text

    return param_text(list(report.messages[:3]))


def _no_backup_text(report) -> str:
    return _tr("Cơ sở dữ liệu bị hỏng (%1) và không tìm thấy bản sao lưu nào còn tốt. "
               "Hãy liên hệ quản trị viên.").replace("%1", _details(report))


def _restore_question(report, found) -> str:
    return _tr("Cơ sở dữ liệu bị hỏng (%1). Khôi phục bản sao lưu tốt mới nhất, lập lúc %2? "
               "Tệp bị hỏng được giữ lại trong thư mục set-aside.") \
        .replace("%1", _details(report)).replace("%2", f"{found.made_at:%H:%M} ngày {found.made_at:%d/%m/%Y}")


class IntegrityCheck(QObject):
    """``PRAGMA quick_check`` of the open profile's file on the task runner, after the window is
    shown; when the file is damaged, offers its newest good backup and closes the window (the
    application must not go on with a damaged file; the damaged file is set aside, not deleted).

    *ask(title, text) -> bool* and *inform(title, text)* talk to the person (message boxes by
    default). Signals: ``passed()`` (the file is sound), ``damaged(object IntegrityReport)``,
    ``restored(object RestoreResult)``, ``disk_problem(object StorageProblem)`` (the disk is
    full or cannot be written: the person is told what to free; no restore is offered, the
    window stays open for reading, and no backup is started).
    """

    passed = Signal()
    damaged = Signal(object)
    restored = Signal(object)
    disk_problem = Signal(object)

    def __init__(self, window, ctx: AppContext, *, ask=None, inform=None):
        super().__init__(window)
        self.window, self.ctx = window, ctx
        self.ask = ask or (lambda title, text: _ask_yes_no(title, text, window))
        self.inform = inform or (lambda title, text: _inform(title, text, window))
        self.report = None

    def start(self) -> None:
        profile_dir = self.ctx.profile_dir

        store = self.ctx.store

        def job():  # quick_check at most once a day (backup.integrity_due); `check` runs it on demand
            report = backup.check_if_due(store)
            return report, (None if not report.damaged else backup.newest_good_backup(profile_dir))

        self.window.statusBar().showMessage(self.tr("Đang kiểm tra cơ sở dữ liệu…"), 60_000)
        self.ctx.tasks.run(job, self._checked, self._failed)

    def _checked(self, outcome) -> None:
        report, found = outcome
        self.report = report
        if report.ok:
            self.window.statusBar().clearMessage()
            if report.ran:
                store = self.ctx.store
                self.ctx.tasks.write(lambda: backup.record_integrity(store, report), None, self._not_recorded)
            self.passed.emit()
            return
        if report.storage is not None:
            self._disk(report.storage)
            return
        self.damaged.emit(report)
        title = _tr("Cơ sở dữ liệu bị hỏng")
        if found is None:
            self.inform(title, _no_backup_text(report) + " " + self.tr("Phần mềm sẽ đóng."))
            self.window.close()
        elif self.ask(title, _restore_question(report, found) + " " + self.tr("Phần mềm sẽ đóng sau khi khôi phục.")):
            self._restore(found.path)
        else:
            self.window.close()

    def _not_recorded(self, exc: Exception) -> None:
        log.warning("The integrity check's time was not recorded: %s", exc)  # it runs again next start

    def _restore(self, path: Path) -> None:
        from ui.admin.backups import restore_in_background

        restore_in_background(self.ctx, path, damaged=True, on_done=self._restored, on_error=self._failed)

    def _restored(self, result) -> None:
        self.restored.emit(result)
        announce_restored(self.window, result, self.inform)

    def _disk(self, problem) -> None:
        self.window.statusBar().showMessage(storage_title(problem, _tr))
        self.disk_problem.emit(problem)
        self.inform(storage_title(problem, _tr), storage_text(problem, _tr))

    def _failed(self, exc: Exception) -> None:
        problem = storage_problem(exc, self.ctx.profile_dir, backup.candidate_folders(self.ctx.profile_dir))
        if problem is not None:
            self._disk(problem)
            return
        self.inform(_tr("Cơ sở dữ liệu bị hỏng"), error_text(exc))
        self.window.close()


def announce_restored(window, result, inform=None) -> None:
    """Say which backup the data was restored from, then close *window*: the next start opens
    the restored file (the integrity check's restore and the administration page's say the same)."""
    inform = inform or (lambda title, text: _inform(title, text, window, QMessageBox.information))
    inform(window.tr("Đã khôi phục"),
           window.tr("Đã khôi phục dữ liệu từ %1. Phần mềm sẽ đóng; hãy mở lại để làm việc "
                     "với dữ liệu đã khôi phục.").replace("%1", result.restored_from.name))
    window.close()


def _ask_yes_no(title: str, text: str, parent=None) -> bool:
    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes


def _inform(title: str, text: str, parent=None, box=QMessageBox.warning) -> None:
    if QApplication.instance() is not None and QApplication.platformName() != "offscreen":
        box(parent, title, text)


class BackupScheduler(QObject):
    """A backup at start and one a day, each on the writer thread. Signals: none (results logged)."""

    def __init__(self, ctx: AppContext, parent: QObject | None = None, *, interval_ms: int = BACKUP_CHECK_MS):
        super().__init__(parent)
        self.ctx = ctx
        self.last_error: str | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.backup_if_due)

    def start(self) -> None:
        ctx = self.ctx
        ctx.tasks.write(lambda: backup.backup_now(ctx.store, ctx.profile_dir, reason="start"),
                        None, self._failed)
        self.timer.start()

    def backup_if_due(self) -> None:
        ctx = self.ctx
        ctx.tasks.write(lambda: backup.backup_if_due(ctx.store, ctx.profile_dir, now=now_vn()),
                        None, self._failed)

    def _failed(self, exc: Exception) -> None:
        self.last_error = error_text(exc)


def install_session(app: QApplication, window, ctx: AppContext):
    """Check the file behind the window, then start the backups (a backup of a damaged file is
    never made); start the idle screen lock for the signed-in officer."""
    from ui.login import ScreenLock

    scheduler = BackupScheduler(ctx, window)
    check = IntegrityCheck(window, ctx)
    check.passed.connect(scheduler.start)
    check.passed.connect(lambda: start_retention(ctx))
    check.start()
    window.integrity_check = check
    lock = ScreenLock(app, window, ctx.store, ctx.tasks, ctx.officer_id, ctx.officer_name or "", 0)
    store = ctx.store

    def idle_minutes() -> float:
        from counter_app.store.queries import setting

        return float(setting(store, auth.IDLE_LOCK_MINUTES, auth.DEFAULTS[auth.IDLE_LOCK_MINUTES]))

    # The lock's idle time is read on a worker; the lock starts counting once it is known.
    ctx.tasks.run(idle_minutes, on_done=lambda minutes: lock.watcher.set_timeout_ms(int(minutes * 60_000)))
    window.screen_lock, window.backup_scheduler = lock, scheduler
    from ui.backup_warning import install_backup_warning

    install_backup_warning(window, ctx)  # while backups share the data's disk, everyone sees it
    return lock


def start_retention(ctx: AppContext) -> None:
    """The daily erasure of personal data past retention (counter_app.services.pii_purge), at most once a
    day; its outcome goes to the log only. It runs on a worker, not on the writer thread: each
    batch is its own short write transaction, so the officer's saves (on the writer thread)
    take turns with its batches instead of waiting for the whole run (the first run on an old
    profile may erase thousands of dossiers)."""
    store = ctx.store

    def job():
        from counter_app.services import pii_purge

        return pii_purge.purge_if_due(store)

    def done(result) -> None:
        if result is not None and (result.erased or result.waiting):
            log.info("Xoá dữ liệu cá nhân hết thời hạn lưu trữ: %d hồ sơ; %d hồ sơ chờ hệ thống tỉnh xác nhận",
                     len(result.erased), len(result.waiting))

    ctx.tasks.run(job, done, lambda exc: log.warning("Chưa xoá được dữ liệu cá nhân hết hạn: %s", exc))


def install_admin(window, ctx: AppContext) -> None:
    """The settings menu for everyone; the administration page for administrators."""
    action = QAction(window.tr("Cài đặt…"), window)
    action.triggered.connect(lambda: _open_settings(window, ctx))
    system_menu = getattr(window, "system_menu", None)
    if system_menu is not None:
        system_menu.add_settings(action)
    else:
        window.menuBar().addMenu(window.tr("Hệ thống")).addAction(action)
    if ctx.officer_role and auth.has_role(ctx.officer_role, Role.ADMIN):
        def build():
            from ui.admin import AdminPage

            page = AdminPage(ctx)
            page.backups.restored.connect(lambda result: announce_restored(window, result))
            # The receive page's appointment and the logbook's procedure list follow the admin's edits.
            page.calendar.calendar_saved.connect(lambda: _tell_pages(window, "reload_calendar"))
            page.catalogue.catalogue_imported.connect(lambda _result: _tell_pages(window, "reload_procedures"))
            window.admin_page = page
            return page

        window.add_lazy_page("admin", window.tr("Quản trị"), build)  # built on first use


def _tell_pages(window, method: str) -> None:
    """Call *method* of every built page that has it (a page built later reads the store then)."""
    for i in range(window.tabs.count()):
        reload = getattr(window.tabs.widget(i), method, None)
        if callable(reload):
            reload()


def _open_settings(window, ctx: AppContext) -> None:
    settings_dialog(window, ctx).exec()


def settings_dialog(window, ctx: AppContext):
    """The settings dialog of *window*; what it saves applies at once to the running window."""
    from ui.settings_dialog import SettingsDialog  # imported when first opened

    dialog = SettingsDialog(ctx, parent=window)
    dialog.settings_saved.connect(lambda changes: apply_saved_settings(window, changes))
    return dialog


def apply_saved_settings(window, changes: dict) -> None:
    """Apply saved settings (``{key: [old, new]}``) that the running window uses: the scanner's
    timing, framing and connection (``window.scan_filter``, a serial port reopened) and the
    idle screen lock (``window.screen_lock``).
    The language applies at the next start; printers and paper are read for each slip."""
    from dataclasses import replace

    from counter_app.store import lookup as lk

    warning = getattr(window, "backup_warning", None)
    if warning is not None and backup.BACKUP_DIR in changes:
        warning.refresh()
    scanner = getattr(window, "scan_filter", None)
    fields = {lk.SCANNER_PREFIX: "prefix", lk.SCANNER_SUFFIX: "suffix", lk.SCANNER_MAX_GAP_MS: "max_gap_ms",
              lk.SCANNER_MIN_LENGTH: "min_length", lk.SCANNER_MODE: "mode", lk.SCANNER_SERIAL_PORT: "serial_port",
              lk.SCANNER_SERIAL_BAUD: "serial_baud", lk.SCANNER_SERIAL_TERMINATOR: "serial_terminator"}
    scanner_changes = {fields[key]: new for key, (_old, new) in changes.items() if key in fields}
    if scanner is not None and scanner_changes:
        scanner.set_config(replace(scanner.config, **scanner_changes))
        if scanner_changes.keys() & {"mode", "serial_port", "serial_baud", "serial_terminator"}:
            from ui.card.wiring import connect_scanner

            connect_scanner(window, scanner, scanner.config)  # the scanner's new port, or the keyboard
    lock = getattr(window, "screen_lock", None)
    if lock is not None and auth.IDLE_LOCK_MINUTES in changes:
        lock.watcher.set_timeout_ms(int(float(changes[auth.IDLE_LOCK_MINUTES][1]) * 60_000))

