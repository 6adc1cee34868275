"""Signed in transit and anchored at the province (issue 16 items 2 and 4), against the real
server process: a token alone cannot push, acknowledgements are signed and checked, and a
consistent rewrite of the local audit chain is caught by `check` after a sync."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime

from counter_app.store import crypt
import pytest
import requests
from sqlalchemy import select, update

from counter_app.services import auth
from counter_app.store import settings
from counter_app.store.audit import GENESIS, HEAD_KEY, entry_hash, verify_chain
from counter_app.store.models import OutboxItem, SyncReceipt
from sync import config as keys
from sync import receipts, signing
from sync.engine import ANCHORED_KEY, SyncState
from sync.server.schema import device
from sync.transport import Receipt
from tests.sync.conftest import SignedSession

JSON = {"Content-Type": "application/json"}


def _payloads(ws) -> list[dict]:
    with ws.store.read() as session:
        return [row.payload for row in session.scalars(select(OutboxItem).order_by(OutboxItem.seq))]


def _setting(ws, key):
    with ws.store.read() as session:
        return settings.get_setting(session, key)


def _receipts(ws, kind: str) -> list[Receipt]:
    with ws.store.read() as session:
        return [Receipt(r.statement, r.signature) for r in session.execute(
            select(SyncReceipt.statement, SyncReceipt.signature).where(SyncReceipt.kind == kind)
            .order_by(SyncReceipt.seq))]


def test_enrollment_makes_an_owner_only_key_and_every_push_is_signed_and_acknowledged_signed(
        server, server_store, make_workstation):
    ws = make_workstation(1)
    ws.receive_many(3)
    device_id = ws.enroll(server.url, server_store)
    key_file = signing.device_key_path(ws.profile_dir)
    if os.name == "posix":
        assert key_file.stat().st_mode & 0o777 == 0o600
        assert key_file.parent.stat().st_mode & 0o777 == 0o700
    with server_store.engine.connect() as conn:
        registered = conn.execute(select(device.c.public_key, device.c.unsigned_legacy)
                                  .where(device.c.id == device_id)).one()
    assert registered == (signing.public_key_b64(signing.load_device_key(ws.profile_dir)), False)
    assert _setting(ws, receipts.SERVER_KEY) == server_store.signing_key()[1]

    sent = {p["event_id"] for p in _payloads(ws)}
    result = ws.engine().run_once()
    assert (result.state, result.acknowledged) == (SyncState.ONLINE, 3)
    [ack] = _receipts(ws, receipts.PUSH_ACK)
    statement = receipts.read_statement(_setting(ws, receipts.SERVER_KEY), ack,
                                        receipts.PUSH_ACK, device_id)
    assert sorted(r["ack"] for r in statement["results"]) == [1, 2, 3]
    assert {r["event_id"] for r in statement["results"]} == sent and len(sent) == 3


def test_a_push_signed_by_another_key_is_refused(server, server_store, make_workstation):
    ws = make_workstation(1)
    ws.receive_many(1)
    device_id = ws.enroll(server.url, server_store)
    token = keys.read_token(ws.store)
    body = {"events": _payloads(ws)}

    forged = SignedSession(token, device_id, signing.new_key()).post(server.url + "/v1/events", json=body, timeout=30)
    assert forged.status_code == 401
    assert "không được ký bằng khoá đã đăng ký" in forged.json()["detail"]
    unsigned = requests.post(server.url + "/v1/events", json=body, timeout=30,
                             headers={"Authorization": f"Bearer {token}"})
    assert unsigned.status_code == 401 and "không có chữ ký của thiết bị" in unsigned.json()["detail"]
    assert server_store.stats()["events"] == 0

    # The profile's key replaced by another one: the round pauses and says why; nothing is taken.
    signing.device_key_path(ws.profile_dir).unlink()
    signing.ensure_device_key(ws.profile_dir)
    result = ws.engine().run_once()
    assert result.state is SyncState.PAUSED and "Chữ ký của yêu cầu không hợp lệ" in result.error
    assert (result.pending, server_store.stats()["events"]) == (1, 0)


@pytest.mark.parametrize("copied", ["with_server_key", "token_only"])
def test_a_token_copied_to_another_profile_without_the_key_is_refused(server, server_store, make_workstation,
                                                                       copied):
    owner, thief = make_workstation(1), make_workstation(2)
    owner.enroll(server.url, server_store)
    thief.receive_many(2)
    wanted = [keys.SERVER_URL, keys.DEVICE_ID]
    if copied == "with_server_key":
        wanted.append(receipts.SERVER_KEY)
    with owner.store.read() as session:
        stolen = {k: settings.get_setting(session, k) for k in wanted}
    with thief.store.write() as session:
        for k, v in stolen.items():
            settings.set_setting(session, k, v)
        # The token is in the key store now; the worst case: the thief read that too.
        keys.keep_token(thief.store, keys.read_token(owner.store), session)

    result = thief.engine().run_once()
    assert result.state is SyncState.PAUSED
    # Without the server key pinned, the thief's profile tries to register a key of its own.
    expected = "không có chữ ký của thiết bị" if copied == "with_server_key" else "đã có một khoá ký khác"
    assert expected in result.error
    assert (result.acknowledged, server_store.stats()["events"]) == (0, 0)
    # The owner still pushes with its key.
    owner.receive_many(1, day=datetime(2026, 3, 11, 8, 0))
    assert owner.engine().run_once().acknowledged == 1


def test_an_altered_signed_ack_fails_verification(server, server_store, make_workstation, proxy):
    ws = make_workstation(1)
    ws.receive_many(1)
    device_id = ws.enroll(proxy.url, server_store)
    engine = ws.engine()

    # A man in the middle changes the acknowledged number inside the signed statement …
    proxy.inject("/v1/events", "rewrite_reply", b'\\"ack\\":1,', b'\\"ack\\":7,')
    result = engine.run_once(force=True)
    assert proxy.rewritten == 1
    assert result.state is SyncState.OFFLINE and "không có chữ ký hợp lệ" in result.error
    assert (result.acknowledged, result.pending, _receipts(ws, receipts.PUSH_ACK)) == (0, 1, [])
    # … or only the plain results beside it: they no longer say what was signed.
    proxy.inject("/v1/events", "rewrite_reply", b'"ack":1,', b'"ack":7,')
    result = engine.run_once(force=True)
    assert proxy.rewritten == 2
    assert result.state is SyncState.OFFLINE and "kết quả khác với nội dung đã ký" in result.error
    assert result.acknowledged == 0

    result = engine.run_once(force=True)  # untouched: delivered, its signed ack kept
    assert (result.state, result.acknowledged, result.pending) == (SyncState.ONLINE, 1, 0)
    [ack] = _receipts(ws, receipts.PUSH_ACK)
    server_key = _setting(ws, receipts.SERVER_KEY)
    receipts.read_statement(server_key, ack, receipts.PUSH_ACK, device_id)
    altered = ack.statement.replace('"ack":1', '"ack":2')
    assert altered != ack.statement
    with pytest.raises(signing.BadSignature):
        receipts.read_statement(server_key, Receipt(altered, ack.signature), receipts.PUSH_ACK, device_id)
    with pytest.raises(signing.BadSignature):  # signed by someone else than the pinned server
        other = signing.new_key()
        receipts.read_statement(server_key, Receipt(ack.statement, signing.sign(
            other, signing.ACK, ack.statement.encode())), receipts.PUSH_ACK, device_id)
    with pytest.raises(signing.BadSignature):  # another device's acknowledgement
        receipts.read_statement(server_key, ack, receipts.PUSH_ACK, "another")
    with ws.store.write() as session, pytest.raises(Exception, match="append-only"):
        session.execute(update(SyncReceipt).values(statement=altered))


def _check(ws) -> tuple[int, dict, str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    run = subprocess.run([sys.executable, "-m", "ui.cli.main", "--profile", str(ws.profile_dir), "check"],
                         capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)
    return run.returncode, json.loads(run.stdout), run.stderr


def _rewrite_whole_chain(path) -> None:
    """What someone with the file and the code can do: drop the triggers, change the first
    entry, recompute every hash after it and the head, so that the chain is consistent again."""
    conn = crypt.connect(path)
    try:
        conn.execute("DROP TRIGGER audit_log_no_update")
        rows = conn.execute("SELECT seq, at, officer_id, action, target, detail FROM audit_log ORDER BY seq").fetchall()
        prev, head = GENESIS, None
        for index, (seq, at, officer_id, action, target, detail) in enumerate(rows):
            data = json.loads(detail)
            if index == 0:
                data = {**data, "rewritten": True}
            digest = entry_hash(datetime.fromisoformat(at), officer_id, action, target, data, prev)
            conn.execute("UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                         (json.dumps(data, ensure_ascii=False), prev, digest, seq))
            prev, head = digest, {"seq": seq, "hash": digest}
        conn.execute("UPDATE setting SET value = ? WHERE key = ?", (json.dumps(head), HEAD_KEY))
        conn.commit()
    finally:
        conn.close()


def test_a_consistent_rewrite_of_the_audit_chain_is_caught_by_check_after_a_sync(
        server, server_store, make_workstation):
    ws = make_workstation(1)
    ws.receive_many(1)
    for _ in range(3):  # audited sign-in failures: entries in the chain
        with pytest.raises(auth.LoginFailed):
            auth.login(ws.store, "khongco", "sai")
    device_id = ws.enroll(server.url, server_store)
    assert ws.engine().run_once().state is SyncState.ONLINE
    head = _setting(ws, HEAD_KEY)
    assert head["seq"] >= 3
    assert _setting(ws, ANCHORED_KEY) == head
    assert server_store.audit_anchors(device_id)[-1] | {"signed_at": None} == {**head, "signed_at": None}
    code, report, _ = _check(ws)
    assert (code, report["audit"], report["audit_anchors"]) == (0, "ok", 1)
    assert ws.engine().run_once().state is SyncState.ONLINE
    assert len(_receipts(ws, receipts.AUDIT_HEAD)) == 1  # the head did not move: nothing asked again

    _rewrite_whole_chain(ws.store.path)
    with ws.store.read() as session:
        assert verify_chain(session) == []  # the chain alone cannot tell
    code, report, stderr = _check(ws)
    assert (code, report["audit"]) == (1, "tampered")
    [problem] = report["audit_problems"]
    assert (problem["seq"], problem["kind"]) == (head["seq"], "rewritten")
    assert "khác với bản máy chủ tỉnh đã xác nhận" in stderr


def test_a_device_enrolled_before_signatures_pushes_unsigned_until_its_next_sync_registers_a_key(
        server, server_store, make_workstation):
    ws = make_workstation(1)
    ws.receive_many(2)
    device_id = ws.enroll(server.url, server_store)
    # As migration 0003 leaves a device enrolled before the feature, and its profile before it.
    with server_store.engine.begin() as conn:
        conn.execute(update(device).where(device.c.id == device_id).values(public_key=None, unsigned_legacy=True))
    signing.device_key_path(ws.profile_dir).unlink()
    with ws.store.write() as session:
        settings.set_setting(session, receipts.SERVER_KEY, None)
    token = keys.read_token(ws.store)
    first = _payloads(ws)[:1]
    unsigned = requests.post(server.url + "/v1/events", json={"events": first}, timeout=30,
                             headers={"Authorization": f"Bearer {token}"})
    assert unsigned.status_code == 200 and unsigned.json()["results"][0]["status"] == "accepted"

    result = ws.engine().run_once()
    assert (result.state, result.acknowledged) == (SyncState.ONLINE, 2)
    key = signing.load_device_key(ws.profile_dir)
    with server_store.engine.connect() as conn:
        row = conn.execute(select(device.c.public_key, device.c.unsigned_legacy).where(device.c.id == device_id)).one()
    assert row == (signing.public_key_b64(key), False)
    assert _setting(ws, receipts.SERVER_KEY) == server_store.signing_key()[1]
    again = requests.post(server.url + "/v1/events", json={"events": first}, timeout=30,
                          headers={"Authorization": f"Bearer {token}"})
    assert again.status_code == 401  # no longer legacy: a token alone cannot push


def test_a_file_chunk_needs_the_devices_signature_over_its_place(server, server_store, make_workstation):
    """A token alone cannot store a file at the province; a chunk signed by another key, or
    a signed chunk replayed at another offset or for another file, is refused; the device's
    own signed chunks are stored."""
    import hashlib

    ws = make_workstation(1)
    device_id = ws.enroll(server.url, server_store)
    token = keys.read_token(ws.store)
    data = os.urandom(3000)
    sha = hashlib.sha256(data).hexdigest()
    url = f"{server.url}/v1/files/{sha}"

    def patch(session, offset, chunk, **extra):
        headers = {"Upload-Offset": str(offset), "Upload-Length": str(len(data)),
                   "Content-Type": "application/octet-stream", **extra}
        return session.patch(url, data=chunk, headers=headers, timeout=30)

    plain = requests.Session()
    plain.headers["Authorization"] = f"Bearer {token}"
    unsigned = patch(plain, 0, data[:1000])
    assert unsigned.status_code == 401 and "không có chữ ký của thiết bị" in unsigned.json()["detail"]
    forged = patch(SignedSession(token, device_id, signing.new_key()), 0, data[:1000])
    assert forged.status_code == 401 and "không được ký bằng khoá đã đăng ký" in forged.json()["detail"]
    key = signing.load_device_key(ws.profile_dir)
    own = SignedSession(token, device_id, key)
    assert patch(own, 0, data[:1000]).json()["offset"] == 1000
    # The second chunk's signature, replayed with the third chunk's bytes at its place: refused.
    second = signing.sign(key, signing.FILE_CHUNK, signing.chunk_statement(sha, 1000, len(data), data[1000:2000]))
    replay = patch(plain, 2000, data[2000:], **{signing.DEVICE_HEADER: device_id, signing.SIGNATURE_HEADER: second})
    assert replay.status_code == 401
    assert requests.get(f"{url}/offset", headers={"Authorization": f"Bearer {token}"}, timeout=30).json()["offset"] == 1000
    assert patch(own, 1000, data[1000:2000]).json()["offset"] == 2000
    done = patch(own, 2000, data[2000:]).json()
    assert done["complete"] and done["verified"] == sha
    assert (server.files_dir / sha[:2] / sha[2:]).read_bytes() == data


def test_the_device_key_file_is_encrypted_and_useless_in_a_copied_profile(server, server_store, make_workstation):
    """The key that signs pushes and slip QRs is encrypted under the database key: a copy of the
    profile folder on another PC (another key store) neither loads it nor syncs with it; a plain
    key file of an older version is rewritten encrypted."""
    from tests.core.test_crypt import MemoryKeyring

    ws = make_workstation(1)
    ws.receive_many(1)
    ws.enroll(server.url, server_store)
    key_file = signing.device_key_path(ws.profile_dir)
    assert b"ENCRYPTED PRIVATE KEY" in key_file.read_bytes()
    key = signing.load_device_key(ws.profile_dir)

    key_file.write_bytes(signing.private_pem(key))  # as a version before this one left it
    assert signing.public_key_b64(signing.load_device_key(ws.profile_dir)) == signing.public_key_b64(key)
    assert b"ENCRYPTED PRIVATE KEY" in key_file.read_bytes()

    crypt.set_default_keystore(crypt.keystore_for(MemoryKeyring()))  # another PC's key store
    try:
        with pytest.raises(signing.BadSignature, match="không mở được bằng khóa của máy này"):
            signing.load_device_key(ws.profile_dir)
    finally:
        crypt.set_default_keystore(None)
    assert ws.engine().run_once(force=True).state is SyncState.ONLINE  # back home: it signs again
