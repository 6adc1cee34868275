"""Personal data for administrators: the retention period, a person's export for an access
request, and the erasure of finished dossiers past retention (counter_app.pii_*)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.services import pii_export, pii_purge
from counter_app.domain.errors import CounterError
from ui.context import AppContext
from ui.messages import error_text


class PersonalDataView(QWidget):
    """Signals: ``retention_saved(int)``, ``exported(object dict)`` (the export's content),
    ``purged(object PurgeResult)`` (a dry run too), ``message_changed(str)``."""

    retention_saved = Signal(int)
    exported = Signal(object)
    purged = Signal(object)
    message_changed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.retention = QSpinBox()
        self.retention.setObjectName("retention_months")
        self.retention.setRange(1, pii_purge.MAX_RETENTION_MONTHS)
        self.retention.setValue(pii_purge.DEFAULT_RETENTION_MONTHS)
        self.retention.setSuffix(self.tr(" tháng"))
        save = QPushButton(self.tr("Lưu thời hạn"))
        save.clicked.connect(self.save_retention)
        self.dry_button = QPushButton(self.tr("Xem hồ sơ sẽ bị xoá"))
        self.dry_button.clicked.connect(lambda: self.purge(dry_run=True))
        self.purge_button = QPushButton(self.tr("Xoá dữ liệu cá nhân hết hạn ngay"))
        self.purge_button.clicked.connect(lambda: self.purge(dry_run=False))
        keep = QGroupBox(self.tr("Thời hạn lưu dữ liệu cá nhân"))
        form = QFormLayout(keep)
        row = QHBoxLayout()
        row.addWidget(self.retention)
        row.addWidget(save)
        row.addStretch(1)
        form.addRow(self.tr("Sau khi hồ sơ kết thúc"), row)
        note = QLabel(self.tr("Hết thời hạn này, họ tên, số giấy tờ, điện thoại, địa chỉ, thư điện tử và người đại "
                              "diện của hồ sơ đã kết thúc được xoá khỏi máy này, chỉ khi hệ thống tỉnh đã xác nhận "
                              "mọi sự kiện của hồ sơ. Mã hồ sơ, thủ tục, thời gian và trạng thái được giữ lại. "
                              "Việc xoá chạy mỗi ngày một lần khi mở phần mềm."))
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.dry_button)
        buttons.addWidget(self.purge_button)
        buttons.addStretch(1)
        form.addRow(buttons)

        export = QGroupBox(self.tr("Trích xuất dữ liệu của một người (yêu cầu của chủ thể dữ liệu)"))
        self.id_field = QLineEdit()
        self.id_field.setObjectName("subject_id")
        self.id_field.setPlaceholderText(self.tr("Số CCCD, CMND hoặc hộ chiếu"))
        export_button = QPushButton(self.tr("Trích xuất ra tệp JSON và PDF…"))
        export_button.clicked.connect(self._ask_export)
        row = QHBoxLayout(export)
        row.addWidget(self.id_field, 1)
        row.addWidget(export_button)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(keep)
        layout.addWidget(export)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.load()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020" if error else "color: #1b5e20")
        self.message.setText(text)
        self.message_changed.emit(text)

    def _failed(self, exc: BaseException) -> None:
        text = error_text(exc) if isinstance(exc, CounterError) else self.tr("Lỗi không mong đợi: %1").replace("%1", error_text(exc))
        self._say(text, error=True)

    def load(self) -> None:
        """Read the retention period on a worker."""
        store = self.ctx.store

        def read() -> int:
            return pii_purge.retention(store)

        self.ctx.tasks.run(read, on_done=self.retention.setValue, on_error=self._failed)

    def save_retention(self) -> None:
        store, officer, months = self.ctx.store, self.ctx.officer_id, self.retention.value()

        def done(saved: int) -> None:
            self._say(self.tr("Đã lưu: dữ liệu cá nhân được giữ %1 tháng sau khi hồ sơ kết thúc.")
                      .replace("%1", str(saved)))
            self.retention_saved.emit(saved)

        self.ctx.tasks.write(lambda: pii_purge.set_retention(store, months, officer), on_done=done,
                             on_error=self._failed)

    def _ask_export(self) -> None:
        try:
            subject = pii_export.clean_subject_id(self.id_field.text())
        except CounterError as exc:
            self._failed(exc)
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu dữ liệu trích xuất"), f"du-lieu-{subject}.json",
                                              self.tr("Tệp JSON (*.json)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path) -> None:
        """Export the typed ID number's data to *path* (JSON) and beside it, same name, as PDF."""
        json_path = Path(path).with_suffix(".json")
        pdf_path = json_path.with_suffix(".pdf")
        store, officer, subject = self.ctx.store, self.ctx.officer_id, self.id_field.text()

        def done(content: dict) -> None:
            self._say(self.tr("Đã trích xuất %1 hồ sơ vào %2 và %3.").replace("%1", str(len(content["dossiers"])))
                      .replace("%2", str(json_path)).replace("%3", str(pdf_path)))
            self.exported.emit(content)

        self.ctx.tasks.write(lambda: pii_export.export_person(store, subject, officer, json_path=json_path,
                                                              pdf_path=pdf_path),
                             on_done=done, on_error=self._failed)

    def purge(self, *, dry_run: bool) -> None:
        store, officer = self.ctx.store, self.ctx.officer_id

        def done(result: pii_purge.PurgeResult) -> None:
            codes = ", ".join(result.erased[:20]) + (" …" if len(result.erased) > 20 else "")
            if dry_run:
                text = self.tr("Sẽ xoá dữ liệu cá nhân của %1 hồ sơ (%2); %3 hồ sơ quá hạn còn chờ hệ thống tỉnh "
                               "xác nhận.")
            else:
                text = self.tr("Đã xoá dữ liệu cá nhân của %1 hồ sơ (%2); %3 hồ sơ quá hạn còn chờ hệ thống tỉnh "
                               "xác nhận.")
            self._say(text.replace("%1", str(len(result.erased))).replace("%2", codes or "—")
                      .replace("%3", str(len(result.waiting))))
            self.purged.emit(result)

        self.ctx.tasks.write(lambda: pii_purge.purge(store, dry_run=dry_run, officer=officer), on_done=done,
                             on_error=self._failed)
