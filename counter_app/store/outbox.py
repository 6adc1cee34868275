"""The outbox behind a storage contract: what the sync engine may do with queued events.

An item is an event of the append-only history waiting for the province's acknowledgement
(``OutboxItem``: the event's number and the version it produced). The contract, in the shape
of a transactional outbox:

* :meth:`Outbox.claim` takes the due items in order for a while (a lease, ``claimed_until``;
  *force*, a person's "sync now", ignores the items' retry times, not the leases):
  a sender that dies leaves nothing stuck, its items are due again when the lease ends. An
  item claimed, not yet due (``next_attempt_at``) or skipped holds its dossier's later items
  back, so that a dossier's events reach the server in the order they happened. The payload
  is built then: the event as recorded plus the dossier as it stands at the claim.
* :meth:`Outbox.ack` deletes delivered items (the history is the permanent record; the
  server's signed receipts are kept by the caller in the same transaction, via *then*).
* :meth:`Outbox.release` (a nack) ends the lease, with the error and the time of the next try;
  given the claim's ``held_until``, only while the item is still under that claim (a sender
  whose lease ran out does not free an item another sender has claimed since).
* :meth:`Outbox.set_aside` keeps a refused item apart with the reason, for a person;
  :meth:`Outbox.requeue` sends set-aside items again.
* :meth:`Outbox.counts`, :meth:`Outbox.set_aside_items`, :meth:`Outbox.waiting`: what is left.

Two implementations pass the same tests (tests/core/test_outbox_contract.py): :class:`SqlOutbox`
on the profile's store and :class:`MemoryOutbox`, a double for the engine's own tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from counter_app.domain.errors import Message, Said
from counter_app.store.history_write import dossier_snapshot, event_payload
from counter_app.store.models import Dossier, DossierAttachment, DossierEvent, OutboxItem

PENDING = "pending"
SET_ASIDE = "rejected"  # the stored word, as before migration 0013 (the refused-items list reads it)

#: How long a claim lasts: longer than any push (the transport's timeouts are well under it).
DEFAULT_LEASE = timedelta(minutes=10)


@dataclass(frozen=True)
class Claimed:
    """An item taken for sending, with what is sent."""

    seq: int
    event_id: str
    dossier_id: str | None
    attempts: int                    # counting this one
    payload: dict[str, Any] | None   # None: cannot be built (its event or dossier is gone)
    held_until: datetime | None = None  # the claim's lease: a release touches the item only while it is this one


@dataclass(frozen=True)
class SetAsideItem:
    """An item the server refused, with its reason: the server's own words (text), or the
    sync engine's message code when the counter set it aside itself."""

    seq: int
    event_id: str
    kind: str
    dossier_code: str | None
    created_at: datetime
    attempts: int
    reason: Said


def stored_reason(reason: Said) -> str:
    """A set-aside reason as the column keeps it: a coded message as JSON, a server's text as is."""
    if isinstance(reason, Message):
        return json.dumps({"code": reason.code, "params": reason.params}, ensure_ascii=False, default=str)
    return reason


def read_reason(text: str | None) -> Said:
    if text and text.startswith('{"code"'):
        try:
            data = json.loads(text)
            return Message(str(data["code"]), dict(data.get("params") or {}))
        except (ValueError, KeyError, TypeError):
            pass
    return text or ""


@dataclass(frozen=True)
class Counts:
    pending: int                       # waiting, claimed or not
    set_aside: int
    oldest_pending_at: datetime | None  # the time of the oldest waiting event


class Outbox(Protocol):
    """The storage contract of the outbox (see the module's docstring)."""

    def claim(self, now: datetime, *, limit: int, lease: timedelta = DEFAULT_LEASE,
              skip: Collection[int] = (), force: bool = False) -> list[Claimed]: ...
    def ack(self, seqs: Iterable[int], *, then: Callable[[Any], None] | None = None) -> int: ...
    def release(self, seqs: Iterable[int], *, error: str | None = None, retry_at: datetime | None = None,
                held_until: datetime | None = None) -> None: ...
    def set_aside(self, seqs: Iterable[int], reason: Said, *, error: str | None = None,
                  held_until: datetime | None = None) -> None: ...
    def requeue(self, seqs: Iterable[int]) -> list[str]: ...
    def waiting(self, event_ids: Iterable[str]) -> set[str]: ...
    def state(self, seq: int) -> str | None: ...
    def counts(self) -> Counts: ...
    def set_aside_items(self, limit: int = 1000) -> list[SetAsideItem]: ...


def _due(claimed_until: datetime | None, next_attempt_at: datetime | None, now: datetime) -> bool:
    return (claimed_until is None or claimed_until <= now) and (next_attempt_at is None or next_attempt_at <= now)


def choose(rows: Iterable[tuple[int, str | None, bool]], *, limit: int, skip: Collection[int]) -> list[int]:
    """The items to claim from pending *rows* (seq, dossier id, due) in seq order: the due ones,
    but none after an item of its dossier that is not due or skipped. Shared by both sides."""
    blocked: set[str] = set()
    chosen: list[int] = []
    for seq, dossier_id, due in rows:
        if seq in skip or not due:
            if dossier_id is not None:
                blocked.add(dossier_id)
            continue
        if dossier_id is not None and dossier_id in blocked:
            continue
        chosen.append(seq)
        if len(chosen) == limit:
            break
    return chosen


class SqlOutbox:
    """The outbox in the profile's database (a counter_app.store.db.Store)."""

    def __init__(self, store) -> None:
        self.store = store

    def claim(self, now: datetime, *, limit: int, lease: timedelta = DEFAULT_LEASE,
              skip: Collection[int] = (), force: bool = False) -> list[Claimed]:
        with self.store.write() as session:
            # Choose by (seq, dossier, due) only, then build the payloads of the chosen items.
            # Every pending item is a candidate (set-aside ones are not): a long queue of
            # items not due must not hide due ones behind it.
            rows = session.execute(
                select(OutboxItem.seq, DossierEvent.dossier_id, OutboxItem.claimed_until, OutboxItem.next_attempt_at)
                .outerjoin(DossierEvent, DossierEvent.seq == OutboxItem.seq)
                .where(OutboxItem.state == PENDING).order_by(OutboxItem.seq)
            )
            chosen = choose(((s, d, _due(c, None if force else n, now)) for s, d, c, n in rows),
                            limit=limit, skip=skip)
            rows.close()  # read no further than needed
            if not chosen:
                return []
            until = now + lease
            session.execute(update(OutboxItem).where(OutboxItem.seq.in_(chosen)).values(
                claimed_until=until, attempts=OutboxItem.attempts + 1))
            return [replace(c, held_until=until) for c in build_claims(session, chosen)]

    def ack(self, seqs: Iterable[int], *, then: Callable[[Any], None] | None = None) -> int:
        seqs = list(seqs)
        with self.store.write() as session:
            if then is not None:
                then(session)  # the receipt, kept with what it acknowledges
            if not seqs:
                return 0
            return session.execute(delete(OutboxItem).where(OutboxItem.seq.in_(seqs))).rowcount

    def release(self, seqs: Iterable[int], *, error: str | None = None, retry_at: datetime | None = None,
                held_until: datetime | None = None) -> None:
        seqs = list(seqs)
        if not seqs:
            return
        values: dict[str, Any] = {"claimed_until": None, "next_attempt_at": retry_at}
        if error is not None:
            values["last_error"] = error
        query = update(OutboxItem).where(OutboxItem.seq.in_(seqs))
        if held_until is not None:
            query = query.where(OutboxItem.claimed_until == held_until)
        with self.store.write() as session:
            session.execute(query.values(**values))

    def set_aside(self, seqs: Iterable[int], reason: Said, *, error: str | None = None,
                  held_until: datetime | None = None) -> None:
        seqs = list(seqs)
        if not seqs:
            return
        values: dict[str, Any] = {"state": SET_ASIDE, "rejected_reason": stored_reason(reason), "claimed_until": None,
                                  "next_attempt_at": None}
        if error is not None:
            values["last_error"] = error
        query = update(OutboxItem).where(OutboxItem.seq.in_(seqs))
        if held_until is not None:  # as for release: only what is still under the caller's claim
            query = query.where(OutboxItem.claimed_until == held_until)
        with self.store.write() as session:
            session.execute(query.values(**values))

    def requeue(self, seqs: Iterable[int]) -> list[str]:
        seqs = list(seqs)
        with self.store.write() as session:
            ids = list(session.scalars(
                select(func.coalesce(DossierEvent.id, func.json_extract(OutboxItem.recorded_payload, "$.event_id")))
                .select_from(OutboxItem).outerjoin(DossierEvent, DossierEvent.seq == OutboxItem.seq)
                .where(OutboxItem.seq.in_(seqs), OutboxItem.state == SET_ASIDE)))
            session.execute(update(OutboxItem).where(OutboxItem.seq.in_(seqs), OutboxItem.state == SET_ASIDE)
                            .values(state=PENDING, rejected_reason=None, next_attempt_at=None, claimed_until=None))
        return ids

    def waiting(self, event_ids: Iterable[str]) -> set[str]:
        ids = list(event_ids)
        if not ids:
            return set()
        with self.store.read() as session:
            return set(session.scalars(
                select(DossierEvent.id).join(OutboxItem, OutboxItem.seq == DossierEvent.seq)
                .where(DossierEvent.id.in_(ids), OutboxItem.state == PENDING)))

    def state(self, seq: int) -> str | None:
        with self.store.read() as session:
            return session.scalar(select(OutboxItem.state).where(OutboxItem.seq == seq))

    def counts(self) -> Counts:
        with self.store.read() as session:
            pending, set_aside, first = session.execute(select(
                func.count().filter(OutboxItem.state == PENDING), func.count().filter(OutboxItem.state == SET_ASIDE),
                func.min(OutboxItem.seq).filter(OutboxItem.state == PENDING))).one()
            oldest = session.scalar(select(DossierEvent.at).where(DossierEvent.seq == first)) if first else None
        return Counts(int(pending or 0), int(set_aside or 0), oldest)

    def set_aside_items(self, limit: int = 1000) -> list[SetAsideItem]:
        with self.store.read() as session:
            rows = session.execute(
                select(OutboxItem, DossierEvent, Dossier.code)
                .outerjoin(DossierEvent, DossierEvent.seq == OutboxItem.seq)
                .outerjoin(Dossier, Dossier.id == DossierEvent.dossier_id)
                .where(OutboxItem.state == SET_ASIDE).order_by(OutboxItem.seq).limit(limit)
            ).all()
            out = []
            for item, event, code in rows:
                legacy = item.recorded_payload if isinstance(item.recorded_payload, dict) else {}
                out.append(SetAsideItem(
                    item.seq, event.id if event else str(legacy.get("event_id", "")),
                    event.kind if event else str(legacy.get("kind", "")),
                    code if code else (legacy.get("dossier") or {}).get("code"),
                    event.at if event else _legacy_at(legacy), item.attempts, read_reason(item.rejected_reason)))
            return out


def _legacy_at(payload: dict[str, Any]) -> datetime:
    try:
        return datetime.fromisoformat(str(payload.get("at")))
    except ValueError:
        return datetime(1970, 1, 1)


def build_claims(session: Session, seqs: list[int]) -> list[Claimed]:
    """The payloads of items *seqs*: each event as recorded plus its dossier as it stands now
    (one snapshot per dossier, however many of its events go); an item queued before
    migration 0013 sends its recorded payload as it is (a re-send the server recognises)."""
    rows = session.execute(
        select(OutboxItem.seq, OutboxItem.version, OutboxItem.attempts, OutboxItem.recorded_payload, DossierEvent)
        .outerjoin(DossierEvent, DossierEvent.seq == OutboxItem.seq)
        .where(OutboxItem.seq.in_(seqs)).order_by(OutboxItem.seq)
    ).all()
    need = {e.dossier_id for _s, _v, _a, legacy, e in rows if legacy is None and e is not None}
    snapshots: dict[str, dict[str, Any]] = {}
    if need:
        dossiers = session.scalars(select(Dossier).where(Dossier.id.in_(need))
                                   .options(selectinload(Dossier.documents))).all()
        scans: dict[str, dict[int, dict[str, Any]]] = {d: {} for d in need}
        for did, pos, sha, pages, size in session.execute(
                select(DossierAttachment.dossier_id, DossierAttachment.document_position, DossierAttachment.sha256,
                       DossierAttachment.pages, DossierAttachment.size_bytes)
                .where(DossierAttachment.dossier_id.in_(need), DossierAttachment.replaced_at.is_(None))):
            scans[did][pos] = {"document": pos, "sha256": sha, "pages": pages, "bytes": size}
        snapshots = {d.id: dossier_snapshot(d, scans[d.id]) for d in dossiers}
    out = []
    for seq, version, attempts, legacy, event in rows:
        if legacy is not None:
            payload = json.loads(legacy) if isinstance(legacy, str) else legacy
            out.append(Claimed(seq, str(payload.get("event_id", "")), (payload.get("dossier") or {}).get("id"),
                               attempts, payload))
            continue
        if event is None:
            out.append(Claimed(seq, "", None, attempts, None))
            continue
        snap = snapshots.get(event.dossier_id)
        row = {k: getattr(event, k) for k in ("id", "kind", "at", "officer_id", "officer_name", "from_status",
                                              "to_status", "data")}
        payload = event_payload(row, version, snap) if snap is not None else None
        out.append(Claimed(seq, event.id, event.dossier_id, attempts, payload))  # type: ignore[arg-type]
    return out


def pending_payloads(store, *, limit: int | None = None) -> list[dict[str, Any]]:
    """The payloads the waiting items would carry now, in order, without claiming them (for
    tools and tests that send them by hand)."""
    with store.read() as session:
        query = select(OutboxItem.seq).where(OutboxItem.state == PENDING).order_by(OutboxItem.seq)
        seqs = list(session.scalars(query.limit(limit) if limit else query))
        return [c.payload for c in build_claims(session, seqs) if c.payload is not None]


# --- the double ----------------------------------------------------------------------------
@dataclass
class _Item:
    seq: int
    event_id: str
    dossier_id: str | None
    kind: str
    at: datetime
    payload: dict[str, Any] | Callable[[], dict[str, Any]]
    state: str = PENDING
    attempts: int = 0
    claimed_until: datetime | None = None
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    reason: Said | None = None


@dataclass
class MemoryOutbox:
    """The outbox in memory, for tests of what uses the contract; :meth:`add` queues an item
    (its payload a dict, or a function called at the claim: built when sent)."""

    items: dict[int, _Item] = field(default_factory=dict)
    receipts: list[Any] = field(default_factory=list)
    _next: int = 1

    def add(self, event_id: str, *, dossier_id: str | None, at: datetime, kind: str = "received",
            payload: dict[str, Any] | Callable[[], dict[str, Any]] | None = None) -> int:
        seq = self._next
        self._next += 1
        self.items[seq] = _Item(seq, event_id, dossier_id, kind, at,
                                payload if payload is not None else {"event_id": event_id, "kind": kind})
        return seq

    def claim(self, now: datetime, *, limit: int, lease: timedelta = DEFAULT_LEASE,
              skip: Collection[int] = (), force: bool = False) -> list[Claimed]:
        rows = [(i.seq, i.dossier_id, _due(i.claimed_until, None if force else i.next_attempt_at, now))
                for i in sorted(self.items.values(), key=lambda i: i.seq) if i.state == PENDING]
        out = []
        for seq in choose(rows, limit=limit, skip=skip):
            item = self.items[seq]
            item.claimed_until, item.attempts = now + lease, item.attempts + 1
            payload = item.payload() if callable(item.payload) else dict(item.payload)
            out.append(Claimed(seq, item.event_id, item.dossier_id, item.attempts, payload, item.claimed_until))
        return out

    def ack(self, seqs: Iterable[int], *, then: Callable[[Any], None] | None = None) -> int:
        if then is not None:
            then(self)
        return sum(self.items.pop(s, None) is not None for s in list(seqs))

    def release(self, seqs: Iterable[int], *, error: str | None = None, retry_at: datetime | None = None,
                held_until: datetime | None = None) -> None:
        for s in seqs:
            if s in self.items and (held_until is None or self.items[s].claimed_until == held_until):
                item = self.items[s]
                item.claimed_until, item.next_attempt_at = None, retry_at
                if error is not None:
                    item.last_error = error

    def set_aside(self, seqs: Iterable[int], reason: Said, *, error: str | None = None,
                  held_until: datetime | None = None) -> None:
        for s in seqs:
            if s in self.items and (held_until is None or self.items[s].claimed_until == held_until):
                item = self.items[s]
                item.state, item.reason, item.claimed_until, item.next_attempt_at = SET_ASIDE, reason, None, None
                if error is not None:
                    item.last_error = error

    def requeue(self, seqs: Iterable[int]) -> list[str]:
        out = []
        for s in seqs:
            item = self.items.get(s)
            if item is not None and item.state == SET_ASIDE:
                self.items[s] = replace(item, state=PENDING, reason=None, next_attempt_at=None, claimed_until=None)
                out.append(item.event_id)
        return out

    def waiting(self, event_ids: Iterable[str]) -> set[str]:
        ids = set(event_ids)
        return {i.event_id for i in self.items.values() if i.event_id in ids and i.state == PENDING}

    def state(self, seq: int) -> str | None:
        item = self.items.get(seq)
        return item.state if item else None

    def counts(self) -> Counts:
        pending = [i for i in self.items.values() if i.state == PENDING]
        first = min(pending, key=lambda i: i.seq) if pending else None
        return Counts(len(pending), sum(i.state == SET_ASIDE for i in self.items.values()),
                      first.at if first else None)

    def set_aside_items(self, limit: int = 1000) -> list[SetAsideItem]:
        rows = sorted((i for i in self.items.values() if i.state == SET_ASIDE), key=lambda i: i.seq)[:limit]
        return [SetAsideItem(i.seq, i.event_id, i.kind, None, i.at, i.attempts, i.reason or "") for i in rows]


__all__ = ["Claimed", "Counts", "DEFAULT_LEASE", "MemoryOutbox", "Outbox", "PENDING", "SET_ASIDE", "SetAsideItem",
           "SqlOutbox", "build_claims", "choose", "pending_payloads"]
