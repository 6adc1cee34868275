"""Verification of the dossier event history, for `counter-app check`.

The history is append-only (triggers refuse UPDATE and DELETE), so what this finds was done
behind the application's back or by a defect: a dossier without history, a history that does
not start from nothing, a status change that does not follow from the one before, a dossier
whose status is not where its history leads, an outbox item whose event is gone. Each check
is one SQL query over the indexes, so it runs at a million dossiers in seconds. The hash chains
(counter_app.store.history_chain) then name every event edited, inserted, removed or moved and every
dossier row edited outside the application.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from counter_app.domain.enums import DossierStatus
from counter_app.store.history_chain import verify_chains
from counter_app.domain.errors import Message, Said, message


@dataclass(frozen=True)
class HistoryProblem:
    """One inconsistency, naming the dossier (and the event when there is one)."""

    code: str | None
    event_seq: int | None
    kind: str
    message: Said


def _label(status: int | None) -> Message:
    if status is None:
        return message("history.status_none")
    try:
        return message("history.status_named", number=status, status=DossierStatus(status))
    except ValueError:
        return message("history.status_invalid", number=status)


_NO_HISTORY = text(
    "SELECT d.code FROM dossier d "
    "WHERE d.status != 1 "  # registered online, not received yet: no history of ours
    "AND NOT EXISTS (SELECT 1 FROM dossier_event e WHERE e.dossier_id = d.id) "
    "ORDER BY d.code LIMIT :limit"
)

# Status-changing events in order per dossier, each beside the one before it.
_CHAIN = text(
    "WITH e AS ("
    "  SELECT dossier_id, seq, kind, from_status, to_status,"
    "         LAG(to_status) OVER (PARTITION BY dossier_id ORDER BY seq) AS before,"
    "         ROW_NUMBER() OVER (PARTITION BY dossier_id ORDER BY seq) AS n"
    "  FROM dossier_event WHERE to_status IS NOT NULL)"
    " SELECT d.code, e.seq, e.kind, e.from_status, e.before, e.n FROM e JOIN dossier d ON d.id = e.dossier_id"
    " WHERE (e.n = 1 AND e.from_status IS NOT NULL)"
    "    OR (e.n > 1 AND e.from_status IS NOT e.before)"
    " ORDER BY e.seq LIMIT :limit"
)

_STATUS = text(
    "SELECT d.code, d.status, ("
    "  SELECT e.to_status FROM dossier_event e"
    "  WHERE e.dossier_id = d.id AND e.to_status IS NOT NULL ORDER BY e.seq DESC LIMIT 1) AS last"
    " FROM dossier d WHERE last IS NOT NULL AND last IS NOT d.status ORDER BY d.code LIMIT :limit"
)

_ORPHAN_OUTBOX = text(  # an item is its event's number (counter_app.store.outbox)
    "SELECT o.seq, d.code FROM outbox o"
    " LEFT JOIN dossier d ON d.id = json_extract(o.payload, '$.dossier.id')"
    " WHERE NOT EXISTS (SELECT 1 FROM dossier_event e WHERE e.seq = o.seq)"
    " ORDER BY o.seq LIMIT :limit"
)


def verify_history(session: Session, limit: int = 50) -> list[HistoryProblem]:
    """Every inconsistency found in the dossier history (at most *limit* of each kind), then
    every break of the events' hash chains and of the dossier rows' seals
    (counter_app.store.history_chain: edits, insertions, removals, reordering, rows edited outside
    the application; at most *limit* of those in all)."""
    problems: list[HistoryProblem] = []
    for (code,) in session.execute(_NO_HISTORY, {"limit": limit}):
        problems.append(HistoryProblem(code, None, "no_history", message("history.no_history", code=code)))
    for code, seq, kind, from_status, before, n in session.execute(_CHAIN, {"limit": limit}):
        if n == 1:
            problems.append(HistoryProblem(code, seq, "bad_start", message(
                "history.bad_start", code=code, seq=seq, kind=kind, before=_label(from_status))))
        else:
            problems.append(HistoryProblem(code, seq, "broken_chain", message(
                "history.broken_chain", code=code, seq=seq, kind=kind, source=_label(from_status),
                before=_label(before))))
    for code, status, last in session.execute(_STATUS, {"limit": limit}):
        problems.append(HistoryProblem(code, None, "status_mismatch", message(
            "history.status_mismatch", code=code, status=_label(status), last=_label(last))))
    for seq, code in session.execute(_ORPHAN_OUTBOX, {"limit": limit}):
        problems.append(HistoryProblem(code, None, "orphan_outbox", message(
            "history.orphan_outbox", seq=seq, code=code or "?")))
    connection = session.connection()
    for f in verify_chains(connection.exec_driver_sql, limit=limit):
        problems.append(HistoryProblem(f.code, f.seq, f.kind, message(
            "history.chain_problem", code=f.code or f.dossier_id, detail=f.detail)))
    return problems
