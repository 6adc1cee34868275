"""Sync subcommands: enroll this workstation with the provincial server, run one sync pass."""

from __future__ import annotations

from ui.cli.main import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, print_json, say
from ui.messages import error_text


def register(sub) -> None:
    p = sub.add_parser("enroll", help="đăng ký máy trạm với máy chủ tỉnh bằng mã đăng ký một lần")
    p.add_argument("--server", required=True, help="địa chỉ máy chủ, ví dụ https://motcua.example.gov.vn")
    p.add_argument("--code", required=True, help="mã đăng ký do tỉnh cấp")
    p.add_argument("--ca-bundle", help="tệp chứng chỉ CA của tỉnh (PEM), nếu có")
    p.set_defaults(handler=cmd_enroll)

    p = sub.add_parser("sync", help="đồng bộ một lượt với máy chủ tỉnh (in kết quả dạng JSON)")
    p.add_argument("--batch-size", type=int, default=200, help="số mục mỗi lần gửi (mặc định 200)")
    p.set_defaults(handler=cmd_sync)


def cmd_enroll(args, ctx) -> int:
    from sync.config import enroll
    from sync.transport import InsecureServerUrl, SyncError

    try:
        device_id = enroll(ctx.store, args.server, args.code, ca_bundle=args.ca_bundle)
    except InsecureServerUrl as exc:
        say(error_text(exc))
        return EXIT_BAD_INPUT
    except SyncError as exc:
        say(f"Không đăng ký được: {exc}")
        return EXIT_FAILED
    print_json({"device_id": device_id, "server": args.server})
    say("Đã đăng ký máy trạm với máy chủ tỉnh.")
    return EXIT_OK


def cmd_sync(args, ctx) -> int:
    from sync.engine import SyncEngine, SyncState

    if args.batch_size < 1:
        say("--batch-size: phải là số nguyên dương")
        return EXIT_BAD_INPUT
    result = SyncEngine(ctx.store, batch_size=args.batch_size).run_once(force=True)
    out = result.to_json()
    print_json({k: out[k] for k in ("state", "pushed", "acknowledged", "rejected", "pulled", "pending",
                                    "rejected_total", "oldest_pending_at", "last_success_at", "error",
                                    "clock_skew_s")})
    if result.error:
        say(result.error)
    if result.clock_skewed:
        minutes = round(abs(result.clock_skew_s) / 60)
        say(f"Đồng hồ máy này {'nhanh' if result.clock_skew_s > 0 else 'chậm'} hơn máy chủ khoảng {minutes} phút: "
            "hãy chỉnh lại đồng hồ (giờ tiếp nhận và ngày hẹn lấy theo đồng hồ này).")
    return EXIT_OK if result.state is SyncState.ONLINE else EXIT_FAILED
