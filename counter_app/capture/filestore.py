"""The profile's documents, stored by content: ``<profile>/documents/ab/cdef….pdf`` where
``abcdef…`` is the file's SHA-256. A file is written to a temporary name, synced and renamed,
so it is either absent or whole; it is written before the database row that names it
commits, so a committed row never names a missing file (a file whose row never committed is
only an unused copy, never a loss). The same content is stored once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from counter_app.storage import write_bytes_durably

FOLDER = "documents"


class DocumentFiles:
    """Content-addressed PDF files under a profile folder."""

    def __init__(self, profile_dir: Path | str):
        self.root = Path(profile_dir) / FOLDER

    def path(self, sha256: str) -> Path:
        """Where the file with this hash is (or would be)."""
        return self.root / sha256[:2] / f"{sha256[2:]}.pdf"

    def put(self, data: bytes) -> str:
        """Store *data* durably; its SHA-256 (hex)."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if target.exists() and self.verify(digest):
            return digest
        write_bytes_durably(target, data)
        return digest

    def read(self, sha256: str) -> bytes:
        """The stored bytes; FileNotFoundError when absent."""
        return self.path(sha256).read_bytes()

    def verify(self, sha256: str) -> bool:
        """True when the file exists and still has its hash."""
        try:
            return hashlib.sha256(self.read(sha256)).hexdigest() == sha256
        except OSError:
            return False
