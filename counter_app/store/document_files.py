"""The profile's documents, stored by content and encrypted: ``<profile>/documents/ab/cdef….pdf.enc``
where ``abcdef…`` is the SHA-256 of the PDF. A file is written to a temporary name, synced and
renamed, so it is either absent or whole; it is written before the database row that names it
commits, so a committed row never names a missing file (a file whose row never committed is
only an unused copy, never a loss). The same content is stored once.

Scans hold the same personal data as the database (ID cards, birth certificates), so they are
encrypted at rest with it (issue 16 item 1): AES-256-GCM under a key derived (HKDF-SHA256) from
the database key in the OS key store (:mod:`counter_app.store.crypt`), a fresh 96-bit nonce per file,
and the file's SHA-256 as associated data, so a file renamed to another hash does not decrypt.
The recovery key an administrator exports opens them too. Files of an older version (plain
``….pdf``) are still read, and :meth:`DocumentFiles.encrypt_plain_files` converts them.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from counter_app.domain.errors import message
from counter_app.store.storage import write_bytes_durably

FOLDER = "documents"
MAGIC = b"COUNTER-DOC-1\n"
NONCE_BYTES = 12
#: Written once every plain file of the folder is converted (the start skips the walk after).
CONVERTED_MARK = "ENCRYPTED"


class DocumentUnreadable(OSError):
    """A stored document that does not decrypt with this machine's key (another key, or damage);
    ``message`` says which file and why (ui.messages has the words)."""

    def __init__(self, code: str, /, **params):
        self.message = message(code, **params)
        super().__init__(str(self.message))


def document_key(database_key: bytes) -> bytes:
    """The documents' AES-256 key, derived from the database key (never the same bytes)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"counter-app documents v1").derive(database_key)


class DocumentFiles:
    """Content-addressed, encrypted PDF files under a profile folder. *key* is the database key
    (default: the one in the OS key store, :func:`counter_app.store.crypt.default_keystore`)."""

    def __init__(self, profile_dir: Path | str, key: bytes | None = None):
        self.root = Path(profile_dir) / FOLDER
        self._database_key = key
        self._aead: AESGCM | None = None

    def _cipher(self) -> AESGCM:
        if self._aead is None:
            key = self._database_key
            if key is None:
                from counter_app.store import crypt

                key = crypt.default_keystore().database_key(create=True)
            self._aead = AESGCM(document_key(key))
        return self._aead

    def path(self, sha256: str) -> Path:
        """Where the (encrypted) file with this hash is, or would be."""
        return self.root / sha256[:2] / f"{sha256[2:]}.pdf.enc"

    def plain_path(self, sha256: str) -> Path:
        """Where an older version kept the file unencrypted."""
        return self.root / sha256[:2] / f"{sha256[2:]}.pdf"

    def put(self, data: bytes) -> str:
        """Store *data* durably and encrypted; its SHA-256 (hex)."""
        digest = hashlib.sha256(data).hexdigest()
        if self.path(digest).exists() and self.verify(digest):
            return digest
        self._write(digest, data)
        return digest

    def _write(self, digest: str, data: bytes) -> None:
        nonce = os.urandom(NONCE_BYTES)
        sealed = MAGIC + nonce + self._cipher().encrypt(nonce, data, digest.encode("ascii"))
        write_bytes_durably(self.path(digest), sealed, private=True)

    def read(self, sha256: str) -> bytes:
        """The document's bytes (decrypted); FileNotFoundError when absent, DocumentUnreadable
        when it does not decrypt."""
        try:
            sealed = self.path(sha256).read_bytes()
        except FileNotFoundError:
            return self.plain_path(sha256).read_bytes()  # an older version's plain file, or absent
        if not sealed.startswith(MAGIC) or len(sealed) < len(MAGIC) + NONCE_BYTES + 16:
            raise DocumentUnreadable("document_files.bad_format", file=sha256[:12])
        nonce = sealed[len(MAGIC):len(MAGIC) + NONCE_BYTES]
        try:
            return self._cipher().decrypt(nonce, sealed[len(MAGIC) + NONCE_BYTES:], sha256.encode("ascii"))
        except InvalidTag:
            raise DocumentUnreadable("document_files.wrong_key", file=sha256[:12]) from None

    def verify(self, sha256: str) -> bool:
        """True when the file exists, decrypts and still has its hash."""
        try:
            return hashlib.sha256(self.read(sha256)).hexdigest() == sha256
        except OSError:
            return False

    def remove(self, sha256: str) -> bool:
        """Delete the file (encrypted and any plain copy); whether one was there."""
        removed = False
        for path in (self.path(sha256), self.plain_path(sha256)):
            try:
                path.unlink()
                removed = True
            except FileNotFoundError:
                pass
        return removed

    def rekey_from(self, old_key: bytes) -> tuple[int, int]:
        """After a restore with a recovery key (the database now under this key): re-encrypt
        every file still sealed under *old_key* (the database key it was made with). Returns
        (re-encrypted, still unreadable); a file opening with neither key is left as it is."""
        old = DocumentFiles(self.root.parent, key=old_key)
        done = unreadable = 0
        for sealed in sorted(self.root.glob("*/*.pdf.enc")):
            digest = sealed.parent.name + sealed.name[:-len(".pdf.enc")]
            if self.verify(digest):
                continue
            try:
                data = old.read(digest)
            except OSError:
                unreadable += 1
                continue
            if hashlib.sha256(data).hexdigest() != digest:
                unreadable += 1
                continue
            self._write(digest, data)
            done += 1
        return done, unreadable

    def encrypt_plain_files(self) -> int:
        """Encrypt every plain file an older version left (each written encrypted and synced
        before its plain copy goes); how many. A file whose bytes do not match its name is
        left for `check` to report. Skipped once the folder is marked converted."""
        if not self.root.is_dir() or (self.root / CONVERTED_MARK).exists():
            return 0
        done = 0
        for plain in sorted(self.root.glob("*/*.pdf")):
            digest = plain.parent.name + plain.name[:-len(".pdf")]
            try:  # one file open in a viewer (Windows locks it) is done at a later start
                data = plain.read_bytes()
                if hashlib.sha256(data).hexdigest() != digest:
                    continue
                if not (self.path(digest).exists() and self.verify(digest)):
                    self._write(digest, data)
                plain.unlink()
            except OSError:
                continue
            done += 1
        if not any(self.root.glob("*/*.pdf")):
            (self.root / CONVERTED_MARK).touch()
        return done
