"""Ed25519 signatures of the sync API: the workstation signs what it pushes, the server signs
what it acknowledges (issue 16 item 2; docs/sync-api.md, "Signatures").

What is signed is always bytes put in a domain first, ``counter-sync-v1 <what>\\n`` + payload,
so that a signature made for one purpose (a push body) is never valid for another (an audit
head, an acknowledgement). Keys travel as the base64 of their 32 raw bytes.

The workstation's private key is a PEM file in the profile (``keys/device-ed25519.pem``),
written owner-only (0600; on Windows the profile folder's ACL applies) and encrypted (PKCS#8)
under a passphrase derived from the database key in the OS key store: a copy of the profile
folder cannot sign as this workstation.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

#: Where the workstation's key lives, relative to the profile folder.
DEVICE_KEY_FILE = Path("keys") / "device-ed25519.pem"
SIGNATURE_HEADER = "X-Signature"
DEVICE_HEADER = "X-Device-Id"

PUSH = "push"            # a POST /v1/events body, signed by the workstation
KEY = "key"              # a POST /v1/device/key body, signed by the key it registers
AUDIT_HEAD = "audit-head"  # a POST /v1/audit/head body, signed by the workstation
ACK = "ack"              # a statement the server signs (acknowledgement, countersigned head)
FILE_CHUNK = "file-chunk"  # a PATCH /v1/files/{sha256} chunk, signed by the workstation


def chunk_statement(sha256: str, offset: int, length: int, chunk: bytes) -> bytes:
    """What a file chunk's signature covers: the file, where the chunk goes, the whole file's
    length and the chunk's own SHA-256 (the chunk's bytes are not signed twice)."""
    return canonical({"sha256": sha256, "offset": int(offset), "length": int(length),
                      "chunk_sha256": hashlib.sha256(chunk).hexdigest()})


class BadSignature(ValueError):
    """A signature that does not verify, a malformed one, or a malformed key."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError, AttributeError) as exc:
        raise BadSignature("không phải base64") from exc


def canonical(value: Any) -> bytes:
    """The canonical JSON of *value* (sorted keys, no spaces, UTF-8)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _message(domain: str, payload: bytes) -> bytes:
    return f"counter-sync-v1 {domain}\n".encode("ascii") + payload


def new_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_key_b64(key: Ed25519PrivateKey) -> str:
    return b64(key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def load_public_key(text: str) -> Ed25519PublicKey:
    raw = unb64(text)
    if len(raw) != 32:
        raise BadSignature("khoá công khai Ed25519 phải dài 32 byte")
    return Ed25519PublicKey.from_public_bytes(raw)


def sign(key: Ed25519PrivateKey, domain: str, payload: bytes) -> str:
    """The base64 signature of *payload* in *domain*."""
    return b64(key.sign(_message(domain, payload)))


def verify(public_key: str, domain: str, payload: bytes, signature: str | None) -> None:
    """Raise BadSignature unless *signature* is *public_key*'s over *payload* in *domain*."""
    if not signature:
        raise BadSignature("thiếu chữ ký")
    try:
        load_public_key(public_key).verify(unb64(signature), _message(domain, payload))
    except InvalidSignature as exc:
        raise BadSignature("chữ ký không đúng") from exc


def private_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def key_from_pem(data: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise BadSignature("khoá của máy trạm không phải Ed25519")
    return key


# --- the workstation's key file -------------------------------------------------------------
def device_key_path(profile_dir: Path) -> Path:
    return Path(profile_dir) / DEVICE_KEY_FILE


def _passphrase() -> bytes | None:
    """What the key file is encrypted under: derived (HKDF) from the database key in the OS key
    store, so that a copy of the profile folder cannot sign as this workstation (nor forge its
    slips' QR codes); None when this machine has no database key yet."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    from counter_app.store import crypt  # (the server imports this module too: no SQLCipher there)

    key = crypt.default_keystore().database_key(create=False)
    if key is None:
        return None
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"counter-app device key v1").derive(key)


def load_device_key(profile_dir: Path) -> Ed25519PrivateKey | None:
    """The workstation's private key, or None when the profile has none. A key file of an
    older version (plain PEM) is rewritten encrypted; BadSignature when the file does not open
    with this machine's key (a profile copied from another PC)."""
    path = device_key_path(profile_dir)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    if b"ENCRYPTED" not in data:
        key = key_from_pem(data)
        if _passphrase() is not None:
            _write_key(path, key)
        return key
    password = _passphrase()
    try:
        key = serialization.load_pem_private_key(data, password=password) if password else None
    except ValueError:
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        raise BadSignature("khoá ký của máy trạm không mở được bằng khóa của máy này (hồ sơ dữ liệu được chép "
                           "từ máy khác?): cần đăng ký lại máy trạm")
    return key


def ensure_device_key(profile_dir: Path) -> Ed25519PrivateKey:
    """The workstation's key; made (and written durably, owner-only) when there is none yet."""
    key = load_device_key(profile_dir)
    if key is not None:
        return key
    key = new_key()
    _write_key(device_key_path(profile_dir), key)
    return key


def _write_key(path: Path, key: Ed25519PrivateKey) -> None:
    """Write *key* durably and owner-only, encrypted under :func:`_passphrase` when there is one."""
    password = _passphrase()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.BestAvailableEncryption(password) if password
                            else serialization.NoEncryption())
    from counter_app.store import crypt

    crypt.secure_dir(path.parent, tighten=True)  # the profile's keys folder: owner-only
    crypt.write_private(path, pem)
