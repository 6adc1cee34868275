"""The server's signed statements kept by the workstation, and the checks made with them.

Each acknowledgement of a pushed batch and each countersigned head of the audit chain is
checked against the server's public key pinned at enrollment (``sync.server_key``) before it
is kept, append-only, in ``sync_receipt``. :func:`check_audit_anchors` is what
``counter-app check`` runs: every countersigned head must still be in the local audit chain
with the same hash, so a chain rewritten consistently from its start (every hash recomputed)
is caught at the first head the province signed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counter_app.store import settings
from counter_app.store.models import SyncReceipt
from sync import signing
from sync.transport import Receipt

SERVER_KEY = "sync.server_key"   # base64 of the server's Ed25519 public key, pinned at enrollment
PUSH_ACK = "push_ack"
AUDIT_HEAD = "audit_head"


def read_statement(server_key: str | None, receipt: Receipt, kind: str, device_id: str | None) -> dict[str, Any]:
    """The statement of *receipt* once its signature, kind and device are checked; else BadSignature."""
    if not server_key:
        raise signing.BadSignature("máy trạm chưa ghi nhận khoá công khai của máy chủ")
    signing.verify(server_key, signing.ACK, receipt.statement.encode("utf-8"), receipt.signature)
    try:
        statement = json.loads(receipt.statement)
    except ValueError as exc:
        raise signing.BadSignature("nội dung xác nhận không phải JSON") from exc
    if not isinstance(statement, dict) or statement.get("type") != kind:
        raise signing.BadSignature("xác nhận không đúng loại")
    if device_id is not None and statement.get("device_id") != device_id:
        raise signing.BadSignature("xác nhận dành cho một thiết bị khác")
    return statement


def keep(session: Session, kind: str, receipt: Receipt, now: datetime) -> None:
    """Append a checked receipt (in the caller's transaction)."""
    session.add(SyncReceipt(kind=kind, received_at=now, statement=receipt.statement, signature=receipt.signature))


@dataclass(frozen=True)
class AnchorProblem:
    """A countersigned head the local chain no longer matches (or a receipt that does not verify)."""

    seq: int
    kind: str      # rewritten | forged_receipt
    message: str   # Vietnamese

    def __str__(self) -> str:
        return self.message


def check_audit_anchors(session: Session) -> tuple[int, list[AnchorProblem]]:
    """How many countersigned heads there are, and what is wrong: each must verify with the
    pinned server key and name an entry of the local chain holding the same hash."""
    server_key = settings.get_setting(session, SERVER_KEY)
    device_id = settings.get_setting(session, "sync.device_id")
    rows = session.execute(select(SyncReceipt.seq, SyncReceipt.statement, SyncReceipt.signature)
                           .where(SyncReceipt.kind == AUDIT_HEAD).order_by(SyncReceipt.seq)).all()
    hashes = dict(session.execute(text("SELECT seq, hash FROM audit_log")).all())
    problems: list[AnchorProblem] = []
    for row in rows:
        try:
            statement = read_statement(server_key, Receipt(row.statement, row.signature), AUDIT_HEAD, device_id)
        except signing.BadSignature as exc:
            problems.append(AnchorProblem(0, "forged_receipt",
                                          f"Xác nhận nhật ký số {row.seq} của máy chủ không hợp lệ ({exc})."))
            continue
        seq, head = int(statement.get("seq", 0)), statement.get("hash")
        local = hashes.get(seq)
        if local != head:
            problems.append(AnchorProblem(seq, "rewritten", (
                f"Mục nhật ký số {seq}: khác với bản máy chủ tỉnh đã xác nhận lúc {statement.get('signed_at')} "
                "(nhật ký đã bị viết lại)." if local is not None else
                f"Mục nhật ký số {seq}: máy chủ tỉnh đã xác nhận lúc {statement.get('signed_at')} nhưng "
                "không còn trong nhật ký (đã bị xoá).")))
    return len(rows), problems


def audit_anchors(store) -> tuple[int, list[AnchorProblem]]:
    """:func:`check_audit_anchors` in a read of its own (``counter-app check``)."""
    with store.read() as session:
        return check_audit_anchors(session)
