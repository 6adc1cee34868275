"""The change feed's order on PostgreSQL: a row never becomes visible after a higher seq."""

from __future__ import annotations

import threading
import time
from datetime import datetime

import pytest
from sqlalchemy import insert, text

from sync.server.schema import change
from sync.server.store import lock_change_feed

WAIT_DEADLINE_S = 30.0


def _waiting_on_the_feed_lock(engine) -> bool:
    with engine.connect() as conn:
        return bool(conn.scalar(text(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'")))


@pytest.mark.postgres
def test_a_second_writer_takes_its_seq_only_after_the_first_committed(server_store, server_db):
    if not server_db.startswith("postgresql"):
        pytest.skip("the sequence race exists only on PostgreSQL")
    engine = server_store.engine
    done: list[int] = []
    with engine.begin() as first:
        lock_change_feed(first)
        first_seq = first.execute(insert(change).values(
            kind="calendar", data={"overrides": []}, created_at=datetime.now())).inserted_primary_key[0]
        writer = threading.Thread(target=lambda: done.append(server_store.publish("calendar", {"overrides": []})))
        writer.start()
        deadline = time.monotonic() + WAIT_DEADLINE_S
        while not _waiting_on_the_feed_lock(engine):
            assert time.monotonic() < deadline, "the second writer never waited for the feed lock"
            time.sleep(0.02)  # polling interval, bounded by the deadline above
        assert done == []  # it has no seq yet: a client cannot see it before the first row
    writer.join(WAIT_DEADLINE_S)
    assert done == [first_seq + 1]
