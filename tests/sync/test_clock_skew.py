"""A PC clock that disagrees with the server's: the real reference server's `Date` header
against a skewed clock injected into the client, reported by the round and the status bar."""

from __future__ import annotations

from datetime import timedelta

import pytest

from counter_app.store import settings
from counter_app.domain.clock import now_vn
from sync import config as keys
from sync.engine import CLOCK_SKEW_LIMIT_S, RoundResult, SyncState
from ui.sync_status import SyncRunner, SyncStatusWidget
from ui.tasks import TaskRunner

# The Date header has whole seconds and the reply takes a moment: a few seconds of slack.
SLACK_S = 5.0


def skewed(delta: timedelta):
    return lambda: now_vn() + delta


@pytest.mark.parametrize("delta_min", [0, 5, -3, 1])
def test_each_round_reports_the_pc_clock_against_the_servers(server, server_store, make_workstation, delta_min):
    ws = make_workstation(1)
    ws.receive_many(3)
    ws.enroll(server.url, server_store)
    result = ws.engine(clock=skewed(timedelta(minutes=delta_min))).run_once(force=True)
    assert result.state is SyncState.ONLINE and result.acknowledged == 3
    assert result.clock_skew_s == pytest.approx(delta_min * 60, abs=SLACK_S)
    assert result.clock_skewed is (abs(delta_min * 60) > CLOCK_SKEW_LIMIT_S)
    assert result.to_json()["clock_skew_s"] == result.clock_skew_s


def test_a_round_the_server_refuses_still_measures_the_clock(server, server_store, make_workstation):
    """A refusal (401: the token is not the server's) carries a Date too: the round is
    paused and the skew is known."""
    ws = make_workstation(1)
    ws.receive_many(1)
    ws.enroll(server.url, server_store)
    with ws.store.write() as session:
        settings.set_setting(session, keys.DEVICE_TOKEN, "not-a-token-of-this-server")
    result = ws.engine(clock=skewed(timedelta(minutes=-10))).run_once(force=True)
    assert result.state is SyncState.PAUSED
    assert result.clock_skew_s == pytest.approx(-600, abs=SLACK_S) and result.clock_skewed


def test_no_reply_no_skew(make_workstation):
    ws = make_workstation(1)
    assert ws.engine().run_once(force=True).clock_skew_s is None  # not enrolled: nothing asked


def test_the_status_bar_says_when_the_pc_clock_is_off(qtbot, server, server_store, make_workstation):
    ws = make_workstation(1)
    ws.receive_many(2)
    ws.enroll(server.url, server_store)
    tasks = TaskRunner()
    runner = SyncRunner(ws.engine(clock=skewed(timedelta(minutes=7))), tasks.run, interval_ms=3_600_000)
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    runner.status_changed.connect(widget.show_result)
    with qtbot.waitSignal(runner.status_changed, timeout=30_000):
        runner.wake()
    tasks.wait_all()
    assert widget.text().startswith("Trực tuyến · Chờ gửi: 0")
    assert "Đồng hồ máy này nhanh hơn máy chủ 7 phút" in widget.text()
    assert "hãy chỉnh lại đồng hồ" in widget.toolTip()
    assert widget.property("clockSkewed") is True

    runner.engine = ws.engine(clock=skewed(timedelta(seconds=30)))  # within the 2 minutes: silent
    with qtbot.waitSignal(runner.status_changed, timeout=30_000):
        runner.wake()
    tasks.wait_all()
    assert "Đồng hồ" not in widget.text() and widget.property("clockSkewed") is False


def test_slow_clock_wording(qtbot):
    widget = SyncStatusWidget(clock=now_vn)
    qtbot.addWidget(widget)
    widget.show_result(RoundResult(SyncState.ONLINE, clock_skew_s=-3 * 3600.0))
    assert widget.text().endswith("Đồng hồ máy này chậm hơn máy chủ 3 giờ")
