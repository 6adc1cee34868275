"""Backups for administrators: the list of backups, a backup now, and restoring one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.store import backup
from counter_app.store.backup import BackupInfo, RestoreResult
from ui.context import AppContext
from ui.messages import error_text


def list_for(ctx: AppContext) -> list[BackupInfo]:
    """This profile's backups, newest first (runs on a worker)."""
    from counter_app.store.queries import backup_folder

    folders = [backup_folder(ctx.store, ctx.profile_dir)]
    folders += [f for f in backup.candidate_folders(ctx.profile_dir) if f not in folders]
    return backup.list_backups(folders)


def restore_in_background(ctx: AppContext, path: Path, *, damaged: bool = False, on_done=None,
                          on_error=None) -> None:
    """Put backup *path* in place of the profile's database on the writer thread, once the jobs
    already submitted have finished (they work on the old file); the GUI thread never waits.
    *on_done(RestoreResult)* / *on_error(exc)* run on the GUI thread."""

    def job() -> RestoreResult:
        result = backup.restore_backup(ctx.profile_dir, path, store=ctx.store, officer=ctx.officer_id,
                                       damaged=damaged)
        result.store.dispose()  # ctx.store's engines reconnect to the restored file on next use
        return result

    _when_idle(ctx.tasks, lambda: ctx.tasks.write(job, on_done, on_error))


def _when_idle(tasks, fn) -> None:
    """Call *fn* on the GUI thread as soon as *tasks* has no job in flight (at once if none)."""
    if tasks.pending() == 0:
        fn()
        return

    def check(_count: int = 0) -> None:
        if tasks.pending() == 0:
            tasks.busy_changed.disconnect(check)
            fn()

    tasks.busy_changed.connect(check)


class BackupsView(QWidget):
    """Signals: ``backup_made(object)``, ``restored(object)`` (a RestoreResult; the window reopens)."""

    backup_made = Signal(object)
    restored = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.list = QListWidget()
        self.list.setObjectName("backups")
        self.backup_button = QPushButton(self.tr("Sao lưu ngay"))
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(self.tr("Khôi phục bản đã chọn…"))
        self.restore_button.clicked.connect(self._ask_restore)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        note = QLabel(self.tr("Khi khôi phục, cơ sở dữ liệu hiện tại không bị xoá: nó được chuyển vào "
                              "thư mục set-aside trong thư mục dữ liệu."))
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addWidget(self.list)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        self.ctx.tasks.run(lambda: list_for(self.ctx), self._show, self._failed)

    def _show(self, backups: list[BackupInfo]) -> None:
        self.list.clear()
        for info in backups:
            item = QListWidgetItem(f"{info.made_at:%d/%m/%Y %H:%M:%S} — {info.path.name} "
                                   f"({info.size / 1_048_576:.1f} MB)")
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            self.list.addItem(item)

    def backup_now(self) -> None:
        ctx = self.ctx
        self.backup_button.setEnabled(False)
        self.ctx.tasks.write(
            lambda: backup.backup_now(ctx.store, ctx.profile_dir, reason="manual", officer=ctx.officer_id),
            self._made, self._failed)

    def _made(self, info: BackupInfo) -> None:
        self.backup_button.setEnabled(True)
        self.message.setText(self.tr("Đã sao lưu vào %1.").replace("%1", str(info.path)))
        self.backup_made.emit(info)
        self.refresh()

    def selected_path(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _ask_restore(self) -> None:
        path = self.selected_path()
        if path is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Khôi phục"),
            self.tr("Thay cơ sở dữ liệu hiện tại bằng bản sao lưu %1? Những gì ghi sau thời điểm sao lưu "
                    "sẽ không còn trong dữ liệu đang dùng (tệp hiện tại vẫn được giữ lại).").replace("%1", path.name))
        if answer == QMessageBox.StandardButton.Yes:
            self.restore(path)

    def restore(self, path: Path) -> None:
        """Restore *path*: pending jobs finish first, then the writer thread swaps the file."""
        self.restore_button.setEnabled(False)
        self.message.setText(self.tr("Đang khôi phục…"))
        restore_in_background(self.ctx, path, on_done=self._restored, on_error=self._failed)

    def _restored(self, result: RestoreResult) -> None:
        self.restore_button.setEnabled(True)
        self.message.setText(self.tr("Đã khôi phục từ %1.").replace("%1", result.restored_from.name))
        self.restored.emit(result)

    def _failed(self, exc: Exception) -> None:
        self.backup_button.setEnabled(True)
        self.restore_button.setEnabled(True)
        self.message.setText(error_text(exc))
