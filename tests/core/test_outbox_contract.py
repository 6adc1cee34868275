"""The outbox's storage contract (counter_app.store.outbox): one suite, two implementations.

The SQL outbox is filled through the real write paths (a dossier received, then events of it
recorded); the memory double through its ``add``. Then the thin payload: built at the claim.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from counter_app.domain.enums import DossierStatus, EventKind
from counter_app.domain.errors import message
from counter_app.store.history_write import record_event
from counter_app.store.models import Dossier, DossierEvent, OutboxItem
from counter_app.services.receiving import receive
from counter_app.store.outbox import MemoryOutbox, SqlOutbox

T0 = datetime(2026, 3, 10, 8, 0)
LEASE = timedelta(minutes=10)


class SqlQueue:
    """Queues events on the profile: a new dossier's reception, or an edit of one already received."""

    def __init__(self, store, make_draft):
        self.store, self.make_draft = store, make_draft
        self.outbox = SqlOutbox(store)
        self.dossiers: dict[str, str] = {}
        self.n = 0

    def add(self, dossier: str) -> tuple[int, str]:
        self.n += 1
        at = T0 + timedelta(minutes=self.n)
        if dossier not in self.dossiers:
            receipt = receive(self.store, self.make_draft(received_at=at), "canbo1", now=at)
            self.dossiers[dossier] = receipt.id
            with self.store.read() as s:
                event = s.scalars(select(DossierEvent).where(DossierEvent.dossier_id == receipt.id)).one()
                return event.seq, event.id
        with self.store.write() as s:
            row = s.get(Dossier, self.dossiers[dossier])
            row.version += 1
            row.note = f"ghi chú {self.n}"
            event = record_event(s, row, EventKind.EDITED, at=at, officer=None, officer_name="Lê Văn Hùng",
                                 from_status=DossierStatus(row.status), to_status=DossierStatus(row.status),
                                 data={"reason": "sửa", "fields": ["note"]})
            s.flush()
            return event.seq, event.id


class MemoryQueue:
    def __init__(self):
        self.outbox = MemoryOutbox()
        self.n = 0

    def add(self, dossier: str) -> tuple[int, str]:
        self.n += 1
        event_id = f"ev-{self.n}"
        return self.outbox.add(event_id, dossier_id=dossier, at=T0 + timedelta(minutes=self.n)), event_id


@pytest.fixture(params=["sql", "memory"])
def queue(request):
    if request.param == "memory":
        return MemoryQueue()
    return SqlQueue(request.getfixturevalue("store"), request.getfixturevalue("make_draft"))


NOW = T0 + timedelta(hours=1)


def test_claim_takes_the_due_items_in_order_for_a_lease(queue):
    seqs = [queue.add(d)[0] for d in ("a", "b", "c")]
    first = queue.outbox.claim(NOW, limit=2, lease=LEASE)
    assert [c.seq for c in first] == seqs[:2] and all(c.attempts == 1 and c.payload for c in first)
    assert [c.seq for c in queue.outbox.claim(NOW, limit=10, lease=LEASE)] == seqs[2:]  # the others are claimed
    assert queue.outbox.claim(NOW + LEASE - timedelta(seconds=1), limit=10, lease=LEASE) == []
    again = queue.outbox.claim(NOW + LEASE, limit=10, lease=LEASE)  # a dead sender's lease ran out
    assert [(c.seq, c.attempts) for c in again] == [(s, 2) for s in seqs]
    assert queue.outbox.counts().pending == 3  # claimed items are still waiting


def test_ack_deletes_and_runs_then_in_the_same_step(queue):
    seqs = [queue.add(d)[0] for d in ("a", "b")]
    ids = [queue.add("c")[1]]
    queue.outbox.claim(NOW, limit=10, lease=LEASE)
    kept = []
    assert queue.outbox.ack(seqs, then=kept.append) == 2
    assert len(kept) == 1
    assert [queue.outbox.state(s) for s in seqs] == [None, None]
    counts = queue.outbox.counts()
    assert (counts.pending, counts.set_aside) == (1, 0)
    assert queue.outbox.waiting(ids + ["unknown"]) == set(ids)
    assert queue.outbox.ack([]) == 0


def test_release_ends_the_lease_and_sets_the_next_try(queue):
    [(seq, _)] = [queue.add("a")]
    queue.outbox.claim(NOW, limit=10, lease=LEASE)
    queue.outbox.release([seq], error="Máy chủ tạm thời không xử lý được (500).", retry_at=NOW + timedelta(minutes=2))
    assert queue.outbox.claim(NOW + timedelta(minutes=1), limit=10, lease=LEASE) == []
    forced = queue.outbox.claim(NOW + timedelta(minutes=1), limit=10, lease=LEASE, force=True)  # "sync now"
    assert [c.seq for c in forced] == [seq]
    assert queue.outbox.claim(NOW + timedelta(minutes=5), limit=10, lease=LEASE, force=True) == []  # leased
    queue.outbox.release([seq])
    assert [c.seq for c in queue.outbox.claim(NOW + timedelta(minutes=5), limit=10, lease=LEASE)] == [seq]


def test_a_dossier_s_later_items_wait_behind_its_held_one(queue):
    a1, b1, a2, b2 = (queue.add(d)[0] for d in ("a", "b", "a", "b"))
    # a1 skipped (tried this round): a2 waits; b's go
    assert [c.seq for c in queue.outbox.claim(NOW, limit=10, lease=LEASE, skip={a1})] == [b1, b2]
    queue.outbox.release([b1, b2])
    queue.outbox.release([a1], retry_at=NOW + timedelta(minutes=3))  # a1 not due: a2 waits
    assert [c.seq for c in queue.outbox.claim(NOW, limit=10, lease=LEASE)] == [b1, b2]
    assert [c.seq for c in queue.outbox.claim(NOW + timedelta(minutes=3), limit=10, lease=LEASE)] == [a1, a2]


def test_set_aside_items_are_kept_apart_block_nothing_and_go_again_on_request(queue):
    (a1, a1_id), (a2, _), (b1, _) = (queue.add(d) for d in ("a", "a", "b"))
    queue.outbox.claim(NOW, limit=1, lease=LEASE)
    queue.outbox.set_aside([a1], "Trạng thái hồ sơ không hợp lệ: 42.")
    assert [c.seq for c in queue.outbox.claim(NOW, limit=10, lease=LEASE)] == [a2, b1]
    counts = queue.outbox.counts()
    assert (counts.pending, counts.set_aside) == (2, 1)
    [shown] = queue.outbox.set_aside_items()
    assert (shown.seq, shown.event_id, shown.attempts, shown.reason) == (
        a1, a1_id, 1, "Trạng thái hồ sơ không hợp lệ: 42.")
    assert shown.kind == "received" and shown.created_at == T0 + timedelta(minutes=1)
    assert queue.outbox.state(a1) == "rejected" and queue.outbox.waiting([a1_id]) == set()
    queue.outbox.set_aside([a1], message("sync.set_aside.keeps_failing", times=3, error="HTTP 500"))
    [coded] = queue.outbox.set_aside_items()  # the counter's own reason comes back as its code
    assert coded.reason == message("sync.set_aside.keeps_failing", times=3, error="HTTP 500")
    assert coded.reason.params == {"times": 3, "error": "HTTP 500"}
    assert queue.outbox.requeue([a1, a2]) == [a1_id]  # a2 was not set aside
    assert queue.outbox.state(a1) == "pending" and queue.outbox.counts().set_aside == 0
    assert [c.seq for c in queue.outbox.claim(NOW, limit=10, lease=LEASE)] == [a1]


def test_counts_name_the_oldest_waiting_event(queue):
    assert queue.outbox.counts().pending == 0 and queue.outbox.counts().oldest_pending_at is None
    first, _ = queue.add("a")
    queue.add("b")
    assert queue.outbox.counts().oldest_pending_at == T0 + timedelta(minutes=1)
    queue.outbox.ack([first])
    assert queue.outbox.counts().oldest_pending_at == T0 + timedelta(minutes=2)


# --- the SQL outbox's payloads ---------------------------------------------------------------
def test_the_payload_is_the_event_as_recorded_plus_the_dossier_as_it_stands_when_sent(store, make_draft):
    queue = SqlQueue(store, make_draft)
    seq, event_id = queue.add("a")
    with store.read() as s:
        assert s.get(OutboxItem, seq).recorded_payload is None  # thin: nothing of the dossier kept
    queue.add("a")  # an edit: the dossier is now at version 2 with a note
    first, second = queue.outbox.claim(NOW, limit=10, lease=LEASE)
    assert (first.event_id, first.payload["kind"], first.payload["version"], first.payload["base_version"]) == (
        event_id, "received", 1, 0)
    assert (first.payload["dossier"]["version"], first.payload["dossier"]["note"]) == (2, "ghi chú 2")
    assert first.payload["dossier"] == second.payload["dossier"]
    assert (second.payload["kind"], second.payload["version"], second.payload["officer_name"]) == (
        "edited", 2, "Lê Văn Hùng")
    assert second.payload["data"] == {"reason": "sửa", "fields": ["note"]}


def test_an_item_recorded_before_the_thin_outbox_is_sent_as_recorded(store, make_draft):
    queue = SqlQueue(store, make_draft)
    seq, event_id = queue.add("a")
    recorded = {"event_id": event_id, "kind": "received", "version": 1, "dossier": {"id": "x", "note": "cũ"}}
    with store.write() as s:
        s.get(OutboxItem, seq).recorded_payload = recorded
    [claimed] = queue.outbox.claim(NOW, limit=10, lease=LEASE)
    assert claimed.payload == recorded and claimed.event_id == event_id


def test_a_sender_whose_lease_ran_out_does_not_free_what_another_has_claimed_since(queue):
    seq, _ = queue.add("a")
    [late] = queue.outbox.claim(NOW, limit=1, lease=LEASE)
    after = NOW + LEASE + timedelta(seconds=1)
    [taken] = queue.outbox.claim(after, limit=1, lease=LEASE)  # the first sender's lease ran out
    assert taken.seq == late.seq == seq and taken.held_until != late.held_until
    queue.outbox.release([seq], error="stale", held_until=late.held_until)
    queue.outbox.set_aside([seq], "stale", held_until=late.held_until)
    assert queue.outbox.state(seq) == "pending"
    assert queue.outbox.claim(after, limit=1, lease=LEASE) == []  # still the second sender's
    queue.outbox.release([seq], held_until=taken.held_until)
    assert [c.seq for c in queue.outbox.claim(after, limit=1, lease=LEASE)] == [seq]
