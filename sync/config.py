"""Sync settings kept in the profile (the `setting` table), enrollment, and building the engine.

Keys:
  sync.server_url      base URL of the provincial server (https; http only to localhost)
  sync.device_token    (no longer here) the bearer token received at enrollment is kept in the
                       key store (counter_app.store.crypt), under the profile's ``profile.uid``: a
                       profile copied away from its key store cannot sync; an older profile's
                       token is moved there when first read
  sync.device_id       the server's id of this workstation
  sync.ca_bundle       path of a province CA bundle (PEM) to verify the server with, or unset
  sync.cursor          last change-feed sequence applied locally
  sync.paused          reason sync is paused (token refused: enroll again), or unset
  sync.failures        consecutive transient failures (drives the backoff)
  sync.retry_at        ISO time before which automatic rounds do not push
  sync.last_success_at ISO time of the last round that reached the server
  sync.last_error      the last error's message, or unset
  sync.item_failures   {event_id: n}: how often an item sent alone met a server error (500)
  sync.server_key      base64 of the server's Ed25519 public key, pinned at enrollment (or at
                       the key registration of a workstation enrolled before signatures)
  sync.slip_certificate base64 of the workstation's certificate the province signed (slip QR,
                       sync.slip_signer); renewed by a sync round before it ends
  sync.enroll_pending  {"code": SHA-256 of the code, "nonce": …} of an enrollment whose answer
                       never came; a retry with the same code sends the same nonce
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from counter_app.store import settings
from counter_app.store.db import Store
from sync import signing, slip_signer
from sync.receipts import SERVER_KEY
from sync.transport import HttpTransport, MalformedCode, TransientError, check_server_url

SERVER_URL = "sync.server_url"
DEVICE_TOKEN = "sync.device_token"  # only in profiles older than the key store
PROFILE_UID = "profile.uid"
DEVICE_ID = "sync.device_id"
CA_BUNDLE = "sync.ca_bundle"
CURSOR = "sync.cursor"
PAUSED = "sync.paused"
FAILURES = "sync.failures"
RETRY_AT = "sync.retry_at"
LAST_SUCCESS_AT = "sync.last_success_at"
LAST_ERROR = "sync.last_error"
ITEM_FAILURES = "sync.item_failures"
ENROLL_PENDING = "sync.enroll_pending"
ENROLL_TRIES = 2  # a reply lost on the way back is asked for again at once, with the same nonce


@dataclass(frozen=True)
class SyncConfig:
    """Where and as whom this workstation syncs."""

    server_url: str | None
    token: str | None
    ca_bundle: str | None
    device_id: str | None = None
    server_key: str | None = None       # pinned; None: enrolled before signatures, register a key
    profile_dir: Path | None = None     # where the device key file is

    @property
    def enrolled(self) -> bool:
        return bool(self.server_url and self.token)


def _token_name(uid: str) -> str:
    return f"device-token:{uid}"


def read_token(store: Store) -> str | None:
    """The device token from the key store (None: not enrolled, or a profile away from the key
    store it was enrolled with). A token an older version kept in the database is moved."""
    with store.read() as session:
        uid = settings.get_setting(session, PROFILE_UID)
        legacy = settings.get_setting(session, DEVICE_TOKEN)
    if legacy:
        keep_token(store, legacy)
        return legacy
    return store.keys.get(_token_name(uid)) if uid else None


def keep_token(store: Store, token: str | None, session=None) -> None:
    """Keep *token* in the key store (None: forget it), in *session*'s transaction or a new one."""
    if session is None:
        with store.write() as session:
            keep_token(store, token, session)
        return
    uid = settings.get_setting(session, PROFILE_UID)
    if uid is None:
        uid = str(uuid.uuid4())
        settings.set_setting(session, PROFILE_UID, uid)
    settings.set_setting(session, DEVICE_TOKEN, None)
    store.keys.put(_token_name(uid), token)


def load_config(store: Store) -> SyncConfig:
    token = read_token(store)
    with store.read() as session:
        return SyncConfig(
            settings.get_setting(session, SERVER_URL),
            token,
            settings.get_setting(session, CA_BUNDLE),
            settings.get_setting(session, DEVICE_ID),
            settings.get_setting(session, SERVER_KEY),
            store.path.parent,
        )


def _enroll_nonce(store: Store, code: str) -> str:
    """The nonce for enrolling with *code*: the one a failed try with this code used, else a new one.

    It is written before the request leaves, so that a reply lost after the server spent the
    code (the window closed, the machine restarted) can be asked for again with the same nonce.
    """
    digest = hashlib.sha256(code.strip().upper().encode("utf-8")).hexdigest()
    with store.write() as session:
        pending = settings.get_setting(session, ENROLL_PENDING)
        if isinstance(pending, dict) and pending.get("code") == digest and pending.get("nonce"):
            return str(pending["nonce"])
        nonce = secrets.token_urlsafe(24)
        settings.set_setting(session, ENROLL_PENDING, {"code": digest, "nonce": nonce})
    return nonce


def enroll(store: Store, server_url: str, code: str, *, ca_bundle: str | None = None,
           transport: HttpTransport | None = None) -> str:
    """Trade a one-time code for a token and keep it in the profile; returns the device id.

    Retry-safe: the request carries a nonce kept in the profile until an answer comes; a reply
    lost after the server spent the code is asked for again (at once, and on any later try
    with the same code) and the server hands the same device a fresh token. Enrolling again
    (after a revoked token) clears the pause; the outbox is left as it is, so what was waiting
    is sent with the new token.
    """
    url = check_server_url(server_url)
    if not re.fullmatch(r"[A-Za-z0-9-]{4,64}", (code or "").strip()):
        raise MalformedCode("Mã đăng ký không đúng: mã gồm 4–64 chữ cái không dấu, chữ số hoặc dấu gạch "
                             "ngang, như tỉnh đã cấp.")
    with store.read() as session:
        workstation_no = settings.get_setting(session, settings.WORKSTATION_NUMBER)
    workstation_no = int(workstation_no) if workstation_no is not None else None  # the API wants a JSON integer
    nonce = _enroll_nonce(store, code)
    # The key pair is made (and kept) before the request leaves: a retry sends the same key.
    public_key = signing.public_key_b64(signing.ensure_device_key(store.path.parent))
    transport = transport or HttpTransport(url, ca_bundle=ca_bundle)
    for attempt in range(ENROLL_TRIES):
        try:
            result = transport.enroll(code, workstation_no, name=f"Quầy {workstation_no}", nonce=nonce,
                                      public_key=public_key)
            break
        except TransientError:
            if attempt + 1 == ENROLL_TRIES:
                raise
    with store.write() as session:
        settings.set_setting(session, SERVER_URL, url)
        keep_token(store, result.token, session)
        settings.set_setting(session, DEVICE_ID, result.device_id)
        settings.set_setting(session, SERVER_KEY, result.server_key)
        if ca_bundle is not None:
            settings.set_setting(session, CA_BUNDLE, ca_bundle)
        for key in (PAUSED, RETRY_AT, LAST_ERROR, ENROLL_PENDING):
            settings.set_setting(session, key, None)
        settings.set_setting(session, FAILURES, 0)
    slip_signer.keep_certificate(store, result.certificate, result.server_key)
    return result.device_id


def make_transport(config: SyncConfig, **kwargs) -> HttpTransport | None:
    """The HTTP transport for *config*, signing with the profile's device key; None when the
    workstation is not enrolled."""
    if not config.enrolled:
        return None
    key = signing.load_device_key(config.profile_dir) if config.profile_dir is not None else None
    kwargs.setdefault("ca_bundle", config.ca_bundle)
    return HttpTransport(config.server_url, config.token, device_id=config.device_id, device_key=key, **kwargs)
