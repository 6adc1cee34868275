"""The workstation's slip signer: its Ed25519 key (the profile's key file, sync.signing) with
the certificate the province gave it (issue 16 item 3; the encoding is counter_app.domain.slip_qr).

The certificate comes with the enrollment's answer and is kept in the ``setting`` table
(``sync.slip_certificate``, base64); a sync round asks for a new one when there is none (a
workstation enrolled before slips were signed), when it is for another key, or when it ends
within :data:`RENEW_BEFORE`. Without a certificate, or with one that does not cover the moment
of printing, slips carry the plain code (:func:`load_signer` answers None).

Each round also fetches the province's signed list of revoked workstations and keeps the
newest (``sync.slip_revocations``), which `counter-app verify` uses offline.
"""

from __future__ import annotations

import base64
import binascii
import logging
from datetime import UTC, datetime, timedelta

from counter_app.store import settings
from counter_app.store.db import Store
from counter_app.domain.slip_qr import RevocationList, SlipSigner, raw_public, read_certificate, read_revocation_list
from sync import signing

SLIP_CERTIFICATE = "sync.slip_certificate"
RENEW_BEFORE = timedelta(days=60)
log = logging.getLogger(__name__)


def _decode(text: str | None) -> bytes | None:
    if not text:
        return None
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def load_signer(store: Store) -> SlipSigner | None:
    """The slip signer of *store*'s workstation, or None (not enrolled, no certificate yet, a
    certificate of another key, or an unreadable key file: the slip then carries the plain code)."""
    with store.read() as session:
        raw = _decode(settings.get_setting(session, SLIP_CERTIFICATE))
    if raw is None:
        return None
    try:
        key = signing.load_device_key(store.path.parent)
        return SlipSigner(key, raw) if key is not None else None
    except (ValueError, signing.BadSignature) as exc:
        log.warning("slip certificate not usable: %s", exc)
        return None


def needs_certificate(store: Store, now: datetime | None = None) -> bool:
    """Whether a round should ask the server for a (new) certificate."""
    with store.read() as session:
        raw = _decode(settings.get_setting(session, SLIP_CERTIFICATE))
    key = signing.load_device_key(store.path.parent)
    if key is None:
        return False  # nothing to certify yet (registered at the next round)
    if raw is None:
        return True
    try:
        info = read_certificate(raw)
    except ValueError:
        return True
    now = now or datetime.now(UTC)
    return info.public_key != raw_public(key) or info.not_after - now < RENEW_BEFORE


def keep_certificate(store: Store, certificate: str | None, server_key: str | None) -> bool:
    """Keep the certificate (base64) the server handed out, once it is checked to be the pinned
    server's signature over this workstation's key; whether it was kept."""
    raw = _decode(certificate)
    key = signing.load_device_key(store.path.parent)
    if raw is None or key is None or not server_key:
        return False
    try:
        info = read_certificate(raw, signing.unb64(server_key))
    except (ValueError, signing.BadSignature) as exc:
        log.warning("the server's slip certificate is not usable, not kept: %s", exc)
        return False
    if info.public_key != raw_public(key):
        log.warning("the server's slip certificate is for another key; not kept")
        return False
    with store.write() as session:
        settings.set_setting(session, SLIP_CERTIFICATE, certificate)
    return True


#: The newest signed list of revoked workstations the province handed out (base64), for
#: `counter-app verify` offline (counter_app.domain.slip_qr.read_revocation_list).
REVOCATIONS = "sync.slip_revocations"


def load_revocations(store: Store, server_key: str | None) -> RevocationList | None:
    """The list kept, checked with *server_key* (the pinned province key); None without one."""
    with store.read() as session:
        raw = _decode(settings.get_setting(session, REVOCATIONS))
    if raw is None or not server_key:
        return None
    try:
        return read_revocation_list(raw, signing.unb64(server_key))
    except (ValueError, signing.BadSignature):
        return None


def keep_revocations(store: Store, signed: str | None, server_key: str | None) -> bool:
    """Keep the list (base64) the server handed out when the pinned province key signed it and
    it is newer than the one kept; whether it was kept."""
    raw = _decode(signed)
    if raw is None or not server_key:
        return False
    try:
        fresh = read_revocation_list(raw, signing.unb64(server_key))
    except (ValueError, signing.BadSignature) as exc:
        log.warning("the server's revocation list is not usable, not kept: %s", exc)
        return False
    kept = load_revocations(store, server_key)
    if kept is not None and kept.issued_at >= fresh.issued_at:
        return False
    with store.write() as session:
        settings.set_setting(session, REVOCATIONS, signed)
    return True
