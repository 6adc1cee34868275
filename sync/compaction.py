"""Outbox compaction: delivered items are dropped once they are old enough.

Every event's outbox row carries a full snapshot of its dossier, so the outbox is most of a
large profile's size. After the server acknowledged an item, the row only serves as a local
record of what was sent (the server keeps the event id for idempotency; a re-send of a
delivered item never happens). Items delivered more than ``sync.keep_delivered_days`` days
ago (default 30) are therefore deleted. The dossier's history (``dossier_event``) is the
permanent record and is never touched; nor are pending, in_flight or rejected items.

The work is done in small transactions (at most ``batch_size`` rows looked at and deleted
each), so the writer lock is held only briefly and the counter keeps working meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from counter_app.store import settings
from counter_app.domain.clock import now_vn
from counter_app.store.db import Store
from counter_app.store.models import OutboxItem

KEEP_DELIVERED_DAYS = "sync.keep_delivered_days"
LAST_COMPACTION_AT = "sync.last_compaction_at"
DEFAULT_KEEP_DAYS = 30
BATCH_SIZE = 2000


@dataclass(frozen=True)
class CompactionResult:
    """What one compaction did."""

    deleted: int
    scanned: int
    transactions: int
    cutoff: datetime


def keep_delivered_days(store: Store) -> int:
    """The configured retention in days (the default when unset or not a whole number ≥ 0)."""
    with store.read() as session:
        raw = settings.get_setting(session, KEEP_DELIVERED_DAYS, DEFAULT_KEEP_DAYS)
    try:
        days = int(raw)
    except (TypeError, ValueError):
        return DEFAULT_KEEP_DAYS
    return days if days >= 0 and not isinstance(raw, bool) else DEFAULT_KEEP_DAYS


def compact_outbox(store: Store, *, now: datetime | None = None, keep_days: int | None = None,
                   batch_size: int = BATCH_SIZE) -> CompactionResult:
    """Delete outbox items delivered before ``now − keep_days``; returns what was done.

    Delivered items are walked in ``seq`` order through the (state, seq) index, *batch_size*
    at a time; each step is its own short write transaction that deletes the old ones among
    them. The walk resumes after the last seq seen, so every delivered row is read once.
    """
    now = now or now_vn()
    days = keep_delivered_days(store) if keep_days is None else keep_days
    if days < 0:
        raise ValueError("keep_days must be ≥ 0")
    cutoff = now - timedelta(days=days)
    after, deleted, scanned, transactions = 0, 0, 0, 0
    while True:
        with store.write() as session:
            rows = session.execute(
                select(OutboxItem.seq, OutboxItem.delivered_at)
                .where(OutboxItem.state == "delivered", OutboxItem.seq > after)
                .order_by(OutboxItem.seq).limit(batch_size)
            ).all()
            old = [seq for seq, at in rows if at is not None and at < cutoff]
            if old:  # the state is checked again: nothing but a delivered item is ever deleted
                session.execute(delete(OutboxItem).where(OutboxItem.seq.in_(old), OutboxItem.state == "delivered"))
            transactions += 1
        scanned += len(rows)
        deleted += len(old)
        if len(rows) < batch_size:
            break
        after = rows[-1][0]
    with store.write() as session:
        settings.set_setting(session, LAST_COMPACTION_AT, now.isoformat())
    return CompactionResult(deleted, scanned, transactions, cutoff)


def compaction_due(store: Store, now: datetime, every: timedelta) -> bool:
    """True when no compaction ran in the last *every* (so a round does not walk the
    delivered items each time it runs)."""
    with store.read() as session:
        last = settings.get_setting(session, LAST_COMPACTION_AT)
    try:
        return last is None or now - datetime.fromisoformat(last) >= every
    except (TypeError, ValueError):
        return True
