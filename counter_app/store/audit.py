"""The append-only audit trail: who did what to accounts, settings, catalogue and data.

Each entry is chained to the one before: ``hash = SHA-256(canonical JSON of its fields +
prev_hash)``. The database refuses UPDATE and DELETE on ``audit_log`` (triggers); someone who
drops the triggers and edits the file directly is caught by :func:`verify_chain`, which names
the entry that was edited, inserted or deleted. The newest entry's seq and hash are also kept
in the ``audit.head`` setting, so that removing or appending entries at the end shows too.

The entry's ``seq`` is not hashed: an attacker renumbering rows to hide an insertion still
breaks the chain, and the report names the row that is not linked to its neighbours.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counter_app.store import settings
from counter_app.domain.clock import now_vn
from counter_app.domain.errors import Message, message
from counter_app.store.models import AuditEntry

GENESIS = "0" * 64
HEAD_KEY = "audit.head"  # {"seq": int, "hash": str}: the newest entry, written with it


class Action:
    """Names of audited actions (plain strings, stable: they are hashed into the trail)."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOCKOUT = "lockout"
    LOGOUT = "logout"
    UNLOCK_SCREEN = "unlock_screen"
    OFFICER_CREATED = "officer_created"
    OFFICER_DISABLED = "officer_disabled"
    OFFICER_ENABLED = "officer_enabled"
    PASSWORD_RESET = "password_reset"
    PASSWORD_CHANGED = "password_changed"
    ROLE_CHANGED = "role_changed"
    SETTINGS_CHANGED = "settings_changed"
    AGENCY_UPDATED = "agency_updated"
    CATALOGUE_IMPORTED = "catalogue_imported"
    CALENDAR_CHANGED = "calendar_changed"
    BACKUP_MADE = "backup_made"
    RESTORED = "restored"
    RECOVERY_KEY_EXPORTED = "recovery_key_exported"
    OLD_PROFILE_REMOVED = "old_profile_removed"
    PROFILE_CREATED = "profile_created"
    DOSSIER_EDITED = "dossier_edited"
    DOSSIER_REFUSED = "dossier_refused"
    DOSSIER_WITHDRAWN = "dossier_withdrawn"
    SLIP_REISSUED = "slip_reissued"
    DOSSIER_BACKDATED = "dossier_backdated"


@dataclass(frozen=True)
class ChainProblem:
    """One thing wrong with the trail; ``seq`` names the entry (0: the trail as a whole)."""

    seq: int
    kind: str      # edited | inserted | deleted | unreadable
    message: Message   # names the entry (ui.messages says it)

    def __str__(self) -> str:
        return str(self.message)


def _canonical(at: datetime, officer_id: str | None, action: str, target: str | None,
               detail: Any, prev_hash: str) -> bytes:
    payload = {
        "at": at.isoformat(timespec="microseconds"),
        "officer_id": officer_id,
        "action": action,
        "target": target,
        "detail": detail,
        "prev_hash": prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(at: datetime, officer_id: str | None, action: str, target: str | None,
               detail: Any, prev_hash: str) -> str:
    """The SHA-256 (hex) of an entry's fields and the hash of the entry before it."""
    return hashlib.sha256(_canonical(at, officer_id, action, target, detail, prev_hash)).hexdigest()


def _plain(detail: dict[str, Any] | None) -> dict[str, Any]:
    """The detail as it will read back from the JSON column (dates become ISO strings)."""
    return json.loads(json.dumps(detail or {}, ensure_ascii=False, default=_iso_default))


def _iso_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def audit(session: Session, officer: Any, action: str, target: str | None = None,
          detail: dict[str, Any] | None = None, *, at: datetime | None = None) -> AuditEntry:
    """Append an entry in the caller's transaction; *officer* is an Officer, an id, or None."""
    officer_id = getattr(officer, "id", officer)
    at = (at or now_vn()).replace(tzinfo=None)
    detail = _plain(detail)
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    prev_hash = last.hash if last else GENESIS
    entry = AuditEntry(
        at=at, officer_id=officer_id, action=action, target=target, detail=detail,
        prev_hash=prev_hash, hash=entry_hash(at, officer_id, action, target, detail, prev_hash),
    )
    session.add(entry)
    session.flush()
    settings.set_setting(session, HEAD_KEY, {"seq": entry.seq, "hash": entry.hash})
    return entry


@dataclass(frozen=True)
class _Row:
    seq: int
    prev_hash: str
    hash: str
    content_ok: bool


def _read_rows(session: Session, problems: list[ChainProblem]) -> list[_Row]:
    """Every entry as stored (raw SQL: a tampered row must not stop the check)."""
    rows = []
    result = session.execute(
        text("SELECT seq, at, officer_id, action, target, detail, prev_hash, hash FROM audit_log ORDER BY seq")
    )
    for seq, at, officer_id, action, target, detail, prev_hash, stored in result:
        try:
            when = datetime.fromisoformat(str(at))
            data = json.loads(detail) if isinstance(detail, str) else detail
            ok = entry_hash(when, officer_id, action, target, data, prev_hash) == stored
        except (TypeError, ValueError):
            problems.append(ChainProblem(seq, "unreadable", message("audit.unreadable", seq=seq)))
            ok = True  # reported once; keep following the chain through it
        rows.append(_Row(seq, str(prev_hash), str(stored), ok))
    return rows


def verify_chain(session: Session) -> list[ChainProblem]:
    """Check the whole trail; an empty list means it is intact. Each problem names an entry."""
    problems: list[ChainProblem] = []
    rows = _read_rows(session, problems)
    head = settings.get_setting(session, HEAD_KEY)
    by_hash = {r.hash: r for r in rows}
    anchor = by_hash.get(head["hash"]) if isinstance(head, dict) else None
    tail_start = len(rows)
    if isinstance(head, dict):
        if anchor is not None:
            tail_start = rows.index(anchor) + 1
            for r in rows[tail_start:]:
                problems.append(ChainProblem(
                    r.seq, "inserted", message("audit.inserted_after_head", seq=r.seq, head=anchor.seq)))
        else:
            last_seq = rows[-1].seq if rows else 0
            if int(head.get("seq", 0)) > last_seq:
                problems.append(ChainProblem(
                    last_seq + 1, "deleted",
                    message("audit.tail_deleted", first=last_seq + 1, last=head["seq"])))
            else:
                problems.append(ChainProblem(
                    int(head.get("seq", 0)), "edited", message("audit.head_edited", seq=head.get("seq"))))
    elif rows:
        problems.append(ChainProblem(0, "edited", message("audit.head_missing", key=HEAD_KEY)))

    chain = rows[:tail_start]
    expected, prev = GENESIS, None
    accepted: list[_Row] = []  # the entries the chain went through so far
    for i, r in enumerate(chain):
        if not r.content_ok:
            problems.append(ChainProblem(
                r.seq, "edited", message("audit.content_edited", seq=r.seq)))
            expected, prev = r.hash, r
            accepted.append(r)
            continue
        if r.prev_hash == expected:
            expected, prev = r.hash, r
            accepted.append(r)
            continue
        back = next((j for j in range(len(accepted) - 2, -1, -1) if accepted[j].hash == r.prev_hash), None)
        if back is not None or (r.prev_hash == GENESIS and accepted):
            # r links to an older entry: the ones accepted after it were slipped in.
            start = back + 1 if back is not None else 0
            for bad in accepted[start:]:
                problems.append(ChainProblem(
                    bad.seq, "inserted", message("audit.inserted", seq=bad.seq)))
            del accepted[start:]
            accepted.append(r)
            expected, prev = r.hash, r
            continue
        nxt = chain[i + 1] if i + 1 < len(chain) else None
        if nxt is not None and nxt.prev_hash == expected:
            problems.append(ChainProblem(
                r.seq, "inserted", message("audit.inserted", seq=r.seq)))
            continue  # the chain goes on from the entry before it
        before = prev.seq if prev else 0
        if r.seq > before + 1:
            gap = (message("audit.deleted_one", seq=before + 1, next=r.seq, before=before) if r.seq == before + 2
                   else message("audit.deleted_range", first=before + 1, last=r.seq - 1, next=r.seq, before=before))
            problems.append(ChainProblem(before + 1, "deleted", gap))
        elif prev is not None:
            problems.append(ChainProblem(
                prev.seq, "edited", message("audit.rehashed", seq=prev.seq, next=r.seq)))
        else:
            problems.append(ChainProblem(
                r.seq, "deleted", message("audit.deleted_before_first", seq=r.seq)))
        expected, prev = r.hash, r
        accepted.append(r)
    problems.sort(key=lambda p: p.seq)
    return problems


@dataclass(frozen=True)
class AuditView:
    """One entry for display."""

    seq: int
    at: datetime
    officer_id: str | None
    action: str
    target: str | None
    detail: dict[str, Any]


def recent_entries(session: Session, limit: int = 200) -> list[AuditView]:
    """The newest entries first."""
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit))
    return [AuditView(r.seq, r.at, r.officer_id, r.action, r.target, dict(r.detail or {})) for r in rows]
