"""The first-run wizard: the agency, this workstation, the provincial server, the first administrator.

Shown when the profile has no agency yet. Each page checks what was typed with the same
services the CLI uses (messages in Vietnamese); Finish writes the profile on the writer thread
and then, if an enrollment code was given, enrolls this workstation with the provincial server.
Without a code the server address (if any) is kept in ``sync.server_url`` and the counter
works offline until it is enrolled from the "Hệ thống" menu.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
    QWizard,
    QWizardPage,
)

from counter_app.domain.clock import now_vn
from counter_app.domain.errors import ValidationFailed
from ui.tasks import TaskRunner
from ui.messages import error_text, said_text

if TYPE_CHECKING:  # SQLAlchemy and the services load on the store's opening thread, behind the wizard
    from counter_app.store.db import Store
    from counter_app.services.setup import AgencyInfo

Enroller = Callable[["Store", str, str], Any]


def default_enroller() -> Enroller | None:
    """The sync package's enroll function, when it is there."""
    try:
        from sync.config import enroll
    except ImportError:  # pragma: no cover - the sync package ships with the application
        return None
    return lambda store, url, code: enroll(store, url, code)


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020")
    return label


def _line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


class AgencyPage(QWizardPage):
    """The receiving agency as printed on every slip."""

    def __init__(self):
        super().__init__()
        self.setTitle(self.tr("Cơ quan tiếp nhận"))
        self.setSubTitle(self.tr("Thông tin in trên giấy tiếp nhận và trong mã hồ sơ."))
        self.name = _line("agency_name", self.tr("Ví dụ: UBND phường Hải Châu"))
        self.parent_name = _line("parent_name", self.tr("Ví dụ: UBND THÀNH PHỐ ĐÀ NẴNG (có thể bỏ trống)"))
        self.agency_id = _line("agency_id", "000.00.14.H56")
        self.place_name = _line("place_name", self.tr("Ví dụ: Đà Nẵng"))
        self.unit_name = _line("unit_name", self.tr("Ví dụ: Trung tâm Phục vụ hành chính công phường Hải Châu"))
        self.level = QComboBox()
        self.level.setObjectName("level")
        self.level.addItem(self.tr("Cấp xã (xã, phường, đặc khu)"), "commune")
        self.level.addItem(self.tr("Cấp tỉnh"), "province")
        self.error = _error_label()
        form = QFormLayout(self)
        form.addRow(self.tr("Tên cơ quan"), self.name)
        form.addRow(self.tr("Cơ quan cấp trên"), self.parent_name)
        form.addRow(self.tr("Mã định danh (QCVN 102:2016)"), self.agency_id)
        form.addRow(self.tr("Địa danh ghi trên phiếu"), self.place_name)
        form.addRow(self.tr("Đơn vị một cửa (in trên phiếu)"), self.unit_name)
        form.addRow(self.tr("Cấp cơ quan"), self.level)
        form.addRow(self.error)

    def agency(self) -> AgencyInfo:
        from counter_app.services.setup import AgencyInfo

        return AgencyInfo(id=self.agency_id.text(), name=self.name.text(), place_name=self.place_name.text(),
                          parent_name=self.parent_name.text() or None, unit_name=self.unit_name.text() or None,
                          level=self.level.currentData())

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        from counter_app.services.setup import validate_agency

        try:
            validate_agency(self.agency(), 1)
        except ValidationFailed as exc:
            self.error.setText("\n".join(said_text(e.message) for e in exc.errors))
            return False
        self.error.clear()
        return True


class WorkstationPage(QWizardPage):
    """This counter's number within the agency (part of every dossier code it gives)."""

    def __init__(self):
        super().__init__()
        self.setTitle(self.tr("Quầy tiếp nhận"))
        self.setSubTitle(self.tr("Mỗi máy tại cùng một cơ quan phải có số quầy khác nhau."))
        self.number = QSpinBox()
        self.number.setObjectName("workstation_no")
        self.number.setRange(1, 10)
        form = QFormLayout(self)
        form.addRow(self.tr("Số quầy"), self.number)


class ServerPage(QWizardPage):
    """The provincial server and the one-time enrollment code (both may be left empty)."""

    def __init__(self):
        super().__init__()
        self.setTitle(self.tr("Máy chủ của tỉnh"))
        self.setSubTitle(self.tr("Có thể bỏ qua để làm việc ngoại tuyến và đăng ký sau trong phần Cài đặt."))
        self.url = _line("server_url", "https://motcua.example.gov.vn")
        self.code = _line("enroll_code", self.tr("Mã đăng ký do quản trị tỉnh cấp"))
        self.offline = QCheckBox(self.tr("Bỏ qua, làm việc ngoại tuyến"))
        self.offline.setObjectName("offline")
        self.offline.toggled.connect(self._toggle)
        self.error = _error_label()
        form = QFormLayout(self)
        form.addRow(self.tr("Địa chỉ máy chủ"), self.url)
        form.addRow(self.tr("Mã đăng ký"), self.code)
        form.addRow(self.offline)
        form.addRow(self.error)

    def _toggle(self, offline: bool) -> None:
        self.url.setEnabled(not offline)
        self.code.setEnabled(not offline)

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        if not self.offline.isChecked() and self.code.text().strip() and not self.url.text().strip():
            self.error.setText(self.tr("Hãy nhập địa chỉ máy chủ để dùng mã đăng ký."))
            return False
        return True


class AdminPage(QWizardPage):
    """The first administrator account."""

    def __init__(self):
        super().__init__()
        self.setTitle(self.tr("Tài khoản quản trị"))
        self.setSubTitle(self.tr("Người quản trị tạo tài khoản cho các cán bộ khác sau khi đăng nhập."))
        self.full_name = _line("admin_full_name")
        self.username = _line("admin_username", "quantri")
        self.password = _line("admin_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = _line("admin_confirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.error = _error_label()
        form = QFormLayout(self)
        form.addRow(self.tr("Họ và tên"), self.full_name)
        form.addRow(self.tr("Tên đăng nhập"), self.username)
        form.addRow(self.tr("Mật khẩu"), self.password)
        form.addRow(self.tr("Nhập lại mật khẩu"), self.confirm)
        form.addRow(self.status)
        form.addRow(self.error)

    def check(self) -> str | None:
        """The first problem with what was typed, or None."""
        from counter_app.services import auth

        try:
            auth.clean_username(self.username.text())
            if not self.full_name.text().strip():
                return self.tr("Họ và tên: không được để trống")
            auth.check_password_strength(None, self.password.text())
        except ValidationFailed as exc:
            return error_text(exc)
        if self.password.text() != self.confirm.text():
            return self.tr("Hai lần nhập mật khẩu không khớp.")
        return None

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        return self.wizard().finish_requested_by(self)


class SetupWizard(QWizard):
    """The first-run wizard. Signals: ``profile_created(str)`` (the administrator's id)."""

    profile_created = Signal(str)

    def __init__(self, store: Store, tasks: TaskRunner, *, enroller: Enroller | None = None,
                 clock: Callable[[], datetime] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self._enroller = enroller  # None: the sync package's, looked up when it is needed
        self.clock = clock or now_vn
        self.admin_id: str | None = None
        self.enroll_message = ""
        self._done = False
        self.setWindowTitle(self.tr("Thiết lập lần đầu"))
        self.agency_page, self.workstation_page = AgencyPage(), WorkstationPage()
        self.server_page, self.admin_page = ServerPage(), AdminPage()
        for page in (self.agency_page, self.workstation_page, self.server_page, self.admin_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Tiếp theo"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("Quay lại"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Hoàn tất"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Huỷ"))

    @property
    def enroller(self) -> Enroller | None:
        if self._enroller is None:
            self._enroller = default_enroller()
        return self._enroller

    @enroller.setter
    def enroller(self, value: Enroller | None) -> None:
        self._enroller = value

    def finish_requested_by(self, page: AdminPage) -> bool:
        """Finish: write the profile in the background; the wizard closes when it is done."""
        if self._done:
            return True
        problem = page.check()
        if problem:
            page.error.setText(problem)
            return False
        page.error.clear()
        page.status.setText(self.tr("Đang thiết lập…"))
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        agency = self.agency_page.agency()
        number = self.workstation_page.number.value()
        offline = self.server_page.offline.isChecked()
        url = "" if offline else self.server_page.url.text().strip()
        code = "" if offline else self.server_page.code.text().strip()
        username, full_name, password = page.username.text(), page.full_name.text(), page.password.text()
        now = self.clock()

        def job():
            from counter_app.services.admin import create_profile, is_set_up

            if not is_set_up(self.store):
                self.admin_id = create_profile(self.store, agency, number, admin_username=username,
                                               admin_full_name=full_name, admin_password=password, now=now)
            return self._connect(url, code)

        self.tasks.write(job, self._finished, self._failed)
        return False

    def _connect(self, url: str, code: str) -> str:
        """Enroll when a code was given; otherwise remember the address. Returns a message."""
        from counter_app.services.admin import remember_server_url

        if url and code and self.enroller is not None:
            try:
                self.enroller(self.store, url, code)
            except Exception as exc:  # noqa: BLE001 - shown to the person, the profile stays usable
                remember_server_url(self.store, url)
                return self.tr("Chưa đăng ký được với máy chủ (%1); có thể đăng ký lại trong menu Hệ thống › Đăng ký máy trạm với máy chủ tỉnh…") \
                    .replace("%1", error_text(exc))
            return self.tr("Đã đăng ký quầy với máy chủ của tỉnh.")
        if url:
            remember_server_url(self.store, url)
            return self.tr("Đã lưu địa chỉ máy chủ; quầy làm việc ngoại tuyến cho tới khi được đăng ký.")
        return self.tr("Quầy làm việc ngoại tuyến.")

    def _finished(self, message: str) -> None:
        self.enroll_message = message
        self.admin_page.status.setText(message)
        self._done = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        if self.admin_id:
            self.profile_created.emit(self.admin_id)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.admin_page.status.clear()
        self.admin_page.error.setText(error_text(exc))
