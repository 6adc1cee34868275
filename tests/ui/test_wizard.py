"""The first-run wizard driven as a person would: typing Vietnamese, Next, Finish."""

from __future__ import annotations

from datetime import datetime

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from counter_app.services import auth
from counter_app.store import settings
from counter_app.store.db import open_store
from counter_app.store.models import Agency, AuditEntry, Officer, Procedure
from tests.ui.keys import type_text
from ui.tasks import TaskRunner
from ui.wizard import SetupWizard

# The offscreen platform warns that it cannot propagate a top-level wizard's size hints.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def empty_store(profile_dir):
    s = open_store(profile_dir)
    yield s
    s.dispose()


@pytest.fixture
def tasks():
    runner = TaskRunner()
    yield runner
    runner.wait_all()


def _next(qtbot, wizard):
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def _fill_agency(wizard, agency_id="000.00.14.H56"):
    page = wizard.agency_page
    type_text(page.name, "UBND phường Hải Châu")
    type_text(page.parent_name, "UBND THÀNH PHỐ ĐÀ NẴNG")
    type_text(page.agency_id, agency_id)
    type_text(page.place_name, "Đà Nẵng")


def _fill_admin(wizard, password="quantri-2026", confirm=None):
    page = wizard.admin_page
    type_text(page.full_name, "Trần Thị Thu Hà")
    type_text(page.username, "quantri")
    type_text(page.password, password)
    type_text(page.confirm, confirm if confirm is not None else password)


def test_the_wizard_sets_up_the_profile_offline_and_the_administrator_can_sign_in(qtbot, empty_store, tasks):
    wizard = SetupWizard(empty_store, tasks, enroller=None, clock=lambda: datetime(2026, 3, 10, 8, 0))
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_agency(wizard, agency_id="000.00.14")  # malformed: the page says so and stays
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.agency_page
    assert "Mã định danh cơ quan: phải theo QCVN 102:2016" in wizard.agency_page.error.text()
    wizard.agency_page.agency_id.clear()
    type_text(wizard.agency_page.agency_id, "000.00.14.H56")
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.workstation_page
    wizard.workstation_page.number.setValue(3)
    _next(qtbot, wizard)
    type_text(wizard.server_page.url, "https://motcua.danang.gov.vn")
    wizard.server_page.offline.setChecked(True)
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.admin_page
    _fill_admin(wizard, confirm="khac-hẳn")
    wizard.next()  # Finish is the last page's validation: the mismatch keeps the wizard open
    assert wizard.admin_page.error.text() == "Hai lần nhập mật khẩu không khớp."
    wizard.admin_page.confirm.clear()
    type_text(wizard.admin_page.confirm, "quantri-2026")
    with qtbot.waitSignal(wizard.profile_created, timeout=20_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.enroll_message == "Quầy làm việc ngoại tuyến."
    with empty_store.read() as session:
        agency = session.get(Agency, "000.00.14.H56")
        assert (agency.name, agency.parent_name, agency.place_name) == (
            "UBND phường Hải Châu", "UBND THÀNH PHỐ ĐÀ NẴNG", "Đà Nẵng")
        assert settings.get_setting(session, settings.WORKSTATION_NUMBER) == 3
        assert settings.get_setting(session, "sync.server_url") is None
        admin = session.query(Officer).one()
        assert (admin.username, admin.full_name, admin.role) == ("quantri", "Trần Thị Thu Hà", "admin")
        assert session.query(Procedure).count() >= 8
        assert [e.action for e in session.query(AuditEntry)] == ["profile_created"]
    assert auth.login(empty_store, "quantri", "quantri-2026").username == "quantri"


def test_an_enrollment_code_is_passed_to_the_enroller(qtbot, empty_store, tasks):
    calls = []
    wizard = SetupWizard(empty_store, tasks, enroller=lambda store, url, code: calls.append((url, code)))
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_agency(wizard)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    type_text(wizard.server_page.url, "https://motcua.danang.gov.vn")
    type_text(wizard.server_page.code, "ABCD-1234")
    _next(qtbot, wizard)
    _fill_admin(wizard)
    with qtbot.waitSignal(wizard.profile_created, timeout=20_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert calls == [("https://motcua.danang.gov.vn", "ABCD-1234")]
    assert wizard.enroll_message == "Đã đăng ký quầy với máy chủ của tỉnh."


def test_a_failed_enrollment_keeps_the_address_and_finishes_offline(qtbot, empty_store, tasks):
    def refuse(store, url, code):
        raise ValueError("mã đăng ký đã dùng")

    wizard = SetupWizard(empty_store, tasks, enroller=refuse)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_agency(wizard)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    type_text(wizard.server_page.url, "https://motcua.danang.gov.vn")
    type_text(wizard.server_page.code, "ABCD-1234")
    _next(qtbot, wizard)
    _fill_admin(wizard)
    with qtbot.waitSignal(wizard.profile_created, timeout=20_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert "Chưa đăng ký được với máy chủ (mã đăng ký đã dùng)" in wizard.enroll_message
    with empty_store.read() as session:
        assert settings.get_setting(session, "sync.server_url") == "https://motcua.danang.gov.vn"
