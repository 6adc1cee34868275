"""Reading the outbox for people: the items set aside by the server, and sending them again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from counter_app.store import settings
from counter_app.store.db import Store
from counter_app.store.models import Dossier, OutboxItem
from sync.config import ITEM_FAILURES


@dataclass(frozen=True)
class RejectedRow:
    """An item the server refused, with its reason."""

    seq: int
    event_id: str
    kind: str
    dossier_code: str | None
    created_at: datetime
    attempts: int
    reason: str


def list_rejected(store: Store, *, limit: int = 1000) -> list[RejectedRow]:
    """Set-aside items, oldest first."""
    with store.read() as session:
        rows = session.execute(
            select(OutboxItem, Dossier.code)
            .outerjoin(Dossier, Dossier.id == OutboxItem.dossier_id)
            .where(OutboxItem.state == "rejected")
            .order_by(OutboxItem.seq)
            .limit(limit)
        ).all()
        return [RejectedRow(i.seq, i.event_id, i.kind, code, i.created_at, i.attempts, i.rejected_reason or "")
                for i, code in rows]


def requeue(store: Store, seqs: list[int]) -> int:
    """Send set-aside items again (after the cause was fixed at the province); returns how many."""
    with store.write() as session:
        ids = set(session.scalars(select(OutboxItem.event_id).where(OutboxItem.seq.in_(seqs))))
        done = session.execute(
            update(OutboxItem).where(OutboxItem.seq.in_(seqs), OutboxItem.state == "rejected")
            .values(state="pending", rejected_reason=None)
        )
        failures = settings.get_setting(session, ITEM_FAILURES, None) or {}
        if ids & set(failures):  # sent again by a person: its count of server errors starts over
            settings.set_setting(session, ITEM_FAILURES, {k: v for k, v in failures.items() if k not in ids} or None)
    return done.rowcount
