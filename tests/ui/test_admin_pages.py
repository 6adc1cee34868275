"""The administrator's pages: accounts, catalogue import, calendar overrides, backups and restore."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PySide6.QtTest import QAbstractItemModelTester

from counter_app.services import auth
from counter_app.domain.due_dates import CalendarOverride
from counter_app.domain.enums import Role
from counter_app.store.models import AuditEntry, Officer
from ui.admin import AccountsView, BackupsView, CalendarView, CatalogueImportView
from ui.context import AppContext
from ui.tasks import TaskRunner

FIXTURES = Path(__file__).parents[1] / "core" / "fixtures" / "catalogue"


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def ctx(store, profile_dir):
    tasks = TaskRunner()
    with store.read() as session:
        admin = session.query(Officer).filter_by(username="admin").one()
        context = AppContext(profile_dir=profile_dir, store=store, tasks=tasks, officer_id=admin.id,
                             officer_name=admin.full_name, officer_role=admin.role)
    yield context
    tasks.wait_all()


def test_accounts_are_listed_created_and_refused_to_a_non_administrator(qtbot, ctx):
    view = AccountsView(ctx)
    qtbot.addWidget(view)
    QAbstractItemModelTester(view.model)
    qtbot.waitUntil(lambda: view.model.rowCount() == 4)
    assert [r.username for r in view.model.rows] == ["admin", "canbo1", "canbo2", "giamsat"]
    assert view.model.index(3, 2).data() == "Giám sát"
    with qtbot.waitSignal(view.accounts_changed, timeout=10_000):
        view.create("canbo3", "Võ Thị Hoa", Role.OFFICER, "matkhau-123")
    qtbot.waitUntil(lambda: view.model.rowCount() == 5)
    assert view.message.text() == "Đã tạo tài khoản canbo3."
    assert (view.model.index(3, 0).data(), view.model.index(3, 3).data()) == ("canbo3", "Đang dùng")
    with ctx.store.read() as session:
        ctx.officer_id = session.query(Officer).filter_by(username="giamsat").one().id
    view.set_active("canbo3", False)
    qtbot.waitUntil(lambda: "cần quyền quản trị viên" in view.message.text())


def test_a_bad_catalogue_lists_its_rows_and_a_good_one_is_imported(qtbot, ctx):
    view = CatalogueImportView(ctx)
    qtbot.addWidget(view)
    view.import_file(FIXTURES / "three_bad_rows.json")
    qtbot.waitUntil(lambda: view.report.toPlainText().startswith("Không nhập thủ tục nào."))
    assert len(view.report.toPlainText().splitlines()) >= 4
    with qtbot.waitSignal(view.catalogue_imported, timeout=10_000):
        view.import_file(FIXTURES / "good.json")
    assert view.report.toPlainText().startswith("Đã nhập ")


def test_calendar_overrides_are_edited_and_saved(qtbot, ctx):
    view = CalendarView(ctx)
    qtbot.addWidget(view)
    QAbstractItemModelTester(view.model)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    before = view.model.rowCount()
    view.model.put(CalendarOverride(date(2026, 12, 30), "morning", "Họp tổng kết"))
    view.table.selectRow(0)
    view.remove_selected()
    with qtbot.waitSignal(view.calendar_saved, timeout=10_000):
        view.save()
    assert view.model.rowCount() == before
    assert view.model.index(view.model.rowCount() - 1, 1).data() == "Chỉ làm buổi sáng"


def test_a_calendar_day_without_its_legal_act_is_shown_as_unconfirmed(qtbot, ctx):
    view = CalendarView(ctx)
    qtbot.addWidget(view)
    QAbstractItemModelTester(view.model)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    rows = {view.model.index(r, 0).data(): r for r in range(view.model.rowCount())}
    culture = rows["24/11/2026"]  # Ngày Văn hóa Việt Nam: the Labour Code amendment is not law yet
    assert view.model.index(culture, 4).data() == "Chưa xác nhận: chưa có văn bản"
    assert view.model.index(rows["10/01/2026"], 3).data() == "Văn bản số 12729/VPCP-KGVX"
    assert view.model.index(rows["10/01/2026"], 4).data() == "Có căn cứ"
    qtbot.waitUntil(lambda: "chưa có căn cứ pháp lý" in view.message.text())
    view.model.put(CalendarOverride(date(2026, 11, 24), "off", "Ngày Văn hóa Việt Nam",
                                    "Bộ luật Lao động (sửa đổi) — số văn bản do tỉnh nhập"))
    with qtbot.waitSignal(view.calendar_saved, timeout=10_000):
        view.save()
    with ctx.store.read() as session:
        from counter_app.services import admin

        assert date(2026, 11, 24) not in {o.day for o in admin.unconfirmed_overrides(session)}
    with ctx.store.read() as session:
        assert session.query(AuditEntry).order_by(AuditEntry.seq.desc()).first().action == "calendar_changed"


def test_backup_now_then_restore_from_the_list(qtbot, ctx, profile_dir):
    view = BackupsView(ctx)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.backup_made, timeout=10_000):
        view.backup_now()
    qtbot.waitUntil(lambda: view.list.count() == 1)
    view.list.setCurrentRow(0)
    with qtbot.waitSignal(view.restored, timeout=10_000) as restored:
        view.restore(view.selected_path())
    result = restored.args[0]
    assert result.set_aside.parent == profile_dir / "set-aside" and result.set_aside.exists()
    with ctx.store.read() as session:  # the context's store works on the restored file
        assert session.query(AuditEntry).order_by(AuditEntry.seq.desc()).first().action == "restored"


def test_the_receive_appointment_and_the_logbook_procedures_follow_the_administrators_edits(qtbot, ctx):
    from counter_app.store import catalogue_tables
    from ui.logbook.view import LogbookView
    from ui.main_window import MainWindow
    from ui.receive import ReceiveView
    from ui.startup import install_admin

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    receive_page, logbook = ReceiveView(ctx), LogbookView(ctx)
    window.add_page(receive_page, "receive")
    window.add_page(logbook, "logbook")
    install_admin(window, ctx)
    admin = window.page("admin")
    qtbot.waitUntil(lambda: receive_page.calendar is not None and logbook.procedure.count() > 1
                    and admin.calendar.model.rowCount() > 0)
    day = date(2026, 12, 29)  # a Tuesday
    assert receive_page.calendar.override_on(day) is None
    admin.calendar.model.put(CalendarOverride(day, "off", "Nghỉ bù"))
    with qtbot.waitSignal(admin.calendar.calendar_saved, timeout=10_000):
        admin.calendar.save()
    qtbot.waitUntil(lambda: receive_page.calendar.override_on(day) is not None, timeout=10_000)
    assert receive_page.calendar.override_on(day).kind == "off"

    with qtbot.waitSignal(admin.catalogue.catalogue_imported, timeout=10_000):
        admin.catalogue.import_file(FIXTURES / "good.json")
    with ctx.store.read() as session:
        codes = [spec.code for spec in catalogue_tables.list_specs(session)]
    assert "1.004873.000.00.00.H14" in codes
    qtbot.waitUntil(lambda: [logbook.procedure.itemData(i) for i in range(logbook.procedure.count())]
                    == [None, *codes], timeout=10_000)


def test_a_restore_waits_for_the_jobs_in_flight_without_holding_the_window(qtbot, ctx, profile_dir):
    import threading

    from counter_app.store import backup
    from ui.admin.backups import restore_in_background

    made = backup.backup_now(ctx.store, profile_dir, reason="manual")
    release, finished = threading.Event(), []
    ctx.tasks.run(lambda: release.wait(10), on_done=lambda _r: finished.append("slow read"))
    restored: list = []
    restore_in_background(ctx, made.path, on_done=lambda result: restored.append(result),
                          on_error=lambda exc: restored.append(exc))
    assert restored == [] and ctx.tasks.pending() == 1  # returned at once; the restore waits its turn
    assert not (profile_dir / "set-aside").exists()
    release.set()
    qtbot.waitUntil(lambda: len(restored) == 1, timeout=10_000)
    assert finished == ["slow read"]
    assert restored[0].restored_from == made.path and restored[0].set_aside.exists()
