"""The dossier history proves itself: each dossier's events are chained by hash, and the
dossier row carries the chain's head and a seal over its own fields.

* An event's ``hash`` is SHA-256 of its fields (canonical JSON) and ``prev_hash``, the hash of
  the dossier's event before it (:data:`GENESIS` for the first). Events are chained in the
  order they were written on this counter (``seq``), the departments' changes pulled from the
  server included (they arrive as events of origin "remote").
* The dossier row keeps ``history_head`` (the newest event's hash) and ``history_length``
  (how many events), and ``seal``: SHA-256 of every column of the row (:data:`SEALED_FIELDS`,
  the head and the length among them). A row edited outside the application no longer
  matches its seal; events edited, inserted, removed or reordered no longer match their
  hashes, their links or the head. ``prev_hash`` is stored although a sound chain could derive
  it (the previous event's hash): it is the only copy of the hash it names once an event is
  rewritten with its hash recomputed, so that event (not the one after it) is named, and a
  removal or a reordering is told from an edit.

The digests (``hash``, ``prev_hash``, ``redacted_hash``, the head and the seal) are stored as
their 32 bytes (``models.Digest``, migration 0014) and handled everywhere else as 64 hex
characters; an event's id and its officer's id as the 16 bytes of a UUID
(``models.CompactId``) and handled as text. The hashes cover the text forms (the head within
the seal too), so converting the storage changed no hash. Other values are hashed in the form
SQLite stores them (times as SQLAlchemy writes them, booleans as 0/1), so
:func:`verify_chains` reads the rows raw and a tampered value that no longer
parses is still a mismatch, never a crash. Without a key, someone who recomputes every hash
and the seal is not caught here; the server's copy of the history is the answer to that.

A new column of ``dossier`` must be added to :data:`SEALED_FIELDS` together with a migration
that reseals every row (as 0006 does).

Erasure of personal data (counter_app.services.pii_purge) keeps every event's ``hash`` and
``prev_hash``: the links, the head and the province's countersigned heads stay true. An event
it redacts gets ``redacted_hash``, the hash of the event as redacted (same fields, same
``prev_hash``), and the dossier's ``pii_erased`` event, chained after it, lists each redacted
event's id with that hash (:data:`ERASURE_KIND`, ``data["redacted"]``). A redacted event is
then checked against its ``redacted_hash``, and that hash against the erasure event's list, so
an edit after the erasure, or a ``redacted_hash`` set without a recorded erasure, still shows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from counter_app.domain.errors import Message, message

GENESIS = "0" * 64
ERASURE_KIND = "pii_erased"  # enums.EventKind.PII_ERASED (this module imports no enums)

#: The hashed fields of an event, in a fixed order.
EVENT_FIELDS = ("id", "dossier_id", "kind", "at", "officer_id", "officer_name", "from_status",
                "to_status", "data", "origin")

#: Every column of ``dossier`` but the seal itself, in a fixed order.
SEALED_FIELDS = (
    "id", "code", "code_day", "code_seq", "agency_id", "workstation_no", "procedure_code",
    "procedure_name", "applicant_kind", "applicant_name", "applicant_name_folded", "id_kind",
    "id_number", "birth_date", "representative_name", "phone", "email", "address", "sets",
    "fee_amount", "fee_detail", "fee_paid", "channel", "result_delivery", "note", "received_at",
    "received_by", "due_at", "original_due_at", "status", "clock_stopped_at", "finished_at",
    "result_timing", "logbook_volume", "logbook_line", "updated_at", "version", "history_head",
    "history_length", "logbook_year", "identity_check",
)


_PLAIN = frozenset({str, int, type(None)})


def stored(value: Any) -> Any:
    """*value* as SQLite stores it (the form the hashes cover)."""
    kind = type(value)
    if kind is str or kind is int or value is None:  # most values: nothing to do
        return value
    if isinstance(value, datetime):  # as SQLAlchemy writes it ("%Y-%m-%d %H:%M:%S.%f"), zone dropped
        return value.replace(tzinfo=None).isoformat(" ", "microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Enum):
        return value.value
    return value


_HEX = frozenset("0123456789abcdefABCDEF")


def digest_bytes(value: Any) -> Any:
    """A digest as stored: its 32 bytes for its hex text (None and bytes as they are; text that
    is not a digest's hex, left by a hand edit that migration 0014 kept, as it is: ``check``
    names it, and the next event chained after it must still be written)."""
    if isinstance(value, str) and len(value) == 64 and _HEX.issuperset(value):
        return bytes.fromhex(value)
    return value


def as_hex(value: Any) -> Any:
    """A stored digest as hex text (None as it is; text, in a file edited by hand, as it is)."""
    return value.hex() if isinstance(value, (bytes, memoryview)) else value


def id_bytes(value: Any) -> Any:
    """An event's id as stored: the 16 bytes of a UUID given in its canonical text (lower case,
    with dashes: every id this application makes); any other value (a department's event id
    may be any text) as it is."""
    if type(value) is str and len(value) == 36:
        try:
            raw = bytes.fromhex(value.replace("-", ""))
        except ValueError:
            return value
        if len(raw) == 16 and id_text(raw) == value:  # exactly what is read back
            return raw
    return value


def id_text(value: Any) -> Any:
    """A stored event id as its text (16 bytes: a UUID's canonical text; anything else as it is)."""
    if isinstance(value, (bytes, memoryview)) and len(value) == 16:
        h = value.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return value


def _digest(values: list[Any]) -> str:
    text = json.dumps(values, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _data(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else (value or {})


def event_hash(event: dict[str, Any], prev_hash: str) -> str:
    """The hash of an event (a column → value mapping, Python or stored values) after *prev_hash*."""
    values = [v if type(v) in _PLAIN else stored(v) for v in (event[k] for k in EVENT_FIELDS[:-2])]
    values.append(_data(event["data"]))
    values.append(event.get("origin") or "local")
    values.append(prev_hash)
    return _digest(values)


def link(event: dict[str, Any], head: str | None) -> str:
    """Chain *event* (a row about to be written) after *head*; its hash, the new head."""
    prev = head or GENESIS
    event["prev_hash"] = prev
    event["hash"] = event_hash(event, prev)
    return event["hash"]


def seal(row: Any, fields: Sequence[str] = SEALED_FIELDS) -> str:
    """The seal of a dossier row (a mapping, or an object with the columns as attributes);
    *fields*: the sealed columns (a migration passes the list of its own revision)."""
    values = [row[k] for k in fields] if isinstance(row, dict) else [getattr(row, k) for k in fields]
    return _digest([v if type(v) in _PLAIN else stored(v) for v in values])  # on the save path: kept lean


def seal_new(row: dict[str, Any], events: Sequence[dict[str, Any]]) -> None:
    """Chain the first *events* of a new dossier and seal its *row*, both in place."""
    head = None
    for event in events:
        head = link(event, head)
    row["history_head"] = head
    row["history_length"] = len(events)
    row["seal"] = seal(row)


# --- verification ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ChainFinding:
    """One thing wrong with a dossier's chain: ``seq`` names the event (None: the row)."""

    dossier_id: str
    code: str | None
    seq: int | None
    kind: str      # event_edited | event_inserted | event_removed | events_reordered | row_edited
    detail: Message  # the part after "Hồ sơ <code>: " (ui.messages says it)


@dataclass
class _Event:
    seq: int
    hash: str
    prev_hash: str
    content_ok: bool
    id: str = ""
    redacted: str | None = None                # redacted_hash: checked against an erasure event
    attests: dict[str, str] | None = None      # a pii_erased event: event id -> redacted hash


_EVENTS_SQL = ("SELECT seq, " + ", ".join(EVENT_FIELDS) + ", redacted_hash, prev_hash, hash FROM dossier_event "
               "ORDER BY dossier_id, seq")
_ROWS_SQL = "SELECT " + ", ".join(SEALED_FIELDS) + ", seal FROM dossier ORDER BY id"


def _event_of(raw: Sequence[Any]) -> tuple[str, _Event]:
    fields = dict(zip(EVENT_FIELDS, raw[1:-3], strict=True))
    fields["id"], fields["officer_id"] = id_text(fields["id"]), id_text(fields["officer_id"])
    redacted, prev, stored_hash = as_hex(raw[-3]), as_hex(raw[-2]), as_hex(raw[-1])
    attests = None
    try:
        ok = isinstance(prev, str) and event_hash(fields, prev) == (redacted or stored_hash)
        if fields["kind"] == ERASURE_KIND:
            listed = _data(fields["data"]).get("redacted")
            attests = {str(k): str(v) for k, v in listed.items()} if isinstance(listed, dict) else {}
    except (TypeError, ValueError, AttributeError):  # a payload that is no longer JSON
        ok = False
    return str(fields["dossier_id"]), _Event(int(raw[0]), str(stored_hash), str(prev), ok, str(fields["id"]),
                                             redacted, attests)


def _grouped(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[str, list[_Event]]]:
    current, events = None, []
    for raw in rows:
        dossier_id, event = _event_of(raw)
        if dossier_id != current:
            if current is not None:
                yield current, events
            current, events = dossier_id, []
        events.append(event)
    if current is not None:
        yield current, events


def check_dossier(dossier_id: str, code: str | None, head: str | None, length: int | None,
                  events: list[_Event]) -> list[ChainFinding]:
    """What is wrong with one dossier's events against its head (*events* in ``seq`` order)."""
    out: list[ChainFinding] = []

    def say(seq, kind, detail):
        out.append(ChainFinding(dossier_id, code, seq, kind, detail))

    by_hash: dict[str, _Event] = {}
    for e in events:
        by_hash.setdefault(e.hash, e)
    children: dict[str, list[_Event]] = {}
    for e in events:
        children.setdefault(e.prev_hash, []).append(e)
    # Backward from the head: the events the dossier row vouches for.
    tail: list[_Event] = []
    h = head
    while h and h != GENESIS and h in by_hash and by_hash[h] not in tail:
        tail.append(by_hash[h])
        h = by_hash[h].prev_hash
    tail.reverse()
    complete = h == GENESIS or (not head and not events)
    # Forward from the start, as far as the links go (what is left when the head is lost).
    front: list[_Event] = []
    if not complete:
        h, seen = GENESIS, {id(e) for e in tail}
        while h in children:
            nxt = [c for c in children[h] if id(c) not in seen and c not in front]
            if not nxt:
                break
            front.append(nxt[0])
            h = nxt[0].hash
    chain = tail if complete else front + tail
    expected = length if length is not None else len(chain)
    on_chain = {id(e) for e in chain}
    strays = [e for e in events if id(e) not in on_chain]
    if not complete and not head:
        say(None, "row_edited", message("chain.head_lost"))
    elif not complete:
        missing = expected - len(chain)
        gap_after = front[-1].seq if front else None
        gap_before = tail[0].seq if tail else None
        if missing > 0:
            code_ = ("chain.removed_between" if gap_after and gap_before else "chain.removed_after" if gap_after
                     else "chain.removed_before" if gap_before else "chain.removed")
            say(gap_before or gap_after, "event_removed", message(
                code_, count=missing, after=gap_after, before=gap_before, expected=expected, left=len(chain)))
        elif front or tail:
            # Nothing is missing, yet the links break: the event before the break was edited
            # and its hash recomputed (the next event, or the head, still names the old one).
            e = front[-1] if front else tail[0]
            say(e.seq, "event_edited", message("chain.rehashed", seq=e.seq))
    for e in strays:
        say(e.seq, "event_inserted", message("chain.inserted", seq=e.seq))
    for e in chain:
        if not e.content_ok:
            say(e.seq, "event_edited", message("chain.content_edited", seq=e.seq))
    for i, e in enumerate(chain):
        if e.redacted and not any(later.attests and later.attests.get(e.id) == e.redacted for later in chain[i + 1:]):
            say(e.seq, "event_edited", message("chain.redacted_without_erasure", seq=e.seq))
    seqs = [e.seq for e in chain]
    if seqs != sorted(seqs):
        moved = sorted(a.seq for a, b in zip(chain, sorted(chain, key=lambda x: x.seq), strict=True) if a is not b)
        say(moved[0], "events_reordered", message("chain.reordered", seqs=", ".join(map(str, moved))))
    if complete and length is not None and length != len(chain):
        say(None, "row_edited", message("chain.length_mismatch", length=length, count=len(chain)))
    out.sort(key=lambda f: (f.seq is None, f.seq or 0))
    return out


def verify_chains(connection: Any, *, limit: int | None = None) -> list[ChainFinding]:
    """Every chain and seal of the store checked; *connection(sql)* returns the raw rows of a
    query (SQLAlchemy's ``Connection.exec_driver_sql``, or a sqlite3 connection's ``execute``).
    At most *limit* findings."""
    findings: list[ChainFinding] = []
    dossiers: dict[str, tuple[str | None, str | None, int | None]] = {}
    for raw in connection(_ROWS_SQL):
        row = dict(zip(SEALED_FIELDS, raw[:-1], strict=True))
        row["history_head"] = as_hex(row["history_head"])
        dossiers[row["id"]] = (row["code"], row["history_head"], row["history_length"])
        if seal(row) != as_hex(raw[-1]):
            findings.append(ChainFinding(row["id"], row["code"], None, "row_edited", message("chain.row_edited")))
    seen: set[str] = set()
    for dossier_id, events in _grouped(connection(_EVENTS_SQL)):
        seen.add(dossier_id)
        code, head, length = dossiers.get(dossier_id, (None, None, None))
        if dossier_id not in dossiers:
            findings.extend(ChainFinding(dossier_id, None, e.seq, "event_inserted",
                                         message("chain.orphan_event", seq=e.seq)) for e in events)
            continue
        findings.extend(check_dossier(dossier_id, code, head, length, events))
        if limit is not None and len(findings) >= limit:
            return findings[:limit]
    for dossier_id, (code, head, length) in dossiers.items():
        if dossier_id not in seen and (head or length):
            findings.append(ChainFinding(dossier_id, code, None, "event_removed", message(
                "chain.all_removed_count", count=length) if length else message("chain.all_removed")))
    return findings[:limit] if limit is not None else findings
