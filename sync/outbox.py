"""Reading the outbox for people: the items set aside by the server, and sending them again."""

from __future__ import annotations

from counter_app.store import settings
from counter_app.store.db import Store
from counter_app.store.outbox import SetAsideItem, SqlOutbox
from sync.config import ITEM_FAILURES

#: An item the server refused, with its reason (the refused-items page's row).
RejectedRow = SetAsideItem


def list_rejected(store: Store, *, limit: int = 1000) -> list[RejectedRow]:
    """Set-aside items, oldest first."""
    return SqlOutbox(store).set_aside_items(limit)


def requeue(store: Store, seqs: list[int]) -> int:
    """Send set-aside items again (after the cause was fixed at the province); returns how many."""
    ids = set(SqlOutbox(store).requeue(seqs))
    if ids:
        with store.write() as session:
            failures = settings.get_setting(session, ITEM_FAILURES, None) or {}
            if ids & set(failures):  # sent again by a person: its count of server errors starts over
                settings.set_setting(session, ITEM_FAILURES,
                                     {k: v for k, v in failures.items() if k not in ids} or None)
    return len(ids)
