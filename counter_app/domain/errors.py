"""Domain errors carrying clear Vietnamese messages that name what is wrong."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One invalid field: *field* is the draft attribute name, *message* is for the officer."""

    field: str
    message: str


class CounterError(Exception):
    """Base of the errors the services raise on purpose; ``str()`` is a Vietnamese message."""


class ValidationFailed(CounterError):
    """Input was refused; ``errors`` names each bad field. Nothing was stored."""

    def __init__(self, errors: list[FieldError] | tuple[FieldError, ...]):
        self.errors = tuple(errors)
        super().__init__("; ".join(f"{e.message}" for e in self.errors))

    def by_field(self) -> dict[str, str]:
        """Return the first message for each field."""
        out: dict[str, str] = {}
        for e in self.errors:
            out.setdefault(e.field, e.message)
        return out


class NotFound(CounterError):
    """The thing asked for does not exist (a dossier code, a procedure, …)."""


class NotAllowed(CounterError):
    """The action is not allowed now (status, role, once-only actions)."""


class CodeSpaceExhausted(CounterError):
    """This workstation used every dossier number it may give today."""
