"""The words of the core's codes: each message code, status and action of ``counter_app`` said
in Vietnamese here (the source language) and translated through Qt Linguist (context
``messages``), for the window and the CLI alike.

The core answers with :class:`counter_app.domain.errors.Message` (a code and named parameters); this
module is the one place that turns it into a sentence. A text names its parameters in braces
(``{code}``); a translation keeps the same names in whatever order its language needs.
Qt is used only when the process has loaded it (the window): the CLI, which never loads Qt
for a lookup, says the Vietnamese source texts as they are.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from counter_app.domain.enums import DossierStatus, Role
from counter_app.domain.errors import CounterError, Message, Said, ValidationFailed
from counter_app.domain.lifecycle import Action
from counter_app.domain.words import status_names
from ui.message_texts import TEXTS  # every code → its Vietnamese text (the table)

CONTEXT = "messages"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
STATUS_CONTEXT = "card"  # the status words were the card's first: their translations stay there

#: The national portal's status names (DOMAIN.md §5): one list, ``resources/papers/statuses.json``,
#: which the papers print as they are and the window translates (context "card").
STATUS_WORDS = status_names()

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

#: The officers' roles, inside a sentence ("cần quyền {role}").
ROLE_WORDS = {Role.OFFICER: "cán bộ tiếp nhận", Role.SUPERVISOR: "giám sát", Role.ADMIN: "quản trị viên"}



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


def role_text(role: Role) -> str:
    """A role's name inside a sentence ("giám sát")."""
    return translate(ROLE_WORDS[Role(role)])


def param_text(value: Any) -> str:
    """One parameter in words: a message, a status, an action or a role through this module; a
    list joined by "; "; a moment and a day in the Vietnamese way of writing them (d/m/Y)."""
    if isinstance(value, DossierStatus):
        return status_text(value)
    if isinstance(value, Action):
        return action_verb(value)
    if isinstance(value, Role):
        return role_text(value)
    if isinstance(value, Message | str):
        return said_text(value)
    if isinstance(value, list | tuple):
        return "; ".join(param_text(v) for v in value)
    if isinstance(value, datetime):
        return message_text(Message("message.at_time", {"hour": f"{value:%H}", "minute": f"{value:%M}",
                                                        "day": f"{value:%d/%m/%Y}"}))
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def fill(text: str, params: Mapping[str, Any]) -> str:
    """*text* with each ``{name}`` replaced by its parameter in words, in one pass (a brace
    without a known name is left as written: a translation can never break the sentence)."""

    def words(match: re.Match) -> str:
        name = match.group(1)
        if name not in params:
            return match.group(0)
        value = params[name]
        if name.endswith("amount") and isinstance(value, int):  # money: 1.500.000 (đồng)
            return f"{value:,}".replace(",", ".")
        return param_text(value)

    return _PLACEHOLDER.sub(words, text)


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
    if isinstance(getattr(exc, "message", None), Message):  # a ValueError of the core that speaks a code
        return message_text(exc.message)
    return str(exc)


def field_texts(exc: ValidationFailed) -> dict[str, str]:
    """The first message of each refused field, in words."""
    return {name: said_text(said) for name, said in exc.by_field().items()}
