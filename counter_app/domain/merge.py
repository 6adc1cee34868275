"""The one rule by which the counter and the province agree on a dossier (docs/sync-api.md).

A dossier's shared history is a set of events: the counter's (pushed through the outbox) and
the departments' (set on the server, pulled from the change feed). Each event carries the
version it was based on and the version it produced at its author (a Lamport clock: an event
always gets a version above every version its author had seen). Both sides compute the
dossier's status and version with :func:`fold` over the same set, in the same
:func:`canonical order <order_key>`, so once each side holds every event they agree, whatever
order the events arrived in:

* order: by version; among events of one version, those that changed the dossier before those
  that only recorded something (a slip printed), then the counter's before a department's
  (the two were made without seeing each other; the department, which holds the paper, wins
  the tie), then by id;
* version: each event that changes the dossier moves it to ``max(version + 1, its own)``; an
  event that only records something to ``max(version, its own)``, so a department's change and
  a counter's change made concurrently never end on the same number;
* status: a department's change always applies; a counter's change applies when it was made
  from the status the dossier has at that point of the order, otherwise it was overtaken (it
  stays in the history, the status does not move).

Pure functions, no database: the counter (``services.remote``) and the reference server
(``sync.server.store``) call the same code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

COUNTER = "counter"
DEPARTMENT = "department"

#: Event kinds that record something without changing the dossier (no new version).
RECORDING_KINDS = frozenset({"slip_printed"})


def bumps(kind: str) -> bool:
    """True when an event of *kind* gives the dossier a new version."""
    return str(kind) not in RECORDING_KINDS


@dataclass(frozen=True)
class MergeEvent:
    """What the rule needs to know of one event of a dossier's shared history."""

    id: str
    origin: str                 # COUNTER | DEPARTMENT
    kind: str
    version: int                # the version it produced at its author
    base_version: int           # the version its author had when it was made
    from_status: int | None
    to_status: int | None

    @property
    def changes_version(self) -> bool:
        return self.version > self.base_version

    def to_json(self) -> dict:
        return {"event_id": self.id, "origin": self.origin, "kind": self.kind, "version": self.version,
                "base_version": self.base_version, "from_status": self.from_status, "to_status": self.to_status}


def order_key(event: MergeEvent) -> tuple[int, int, int, str]:
    """The canonical position of *event* in its dossier's history."""
    return (event.version, 0 if event.changes_version else 1, 0 if event.origin == COUNTER else 1, event.id)


def ordered(events: Iterable[MergeEvent]) -> list[MergeEvent]:
    return sorted(events, key=order_key)


@dataclass(frozen=True)
class Merged:
    """A dossier's state computed from its history; ``applied`` lists the ids whose status
    change took effect (the others were overtaken or changed no status)."""

    status: int | None
    version: int
    history: tuple[MergeEvent, ...]
    applied: frozenset[str]
    deciding: MergeEvent | None  # the event that set the status


def step(status: int | None, version: int, event: MergeEvent) -> tuple[int | None, int, bool]:
    """The state after *event* when it comes last: (status, version, whether its status change applied)."""
    version = max(version + 1, event.version) if event.changes_version else max(version, event.version)
    target = event.to_status
    if target is None or target == event.from_status and status is not None:
        return status, version, False  # records something, or edits: no status change
    if event.origin == DEPARTMENT or status is None or event.from_status is None or event.from_status == status:
        return target, version, target != status
    return status, version, False  # made from a status the dossier no longer has: overtaken


def fold(events: Iterable[MergeEvent]) -> Merged:
    """Status and version of a dossier whose shared history is *events* (any order, no duplicates)."""
    history = ordered(events)
    status, version, applied, deciding = None, 0, set(), None
    for event in history:
        status, version, took = step(status, version, event)
        if took:
            applied.add(event.id)
            deciding = event
    return Merged(status, version, tuple(history), frozenset(applied), deciding)


@dataclass(frozen=True)
class LocalRow:
    """One row of the counter's own history of a dossier, in the order it was written."""

    id: str
    kind: str
    origin: str                 # "local" | "remote" (the counter's column)
    from_status: int | None
    to_status: int | None
    remote_version: int | None  # a department's event: the version the server gave it


def versions_of_local(rows: Sequence[LocalRow]) -> list[MergeEvent]:
    """The counter's history as merge events.

    The counter does not store the version each of its own events produced: it is implied by
    the rule. When the counter wrote an event, the dossier's version was the fold of the rows
    written before it (the counter keeps ``dossier.version`` equal to that fold), so a local
    event's version is that fold plus one (or plus nothing for a recording). A department's
    event carries the version the server gave it.
    """
    out: list[MergeEvent] = []
    status, version = None, 0
    for row in rows:
        if row.origin == "remote":
            stamp = row.remote_version if row.remote_version is not None else version + 1
            event = MergeEvent(row.id, DEPARTMENT, row.kind, stamp, stamp - 1, row.from_status, row.to_status)
            out.append(event)
            merged = fold(out)  # it may sort before local events: fold again
            status, version = merged.status, merged.version
        else:
            base = version
            stamp = base + 1 if bumps(row.kind) else base
            event = MergeEvent(row.id, COUNTER, row.kind, stamp, base, row.from_status, row.to_status)
            out.append(event)
            # Above every version seen, it comes last; a recording sorts after every change of
            # its version and changes nothing.
            status, version, _ = step(status, version, event)
    return out
