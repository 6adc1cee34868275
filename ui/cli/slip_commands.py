"""Slip subcommands: `receipt CODE` writes a dossier's slip as PDF and records the print."""

from __future__ import annotations

import uuid
from pathlib import Path

from counter_app.slips import SlipKind
from ui.cli.main import EXIT_FAILED, EXIT_OK, BadInput, print_json, say

EXIT_NOT_APPLICABLE = EXIT_FAILED  # 1: "not found or a check failed"

KINDS = [k.value for k in SlipKind if k is not SlipKind.HANDOVER]


def register(sub) -> None:
    p = sub.add_parser("receipt", help="in (ra tệp PDF) giấy tiếp nhận hoặc phiếu khác của một hồ sơ")
    p.add_argument("code", help="mã hồ sơ (hoặc mã định danh nội bộ)")
    p.add_argument("-o", "--output", type=Path, help="tệp PDF cần ghi (mặc định: thư mục in của hồ sơ dữ liệu)")
    p.add_argument("--kind", choices=KINDS, default="receipt",
                   help="loại phiếu: receipt (Mẫu 01), supplement (02), refusal (03), apology (04), stop (05), "
                        "control (06, phiếu kiểm soát), label (nhãn); mặc định: receipt")
    p.add_argument("--paper", choices=["a4_two_a5", "a5"], help="khổ giấy (mặc định: theo cài đặt)")
    p.add_argument("--officer", help="tên đăng nhập của cán bộ in phiếu")
    p.set_defaults(handler=cmd_receipt)


def print_slip_to_file(store, dossier_id: str, kind: str, officer: str | None, output: Path | None,
                       paper: str | None = None) -> tuple[str, Path]:
    """Queue slip *kind* of a committed dossier, write it to *output* (or the print folder) and
    record the print; returns (job id, path). A write error leaves the job queued as failed
    and is raised as BadInput naming the file."""
    from counter_app.services import printing
    from sync.slip_signer import load_signer

    job_id = printing.queue_dossier_slip(store, kind, dossier_id, officer, data={"paper": paper} if paper else None,
                                         default_officer=True)
    try:
        return job_id, printing.print_to_file(store, job_id, output, signer=load_signer(store))
    except OSError as exc:
        from ui.cli.main import describe_error

        raise BadInput(f"Không ghi được tệp PDF {output or 'vào thư mục in'}: {describe_error(exc)}. "
                       "Phiếu vẫn nằm trong hàng chờ in (ghi lỗi).") from exc


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def cmd_receipt(args, ctx) -> int:
    from counter_app.domain.dossier_codes import parse_code
    from counter_app.services import printing

    key = args.code.strip()
    if parse_code(key.upper()) is None and not _is_uuid(key):
        raise BadInput(f"“{key[:40]}” không phải mã hồ sơ (dạng <mã cơ quan>-<YYMMDD>-<số thứ tự 4 chữ số>, "
                       "ví dụ 000.00.14.H56-260310-0001) hay mã định danh nội bộ.")
    form = printing.check_form(ctx.store, args.kind, key.upper() if parse_code(key.upper()) else key)  # NotFound: exit 1
    dossier_id, code, refusal = form.dossier_id, form.code, form.refusal
    if refusal is not None:
        from ui.messages import said_text

        say(said_text(refusal))
        return EXIT_NOT_APPLICABLE
    job_id, path = print_slip_to_file(ctx.store, dossier_id, args.kind, args.officer, args.output, args.paper)
    info = printing.get_job(ctx.store, job_id)
    print_json({"code": code, "kind": info.kind, "job_id": job_id, "file": str(path),
                "reprint": info.is_reprint, "printed_at": info.printed_at})
    say(f"Đã ghi {'bản in lại ' if info.is_reprint else ''}phiếu của hồ sơ {code} vào {path}.")
    return EXIT_OK
