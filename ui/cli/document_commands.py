"""Digitising subcommands: `attach CODE --document N FILE...` and `scan CODE --document N`."""

from __future__ import annotations

import sys
from dataclasses import asdict, replace
from pathlib import Path

from counter_app.capture import CaptureError, CaptureProblem, ColorMode
from ui.cli.main import EXIT_OK, BadInput, print_json, say
from ui.messages import error_text


def _common(p) -> None:
    p.add_argument("code", help="mã hồ sơ")
    p.add_argument("--document", "-n", type=int, required=True, metavar="N",
                   help="số thứ tự của thành phần hồ sơ (1, 2, … như trên phiếu tiếp nhận)")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--append", action="store_true", help="thêm các trang mới vào sau bản số hóa đã có")
    how.add_argument("--replace", action="store_true", help="thay bản số hóa đã có bằng các trang mới")
    p.add_argument("--officer", help="tên đăng nhập của cán bộ số hóa")


def register(sub) -> None:
    p = sub.add_parser("attach", help="đính kèm tệp quét (PDF, JPEG, PNG, TIFF) làm bản số hóa của một thành phần hồ sơ")
    _common(p)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="các tệp, theo thứ tự trang")
    p.set_defaults(handler=cmd_attach)

    p = sub.add_parser("scan", help="quét một thành phần hồ sơ bằng máy quét của quầy và lưu bản số hóa")
    _common(p)
    p.add_argument("--device", help="tên máy quét (mặc định: theo Cài đặt quét, hoặc máy đầu tiên tìm thấy)")
    p.add_argument("--folder", type=Path, help="lấy bản quét từ thư mục nhận của máy quét mạng thay vì máy quét")
    p.add_argument("--resolution", type=int, help="độ phân giải (dpi; mặc định 200)")
    p.add_argument("--small-print", action="store_true", help="chữ nhỏ: quét ở 300 dpi")
    p.add_argument("--color", action="store_true", help="quét màu (mặc định: xám)")
    p.add_argument("--duplex", action="store_true", help="quét hai mặt")
    p.add_argument("--flatbed", action="store_true", help="quét trên mặt kính thay vì khay nạp giấy")
    p.add_argument("--keep-blank", action="store_true", help="giữ cả trang trắng")
    p.set_defaults(handler=cmd_scan)


def _mode(args):
    from counter_app.services.digitising import AttachMode

    return AttachMode.APPEND if args.append else AttachMode.REPLACE if args.replace else AttachMode.NEW


def _code(text: str) -> str:
    from counter_app.domain.dossier_codes import parse_code

    key = text.strip().upper()
    if parse_code(key) is None:
        raise BadInput(f"“{text.strip()[:40]}” không phải mã hồ sơ (dạng <mã cơ quan>-<YYMMDD>-<số thứ tự 4 chữ số>, "
                       "ví dụ 000.00.14.H56-260310-0001).")
    return key


def _report(result) -> int:
    print_json(asdict(result))
    extra = f", bỏ {result.dropped_blank} trang trắng" if result.dropped_blank else ""
    say(f"Đã lưu bản số hóa thành phần {result.document} («{result.document_name}») của hồ sơ {result.code}: "
        f"{result.pages} trang, {result.size_bytes / 1024:.0f} KB{extra}.")
    return EXIT_OK


def cmd_attach(args, ctx) -> int:
    from counter_app.services.digitising import attach_files

    code = _code(args.code)
    try:
        result = attach_files(ctx.store, ctx.profile_dir, code, args.document, list(args.files),
                              officer=args.officer, mode=_mode(args))
    except CaptureError as exc:
        if exc.problem is CaptureProblem.BAD_FILE:
            raise BadInput(error_text(exc)) from exc
        raise
    return _report(result)


def _scanner(args, settings_backend: str | None, settings_folder: str | None):
    from counter_app.capture.folder import WatchedFolder

    folder = args.folder or (Path(settings_folder) if settings_backend == "folder" and settings_folder else None)
    if folder is not None:
        return WatchedFolder(folder)
    if settings_backend == "wia" or (settings_backend is None and sys.platform == "win32"):
        from counter_app.capture.wia import WiaScanner

        return WiaScanner()
    from counter_app.capture.sane import SaneScanner

    return SaneScanner()


def cmd_scan(args, ctx) -> int:
    from counter_app.capture import MAX_DPI, MIN_DPI
    from counter_app.services.digitising import scan_document
    from counter_app.store.queries import scan_setup

    code = _code(args.code)
    setup = scan_setup(ctx.store)
    scan, backend, folder = setup.settings, setup.backend, setup.folder
    if args.resolution is not None and not MIN_DPI <= args.resolution <= MAX_DPI:
        raise BadInput(f"--resolution: độ phân giải phải từ {MIN_DPI} đến {MAX_DPI} dpi.")
    scan = replace(scan, device=args.device or scan.device, resolution=args.resolution or scan.resolution,
                   mode=ColorMode.COLOR if args.color else scan.mode, duplex=args.duplex or scan.duplex,
                   feeder=False if args.flatbed else scan.feeder,
                   remove_blank=False if args.keep_blank else scan.remove_blank)
    if args.small_print:
        scan = scan.small_print()
    result = scan_document(ctx.store, ctx.profile_dir, code, args.document, _scanner(args, backend, folder), scan,
                           officer=args.officer, mode=_mode(args))
    return _report(result)
