"""`verify QR_TEXT`: check a slip's QR with the province's public key only, offline."""

from __future__ import annotations

from pathlib import Path

from ui.cli.main import BadInput, print_json, say

# Exit codes, one per verdict (2 stays "bad input": no key, an unreadable file).
EXIT_CODES = {"valid": 0, "not_signed": 3, "forged": 4, "altered": 5, "not_a_slip": 6}
EXIT_REVOKED = 7  # valid signature, but the province had revoked the workstation before it signed


def register(sub) -> None:
    p = sub.add_parser(
        "verify", help="kiểm tra mã QR trên phiếu (hợp lệ / chưa ký / giả mạo / bị sửa) chỉ bằng khoá công khai "
                       "của tỉnh, không cần mạng; mã thoát: 0 hợp lệ, 3 chưa ký, 4 giả mạo, 5 bị sửa, "
                       "6 không phải mã của phiếu, 7 máy trạm đã bị thu hồi trước lúc ký, 2 dữ liệu vào sai")
    p.add_argument("text", metavar="QR_TEXT", nargs="?",
                   help="nội dung mã QR như máy quét đọc (bắt đầu bằng HS1:); bỏ trống hoặc '-': đọc từ stdin")
    p.add_argument("--file", type=Path, help="đọc nội dung mã QR từ tệp (UTF-8)")
    p.add_argument("--key", type=Path,
                   help="tệp khoá công khai của tỉnh (base64 32 byte hoặc PEM); mặc định: khoá máy chủ tỉnh mà "
                        "hồ sơ dữ liệu này nhận khi đăng ký")
    p.add_argument("--revocations", type=Path, metavar="TỆP",
                   help="tệp danh sách máy trạm bị thu hồi do tỉnh ký (counter-server revocation-list); "
                        "dùng danh sách mới nhất giữa tệp này và danh sách máy trạm nhận khi đồng bộ")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON ra stdout")
    p.set_defaults(handler=cmd_verify)


def _province_key(args, ctx) -> bytes:
    from counter_app.domain.slip_qr import QrKeyError, read_public_key
    from ui.cli.main import describe_error

    if args.key is not None:
        try:
            data = args.key.read_bytes()
        except OSError as exc:
            raise BadInput(f"Không đọc được tệp khoá {args.key}: {describe_error(exc)}") from exc
        source = f"Tệp khoá {args.key}"
    else:
        if not ctx.profile_dir.is_dir():
            raise BadInput(f"Không có thư mục dữ liệu {ctx.profile_dir} để lấy khoá của tỉnh: dùng --key TỆP "
                           "(khoá công khai của tỉnh).")
        from counter_app.store.queries import setting
        from sync.receipts import SERVER_KEY

        text = setting(ctx.store, SERVER_KEY)
        if not text:
            raise BadInput("Máy trạm này chưa đăng ký với máy chủ tỉnh nên chưa có khoá của tỉnh: dùng --key TỆP.")
        data, source = str(text).encode("ascii"), "Khoá máy chủ tỉnh đã lưu khi đăng ký"
    try:
        return read_public_key(data)
    except QrKeyError as exc:
        raise BadInput(f"{source} không phải khoá công khai Ed25519 (base64 của 32 byte, hoặc PEM) ({exc}).") from None


def _revocations(args, ctx, key: bytes):
    """The newest list of revoked workstations signed with *key*: the file given, or the one
    this profile kept at its last sync; None when there is none."""
    from ui.cli.main import describe_error

    lists = []
    if args.revocations is not None:
        try:
            raw = args.revocations.read_bytes()
        except OSError as exc:
            raise BadInput(f"Không đọc được tệp {args.revocations}: {describe_error(exc)}") from exc
        found = _read_list(raw, key)
        if found is None:
            raise BadInput(f"Tệp {args.revocations} không phải danh sách thu hồi do tỉnh (khoá này) ký.")
        lists.append(found)
    if ctx.profile_dir.is_dir():
        from counter_app.store.queries import setting
        from sync.slip_signer import REVOCATIONS

        try:
            kept = setting(ctx.store, REVOCATIONS)
        except Exception:  # noqa: BLE001 - a profile that cannot be opened has no list to offer
            kept = None
        found = _read_list(str(kept).encode("ascii", "replace"), key) if kept else None
        if found is not None:
            lists.append(found)
    return max(lists, key=lambda r: r.issued_at, default=None)


def _read_list(raw: bytes, key: bytes):
    """The revocation list in *raw* (base64 text, or its bytes) signed with *key*; None otherwise."""
    from counter_app.domain.slip_qr import read_revocation_list

    for data in (_unbase64(raw), raw):
        try:
            return read_revocation_list(data, key)
        except ValueError:
            continue
    return None


def _unbase64(raw: bytes) -> bytes:
    import base64
    import binascii

    try:
        return base64.b64decode(raw.strip(), validate=True)
    except (binascii.Error, ValueError):
        return b""


def _qr_text(args) -> str:
    from ui.cli.textio import read_input

    if args.file is not None and args.text not in (None, "-"):
        raise BadInput("Chỉ đưa nội dung mã QR một cách: QR_TEXT, --file hoặc stdin.")
    if args.file is not None:
        text = read_input(args.file)
    elif args.text in (None, "-"):
        text = read_input(None)
    else:
        text = args.text
    text = text.strip()
    if not text:
        raise BadInput("Nội dung mã QR trống.")
    return text


def cmd_verify(args, ctx) -> int:
    """Say the verdict in Vietnamese (stderr; --json: JSON on stdout); the exit code is the verdict's."""
    from counter_app.domain.slip_qr import verify
    from counter_app.domain.slip_qr_text import describe, revocation_list_lines

    text = _qr_text(args)
    key = _province_key(args, ctx)
    result = verify(text, key)
    revocations = _revocations(args, ctx, key)
    distrusted, noted = revocation_list_lines(result, revocations)
    lines = describe(result) + noted
    if args.json:
        st, cert = result.statement, result.certificate
        print_json({"verdict": result.verdict.value, "reason": result.reason.value, "message": lines,
                    "statement": None if st is None else {
                        "code": st.code, "initials": st.initials, "received_at": st.received_at.isoformat(),
                        "due_at": st.due_at.isoformat(), "signed_at": st.signed_at.isoformat()},
                    "certificate": None if cert is None else {
                        "device_id": cert.device_id, "agency_id": cert.agency_id,
                        "workstation_no": cert.workstation_no, "not_before": cert.not_before.isoformat(),
                        "not_after": cert.not_after.isoformat()},
                    "code": result.code,
                    "revocations": None if revocations is None or cert is None else {
                        "issued_at": revocations.issued_at.isoformat(),
                        "revoked_at": (lambda at: at and at.isoformat())(revocations.revoked_at(cert.device_id)),
                        "revoked_before_signing": distrusted}})
    else:
        for line in lines:
            say(line)
    return EXIT_REVOKED if distrusted else EXIT_CODES[result.verdict.value]
