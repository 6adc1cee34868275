"""Raise this workstation's dossier-number marks from what the province holds of its codes.

A workstation rebuilt from an old backup (its marks folder and set-aside file gone too) would
give numbers the province already holds for other applicants. Once a day, and in the first
round after a restore (which clears ``sync.code_marks_checked_on``), a sync round asks the server
for the highest number per day in this workstation's sequence over the last
:data:`LOOKBACK_DAYS` days and raises the local marks to them (:mod:`counter_app.store.code_marks`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from counter_app.domain import code_rules
from counter_app.store import settings
from counter_app.store.code_marks import SERVER_CHECKED_ON
from counter_app.store.db import Store
from sync.transport import PermanentError

#: How far back the server is asked (back-dating further needs a supervisor; see receiving).
LOOKBACK_DAYS = 62


def refresh_code_marks(store: Store, transport: Any, today: date) -> int:
    """Ask *transport* for this workstation's highest numbers (at most once a day) and raise the
    marks; returns how many marks moved. A server without the endpoint (404) is not asked again
    that day; network errors propagate to the round like any other."""
    ask = getattr(transport, "code_marks", None)
    if ask is None:
        return 0
    with store.read() as session:
        if settings.get_setting(session, SERVER_CHECKED_ON) == today.isoformat():
            return 0
        ctx = settings.load_context(session)
        # The second code form (TT 04/2025) prints another identifier: its codes are asked too.
        other = settings.get_setting(session, code_rules.CENTRALISED_AGENCY_ID)
    extra = {"prefix": str(other).strip().upper()} if other and str(other).strip().upper() != ctx.agency_id else {}
    try:
        marks = ask(today - timedelta(days=LOOKBACK_DAYS), ctx.workstation_no, ctx.code_stride, **extra)
    except PermanentError:
        marks = []
    with store.write() as session:  # under the write lock: a receipt cannot interleave
        moved = store.code_marks.raise_to(  # the province holds these: the next comes after them
            [(ctx.agency_id, ctx.workstation_no, day, seq) for day, seq in marks], floor=True)
        settings.set_setting(session, SERVER_CHECKED_ON, today.isoformat())
    return moved
