"""What the window can do to a dossier after its receipt, one command each, JSON out.

Each command calls the same service as the card's button (counter_app.services.actions,
counter_app.services.editing), so the rules, the history, the outbox row and the messages are
the same; a refused action is exit 1 (not allowed, not found) or 2 (bad input) with the
service's message on stderr. The officer signs in: ``--officer`` and the password from
``COUNTER_OFFICER_PASSWORD`` (or typed at a terminal), so an action is never recorded under a
name its owner did not prove. ``--expected-version`` refuses a change if the dossier moved on
since the caller read it (the card passes the version it shows).
"""

from __future__ import annotations

import dataclasses
import enum
import sys
from datetime import datetime
from typing import Any

from counter_app.domain.text import excerpt
from ui.cli.main import EXIT_OK, BadInput, print_json, say
from ui.messages import error_text, said_text

_FINISHING = {"withdraw": "WITHDRAW", "refuse": "REFUSE"}


def register(sub) -> None:
    def action(name: str, help_text: str, *, codes: str = "one"):
        p = sub.add_parser(name, help=help_text)
        if codes == "many":
            p.add_argument("codes", nargs="+", metavar="MÃ_HỒ_SƠ", help="một mã, hoặc nhiều mã (bàn giao theo lô)")
        else:
            p.add_argument("code", metavar="MÃ_HỒ_SƠ")
        p.add_argument("--expected-version", type=int, help="từ chối nếu hồ sơ đã đổi sau phiên bản này")
        p.add_argument("--officer", required=True, help="tên đăng nhập của cán bộ thực hiện")
        return p

    p = action("hand-over", "chuyển hồ sơ cho phòng chuyên môn (một mã, hoặc nhiều mã: theo lô, in Mẫu 05)",
               codes="many")
    p.add_argument("--department", required=True, help="phòng chuyên môn nhận")
    p.add_argument("--note")
    p.set_defaults(handler=cmd_hand_over)

    p = action("result-ready", "nhận kết quả từ phòng chuyên môn về")
    p.add_argument("--note")
    p.set_defaults(handler=_single("result_ready", "note"))

    p = action("return", "trả kết quả cho người nộp hoặc người được ủy quyền")
    p.add_argument("--collector", choices=["applicant", "authorised"], default="applicant")
    p.add_argument("--collector-name")
    p.add_argument("--collector-id-kind", default="cccd")
    p.add_argument("--collector-id-number")
    p.add_argument("--fees-paid", action="store_true", help="thu phí, lệ phí còn nợ khi trả")
    p.add_argument("--slip-not-returned", action="store_true",
                   help="người nhận không nộp lại giấy tiếp nhận (ghi lý do vào --note)")
    p.add_argument("--note")
    p.set_defaults(handler=cmd_return)

    p = action("supplement", "yêu cầu bổ sung, hoàn thiện hồ sơ (in Mẫu 02)")
    p.add_argument("--missing", action="append", required=True, help="một giấy tờ cần bổ sung (lặp lại cho nhiều)")
    p.add_argument("--reason")
    p.set_defaults(handler=_single("request_supplement", "missing", "reason"))

    p = action("supplement-done", "người nộp đã bổ sung đủ hồ sơ")
    p.add_argument("--note")
    p.set_defaults(handler=_single("complete_supplement", "note"))

    p = action("payment-required", "yêu cầu nộp nghĩa vụ tài chính")
    p.add_argument("--amount", type=int, required=True, help="số tiền (đồng)")
    p.add_argument("--note")
    p.set_defaults(handler=_single("require_payment", "amount", "note"))

    p = action("payment-done", "người nộp đã nộp nghĩa vụ tài chính")
    p.add_argument("--receipt-no")
    p.add_argument("--note")
    p.set_defaults(handler=_single("payment_done", "receipt_no", "note"))

    for name, help_text in (("withdraw", "công dân rút hồ sơ"), ("refuse", "từ chối hồ sơ sau khi tiếp nhận")):
        p = action(name, help_text)
        p.add_argument("--reason", required=True)
        p.set_defaults(handler=_finishing(name))

    p = action("stop", "dừng giải quyết hồ sơ (in Thông báo dừng giải quyết, Mẫu 05/2025)")
    p.add_argument("--reason", required=True)
    p.add_argument("--decided-by", help="người (chức danh) quyết định dừng")
    p.add_argument("--notice", help="nội dung thông báo cho người nộp")
    p.set_defaults(handler=_single("stop_processing", "reason", "decided_by", "notice"))

    p = action("apologise", "xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)")
    p.add_argument("--reason", required=True)
    p.add_argument("--new-due-at", required=True, help="ngày giờ hẹn mới, ví dụ 2026-12-20T16:00")
    p.set_defaults(handler=cmd_apologise)

    p = action("edit", "sửa thông tin hồ sơ sau khi tiếp nhận (giám sát; lý do bắt buộc)")
    p.add_argument("--set", action="append", required=True, metavar="TRƯỜNG=GIÁ_TRỊ",
                   help="một trường cần sửa, ví dụ --set phone=0912345678 (lặp lại cho nhiều)")
    p.add_argument("--reason", required=True)
    p.add_argument("--reissue", action="store_true", help="in lại giấy tiếp nhận với thông tin đã sửa")
    p.set_defaults(handler=cmd_edit)


def _plain(value: Any) -> Any:
    """A result as JSON-ready data: enums by value, times in ISO form."""
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _officer(args, ctx) -> str:
    """Sign the acting officer in (password from COUNTER_OFFICER_PASSWORD, or asked for at a
    terminal): an action is recorded under a name only when its owner proved it, as in the
    window. The officer's id, for the service; an unknown name is bad input (exit 2)."""
    import getpass
    import os

    from counter_app.domain.errors import NotFound
    from counter_app.services import auth
    from counter_app.store.queries import officer_id

    try:
        officer_id(ctx.store, args.officer)
    except NotFound as exc:
        raise BadInput(error_text(exc)) from None
    password = os.environ.get("COUNTER_OFFICER_PASSWORD")
    if password is None:
        if not (sys.stdin and sys.stdin.isatty()):
            raise BadInput(f"Cần mật khẩu của {said_text(excerpt(args.officer))}: đặt biến COUNTER_OFFICER_PASSWORD "
                           "hoặc chạy lệnh ở cửa sổ dòng lệnh để nhập.")
        password = getpass.getpass(f"Mật khẩu của {said_text(excerpt(args.officer))}: ")
    return auth.login(ctx.store, args.officer, password).officer_id


def _done(result) -> int:
    print_json(_plain(result))
    return EXIT_OK


def _single(function: str, *inputs: str):
    """A handler that calls ``actions.<function>(store, code, officer, <inputs>)``."""
    def handler(args, ctx) -> int:
        from counter_app.services import actions

        values = {name: getattr(args, name) for name in inputs}
        result = getattr(actions, function)(ctx.store, args.code, _officer(args, ctx),
                                            expected_version=args.expected_version, **values)
        say(f"Đã ghi nhận cho hồ sơ {result.code}: trạng thái {int(result.to_status)}.")
        return _done(result)

    return handler


def _finishing(name: str):
    def handler(args, ctx) -> int:
        from counter_app.domain.lifecycle import Action
        from counter_app.services import actions

        result = actions.perform(ctx.store, Action[_FINISHING[name]], args.code, _officer(args, ctx),
                                 expected_version=args.expected_version, reason=args.reason)
        say(f"Đã ghi nhận cho hồ sơ {result.code}: trạng thái {int(result.to_status)}.")
        return _done(result)

    return handler


def cmd_hand_over(args, ctx) -> int:
    from counter_app.services import actions

    if len(args.codes) == 1:
        result = actions.hand_over(ctx.store, args.codes[0], _officer(args, ctx), department=args.department,
                                   note=args.note, expected_version=args.expected_version)
        say(f"Đã chuyển hồ sơ {result.code} cho {args.department}.")
        return _done(result)
    if args.expected_version is not None:
        raise BadInput("--expected-version chỉ dùng khi chuyển một hồ sơ, không dùng cho bàn giao theo lô.")
    batch = actions.hand_over_batch(ctx.store, args.codes, _officer(args, ctx), department=args.department,
                                    note=args.note)
    say(f"Đã chuyển {len(batch.results)} hồ sơ cho {args.department}; phiếu kiểm soát đã vào hàng đợi in.")
    return _done(batch)


def cmd_return(args, ctx) -> int:
    from counter_app.services import actions

    result = actions.return_to_applicant(
        ctx.store, args.code, _officer(args, ctx), collector=args.collector, collector_name=args.collector_name,
        collector_id_kind=args.collector_id_kind, collector_id_number=args.collector_id_number,
        fees_paid=args.fees_paid, slip_returned=not args.slip_not_returned, note=args.note,
        expected_version=args.expected_version)
    say(f"Đã trả kết quả hồ sơ {result.code}.")
    return _done(result)


def cmd_apologise(args, ctx) -> int:
    from counter_app.domain.clock import to_vn
    from counter_app.services import actions

    try:
        new_due = datetime.fromisoformat(args.new_due_at)
    except ValueError:
        raise BadInput(f"--new-due-at: “{args.new_due_at[:40]}” không phải ngày giờ (ví dụ 2026-12-20T16:00).") from None
    result = actions.apologise(ctx.store, args.code, _officer(args, ctx), reason=args.reason,
                               new_due_at=to_vn(new_due),  # an offset is converted; none is Vietnam time
                               expected_version=args.expected_version)
    say(f"Đã ghi nhận xin lỗi, hẹn lại hồ sơ {result.code} vào {result.due_at:%H:%M %d/%m/%Y}.")
    return _done(result)


def cmd_edit(args, ctx) -> int:
    from counter_app.services import editing

    changes: dict[str, str] = {}
    for item in args.set:
        field, sep, value = item.partition("=")
        if not sep or not field.strip():
            raise BadInput(f"--set: “{item[:40]}” phải có dạng TRƯỜNG=GIÁ_TRỊ, ví dụ phone=0912345678.")
        changes[field.strip()] = value
    result = editing.edit_after_receipt(ctx.store, args.code, _officer(args, ctx), changes, reason=args.reason,
                                        reissue_slip=args.reissue, expected_version=args.expected_version)
    say(f"Đã sửa hồ sơ {result.code}: {', '.join(sorted(result.changes))}.")
    return _done(result)
