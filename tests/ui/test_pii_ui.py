"""Personal data in the window: opening a card and printing from it are logged and shown on the
card; the administrator's tab exports a person's data and keeps the retention setting."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from argon2 import PasswordHasher
from PySide6.QtTest import QAbstractItemModelTester

from counter_app.store import crypt
from counter_app.services import auth, pii_purge
from counter_app.store import pii_access
from counter_app.store.models import Dossier, Officer
from counter_app.services.receiving import receive
from tests.pdfcheck import page_text
from ui.admin.personal_data import PersonalDataView
from ui.app import build_window
from ui.card.access_model import AccessTableModel
from ui.context import AppContext
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform only

AT = datetime(2026, 3, 10, 9, 0)


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def context(store, profile_dir, username: str) -> AppContext:
    with store.read() as session:
        who = session.query(Officer).filter_by(username=username).one()
        return AppContext(profile_dir=profile_dir, store=store, tasks=TaskRunner(), officer_id=who.id,
                          officer_name=who.full_name, officer_role=who.role)


class FileSink:
    """A printer that accepts every page (the print path, not the device, is under test)."""

    def print_pdf(self, data, printer_name, title):
        return printer_name or "Máy in quầy 1"


def test_opening_the_card_and_printing_its_control_sheet_are_logged_and_shown(qtbot, store, profile_dir, make_draft):
    ctx = context(store, profile_dir, "canbo2")
    receipt = receive(store, make_draft(), "canbo1", now=AT)
    window = build_window(ctx)
    qtbot.addWidget(window)
    window.printing.sink = FileSink()
    page = window.card_page
    with qtbot.waitSignal(page.card_shown, timeout=5000):
        page.open_code(receipt.code)
    qtbot.waitUntil(lambda: page.access.rowCount() == 1, timeout=5000)
    with qtbot.waitSignal(window.printing.job_printed, timeout=20_000):
        page.print_control_sheet()
    qtbot.waitUntil(lambda: page.access.rowCount() == 2, timeout=5000)
    rows = pii_access.access_log(store, receipt.id)
    assert [(r.action, r.form, r.officer_name, r.workstation_no) for r in rows] == [
        ("view", "card", "Phạm Đức Thắng", 1), ("print", "control", "Phạm Đức Thắng", 1)]
    shown = [[page.access.index(r, c).data() for c in range(page.access.columnCount())] for r in range(2)]
    assert [row[1:] for row in shown] == [
        ["Phạm Đức Thắng", "1", "Xem", "Thẻ hồ sơ"],
        ["Phạm Đức Thắng", "1", "In hoặc lưu tệp", "Phiếu kiểm soát quá trình giải quyết hồ sơ"]]
    page.access_box.setChecked(True)
    assert page.access_table.isVisibleTo(page)
    window.close()
    ctx.tasks.wait_all()


def test_a_log_that_cannot_be_written_does_not_stop_the_card(qtbot, store, profile_dir, make_draft):
    ctx = context(store, profile_dir, "canbo2")
    receipt = receive(store, make_draft(), "canbo1", now=AT)

    with crypt.connect(store.path) as db:  # the log's table refuses every row
        db.execute("CREATE TRIGGER refuse_access BEFORE INSERT ON pii_access BEGIN SELECT RAISE(ABORT, 'disk'); END")
    window = build_window(ctx)
    qtbot.addWidget(window)
    page = window.card_page
    with qtbot.waitSignal(page.card_shown, timeout=5000) as shown:
        page.open_code(receipt.code)
    assert shown.args[0].code == receipt.code
    ctx.tasks.wait_all()
    assert page.access.rowCount() == 0 and page.message.text() == ""
    window.close()


def test_access_model_passes_the_model_tester(qtbot, store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=AT)
    pii_access.record_access(store, receipt.id, "view", officer_id=None, form="card")
    pii_access.record_access(store, receipt.id, "export", officer_id=None, form="pdf")
    model = AccessTableModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_rows(pii_access.access_log(store, receipt.id))
    assert model.rowCount() == 2 and model.index(1, 4).data() == "Tệp PDF"


def test_the_administrators_tab_exports_a_person_and_keeps_the_retention(qtbot, store, profile_dir, make_draft,
                                                                       tmp_path):
    ctx = context(store, profile_dir, "admin")
    mine = receive(store, make_draft(applicant_name="Châu Ngọc Diệp", id_number="079190011223"), "canbo1", now=AT)
    receive(store, make_draft(), "canbo1", now=AT)
    view = PersonalDataView(ctx)
    qtbot.addWidget(view)
    view.id_field.setText("079190011223")
    with qtbot.waitSignal(view.exported, timeout=10_000) as done:
        view.export_to(tmp_path / "diep")
    assert [d["code"] for d in done.args[0]["dossiers"]] == [mine.code]
    assert [d["code"] for d in json.loads((tmp_path / "diep.json").read_text(encoding="utf-8"))["dossiers"]] == [mine.code]
    assert "Châu Ngọc Diệp" in page_text(tmp_path / "diep.pdf")
    view.retention.setValue(36)
    with qtbot.waitSignal(view.retention_saved, timeout=5000):
        view.save_retention()
    with store.read() as session:
        assert pii_purge.retention_months(session) == 36
    ctx.tasks.wait_all()

    officer = context(store, profile_dir, "canbo1")
    other = PersonalDataView(officer)
    qtbot.addWidget(other)
    other.id_field.setText("079190011223")
    with qtbot.waitSignal(other.message_changed, timeout=10_000) as said:
        other.export_to(tmp_path / "refused")
    assert "Trích xuất dữ liệu cá nhân: cần quyền" in said.args[0] and not (tmp_path / "refused.json").exists()
    officer.tasks.wait_all()


def test_the_daily_erasure_runs_once_a_day_at_start_and_keeps_what_the_province_has_not_acknowledged(
        qtbot, store, profile_dir, make_draft):
    from counter_app.store import settings
    from counter_app.domain.clock import today_vn
    from counter_app.services import actions
    from ui.startup import start_retention

    receipt = receive(store, make_draft(), "canbo1", now=AT)
    actions.hand_over(store, receipt.code, department="Phòng Tư pháp", now=AT.replace(hour=10))
    actions.result_ready(store, receipt.code, now=AT.replace(hour=11))
    actions.return_to_applicant(store, receipt.code, now=AT.replace(hour=12))
    with store.write() as session:  # one month: long past it, yet never pushed to the province
        settings.set_setting(session, pii_purge.RETENTION_KEY, 1)
    ctx = context(store, profile_dir, "canbo1")
    start_retention(ctx)
    ctx.tasks.wait_all()
    with store.read() as session:
        assert settings.get_setting(session, pii_purge.LAST_RUN_KEY) == today_vn().isoformat()
        assert session.get(Dossier, receipt.id).applicant_name == make_draft().applicant_name
    assert pii_purge.purge(store, dry_run=True).waiting == (receipt.code,)
    assert pii_purge.purge_if_due(store) is None  # once a day


def test_the_logbook_exported_or_saved_is_logged_for_each_dossier_it_carries(qtbot, store, profile_dir, make_draft,
                                                                            tmp_path):
    from counter_app.store.ledger import LedgerFilter
    from ui.logbook.view import LogbookView

    ctx = context(store, profile_dir, "canbo2")
    shown = [receive(store, make_draft(applicant_name=n), "canbo1", now=AT) for n in ("Lê Văn Muộn", "Trần Thị Sau")]
    hidden = receive(store, make_draft(applicant_name="Đỗ Văn Khác", procedure_code="2.000815"), "canbo1", now=AT)
    view = LogbookView(ctx, clock=lambda: AT.replace(hour=16))
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=10_000)
    with qtbot.waitSignal(view.model.count_changed, timeout=10_000):
        view.model.set_filter(LedgerFilter(procedure_code="1.001193"))
    with qtbot.waitSignal(view.exported, timeout=20_000):
        view.export_to(tmp_path / "so.xlsx")
    ctx.tasks.wait_all()
    for r in shown:
        assert [(a.action, a.form, a.officer_name) for a in pii_access.access_log(store, r.id)] == [
            ("export", "logbook.xlsx", "Phạm Đức Thắng")]
    assert pii_access.access_log(store, hidden.id) == []
    view._save_pdf(b"%PDF-1.4 test", str(tmp_path / "so.pdf"))
    ctx.tasks.wait_all()
    assert [a.form for a in pii_access.access_log(store, shown[0].id)] == ["logbook.xlsx", "logbook.pdf"]


def test_a_slip_shown_in_the_print_preview_is_logged_as_a_view(qtbot, store, profile_dir, make_draft):
    from counter_app.services.counter_outcomes import receive_and_queue
    from ui.printing.controller import PrintController

    ctx = context(store, profile_dir, "canbo2")
    outcome = receive_and_queue(store, make_draft(received_at=None), "canbo1", now=AT)
    controller = PrintController(ctx, sink=FileSink())
    shown: list = []
    controller.render_for_preview(outcome.job_id, "receipt", on_done=shown.append, printers=lambda: ["Máy in quầy 1"])
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    ctx.tasks.wait_all()
    assert make_draft().applicant_name in page_text(shown[0][0])  # the preview shows the person
    rows = pii_access.access_log(store, outcome.dossier_id)
    assert [(r.action, r.form, r.officer_name, r.workstation_no) for r in rows] == [
        ("view", "receipt.preview", "Phạm Đức Thắng", 1)]
    model = AccessTableModel()
    model.set_rows(rows)
    assert model.index(0, 4).data().endswith("(xem trước khi in)")


def test_the_logbook_shown_in_the_print_preview_is_logged_as_a_view_of_each_dossier_on_it(
        qtbot, store, profile_dir, make_draft):
    from counter_app.store.ledger import LedgerFilter
    from ui.logbook.view import LogbookView

    ctx = context(store, profile_dir, "canbo2")
    shown = [receive(store, make_draft(applicant_name=n), "canbo1", now=AT) for n in ("Lê Văn Muộn", "Trần Thị Sau")]
    hidden = receive(store, make_draft(applicant_name="Đỗ Văn Khác", procedure_code="2.000815"), "canbo1", now=AT)
    view = LogbookView(ctx, clock=lambda: AT.replace(hour=16))
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=10_000)
    with qtbot.waitSignal(view.model.count_changed, timeout=10_000):
        view.model.set_filter(LedgerFilter(procedure_code="1.001193"))
    view.print_logbook()
    qtbot.waitUntil(lambda: view.preview_dialog is not None, timeout=20_000)
    ctx.tasks.wait_all()
    for r in shown:
        assert [(a.action, a.form, a.officer_name) for a in pii_access.access_log(store, r.id)] == [
            ("view", "logbook.preview", "Phạm Đức Thắng")]
    assert pii_access.access_log(store, hidden.id) == []
    view.preview_dialog.reject()
