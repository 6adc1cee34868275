"""Which action is allowed from which status, and where it leads (DOMAIN.md §5)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from counter_app.domain.enums import DossierStatus as S
from counter_app.domain.enums import EventKind


class Action(str, enum.Enum):
    """What an officer can do to a received dossier."""

    HAND_OVER = "hand_over"                  # to the specialist department
    RESULT_READY = "result_ready"            # result back at the counter
    RETURN = "return"                        # result given to the applicant
    REQUEST_SUPPLEMENT = "request_supplement"
    COMPLETE_SUPPLEMENT = "complete_supplement"
    REQUIRE_PAYMENT = "require_payment"
    PAYMENT_DONE = "payment_done"
    WITHDRAW = "withdraw"
    STOP = "stop"
    REFUSE = "refuse"
    APOLOGISE = "apologise"                  # Mẫu 04, once, new appointment


@dataclass(frozen=True)
class Transition:
    """An action's allowed source statuses, its target (None: unchanged) and its event."""

    sources: frozenset[S]
    target: S | None
    event: EventKind


_OPEN = frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.PAYMENT_REQUIRED})

TRANSITIONS: dict[Action, Transition] = {
    Action.HAND_OVER: Transition(frozenset({S.RECEIVED}), S.PROCESSING, EventKind.HANDED_OVER),
    Action.RESULT_READY: Transition(
        frozenset({S.RECEIVED, S.PROCESSING}), S.RESULT_READY, EventKind.RESULT_READY
    ),
    Action.RETURN: Transition(frozenset({S.RESULT_READY}), S.RETURNED, EventKind.RETURNED),
    Action.REQUEST_SUPPLEMENT: Transition(
        frozenset({S.RECEIVED, S.PROCESSING}), S.SUPPLEMENT_REQUESTED, EventKind.SUPPLEMENT_REQUESTED
    ),
    # Target decided by the service: back to where the dossier was before the request.
    Action.COMPLETE_SUPPLEMENT: Transition(
        frozenset({S.SUPPLEMENT_REQUESTED}), None, EventKind.SUPPLEMENT_COMPLETED
    ),
    Action.REQUIRE_PAYMENT: Transition(
        frozenset({S.PROCESSING}), S.PAYMENT_REQUIRED, EventKind.PAYMENT_REQUIRED
    ),
    Action.PAYMENT_DONE: Transition(frozenset({S.PAYMENT_REQUIRED}), S.PROCESSING, EventKind.PAYMENT_DONE),
    Action.WITHDRAW: Transition(_OPEN, S.WITHDRAWN, EventKind.WITHDRAWN),
    Action.STOP: Transition(_OPEN, S.STOPPED, EventKind.STOPPED),
    Action.REFUSE: Transition(frozenset({S.RECEIVED}), S.REFUSED, EventKind.REFUSED),
    Action.APOLOGISE: Transition(_OPEN, None, EventKind.APOLOGY_ISSUED),
}


def allowed_actions(status: S) -> list[Action]:
    """The actions allowed from *status*, in menu order."""
    return [a for a, t in TRANSITIONS.items() if status in t.sources]


def is_allowed(action: Action, status: S) -> bool:
    """True when *action* may be taken from *status*."""
    return status in TRANSITIONS[action].sources
