"""Administration pages: accounts, catalogue import, calendar overrides, backups and restore."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from ui.admin.accounts import AccountsView
from ui.admin.backups import BackupsView
from ui.admin.catalogue import CalendarView, CatalogueImportView
from ui.admin.personal_data import PersonalDataView
from ui.context import AppContext


class AdminPage(QTabWidget):
    """The administrator's page: one tab per task."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.accounts = AccountsView(ctx)
        self.catalogue = CatalogueImportView(ctx)
        self.calendar = CalendarView(ctx)
        self.backups = BackupsView(ctx)
        self.personal_data = PersonalDataView(ctx)
        self.addTab(self.accounts, self.tr("Tài khoản"))
        self.addTab(self.catalogue, self.tr("Danh mục thủ tục"))
        self.addTab(self.calendar, self.tr("Lịch làm việc"))
        self.addTab(self.backups, self.tr("Sao lưu và khôi phục"))
        self.addTab(self.personal_data, self.tr("Dữ liệu cá nhân"))


__all__ = ["AdminPage", "AccountsView", "BackupsView", "CalendarView", "CatalogueImportView", "PersonalDataView"]
