"""The words of the core's codes: each message code, status and action of ``counter_app`` said
in Vietnamese here (the source language) and translated through Qt Linguist (context
``messages``), for the window and the CLI alike.

The core answers with :class:`counter_app.errors.Message` (a code and named parameters); this
module is the one place that turns it into a sentence. A text names its parameters in braces
(``{code}``); a translation keeps the same names in whatever order its language needs.
Qt is used only when the process has loaded it (the window): the CLI, which never loads Qt
for a lookup, says the Vietnamese source texts as they are.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from counter_app.enums import DossierStatus
from counter_app.errors import CounterError, Message, Said, ValidationFailed
from counter_app.lifecycle import Action

CONTEXT = "messages"
STATUS_CONTEXT = "card"  # the status words were the card's first: their translations stay there

#: The national portal's status names (DOMAIN.md §5).
STATUS_WORDS = {
    DossierStatus.NEW: "Mới đăng ký",
    DossierStatus.RECEIVED: "Đã tiếp nhận",
    DossierStatus.REFUSED: "Từ chối tiếp nhận",
    DossierStatus.PROCESSING: "Đang giải quyết",
    DossierStatus.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung",
    DossierStatus.PAYMENT_REQUIRED: "Chờ thực hiện nghĩa vụ tài chính",
    DossierStatus.WITHDRAWN: "Công dân rút hồ sơ",
    DossierStatus.STOPPED: "Dừng giải quyết",
    DossierStatus.RESULT_READY: "Đã có kết quả",
    DossierStatus.RETURNED: "Đã trả kết quả",
}

#: An action as a verb phrase inside a sentence ("Không thể {action} hồ sơ …").
ACTION_VERBS = {
    Action.HAND_OVER: "chuyển phòng chuyên môn",
    Action.RESULT_READY: "nhận kết quả về",
    Action.RETURN: "trả kết quả",
    Action.REQUEST_SUPPLEMENT: "yêu cầu bổ sung",
    Action.COMPLETE_SUPPLEMENT: "ghi nhận bổ sung xong",
    Action.REQUIRE_PAYMENT: "yêu cầu thực hiện nghĩa vụ tài chính",
    Action.PAYMENT_DONE: "ghi nhận đã nộp nghĩa vụ tài chính",
    Action.WITHDRAW: "ghi nhận rút hồ sơ",
    Action.STOP: "dừng giải quyết",
    Action.REFUSE: "từ chối",
    Action.APOLOGISE: "xin lỗi và hẹn lại",
}

#: Every message code of the core → its Vietnamese text, parameters in braces.
TEXTS: dict[str, str] = {
    # general
    "validation.failed": "{errors}",
    "message.at_time": "{hour} giờ {minute} phút, ngày {day}",
    # dossiers and their actions (counter_app.services.actions, counter_app.lookup)
    "dossier.not_found": "Không tìm thấy hồ sơ có mã “{code}”.",
    "action.not_allowed_in_status": "Không thể {action} hồ sơ {code}: hồ sơ đang ở trạng thái “{status}”.",
    "dossier.changed_elsewhere": ("Hồ sơ {code} vừa được thay đổi ở nơi khác (phiên bản {version}, màn hình đang "
                                  "hiển thị phiên bản {expected}); hãy quét lại để xem trạng thái mới."),
    "actions.missing_none": "Giấy tờ cần bổ sung: chưa chọn giấy tờ nào cần bổ sung, hoàn thiện",
    "handover.none_scanned": "Chưa quét hồ sơ nào để bàn giao.",
    "handover.too_many": "Mỗi lần bàn giao tối đa {limit} hồ sơ.",
    "handover.scanned_twice": "Hồ sơ {code} được quét hai lần trong cùng một lần bàn giao.",
    "return.collector_id_kind_invalid": "Loại giấy tờ của người nhận không hợp lệ",
    "return.collector_missing": "Người nhận kết quả: chọn người nộp hồ sơ hoặc người được ủy quyền",
    "return.slip_not_taken_back": "Ghi chú: giấy hẹn chưa được thu lại, hãy ghi rõ lý do",
    "return.fees_unpaid": "Phí, lệ phí {amount} đồng chưa được thu; hãy thu trước khi trả kết quả",
    "supplement.completed_before_request": "Thời điểm bổ sung xong không thể trước thời điểm yêu cầu bổ sung",
    "payment.amount_invalid": "Số tiền phải nộp: phải là số nguyên dương (đồng)",
    "apology.new_due_missing": "Ngày hẹn mới: chưa chọn",
    "apology.already_issued": "Hồ sơ {code} đã được xin lỗi và hẹn lại một lần; không được hẹn lại lần thứ hai.",
    "apology.new_due_too_early": "Ngày hẹn mới phải sau ngày hẹn cũ ({old_due}) và sau thời điểm hiện tại",
    # scanning a code (counter_app.lookup) and making one (counter_app.codes)
    "lookup.empty": "Chưa có mã hồ sơ: mã quét được trống.",
    "lookup.not_a_code": ("“{text}” không phải mã hồ sơ (dạng <mã cơ quan>-<YYMMDD>-<số thứ tự 4 chữ số>, "
                          "ví dụ 000.00.14.H56-260310-0001, hoặc với thủ tục thuộc giải pháp tập trung toàn quốc "
                          "<mã cơ quan>-<YYMMDD>-<2 chữ số đơn vị chủ quản><số thứ tự từ 4 chữ số>, "
                          "ví dụ H56.000.00-260310-010021)."),
    "lookup.unknown_code": "Không có hồ sơ nào mang mã {code} trên máy này.",
    "codes.exhausted": "Quầy số {workstation} đã dùng hết số thứ tự hồ sơ của ngày {day}.",
    # the history's check (counter_app.history_check)
    "history.status_none": "(không có)",
    "history.status_named": "{number} – {status}",
    "history.status_invalid": "{number} (không hợp lệ)",
    "history.no_history": "Hồ sơ {code}: không có lịch sử xử lý.",
    "history.bad_start": ("Hồ sơ {code}, sự kiện số {seq} ({kind}): lịch sử không bắt đầu từ lúc tiếp nhận "
                          "(trạng thái trước ghi là {before})."),
    "history.broken_chain": ("Hồ sơ {code}, sự kiện số {seq} ({kind}): chuyển từ trạng thái {source}, "
                             "nhưng sự kiện trước đó để hồ sơ ở trạng thái {before}."),
    "history.status_mismatch": "Hồ sơ {code}: đang ở trạng thái {status}, nhưng lịch sử dẫn đến trạng thái {last}.",
    "history.orphan_outbox": "Mục chờ đồng bộ số {seq} (hồ sơ {code}): sự kiện của nó không còn trong lịch sử.",
    "history.chain_problem": "Hồ sơ {code}: {detail}",
}


def translate(text: str, context: str = CONTEXT) -> str:
    """*text* in the interface's language: through Qt's translators when Qt is loaded (the
    window), else as written (Vietnamese, the source language)."""
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is None:
        return text
    return qtcore.QCoreApplication.translate(context, text)


def status_text(status: DossierStatus | int | None) -> str:
    """A status's words ("" for none)."""
    return translate(STATUS_WORDS[DossierStatus(status)], STATUS_CONTEXT) if status is not None else ""


def action_verb(action: Action) -> str:
    """An action as a verb phrase inside a sentence."""
    return translate(ACTION_VERBS[action])


def param_text(value: Any) -> str:
    """One parameter in words: a message, a status or an action through this module; a list
    joined by "; "; a moment and a day in the Vietnamese way of writing them (d/m/Y)."""
    if isinstance(value, Message | str) and not isinstance(value, DossierStatus | Action):
        return said_text(value)
    if isinstance(value, DossierStatus):
        return status_text(value)
    if isinstance(value, Action):
        return action_verb(value)
    if isinstance(value, list | tuple):
        return "; ".join(param_text(v) for v in value)
    if isinstance(value, datetime):
        return message_text(Message("message.at_time", {"hour": f"{value:%H}", "minute": f"{value:%M}",
                                                        "day": f"{value:%d/%m/%Y}"}))
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def fill(text: str, params: Mapping[str, Any]) -> str:
    """*text* with each ``{name}`` replaced by its parameter in words (a brace without a known
    name is left as written: a translation can never break the sentence)."""
    for name, value in params.items():
        key = "{" + name + "}"
        if key in text:
            if name.endswith("amount") and isinstance(value, int):  # money: 1.500.000 (đồng)
                words = f"{value:,}".replace(",", ".")
            else:
                words = param_text(value)
            text = text.replace(key, words)
    return text


def message_text(msg: Message) -> str:
    """A message in words; an unknown code is shown as itself (a bug, never hidden)."""
    source = TEXTS.get(msg.code)
    if source is None:
        return str(msg)
    return fill(translate(source), msg.params)


def said_text(said: Said) -> str:
    """A message in words; a plain string (a module not yet speaking codes) as it is."""
    return message_text(said) if isinstance(said, Message) else said


def error_text(exc: BaseException) -> str:
    """What an error says to a person: a coded CounterError in words, anything else as str()."""
    if isinstance(exc, ValidationFailed):
        return "; ".join(said_text(e.message) for e in exc.errors)
    if isinstance(exc, CounterError):
        return said_text(exc.message)
    return str(exc)


def field_texts(exc: ValidationFailed) -> dict[str, str]:
    """The first message of each refused field, in words."""
    return {name: said_text(said) for name, said in exc.by_field().items()}
