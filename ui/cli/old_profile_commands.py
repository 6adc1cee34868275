"""The `old-profile` subcommand: show, or remove once proved copied, an old per-user profile
left in clear after its adoption into the machine-wide one (counter_app.store.old_profile)."""

from __future__ import annotations

from pathlib import Path

from counter_app.domain.enums import Role
from ui.cli.main import EXIT_FAILED, EXIT_OK, BadInput, describe_error, print_json, say


def register(sub) -> None:
    p = sub.add_parser("old-profile", help="xem hoặc xóa dữ liệu cũ (phiên bản trước, chưa mã hóa) đã được chép "
                                           "sang thư mục dùng chung")
    p.add_argument("--folder", type=Path, help="thư mục dữ liệu cũ (mặc định: của tài khoản Windows đang dùng)")
    p.add_argument("--remove", action="store_true",
                   help="xóa thư mục cũ sau khi kiểm tra thư mục dùng chung có đủ hồ sơ của nó (quản trị viên)")
    p.add_argument("--admin", help="tên đăng nhập của quản trị viên (bắt buộc với --remove)")
    p.set_defaults(handler=cmd_old_profile)


def cmd_old_profile(args, ctx) -> int:
    from counter_app.services import auth
    from counter_app.store.old_profile import OldProfileDiffers, find_left_in_clear, record_removed, remove_old_profile
    from ui.cli.admin_commands import _admin_actor
    from ui.old_profile_text import left_in_clear_text
    from ui.messages import error_text

    found = find_left_in_clear(args.folder)
    if found is None:
        where = args.folder or "của tài khoản này"
        print_json({"old_profile": None})
        say(f"Không có dữ liệu cũ chưa mã hóa ({where}).")
        return EXIT_OK
    info = {"folder": str(found.folder), "moved_to": found.moved_to, "plain_database": found.plain_database,
            "plain_files": found.plain_files, "size": found.size}
    if not args.remove:
        print_json({"old_profile": info})
        say(left_in_clear_text(found))
        return EXIT_OK
    if not args.admin:
        raise BadInput("--remove cần quản trị viên: thêm --admin TÊN_ĐĂNG_NHẬP (mật khẩu ở biến "
                       "COUNTER_ADMIN_PASSWORD hoặc nhập khi được hỏi).")
    actor = _admin_actor(args, ctx)
    auth.require_role(actor, Role.ADMIN, "Xóa dữ liệu cũ")
    try:
        removed = remove_old_profile(found.folder, ctx.store)
    except OldProfileDiffers as exc:
        say(error_text(exc))
        print_json({"old_profile": info, "removed": False})
        return EXIT_FAILED
    except OSError as exc:
        say(f"Chưa xóa hết {found.folder}: {describe_error(exc)}. Hãy đóng chương trình đang mở tệp trong đó rồi "
            f"chạy lại lệnh.")
        return EXIT_FAILED
    record_removed(ctx.store, actor.officer_id, removed)
    print_json({"old_profile": info, "removed": True, "dossiers_checked": removed.dossiers_checked})
    say(f"Đã xóa dữ liệu cũ {found.folder} ({removed.dossiers_checked} hồ sơ đã có trong thư mục dùng chung).")
    return EXIT_OK
