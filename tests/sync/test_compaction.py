"""Outbox compaction: old delivered items go, everything else (and the history) stays."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from counter_app.store import settings
from counter_app.domain.clock import now_vn
from counter_app.store.models import DossierEvent, OutboxItem
from counter_app.services.receiving import receive
from sync import config as keys
from sync.compaction import KEEP_DELIVERED_DAYS, LAST_COMPACTION_AT, compact_outbox, keep_delivered_days
from sync.engine import SyncEngine, SyncState
from sync.transport import ItemResult, PullPage, TransientError

NOW = datetime(2026, 6, 1, 12, 0)


def _receive(store, make_draft, count: int) -> list[int]:
    for i in range(count):
        receive(store, make_draft(received_at=datetime(2026, 3, 10, 8, 0) + timedelta(minutes=i)), "canbo1",
                now=datetime(2026, 3, 10, 8, 0) + timedelta(minutes=i))
    with store.read() as s:
        return list(s.scalars(select(OutboxItem.seq).order_by(OutboxItem.seq)))


def _set(store, seq: int, state: str, delivered_at: datetime | None = None) -> None:
    with store.write() as s:
        s.execute(update(OutboxItem).where(OutboxItem.seq == seq).values(state=state, delivered_at=delivered_at))


def _remaining(store) -> dict[int, str]:
    with store.read() as s:
        return dict(s.execute(select(OutboxItem.seq, OutboxItem.state).order_by(OutboxItem.seq)).all())


def _events(store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(DossierEvent))


@pytest.fixture
def mixed(store, make_draft):
    """Eleven items: five delivered long ago, one delivered just past and one just inside the
    30 days, one recent, and a pending, an in_flight and a rejected item, all old."""
    seqs = _receive(store, make_draft, 11)
    old = NOW - timedelta(days=40)
    for seq in seqs[:5]:
        _set(store, seq, "delivered", old)
    _set(store, seqs[5], "delivered", NOW - timedelta(days=30, seconds=1))
    _set(store, seqs[6], "delivered", NOW - timedelta(days=30) + timedelta(seconds=1))
    _set(store, seqs[7], "delivered", NOW - timedelta(days=2))
    _set(store, seqs[8], "pending")
    _set(store, seqs[9], "in_flight")
    _set(store, seqs[10], "rejected")
    return seqs


def test_only_delivered_items_past_the_retention_are_deleted_in_small_transactions(store, mixed):
    events_before = _events(store)
    result = compact_outbox(store, now=NOW, batch_size=2)
    assert (result.deleted, result.scanned, result.cutoff) == (6, 8, NOW - timedelta(days=30))
    assert result.transactions == 5  # 8 delivered rows looked at 2 by 2, then an empty look
    assert _remaining(store) == {mixed[6]: "delivered", mixed[7]: "delivered", mixed[8]: "pending",
                                 mixed[9]: "in_flight", mixed[10]: "rejected"}
    assert _events(store) == events_before == 11  # the history is the permanent record
    with store.read() as s:
        assert settings.get_setting(s, LAST_COMPACTION_AT) == NOW.isoformat()
    again = compact_outbox(store, now=NOW, batch_size=2)
    assert (again.deleted, again.scanned) == (0, 2)


def test_the_retention_comes_from_the_setting(store, mixed):
    assert keep_delivered_days(store) == 30
    with store.write() as s:
        settings.set_setting(s, KEEP_DELIVERED_DAYS, 1)
    assert compact_outbox(store, now=NOW).deleted == 8
    assert _remaining(store) == {mixed[8]: "pending", mixed[9]: "in_flight", mixed[10]: "rejected"}


@pytest.mark.parametrize("raw, expected", [(7, 7), ("14", 14), (0, 0), (-3, 30), ("ba mươi", 30), (None, 30),
                                           (True, 30)])
def test_a_bad_retention_setting_falls_back_to_the_default(store, raw, expected):
    with store.write() as s:
        settings.set_setting(s, KEEP_DELIVERED_DAYS, raw)
    assert keep_delivered_days(store) == expected


def test_a_negative_retention_argument_is_refused(store):
    with pytest.raises(ValueError):
        compact_outbox(store, now=NOW, keep_days=-1)


class AckAll:
    """A transport that accepts everything (or fails once with a transient error)."""

    def __init__(self, fail: bool = False):
        self.fail, self.pushed = fail, 0

    def push(self, events):
        if self.fail:
            raise TransientError("Không kết nối được máy chủ.")
        self.pushed += len(events)
        return [ItemResult(e["event_id"], "accepted", 201, ack=i + 1) for i, e in enumerate(events)]

    def pull(self, after, limit=500):
        return PullPage([], after, False)


def _enrolled(store):
    with store.write() as s:
        settings.set_setting(s, keys.SERVER_URL, "https://tinh.example.vn")
        settings.set_setting(s, keys.DEVICE_TOKEN, "token")


def test_a_successful_round_compacts_at_most_once_per_interval(store, make_draft):
    seqs = _receive(store, make_draft, 4)
    _enrolled(store)
    for seq in seqs[:2]:  # delivered in an earlier round, long ago
        _set(store, seq, "delivered", NOW - timedelta(days=90))
    clock = [NOW]
    transport = AckAll()
    engine = SyncEngine(store, transport_factory=lambda _c: transport, clock=lambda: clock[0],
                        compact_every=timedelta(hours=1))
    result = engine.run_once(force=True)
    assert (result.state, result.acknowledged, result.compacted) == (SyncState.ONLINE, 2, 2)
    assert _remaining(store) == {seqs[2]: "delivered", seqs[3]: "delivered"}  # just delivered: kept
    assert result.to_json()["compacted"] == 2

    _set(store, seqs[2], "delivered", NOW - timedelta(days=90))
    clock[0] = NOW + timedelta(minutes=30)
    assert engine.run_once(force=True).compacted == 0       # ran 30 minutes ago
    clock[0] = NOW + timedelta(minutes=61)
    assert engine.run_once(force=True).compacted == 1
    assert _remaining(store) == {seqs[3]: "delivered"}


def test_a_failed_round_does_not_compact(store, make_draft):
    seqs = _receive(store, make_draft, 2)
    _enrolled(store)
    _set(store, seqs[0], "delivered", NOW - timedelta(days=90))
    engine = SyncEngine(store, transport_factory=lambda _c: AckAll(fail=True), clock=lambda: NOW)
    result = engine.run_once(force=True)
    assert (result.state, result.compacted) == (SyncState.OFFLINE, 0)
    assert _remaining(store) == {seqs[0]: "delivered", seqs[1]: "pending"}


def test_after_compaction_a_real_server_sees_no_resend_and_the_history_is_whole(server, server_store,
                                                                               make_workstation):
    ws = make_workstation(1)
    ws.receive_many(5)
    ws.enroll(server.url, server_store)
    first = ws.engine().run_once(force=True)
    assert (first.state, first.acknowledged, first.compacted) == (SyncState.ONLINE, 5, 0)  # delivered just now
    assert compact_outbox(ws.store, keep_days=0, now=now_vn() + timedelta(seconds=1)).deleted == 5
    assert _remaining(ws.store) == {}
    ws.receive_many(1, day=datetime(2026, 3, 11, 8, 0))
    second = ws.engine().run_once(force=True)
    assert (second.state, second.pushed, second.acknowledged) == (SyncState.ONLINE, 1, 1)
    assert _events(ws.store) == 6
