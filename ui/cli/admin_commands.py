"""Administration subcommands: check, backup, backup-location, restore, officer add/passwd/list.

``officer`` commands act as an administrator: ``--admin NAME`` with the password from the
COUNTER_ADMIN_PASSWORD environment variable or typed at the prompt (while no administrator
has a password yet, the first administrator may be created without one). New passwords come
from ``--password-stdin`` (one line) or are typed twice at the prompt. ``restore`` needs only
access to the profile folder (a damaged database cannot check a password); it never deletes
the current file: it is moved to ``<profile>/set-aside/``.
"""

from __future__ import annotations

import getpass
import os
import sys

from counter_app.domain.enums import Role
from counter_app.domain.errors import CounterError, FieldError, ValidationFailed
from ui.cli.main import EXIT_FAILED, EXIT_OK, BadInput, print_json, say
from ui.cli.textio import read_stdin_line

ROLE_CHOICES = [r.value for r in Role]


def _db_filename() -> str:
    from counter_app.domain.paths import DB_FILENAME

    return DB_FILENAME


def register(sub) -> None:
    p = sub.add_parser("check", help="kiểm tra toàn vẹn cơ sở dữ liệu, chuỗi nhật ký kiểm toán và lịch sử hồ sơ")
    p.add_argument("--full", action="store_true", help="kiểm tra đầy đủ (integrity_check), chậm hơn")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu ngay")
    p.add_argument("-o", "--output", help="tệp đích (mặc định: thư mục sao lưu đã cài đặt)")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("backup-location", help="xem hoặc đặt thư mục sao lưu (ổ đĩa khác, thư mục dùng chung)")
    p.add_argument("path", nargs="?", metavar="THƯ_MỤC",
                   help="thư mục sao lưu mới: phải có sẵn, ghi được, nằm ngoài thư mục dữ liệu (bỏ trống: chỉ xem)")
    p.add_argument("--default", action="store_true", help="trở về thư mục mặc định trong thư mục dữ liệu")
    p.add_argument("--admin", help="tên đăng nhập của quản trị viên thực hiện (bắt buộc khi đổi)")
    p.set_defaults(handler=cmd_backup_location)

    p = sub.add_parser("restore", help="khôi phục cơ sở dữ liệu từ một bản sao lưu")
    p.add_argument("file", nargs="?", help="tệp sao lưu (bỏ trống với --newest)")
    p.add_argument("--newest", action="store_true", help="dùng bản sao lưu tốt mới nhất")
    p.add_argument("--recovery-key", metavar="TỆP_KHÓA",
                   help="tệp khóa khôi phục (bản sao lưu được mã hóa trên máy khác hoặc trước khi kho khóa bị xóa)")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("code-rules", help="xem và chọn quy tắc mã hồ sơ (Thông tư 01/2018, 04/2025)")
    p.add_argument("--select", nargs="+", metavar="ID", help="các quy tắc cơ quan áp dụng")
    p.add_argument("--centralised-agency-id", help="mã cơ quan dạng MX1X2.Y1Y2Y3.Z1Z2 (mã hồ sơ dạng thứ hai)")
    p.add_argument("--platform-owner", help="2 chữ số của đơn vị chủ quản nền tảng (AA)")
    p.add_argument("--admin", help="tên đăng nhập của quản trị viên thực hiện (khi đổi cài đặt)")
    p.set_defaults(handler=cmd_code_rules, password_stdin=False)

    p = sub.add_parser("recovery-key", help="xuất khóa khôi phục dữ liệu đã mã hóa (quản trị viên)")
    p.add_argument("--out", required=True, metavar="TỆP", help="tệp để ghi khóa khôi phục (chưa tồn tại)")
    p.add_argument("--admin", required=True, help="tên đăng nhập của quản trị viên")
    p.set_defaults(handler=cmd_recovery_key)

    officer = sub.add_parser("officer", help="quản lý tài khoản cán bộ (quản trị viên)")
    osub = officer.add_subparsers(dest="officer_command", metavar="LỆNH", required=True)
    p = osub.add_parser("add", help="tạo tài khoản")
    p.add_argument("username")
    p.add_argument("--name", required=True, help="họ và tên")
    p.add_argument("--role", choices=ROLE_CHOICES, default=Role.OFFICER.value)
    _auth_args(p)
    p.set_defaults(handler=cmd_officer_add)
    p = osub.add_parser("passwd", help="đặt lại mật khẩu")
    p.add_argument("username")
    _auth_args(p)
    p.set_defaults(handler=cmd_officer_passwd)
    p = osub.add_parser("list", help="liệt kê tài khoản")
    p.set_defaults(handler=cmd_officer_list)


def _auth_args(p) -> None:
    p.add_argument("--admin", help="tên đăng nhập của quản trị viên thực hiện")
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu mới từ một dòng của stdin (UTF-8)")


def cmd_check(args, ctx) -> int:
    from counter_app.store.backup import check_integrity

    from counter_app.store import crypt

    db = ctx.profile_dir / _db_filename()
    if crypt.is_plain(db):
        try:
            ctx.store  # noqa: B018 - opening converts a profile left plain by an older version
        except CounterError:
            pass  # too damaged to convert: the integrity check below says so
    keys = crypt.default_keystore()
    if keys.fallback:
        say(f"Cảnh báo: máy này không có kho khóa của hệ điều hành; khóa mã hóa dữ liệu và mã thiết bị được "
            f"giữ trong tệp {keys.backend.path} (chỉ tài khoản này đọc được, nhưng không được hệ điều hành "
            f"bảo vệ). Hãy xuất khóa khôi phục (counter-app recovery-key) và cất ở nơi an toàn.")
    if getattr(keys, "os_protected", True) is False:  # the machine's store off Windows
        say(f"Cảnh báo: khóa mã hóa dữ liệu dùng chung được giữ trong tệp {keys.backend.path}, chỉ được bảo vệ "
            f"bằng quyền của thư mục {keys.backend.path.parent} (hệ điều hành này không có kho khóa chung của "
            f"máy). Chỉ người dùng của quầy được đọc thư mục đó. Hãy xuất khóa khôi phục (counter-app "
            f"recovery-key) và cất ở nơi an toàn.")
    old_profile = _report_old_profile()
    try:
        keys.database_key()
    except crypt.KeyError_ as exc:  # the machine's key file is unusable, or the key was never moved in
        from ui.messages import error_text

        say(error_text(exc))
        print_json({"database": "key not available", "key_store": keys.name, "audit": "not checked"})
        return EXIT_FAILED
    report = check_integrity(db, quick=not args.full)
    if report.storage is None and not report.ok and db.exists() and _wrong_key(db, keys.database_key()):
        from ui.messages import message_text

        say(message_text(crypt.wrong_key_message(db)))
        print_json({"database": "wrong key", "key_store": keys.name, "audit": "not checked"})
        return EXIT_FAILED
    if report.storage is not None:  # the disk, not the data: never advise a restore
        return _disk_problem(report.storage)
    from ui.messages import param_text, said_text

    result = {"database": "ok" if report.ok else "damaged",
              "database_messages": [said_text(m) for m in report.messages[:20]],
              "key_store": keys.name, "key_store_fallback": keys.fallback, "old_profile": old_profile}
    if not report.ok:
        say(f"Cơ sở dữ liệu bị hỏng: {param_text(list(report.messages[:5]))}")
        say("Hãy khôi phục bản sao lưu: counter-app restore --newest")
        result["audit"] = "not checked"
        print_json(result)
        return EXIT_FAILED
    from counter_app.store.backup import record_integrity
    from counter_app.store.queries import trail_problems
    from sync.receipts import audit_anchors

    try:
        record_integrity(ctx.store, report)  # the start's daily quick_check counts from here too
        problems, history = trail_problems(ctx.store)
        # Read after the chain: both only grow, so a head countersigned in between is in the chain too.
        anchors, anchor_problems = audit_anchors(ctx.store)
    except Exception as exc:  # noqa: BLE001 - sorted below: the disk, or a message for anything else
        from counter_app.store.backup import candidate_folders
        from counter_app.store.storage import storage_problem

        problem = storage_problem(exc, ctx.profile_dir, candidate_folders(ctx.profile_dir))
        if problem is None:
            raise
        return _disk_problem(problem)
    problems = [*problems, *anchor_problems]  # the province's countersigned heads: a whole rewrite shows
    result["audit"] = "ok" if not problems else "tampered"
    result["audit_anchors"] = anchors
    result["audit_problems"] = [{"seq": p.seq, "kind": p.kind, "message": said_text(p.message)} for p in problems]

    result["history"] = "ok" if not history else "inconsistent"
    result["history_problems"] = [
        {"code": h.code, "event_seq": h.event_seq, "kind": h.kind, "message": said_text(h.message)} for h in history
    ]
    from counter_app.store.queries import backup_placement

    placement = backup_placement(ctx.store, ctx.profile_dir)
    result["backup_location"] = _placement_json(placement)  # a warning: the exit code is the data's
    print_json(result)
    for p in problems:
        say(said_text(p.message))
    for h in history:
        say(said_text(h.message))
    if placement.warn:
        from ui.backup_place_text import CLI_HINT

        say(result["backup_location"]["warning"])
        say(CLI_HINT)
    if problems or history:
        return EXIT_FAILED
    say("Cơ sở dữ liệu, nhật ký kiểm toán và lịch sử hồ sơ toàn vẹn.")
    return EXIT_OK


def _report_old_profile() -> dict | None:
    """An old per-user profile left in clear after its adoption (counter_app.store.old_profile): said,
    and returned for the JSON report (None when there is none)."""
    from counter_app.store.old_profile import find_left_in_clear
    from ui.old_profile_text import left_in_clear_text

    found = find_left_in_clear()
    if found is None:
        return None
    say(left_in_clear_text(found))
    return {"folder": str(found.folder), "plain_database": found.plain_database, "plain_files": found.plain_files,
            "size": found.size}


def _wrong_key(db, key: bytes) -> bool:
    """True when *key* does not open *db* at all (another key, or page 1 damaged: alike)."""
    from counter_app.store import crypt

    if crypt.is_plain(db):
        return False
    try:
        return not crypt.key_opens(db, key)
    except crypt.Error:
        return False


def _disk_problem(problem) -> int:
    """`check` on a full, read-only or failing disk: say what to free or fix; no restore advised."""
    from ui.storage_text import storage_text

    print_json({"database": "not checked", "disk": problem.kind, "free_bytes": problem.free_bytes,
                "reclaimable": [{"what": r.what, "path": str(r.path), "size": r.size, "files": r.files}
                                for r in problem.reclaimable],
                "detail": problem.detail, "audit": "not checked"})
    say(storage_text(problem))
    return EXIT_FAILED


def cmd_backup(args, ctx) -> int:
    from pathlib import Path

    from counter_app.store.backup import backup_now, make_backup

    if args.output:
        folder = Path(args.output).parent
        if not folder.is_dir():
            raise BadInput(f"-o: không có thư mục {folder} để ghi bản sao lưu.")
        info = make_backup(ctx.store, folder, dest=Path(args.output))
    else:
        info = backup_now(ctx.store, ctx.profile_dir, reason="manual")
    print_json({"file": str(info.path), "size": info.size, "made_at": info.made_at.isoformat(timespec="seconds")})
    say(f"Đã sao lưu vào {info.path}.")
    return EXIT_OK


def _placement_json(placement) -> dict:
    from ui.backup_place_text import placement_text

    return {"folder": str(placement.folder), "placement": placement.placement.value,
            "warning": placement_text(placement) or None}


def cmd_backup_location(args, ctx) -> int:
    """Show the backup folder and where it is compared with the data, or set it (an
    administrator: checked to exist, be writable and lie outside the profile; audited)."""
    from counter_app.store import backup
    from counter_app.services.admin import change_settings
    from counter_app.store.queries import backup_placement
    from ui.backup_place_text import placement_text

    if args.path is not None or args.default:
        if args.path is not None and args.default:
            raise BadInput("Chỉ dùng một trong hai: THƯ_MỤC hoặc --default.")
        if not args.admin:
            raise BadInput("Đổi thư mục sao lưu cần quản trị viên: thêm --admin TÊN_ĐĂNG_NHẬP "
                           "(mật khẩu ở biến COUNTER_ADMIN_PASSWORD hoặc nhập khi được hỏi).")
        actor = _admin_actor(args, ctx)
        change_settings(ctx.store, actor, {backup.BACKUP_DIR: None if args.default else args.path},
                        profile_dir=ctx.profile_dir)
    placement = backup_placement(ctx.store, ctx.profile_dir)
    print_json(_placement_json(placement))
    warning = placement_text(placement)
    say(warning or f"Bản sao lưu được lưu tại {placement.folder}, ở ổ đĩa khác với dữ liệu.")
    if warning and args.path is None and not args.default:
        from ui.backup_place_text import CLI_HINT

        say(CLI_HINT)
    return EXIT_OK


def cmd_restore(args, ctx) -> int:
    from pathlib import Path

    from counter_app.store.backup import check_integrity, newest_good_backup, restore_backup

    backup_key = None
    if args.recovery_key:
        from counter_app.store.crypt import default_keystore, read_recovery_key

        backup_key = read_recovery_key(Path(args.recovery_key))
        keys = default_keystore()
        if hasattr(keys, "allow_new_key"):  # the machine's store: the key may be nowhere to move in from
            keys.allow_new_key()
        if args.newest:
            raise BadInput("--recovery-key: hãy chỉ ra tệp sao lưu cần khôi phục (không dùng cùng --newest).")
    if args.newest:
        found = newest_good_backup(ctx.profile_dir)
        if found is None:
            say("Không tìm thấy bản sao lưu nào còn tốt.")
            return EXIT_FAILED
        source = found.path
    elif args.file:
        source = Path(args.file)
        if not source.is_file():
            from counter_app.domain.errors import NotFound

            raise NotFound(f"Không có tệp sao lưu {source}.")
    else:
        raise ValidationFailed([FieldError("file", "Cần chỉ ra tệp sao lưu hoặc dùng --newest")])
    from counter_app.domain.errors import NotAllowed
    from ui.instance import restore_refused_message, try_lock

    lock, holder = try_lock(ctx.profile_dir)  # the window's lock: never replace a file it uses
    if lock is None:
        raise NotAllowed(restore_refused_message(ctx.profile_dir, holder))
    try:
        damaged = not check_integrity(ctx.profile_dir / _db_filename()).ok
        ctx.close()  # release the store if a previous step opened it
        ctx._store = None
        result = restore_backup(ctx.profile_dir, source, damaged=damaged, backup_key=backup_key)
        result.store.dispose()
    finally:
        lock.unlock()
    print_json({"restored_from": str(result.restored_from),
                "set_aside": str(result.set_aside) if result.set_aside else None})
    say(f"Đã khôi phục từ {result.restored_from.name}."
        + (f" Tệp cũ được giữ lại tại {result.set_aside}." if result.set_aside else ""))
    return EXIT_OK


def cmd_recovery_key(args, ctx) -> int:
    """Write the database key to a file an administrator keeps offline (audited)."""
    from pathlib import Path

    from counter_app.services import auth
    from counter_app.services.admin import export_recovery_key

    out = Path(args.out)
    if out.exists():
        raise BadInput(f"--out: tệp {out} đã có; hãy chọn tên tệp mới (không ghi đè).")
    if not out.parent.is_dir():
        raise BadInput(f"--out: không có thư mục {out.parent}.")
    actor = _admin_actor(args, ctx)
    auth.require_role(actor, Role.ADMIN, "Xuất khóa khôi phục")
    export_recovery_key(ctx.store, actor.officer_id, out)
    print_json({"file": str(out)})
    say(f"Đã ghi khóa khôi phục vào {out}. Hãy cất tệp này ở nơi an toàn, tách khỏi máy (ai có tệp này và "
        f"bản sao lưu sẽ đọc được dữ liệu), rồi xóa nó khỏi máy này.")
    return EXIT_OK


def _admin_actor(args, ctx):
    """The signed-in administrator (SignedIn), or None while the first one may be created."""
    from counter_app.services import auth

    if not args.admin:
        return None
    password = os.environ.get("COUNTER_ADMIN_PASSWORD")
    if password is None:
        password = _ask(f"Mật khẩu của {args.admin}: ",
                        "đặt biến môi trường COUNTER_ADMIN_PASSWORD hoặc chạy lệnh ở cửa sổ dòng lệnh")
    return auth.login(ctx.store, args.admin, password)


def _ask(prompt: str, otherwise: str) -> str:
    """A password typed at the terminal; BadInput when there is no terminal to type it at."""
    if not sys.stdin or not sys.stdin.isatty():
        raise BadInput(f"Không có bàn phím để nhập mật khẩu: {otherwise}.")
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise BadInput(f"Chưa nhập mật khẩu: {otherwise}.") from None


def _new_password(args) -> str:
    if args.password_stdin:
        return read_stdin_line()
    otherwise = "dùng --password-stdin và đưa mật khẩu mới vào stdin"
    first = _ask("Mật khẩu mới: ", otherwise)
    if _ask("Nhập lại mật khẩu mới: ", otherwise) != first:
        raise ValidationFailed([FieldError("password", "Hai lần nhập mật khẩu không khớp")])
    return first


def cmd_code_rules(args, ctx) -> int:
    """The bundled dossier-code rules and the profile's choice; with options, change the choice."""
    from counter_app.domain import code_rules
    from counter_app.services.admin import change_settings
    from counter_app.store.queries import code_settings

    values = {key: value for key, value in ((code_rules.SELECTED, args.select),
                                             (code_rules.CENTRALISED_AGENCY_ID, args.centralised_agency_id),
                                             (code_rules.PLATFORM_OWNER, args.platform_owner)) if value is not None}
    if values:
        if not args.admin:
            raise BadInput("Đổi quy tắc mã hồ sơ cần quản trị viên: thêm --admin TÊN_ĐĂNG_NHẬP.")
        change_settings(ctx.store, _admin_actor(args, ctx), values)
    chosen = code_settings(ctx.store)
    print_json({
        "rules": [{"id": r.id, "valid_from": r.valid_from.isoformat(), "format": r.format,
                   "seq_digits": [r.seq_min_digits, r.seq_max_digits], "applies_to": r.applies_to,
                   "basis": r.basis} for r in code_rules.load_rules()],
        "settings": {key: chosen.get(key) for key in code_rules.settings_keys()},
    })
    if values:
        say("Đã lưu quy tắc mã hồ sơ; mã đã cấp không thay đổi.")
    return EXIT_OK


def cmd_officer_add(args, ctx) -> int:
    from counter_app.services import auth

    actor = _admin_actor(args, ctx)
    view = auth.create_officer(ctx.store, actor, args.username, args.name, Role(args.role), _new_password(args))
    print_json({"username": view.username, "full_name": view.full_name, "role": str(view.role)})
    say(f"Đã tạo tài khoản {view.username}.")
    return EXIT_OK


def cmd_officer_passwd(args, ctx) -> int:
    from counter_app.services import auth

    actor = _admin_actor(args, ctx)
    view = auth.reset_password(ctx.store, actor, args.username, _new_password(args))
    say(f"Đã đặt lại mật khẩu cho {view.username}.")
    return EXIT_OK


def cmd_officer_list(args, ctx) -> int:
    from counter_app.services import auth

    rows = auth.officers(ctx.store)
    print_json([{"username": o.username, "full_name": o.full_name, "role": str(o.role), "active": o.active,
                 "has_password": o.has_password,
                 "locked_until": o.locked_until.isoformat() if o.locked_until else None} for o in rows])
    return EXIT_OK
