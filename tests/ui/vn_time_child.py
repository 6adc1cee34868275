"""Run by tests/ui/test_vietnam_time_gui.py in a child pytest under another TZ and a faked
clock (faketime): the card, the "today" page and the logbook show Vietnam time.

Not collected by a normal run (the file name does not start with ``test_``); skipped when
collected without the expected Vietnam time in COUNTER_TEST_VN_NOW.
"""

from __future__ import annotations

import os
from datetime import datetime

import pytest

from counter_app.domain.clock import now_vn
from counter_app.services.receiving import receive
from ui.card.dialogs import set_wall_time, wall_time_of
from ui.card.view import CardView
from ui.context import AppContext
from ui.logbook.view import LogbookView
from ui.tasks import TaskRunner
from ui.today import TodayView

EXPECTED = os.environ.get("COUNTER_TEST_VN_NOW")  # "YYYY-MM-DD HH:MM", Vietnam time of the faked clock
pytestmark = [
    pytest.mark.skipif(not EXPECTED, reason="run by test_vietnam_time_gui.py under another TZ"),
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
]


@pytest.fixture
def ctx(store, profile_dir):
    context = AppContext(profile_dir=profile_dir, store=store, tasks=TaskRunner(), officer_id="canbo1")
    yield context
    context.tasks.wait_all()


def test_card_today_and_logbook_show_vietnam_time(qtbot, ctx, store, make_draft):
    expected = datetime.strptime(EXPECTED, "%Y-%m-%d %H:%M")
    assert now_vn().strftime("%Y-%m-%d %H:%M") == EXPECTED
    receipt = receive(store, make_draft(procedure_code="1.004873", received_at=None), "canbo1")
    assert receipt.received_at.replace(second=0) == expected
    assert receipt.code.split("-")[1] == f"{expected:%y%m%d}"

    card = CardView(ctx)
    qtbot.addWidget(card)
    with qtbot.waitSignal(card.card_shown, timeout=10_000):
        card.open_code(receipt.code)
    assert f"Tiếp nhận: {expected:%H:%M %d/%m/%Y}" in card.details.text()
    # The time left counts from the counter's clock: 3 working days less the moments since the
    # receipt, not hours more (the PC's clock behind Vietnam's) or less.
    due = card.card.due
    assert 0 <= 3 * due.day_hours - due.working_hours < 0.05, due
    assert card.due.text().startswith("Còn ")

    today = TodayView(ctx, interval_ms=3_600_000)
    qtbot.addWidget(today)
    qtbot.waitUntil(lambda: today.counts is not None, timeout=10_000)
    assert today.counts.received_today == 1
    assert today.updated_label.text().startswith(f"Cập nhật lúc {expected:%H:%M}")

    logbook = LogbookView(ctx)
    qtbot.addWidget(logbook)
    model = logbook.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: model.row_at(0) is not None, timeout=10_000)  # asks for the page, waits for it
    received = model.data(model.index(0, model.COLUMNS.index("received")))
    assert received == f"{expected:%d/%m/%Y %H:%M}"


def test_a_date_time_edit_keeps_a_wall_time_the_pc_zone_skips():
    """02:30 on 8 March 2026 does not exist in New York (clocks go forward): the apology
    dialog's edit still shows and returns 02:30 Vietnam time."""
    from PySide6.QtWidgets import QDateTimeEdit

    edit = QDateTimeEdit()
    set_wall_time(edit, datetime(2026, 3, 8, 2, 30))
    assert wall_time_of(edit) == datetime(2026, 3, 8, 2, 30)
    edit.setDisplayFormat("HH:mm dd/MM/yyyy")
    assert edit.text() == "02:30 08/03/2026"
