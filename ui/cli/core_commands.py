"""Core subcommands: demo, receive, due-date, ledger."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter_app.domain.clock import to_vn
from counter_app.domain.enums import (
    ApplicantKind,
    Channel,
    DocumentForm,
    DossierStatus,
    IdentityCheck,
    IdKind,
    ResultDelivery,
)
from counter_app.domain.errors import FieldError, NotAllowed, NotFound, ValidationFailed
from counter_app.domain.text import excerpt
from ui.cli.main import EXIT_OK, json_text, print_json, say
from ui.cli.textio import csv_bytes, read_input, write_output
from ui.messages import error_text, said_text

if TYPE_CHECKING:  # imported when a draft is read, not for `--help`
    from counter_app.domain.drafts import DossierDraft

RECEIVE_FIELDS = {
    "procedure_code", "applicant_kind", "applicant_name", "id_kind", "id_number", "birth_date", "phone",
    "email", "address", "representative_name", "documents", "sets", "copies", "pages", "channel",
    "result_delivery", "note", "received_at", "id", "officer", "identity_check",
}


def register(sub) -> None:
    p = sub.add_parser("demo", help="tạo hồ sơ dữ liệu mẫu")
    p.add_argument("--dossiers", type=int, default=500, help="số hồ sơ mẫu (mặc định 500)")
    p.add_argument("--seed", type=int, default=2026)
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("receive", help="tiếp nhận một hồ sơ đọc dạng JSON (UTF-8) từ stdin hoặc --input")
    p.add_argument("--input", type=Path, metavar="TỆP",
                   help="tệp JSON của hồ sơ (UTF-8, có hoặc không BOM; UTF-16 có BOM); mặc định: stdin")
    p.add_argument("--officer", help="tên đăng nhập của cán bộ tiếp nhận")
    p.add_argument("--supervisor", help="giám sát xác nhận khi ghi lùi thời điểm tiếp nhận quá thời hạn cho phép "
                                        "(mật khẩu qua biến COUNTER_SUPERVISOR_PASSWORD hoặc nhập khi được hỏi)")
    p.add_argument("--print", dest="print_slip", action="store_true",
                   help="in giấy tiếp nhận sau khi lưu (ghi ra tệp PDF: -o hoặc thư mục in)")
    p.add_argument("-o", "--output", type=Path, help="tệp PDF của giấy tiếp nhận (với --print)")
    p.set_defaults(handler=cmd_receive)

    p = sub.add_parser("due-date", help="tính ngày hẹn trả kết quả")
    p.add_argument("--procedure", required=True, help="mã thủ tục, ví dụ 1.001193")
    p.add_argument("--at", required=True, help="thời điểm tiếp nhận, ISO 8601 (2026-02-13T10:00)")
    p.set_defaults(handler=cmd_due_date)

    p = sub.add_parser("ledger", help="liệt kê hồ sơ")
    p.add_argument("--from", dest="date_from", help="từ ngày (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", help="đến ngày (YYYY-MM-DD)")
    p.add_argument("--status", help="trạng thái: số 1–10 hoặc tên (received, processing, …)")
    p.add_argument("--procedure", help="mã thủ tục")
    p.add_argument("--search", help="tìm theo tên (gõ không dấu được), số giấy tờ, số điện thoại hoặc mã hồ sơ")
    p.add_argument("--format", choices=["json", "csv"], default="json",
                   help="csv: UTF-8 có BOM, dòng kết thúc CRLF (Excel mở đúng tiếng Việt)")
    p.add_argument("-o", "--output", type=Path, metavar="TỆP", help="ghi kết quả vào tệp thay vì stdout")
    p.add_argument("--officer", help="tên đăng nhập của cán bộ lấy danh sách (việc trích xuất được ghi lại)")
    p.set_defaults(handler=cmd_ledger)


def cmd_demo(args, ctx) -> int:
    from counter_app.services.demo import DEMO_OFFICERS, DEMO_PASSWORD, create_demo

    if args.dossiers < 0:
        raise ValidationFailed([FieldError("dossiers", "--dossiers: phải là số không âm")])
    result = create_demo(ctx.store, args.dossiers, seed=args.seed)
    logins = [{"username": o.username, "full_name": o.full_name, "role": str(o.role), "password": DEMO_PASSWORD}
              for o in DEMO_OFFICERS]
    print_json({"dossiers": result.dossiers, "events": result.events, "seconds": round(result.seconds, 2),
                "profile": str(ctx.profile_dir), "logins": logins})
    say(f"Đăng nhập thử: tên {DEMO_OFFICERS[2].username}, mật khẩu {DEMO_PASSWORD} "
        f"(giám sát: {DEMO_OFFICERS[1].username}, quản trị: {DEMO_OFFICERS[0].username}).")
    return EXIT_OK


def _parse_date(value: Any, field: str, label: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed([FieldError(field, f"{label}: '{said_text(excerpt(value))}' không phải ngày dạng YYYY-MM-DD")]) from None


def _parse_datetime(value: Any, field: str, label: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed(
            [FieldError(field, f"{label}: '{said_text(excerpt(value))}' không phải thời điểm ISO 8601 (2026-02-13T10:00)")]
        ) from None
    return to_vn(parsed)  # the store keeps Vietnam wall time; an offset is converted


def _enum(enum_cls, value: Any, field: str, label: str, default):
    if value in (None, ""):
        return default
    try:
        return enum_cls(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum_cls)
        raise ValidationFailed([FieldError(field, f"{label}: '{said_text(excerpt(value))}' không hợp lệ (chọn một trong: {allowed})")]) from None


def _int(value: Any, field: str, label: str, default: int) -> int:
    if value in (None, ""):
        return default
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit():
        raise ValidationFailed([FieldError(field, f"{label}: phải là số nguyên dương")])
    return int(value)


def draft_from_json(data: Any) -> tuple[DossierDraft, str | None]:
    """Turn the `receive` JSON into a draft; ValidationFailed names each malformed field."""
    from counter_app.domain.drafts import DocumentLine, DossierDraft, FeeInputs

    if not isinstance(data, dict):
        raise ValidationFailed([FieldError("json", "Dữ liệu vào phải là một đối tượng JSON")])
    unknown = sorted(set(data) - RECEIVE_FIELDS)
    if unknown:
        raise ValidationFailed([FieldError(k, f"Trường không được hỗ trợ: '{said_text(excerpt(k))}'") for k in unknown[:10]])
    docs = data.get("documents")
    lines: list[DocumentLine] = []
    if docs is not None:
        if not isinstance(docs, list):
            raise ValidationFailed([FieldError("documents", "Thành phần hồ sơ: phải là một danh sách")])
        for i, d in enumerate(docs, start=1):
            if not isinstance(d, dict) or not isinstance(d.get("name"), str):
                raise ValidationFailed([FieldError("documents", f"Thành phần hồ sơ thứ {i}: thiếu tên giấy tờ")])
            lines.append(
                DocumentLine(
                    name=d["name"],
                    form=_enum(DocumentForm, d.get("form"), "documents", f"Thành phần hồ sơ thứ {i}", DocumentForm.COPY),
                    count=_int(d.get("count"), "documents", f"Số lượng giấy tờ thứ {i}", 1),
                    handed_in=bool(d.get("handed_in", True)),
                )
            )
    strings = {}
    for key in ("procedure_code", "applicant_name", "id_number", "address", "phone", "email",
                "representative_name", "note", "id", "officer"):
        value = data.get(key)
        if value is not None and (not isinstance(value, str | int) or isinstance(value, bool)
                                  or (key in ("id", "officer") and not isinstance(value, str))):
            raise ValidationFailed([FieldError(key, f"Trường '{key}': phải là chuỗi ký tự")])
        strings[key] = None if value is None else str(value)
    draft = DossierDraft(
        procedure_code=strings["procedure_code"] or "",
        applicant_name=strings["applicant_name"] or "",
        id_number=strings["id_number"] or "",
        address=strings["address"] or "",
        applicant_kind=_enum(ApplicantKind, data.get("applicant_kind"), "applicant_kind", "Loại người nộp", ApplicantKind.PERSON),
        id_kind=_enum(IdKind, data.get("id_kind"), "id_kind", "Loại giấy tờ tuỳ thân", IdKind.CCCD),
        birth_date=_parse_date(data.get("birth_date"), "birth_date", "Ngày sinh"),
        phone=strings["phone"],
        email=strings["email"],
        representative_name=strings["representative_name"],
        documents=tuple(lines),
        sets=_int(data.get("sets"), "sets", "Số bộ hồ sơ", 1),
        fee_inputs=FeeInputs(
            copies=_int(data.get("copies"), "copies", "Số bản", 1),
            pages=_int(data.get("pages"), "pages", "Số trang", 1),
        ),
        channel=_enum(Channel, data.get("channel"), "channel", "Kênh tiếp nhận", Channel.COUNTER),
        result_delivery=_enum(ResultDelivery, data.get("result_delivery"), "result_delivery", "Nơi nhận kết quả", ResultDelivery.COUNTER),
        note=strings["note"],
        received_at=_parse_datetime(data.get("received_at"), "received_at", "Thời điểm tiếp nhận"),
        id=strings["id"],
        identity_check=_enum(IdentityCheck, data.get("identity_check"), "identity_check",
                             "Cách kiểm tra nhân thân", None),
    )
    return draft, strings["officer"]


#: The largest `receive` input read (a dossier's JSON is a few kilobytes).
MAX_RECEIVE_INPUT = 1_000_000


def read_receive_input(path: Path | None = None) -> tuple[DossierDraft, str | None]:
    """Read and parse the `receive` JSON from *path* or stdin (bytes decoded as UTF-8), at most
    MAX_RECEIVE_INPUT characters."""
    text = read_input(path)
    if len(text) > MAX_RECEIVE_INPUT:
        raise ValidationFailed([FieldError("json", f"Dữ liệu vào quá lớn (hơn {MAX_RECEIVE_INPUT:,} ký tự)")])
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationFailed([FieldError("json", f"JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}")]) from None
    return draft_from_json(data)


def cmd_receive(args, ctx) -> int:
    from counter_app.services.receiving import receive

    draft, officer = read_receive_input(args.input)
    try:
        receipt = receive(ctx.store, draft, args.officer or officer, check_dating=True,
                          supervisor=_supervisor(args, ctx))
    except NotAllowed as exc:  # back-dated beyond the window without a supervisor
        if args.supervisor:
            raise
        raise NotAllowed(f"{error_text(exc)} Hãy thêm --supervisor TÊN_GIÁM_SÁT (mật khẩu qua biến "
                         "COUNTER_SUPERVISOR_PASSWORD).") from exc
    print_json(receipt.snapshot)
    say(f"Đã tiếp nhận hồ sơ {receipt.code}, hẹn trả {receipt.due_at:%H} giờ {receipt.due_at:%M} phút, "
        f"ngày {receipt.due_at:%d/%m/%Y}.")
    if args.print_slip:  # the dossier is committed; a failed print leaves its job queued
        from ui.cli.main import EXIT_FAILED, BadInput
        from ui.cli.slip_commands import print_slip_to_file

        try:
            _, path = print_slip_to_file(ctx.store, receipt.id, "receipt", args.officer or officer, args.output)
        except BadInput as exc:  # saved but not printed: not a refusal of the input (exit 1)
            say(f"{error_text(exc)} Hồ sơ {receipt.code} đã được lưu: in lại bằng counter-app receipt {receipt.code}.")
            return EXIT_FAILED
        say(f"Đã ghi giấy tiếp nhận vào {path}.")
    return EXIT_OK


def _supervisor(args, ctx):
    """The supervisor who signs in to approve a back-dated reception (SignedIn), or None."""
    if not args.supervisor:
        return None
    import getpass
    import os

    from counter_app.services import auth

    password = os.environ.get("COUNTER_SUPERVISOR_PASSWORD")
    if password is None:
        password = getpass.getpass(f"Mật khẩu của {said_text(excerpt(args.supervisor))}: ")
    return auth.login(ctx.store, args.supervisor, password)


def cmd_due_date(args, ctx) -> int:
    from counter_app.store.queries import appointment

    at = _parse_datetime(args.at, "at", "--at")
    found = appointment(ctx.store, args.procedure, at)
    if found is None:
        raise NotFound(f"Không có thủ tục mã '{args.procedure}' trong danh mục.")
    spec, due = found
    print_json({"procedure_code": spec.code, "received_at": at.isoformat(), "due_at": due.isoformat(),
                "legal_time": spec.legal_time_text})
    return EXIT_OK


def parse_status(value: str | None) -> DossierStatus | None:
    """A status given as its number or its name; ValidationFailed otherwise."""
    if value is None:
        return None
    try:
        return DossierStatus(int(value)) if value.isdigit() else DossierStatus[value.strip().upper()]
    except (KeyError, ValueError):
        names = ", ".join(s.name.lower() for s in DossierStatus)
        raise ValidationFailed([FieldError("status", f"--status: '{value}' không hợp lệ (1–10 hoặc {names})")]) from None


def cmd_ledger(args, ctx) -> int:
    from counter_app.store import pii_access
    from counter_app.store.ledger import LEDGER_COLUMNS, LedgerFilter
    from counter_app.store.queries import ledger_rows, officer_id

    flt = LedgerFilter(
        date_from=_parse_date(args.date_from, "from", "--from"),
        date_to=_parse_date(args.date_to, "to", "--to"),
        status=parse_status(args.status),
        procedure_code=args.procedure,
        search=args.search,
    )
    officer = officer_id(ctx.store, args.officer) if args.officer else None  # NotFound: exit 1
    rows, ids = ledger_rows(ctx.store, flt)
    if args.format == "csv":
        write_output(csv_bytes(rows, list(LEDGER_COLUMNS)), args.output)
    elif args.output is not None:
        write_output(json_text(rows).encode("utf-8"), args.output)
    else:
        print_json(rows)
    # The list carries each dossier's personal data out of the program: logged as an export of
    # each (by the officer named, else by the workstation alone), as the logbook's exports are.
    pii_access.record_access(ctx.store, ids, pii_access.AccessAction.EXPORT, officer_id=officer,
                             form=f"ledger.{args.format}")
    return EXIT_OK
