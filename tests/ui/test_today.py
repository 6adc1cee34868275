"""The "today" page counts the day's work and follows it."""

from __future__ import annotations

from datetime import datetime

import pytest

from counter_app.domain.enums import DossierStatus
from counter_app.services.receiving import receive
from ui.context import AppContext
from ui.tasks import TaskRunner
from ui.today import TodayView

NOW = datetime(2026, 3, 11, 10, 0)


@pytest.fixture
def ctx(store, qtbot):
    tasks = TaskRunner()
    context = AppContext(profile_dir=store.path.parent, store=store, tasks=tasks)
    yield context
    tasks.wait_all()


def shown(view) -> tuple[str, ...]:
    return tuple(view.values[k].text() for k in ("received_today", "due_today", "late", "waiting_pickup"))


def test_counts_follow_the_work(qtbot, ctx, store, make_draft):
    receive(store, make_draft(received_at=datetime(2026, 3, 10, 9, 0)), "canbo1")  # late by now
    view = TodayView(ctx, clock=lambda: NOW, interval_ms=60_000)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.counts is not None, timeout=10_000)
    assert shown(view) == ("0", "0", "1", "0")
    receive(store, make_draft(applicant_name="Đặng Văn Đức", received_at=datetime(2026, 3, 11, 8, 0)), "canbo1")
    with qtbot.waitSignal(view.counts_changed, timeout=10_000):
        view.refresh()
    assert shown(view) == ("1", "1", "1", "0")
    assert view.filter_for("waiting_pickup").status == DossierStatus.RESULT_READY


def test_the_timer_refreshes_without_being_asked(qtbot, ctx, store, make_draft):
    view = TodayView(ctx, clock=lambda: NOW, interval_ms=50)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.counts is not None, timeout=10_000)
    assert shown(view)[0] == "0"
    receive(store, make_draft(received_at=datetime(2026, 3, 11, 9, 0)), "canbo1")
    qtbot.waitUntil(lambda: shown(view)[0] == "1", timeout=10_000)


def test_pages_refresh_after_a_write_announced_by_another_page(qtbot, ctx, store, make_draft):
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QWidget

    from ui.logbook.wiring import install_logbook_pages
    from ui.main_window import MainWindow

    class Writer(QWidget):
        dossier_saved = Signal(object)

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    writer = Writer()
    window.add_page(writer, "x")
    install_logbook_pages(window, ctx)
    today, logbook = window.page("today"), window.page("logbook")  # built on first use
    qtbot.waitUntil(lambda: today.counts is not None and logbook.count_label.text() != "", timeout=10_000)
    assert logbook.model.rowCount() == 0
    receive(store, make_draft(received_at=datetime(2026, 3, 11, 9, 0)), "canbo1")
    with qtbot.waitSignal(logbook.model.count_changed, timeout=10_000):
        writer.dossier_saved.emit(None)
    assert logbook.model.rowCount() == 1
    with qtbot.waitSignal(logbook.model.count_changed, timeout=10_000):
        today.filter_requested.emit(today.filter_for("waiting_pickup"))
    assert window.tabs.currentWidget() is logbook
    assert logbook.status.currentData() == int(DossierStatus.RESULT_READY)
    assert logbook.model.rowCount() == 0


def test_a_batch_hand_over_and_an_edit_on_the_card_page_refresh_the_logbook(qtbot, ctx, store, make_draft):
    from counter_app.store.ledger import LedgerFilter
    from tests.ui.keys import type_text
    from ui.card.view import CardView
    from ui.logbook.wiring import install_logbook_pages
    from ui.main_window import MainWindow

    ctx.officer_id = "canbo1"
    code = receive(store, make_draft(received_at=datetime(2026, 3, 11, 9, 0)), "canbo1").code
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    card = CardView(ctx, clock=lambda: NOW)
    window.add_page(card, "card")
    install_logbook_pages(window, ctx)
    logbook = window.page("logbook")
    logbook.show_filter(LedgerFilter(status=DossierStatus.RECEIVED))
    qtbot.waitUntil(lambda: logbook.model.rowCount() == 1, timeout=10_000)
    card.batch_mode.setChecked(True)
    with qtbot.waitSignal(card.message_changed, timeout=5000):
        card.open_code(code)
    type_text(card.batch_department, "Phòng Tư pháp")
    with qtbot.waitSignal(logbook.model.count_changed, timeout=10_000) as counted:
        card.submit_batch()
    assert counted.args == [0]  # handed over: no longer "received"
    with qtbot.waitSignal(logbook.model.count_changed, timeout=10_000):
        card.edited.emit(None)
