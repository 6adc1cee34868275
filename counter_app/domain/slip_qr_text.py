"""The slip QR's verification in Vietnamese words, shared by `counter-app verify` and the
reference server's page (neither may import the other's layer; both import counter_app)."""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.clock import VN_TZ
from counter_app.domain.slip_qr import Reason, RevocationList, Verdict, Verification

VERDICT_WORDS = {
    Verdict.VALID: "HỢP LỆ: phiếu do máy trạm được tỉnh chứng nhận ký, nội dung không bị sửa.",
    Verdict.NOT_SIGNED: "CHƯA KÝ: mã QR chỉ ghi mã hồ sơ, không có chữ ký nên không xác minh được.",
    Verdict.FORGED: "GIẢ MẠO: chữ ký không phải của một máy trạm được tỉnh chứng nhận.",
    Verdict.ALTERED: "BỊ SỬA: nội dung mã QR đã bị thay đổi sau khi máy trạm ký.",
    Verdict.NOT_A_SLIP: "KHÔNG PHẢI MÃ CỦA PHIẾU: nội dung này không phải mã QR của phiếu tiếp nhận hồ sơ.",
}

REASON_WORDS = {
    Reason.NOT_PREFIXED: "Nội dung không bắt đầu bằng “HS1:” và không chứa mã hồ sơ.",
    Reason.NOT_BASE45: "Phần sau “HS1:” không đọc được (không phải base45): mã bị hỏng hoặc gõ sai.",
    Reason.NOT_COSE: "Phần dữ liệu không phải một bản ký COSE_Sign1.",
    Reason.BAD_ALG: "Bản ký không dùng thuật toán Ed25519 (EdDSA) như phiếu của tỉnh.",
    Reason.NO_CERTIFICATE: "Bản ký không kèm chứng thư của máy trạm.",
    Reason.UNKNOWN_SIGNER: "Chứng thư của máy trạm không được ký bằng khoá của tỉnh này (người ký không rõ).",
    Reason.BAD_CERTIFICATE: "Chứng thư không đúng định dạng.",
    Reason.OTHER_KEY: "Phiếu được ký bằng một khoá khác với khoá ghi trong chứng thư.",
    Reason.BAD_SIGNATURE: "Chữ ký không khớp với nội dung: ít nhất một phần nội dung đã bị sửa.",
    Reason.OUTSIDE_VALIDITY: "Phiếu được ký ngoài thời hạn hiệu lực của chứng thư máy trạm.",
    Reason.BAD_STATEMENT: "Nội dung đã ký không phải thông tin phiếu mà phiên bản này đọc được.",
    Reason.OTHER_AGENCY: "Mã hồ sơ ghi cơ quan khác với cơ quan trong chứng thư của máy trạm đã ký.",
}


def _time(value) -> str:
    return f"{value.hour:02d} giờ {value.minute:02d} phút, ngày {value:%d/%m/%Y}"  # ASCII specs (Windows strftime)


def describe(result: Verification) -> list[str]:
    """The verdict's sentence, then "Field: value" lines (the reason, or what the slip states)."""
    lines = [VERDICT_WORDS[result.verdict]]
    if result.verdict is Verdict.NOT_SIGNED and result.code:
        lines.append(f"Mã hồ sơ ghi trên mã QR (chưa xác minh): {result.code}")
    elif result.reason in REASON_WORDS:
        lines.append(f"Lý do: {REASON_WORDS[result.reason]}")
    st, cert = result.statement, result.certificate
    if result.valid and st is not None and cert is not None:
        lines += [f"Mã hồ sơ: {st.code}",
                  f"Cơ quan tiếp nhận (mã): {cert.agency_id}",
                  f"Chữ cái đầu họ tên người nộp: {st.initials or '(không có)'}",
                  f"Thời gian nhận hồ sơ: {_time(st.received_at)}",
                  f"Thời gian hẹn trả kết quả: {_time(st.due_at)}",
                  f"Ký lúc: {_time(st.signed_at)}",
                  f"Máy trạm: số quầy {cert.workstation_no if cert.workstation_no is not None else '(không ghi)'}, "
                  f"thiết bị {cert.device_id}",
                  f"Chứng thư có hiệu lực: {cert.not_before:%d/%m/%Y} – {cert.not_after:%d/%m/%Y} (UTC)"]
    return lines


def _vn_wall(value: datetime) -> datetime:
    return value.astimezone(VN_TZ).replace(tzinfo=None) if value.tzinfo is not None else value


def revocation_lines(result: Verification, revoked_at: datetime | None) -> tuple[bool, list[str]]:
    """What a revocation of the signing workstation (*revoked_at*: Vietnam wall time, or aware)
    means for a valid slip: (True when it was revoked before the slip was signed, so its content
    is not to be trusted, the line saying so)."""
    if not result.valid or result.statement is None or revoked_at is None:
        return False, []
    revoked = _vn_wall(revoked_at)
    if result.statement.signed_at >= revoked:  # the key may be in other hands since
        return True, [f"Cảnh báo: máy trạm này đã bị tỉnh thu hồi trước lúc ký phiếu "
                      f"(lúc {revoked:%H:%M} ngày {revoked:%d/%m/%Y}): không tin nội dung phiếu."]
    return False, [f"Lưu ý: máy trạm này đã bị tỉnh thu hồi lúc {revoked:%H:%M} ngày {revoked:%d/%m/%Y}, "
                   "sau khi ký phiếu này."]


def revocation_list_lines(result: Verification, revocations: RevocationList | None) -> tuple[bool, list[str]]:
    """:func:`revocation_lines` from the province's signed list, and the list's date (what the
    check knows of revocations is what the province listed up to then)."""
    if not result.valid or result.certificate is None or revocations is None:
        return False, []
    revoked, lines = revocation_lines(result, revocations.revoked_at(result.certificate.device_id))
    return revoked, lines + [f"Danh sách thu hồi của tỉnh dùng để kiểm tra: lập lúc {_time(_vn_wall(revocations.issued_at))}"]
