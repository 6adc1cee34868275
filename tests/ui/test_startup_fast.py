"""A window that paints first: only the receive page before the first paint, the others built
on first use or right after it; the start-up integrity check runs behind the window."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtWidgets import QWidget

from counter_app.services.receiving import receive
from ui.app import build_window
from ui.context import AppContext
from ui.receive import ReceiveView
from ui.tasks import TaskRunner

LAZY = ("card", "today", "logbook", "sync_rejected")


@pytest.fixture
def ctx(store, profile_dir):
    context = AppContext(profile_dir=profile_dir, store=store, tasks=TaskRunner(), officer_id="canbo1")
    yield context
    context.tasks.wait_all()


@pytest.fixture
def window(qtbot, ctx):
    win = build_window(ctx)
    qtbot.addWidget(win)
    yield win
    win.sync_runner.stop()
    ctx.tasks.wait_all()


def _titles(window) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_only_the_receive_page_is_built_before_the_window_is_shown(window):
    assert isinstance(window.tabs.widget(0), ReceiveView)
    assert _titles(window) == ["Tiếp nhận hồ sơ", "Theo dõi hồ sơ", "Hôm nay", "Sổ theo dõi hồ sơ",
                               "Mục đồng bộ bị từ chối"]
    assert [window.built_page(key) for key in LAZY] == [None, None, None, None]


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's notice on show()
def test_every_page_is_built_after_the_first_paint_without_anyone_asking(qtbot, window):
    window.show()
    qtbot.waitUntil(lambda: all(window.built_page(key) is not None for key in LAZY), timeout=10_000)
    pages = [window.tabs.widget(i) for i in range(window.tabs.count())]
    assert pages[1:] == [window.built_page(key) for key in LAZY]
    assert type(pages[1]).__name__ == "CardView" and type(pages[3]).__name__ == "LogbookView"
    assert _titles(window)[1:] == ["Theo dõi hồ sơ", "Hôm nay", "Sổ theo dõi hồ sơ", "Mục đồng bộ bị từ chối"]
    assert window.tabs.currentWidget() is pages[0]  # building did not move the officer away


def test_choosing_a_tab_builds_its_page_in_place(window):
    window.tabs.setCurrentIndex(3)
    logbook = window.built_page("logbook")
    assert logbook is not None and type(logbook).__name__ == "LogbookView"
    assert window.tabs.currentWidget() is logbook and window.tabs.indexOf(logbook) == 3
    assert window.tabs.tabText(3) == "Sổ theo dõi hồ sơ"
    assert window.built_page("card") is None  # the others wait for their turn


def test_a_scan_builds_the_card_page_and_opens_the_dossier(qtbot, window, store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    assert window.built_page("card") is None
    shown: list = []
    window.page_built.connect(lambda key, page: key == "card" and page.card_shown.connect(shown.append))
    window.scan_filter.code_scanned.emit(receipt.code)
    page = window.built_page("card")
    assert page is not None and window.tabs.currentWidget() is page
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=5000)
    assert shown[0].code == receipt.code


def test_a_write_on_a_page_built_after_the_logbook_refreshes_it(qtbot, window, store, make_draft):
    logbook = window.page("logbook")
    qtbot.waitUntil(lambda: logbook.count_label.text() != "", timeout=10_000)
    assert logbook.model.rowCount() == 0
    card = window.page("card")  # built after the logbook
    receive(store, make_draft(received_at=datetime(2026, 3, 11, 9, 0)), "canbo1")
    with qtbot.waitSignal(logbook.model.count_changed, timeout=10_000):
        card.action_done.emit(None)
    assert logbook.model.rowCount() == 1


def test_a_lazy_page_added_to_a_bare_window_is_built_on_request(qtbot, ctx):
    from ui.main_window import MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    built: list[str] = []
    win.page_built.connect(lambda key, _page: built.append(key))
    first, page = QWidget(), QWidget()
    win.add_page(first, "first")
    win.add_lazy_page("x", "X", lambda: page)
    assert win.has_page("x") and win.built_page("x") is None and win.tabs.widget(1) is not page
    assert win.page("x") is page and win.page("x") is page  # built once
    assert win.tabs.widget(1) is page and win.tabs.currentWidget() is first and built == ["x"]
