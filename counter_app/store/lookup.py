"""From raw scanner text to a dossier card: normalise the code, find the dossier, describe it.

Scanners (keyboard wedges) bring stray whitespace, control characters (STX/ETX framing),
lower case when Caps Lock is on, and a prefix or suffix some models are programmed to add.
:func:`normalise_code` removes all that and checks the result with
:func:`counter_app.domain.dossier_codes.parse_code`; :func:`lookup` then builds a :class:`DossierCard`, the
plain data the card view, ``counter-app lookup`` and the tests share.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import asdict, dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.clock import now_vn
from counter_app.domain.dossier_codes import parse_code
from counter_app.domain.enums import RUNNING_STATUSES, DossierStatus, EventKind
from counter_app.domain.errors import NotFound, Said, message
from counter_app.domain.lifecycle import Action, allowed_actions
from counter_app.store import catalogue_tables, refcache, settings
from counter_app.store.db import Store
from counter_app.store.models import Dossier, DossierAttachment, DossierDocument, DossierEvent
from counter_app.store.rawinsert import decode, decoders

#: Settings keys of the scanner (the GUI reads them too).
SCANNER_PREFIX = "scanner.prefix"
SCANNER_SUFFIX = "scanner.suffix"
SCANNER_MAX_GAP_MS = "scanner.max_gap_ms"
SCANNER_MIN_LENGTH = "scanner.min_length"
#: How the scanner is connected: "wedge" (a USB keyboard, the default) or "serial" (USB-COM).
SCANNER_MODE = "scanner.mode"
SCANNER_SERIAL_PORT = "scanner.serial.port"              # "COM3" on Windows, "/dev/ttyACM0" on Linux
SCANNER_SERIAL_BAUD = "scanner.serial.baud"
SCANNER_SERIAL_TERMINATOR = "scanner.serial.terminator"  # "cr" or "lf": what ends one code
DEFAULT_MAX_GAP_MS = 30
DEFAULT_MIN_LENGTH = 6
MODE_WEDGE, MODE_SERIAL = "wedge", "serial"
SCANNER_MODES = (MODE_WEDGE, MODE_SERIAL)
TERMINATORS = ("cr", "lf")
SERIAL_BAUDS = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
DEFAULT_SERIAL_BAUD = 9600
MAX_RAW_LENGTH = 200


class LookupProblem(enum.Enum):
    MALFORMED = "malformed"   # not a dossier code at all
    UNKNOWN = "unknown"       # a well-formed code no dossier here carries


class LookupFailed(NotFound):
    """The scanned or typed text does not lead to a dossier; ``message`` says why (a code)."""

    def __init__(self, problem: LookupProblem, text: str, said: Said):
        self.problem = problem
        self.text = text
        super().__init__(said)


@dataclass(frozen=True)
class ScannerConfig:
    """How this counter's scanner frames a code."""

    prefix: str = ""
    suffix: str = ""
    max_gap_ms: int = DEFAULT_MAX_GAP_MS
    min_length: int = DEFAULT_MIN_LENGTH
    mode: str = MODE_WEDGE
    serial_port: str = ""
    serial_baud: int = DEFAULT_SERIAL_BAUD
    serial_terminator: str = "cr"


def load_scanner_config(session: Session, ref: refcache.ReferenceData | None = None) -> ScannerConfig:
    """The scanner settings of this profile (defaults when never set), from the reference
    cache while the settings are unchanged."""
    return (ref or refcache.current(session)).get("scanner", lambda: _read_scanner_config(session))


def _read_scanner_config(session: Session) -> ScannerConfig:
    return ScannerConfig(
        prefix=str(settings.get_setting(session, SCANNER_PREFIX, "") or ""),
        suffix=str(settings.get_setting(session, SCANNER_SUFFIX, "") or ""),
        max_gap_ms=int(settings.get_setting(session, SCANNER_MAX_GAP_MS, DEFAULT_MAX_GAP_MS)),
        min_length=int(settings.get_setting(session, SCANNER_MIN_LENGTH, DEFAULT_MIN_LENGTH)),
        **read_serial_settings(session),
    )


def read_serial_settings(session: Session) -> dict[str, Any]:
    """The scanner's connection settings (``mode``, ``serial_*``), unknown values as defaults."""
    get = settings.get_setting
    mode = get(session, SCANNER_MODE, MODE_WEDGE)
    terminator = get(session, SCANNER_SERIAL_TERMINATOR, "cr")
    try:
        baud = int(get(session, SCANNER_SERIAL_BAUD, DEFAULT_SERIAL_BAUD))
    except (TypeError, ValueError):
        baud = DEFAULT_SERIAL_BAUD
    return {
        "mode": mode if mode in SCANNER_MODES else MODE_WEDGE,
        "serial_port": str(get(session, SCANNER_SERIAL_PORT, "") or "").strip(),
        "serial_baud": baud if baud > 0 else DEFAULT_SERIAL_BAUD,
        "serial_terminator": terminator if terminator in TERMINATORS else "cr",
    }


_ASCII_UNPRINTABLE = dict.fromkeys((*range(0x21), 0x7F))  # ASCII's controls and spaces


def _printable(text: str) -> str:
    """Drop control, format and whitespace characters anywhere (codes contain none)."""
    if text.isascii():  # what a scanner types: NFKC leaves ASCII as it is
        return text.translate(_ASCII_UNPRINTABLE)
    return "".join(
        ch for ch in unicodedata.normalize("NFKC", text)
        if not ch.isspace() and unicodedata.category(ch)[0] not in ("C", "Z")
    )


SIGNED_QR_PREFIX = "HS1:"  # counter_app.domain.slip_qr.PREFIX (not imported: a plain scan loads no CBOR)


def _slip_statement_code(raw: str, prefix: str, suffix: str) -> str | None:
    """The code named by a slip's signed QR (``HS1:…``, counter_app.domain.slip_qr) scanned at the
    counter; None when *raw* is not one. Its spaces are base45 digits: they are kept. Looking a
    dossier up needs no proof; `counter-app verify` checks the signature."""
    text = (raw or "").strip("\r\n\t\x00")
    if prefix and text.upper().startswith(prefix.upper()):
        text = text[len(prefix):]
    if suffix and text.upper().endswith(suffix.upper()):
        text = text[: -len(suffix)]
    text = text.strip("\r\n\t")
    if not text.upper().startswith(SIGNED_QR_PREFIX):
        return None
    from counter_app.domain import slip_qr  # CBOR and base45 load only for a signed QR

    code = slip_qr.decode_code(text)
    parsed = parse_code(code) if code else None
    return str(parsed) if parsed is not None else None


def normalise_code(raw: str, prefix: str = "", suffix: str = "") -> str:
    """The canonical dossier code in *raw*; LookupFailed (MALFORMED) when there is none.

    ``"  000.00.14.h56-260310-0001\\r"`` → ``"000.00.14.H56-260310-0001"``; a configured
    *prefix*/*suffix* is removed (case-insensitively) when present.
    """
    signed = _slip_statement_code(raw or "", prefix, suffix)
    if signed is not None:
        return signed
    text = _printable(raw or "")[:MAX_RAW_LENGTH].upper()
    pre, suf = _printable(prefix).upper(), _printable(suffix).upper()
    if pre and text.startswith(pre):
        text = text[len(pre):]
    if suf and text.endswith(suf):
        text = text[: -len(suf)]
    shown = text if len(text) <= 40 else text[:40] + "…"
    if not text:
        raise LookupFailed(LookupProblem.MALFORMED, "", "lookup.empty")
    parsed = parse_code(text)
    if parsed is None:
        raise LookupFailed(LookupProblem.MALFORMED, text, message("lookup.not_a_code", text=shown))
    return str(parsed)


# -- the card -----------------------------------------------------------------------------


class DueState(enum.Enum):
    NOT_DUE = "not_due"          # working time left before the appointment
    DUE_TODAY = "due_today"      # appointment later today
    LATE = "late"                # past the appointment, not finished
    PAUSED = "paused"            # clock stopped, waiting for a supplement
    NOT_STARTED = "not_started"  # registered online, not received at the counter yet
    FINISHED = "finished"        # result back or dossier closed


@dataclass(frozen=True)
class DueInfo:
    """Time left (or late) in working time, counted on the counter's calendar.

    ``working_hours`` is positive when time is left, negative when late; days are
    ``working_hours / day_hours`` split into whole days and remaining hours.
    """

    state: DueState
    working_hours: float
    days: int
    hours: float
    day_hours: float


@dataclass(frozen=True)
class DocumentRow:
    name: str
    form: str
    count: int
    handed_in: bool
    scan_pages: int | None = None  # pages of the document's current scan; None: not digitised

    @property
    def digitised(self) -> bool:
        return self.scan_pages is not None


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    kind: EventKind | str
    officer_name: str | None
    from_status: DossierStatus | None
    to_status: DossierStatus | None
    data: dict[str, Any]
    origin: str


@dataclass(frozen=True)
class DossierCard:
    """Everything the counter shows about one dossier, as plain data."""

    id: str
    code: str
    version: int
    status: DossierStatus
    procedure_code: str
    procedure_name: str
    applicant_kind: str
    applicant_name: str
    id_kind: str
    id_number: str
    representative_name: str | None
    phone: str | None
    email: str | None
    address: str
    sets: int
    fee_amount: int
    fee_paid: bool
    received_at: datetime
    due_at: datetime
    original_due_at: datetime | None
    clock_stopped_at: datetime | None
    finished_at: datetime | None
    result_timing: str | None
    logbook_volume: int
    logbook_line: int
    due: DueInfo
    documents: tuple[DocumentRow, ...]
    history: tuple[HistoryRow, ...]
    allowed_actions: tuple[Action, ...]
    apology_used: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (datetimes ISO 8601, enums by value)."""
        return _jsonable(asdict(self))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, DossierStatus):
        return int(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def due_info(dossier: Any, calendar, now: datetime) -> DueInfo:
    """How much working time is left before the appointment, or how late the dossier is."""
    day_hours = calendar.day_hours
    status = DossierStatus(dossier.status)
    if dossier.finished_at is not None or status.is_finished or status is DossierStatus.RESULT_READY:
        end, state = dossier.finished_at or now, DueState.FINISHED
    elif status is DossierStatus.NEW:
        end, state = now, DueState.NOT_STARTED
    elif dossier.clock_stopped_at is not None:
        end, state = dossier.clock_stopped_at, DueState.PAUSED
    elif status not in RUNNING_STATUSES:
        # Not running although no stop time was written (e.g. a supplement requested on the
        # server): never late, as in the logbook and today's counts.
        end, state = now, DueState.PAUSED
    else:
        end, state = now, None
    hours = calendar.working_hours_between(end, dossier.due_at)
    if state is None:
        if end > dossier.due_at:
            state = DueState.LATE
        elif dossier.due_at.date() == end.date():
            state = DueState.DUE_TODAY
        else:
            state = DueState.NOT_DUE
    whole = abs(hours)
    days = int(whole // day_hours) if day_hours else 0
    return DueInfo(state, round(hours, 4), days, round(whole - days * day_hours, 4), day_hours)


def _kind_of(raw: str) -> EventKind | str:
    try:
        return EventKind(raw)
    except ValueError:
        return raw  # a kind this version does not know (from a newer server): shown as is


def _history_row(at, kind, officer_name, from_status, to_status, data, origin) -> HistoryRow:
    return HistoryRow(
        at=at, kind=_kind_of(kind), officer_name=officer_name,
        from_status=DossierStatus(from_status) if from_status is not None else None,
        to_status=DossierStatus(to_status) if to_status is not None else None,
        data=dict(data or {}), origin=origin,
    )


def _card(dossier: Any, documents: tuple[DocumentRow, ...], history: tuple[HistoryRow, ...],
          calendar, now: datetime) -> DossierCard:
    """The card of *dossier* (anything with the dossier's column attributes)."""
    apology_used = dossier.original_due_at is not None or any(
        h.kind == EventKind.APOLOGY_ISSUED for h in history
    )
    status = DossierStatus(dossier.status)
    actions = tuple(a for a in allowed_actions(status) if not (a is Action.APOLOGISE and apology_used))
    return DossierCard(
        id=dossier.id, code=dossier.code, version=dossier.version, status=status,
        procedure_code=dossier.procedure_code,
        procedure_name=dossier.procedure_name, applicant_kind=dossier.applicant_kind,
        applicant_name=dossier.applicant_name, id_kind=dossier.id_kind, id_number=dossier.id_number,
        representative_name=dossier.representative_name, phone=dossier.phone, email=dossier.email,
        address=dossier.address, sets=dossier.sets, fee_amount=dossier.fee_amount,
        fee_paid=bool(dossier.fee_paid), received_at=dossier.received_at, due_at=dossier.due_at,
        original_due_at=dossier.original_due_at, clock_stopped_at=dossier.clock_stopped_at,
        finished_at=dossier.finished_at, result_timing=dossier.result_timing,
        logbook_volume=dossier.logbook_volume, logbook_line=dossier.logbook_line,
        due=due_info(dossier, calendar, now),
        documents=documents,
        history=history,
        allowed_actions=actions,
        apology_used=apology_used,
    )


def card_of(session: Session, dossier: Dossier, now: datetime) -> DossierCard:
    """The card of an ORM *dossier* as of *now* (what :func:`lookup` reads without the ORM)."""
    events = session.scalars(
        select(DossierEvent).where(DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.seq)
    ).all()
    scans = dict(session.execute(
        select(DossierAttachment.document_position, DossierAttachment.pages)
        .where(DossierAttachment.dossier_id == dossier.id, DossierAttachment.replaced_at.is_(None))).all())
    return _card(
        dossier,
        tuple(DocumentRow(d.name, d.form, d.count, bool(d.handed_in), scans.get(d.position)) for d in dossier.documents),
        tuple(_history_row(e.at, e.kind, e.officer_name, e.from_status, e.to_status, e.data, e.origin)
              for e in events),
        catalogue_tables.work_calendar(session), now,
    )


def find_by_code(session: Session, code: str) -> Dossier:
    """The dossier carrying the canonical *code*; LookupFailed (UNKNOWN) otherwise."""
    dossier = session.scalars(select(Dossier).where(Dossier.code == code)).first()
    if dossier is None:
        raise _unknown(code)
    return dossier


def _unknown(code: str) -> LookupFailed:
    return LookupFailed(LookupProblem.UNKNOWN, code, message("lookup.unknown_code", code=code))


# -- the scan path: three indexed reads on the driver connection ------------------------------
#
# A scan must show its card at once, so the card's rows are read with bare sqlite3 on the
# read engine's pooled connection, inside one read transaction (the same snapshot for the three
# reads), and turned into the card directly: the ORM's identity map, attribute instrumentation
# and per-row result processing took about 20 times the reads themselves. The values are turned
# back by :mod:`counter_app.store.rawinsert`'s decoders, beside the encoders of the same storage
# format; tests/core/test_refcache.py checks the card equals :func:`card_of`'s.

_CARD_COLUMNS = (
    "id", "code", "version", "status", "procedure_code", "procedure_name", "applicant_kind",
    "applicant_name", "id_kind", "id_number", "representative_name", "phone", "email", "address",
    "sets", "fee_amount", "fee_paid", "received_at", "due_at", "original_due_at",
    "clock_stopped_at", "finished_at", "result_timing", "logbook_volume", "logbook_line",
)
_DOCUMENT_COLUMNS = ("name", "form", "count", "handed_in")
_EVENT_COLUMNS = ("at", "kind", "officer_name", "from_status", "to_status", "data", "origin")
_DOSSIER_DECODE = decoders(Dossier.__table__, _CARD_COLUMNS)
_DOCUMENT_DECODE = decoders(DossierDocument.__table__, _DOCUMENT_COLUMNS)
_EVENT_DECODE = decoders(DossierEvent.__table__, _EVENT_COLUMNS)
_DOSSIER_SQL = f"SELECT {', '.join(_CARD_COLUMNS)} FROM {Dossier.__tablename__} WHERE code = ?"
# Each document with the page count of its current scan (NULL: not digitised).
_DOCUMENTS_SQL = (f"SELECT {', '.join('d.' + c for c in _DOCUMENT_COLUMNS)}, a.pages "
                  f"FROM {DossierDocument.__tablename__} d LEFT JOIN {DossierAttachment.__tablename__} a "
                  "ON a.dossier_id = d.dossier_id AND a.document_position = d.position AND a.replaced_at IS NULL "
                  "WHERE d.dossier_id = ? ORDER BY d.position")
_EVENTS_SQL = (f"SELECT {', '.join(_EVENT_COLUMNS)} "
               f"FROM {DossierEvent.__tablename__} WHERE dossier_id = ? ORDER BY seq")


def _read_card(dbapi, code: str, calendar, now: datetime) -> DossierCard:
    """The card of the dossier with *code*, read with the DBAPI connection *dbapi*."""
    row = dbapi.execute(_DOSSIER_SQL, (code,)).fetchone()
    if row is None:
        raise _unknown(code)
    dossier = SimpleNamespace(**dict(zip(_CARD_COLUMNS, decode(_DOSSIER_DECODE, row))))
    documents = tuple(
        DocumentRow(*decode(_DOCUMENT_DECODE, r)) for r in dbapi.execute(_DOCUMENTS_SQL, (dossier.id,))
    )
    history = tuple(
        _history_row(*decode(_EVENT_DECODE, r)) for r in dbapi.execute(_EVENTS_SQL, (dossier.id,))
    )
    return _card(dossier, documents, history, calendar, now)


def lookup(store: Store, raw: str, *, now: datetime | None = None,
           config: ScannerConfig | None = None) -> DossierCard:
    """Resolve raw scanner (or typed) text to the dossier's card; LookupFailed otherwise."""
    now = (now or now_vn()).replace(microsecond=0)
    # The usual case: the scanner settings and the calendar are cached under the database's
    # current reference token; then the whole scan is bare sqlite3 on a pooled connection.
    pooled = store.read_engine.raw_connection()
    try:
        dbapi = pooled.driver_connection
        dbapi.execute("BEGIN")  # one snapshot for the token and the card's rows (as Store.read)
        try:
            ref = refcache.for_token(store.read_engine, refcache.read_token(dbapi))
            cfg = config or ref.peek("scanner")
            calendar = ref.peek("calendar")
            if cfg is not None and calendar is not None:
                return _read_card(dbapi, normalise_code(raw, cfg.prefix, cfg.suffix), calendar, now)
        finally:
            dbapi.rollback()
    finally:
        pooled.close()
    # First scan after a change of the reference rows: read them through the ORM, which fills
    # the cache, in one read transaction with the card's rows.
    with store.read() as session:
        ref = refcache.current(session)
        cfg = config or load_scanner_config(session, ref)
        code = normalise_code(raw, cfg.prefix, cfg.suffix)
        calendar = catalogue_tables.work_calendar(session, ref)
        return _read_card(session.connection().connection.driver_connection, code, calendar, now)
