"""Domain errors and messages: a stable code with parameters; ``ui/messages.py`` has the words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

#: A message code: dotted lower-case words ("action.not_allowed_in_status").
CODE_PATTERN = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)+")


@dataclass(frozen=True, eq=True)
class Message:
    """What to tell a person, said as a stable *code* and named *params*.

    The core never holds the words: ``ui.messages.message_text`` turns the code into a
    translated sentence (Vietnamese by default) and each parameter into text (a parameter may
    be a number, a date, an enum such as a DossierStatus, or another Message).
    """

    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        """The code and its parameters: for logs and machines, never shown as a sentence."""
        if not self.params:
            return self.code
        return f"{self.code}(" + ", ".join(f"{k}={v!s}" for k, v in self.params.items()) + ")"


def message(code: str, /, **params: Any) -> Message:
    """A :class:`Message` (shorthand)."""
    return Message(code, params)


#: A message as the core hands it over: a coded Message, or (in a module not yet converted to
#: codes, see tests/core/test_core_speaks_codes.py) a sentence already in Vietnamese.
Said = Message | str


@dataclass(frozen=True)
class FieldError:
    """One invalid field: *field* is the draft attribute name, *message* is for the officer."""

    field: str
    message: Said


class CounterError(Exception):
    """Base of the errors the services raise on purpose.

    Raised with a code and parameters (``NotAllowed("action.not_allowed_in_status",
    code=…, status=…)``) or with a ready :class:`Message`; ``message`` holds it and ``str()``
    is its code and parameters. The words are ui's (``ui.messages.error_text``).
    """

    def __init__(self, what: Said = "", /, **params: Any):
        if isinstance(what, str) and CODE_PATTERN.fullmatch(what):
            what = Message(what, params)
        self.message: Said = what
        super().__init__(str(what))


class ValidationFailed(CounterError):
    """Input was refused; ``errors`` names each bad field. Nothing was stored."""

    def __init__(self, errors: list[FieldError] | tuple[FieldError, ...]):
        self.errors = tuple(errors)
        super().__init__()
        self.message = Message("validation.failed", {"errors": [e.message for e in self.errors]})
        self.args = ("; ".join(str(e.message) for e in self.errors),)

    def by_field(self) -> dict[str, Said]:
        """Return the first message for each field."""
        out: dict[str, Said] = {}
        for e in self.errors:
            out.setdefault(e.field, e.message)
        return out


class NotFound(CounterError):
    """The thing asked for does not exist (a dossier code, a procedure, …)."""


class NotAllowed(CounterError):
    """The action is not allowed now (status, role, once-only actions)."""


class CodeSpaceExhausted(CounterError):
    """This workstation used every dossier number it may give today."""
