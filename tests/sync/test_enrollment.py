"""Enrollment against the real server: retry-safe when the reply is lost, one active device per
workstation number of an agency."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import select

from counter_app.services.demo import DEMO_AGENCY
from counter_app.store.settings import get_setting
from sync import config as keys
from sync.config import enroll
from sync.server.schema import device, enrollment_code
from sync.server.store import InvalidCode, ServerStore
from sync.signing import new_key
from sync.transport import AuthError, HttpTransport, PermanentError, TransientError

ENROLL = "/v1/enroll"
NONCE = "n0nce-of-this-workstation-1"


def _devices(server_store):
    with server_store.engine.connect() as conn:
        return conn.execute(select(device.c.id, device.c.workstation_no, device.c.revoked_at)).all()


def _code_row(server_store):
    with server_store.engine.connect() as conn:
        return conn.execute(select(enrollment_code)).one()


def test_a_lost_enrollment_reply_is_asked_again_and_gets_the_same_device(make_workstation, proxy, server_store):
    ws = make_workstation(1)
    code = server_store.issue_code(DEMO_AGENCY.id)
    proxy.inject(ENROLL, "drop_reply")  # the server spends the code and answers; the answer is lost
    device_id = enroll(ws.store, proxy.url, code)
    assert proxy.forwarded[ENROLL] == 2
    assert [d.id for d in _devices(server_store)] == [device_id]
    assert _code_row(server_store).device_id == device_id
    with ws.store.read() as s:
        token = keys.read_token(ws.store)
        assert get_setting(s, keys.ENROLL_PENDING) is None
    assert HttpTransport(proxy.url, token).pull(0).changes == []


def test_a_failed_enrollment_tried_again_later_with_the_same_code_gets_the_same_device(
        make_workstation, proxy, server_store):
    ws = make_workstation(2)
    code = server_store.issue_code(DEMO_AGENCY.id)
    proxy.inject(ENROLL, "drop_reply")
    proxy.inject(ENROLL, "drop_reply")
    with pytest.raises(TransientError):
        enroll(ws.store, proxy.url, code)  # both tries lost: the person sees "could not connect"
    [orphan] = _devices(server_store)       # the server did make the device on the first try
    device_id = enroll(ws.store, proxy.url, code)  # the person tries again with the same code
    assert device_id == orphan.id
    assert len(_devices(server_store)) == 1


def test_a_retry_gets_a_fresh_token_and_the_lost_one_stops_working(server, server_store):
    code = server_store.issue_code(DEMO_AGENCY.id)
    first = HttpTransport(server.url, device_key=new_key()).enroll(code, 3, nonce=NONCE)
    again = HttpTransport(server.url, device_key=new_key()).enroll(code, 3, nonce=NONCE)
    assert again.device_id == first.device_id and again.token != first.token
    assert HttpTransport(server.url, again.token).pull(0).more is False
    with pytest.raises(AuthError):
        HttpTransport(server.url, first.token).pull(0)


def test_a_spent_code_with_another_nonce_or_none_is_refused(server, server_store):
    code = server_store.issue_code(DEMO_AGENCY.id)
    HttpTransport(server.url, device_key=new_key()).enroll(code, 4, nonce=NONCE)
    for nonce in ("another-nonce-0000000", None):
        with pytest.raises(PermanentError) as refused:
            HttpTransport(server.url, device_key=new_key()).enroll(code, 4, nonce=nonce)
        assert refused.value.status == 403
    assert len(_devices(server_store)) == 1


def test_a_retry_after_the_window_or_for_a_revoked_device_is_refused(server_db):
    from sync.server.schema import open_database

    engine = open_database(server_db)
    try:
        closed = ServerStore(engine, enroll_retry_window=timedelta(0))
        code = closed.issue_code(DEMO_AGENCY.id)
        closed.enroll(code, 5, "", NONCE)
        with pytest.raises(InvalidCode):
            closed.enroll(code, 5, "", NONCE)
        open_ = ServerStore(engine)
        code = open_.issue_code(DEMO_AGENCY.id)
        dev, _ = open_.enroll(code, 6, "", NONCE)
        assert open_.enroll(code, 6, "", NONCE)[0] == dev
        open_.revoke(dev.id)
        with pytest.raises(InvalidCode):
            open_.enroll(code, 6, "", NONCE)
    finally:
        engine.dispose()


def test_a_second_active_device_with_the_same_workstation_number_is_refused(make_workstation, server, server_store):
    first, twin = make_workstation(1), make_workstation(1)  # two PCs both set up as counter 1
    first_id = enroll(first.store, server.url, server_store.issue_code(DEMO_AGENCY.id))
    code = server_store.issue_code(DEMO_AGENCY.id)
    with pytest.raises(PermanentError) as refused:
        enroll(twin.store, server.url, code)
    assert refused.value.status == 409
    message = str(refused.value)
    assert f"số quầy 1 (thiết bị {first_id}" in message
    assert f"counter-server revoke --device {first_id}" in message and "số quầy khác" in message
    assert _code_row_for(server_store, code).used_at is None  # the code was not spent
    # The person sees the server's words, from the command line as from the window.
    cli = subprocess.run([sys.executable, "-m", "ui.cli.main", "--profile", str(twin.profile_dir), "enroll",
                          "--server", server.url, "--code", code], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert cli.returncode == 1
    assert f"counter-server revoke --device {first_id}" in cli.stderr
    # Once the old device is retired, the same code enrolls the new one.
    assert server_store.revoke(first_id)
    twin_id = enroll(twin.store, server.url, code)
    assert {(d.id, d.revoked_at is None) for d in _devices(server_store)} == {(first_id, False), (twin_id, True)}


def test_another_workstation_number_or_another_agency_may_enroll(server, server_store):
    HttpTransport(server.url, device_key=new_key()).enroll(server_store.issue_code(DEMO_AGENCY.id), 7)
    HttpTransport(server.url, device_key=new_key()).enroll(server_store.issue_code(DEMO_AGENCY.id), 8)
    HttpTransport(server.url, device_key=new_key()).enroll(server_store.issue_code("000.00.15.H56"), 7)
    HttpTransport(server.url, device_key=new_key()).enroll(server_store.issue_code(DEMO_AGENCY.id), None)
    HttpTransport(server.url, device_key=new_key()).enroll(server_store.issue_code(DEMO_AGENCY.id), None)
    assert len(_devices(server_store)) == 5


def _code_row_for(server_store, code):
    from sync.server.store import sha256

    with server_store.engine.connect() as conn:
        return conn.execute(select(enrollment_code).where(enrollment_code.c.code_hash == sha256(code))).one()
