"""Scanned documents reach the province after their events: each file once, in chunks, resuming
where a broken upload stopped.

A file (named by its SHA-256, counter_app.store.document_files) is asked for first: the server
says how many bytes it holds; the rest is sent in chunks from there. A lost reply or a broken
link costs at most one chunk again; a chunk at the wrong offset (409) makes the client ask
again. The attachment is marked uploaded only when the server answers with the same hash it
verified over the whole file, so a file counts as delivered only when the province holds it
byte for byte.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select, update

from counter_app.store.document_files import DocumentFiles
from counter_app.domain.clock import now_vn
from counter_app.store.db import Store
from counter_app.store.models import DossierAttachment
from sync.transport import PermanentError

CHUNK_BYTES = 256 * 1024
MAX_CONFLICTS = 5  # 409s for one file in one pass before it waits for the next round


@dataclass(frozen=True)
class UploadResult:
    uploaded: int = 0     # files the server now holds whole and verified
    bytes_sent: int = 0
    pending: int = 0      # files still to send after this pass


@dataclass(frozen=True)
class FileProgress:
    """Where a pass over the pending scans stands (for the status bar): files finished of the
    pass's files, and bytes the province holds of the pass's bytes (resumed parts included)."""

    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int


def pending_files(store: Store) -> list[str]:
    """The hashes of the scans the province does not hold yet, oldest first."""
    with store.read() as session:
        rows = session.execute(select(DossierAttachment.sha256).where(DossierAttachment.uploaded_at.is_(None))
                               .order_by(DossierAttachment.created_at, DossierAttachment.id)).scalars().all()
    return list(dict.fromkeys(rows))


def _sizes(store: Store, hashes: list[str]) -> dict[str, int]:
    with store.read() as session:
        rows = session.execute(select(DossierAttachment.sha256, func.max(DossierAttachment.size_bytes))
                               .where(DossierAttachment.uploaded_at.is_(None))
                               .group_by(DossierAttachment.sha256)).all()
    known = {sha: int(size or 0) for sha, size in rows}
    return {sha: known.get(sha, 0) for sha in hashes}


def pending_count(store: Store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count(func.distinct(DossierAttachment.sha256)))
                              .where(DossierAttachment.uploaded_at.is_(None))) or 0


def upload_files(store: Store, transport, files: DocumentFiles, *, chunk_bytes: int = CHUNK_BYTES,
                 on_progress: Callable[[str, int, int], None] | None = None,
                 on_files: Callable[[FileProgress], None] | None = None) -> UploadResult:
    """Send every pending file (TransientError and AuthError go to the caller, who retries later).

    *on_progress(sha, offset, total)* follows one file's chunks; *on_files(FileProgress)* the
    whole pass: once before the first chunk and after every chunk and every file."""
    uploaded = sent = 0
    hashes = pending_files(store)
    sizes = _sizes(store, hashes)
    bytes_total = sum(sizes.values())
    finished_bytes = 0  # the bytes of files already dealt with in this pass

    done_count = 0  # files dealt with in this pass

    def report(current: int) -> None:
        if on_files is not None:
            on_files(FileProgress(done_count, len(hashes), min(finished_bytes + current, bytes_total), bytes_total))

    def chunk_done(sha: str, offset: int, total: int) -> None:
        if on_progress is not None:
            on_progress(sha, offset, total)
        report(offset)

    report(0)
    for sha in hashes:
        try:
            done, count = _upload_one(store, transport, files, sha, chunk_bytes, chunk_done)
        except (PermanentError, OSError):
            # a file missing or damaged here, or refused there: it stays pending (the card and
            # `counter-app check` show it) and never holds up the others
            done = count = 0
        sent += count
        uploaded += done
        done_count += 1
        finished_bytes += sizes[sha]
        report(0)
    return UploadResult(uploaded, sent, pending_count(store))


def _upload_one(store: Store, transport, files: DocumentFiles, sha: str, chunk_bytes: int,
                on_progress: Callable[[str, int, int], None] | None) -> tuple[int, int]:
    data = files.read(sha)
    if hashlib.sha256(data).hexdigest() != sha:
        raise OSError(f"the stored file {sha} is damaged")
    total, sent = len(data), 0
    offset, complete = transport.file_state(sha)
    verified = sha if complete else None
    conflicts = 0
    while not complete:
        piece = data[offset:offset + chunk_bytes]
        try:
            offset, complete, verified = transport.upload_chunk(sha, offset, total, piece)
        except PermanentError as exc:
            conflicts += 1
            if exc.status != 409 or conflicts > MAX_CONFLICTS:
                raise
            offset, complete = transport.file_state(sha)  # the server holds another offset
            verified = sha if complete else None
            continue
        sent += len(piece)
        if on_progress is not None:
            on_progress(sha, offset, total)
    if verified != sha:
        raise PermanentError(f"Máy chủ xác nhận tệp {sha[:12]}… với mã băm khác.", 422)
    with store.write() as session:
        session.execute(update(DossierAttachment).where(DossierAttachment.sha256 == sha,
                                                        DossierAttachment.uploaded_at.is_(None))
                        .values(uploaded_at=now_vn().replace(microsecond=0)))
    return 1, sent
