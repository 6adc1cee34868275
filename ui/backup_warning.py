"""The status bar's warning while backups share a disk with the data (or cannot be reached),
and the start's notices about the profile's place."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from counter_app.store.backup_place import BackupPlacement
from ui.backup_place_text import placement_text, short_text
from ui.context import AppContext

log = logging.getLogger(__name__)


class BackupPlaceWarning(QLabel):
    """A permanent part of the status bar, shown while the backups are not on another volume;
    its tooltip says what to do. Signals: none (``refresh()`` after the backup folder changed)."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("backup_place_warning")
        self.setStyleSheet("color: #b00020")
        self.placement: BackupPlacement | None = None
        self.hide()

    def refresh(self) -> None:
        ctx = self.ctx

        def job() -> BackupPlacement:
            from counter_app.store.queries import backup_placement

            return backup_placement(ctx.store, ctx.profile_dir)

        ctx.tasks.run(job, self._show, lambda exc: log.warning("backup place not assessed: %s", exc))

    def _show(self, placement: BackupPlacement) -> None:
        self.placement = placement
        tr = lambda text: QApplication.translate("backup_place", text)  # noqa: E731
        self.setText(short_text(placement, tr))
        self.setToolTip(placement_text(placement, tr))
        self.setVisible(placement.warn)
        if placement.warn:
            log.warning("%s", placement_text(placement))


def install_backup_warning(window, ctx: AppContext) -> BackupPlaceWarning:
    """Add the warning to *window*'s status bar and assess the backup folder now."""
    warning = BackupPlaceWarning(ctx, window)
    window.statusBar().addPermanentWidget(warning)
    window.backup_warning = warning
    warning.refresh()
    return warning


def tell_start_notices(window, notices: list[str]) -> None:
    """Say *notices* (the profile was adopted from its old place, or an old one was left) in a
    message box over the window and in the log."""
    for notice in notices:
        log.warning("%s", notice)
    if QApplication.platformName() != "offscreen":
        QMessageBox.information(window, QApplication.translate("backup_place", "Thư mục dữ liệu"), "\n\n".join(notices))
