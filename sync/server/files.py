"""Where the server keeps the counters' scanned documents: a storage contract (an object store
can implement it) and the filesystem implementation used by default.

Uploads are resumable (tus-like): a file is named by its SHA-256; its bytes arrive in chunks,
each at the offset the server already holds (:meth:`FileStorage.state`); a partial file lives
under ``partial/`` and becomes ``ab/cdef…`` only when its length is reached and its hash checked.
A file already complete is never written again, so a file is stored exactly once however many
times its chunks are sent.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from pathlib import Path
from typing import Protocol

SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_FILE_BYTES = 512 * 1024 * 1024


class OffsetMismatch(Exception):
    """A chunk was sent for another offset than the one the server holds."""

    def __init__(self, offset: int):
        self.offset = offset
        super().__init__(offset)


class HashMismatch(Exception):
    """The whole file did not have the hash it was sent under (the partial file is dropped)."""


class FileStorage(Protocol):
    def state(self, sha256: str) -> tuple[int, bool]:
        """(bytes held, complete) of the file."""
        ...

    def append(self, sha256: str, offset: int, data: bytes, total: int) -> tuple[int, bool]:
        """Add *data* at *offset* of a file of *total* bytes; the new (bytes held, complete)."""
        ...


class FilesystemStorage:
    """:class:`FileStorage` on a folder."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        (self.root / "partial").mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:]

    def _partial(self, sha256: str) -> Path:
        return self.root / "partial" / sha256

    def state(self, sha256: str) -> tuple[int, bool]:
        done = self.path(sha256)
        if done.exists():
            return done.stat().st_size, True
        part = self._partial(sha256)
        return (part.stat().st_size if part.exists() else 0), False

    def append(self, sha256: str, offset: int, data: bytes, total: int) -> tuple[int, bool]:
        with self._lock:  # one writer per server process; chunks of one file come in order
            held, complete = self.state(sha256)
            if complete:
                return held, True  # sent again after a lost reply: nothing to do
            if offset != held or offset + len(data) > total:
                raise OffsetMismatch(held)
            part = self._partial(sha256)
            with part.open("ab") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            held += len(data)
            if held < total:
                return held, False
            digest = hashlib.sha256()
            with part.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
            if digest.hexdigest() != sha256:
                part.unlink()
                raise HashMismatch(sha256)
            target = self.path(sha256)
            target.parent.mkdir(exist_ok=True)
            os.replace(part, target)
            return held, True
