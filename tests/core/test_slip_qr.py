"""The slip QR's signed statement (issue 16 item 3): what verifies, what is forged, what is
altered, and that an independent COSE implementation (cwt) reads our bytes the same way."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import base45
import cbor2
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter_app.store import lookup
from counter_app.domain import slip_qr
from counter_app.domain.slip_qr import Reason, SlipSigner, Verdict, verify
from counter_app.domain.slip_qr_text import describe

CODE = "000.00.14.H56-261206-0042"
AGENCY = "000.00.14.H56"
RECEIVED = datetime(2026, 12, 6, 9, 5)
DUE = datetime(2026, 12, 9, 16, 30)
SIGNED = datetime(2026, 12, 6, 9, 6)


def certificate(province: Ed25519PrivateKey, workstation: Ed25519PrivateKey, **overrides) -> bytes:
    fields = dict(device_id=uuid.uuid4().hex, agency_id=AGENCY, workstation_no=3,
                  public_key=slip_qr.raw_public(workstation), not_before=datetime(2026, 1, 1, tzinfo=UTC),
                  not_after=datetime(2028, 1, 1, tzinfo=UTC))
    fields.update(overrides)
    return slip_qr.issue_certificate(province, **fields)


@pytest.fixture(scope="module")
def province() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def workstation() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def signer(province, workstation) -> SlipSigner:
    return SlipSigner(workstation, certificate(province, workstation))


def sign(signer: SlipSigner, **overrides) -> str:
    fields = dict(code=CODE, applicant_name="Nguyễn Văn An", received_at=RECEIVED, due_at=DUE, signed_at=SIGNED)
    fields.update(overrides)
    return signer.qr_text(**fields)


def test_a_signed_statement_verifies_with_the_province_key_only(signer, province):
    text = sign(signer)
    assert text.startswith("HS1:")
    assert set(text[4:]) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")  # QR alphanumeric mode
    result = verify(text, slip_qr.raw_public(province))
    assert (result.verdict, result.reason) == (Verdict.VALID, Reason.OK)
    st, cert = result.statement, result.certificate
    assert (st.code, st.initials, st.received_at, st.due_at, st.signed_at) == (CODE, "NVA", RECEIVED, DUE, SIGNED)
    assert (cert.agency_id, cert.workstation_no) == (AGENCY, 3)
    words = describe(result)
    assert words[0].startswith("HỢP LỆ")
    assert f"Mã hồ sơ: {CODE}" in words and f"Cơ quan tiếp nhận (mã): {AGENCY}" in words
    assert "Thời gian hẹn trả kết quả: 16 giờ 30 phút, ngày 09/12/2026" in words
    assert sign(signer) == text  # deterministic: every copy and reprint of the same second is the same


def test_an_independent_cose_implementation_verifies_the_statement_and_the_certificate(signer, province, workstation):
    from cwt import COSE, COSEKey

    raw = base45.b45decode(sign(signer)[4:])
    ws_public = slip_qr.raw_public(workstation)
    ws_key = COSEKey.new({1: 1, 3: -8, -1: 6, -2: ws_public, 2: slip_qr.key_id(ws_public)})
    claims = cbor2.loads(COSE.new().decode(raw, ws_key))
    assert claims["c"] == CODE and claims[6] == int(SIGNED.replace(tzinfo=slip_qr.VN_TZ).timestamp())
    # the certificate travels untagged in the kcwt header (13); cwt wants the COSE_Sign1 tag
    cert = cbor2.loads(raw).value[1][13]
    province_key = COSEKey.new({1: 1, 3: -8, -1: 6, -2: slip_qr.raw_public(province)})
    cert_claims = cbor2.loads(COSE.new().decode(cbor2.dumps(cbor2.CBORTag(18, cbor2.loads(cert))), province_key))
    assert cert_claims[8][1][-2] == ws_public and cert_claims["a"] == AGENCY
    with pytest.raises(Exception):  # noqa: B017 - cwt's own error type: the wrong key fails there too
        COSE.new().decode(cbor2.dumps(cbor2.CBORTag(18, cbor2.loads(cert))), ws_key)


def test_a_qr_signed_by_another_key_is_forged(province, signer):
    forger = Ed25519PrivateKey.generate()
    # a forger with a province of his own: the certificate is not the province's
    own = SlipSigner(forger, certificate(Ed25519PrivateKey.generate(), forger))
    result = verify(sign(own), slip_qr.raw_public(province))
    assert (result.verdict, result.reason) == (Verdict.FORGED, Reason.UNKNOWN_SIGNER)
    assert describe(result)[0].startswith("GIẢ MẠO")
    # a forger who copies a genuine workstation's certificate off a real slip, signing with his key
    copied = SlipSigner.__new__(SlipSigner)
    copied.key, copied.certificate = forger, signer.certificate
    result = verify(sign(copied, due_at=DUE + timedelta(days=30)), slip_qr.raw_public(province))
    assert (result.verdict, result.reason) == (Verdict.FORGED, Reason.OTHER_KEY)


def test_a_statement_from_a_workstation_the_province_did_not_certify_is_forged(province, workstation):
    other_province = Ed25519PrivateKey.generate()
    uncertified = SlipSigner(workstation, certificate(other_province, workstation))  # the right workstation key
    result = verify(sign(uncertified), slip_qr.raw_public(province))
    assert (result.verdict, result.reason) == (Verdict.FORGED, Reason.UNKNOWN_SIGNER)
    # and a statement carrying no certificate at all
    message = cbor2.loads(base45.b45decode(sign(uncertified)[4:]))
    stripped = cbor2.CBORTag(18, [message.value[0], {}, message.value[2], message.value[3]])
    result = verify("HS1:" + base45.b45encode(cbor2.dumps(stripped)).decode(), slip_qr.raw_public(province))
    assert (result.verdict, result.reason) == (Verdict.FORGED, Reason.NO_CERTIFICATE)


def _change_payload_byte(text: str, old: bytes, new: bytes) -> str:
    message = cbor2.loads(base45.b45decode(text[4:]))
    prot, unprot, payload, signature = message.value
    assert payload.count(old) == 1
    changed = cbor2.CBORTag(18, [prot, unprot, payload.replace(old, new), signature])
    return "HS1:" + base45.b45encode(cbor2.dumps(changed)).decode()


def test_one_byte_of_the_payload_changed_and_re_encoded_is_altered(signer, province):
    text = sign(signer)
    altered = _change_payload_byte(text, b"-0042", b"-0043")  # another dossier's number
    assert altered != text
    result = verify(altered, slip_qr.raw_public(province))
    assert (result.verdict, result.reason) == (Verdict.ALTERED, Reason.BAD_SIGNATURE)
    assert result.statement is None  # nothing of an altered statement is shown as if true
    assert describe(result)[0].startswith("BỊ SỬA")
    later = _change_payload_byte(text, b"NVA", b"NVB")
    assert verify(later, slip_qr.raw_public(province)).verdict is Verdict.ALTERED


def test_a_statement_signed_outside_the_certificate_validity_is_forged(province, workstation):
    expired = SlipSigner(workstation, certificate(province, workstation,
                                                  not_after=datetime(2026, 6, 1, tzinfo=UTC)))
    assert not expired.covers(SIGNED)
    result = verify(sign(expired), slip_qr.raw_public(province))
    assert (result.verdict, result.reason) == (Verdict.FORGED, Reason.OUTSIDE_VALIDITY)


def test_a_certified_workstation_signing_another_agencys_code_is_forged(province, workstation):
    other_agency = SlipSigner(workstation, certificate(province, workstation, agency_id="000.00.15.H56"))
    result = verify(sign(other_agency), slip_qr.raw_public(province))  # CODE names 000.00.14.H56
    assert (result.verdict, result.reason) == (Verdict.FORGED, Reason.OTHER_AGENCY)
    assert result.certificate.agency_id == "000.00.15.H56" and result.statement.code == CODE
    words = describe(result)
    assert words[0].startswith("GIẢ MẠO") and "cơ quan khác" in words[1]
    assert not any(w.startswith("Mã hồ sơ:") for w in words)  # nothing shown as if vouched for
    own = verify(sign(other_agency, code="000.00.15.H56-261206-0042"), slip_qr.raw_public(province))
    assert own.valid
    # The centralised form's agency part is the platform's identifier, not the certificate's:
    # not compared (documented in counter_app.domain.slip_qr).
    central = verify(sign(other_agency, code="H56.000.00-261206-010042"), slip_qr.raw_public(province))
    assert central.valid


@pytest.mark.parametrize("text, code", [
    (CODE, CODE),
    (f"https://dvc.example.vn/tra-cuu?ma={CODE}", CODE),
    ("000.00.14.h56-261206-0042", CODE),
    ("H56.000.00-261206-010042", "H56.000.00-261206-010042"),  # the second form (TT 04/2025)
])
def test_a_plain_code_is_honestly_not_signed(text, code, province):
    result = verify(text, slip_qr.raw_public(province))
    assert (result.verdict, result.code) == (Verdict.NOT_SIGNED, code)
    assert describe(result) == [
        "CHƯA KÝ: mã QR chỉ ghi mã hồ sơ, không có chữ ký nên không xác minh được.",
        f"Mã hồ sơ ghi trên mã QR (chưa xác minh): {code}"]


@pytest.mark.parametrize("text, reason", [
    ("xin chào", Reason.NOT_PREFIXED),
    ("001092012345|123456789|Nguyễn Văn An|01011992|Nam|Hà Nội|01012021", Reason.NOT_PREFIXED),  # a CCCD card
    ("HS1:ab~!", Reason.NOT_BASE45),
    ("HS1:" + base45.b45encode(b"hello").decode(), Reason.NOT_COSE),
    ("HS1:" + base45.b45encode(cbor2.dumps([1, 2, 3, 4])).decode(), Reason.NOT_COSE),
    ("HS1:" + "A" * 5000, Reason.NOT_COSE),
])
def test_other_text_is_not_a_slip_code(text, reason, province):
    result = verify(text, slip_qr.raw_public(province))
    assert (result.verdict, result.reason) == (Verdict.NOT_A_SLIP, reason)
    assert describe(result)[0].startswith("KHÔNG PHẢI MÃ CỦA PHIẾU")


def test_a_truncated_scan_is_not_a_slip(signer, province):
    text = sign(signer)
    assert verify(text[:-30], slip_qr.raw_public(province)).verdict is Verdict.NOT_A_SLIP


def test_the_signer_refuses_a_certificate_of_another_key(province, workstation):
    with pytest.raises(ValueError):
        SlipSigner(Ed25519PrivateKey.generate(), certificate(province, workstation))


@pytest.mark.parametrize("name, expected", [
    ("Nguyễn Văn An", "NVA"), ("Đặng Thị Ánh Tuyết", "DTAT"), ("  ông  ích   khiêm ", "OIK"),
    ("Công ty TNHH Một thành viên Xây dựng Số 1", "CTTMTV"), ("", ""),
])
def test_initials_are_ascii_first_letters(name, expected):
    assert slip_qr.initials(name) == expected


def test_the_province_key_is_read_as_base64_or_pem(province):
    raw = slip_qr.raw_public(province)
    import base64

    assert slip_qr.read_public_key(base64.b64encode(raw).decode() + "\n") == raw
    pem = province.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert slip_qr.read_public_key(pem) == raw
    for bad in ("không phải khoá", base64.b64encode(b"short").decode(), "-----BEGIN PUBLIC KEY-----\nxx\n"):
        with pytest.raises(slip_qr.QrKeyError):
            slip_qr.read_public_key(bad)


def test_the_counter_scanner_reads_the_code_from_a_signed_qr(signer):
    assert lookup.SIGNED_QR_PREFIX == slip_qr.PREFIX
    text = sign(signer)
    assert lookup.normalise_code(text + "\r") == CODE
    assert lookup.normalise_code("]Q1" + text, prefix="]Q1") == CODE  # a scanner's configured prefix
    with pytest.raises(lookup.LookupFailed):
        lookup.normalise_code("HS1:ABC")
