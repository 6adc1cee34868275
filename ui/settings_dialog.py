"""The settings dialog: printers, paper, scanner, language, backups and screen lock.

Every value is a key of the profile's settings (``counter_app.store.settings``), saved through
``counter_app.services.admin.change_settings`` (audited; the backup and security keys need an
administrator, the others any signed-in officer):

=============================  =====================================================  =========
key                            meaning                                                default
=============================  =====================================================  =========
printing.printer.<kind>        printer for a kind of slip (receipt, supplement,       system's
                               refusal, apology, handover) and ``label`` for the
                               folder-label printer; empty: the system default
printing.paper                 ``a4_two_a5`` (two A5 copies on one A4) or ``a5``      a4_two_a5
scanner.max_gap_ms             longest gap between two keys of one scan (ms)          30
scanner.min_length             shortest text taken as a scan                          6
scanner.prefix                 characters the scanner sends before the code           (none)
scanner.suffix                 characters it sends after (Enter is always accepted)   (none)
scanner.mode                   ``wedge`` (a USB keyboard) or ``serial`` (USB-COM);    wedge
                               administrators only
scanner.serial.port            the scanner's serial port (``COM3``)                   (none)
scanner.serial.baud            its speed                                              9600
scanner.serial.terminator      what ends a code: ``cr`` or ``lf``                     cr
ui.language                    ``vi`` (default) or ``en``; applied at next start      vi
backup.dir                     backup folder: exists, writable, outside the profile;  <profile>/backups
                               another disk (else the status bar warns); also kept
                               in <profile>/backup-folder.txt
backup.keep_days               how many days backups are kept                         30
auth.idle_lock_minutes         screen lock after this idle time; 0: never             10
auth.lockout_attempts          failed logins in a row before the account locks       5
auth.lockout_minutes           how long the account stays locked                      15
=============================  =====================================================  =========
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.services import auth
from counter_app.store import backup
from counter_app.domain.enums import Role
from counter_app.store.lookup import (
    DEFAULT_MAX_GAP_MS,
    DEFAULT_MIN_LENGTH,
    MODE_SERIAL,
    MODE_WEDGE,
    SCANNER_MAX_GAP_MS,
    SCANNER_MIN_LENGTH,
    SCANNER_MODE,
    SCANNER_PREFIX,
    SCANNER_SERIAL_BAUD,
    SCANNER_SERIAL_PORT,
    SCANNER_SERIAL_TERMINATOR,
    SCANNER_SUFFIX,
    SERIAL_BAUDS,
)
from counter_app.services.admin import change_settings
from counter_app.services.printing import PAPER_KEY, printer_key
from counter_app.slips import Paper, SlipKind
from ui.code_field import CodeLineEdit
from ui.context import AppContext
from ui.i18n import DEFAULT_LANGUAGE, LANGUAGE_KEY, LANGUAGES
from ui.messages import error_text

SLIP_PRINTERS = (SlipKind.RECEIPT, SlipKind.SUPPLEMENT, SlipKind.REFUSAL, SlipKind.APOLOGY, SlipKind.STOP,
                 SlipKind.CONTROL, SlipKind.HANDOVER)
ADMIN_KEYS = (backup.BACKUP_DIR, backup.BACKUP_KEEP_DAYS, auth.IDLE_LOCK_MINUTES, auth.LOCKOUT_ATTEMPTS,
              auth.LOCKOUT_MINUTES, SCANNER_MODE, SCANNER_SERIAL_PORT, SCANNER_SERIAL_BAUD,
              SCANNER_SERIAL_TERMINATOR)
#: Not a setting: the serial ports present when the dialog opened, as (name, description).
AVAILABLE_PORTS = "_available_serial_ports"


def escape_controls(text: str | None) -> str:
    """Show a scanner prefix/suffix with its control characters as \\r, \\n, \\t."""
    return (text or "").replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def unescape_controls(text: str) -> str:
    """The inverse of :func:`escape_controls`."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append({"r": "\r", "n": "\n", "t": "\t", "\\": "\\"}.get(text[i + 1], text[i:i + 2]))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


_SERIAL_FIELDS = {SCANNER_MODE: "mode", SCANNER_SERIAL_PORT: "serial_port", SCANNER_SERIAL_BAUD: "serial_baud",
                  SCANNER_SERIAL_TERMINATOR: "serial_terminator"}


def load_values(store, profile_dir: Path) -> dict[str, Any]:
    """Every value the dialog shows, with its default, and the serial ports present (runs on
    a worker: listing ports, like printers, can take a while on Windows)."""
    from ui.serial_scanner import serial_ports

    from counter_app.store import queries

    stored = queries.settings_values(store, {
        **{printer_key(k): None for k in (*SLIP_PRINTERS, SlipKind.LABEL)},
        PAPER_KEY: Paper.A4_TWO_A5.value,
        SCANNER_MAX_GAP_MS: DEFAULT_MAX_GAP_MS,
        SCANNER_MIN_LENGTH: DEFAULT_MIN_LENGTH,
        SCANNER_PREFIX: "",
        SCANNER_SUFFIX: "",
        LANGUAGE_KEY: DEFAULT_LANGUAGE,
        backup.BACKUP_KEEP_DAYS: backup.DEFAULT_KEEP_DAYS,
        **{key: auth.DEFAULTS[key] for key in (auth.IDLE_LOCK_MINUTES, auth.LOCKOUT_ATTEMPTS, auth.LOCKOUT_MINUTES)},
    })
    serial = queries.scanner_connection(store)
    values = {printer_key(k): stored[printer_key(k)] for k in (*SLIP_PRINTERS, SlipKind.LABEL)}
    values.update({
        PAPER_KEY: stored[PAPER_KEY],
        SCANNER_MAX_GAP_MS: int(stored[SCANNER_MAX_GAP_MS]),
        SCANNER_MIN_LENGTH: int(stored[SCANNER_MIN_LENGTH]),
        SCANNER_PREFIX: stored[SCANNER_PREFIX] or "",
        SCANNER_SUFFIX: stored[SCANNER_SUFFIX] or "",
        **{key: serial[field] for key, field in _SERIAL_FIELDS.items()},
        LANGUAGE_KEY: stored[LANGUAGE_KEY],
        backup.BACKUP_DIR: str(queries.backup_folder(store, profile_dir)),
        backup.BACKUP_KEEP_DAYS: int(stored[backup.BACKUP_KEEP_DAYS]),
    })
    for key in (auth.IDLE_LOCK_MINUTES, auth.LOCKOUT_ATTEMPTS, auth.LOCKOUT_MINUTES):
        values[key] = int(stored[key])
    values[AVAILABLE_PORTS] = serial_ports()
    return values


def _spin(name: str, low: int, high: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    box.setSuffix(suffix)
    return box


class SettingsDialog(QDialog):
    """Edits this workstation's settings. Signals: ``settings_saved(dict)`` (key → [old, new])."""

    settings_saved = Signal(dict)
    loaded = Signal()

    def __init__(self, ctx: AppContext, *, printers: list[str] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.original: dict[str, Any] = {}
        self.setWindowTitle(self.tr("Cài đặt"))
        names = printers if printers is not None else list(QPrinterInfo.availablePrinterNames())
        self.tabs = QTabWidget()
        self.printer_boxes: dict[str, QComboBox] = {}
        printing = QWidget()
        form = QFormLayout(printing)
        labels = {SlipKind.RECEIPT: self.tr("Giấy tiếp nhận (Mẫu 01)"),
                  SlipKind.SUPPLEMENT: self.tr("Phiếu yêu cầu bổ sung (Mẫu 02)"),
                  SlipKind.REFUSAL: self.tr("Phiếu từ chối (Mẫu 03)"),
                  SlipKind.APOLOGY: self.tr("Văn bản xin lỗi, gia hạn (Mẫu 04)"),
                  SlipKind.STOP: self.tr("Thông báo dừng giải quyết (Mẫu 05)"),
                  SlipKind.CONTROL: self.tr("Phiếu kiểm soát (Mẫu 06)"),
                  SlipKind.HANDOVER: self.tr("Danh sách bàn giao hồ sơ"),
                  SlipKind.LABEL: self.tr("Máy in nhãn mã vạch")}
        for kind in (*SLIP_PRINTERS, SlipKind.LABEL):
            box = QComboBox()
            box.setObjectName(f"printer_{kind}")
            box.addItem(self.tr("(Máy in mặc định)"), "")
            for name in names:
                box.addItem(name, name)
            self.printer_boxes[printer_key(kind)] = box
            form.addRow(labels[kind], box)
        self.paper = QComboBox()
        self.paper.setObjectName("paper")
        self.paper.addItem(self.tr("A4, hai liên A5 trên một tờ"), Paper.A4_TWO_A5.value)
        self.paper.addItem(self.tr("A5, mỗi liên một tờ"), Paper.A5.value)
        form.addRow(self.tr("Khổ giấy"), self.paper)
        self.tabs.addTab(printing, self.tr("Máy in"))

        scanner = QWidget()
        form = QFormLayout(scanner)
        self.max_gap = _spin("max_gap_ms", 5, 500, " ms")
        self.min_length = _spin("min_length", 1, 100)
        self.prefix = CodeLineEdit()  # the scanner's own characters: no IME composing them
        self.prefix.setObjectName("prefix")
        self.suffix = CodeLineEdit()
        self.suffix.setObjectName("suffix")
        form.addRow(self.tr("Khoảng cách tối đa giữa hai ký tự"), self.max_gap)
        form.addRow(self.tr("Độ dài tối thiểu"), self.min_length)
        form.addRow(self.tr("Ký tự đầu (tiền tố)"), self.prefix)
        form.addRow(self.tr("Ký tự cuối (hậu tố, \\r là Enter)"), self.suffix)
        self._build_serial(form)
        self.tabs.addTab(scanner, self.tr("Máy quét"))

        general = QWidget()
        form = QFormLayout(general)
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, label in LANGUAGES.items():
            self.language.addItem(label, code)
        form.addRow(self.tr("Ngôn ngữ (áp dụng khi mở lại)"), self.language)
        self.backup_dir = QLineEdit()
        self.backup_dir.setObjectName("backup_dir")
        browse = QPushButton(self.tr("Chọn…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.backup_dir)
        row.addWidget(browse)
        form.addRow(self.tr("Thư mục sao lưu"), row)
        self.keep_days = _spin("keep_days", 1, 3650, self.tr(" ngày"))
        form.addRow(self.tr("Giữ bản sao lưu trong"), self.keep_days)
        self.idle_minutes = _spin("idle_minutes", 0, 240, self.tr(" phút"))
        form.addRow(self.tr("Khoá màn hình khi không dùng (0: không khoá)"), self.idle_minutes)
        self.lockout_attempts = _spin("lockout_attempts", 1, 50)
        form.addRow(self.tr("Số lần nhập sai mật khẩu trước khi khoá"), self.lockout_attempts)
        self.lockout_minutes = _spin("lockout_minutes", 1, 1440, self.tr(" phút"))
        form.addRow(self.tr("Thời gian khoá tài khoản"), self.lockout_minutes)
        self.admin_note = QLabel(self.tr("Chỉ quản trị viên được đổi phần sao lưu và bảo mật."))
        form.addRow(self.admin_note)
        self.admin_widgets = (self.backup_dir, browse, self.keep_days, self.idle_minutes,
                              self.lockout_attempts, self.lockout_minutes, self.scanner_mode,
                              *self.serial_widgets)
        self.tabs.addTab(general, self.tr("Chung"))

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Lưu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Huỷ"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        is_admin = ctx.officer_role is not None and auth.has_role(ctx.officer_role, Role.ADMIN)
        self.is_admin = is_admin
        for w in self.admin_widgets:
            w.setEnabled(is_admin)
        self.admin_note.setVisible(not is_admin)
        self.setEnabled(False)
        ctx.tasks.run(lambda: load_values(ctx.store, ctx.profile_dir), self._show, self._load_failed)

    def _build_serial(self, form: QFormLayout) -> None:
        """How the scanner is connected: as a keyboard, or on a serial port (administrators)."""
        self.scanner_mode = QComboBox()
        self.scanner_mode.setObjectName("scanner_mode")
        self.scanner_mode.addItem(self.tr("Bàn phím (USB HID, mặc định)"), MODE_WEDGE)
        self.scanner_mode.addItem(self.tr("Cổng COM (USB-COM, nối tiếp: ổn định nhất)"), MODE_SERIAL)
        self.serial_port = QComboBox()
        self.serial_port.setObjectName("serial_port")
        self.serial_port.setEditable(True)  # a port not plugged in now can still be typed
        self.serial_baud = QComboBox()
        self.serial_baud.setObjectName("serial_baud")
        for baud in SERIAL_BAUDS:
            self.serial_baud.addItem(str(baud), baud)
        self.serial_terminator = QComboBox()
        self.serial_terminator.setObjectName("serial_terminator")
        self.serial_terminator.addItem(self.tr("CR (\\r, Enter)"), "cr")
        self.serial_terminator.addItem(self.tr("LF (\\n, xuống dòng)"), "lf")
        self.serial_widgets = (self.serial_port, self.serial_baud, self.serial_terminator)
        form.addRow(self.tr("Cách nối máy quét (quản trị viên)"), self.scanner_mode)
        form.addRow(self.tr("Cổng COM"), self.serial_port)
        form.addRow(self.tr("Tốc độ (baud)"), self.serial_baud)
        form.addRow(self.tr("Ký tự kết thúc mã"), self.serial_terminator)
        self.scanner_mode.currentIndexChanged.connect(lambda _i: self._serial_enabled())

    def _serial_enabled(self) -> None:
        serial = self.scanner_mode.currentData() == MODE_SERIAL
        for w in self.serial_widgets:
            w.setEnabled(serial and getattr(self, "is_admin", False))

    def _show_ports(self, ports: list[tuple[str, str]], chosen: str) -> None:
        self.serial_port.clear()
        for name, description in ports:
            self.serial_port.addItem(f"{name} ({description})" if description else name, name)
        index = self.serial_port.findData(chosen)
        if index >= 0:
            self.serial_port.setCurrentIndex(index)
        else:
            self.serial_port.setEditText(chosen)

    def serial_port_name(self) -> str:
        """The port chosen in the list (its name), or the name typed."""
        text = self.serial_port.currentText().strip()
        index = self.serial_port.findText(text)
        return str(self.serial_port.itemData(index)) if index >= 0 else text

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Thư mục sao lưu"), self.backup_dir.text())
        if folder:
            self.backup_dir.setText(folder)

    @staticmethod
    def _select(box: QComboBox, value: Any) -> None:
        index = box.findData(value if value is not None else "")
        if index < 0 and value:
            box.addItem(str(value), value)  # a printer remembered but not installed now
            index = box.count() - 1
        box.setCurrentIndex(max(index, 0))

    def _show(self, values: dict[str, Any]) -> None:
        self.original = values
        for key, box in self.printer_boxes.items():
            self._select(box, values[key])
        self._select(self.paper, values[PAPER_KEY])
        self.max_gap.setValue(values[SCANNER_MAX_GAP_MS])
        self.min_length.setValue(values[SCANNER_MIN_LENGTH])
        self.prefix.setText(escape_controls(values[SCANNER_PREFIX]))
        self.suffix.setText(escape_controls(values[SCANNER_SUFFIX]))
        self._select(self.scanner_mode, values[SCANNER_MODE])
        self._show_ports(values.get(AVAILABLE_PORTS, []), values[SCANNER_SERIAL_PORT])
        self._select(self.serial_baud, values[SCANNER_SERIAL_BAUD])
        self._select(self.serial_terminator, values[SCANNER_SERIAL_TERMINATOR])
        self._serial_enabled()
        self._select(self.language, values[LANGUAGE_KEY])
        self.backup_dir.setText(values[backup.BACKUP_DIR])
        self.keep_days.setValue(values[backup.BACKUP_KEEP_DAYS])
        self.idle_minutes.setValue(values[auth.IDLE_LOCK_MINUTES])
        self.lockout_attempts.setValue(values[auth.LOCKOUT_ATTEMPTS])
        self.lockout_minutes.setValue(values[auth.LOCKOUT_MINUTES])
        self.setEnabled(True)
        self.loaded.emit()

    def values(self) -> dict[str, Any]:
        """What the dialog shows now, as settings keys and values."""
        out: dict[str, Any] = {key: (box.currentData() or None) for key, box in self.printer_boxes.items()}
        out.update({
            PAPER_KEY: self.paper.currentData(),
            SCANNER_MAX_GAP_MS: self.max_gap.value(),
            SCANNER_MIN_LENGTH: self.min_length.value(),
            SCANNER_PREFIX: unescape_controls(self.prefix.text()),
            SCANNER_SUFFIX: unescape_controls(self.suffix.text()),
            SCANNER_MODE: self.scanner_mode.currentData(),
            SCANNER_SERIAL_PORT: self.serial_port_name(),
            SCANNER_SERIAL_BAUD: self.serial_baud.currentData(),
            SCANNER_SERIAL_TERMINATOR: self.serial_terminator.currentData(),
            LANGUAGE_KEY: self.language.currentData(),
            backup.BACKUP_DIR: self.backup_dir.text().strip(),
            backup.BACKUP_KEEP_DAYS: self.keep_days.value(),
            auth.IDLE_LOCK_MINUTES: self.idle_minutes.value(),
            auth.LOCKOUT_ATTEMPTS: self.lockout_attempts.value(),
            auth.LOCKOUT_MINUTES: self.lockout_minutes.value(),
        })
        return out

    def save(self) -> None:
        """Store what changed (on the writer thread); closes the dialog when done."""
        if not self.tabs.isEnabled():  # the settings could not be read: nothing to compare with
            return
        values = self.values()
        if values[SCANNER_MODE] == MODE_SERIAL and not values[SCANNER_SERIAL_PORT]:
            self.tabs.setCurrentIndex(1)
            self.serial_port.setFocus()
            self.error.setText(self.tr("Cổng COM của máy quét: chưa chọn (ví dụ COM3). Chọn cổng hoặc "
                                       "chuyển cách nối về «Bàn phím»."))
            return
        changed = {k: v for k, v in values.items() if self.original.get(k) != v}
        if not changed:
            self.accept()
            return
        self.buttons.setEnabled(False)
        ctx = self.ctx
        self.ctx.tasks.write(
            lambda: change_settings(ctx.store, ctx.officer_id, changed, profile_dir=ctx.profile_dir),
            self._saved, self._failed)

    def _saved(self, changes: dict) -> None:
        self.buttons.setEnabled(True)
        self.settings_saved.emit(changes)
        self.accept()

    def _load_failed(self, exc: Exception) -> None:
        """Nothing to show: the form stays disabled and only Cancel works (saving the form's
        blank values would overwrite every setting with its lowest value)."""
        self.tabs.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        self.setEnabled(True)
        self.error.setText(self.tr("Không đọc được cài đặt: %1").replace("%1", error_text(exc)))

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error_text(exc))
