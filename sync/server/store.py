"""What the reference server does with its database: enrollment, idempotent pushes, the feed.

Idempotency: an event is identified by the id the workstation made for it. The first time it
arrives it is stored with the SHA-256 of its canonical JSON and acknowledged with the
server's sequence number; a repeat with the same content gets that same acknowledgement, a
repeat with different content gets a conflict answer and is kept in `conflict` for review.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, insert, or_, select, text, update
from sqlalchemy.exc import IntegrityError

from counter_app.clock import now_vn
from sync.server.schema import change, conflict, device, dossier, dossier_event, enrollment_code

MAX_BATCH = 1000

#: Key of the PostgreSQL advisory lock that serialises the writers of the change feed.
CHANGE_FEED_LOCK = 0x636F756E746572  # "counter"


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
    """The digest of an event's canonical JSON (sorted keys, no spaces)."""
    return sha256(json.dumps(item, sort_keys=True, separators=(",", ":"), ensure_ascii=False))


def _now() -> datetime:
    return now_vn().replace(microsecond=0)


@dataclass(frozen=True)
class Device:
    """An enrolled workstation, as the server knows it."""

    id: str
    agency_id: str
    workstation_no: int | None


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


class InvalidCode(Exception):
    """An enrollment code that is unknown or already used."""


@dataclass
class Hooks:
    """Test-only fault hooks: called after each item of a push is written (never in production)."""

    after_item: Callable[[Any, int], None] | None = None


class ServerStore:
    """The server's database operations; every method is one transaction."""

    def __init__(self, engine: Engine, hooks: Hooks | None = None):
        self.engine = engine
        self.hooks = hooks or Hooks()

    # --- enrollment and tokens -------------------------------------------------------------
    def issue_code(self, agency_id: str) -> str:
        """A new one-time enrollment code for *agency_id* (only its digest is stored)."""
        raw = secrets.token_hex(6).upper()
        code = "-".join(raw[i:i + 4] for i in range(0, 12, 4))
        with self.engine.begin() as conn:
            conn.execute(insert(enrollment_code).values(
                code_hash=sha256(code), agency_id=agency_id, created_at=_now()))
        return code

    def enroll(self, code: str, workstation_no: int | None, name: str) -> tuple[Device, str]:
        """Use a code once; returns the new device and its bearer token (shown only now)."""
        token = secrets.token_urlsafe(32)
        device_id = secrets.token_hex(16)
        with self.engine.begin() as conn:
            row = conn.execute(
                select(enrollment_code).where(enrollment_code.c.code_hash == sha256(code.strip().upper()))
            ).first()
            if row is None or row.used_at is not None:
                raise InvalidCode(code)
            used = conn.execute(
                update(enrollment_code)
                .where(enrollment_code.c.code_hash == row.code_hash, enrollment_code.c.used_at.is_(None))
                .values(used_at=_now(), device_id=device_id)
            )
            if used.rowcount != 1:  # another request used it first
                raise InvalidCode(code)
            conn.execute(insert(device).values(
                id=device_id, agency_id=row.agency_id, token_hash=sha256(token),
                workstation_no=workstation_no, name=name[:100], created_at=_now()))
        return Device(device_id, row.agency_id, workstation_no), token

    def device_for_token(self, token: str) -> Device | None:
        """The active device holding *token*, or None (unknown or revoked)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(device).where(device.c.token_hash == sha256(token))).first()
        if row is None or row.revoked_at is not None:
            return None
        return Device(row.id, row.agency_id, row.workstation_no)

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
        digest = content_hash(item)
        seen = conn.execute(
            select(dossier_event.c.seq, dossier_event.c.content_hash, dossier_event.c.received_at,
                   dossier_event.c.agency_id).where(dossier_event.c.event_id == event_id)
        ).first()
        if seen is not None:
            if seen.agency_id != dev.agency_id:
                return ItemAnswer(event_id, "rejected", 403, reason="Sự kiện không thuộc cơ quan của thiết bị này.")
            if seen.content_hash == digest:
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
        snap = item["dossier"]
        current = conn.execute(
            select(dossier.c.agency_id, dossier.c.version, dossier.c.code).where(dossier.c.id == snap["id"])
        ).first()
        if current is not None and current.agency_id != dev.agency_id:
            return ItemAnswer(event_id, "rejected", 403, reason="Hồ sơ không thuộc cơ quan của thiết bị này.")
        if current is None or current.code != snap["code"]:
            owner = conn.execute(select(dossier.c.id).where(dossier.c.code == snap["code"])).first()
            if owner is not None and owner.id != snap["id"]:
                return ItemAnswer(event_id, "rejected", 409,
                                  reason=f"Mã hồ sơ {snap['code']} đã được dùng cho một hồ sơ khác.")
        now = _now()
        if current is None:
            conn.execute(insert(dossier).values(
                id=snap["id"], agency_id=dev.agency_id, code=snap["code"], status=int(snap["status"]),
                version=int(snap.get("version") or 1), snapshot=snap, updated_at=now))
        elif int(snap.get("version") or 1) >= current.version:
            conn.execute(update(dossier).where(dossier.c.id == snap["id"]).values(
                code=snap["code"], status=int(snap["status"]), version=int(snap.get("version") or 1),
                snapshot=snap, updated_at=now))
        seq = conn.execute(insert(dossier_event).values(
            event_id=event_id, agency_id=dev.agency_id, dossier_id=snap["id"], device_id=dev.id,
            kind=str(item["kind"]), content_hash=digest, payload=item, received_at=now,
        )).inserted_primary_key[0]
        return ItemAnswer(event_id, "accepted", 200, int(seq), now.isoformat())

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
        """The server's copy of a dossier of the device's own agency."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(dossier).where(dossier.c.id == dossier_id, dossier.c.agency_id == dev.agency_id)
            ).first()
        if row is None:
            return None
        events = self._event_count(dossier_id)
        return {"id": row.id, "code": row.code, "status": row.status, "version": row.version,
                "snapshot": row.snapshot, "updated_at": row.updated_at.isoformat(), "events": events}

    def _event_count(self, dossier_id: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(
                select(func.count()).select_from(dossier_event).where(dossier_event.c.dossier_id == dossier_id)))

    # --- the province's side ---------------------------------------------------------------
    def department_status(self, ref: str, to_status: int, note: str = "", by: str = "") -> dict[str, Any]:
        """A department changed a dossier's status: update it and publish it to its agency."""
        with self.engine.begin() as conn:
            row = conn.execute(select(dossier).where(or_(dossier.c.id == ref, dossier.c.code == ref))).first()
            if row is None:
                raise LookupError(ref)
            now = _now()
            snap = dict(row.snapshot)
            snap["status"] = int(to_status)
            version = row.version + 1
            snap["version"] = version
            conn.execute(update(dossier).where(dossier.c.id == row.id).values(
                status=int(to_status), version=version, snapshot=snap, updated_at=now))
            data = {"dossier_id": row.id, "code": row.code, "from_status": row.status,
                    "to_status": int(to_status), "version": version, "note": note, "by": by,
                    "at": now.isoformat()}
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


def _check_item(item: dict[str, Any], dev: Device) -> tuple[int, str] | None:
    """Why an event cannot be stored (HTTP-like code and a reason for a person), or None."""
    if not isinstance(item.get("kind"), str) or not item["kind"]:
        return 422, "Thiếu loại sự kiện (kind)."
    snap = item.get("dossier")
    if not isinstance(snap, dict):
        return 422, "Thiếu dữ liệu hồ sơ (dossier)."
    for key, kind in (("id", str), ("code", str), ("agency_id", str), ("status", int)):
        if not isinstance(snap.get(key), kind) or isinstance(snap.get(key), bool):
            return 422, f"Dữ liệu hồ sơ thiếu hoặc sai trường '{key}'."
    if not 1 <= len(snap["id"]) <= 36 or not 1 <= len(snap["code"]) <= 40:
        return 422, "Mã hồ sơ hoặc mã định danh hồ sơ quá dài."
    if not 1 <= snap["status"] <= 10:
        return 422, f"Trạng thái hồ sơ không hợp lệ: {snap['status']}."
    if snap["agency_id"] != dev.agency_id:
        return 403, "Hồ sơ không thuộc cơ quan của thiết bị này."
    if not snap["code"].startswith(dev.agency_id + "-"):
        return 422, f"Mã hồ sơ {snap['code']} không mang mã định danh của cơ quan {dev.agency_id}."
    return None
