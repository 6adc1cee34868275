"""HTTP transport of the sync API; the one place where network errors are sorted.

Every failure leaves here as one of three errors: :class:`TransientError` (no route, timeout,
reset, 5xx, 429: retry later with backoff), :class:`PermanentError` (a 4xx for the request:
the item is set aside with the server's reason) or :class:`AuthError` (401: sync pauses until
a person enrolls the workstation again).
"""

from __future__ import annotations

import json as jsonlib
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from sync import signing

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


class SyncError(Exception):
    """A sync request failed; ``str()`` is a message for a person."""


class TransientError(SyncError):
    """Worth retrying later: the network or the server is unavailable for now."""

    def __init__(self, message: str, retry_after: float | None = None, status: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status  # the HTTP status when the server answered (5xx, 429), else None


class PermanentError(SyncError):
    """The server refused this request for good (4xx other than 401)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


class MalformedCode(SyncError):
    """An enrollment code that cannot be one (refused before anything is sent)."""


class AuthError(SyncError):
    """The token is unknown or revoked: enroll again."""


class InsecureServerUrl(ValueError):
    """Plain http to a host other than this machine, or not a URL at all."""


def check_server_url(url: str) -> str:
    """The normalised base URL; https everywhere, plain http only to localhost."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InsecureServerUrl(f"Địa chỉ máy chủ không hợp lệ: {url}")
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS:
        raise InsecureServerUrl(f"Máy chủ {parts.hostname} phải dùng https (http chỉ dùng cho máy này).")
    return url.strip().rstrip("/")


@dataclass(frozen=True)
class ItemResult:
    """The server's answer for one pushed event."""

    event_id: str
    status: str            # accepted | conflict | rejected
    code: int
    ack: int | None = None
    reason: str | None = None

    @property
    def acknowledged(self) -> bool:
        return self.status == "accepted" and self.ack is not None


@dataclass(frozen=True)
class PullPage:
    """One page of the agency's change feed."""

    changes: list[dict[str, Any]]
    cursor: int
    more: bool


@dataclass(frozen=True)
class Enrollment:
    token: str
    device_id: str
    agency_id: str
    server_key: str | None = None
    certificate: str | None = None  # base64 of the workstation's slip certificate (sync.slip_signer)


@dataclass(frozen=True)
class Receipt:
    """A statement the server signed (an acknowledgement, a countersigned audit head)."""

    statement: str
    signature: str


@dataclass(frozen=True)
class Pushed:
    """What a push answered: the results and the server's signed acknowledgement of them."""

    results: list[ItemResult]
    receipt: Receipt | None
    body_sha256: str


def _reason(resp: requests.Response) -> str:
    try:
        detail = resp.json().get("detail")
    except ValueError:
        detail = None
    if isinstance(detail, str) and detail:
        return detail
    return f"Máy chủ trả lời {resp.status_code}: {resp.text[:200]}"


def server_date(resp: requests.Response) -> datetime | None:
    """The server's clock as its reply's ``Date`` header gives it (aware, UTC), or None."""
    value = resp.headers.get("Date")
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else None


class HttpTransport:
    """The sync API over requests, with connect and read timeouts and TLS verification.

    ``last_server_date`` is the ``Date`` of the latest reply (any status): the engine compares
    it with this PC's clock to tell a person when the two disagree.
    """

    def __init__(self, base_url: str, token: str | None = None, *, ca_bundle: str | None = None,
                 connect_timeout: float = 5.0, read_timeout: float = 30.0,
                 session: requests.Session | None = None, device_id: str | None = None,
                 device_key: signing.Ed25519PrivateKey | None = None):
        self.base_url = check_server_url(base_url)
        self.token = token
        self.device_id = device_id
        self.device_key = device_key   # signs pushes and audit heads; None: sent unsigned (legacy)
        self.verify: bool | str = ca_bundle or True
        self.timeout = (connect_timeout, read_timeout)
        self.session = session or requests.Session()
        self.last_server_date: datetime | None = None
        self.last_body: bytes | None = None  # the bytes of the last request sent (what was signed)

    def _call(self, method: str, path: str, *, json: Any = None, params: dict | None = None,
              auth: bool = True, signed: tuple[str, signing.Ed25519PrivateKey | None] | None = None,
              data: bytes | None = None, headers: dict[str, str] | None = None) -> Any:
        headers = dict(headers or {})
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        body = data  # raw bytes (a file's chunk) are sent as they are
        if json is not None:  # serialised here: a signature covers these exact bytes
            try:
                body = jsonlib.dumps(json, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
            except ValueError as exc:  # NaN or infinity: no JSON holds it, the server would refuse it
                raise PermanentError(f"Dữ liệu gửi đi không phải JSON hợp lệ: {exc}", 400) from exc
            headers["Content-Type"] = "application/json"
            if signed is not None and signed[1] is not None:
                headers[signing.SIGNATURE_HEADER] = signing.sign(signed[1], signed[0], body)
        if auth and self.device_id:
            headers[signing.DEVICE_HEADER] = self.device_id
        self.last_body = body
        try:
            resp = self.session.request(method, self.base_url + path, data=body, params=params,
                                        headers=headers, timeout=self.timeout, verify=self.verify)
        except requests.exceptions.SSLError as exc:
            raise TransientError(f"Lỗi chứng chỉ TLS của máy chủ: {exc}") from exc
        except requests.Timeout as exc:
            raise TransientError("Máy chủ không trả lời kịp (hết thời gian chờ).") from exc
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            # Said in words (the exception's class name is English): where, and what to check.
            raise TransientError(f"Không kết nối được máy chủ {self.base_url}: hãy kiểm tra mạng "
                                 "và địa chỉ máy chủ.") from exc
        except requests.RequestException as exc:
            raise TransientError(f"Lỗi mạng: {exc}") from exc
        self.last_server_date = server_date(resp) or self.last_server_date
        status = resp.status_code
        if status == 401:
            raise AuthError(_reason(resp))
        if status == 429 or status >= 500:
            retry_after = resp.headers.get("Retry-After")
            wait = float(retry_after) if retry_after and retry_after.isdigit() else None
            raise TransientError(f"Máy chủ tạm thời không xử lý được ({status}).", retry_after=wait, status=status)
        if status >= 400:
            raise PermanentError(_reason(resp), status)
        try:
            return resp.json()
        except ValueError as exc:
            raise TransientError("Câu trả lời của máy chủ không đọc được.") from exc

    def enroll(self, code: str, workstation_no: int | None, name: str = "", nonce: str | None = None,
               public_key: str | None = None) -> Enrollment:
        """Trade *code* for a token (`EnrollRequest` of sync.protocol), registering *public_key*.
        Sending the same *nonce* again after a lost reply is safe: the same device, a fresh token.
        Without *public_key*, the transport's own device key is registered."""
        if public_key is None and self.device_key is not None:
            public_key = signing.public_key_b64(self.device_key)
        data = self._call("POST", "/v1/enroll", auth=False,
                          json={"code": code.strip(), "workstation_no": workstation_no, "name": name, "nonce": nonce,
                                "public_key": public_key})
        try:
            return Enrollment(data["token"], data["device_id"], data["agency_id"], data.get("server_key"),
                              data.get("certificate"))
        except (KeyError, TypeError) as exc:
            raise TransientError("Câu trả lời của máy chủ không đúng định dạng.") from exc

    def register_key(self, key: signing.Ed25519PrivateKey) -> str:
        """Register *key* for a device enrolled before signatures; the server's public key."""
        data = self._call("POST", "/v1/device/key", json={"public_key": signing.public_key_b64(key)},
                          signed=(signing.KEY, key))
        try:
            return str(data["server_key"])
        except (KeyError, TypeError) as exc:
            raise TransientError("Câu trả lời của máy chủ không đúng định dạng.") from exc

    def certificate(self) -> str:
        """A fresh slip certificate (base64) of the device's registered key."""
        data = self._call("GET", "/v1/device/certificate")
        try:
            return str(data["certificate"])
        except (KeyError, TypeError) as exc:
            raise TransientError("Câu trả lời của máy chủ không đúng định dạng.") from exc

    def revocations(self) -> str:
        """The province's signed list of revoked workstations (base64)."""
        data = self._call("GET", "/v1/revocations")
        try:
            return str(data["revocations"])
        except (KeyError, TypeError) as exc:
            raise TransientError("Câu trả lời của máy chủ không đúng định dạng.") from exc

    def push_signed(self, events: list[dict[str, Any]]) -> Pushed:
        """Push *events*, signed with the device key; the results and the server's signed receipt."""
        data = self._call("POST", "/v1/events", json={"events": events}, signed=(signing.PUSH, self.device_key))
        body_sha256 = signing.sha256_hex(self.last_body or b"")
        try:
            results = [ItemResult(r["event_id"], r["status"], int(r["code"]), r.get("ack"), r.get("reason"))
                       for r in data["results"]]
            raw = data.get("receipt")
            receipt = Receipt(str(raw["statement"]), str(raw["signature"])) if raw else None
        except (KeyError, TypeError, ValueError) as exc:
            raise TransientError("Câu trả lời của máy chủ không đúng định dạng.") from exc
        return Pushed(results, receipt, body_sha256)

    def push(self, events: list[dict[str, Any]]) -> list[ItemResult]:
        return self.push_signed(events).results

    def anchor_audit(self, seq: int, head: str) -> Receipt:
        """Have the server countersign the head of this workstation's audit chain."""
        data = self._call("POST", "/v1/audit/head", json={"seq": seq, "hash": head},
                          signed=(signing.AUDIT_HEAD, self.device_key))
        try:
            return Receipt(str(data["statement"]), str(data["signature"]))
        except (KeyError, TypeError) as exc:
            raise TransientError("Câu trả lời của máy chủ không đúng định dạng.") from exc

    def pull(self, after: int, limit: int = 500) -> PullPage:
        data = self._call("GET", "/v1/changes", params={"after": after, "limit": limit})
        try:
            return PullPage(list(data["changes"]), int(data["cursor"]), bool(data["more"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise TransientError("Câu trả lời của máy chủ không đúng định dạng.") from exc

    def code_marks(self, since: date, workstation_no: int, stride: int,
                   prefix: str | None = None) -> list[tuple[date, int]]:
        """The province's highest number per day (from *since*) in this workstation's sequence;
        with *prefix*, codes printed under that identifier (the second code form) count too."""
        params: dict[str, Any] = {"since": since.isoformat(), "workstation_no": workstation_no, "stride": stride}
        if prefix:
            params["prefix"] = prefix
        data = self._call("GET", "/v1/codes/marks", params=params)
        try:
            return [(date.fromisoformat(m["day"]), int(m["seq"])) for m in data["marks"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise TransientError("Câu trả lời của máy chủ không đúng định dạng.") from exc

    def file_state(self, sha256: str) -> tuple[int, bool]:
        """(bytes the server holds, complete) of the file named by *sha256*."""
        data = self._call("GET", f"/v1/files/{sha256}/offset")
        try:
            return int(data["offset"]), bool(data["complete"])
        except (KeyError, TypeError, ValueError) as exc:
            raise TransientError("Câu trả lời của máy chủ không đúng định dạng.") from exc

    def upload_chunk(self, sha256: str, offset: int, total: int, chunk: bytes) -> tuple[int, bool, str | None]:
        """Send *chunk* at *offset* of a file of *total* bytes: (bytes held, complete, the hash
        the server verified once complete). A 409 (the server holds another offset) is a
        PermanentError whose status is 409: ask :meth:`file_state` and go on from there."""
        headers = {"Upload-Offset": str(offset), "Upload-Length": str(total),
                   "Content-Type": "application/octet-stream"}
        if self.device_key is not None:  # a token alone cannot store a file at the province
            headers[signing.SIGNATURE_HEADER] = signing.sign(
                self.device_key, signing.FILE_CHUNK, signing.chunk_statement(sha256, offset, total, chunk))
        data = self._call("PATCH", f"/v1/files/{sha256}", data=chunk, headers=headers)
        try:
            return int(data["offset"]), bool(data["complete"]), data.get("verified")
        except (KeyError, TypeError, ValueError) as exc:
            raise TransientError("Câu trả lời của máy chủ không đúng định dạng.") from exc

    def close(self) -> None:
        self.session.close()
