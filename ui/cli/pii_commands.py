"""Personal data subcommands: `pii-log CODE`, `pii-export ID --out FILE`, `pii-purge`,
`pii-retention` (Nghị định 13/2023/NĐ-CP; see counter_app.store.pii_access, pii_export, pii_purge).

`pii-export`, `pii-purge` (without --dry-run) and setting `pii-retention` act as an
administrator: ``--admin NAME`` with the password from COUNTER_ADMIN_PASSWORD or the prompt.
"""

from __future__ import annotations

from pathlib import Path

from ui.cli.main import EXIT_OK, BadInput, print_json, say


def register(sub) -> None:
    p = sub.add_parser("pii-log", help="nhật ký truy cập dữ liệu cá nhân của một hồ sơ (ai xem, in, trích xuất, xoá)")
    p.add_argument("code", help="mã hồ sơ (hoặc mã định danh nội bộ)")
    p.add_argument("--officer", help="tên đăng nhập của cán bộ xem nhật ký (việc xem được ghi lại)")
    p.set_defaults(handler=cmd_log)

    p = sub.add_parser("pii-export", help="trích xuất dữ liệu cá nhân của một người theo số giấy tờ (quản trị viên)")
    p.add_argument("id_number", metavar="SỐ_GIẤY_TỜ", help="số CCCD, CMND hoặc hộ chiếu")
    p.add_argument("--out", type=Path, required=True,
                   help="tệp JSON cần ghi; bản PDF dễ đọc được ghi bên cạnh, cùng tên, đuôi .pdf")
    p.add_argument("--admin", help="tên đăng nhập của quản trị viên thực hiện")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("pii-purge", help="xoá dữ liệu cá nhân của hồ sơ đã kết thúc quá thời hạn lưu trữ "
                                         "và đã được hệ thống tỉnh xác nhận")
    p.add_argument("--dry-run", action="store_true", help="chỉ liệt kê hồ sơ sẽ bị xoá, không xoá")
    p.add_argument("--admin", help="tên đăng nhập của quản trị viên thực hiện (bắt buộc khi xoá thật)")
    p.set_defaults(handler=cmd_purge)

    p = sub.add_parser("pii-retention", help="xem hoặc đặt thời hạn lưu dữ liệu cá nhân (số tháng sau khi hồ sơ kết thúc)")
    p.add_argument("months", nargs="?", metavar="SỐ_THÁNG", help="số tháng mới (bỏ trống để xem)")
    p.add_argument("--admin", help="tên đăng nhập của quản trị viên thực hiện (bắt buộc khi đặt)")
    p.set_defaults(handler=cmd_retention)


def _admin(args, ctx, what: str):
    from ui.cli.admin_commands import _admin_actor

    if not args.admin:
        raise BadInput(f"{what}: cần --admin <tên đăng nhập của quản trị viên>.")
    return _admin_actor(args, ctx)


def cmd_log(args, ctx) -> int:
    from counter_app.store import pii_access
    from counter_app.store.queries import dossier_id_and_code, officer_id

    dossier_id, code = dossier_id_and_code(ctx.store, args.code.strip())  # NotFound: exit 1
    officer = officer_id(ctx.store, args.officer) if args.officer else None
    rows = pii_access.access_log(ctx.store, dossier_id)
    print_json({"code": code, "access": [pii_access.row_dict(r) for r in rows]})
    if args.officer:  # the log is read by someone too; a script's read without a name is not a person's view
        pii_access.record_access(ctx.store, dossier_id, pii_access.AccessAction.VIEW, officer_id=officer,
                                 form="pii-log")
    return EXIT_OK


def cmd_export(args, ctx) -> int:
    from counter_app.services import pii_export

    out: Path = args.out
    if not out.parent.is_dir():
        raise BadInput(f"--out: không có thư mục {out.parent} để ghi tệp trích xuất.")
    json_path = out.with_suffix(".json") if out.suffix.lower() == ".pdf" else out
    pdf_path = out.with_suffix(".pdf") if out.suffix.lower() != ".pdf" else out
    pii_export.clean_subject_id(args.id_number)  # a typo says so before the password is asked
    actor = _admin(args, ctx, "Trích xuất dữ liệu cá nhân")
    content = pii_export.export_person(ctx.store, args.id_number, actor, json_path=json_path, pdf_path=pdf_path)
    codes = [d["code"] for d in content["dossiers"]]
    print_json({"id_number": content["id_number"], "dossiers": codes, "json": str(json_path), "pdf": str(pdf_path)})
    say(f"Đã trích xuất {len(codes)} hồ sơ vào {json_path} và {pdf_path}.")
    return EXIT_OK


def cmd_purge(args, ctx) -> int:
    from counter_app.services import pii_purge

    actor = None if args.dry_run else _admin(args, ctx, "Xoá dữ liệu cá nhân hết thời hạn lưu trữ")
    result = pii_purge.purge(ctx.store, dry_run=args.dry_run, officer=actor)
    print_json({"dry_run": result.dry_run, "retention_months": result.retention_months,
                "finished_before": result.cutoff.isoformat(sep=" ", timespec="seconds"),
                "erased" if not result.dry_run else "would_erase": list(result.erased),
                "waiting_for_province": list(result.waiting), "transactions": result.transactions,
                "files_removed": result.files_removed})
    if args.dry_run:
        say(f"Sẽ xoá dữ liệu cá nhân của {len(result.erased)} hồ sơ; {len(result.waiting)} hồ sơ quá hạn lưu trữ "
            "còn chờ hệ thống tỉnh xác nhận.")
    else:
        say(f"Đã xoá dữ liệu cá nhân của {len(result.erased)} hồ sơ; {len(result.waiting)} hồ sơ quá hạn lưu trữ "
            "còn chờ hệ thống tỉnh xác nhận.")
    return EXIT_OK


def cmd_retention(args, ctx) -> int:
    from counter_app.services import pii_purge

    if args.months is None:
        months = pii_purge.retention(ctx.store)
        print_json({"retention_months": months})
        return EXIT_OK
    pii_purge.clean_retention(args.months)
    actor = _admin(args, ctx, "Đặt thời hạn lưu dữ liệu cá nhân")
    months = pii_purge.set_retention(ctx.store, args.months, actor)
    print_json({"retention_months": months})
    say(f"Đã đặt thời hạn lưu dữ liệu cá nhân: {months} tháng sau khi hồ sơ kết thúc.")
    return EXIT_OK
