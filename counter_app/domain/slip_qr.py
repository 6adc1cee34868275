"""The slip's QR code: a statement signed by the workstation, verifiable offline (issue 16 item 3).

Encoding (the EU digital COVID certificate's scheme, without its zlib step: a statement of
~300 bytes does not shrink)::

    HS1:<base45( COSE_Sign1 )>

* The COSE_Sign1 (RFC 9052, tag 18) is signed by the workstation's Ed25519 key: protected
  header ``{1 alg: -8 EdDSA, 4 kid: first 8 bytes of SHA-256 of the workstation's public key}``,
  unprotected header ``{13 kcwt: <the workstation's certificate>}``, payload the CWT claims
  ``{6 iat: signed at, "c": dossier code, "n": applicant's initials, "r": received at,
  "d": due at}`` (times in Unix seconds).
* The certificate (``kcwt``, RFC 9528: a CWT with the key in ``cnf``) is an untagged
  COSE_Sign1 signed by the province at enrollment: ``{"a": agency id, "w": workstation
  number, "d": device id (its 16 bytes), 8 cnf: {1 COSE_Key: {1 kty: 1 OKP, -1 crv: 6 Ed25519,
  -2 x: public key}}, 5 nbf, 4 exp}``.

A verifier needs only the province's public key: it checks the certificate with it, then the
statement with the certified key, and that the statement was signed within the certificate's
validity. The agency is the certificate's (the province vouches for it, not the workstation),
and a dossier code of the first form (``<agency>-<YYMMDD>-<NNNN>``, Thông tư 01/2018) must name
that agency: a certified workstation signing a code of another agency is FORGED, not ALTERED
(its signature holds, so nothing was changed after signing; what it states was never its to
state: a slip in another agency's name). The centralised form's agency part is an identifier
the platform assigns, which the certificate does not carry: it is not compared.

Why initials and not a hash of the ID number: anyone can read the QR, and a 12-digit CCCD has
about 10^6 possible values once the province, sex, and birth year are guessed, so a salted
hash (the salt has to be in the QR for an offline check) is reversed in seconds. It would
print the ID number in all but name. The initials identify nobody on their own. The verifier
still checks them against the person's card.

An un-enrolled workstation (no certificate) prints the plain lookup address or code, as
before. :func:`verify` says NOT_SIGNED for it rather than pretending.

Codes, not sentences: :mod:`counter_app.domain.slip_qr_text` says them in Vietnamese for the CLI and
the server's page.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import base45
import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from counter_app.domain.clock import VN_TZ
from counter_app.domain.code_rules import FIRST_FORM
from counter_app.domain.dossier_codes import parse_code
from counter_app.domain.enums import StrEnum

PREFIX = "HS1:"
COSE_SIGN1_TAG = 18
ALG_EDDSA = -8
H_ALG, H_KID, H_KCWT = 1, 4, 13
C_EXP, C_NBF, C_IAT, C_CNF = 4, 5, 6, 8
KID_BYTES = 8
MAX_TEXT = 4096  # longer than any statement: refused before decoding
#: Certificates are checked against the statement's signing time, with this much clock slack.
CLOCK_SLACK = timedelta(minutes=10)


class Verdict(StrEnum):
    """What :func:`verify` found."""

    VALID = "valid"            # the province's certificate and the workstation's signature hold
    NOT_SIGNED = "not_signed"  # a plain dossier code or lookup address: nothing vouches for it
    FORGED = "forged"          # unknown signer, or signed by a key other than the certified one
    ALTERED = "altered"        # the certified key's statement, but its content was changed
    NOT_A_SLIP = "not_a_slip"  # not a slip's QR at all (or damaged beyond decoding)


class Reason(StrEnum):
    """Why (details of the verdict)."""

    OK = "ok"
    PLAIN_CODE = "plain_code"
    NOT_PREFIXED = "not_prefixed"
    NOT_BASE45 = "not_base45"
    NOT_COSE = "not_cose"
    BAD_ALG = "bad_alg"
    NO_CERTIFICATE = "no_certificate"
    UNKNOWN_SIGNER = "unknown_signer"        # the certificate is not signed by this province key
    BAD_CERTIFICATE = "bad_certificate"      # signed by the province but not a certificate
    OTHER_KEY = "other_key"                  # the statement names a key the certificate does not hold
    BAD_SIGNATURE = "bad_signature"          # the certified key, the signature fails: content changed
    OUTSIDE_VALIDITY = "outside_validity"    # signed when the certificate was not valid
    BAD_STATEMENT = "bad_statement"          # signed, but not a statement this version reads
    OTHER_AGENCY = "other_agency"            # the code names an agency the certificate is not for


class QrKeyError(ValueError):
    """A province key that cannot be read."""


@dataclass(frozen=True)
class Certificate:
    """A workstation's certificate as the province signed it."""

    device_id: str
    agency_id: str
    workstation_no: int | None
    public_key: bytes     # raw 32 bytes
    not_before: datetime  # aware, UTC
    not_after: datetime


@dataclass(frozen=True)
class Statement:
    """What the slip's QR says (times are Vietnam wall time, naive, as the store keeps them)."""

    code: str
    initials: str
    received_at: datetime
    due_at: datetime
    signed_at: datetime


@dataclass(frozen=True)
class Verification:
    """The outcome of :func:`verify`: a verdict, its reason and what could be read."""

    verdict: Verdict
    reason: Reason
    statement: Statement | None = None
    certificate: Certificate | None = None
    code: str | None = None  # NOT_SIGNED: the plain code the QR holds

    @property
    def valid(self) -> bool:
        return self.verdict is Verdict.VALID


# --- keys ---------------------------------------------------------------------------------
def raw_public(key: Ed25519PublicKey | Ed25519PrivateKey) -> bytes:
    if isinstance(key, Ed25519PrivateKey):
        key = key.public_key()
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_key: bytes) -> bytes:
    return hashlib.sha256(public_key).digest()[:KID_BYTES]


def read_public_key(text: str | bytes) -> bytes:
    """The raw Ed25519 public key in *text*: base64 of its 32 bytes (as the server hands it
    out) or a PEM "PUBLIC KEY"; QrKeyError otherwise."""
    import base64
    import binascii

    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    data = data.strip().lstrip(b"\xef\xbb\xbf")
    if data.startswith(b"-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(data)
        except ValueError as exc:
            raise QrKeyError("pem") from exc
        if not isinstance(key, Ed25519PublicKey):
            raise QrKeyError("not_ed25519")
        return raw_public(key)
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise QrKeyError("base64") from exc
    if len(raw) != 32:
        raise QrKeyError("length")
    return raw


# --- time ---------------------------------------------------------------------------------
def _epoch(value: datetime) -> int:
    """Unix seconds of *value* (naive: Vietnam wall time)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=VN_TZ)
    return int(value.timestamp())


def to_utc(value: datetime) -> datetime:
    """*value* (naive: Vietnam wall time) as an aware UTC time."""
    return _utc(_epoch(value))


def _vn(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, VN_TZ).replace(tzinfo=None)


def _utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


# --- COSE_Sign1 ---------------------------------------------------------------------------
def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def _sign1(key: Ed25519PrivateKey, protected: dict, unprotected: dict, payload: dict, *, tagged: bool) -> bytes:
    prot = cbor2.dumps(protected)
    body = cbor2.dumps(payload)
    signature = key.sign(_sig_structure(prot, body))
    message = [prot, unprotected, body, signature]
    return cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, message) if tagged else message)


class _Malformed(ValueError):
    pass


def _parts(value) -> tuple[bytes, dict, dict, bytes, bytes]:
    """The four parts of a decoded COSE_Sign1 (tagged or not) and the decoded protected map."""
    if isinstance(value, cbor2.CBORTag):
        if value.tag != COSE_SIGN1_TAG:
            raise _Malformed("tag")
        value = value.value
    if not isinstance(value, list | tuple) or len(value) != 4:
        raise _Malformed("array")
    prot, unprot, payload, signature = value
    if not all(isinstance(v, bytes) for v in (prot, payload, signature)) or not isinstance(unprot, Mapping):
        raise _Malformed("types")
    protected = cbor2.loads(prot) if prot else {}
    if not isinstance(protected, Mapping):
        raise _Malformed("protected")
    return prot, protected, unprot, payload, signature


def _verify_sig(public_key: bytes, prot: bytes, payload: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, _sig_structure(prot, payload))
    except (InvalidSignature, ValueError):
        return False
    return True


# --- the province's certificate of a workstation ------------------------------------------
def _device_id_bytes(device_id: str) -> bytes | str:
    """The server's device id (32 hex digits) as its 16 bytes; any other id as text."""
    try:
        if uuid.UUID(hex=device_id).hex == device_id.lower():
            return uuid.UUID(hex=device_id).bytes
    except ValueError:
        pass
    return device_id


def issue_certificate(province_key: Ed25519PrivateKey, *, device_id: str, agency_id: str,
                      workstation_no: int | None, public_key: bytes, not_before: datetime,
                      not_after: datetime) -> bytes:
    """The certificate (untagged COSE_Sign1 bytes) the province gives an enrolled workstation."""
    claims = {
        "a": agency_id,
        "d": _device_id_bytes(device_id),
        C_CNF: {1: {1: 1, -1: 6, -2: bytes(public_key)}},
        C_NBF: int(not_before.timestamp()),
        C_EXP: int(not_after.timestamp()),
    }
    if workstation_no is not None:
        claims["w"] = int(workstation_no)
    return _sign1(province_key, {H_ALG: ALG_EDDSA}, {}, claims, tagged=False)


def _certificate_claims(payload: bytes) -> Certificate:
    claims = cbor2.loads(payload)
    if not isinstance(claims, Mapping):
        raise _Malformed("claims")
    try:
        key = claims[C_CNF][1][-2]
        device = claims["d"]
        device = uuid.UUID(bytes=device).hex if isinstance(device, bytes) else device
        agency = claims["a"]
        nbf, exp = claims[C_NBF], claims[C_EXP]
    except (KeyError, TypeError, ValueError) as exc:
        raise _Malformed("certificate") from exc
    ws = claims.get("w")
    if not (isinstance(key, bytes) and len(key) == 32 and isinstance(agency, str)
            and isinstance(nbf, int) and isinstance(exp, int) and (ws is None or isinstance(ws, int))):
        raise _Malformed("certificate")
    if not isinstance(device, str):
        raise _Malformed("certificate")
    return Certificate(device, agency, ws, key, _utc(nbf), _utc(exp))


def read_certificate(raw: bytes, province_key: bytes | None = None) -> Certificate:
    """The certificate in *raw*, checked with *province_key* when given; ValueError otherwise."""
    try:
        prot, protected, _unprot, payload, signature = _parts(cbor2.loads(raw))
    except (cbor2.CBORDecodeError, ValueError, TypeError) as exc:
        raise ValueError("not a certificate") from exc
    if protected.get(H_ALG) != ALG_EDDSA:
        raise ValueError("not an EdDSA certificate")
    if province_key is not None and not _verify_sig(province_key, prot, payload, signature):
        raise ValueError("not signed by this province key")
    try:
        return _certificate_claims(payload)
    except (cbor2.CBORDecodeError, ValueError, OverflowError, OSError) as exc:
        raise ValueError("not a certificate") from exc


# --- the statement ------------------------------------------------------------------------
def initials(name: str, limit: int = 6) -> str:
    """``Nguyễn Văn An`` → ``NVA``: first letters of the words, diacritics dropped, Đ as D."""
    letters = []
    for word in re.split(r"[\s\-.,/]+", unicodedata.normalize("NFC", name or "")):
        for ch in word:
            if ch.isalnum():
                base = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))[0].upper()
                letters.append(base if base.isascii() else "?")
                break
    return "".join(letters[:limit])


class SlipSigner:
    """Signs slip statements with the workstation's key and carries its certificate."""

    def __init__(self, key: Ed25519PrivateKey, certificate: bytes):
        self.key = key
        self.certificate = bytes(certificate)
        self.info = read_certificate(self.certificate)
        if self.info.public_key != raw_public(key):
            raise ValueError("the certificate is for another key")

    def covers(self, at: datetime) -> bool:
        """Whether the certificate is valid at *at* (naive: Vietnam wall time)."""
        moment = _utc(_epoch(at))
        return self.info.not_before <= moment <= self.info.not_after

    def qr_text(self, *, code: str, applicant_name: str, received_at: datetime, due_at: datetime,
                signed_at: datetime) -> str:
        """The QR text of a slip. Deterministic: the same dossier signed at the same second
        gives the same text (Ed25519 signatures are deterministic)."""
        claims = {C_IAT: _epoch(signed_at), "c": code, "n": initials(applicant_name),
                  "r": _epoch(received_at), "d": _epoch(due_at)}
        protected = {H_ALG: ALG_EDDSA, H_KID: key_id(raw_public(self.key))}
        message = _sign1(self.key, protected, {H_KCWT: self.certificate}, claims, tagged=True)
        return PREFIX + base45.b45encode(message).decode("ascii")


def _plain(text: str) -> Verification:
    """A QR without a statement: a dossier code, or a lookup address ending in one."""
    # The last word (a code, or the end of a lookup address), in any bundled form of the code
    tail = re.split(r"[\s/=?&]", text.strip())[-1].upper() if text.strip() else ""
    if tail and parse_code(tail) is not None:
        return Verification(Verdict.NOT_SIGNED, Reason.PLAIN_CODE, code=tail)
    return Verification(Verdict.NOT_A_SLIP, Reason.NOT_PREFIXED)


def decode_code(text: str) -> str | None:
    """The dossier code a slip's QR text names, read without checking anything (for the
    counter's scanner: the check is :func:`verify`'s); None when it is not a statement."""
    try:
        _prot, _protected, _unprot, payload, _sig = _parts(cbor2.loads(_unprefix(text)))
        claims = cbor2.loads(payload)
    except (cbor2.CBORDecodeError, ValueError, TypeError):
        return None
    code = claims.get("c") if isinstance(claims, Mapping) else None
    return code if isinstance(code, str) else None


def _unprefix(text: str) -> bytes:
    body = text.strip()
    if not body.upper().startswith(PREFIX):
        raise ValueError("prefix")
    return base45.b45decode(body[len(PREFIX):].upper())


def _statement(payload: bytes) -> Statement:
    claims = cbor2.loads(payload)
    if not isinstance(claims, Mapping):
        raise _Malformed("claims")
    code, names = claims.get("c"), claims.get("n")
    times = [claims.get(k) for k in ("r", "d", C_IAT)]
    if not isinstance(code, str) or not isinstance(names, str) or not all(isinstance(t, int) for t in times):
        raise _Malformed("statement")
    return Statement(code, names, _vn(times[0]), _vn(times[1]), _vn(times[2]))


def verify(text: str, province_key: bytes) -> Verification:
    """Check a scanned or typed slip QR with the province's public key (raw 32 bytes) only."""
    text = (text or "").strip().lstrip("\ufeff")
    if len(text) > MAX_TEXT:
        return Verification(Verdict.NOT_A_SLIP, Reason.NOT_COSE)
    if not text.upper().startswith(PREFIX):
        return _plain(text)
    try:
        raw = _unprefix(text)
    except ValueError:
        return Verification(Verdict.NOT_A_SLIP, Reason.NOT_BASE45)
    try:
        prot, protected, unprot, payload, signature = _parts(cbor2.loads(raw))
    except (cbor2.CBORDecodeError, ValueError, TypeError, RecursionError):
        return Verification(Verdict.NOT_A_SLIP, Reason.NOT_COSE)
    if protected.get(H_ALG) != ALG_EDDSA:
        return Verification(Verdict.FORGED, Reason.BAD_ALG)
    cert_raw = unprot.get(H_KCWT)
    if not isinstance(cert_raw, bytes):
        return Verification(Verdict.FORGED, Reason.NO_CERTIFICATE)
    try:
        cert_prot, cert_protected, _u, cert_payload, cert_sig = _parts(cbor2.loads(cert_raw))
    except (cbor2.CBORDecodeError, ValueError, TypeError, RecursionError):
        return Verification(Verdict.FORGED, Reason.NO_CERTIFICATE)
    if cert_protected.get(H_ALG) != ALG_EDDSA or not _verify_sig(province_key, cert_prot, cert_payload, cert_sig):
        return Verification(Verdict.FORGED, Reason.UNKNOWN_SIGNER)
    try:
        cert = _certificate_claims(cert_payload)
    except (cbor2.CBORDecodeError, ValueError, OverflowError, OSError):
        return Verification(Verdict.FORGED, Reason.BAD_CERTIFICATE)
    if not _verify_sig(cert.public_key, prot, payload, signature):
        # Signatures cannot tell a changed content from another key; the key id under the
        # protected header can: the certified key's id with a failing signature means the
        # content changed after signing (a forger naming that key too is caught all the same).
        if protected.get(H_KID) == key_id(cert.public_key):
            return Verification(Verdict.ALTERED, Reason.BAD_SIGNATURE, certificate=cert)
        return Verification(Verdict.FORGED, Reason.OTHER_KEY, certificate=cert)
    try:
        statement = _statement(payload)
    except (cbor2.CBORDecodeError, ValueError, OverflowError, OSError):
        return Verification(Verdict.NOT_A_SLIP, Reason.BAD_STATEMENT, certificate=cert)
    signed = _utc(_epoch(statement.signed_at))
    if not cert.not_before - CLOCK_SLACK <= signed <= cert.not_after + CLOCK_SLACK:
        return Verification(Verdict.FORGED, Reason.OUTSIDE_VALIDITY, statement, cert)
    if not _agency_matches(statement.code, cert.agency_id):
        return Verification(Verdict.FORGED, Reason.OTHER_AGENCY, statement, cert)
    return Verification(Verdict.VALID, Reason.OK, statement, cert)


def _agency_matches(code: str, agency_id: str) -> bool:
    """False when *code* is of the first form and names an agency other than *agency_id*."""
    parsed = parse_code(code)
    if parsed is None or parsed.rule_id != FIRST_FORM:
        return True
    return parsed.agency_id.strip().upper() == agency_id.strip().upper()


# --- the province's list of revoked workstations (known offline) -----------------------------
#
# An untagged COSE_Sign1 signed by the province key, payload ``{"t": "revocations-v1",
# 6 iat: issued at, "r": [[device id (16 bytes), revoked at], …]}`` (Unix seconds). The "t"
# claim keeps it from being read as a certificate (which has none) and the reverse. The server
# signs a fresh one on request; a workstation fetches it at each sync and keeps the newest, so
# `counter-app verify` knows the revocations up to that list's date without a network.

REVOCATIONS_TYPE = "revocations-v1"


@dataclass(frozen=True)
class RevocationList:
    """The revoked workstations as the province listed them at *issued_at* (aware UTC)."""

    issued_at: datetime
    revoked: Mapping[str, datetime]  # device id -> revoked at (aware UTC)

    def revoked_at(self, device_id: str) -> datetime | None:
        return self.revoked.get(device_id)


def issue_revocation_list(province_key: Ed25519PrivateKey, revoked: Mapping[str, datetime],
                          issued_at: datetime) -> bytes:
    """The signed list (bytes); times naive are Vietnam wall time (as the server keeps them)."""
    entries = [[_device_id_bytes(d), _epoch(at)] for d, at in sorted(revoked.items())]
    claims = {"t": REVOCATIONS_TYPE, C_IAT: _epoch(issued_at), "r": entries}
    return _sign1(province_key, {H_ALG: ALG_EDDSA}, {}, claims, tagged=False)


def read_revocation_list(raw: bytes, province_key: bytes) -> RevocationList:
    """The list in *raw* once checked with *province_key*; ValueError when it is not a list
    that key signed."""
    try:
        prot, protected, _unprot, payload, signature = _parts(cbor2.loads(raw))
    except (cbor2.CBORDecodeError, ValueError, TypeError, RecursionError) as exc:
        raise ValueError("not a revocation list") from exc
    if protected.get(H_ALG) != ALG_EDDSA or not _verify_sig(province_key, prot, payload, signature):
        raise ValueError("not signed by this province key")
    try:
        claims = cbor2.loads(payload)
        if not isinstance(claims, Mapping) or claims.get("t") != REVOCATIONS_TYPE:
            raise _Malformed("type")
        issued, revoked = claims[C_IAT], {}
        for device, at in claims["r"]:
            device = uuid.UUID(bytes=device).hex if isinstance(device, bytes) else device
            if not isinstance(device, str) or not isinstance(at, int):
                raise _Malformed("entry")
            revoked[device] = _utc(at)
        if not isinstance(issued, int):
            raise _Malformed("issued")
    except (cbor2.CBORDecodeError, KeyError, TypeError, ValueError, OverflowError, OSError) as exc:
        raise ValueError("not a revocation list") from exc
    return RevocationList(_utc(issued), revoked)
