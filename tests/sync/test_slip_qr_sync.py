"""Slips anyone can verify offline (issue 16 item 3), end to end against the real server
process: an enrolled workstation keeps the province's certificate, prints a receipt whose QR
(decoded from the PDF rasterised at 150 dpi) verifies with `counter-app verify` and on the
server's page; a forged or altered QR does not."""

from __future__ import annotations

import base64
import io
import json
import re
import sys
from datetime import UTC, datetime, timedelta

import base45
import cbor2
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, update

from counter_app.store import settings
from counter_app.domain import slip_qr
from counter_app.domain.clock import now_vn
from counter_app.services.demo import DEMO_AGENCY
from counter_app.store.models import Dossier
from sync import receipts, slip_signer
from sync.server.cli import main as server_main
from sync.server.schema import device
from tests import pdfcheck
from ui.cli.main import main
from ui.cli.slip_commands import print_slip_to_file

pytestmark = pytest.mark.slow


def _setting(ws, key):
    with ws.store.read() as session:
        return settings.get_setting(session, key)


def _print_receipt(ws, tmp_path) -> tuple[str, str]:
    """Print the first dossier's receipt to a PDF as the CLI does; (its code, the QR's text)."""
    with ws.store.read() as session:
        dossier_id, code = session.execute(select(Dossier.id, Dossier.code).order_by(Dossier.received_at)).first()
    _, path = print_slip_to_file(ws.store, dossier_id, "receipt", "canbo1", tmp_path / "receipt.pdf", paper="a5")
    found = pdfcheck.decode_page(path.read_bytes(), dpi=150)
    assert pdfcheck.texts_of(found, "Code128") == [code]
    qr = pdfcheck.texts_of(found, "QRCode")
    assert len(qr) == 1
    return code, qr[0]


def _verify(capsys, monkeypatch, *args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def _page(server, qr: str) -> tuple[str, str]:
    resp = requests.get(server.url + "/verify", params={"qr": qr}, timeout=10)
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
    verdict = re.search(r"data-verdict='([a-z_]+)'", resp.text)
    return (verdict.group(1) if verdict else ""), resp.text


def _altered(text: str) -> str:
    """One byte of the signed payload changed (the dossier's sequence number), re-encoded."""
    message = cbor2.loads(base45.b45decode(text[4:]))
    prot, unprot, payload, signature = message.value
    digit = payload.index(b"-", payload.index(b"-") + 1) + 4  # the code's last digit
    changed = payload[:digit] + bytes([payload[digit] ^ 1]) + payload[digit + 1:]
    return "HS1:" + base45.b45encode(cbor2.dumps(cbor2.CBORTag(18, [prot, unprot, changed, signature]))).decode()


def test_an_enrolled_workstation_prints_a_slip_whose_qr_verifies_offline_and_on_the_page(
        server, server_db, server_store, make_workstation, tmp_path, capsys, monkeypatch):
    ws = make_workstation(1)
    ws.receive_many(1)
    code_before, plain = _print_receipt(ws, tmp_path)  # not enrolled yet: the plain code
    assert plain == code_before
    device_id = ws.enroll(server.url, server_store)
    cert = slip_qr.read_certificate(base64.b64decode(_setting(ws, slip_signer.SLIP_CERTIFICATE)))
    assert (cert.device_id, cert.agency_id, cert.workstation_no) == (device_id, DEMO_AGENCY.id, 1)

    code, qr = _print_receipt(ws, tmp_path)
    assert qr.startswith("HS1:")
    province = _setting(ws, receipts.SERVER_KEY)
    result = slip_qr.verify(qr, base64.b64decode(province))
    assert result.valid and result.statement.code == code and result.certificate.device_id == device_id

    # counter-app verify, with the key the profile got at enrollment, and with a key file
    profile = ["--profile", str(ws.profile_dir)]
    status, _, err = _verify(capsys, monkeypatch, *profile, "verify", qr)
    assert status == 0 and err.startswith("HỢP LỆ") and f"Mã hồ sơ: {code}" in err
    key_file = tmp_path / "tinh.key"  # what the province hands verifiers: counter-server province-key
    assert server_main(["province-key", "--db", server_db]) == 0
    key_file.write_text(capsys.readouterr().out, encoding="utf-8")
    assert key_file.read_text(encoding="utf-8") == province + "\n"
    pem_file = tmp_path / "tinh.pem"
    assert server_main(["province-key", "--pem", "--db", server_db]) == 0
    pem_file.write_text(capsys.readouterr().out, encoding="utf-8")
    assert _verify(capsys, monkeypatch, "--profile", str(tmp_path / "khong-co"), "verify", "--key", str(pem_file),
                   qr)[0] == 0
    elsewhere = ["--profile", str(tmp_path / "khong-co")]  # a verifier with no profile at all
    assert _verify(capsys, monkeypatch, *elsewhere, "verify", "--key", str(key_file), qr)[0] == 0
    qr_file = tmp_path / "qr.txt"
    qr_file.write_bytes(b"\xef\xbb\xbf" + qr.encode("utf-8") + b"\r\n")  # UTF-8 with a BOM, as Notepad saves
    assert _verify(capsys, monkeypatch, *elsewhere, "verify", "--key", str(key_file), "--file", str(qr_file))[0] == 0
    status, out, _ = _verify(capsys, monkeypatch, *elsewhere, "verify", "--key", str(key_file), "--json",
                             stdin=qr.encode("utf-8"))
    assert status == 0 and '"verdict": "valid"' in out and code in out

    # the server's page says the same, in Vietnamese
    verdict, html = _page(server, qr)
    assert verdict == "valid" and "HỢP LỆ" in html and code in html and DEMO_AGENCY.id in html

    # altered: one byte of the payload changed; forged: a key the province never certified
    altered = _altered(qr)
    assert _verify(capsys, monkeypatch, *profile, "verify", altered)[0] == 5
    assert _page(server, altered)[0] == "altered"
    rogue = Ed25519PrivateKey.generate()
    rogue_cert = slip_qr.issue_certificate(
        rogue, device_id=device_id, agency_id=DEMO_AGENCY.id, workstation_no=1,
        public_key=slip_qr.raw_public(rogue), not_before=cert.not_before, not_after=cert.not_after)
    forged = slip_qr.SlipSigner(rogue, rogue_cert).qr_text(
        code=code, applicant_name="Nguyễn Văn An", received_at=result.statement.received_at,
        due_at=result.statement.due_at, signed_at=result.statement.signed_at)
    status, _, err = _verify(capsys, monkeypatch, *profile, "verify", forged)
    assert status == 4 and err.startswith("GIẢ MẠO")
    assert _page(server, forged)[0] == "forged"
    assert _verify(capsys, monkeypatch, *profile, "verify", code)[0] == 3  # a plain code: not signed
    assert _page(server, code)[0] == "not_signed"
    assert _verify(capsys, monkeypatch, *profile, "verify", "xin chào")[0] == 6
    assert _page(server, "xin chào")[0] == "not_a_slip"
    assert _page(server, "")[0] == ""  # the empty form

    # revoked: a slip signed before stays valid (noted); one the workstation signs after is flagged
    assert server_store.revoke(device_id)
    revoked_at = result.statement.signed_at + timedelta(minutes=1)  # not the same second as the print
    with server_store.engine.begin() as conn:
        conn.execute(update(device).where(device.c.id == device_id).values(revoked_at=revoked_at))
    verdict, html = _page(server, qr)
    assert verdict == "valid" and "sau khi ký phiếu này" in html and "class='valid'" in html
    st = result.statement  # offline, the workstation still holds its key and certificate
    after = slip_signer.load_signer(ws.store).qr_text(
        code=st.code, applicant_name="Nguyễn Văn An", received_at=st.received_at, due_at=st.due_at,
        signed_at=revoked_at + timedelta(minutes=1))
    verdict, html = _page(server, after)
    assert verdict == "valid" and "đã bị tỉnh thu hồi trước lúc ký phiếu" in html and "class='bad'" in html


def test_a_workstation_without_a_certificate_gets_one_at_its_next_round(server, server_store, make_workstation):
    """A workstation enrolled before slips were signed (or whose certificate is gone) asks the
    server for one; what it gets is checked against the pinned key before it is kept."""
    ws = make_workstation(2)
    ws.enroll(server.url, server_store)
    with ws.store.write() as session:
        settings.set_setting(session, slip_signer.SLIP_CERTIFICATE, None)
    assert slip_signer.load_signer(ws.store) is None and slip_signer.needs_certificate(ws.store)
    ws.engine().run_once(force=True)
    signer = slip_signer.load_signer(ws.store)
    assert signer is not None and not slip_signer.needs_certificate(ws.store)
    # a certificate the pinned server did not sign is not kept
    other = Ed25519PrivateKey.generate()
    fake = slip_qr.issue_certificate(other, device_id=signer.info.device_id, agency_id=DEMO_AGENCY.id,
                                     workstation_no=2, public_key=signer.info.public_key,
                                     not_before=signer.info.not_before, not_after=signer.info.not_after)
    kept = slip_signer.keep_certificate(ws.store, base64.b64encode(fake).decode(), _setting(ws, receipts.SERVER_KEY))
    assert not kept and slip_signer.load_signer(ws.store).certificate == signer.certificate


def test_verify_without_a_key_or_with_a_bad_one_is_bad_input(tmp_path, capsys, monkeypatch, make_workstation):
    ws = make_workstation(3)  # not enrolled: the profile has no province key
    status, _, err = _verify(capsys, monkeypatch, "--profile", str(ws.profile_dir), "verify", "HS1:ABC")
    assert status == 2 and "chưa đăng ký" in err and "--key" in err
    bad = tmp_path / "bad.key"
    bad.write_text("không phải khoá", encoding="utf-8")
    status, _, err = _verify(capsys, monkeypatch, "--profile", str(tmp_path / "none"), "verify", "--key", str(bad), "x")
    assert status == 2 and "không phải khoá công khai Ed25519" in err
    status, _, err = _verify(capsys, monkeypatch, "--profile", str(tmp_path / "none"), "verify", "x")
    assert status == 2 and "--key" in err


def test_a_slip_whose_code_names_another_agency_than_its_certificate_is_forged_offline_and_on_the_page(
        server, server_store, make_workstation, capsys, monkeypatch):
    ws = make_workstation(1)
    ws.enroll(server.url, server_store)
    signer = slip_signer.load_signer(ws.store)
    assert signer.info.agency_id == DEMO_AGENCY.id
    other = DEMO_AGENCY.id.rsplit(".", 1)[0] + ".X99"  # a neighbouring agency's identifier
    assert other != DEMO_AGENCY.id
    at = now_vn().replace(microsecond=0)  # within the certificate the server just issued
    fields = dict(applicant_name="Nguyễn Văn An", received_at=at, due_at=at + timedelta(days=3), signed_at=at)
    theirs = signer.qr_text(code=f"{other}-{at:%y%m%d}-0001", **fields)
    status, _, err = _verify(capsys, monkeypatch, "--profile", str(ws.profile_dir), "verify", theirs)
    assert status == 4 and err.startswith("GIẢ MẠO") and "cơ quan khác" in err
    verdict, html = _page(server, theirs)
    assert verdict == "forged" and "cơ quan khác" in html
    ours = signer.qr_text(code=f"{DEMO_AGENCY.id}-{at:%y%m%d}-0001", **fields)  # the same signer, its own agency
    assert _verify(capsys, monkeypatch, "--profile", str(ws.profile_dir), "verify", ours)[0] == 0
    assert _page(server, ours)[0] == "valid"


def test_the_provinces_revocation_list_is_kept_at_each_sync_and_verify_uses_it_offline(
        server, server_db, server_store, make_workstation, tmp_path, capsys, monkeypatch):
    stolen, other = make_workstation(1), make_workstation(2)
    device_id = stolen.enroll(server.url, server_store)
    other.enroll(server.url, server_store)
    signer = slip_signer.load_signer(stolen.store)
    at = now_vn().replace(microsecond=0)

    def slip(signed_at):
        return signer.qr_text(code=f"{DEMO_AGENCY.id}-{at:%y%m%d}-0001", applicant_name="Nguyễn Văn An",
                              received_at=at, due_at=at + timedelta(days=3), signed_at=signed_at)

    before = slip(at)
    assert server_main(["revoke", "--device", device_id, "--db", server_db]) == 0  # the province's admin
    revoked_at = at + timedelta(minutes=1)
    with server_store.engine.begin() as conn:
        conn.execute(update(device).where(device.c.id == device_id).values(revoked_at=revoked_at))
    after = slip(at + timedelta(minutes=2))  # offline, whoever holds the key still signs
    profile = ["--profile", str(other.profile_dir)]
    assert _verify(capsys, monkeypatch, *profile, "verify", after)[0] == 0  # no list kept yet: not known

    other.engine().run_once(force=True)  # the other workstation's sync round fetches the list
    province = _setting(other, receipts.SERVER_KEY)
    kept = slip_signer.load_revocations(other.store, province)
    assert kept is not None and kept.revoked_at(device_id) == slip_qr.to_utc(revoked_at)
    status, _, err = _verify(capsys, monkeypatch, *profile, "verify", after)
    assert status == 7 and err.startswith("HỢP LỆ") and "đã bị tỉnh thu hồi trước lúc ký phiếu" in err
    assert "Danh sách thu hồi của tỉnh dùng để kiểm tra: lập lúc" in err
    status, _, err = _verify(capsys, monkeypatch, *profile, "verify", before)
    assert status == 0 and "sau khi ký phiếu này" in err  # signed before the revocation: still good

    # A verifier with no profile: the key and the list from the province's admin CLI.
    key_file, list_file = tmp_path / "tinh.key", tmp_path / "thu-hoi.txt"
    assert server_main(["province-key", "--db", server_db]) == 0
    key_file.write_text(capsys.readouterr().out, encoding="utf-8")
    assert server_main(["revocation-list", "--db", server_db]) == 0
    list_file.write_text(capsys.readouterr().out, encoding="utf-8")
    elsewhere = ["--profile", str(tmp_path / "khong-co"), "verify", "--key", str(key_file)]
    status, out, _ = _verify(capsys, monkeypatch, *elsewhere, "--revocations", str(list_file), "--json", after)
    said = json.loads(out)
    assert status == 7 and said["verdict"] == "valid" and said["revocations"]["revoked_before_signing"] is True
    assert _verify(capsys, monkeypatch, *elsewhere, after)[0] == 0  # without any list: not known
    # A list the province did not sign is bad input; an older list never replaces the kept one.
    rogue = slip_qr.issue_revocation_list(Ed25519PrivateKey.generate(), {}, datetime.now(UTC))
    (tmp_path / "gia.txt").write_bytes(base64.b64encode(rogue))
    status, _, err = _verify(capsys, monkeypatch, *elsewhere, "--revocations", str(tmp_path / "gia.txt"), after)
    assert status == 2 and "không phải danh sách thu hồi" in err
    older = base64.b64encode(slip_qr.issue_revocation_list(
        server_store.signing_key()[0], {}, kept.issued_at - timedelta(hours=1))).decode()
    assert not slip_signer.keep_revocations(other.store, older, province)
    assert slip_signer.load_revocations(other.store, province).revoked_at(device_id) is not None
