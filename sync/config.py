"""Sync settings kept in the profile (the `setting` table), enrollment, and building the engine.

Keys:
  sync.server_url      base URL of the provincial server (https; http only to localhost)
  sync.device_token    bearer token received at enrollment
  sync.device_id       the server's id of this workstation
  sync.ca_bundle       path of a province CA bundle (PEM) to verify the server with, or unset
  sync.cursor          last change-feed sequence applied locally
  sync.paused          reason sync is paused (token refused: enroll again), or unset
  sync.failures        consecutive transient failures (drives the backoff)
  sync.retry_at        ISO time before which automatic rounds do not push
  sync.last_success_at ISO time of the last round that reached the server
  sync.last_error      the last error's message, or unset
  sync.keep_delivered_days  days a delivered outbox item is kept (default 30; sync.compaction)
  sync.last_compaction_at   ISO time of the last outbox compaction
  sync.item_failures   {event_id: n}: how often an item sent alone met a server error (500)
  sync.enroll_pending  {"code": SHA-256 of the code, "nonce": …} of an enrollment whose answer
                       never came; a retry with the same code sends the same nonce
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from counter_app import settings
from counter_app.db import Store
from sync.transport import HttpTransport, TransientError, check_server_url

SERVER_URL = "sync.server_url"
DEVICE_TOKEN = "sync.device_token"
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

    @property
    def enrolled(self) -> bool:
        return bool(self.server_url and self.token)


def load_config(store: Store) -> SyncConfig:
    with store.read() as session:
        return SyncConfig(
            settings.get_setting(session, SERVER_URL),
            settings.get_setting(session, DEVICE_TOKEN),
            settings.get_setting(session, CA_BUNDLE),
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
    with store.read() as session:
        workstation_no = settings.get_setting(session, settings.WORKSTATION_NUMBER)
    workstation_no = int(workstation_no) if workstation_no is not None else None  # the API wants a JSON integer
    nonce = _enroll_nonce(store, code)
    transport = transport or HttpTransport(url, ca_bundle=ca_bundle)
    for attempt in range(ENROLL_TRIES):
        try:
            result = transport.enroll(code, workstation_no, name=f"Quầy {workstation_no}", nonce=nonce)
            break
        except TransientError:
            if attempt + 1 == ENROLL_TRIES:
                raise
    with store.write() as session:
        settings.set_setting(session, SERVER_URL, url)
        settings.set_setting(session, DEVICE_TOKEN, result.token)
        settings.set_setting(session, DEVICE_ID, result.device_id)
        if ca_bundle is not None:
            settings.set_setting(session, CA_BUNDLE, ca_bundle)
        for key in (PAUSED, RETRY_AT, LAST_ERROR, ENROLL_PENDING):
            settings.set_setting(session, key, None)
        settings.set_setting(session, FAILURES, 0)
    return result.device_id


def make_transport(config: SyncConfig, **kwargs) -> HttpTransport | None:
    """The HTTP transport for *config*, or None when the workstation is not enrolled."""
    if not config.enrolled:
        return None
    return HttpTransport(config.server_url, config.token, ca_bundle=config.ca_bundle, **kwargs)
