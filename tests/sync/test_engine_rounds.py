"""The engine's round bookkeeping with an in-process transport: resources and recovery."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from counter_app.store import settings
from counter_app.store.models import OutboxItem
from counter_app.services.receiving import receive
from sync import config as keys
from sync.engine import SyncEngine, SyncState
from sync.transport import ItemResult, PermanentError, PullPage, TransientError

NOW = datetime(2026, 6, 1, 12, 0)


class Recording:
    """Acknowledges everything (or fails transiently) and records whether it was closed."""

    def __init__(self, fail: bool = False):
        self.fail, self.closed, self.pushes = fail, 0, 0

    def push(self, events):
        self.pushes += 1
        if self.fail:
            raise TransientError("Không kết nối được máy chủ.")
        return [ItemResult(e["event_id"], "accepted", 200, ack=i + 1) for i, e in enumerate(events)]

    def pull(self, after, limit=500):
        return PullPage([], after, False)

    def close(self):
        self.closed += 1


def _enrolled_with(store, make_draft, count: int) -> None:
    for i in range(count):
        at = datetime(2026, 3, 10, 8, 0) + timedelta(minutes=i)
        receive(store, make_draft(received_at=at), "canbo1", now=at)
    with store.write() as s:
        settings.set_setting(s, keys.SERVER_URL, "https://tinh.example.vn")
        settings.set_setting(s, keys.DEVICE_TOKEN, "token")


def _states(store) -> list[str]:
    with store.read() as s:
        return list(s.scalars(select(OutboxItem.state).order_by(OutboxItem.seq)))


def test_every_round_closes_its_transport_whatever_the_outcome(store, make_draft):
    _enrolled_with(store, make_draft, 2)
    made: list[Recording] = []
    failing = [True, False, False]

    def factory(_config):
        made.append(Recording(fail=failing.pop(0)))
        return made[-1]

    engine = SyncEngine(store, transport_factory=factory, clock=lambda: NOW)
    assert engine.run_once().state is SyncState.OFFLINE          # failed: backing off now
    assert engine.run_once().state is SyncState.OFFLINE          # waits out the backoff, no request
    assert engine.run_once(force=True).state is SyncState.ONLINE
    assert [(t.pushes, t.closed) for t in made] == [(1, 1), (0, 1), (1, 1)]


class RefusesBatches:
    """Refuses any request of more than one event (413); alone, the second event is refused
    for good (422) and the fourth meets a network failure."""

    def __init__(self):
        self.singles: list[str] = []

    def push(self, events):
        if len(events) > 1:
            raise PermanentError("Yêu cầu quá lớn.", 413)
        self.singles.append(events[0]["event_id"])
        if len(self.singles) == 2:
            raise PermanentError("Trạng thái hồ sơ không hợp lệ: 42.", 422)
        if len(self.singles) == 4:
            raise TransientError("Không kết nối được máy chủ.")
        return [ItemResult(events[0]["event_id"], "accepted", 200, ack=len(self.singles))]

    def pull(self, after, limit=500):
        return PullPage([], after, False)


def test_a_refused_batch_is_settled_item_by_item_and_the_rest_waits_after_a_failure(store, make_draft):
    _enrolled_with(store, make_draft, 6)
    transport = RefusesBatches()
    result = SyncEngine(store, transport_factory=lambda _c: transport, clock=lambda: NOW).run_once()
    assert (result.state, result.pushed, result.acknowledged, result.rejected, result.pending) == (
        SyncState.OFFLINE, 6, 2, 1, 3)
    with store.read() as s:
        rows = [(i.state, i.attempts, i.rejected_reason, i.last_error)
                for i in s.scalars(select(OutboxItem).order_by(OutboxItem.seq))]
    assert rows == [  # the delivered ones (the first and the third) are gone: the history keeps them
        ("rejected", 1, "Trạng thái hồ sơ không hợp lệ: 42.", None),
        ("pending", 1, None, "Không kết nối được máy chủ."),
        ("pending", 1, None, None),
        ("pending", 1, None, None),
    ]


def test_items_claimed_by_a_sender_that_died_are_sent_again_when_their_lease_ends(store, make_draft):
    _enrolled_with(store, make_draft, 2)
    with store.write() as s:  # a previous process was killed while sending both
        s.execute(update(OutboxItem).values(claimed_until=NOW + timedelta(minutes=10)))
    transport = Recording()
    now = [NOW]
    engine = SyncEngine(store, transport_factory=lambda _c: transport, clock=lambda: now[0],
                        lease=timedelta(minutes=10))
    assert (engine.run_once().pushed, _states(store)) == (0, ["pending", "pending"])  # still claimed
    now[0] = NOW + timedelta(minutes=10)
    assert engine.run_once().acknowledged == 2
    assert _states(store) == []  # delivered: deleted
    _enrolled_with(store, make_draft, 1)
    with store.write() as s:  # claimed by another process's round right now: not this engine's
        s.execute(update(OutboxItem).values(claimed_until=now[0] + timedelta(minutes=5)))
    assert (engine.run_once(force=True).pushed, _states(store)) == (0, ["pending"])
    now[0] += timedelta(minutes=5)
    assert (engine.run_once().acknowledged, _states(store)) == (1, [])
