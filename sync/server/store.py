"""What the reference server does with its database: enrollment, idempotent pushes, the feed.

Idempotency: an event is identified by the id the workstation made for it. The first time it
arrives it is stored with the SHA-256 of its canonical JSON and acknowledged with the
server's sequence number; a repeat with the same content gets that same acknowledgement, a
repeat with different content gets a conflict answer and is kept in `conflict` for review.

Convergence: a dossier's status and version are the fold of its shared history (its events
from counters plus the departments' changes) by counter_app.domain.merge, the rule the counter
applies to the same events; an event arriving on a stale base is merged, never refused.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine, func, insert, or_, select, text, update
from sqlalchemy.exc import IntegrityError

from counter_app.domain.clock import now_vn
from counter_app.domain.code_rules import FIRST_FORM
from counter_app.domain.dossier_codes import parse_code
from counter_app.domain.ids import new_id
from counter_app.domain.merge import COUNTER, DEPARTMENT, MergeEvent, bumps, fold, step
from counter_app.domain.enums import DossierStatus
from sync.protocol import describe_errors, parse_event
from sync import signing
from sync.server.schema import (
    audit_anchor,
    change,
    conflict,
    device,
    dossier,
    dossier_event,
    enrollment_code,
    server_key,
)

MAX_BATCH = 1000
MAX_VERSION = 2**31 - 1
REMOTE_STATUS_KIND = "remote_status"  # how the counter names a department's change in its history

#: Key of the PostgreSQL advisory lock that serialises the writers of the change feed.
CHANGE_FEED_LOCK = 0x636F756E746572  # "counter"
#: Key of the PostgreSQL advisory lock that serialises enrollments (one device per number).
ENROLL_LOCK = 0x636F756E74657202
#: How long after spending a code a retry with the same nonce still gets the device.
ENROLL_RETRY_WINDOW = timedelta(minutes=15)


def lock_change_feed(conn) -> None:
    """Hold the change feed's writer lock until *conn*'s transaction ends (PostgreSQL only).

    Clients page through the feed by ``seq`` and keep the highest one seen as their cursor, so
    a row must never become visible after a row with a higher ``seq``. On PostgreSQL a
    sequence hands out numbers outside transactions: writer A takes 5, writer B takes 6 and
    commits first, a client pulls 6 and moves its cursor past 5, then A commits 5 and that
    client never sees it. Taking this lock before the insert makes numbering and commit happen
    in the same order. SQLite already allows one writer at a time, so nothing is needed there.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHANGE_FEED_LOCK})


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_hash(item: dict[str, Any]) -> str:
    """The digest of an item's canonical JSON (sorted keys, no spaces)."""
    return sha256(json.dumps(item, sort_keys=True, separators=(",", ":"), ensure_ascii=False))


def event_hash(item: dict[str, Any]) -> str:
    """The digest of the event part of an item (all but the dossier's snapshot): what the
    idempotency by event id covers. A counter builds the snapshot when it sends (its outbox
    is thin), so a re-sent event may carry a newer snapshot: the same event all the same."""
    return content_hash({k: v for k, v in item.items() if k != "dossier"})


def _now() -> datetime:
    return now_vn().replace(microsecond=0)


@dataclass(frozen=True)
class Device:
    """An enrolled workstation, as the server knows it."""

    id: str
    agency_id: str
    workstation_no: int | None
    public_key: str | None = None    # base64 Ed25519 key that signs its pushes
    unsigned_legacy: bool = False    # enrolled before signatures: may push unsigned until it has a key


def _device(row) -> Device:
    return Device(row.id, row.agency_id, row.workstation_no, row.public_key, bool(row.unsigned_legacy))


@dataclass(frozen=True)
class ItemAnswer:
    """The server's answer for one pushed event."""

    event_id: str
    status: str            # accepted | conflict | rejected
    code: int              # HTTP-like: 200, 409, 403, 422
    ack: int | None = None
    received_at: str | None = None
    reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"event_id": self.event_id, "status": self.status, "code": self.code}
        if self.ack is not None:
            out["ack"] = self.ack
            out["received_at"] = self.received_at
        if self.reason:
            out["reason"] = self.reason
        return out


class KeyTaken(Exception):
    """The device already has a different public key (a key is registered once)."""


class InvalidCode(Exception):
    """An enrollment code that is unknown or already used."""


class WorkstationTaken(Exception):
    """The agency already has an active device with this workstation number."""

    def __init__(self, agency_id: str, workstation_no: int, device_id: str, since: datetime):
        super().__init__(agency_id, workstation_no, device_id)
        self.agency_id = agency_id
        self.workstation_no = workstation_no
        self.device_id = device_id
        self.since = since


@dataclass
class Hooks:
    """Test-only fault hooks: called after each item of a push is written (never in production)."""

    after_item: Callable[[Any, int], None] | None = None


class ServerStore:
    """The server's database operations; every method is one transaction."""

    def __init__(self, engine: Engine, hooks: Hooks | None = None, *,
                 enroll_retry_window: timedelta = ENROLL_RETRY_WINDOW):
        self.engine = engine
        self.hooks = hooks or Hooks()
        self.enroll_retry_window = enroll_retry_window

    # --- enrollment and tokens -------------------------------------------------------------
    def issue_code(self, agency_id: str) -> str:
        """A new one-time enrollment code for *agency_id* (only its digest is stored)."""
        raw = secrets.token_hex(6).upper()
        code = "-".join(raw[i:i + 4] for i in range(0, 12, 4))
        with self.engine.begin() as conn:
            conn.execute(insert(enrollment_code).values(
                code_hash=sha256(code), agency_id=agency_id, created_at=_now()))
        return code

    def enroll(self, code: str, workstation_no: int | None, name: str,
               nonce: str | None = None, public_key: str | None = None) -> tuple[Device, str]:
        """Use a code once; returns the device and its bearer token (shown only now).

        A retry with the same code and *nonce* within the retry window (the reply to the first
        try was lost) gets the same device and a fresh token; the token the lost reply carried
        stops working. A workstation number the agency already has on an active device is
        refused before the code is spent (WorkstationTaken), so the code stays usable.
        """
        token = secrets.token_urlsafe(32)
        nonce_hash = sha256(nonce) if nonce else None
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ENROLL_LOCK})
            row = conn.execute(
                select(enrollment_code).where(enrollment_code.c.code_hash == sha256(code.strip().upper()))
            ).first()
            if row is None:
                raise InvalidCode(code)
            if row.used_at is not None:
                return self._retry_enroll(conn, row, nonce_hash, token, code, public_key)
            if workstation_no is not None:
                taken = conn.execute(
                    select(device.c.id, device.c.created_at).where(
                        device.c.agency_id == row.agency_id, device.c.workstation_no == workstation_no,
                        device.c.revoked_at.is_(None)).order_by(device.c.created_at)
                ).first()
                if taken is not None:
                    raise WorkstationTaken(row.agency_id, workstation_no, taken.id, taken.created_at)
            device_id = secrets.token_hex(16)
            used = conn.execute(
                update(enrollment_code)
                .where(enrollment_code.c.code_hash == row.code_hash, enrollment_code.c.used_at.is_(None))
                .values(used_at=_now(), device_id=device_id, nonce_hash=nonce_hash)
            )
            if used.rowcount != 1:  # another request used it first
                raise InvalidCode(code)
            conn.execute(insert(device).values(
                id=device_id, agency_id=row.agency_id, token_hash=sha256(token),
                workstation_no=workstation_no, name=name[:100], created_at=_now(),
                public_key=public_key, unsigned_legacy=False))
        return Device(device_id, row.agency_id, workstation_no, public_key), token

    def _retry_enroll(self, conn, row, nonce_hash: str | None, token: str, code: str,
                      public_key: str | None) -> tuple[Device, str]:
        """The same code and nonce again, soon enough: a fresh token for the device it made."""
        if nonce_hash is None or row.nonce_hash is None or not secrets.compare_digest(nonce_hash, row.nonce_hash):
            raise InvalidCode(code)
        if _now() - row.used_at >= self.enroll_retry_window:
            raise InvalidCode(code)
        dev = conn.execute(select(device).where(device.c.id == row.device_id)).first()
        if dev is None or dev.revoked_at is not None:
            raise InvalidCode(code)
        # The retry carries the key of the same enrollment (kept in the profile before the first try).
        conn.execute(update(device).where(device.c.id == dev.id).values(
            token_hash=sha256(token), public_key=public_key or dev.public_key))
        return Device(dev.id, dev.agency_id, dev.workstation_no, public_key or dev.public_key), token

    def devices(self, agency_id: str | None = None) -> list[dict[str, Any]]:
        """The enrolled devices (of one agency), oldest first, for the province's administrator."""
        query = select(device.c.id, device.c.agency_id, device.c.workstation_no, device.c.name,
                       device.c.created_at, device.c.revoked_at).order_by(device.c.created_at)
        if agency_id is not None:
            query = query.where(device.c.agency_id == agency_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [{"id": r.id, "agency_id": r.agency_id, "workstation_no": r.workstation_no, "name": r.name,
                 "created_at": r.created_at.isoformat(),
                 "revoked_at": r.revoked_at.isoformat() if r.revoked_at else None} for r in rows]

    def device_for_token(self, token: str) -> Device | None:
        """The active device holding *token*, or None (unknown or revoked)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(device).where(device.c.token_hash == sha256(token))).first()
        if row is None or row.revoked_at is not None:
            return None
        return _device(row)

    def register_key(self, dev: Device, public_key: str) -> None:
        """Give a device enrolled before signatures its key (once; the same key again is fine).
        From then on it may push only signed (its legacy flag is cleared)."""
        with self.engine.begin() as conn:
            row = conn.execute(select(device.c.public_key).where(device.c.id == dev.id).with_for_update()).first()
            if row is not None and row.public_key not in (None, public_key):
                raise KeyTaken(dev.id)
            conn.execute(update(device).where(device.c.id == dev.id).values(
                public_key=public_key, unsigned_legacy=False))

    # --- the server's own key --------------------------------------------------------------
    def signing_key(self) -> tuple[signing.Ed25519PrivateKey, str]:
        """The server's signing key and its public half (base64), made at the first call."""
        try:
            with self.engine.begin() as conn:
                row = conn.execute(select(server_key).where(server_key.c.id == 1)).first()
                if row is None:
                    key = signing.new_key()
                    conn.execute(insert(server_key).values(
                        id=1, private_key=signing.private_pem(key).decode("ascii"),
                        public_key=signing.public_key_b64(key), created_at=_now()))
                    row = conn.execute(select(server_key).where(server_key.c.id == 1)).first()
        except IntegrityError:  # another worker made it first: use that one
            with self.engine.connect() as conn:
                row = conn.execute(select(server_key).where(server_key.c.id == 1)).one()
        return signing.key_from_pem(row.private_key.encode("ascii")), row.public_key

    def anchor_audit(self, dev: Device, seq: int, head: str) -> datetime:
        """Record the head of a device's audit chain as the server saw it; the time it was signed."""
        at = _now()
        with self.engine.begin() as conn:
            conn.execute(insert(audit_anchor).values(device_id=dev.id, seq=seq, hash=head, signed_at=at))
        return at

    def audit_anchors(self, device_id: str) -> list[dict[str, Any]]:
        """The heads of *device_id*'s audit chain the server countersigned, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(audit_anchor).where(audit_anchor.c.device_id == device_id)
                                .order_by(audit_anchor.c.id)).all()
        return [{"seq": r.seq, "hash": r.hash, "signed_at": r.signed_at.isoformat()} for r in rows]

    def revoked_at(self, device_id: str) -> datetime | None:
        """When *device_id* was revoked (Vietnam wall time), or None (active or unknown)."""
        with self.engine.connect() as conn:
            return conn.execute(select(device.c.revoked_at).where(device.c.id == device_id)).scalar()

    def revoked_devices(self) -> dict[str, datetime]:
        """Every revoked device and when it was revoked (Vietnam wall time)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(device.c.id, device.c.revoked_at).where(device.c.revoked_at.is_not(None)))
            return {str(i): at for i, at in rows}

    def revoke(self, device_id: str) -> bool:
        with self.engine.begin() as conn:
            done = conn.execute(update(device).where(device.c.id == device_id).values(revoked_at=_now()))
        return done.rowcount == 1

    # --- push ------------------------------------------------------------------------------
    def push(self, dev: Device, items: list[dict[str, Any]]) -> list[ItemAnswer]:
        """Store a batch in order, in one transaction; retried when a concurrent writer raced us."""
        for attempt in range(5):
            try:
                with self.engine.begin() as conn:
                    answers = []
                    for index, item in enumerate(items):
                        answers.append(self._push_one(conn, dev, item))
                        if self.hooks.after_item is not None:
                            self.hooks.after_item(conn, index)
                    return answers
            except IntegrityError:
                if attempt == 4:
                    raise
        raise AssertionError("unreachable")

    def _push_one(self, conn, dev: Device, item: Any) -> ItemAnswer:
        event_id = item.get("event_id") if isinstance(item, dict) else None
        if not isinstance(event_id, str) or not 1 <= len(event_id) <= 36:
            return ItemAnswer(str(event_id), "rejected", 422, reason="Thiếu mã sự kiện (event_id) hợp lệ.")
        digest = event_hash(item)
        seen = conn.execute(
            select(dossier_event.c.seq, dossier_event.c.content_hash, dossier_event.c.received_at,
                   dossier_event.c.agency_id).where(dossier_event.c.event_id == event_id)
        ).first()
        if seen is not None:
            if seen.agency_id != dev.agency_id:
                return ItemAnswer(event_id, "rejected", 403, reason="Sự kiện không thuộc cơ quan của thiết bị này.")
            # Events stored before thin outboxes were hashed whole: a re-send of those, byte
            # for byte, is the same event too.
            if seen.content_hash in (digest, content_hash(item)):
                return ItemAnswer(event_id, "accepted", 200, seen.seq, seen.received_at.isoformat())
            conn.execute(insert(conflict).values(
                event_id=event_id, agency_id=dev.agency_id, device_id=dev.id, content_hash=digest,
                payload=item, received_at=_now()))
            return ItemAnswer(event_id, "conflict", 409,
                              reason="Mã sự kiện đã được gửi trước đó với nội dung khác; đã lưu để kiểm tra.")
        problem = _check_item(item, dev)
        if problem is not None:
            code, reason = problem
            return ItemAnswer(event_id, "rejected", code, reason=reason)
        incoming = _merge_event(item)
        if isinstance(incoming, str):
            return ItemAnswer(event_id, "rejected", 422, reason=incoming)
        snap = item["dossier"]
        current = conn.execute(
            select(dossier.c.agency_id, dossier.c.version, dossier.c.code, dossier.c.status)
            .where(dossier.c.id == snap["id"]).with_for_update()
        ).first()
        if current is not None and current.agency_id != dev.agency_id:
            return ItemAnswer(event_id, "rejected", 403, reason="Hồ sơ không thuộc cơ quan của thiết bị này.")
        if current is None or current.code != snap["code"]:
            owner = conn.execute(select(dossier.c.id).where(dossier.c.code == snap["code"])).first()
            if owner is not None and owner.id != snap["id"]:
                return ItemAnswer(event_id, "rejected", 409,
                                  reason=f"Mã hồ sơ {snap['code']} đã được dùng cho một hồ sơ khác.")
        now = _now()
        seq = conn.execute(insert(dossier_event).values(
            event_id=event_id, agency_id=dev.agency_id, dossier_id=snap["id"], device_id=dev.id,
            kind=str(item["kind"]), content_hash=digest, payload=item, received_at=now,
        )).inserted_primary_key[0]
        if current is None:
            status, version, _ = step(None, 0, incoming)
            conn.execute(insert(dossier).values(
                id=snap["id"], agency_id=dev.agency_id, code=snap["code"], **_state(snap, status, version),
                updated_at=now))
        else:
            newest = True
            if incoming.version > current.version or not incoming.changes_version:
                # Made on everything the server holds (or only recording something): it comes last.
                status, version, _ = step(current.status, current.version, incoming)
            else:
                # A stale base: the history holds events its author had not seen. Merge.
                history = self.history(conn, snap["id"])
                merged = fold(history)
                status, version = merged.status, merged.version
                newest = all(e.version <= incoming.version for e in history if e.origin == COUNTER)
            # The dossier's other fields come from the newest counter event's snapshot.
            base = snap if newest else conn.scalar(select(dossier.c.snapshot).where(dossier.c.id == snap["id"]))
            conn.execute(update(dossier).where(dossier.c.id == snap["id"]).values(
                code=base["code"], **_state(base, status, version), updated_at=now))
        return ItemAnswer(event_id, "accepted", 200, int(seq), now.isoformat())

    def history(self, conn, dossier_id: str) -> list[MergeEvent]:
        """The dossier's shared history as the server holds it: counters' events and departments' changes."""
        out: list[MergeEvent] = []
        for row in conn.execute(select(dossier_event.c.payload).where(dossier_event.c.dossier_id == dossier_id)):
            event = _merge_event(row.payload)
            if isinstance(event, MergeEvent):
                out.append(event)
        for row in conn.execute(select(change.c.seq, change.c.data).where(
                change.c.dossier_id == dossier_id, change.c.kind == "dossier_status")):
            data = row.data
            out.append(MergeEvent(str(data.get("event_id") or f"change-{row.seq}"), DEPARTMENT, REMOTE_STATUS_KIND,
                                  int(data["version"]), int(data.get("base_version", int(data["version"]) - 1)),
                                  data.get("from_status"), int(data["to_status"])))
        return out

    # --- the feed --------------------------------------------------------------------------
    def changes_after(self, dev: Device, after: int, limit: int) -> tuple[list[dict[str, Any]], bool]:
        """The agency's changes (and everyone's) after cursor *after*, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(change)
                .where(change.c.seq > after, or_(change.c.agency_id == dev.agency_id, change.c.agency_id.is_(None)))
                .order_by(change.c.seq)
                .limit(limit + 1)
            ).all()
        out = [{"seq": r.seq, "kind": r.kind, "data": r.data, "at": r.created_at.isoformat()} for r in rows[:limit]]
        return out, len(rows) > limit

    def dossier_of(self, dev: Device, dossier_id: str) -> dict[str, Any] | None:
        """The server's copy of a dossier of the device's own agency, with its shared history in
        the canonical order (counter_app.domain.merge)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(dossier).where(dossier.c.id == dossier_id, dossier.c.agency_id == dev.agency_id)
            ).first()
            if row is None:
                return None
            history = fold(self.history(conn, dossier_id)).history
        events = self._event_count(dossier_id)
        return {"id": row.id, "code": row.code, "status": row.status, "version": row.version,
                "snapshot": row.snapshot, "updated_at": row.updated_at.isoformat(), "events": events,
                "history": [e.to_json() for e in history]}

    def code_marks(self, dev: Device, since: date, workstation_no: int, stride: int,
                   prefix: str | None = None) -> list[dict[str, Any]]:
        """The highest number per day, from *since* on, among the agency's dossier codes that
        belong to workstation *workstation_no*'s sequence (``seq ≡ workstation_no mod stride``):
        a workstation restored from an old backup raises its next number above them.

        Reads the agency's codes from ``<agency>-<since>`` on, in byte order (``<agency>-<YYMMDD>-…``
        sorts by day), and with *prefix* those printed under that identifier too (the second code
        form, whose number comes from the same daily sequence: counter_app.store.code_sequences).
        """
        found: list[str] = []
        heads = list(dict.fromkeys(p.upper() for p in (dev.agency_id, prefix) if p))
        with self.engine.connect() as conn:
            # Byte order, whatever the database's collation (a locale's may skip the punctuation).
            code = dossier.c.code.collate("C") if conn.dialect.name == "postgresql" else dossier.c.code
            for head in heads:
                low = f"{head}-{since:%y%m%d}"
                high = head + "-:"  # just above every "<head>-<digits>…"
                found += conn.scalars(
                    select(dossier.c.code).where(dossier.c.agency_id == dev.agency_id, code >= low, code < high)
                ).all()
        best: dict[date, int] = {}
        for found_code in found:
            parsed = parse_code(found_code)
            if parsed is None or parsed.agency_id not in heads:
                continue
            day, number = parsed.day, parsed.seq
            if day >= since and number % stride == workstation_no % stride and number > best.get(day, 0):
                best[day] = number
        return [{"day": d.isoformat(), "seq": n} for d, n in sorted(best.items())]

    def _event_count(self, dossier_id: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(
                select(func.count()).select_from(dossier_event).where(dossier_event.c.dossier_id == dossier_id)))

    # --- the province's side ---------------------------------------------------------------
    def department_status(self, ref: str, to_status: int, note: str = "", by: str = "") -> dict[str, Any]:
        """A department changed a dossier's status: update it and publish it to its agency."""
        with self.engine.begin() as conn:
            row = conn.execute(
                select(dossier).where(or_(dossier.c.id == ref, dossier.c.code == ref)).with_for_update()
            ).first()
            if row is None:
                raise LookupError(ref)
            now = _now()
            # Made on everything the server holds: the next version, and (a department's change
            # always applies) the new status. counter_app.domain.merge gives the same from the history.
            version = row.version + 1
            event = MergeEvent(new_id(), DEPARTMENT, REMOTE_STATUS_KIND, version, row.version, row.status,
                               int(to_status))
            status, version, _ = step(row.status, row.version, event)
            conn.execute(update(dossier).where(dossier.c.id == row.id).values(
                **_state(row.snapshot, status, version), updated_at=now))
            data = {"event_id": event.id, "dossier_id": row.id, "code": row.code, "from_status": row.status,
                    "to_status": int(to_status), "version": version, "base_version": row.version,
                    "note": note, "by": by, "at": now.isoformat()}
            lock_change_feed(conn)
            conn.execute(insert(change).values(
                agency_id=row.agency_id, kind="dossier_status", dossier_id=row.id, data=data,
                note=note, created_at=now))
        return data

    def publish(self, kind: str, data: dict[str, Any], agency_id: str | None = None) -> int:
        """Publish a catalogue or calendar update to one agency (or all, with None)."""
        with self.engine.begin() as conn:
            lock_change_feed(conn)
            return int(conn.execute(insert(change).values(
                agency_id=agency_id, kind=kind, data=data, created_at=_now())).inserted_primary_key[0])

    def ping(self) -> None:
        """Raise unless the database answers a trivial query (readiness, without scanning tables)."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def stats(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            def count(table) -> int:
                return int(conn.scalar(select(func.count()).select_from(table)))

            return {"dossiers": count(dossier), "events": count(dossier_event), "conflicts": count(conflict),
                    "devices": count(device), "changes": count(change)}


def _state(snapshot: dict[str, Any], status: int | None, version: int) -> dict[str, Any]:
    """The dossier row's status, version and snapshot, the snapshot telling the merged status and version."""
    status = int(status if status is not None else snapshot["status"])
    snap = dict(snapshot, status=status, version=version)
    if "status_name" in snap:
        snap["status_name"] = DossierStatus(status).name.lower()
    return {"status": status, "version": version, "snapshot": snap}


def _status_or_none(value: Any) -> int | None | str:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 10:
        return value
    return "invalid"


def _merge_event(item: dict[str, Any]) -> MergeEvent | str:
    """What counter_app.domain.merge needs of a counter's event, or why it cannot be read.

    ``version`` and ``base_version`` are the event's own (older clients sent neither: the
    snapshot's version stands for both, one less for the base of a change)."""
    snap = item.get("dossier") if isinstance(item.get("dossier"), dict) else {}
    kind = str(item.get("kind"))
    version, base = item.get("version", snap.get("version")), item.get("base_version")
    if base is None and isinstance(version, int):
        base = version - 1 if bumps(kind) else version
    for value in (version, base):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_VERSION:
            return "Phiên bản của sự kiện (version, base_version) không hợp lệ."
    if not base <= version <= base + 1 or version < 1:
        return "Phiên bản của sự kiện phải bằng phiên bản gốc (base_version) hoặc hơn nó một."
    from_status, to_status = _status_or_none(item.get("from_status")), _status_or_none(item.get("to_status"))
    if "invalid" in (from_status, to_status):
        return "Trạng thái trước hoặc sau của sự kiện (from_status, to_status) không hợp lệ."
    return MergeEvent(str(item.get("event_id")), COUNTER, kind, version, base, from_status, to_status)


def _check_item(item: dict[str, Any], dev: Device) -> tuple[int, str] | None:
    """Why an event cannot be stored (HTTP-like code and a reason for a person), or None.

    The shape and bounds of every field are the protocol's (`sync.protocol.PushEvent`); what
    is left here needs the device: the dossier must be of its agency and carry its identifier.
    """
    try:
        event = parse_event(item)
    except ValidationError as exc:
        return 422, describe_errors(exc)
    snap = event.dossier
    if snap.agency_id != dev.agency_id:
        return 403, "Hồ sơ không thuộc cơ quan của thiết bị này."
    parsed = parse_code(snap.code)  # the protocol has checked it is a code of some form
    if parsed is not None and parsed.rule_id != FIRST_FORM:
        # The second form (TT 04/2025) prints the agency's identifier of the centralised
        # solution, which this server holds nowhere: its form is checked, not its identifier.
        return None
    if not snap.code.startswith(dev.agency_id + "-"):
        return 422, f"Mã hồ sơ {snap.code} không mang mã định danh của cơ quan {dev.agency_id}."
    return None
