"""The province's side of the slip QR (issue 16 item 3): workstation certificates and the
public page where anyone pastes a slip's QR text to verify it.

The reference server's own Ed25519 key (``server_key``) is the province's key: it signs the
certificates (COSE_Sign1, see counter_app.domain.slip_qr) as well as the sync acknowledgements. The
two cannot be confused: an acknowledgement signs ``counter-sync-v1 ack\\n…`` bytes, a COSE
signature a CBOR ``["Signature1", …]`` structure.
"""

from __future__ import annotations

import base64
import html
from datetime import UTC, datetime, timedelta
from typing import Annotated
from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse

from counter_app.domain import slip_qr
from counter_app.domain.slip_qr_text import describe, revocation_lines
from sync import signing
from sync.protocol import CertificateResponse, ErrorResponse, RevocationListResponse, SafeStr
from sync.server.store import Device, ServerStore

#: How long a certificate is valid. Slips are verified against the time they were signed, so
#: a slip stays valid after its certificate expires; the workstation asks for a new one well
#: before (sync.slip_signer.RENEW_BEFORE).
CERTIFICATE_VALIDITY = timedelta(days=730)
#: Backdated so that a workstation whose clock runs behind the server's still signs within it.
CERTIFICATE_BACKDATE = timedelta(days=1)
PAGE_PATH = "/verify"


def issue(province_key, dev: Device, now: datetime | None = None) -> tuple[str, datetime] | None:
    """A certificate (base64) of *dev*'s registered key and its expiry; None without a key."""
    if not dev.public_key:
        return None
    now = now or datetime.now(UTC)
    not_after = now + CERTIFICATE_VALIDITY
    raw = slip_qr.issue_certificate(province_key, device_id=dev.id, agency_id=dev.agency_id,
                                    workstation_no=dev.workstation_no,
                                    public_key=signing.unb64(dev.public_key),
                                    not_before=now - CERTIFICATE_BACKDATE, not_after=not_after)
    return base64.b64encode(raw).decode("ascii"), not_after


def revocation_list(province_key, store: ServerStore, now: datetime | None = None) -> tuple[str, datetime]:
    """The province's list of revoked workstations, signed now (base64), and its time."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    raw = slip_qr.issue_revocation_list(province_key, store.revoked_devices(), now)
    return base64.b64encode(raw).decode("ascii"), now


def _answers(meaning: dict[int, str], json_too: bool = False) -> dict[int | str, dict]:
    """Error answers (JSON, as every route's); *json_too* for an HTML route, whose extra
    answers FastAPI would otherwise list as text/html only."""
    extra = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}} \
        if json_too else {}
    return {code: {"model": ErrorResponse, "description": text, **extra} for code, text in meaning.items()}


def add_routes(app: FastAPI, store: ServerStore, province_key, province_public: str, current_device) -> None:
    """``GET /v1/device/certificate`` (a device renews its certificate) and the verify page."""

    @app.get("/v1/device/certificate", response_model=CertificateResponse, tags=["enrollment"],
             responses=_answers({401: "No token, or the device's token is unknown or revoked: enroll again",
                                 409: "The device has no registered key yet (POST /v1/device/key)"}))
    def certificate(dev: Device = Depends(current_device)) -> CertificateResponse:
        """A fresh certificate of the device's registered key, signed by the province: the
        workstation asks for one when it has none or its own is near its end."""
        issued = issue(province_key, dev)
        if issued is None:
            raise HTTPException(409, "Thiết bị chưa đăng ký khoá ký (Ed25519); chưa thể cấp chứng thư.")
        return CertificateResponse(certificate=issued[0], not_after=issued[1].isoformat())

    @app.get("/v1/revocations", response_model=RevocationListResponse, tags=["slips"])
    def revocations() -> RevocationListResponse:
        """The province's signed list of revoked workstations (public, as the province key is):
        workstations keep the newest so that `counter-app verify` knows them offline."""
        signed, at = revocation_list(province_key, store)
        return RevocationListResponse(revocations=signed, issued_at=at.isoformat())

    @app.get(PAGE_PATH, response_class=HTMLResponse, tags=["slips"],
             responses=_answers({422: "`qr` is longer than 4,096 characters or holds a NUL"}, json_too=True))
    def verify_page(qr: Annotated[SafeStr, Query(max_length=slip_qr.MAX_TEXT,
                                                 description="The QR text of a slip, as scanned or typed")] = ""
                    ) -> HTMLResponse:
        """A page (Vietnamese HTML) where anyone pastes a slip's QR text: it says whether the
        slip is valid (with what it states), not signed, forged, altered, or not a slip's code,
        checked with this province's public key only (and whether the workstation was revoked)."""
        result = slip_qr.verify(qr, signing.unb64(province_public)) if qr.strip() else None
        revoked = None
        if result is not None and result.certificate is not None:
            revoked = store.revoked_at(result.certificate.device_id)  # Vietnam wall time, as the store keeps it
        return HTMLResponse(_page(qr, result, revoked, province_public))


_STYLE = ("body{font-family:'Times New Roman',serif;max-width:46em;margin:2em auto;padding:0 1em}"
          "textarea{width:100%;font-family:monospace}"
          ".valid{color:#0a5d1e}.bad{color:#a00000}.warn{color:#7a5200}"
          "dt{font-weight:bold}dd{margin:0 0 .4em 1.5em}")


def _page(qr: str, result: slip_qr.Verification | None, revoked: datetime | None, province_public: str) -> str:
    esc = html.escape
    parts = ["<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>",
             "<title>Kiểm tra phiếu tiếp nhận hồ sơ</title>", f"<style>{_STYLE}</style></head><body>",
             "<h1>Kiểm tra mã QR trên phiếu tiếp nhận hồ sơ</h1>",
             f"<form method='get' action='{PAGE_PATH}'>",
             "<p><label for='qr'>Dán nội dung mã QR (quét bằng máy quét hoặc điện thoại):</label></p>",
             f"<textarea id='qr' name='qr' rows='6'>{esc(qr)}</textarea>",
             "<p><button type='submit'>Kiểm tra</button></p></form>"]
    if result is not None:
        words = describe(result)
        css = "valid" if result.valid else "warn" if result.verdict is slip_qr.Verdict.NOT_SIGNED else "bad"
        distrusted, noted = revocation_lines(result, revoked)
        words = words + noted
        if distrusted:
            css = "bad"
        parts.append(f"<h2 class='{css}' id='verdict' data-verdict='{esc(result.verdict.value)}'>{esc(words[0])}</h2>")
        if len(words) > 1:
            parts.append("<dl>" + "".join(_line(w) for w in words[1:]) + "</dl>")
    parts.append(f"<p><small>Khoá công khai của tỉnh (Ed25519, base64): <code>{esc(province_public)}</code></small></p>")
    parts.append("</body></html>")
    return "".join(parts)


def _line(text: str) -> str:
    head, sep, tail = text.partition(": ")
    if not sep:
        return f"<dd>{html.escape(text)}</dd>"
    return f"<dt>{html.escape(head)}</dt><dd>{html.escape(tail)}</dd>"
