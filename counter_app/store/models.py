"""SQLAlchemy 2 models of the local store.

Times are naive wall-clock times in Vietnam (Asia/Ho_Chi_Minh, UTC+7, no daylight saving);
money is whole đồng. Every change to a dossier is an append-only `DossierEvent` written in
the same transaction as its `OutboxItem`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
    select,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from counter_app.store import history_chain
from counter_app.domain.ids import new_id


class Base(DeclarativeBase):
    """Declarative base of the local store."""


class Digest(TypeDecorator):
    """A SHA-256 digest stored as its 32 bytes (a BLOB, half the 64 hex characters), given and
    read as 64 lowercase hex characters, so that nothing above the store sees the difference
    (the history's chain, the seal: counter_app.store.history_chain; migration 0014). A value
    stored as text (a file edited by hand) is read back as it is."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(length=32)

    def bind_processor(self, dialect):
        return history_chain.digest_bytes

    def result_processor(self, dialect, coltype):
        return history_chain.as_hex


class CompactId(TypeDecorator):
    """An event's id or its officer's, a UUIDv7 stored as its 16 bytes (a BLOB, not 36
    characters: in the table and again in the unique index on ``id``), given and read as its
    text; an id that is not a UUID's canonical text (a department's event from the server) is
    stored as the text it is (counter_app.store.history_chain.id_bytes; migration 0014)."""

    impl = LargeBinary
    cache_ok = True

    def bind_processor(self, dialect):
        return history_chain.id_bytes

    def result_processor(self, dialect, coltype):
        return history_chain.id_text


class Setting(Base):
    """Key/value settings of this profile (this workstation's number, printers, sync state…)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)


class Agency(Base):
    """A receiving agency; `id` is its QCVN 102:2016 identifier (e.g. 000.00.14.H56)."""

    __tablename__ = "agency"

    id: Mapped[str] = mapped_column(String(13), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_name: Mapped[str | None] = mapped_column(String(200))  # printed above the name
    place_name: Mapped[str] = mapped_column(String(100))          # "<place>, ngày … tháng …"
    code_stride: Mapped[int] = mapped_column(Integer, default=10)  # see counter_app.store.code_sequences
    lookup_url_template: Mapped[str | None] = mapped_column(String(300))
    # The one-stop unit as printed in the 2025 header, e.g. "Trung tâm Phục vụ hành chính công
    # phường Hải Châu" (None: the form set's default words) and the level (enums.AgencyLevel).
    unit_name: Mapped[str | None] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(10), default="commune", server_default="commune")


class Workstation(Base):
    """A counter of an agency; its number is part of the dossier-code scheme."""

    __tablename__ = "workstation"
    __table_args__ = (UniqueConstraint("agency_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agency.id"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100), default="")


class Officer(Base):
    """A person who works at the counter."""

    __tablename__ = "officer"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agency.id"))
    username: Mapped[str] = mapped_column(String(50), unique=True)
    full_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20), default="officer")  # enums.Role
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)


class Procedure(Base):
    """An administrative procedure (TTHC) of the catalogue."""

    __tablename__ = "procedure"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_folded: Mapped[str] = mapped_column(String(300), default="")  # text.fold(name)
    field: Mapped[str] = mapped_column(String(200), default="")
    level: Mapped[str] = mapped_column(String(20), default="commune")
    duration_value: Mapped[float] = mapped_column(default=0.0)
    duration_unit: Mapped[str] = mapped_column(String(20))  # enums.DurationUnit
    same_day_cutoff: Mapped[str | None] = mapped_column(String(5))  # "15:00"
    legal_time_text: Mapped[str] = mapped_column(String(300), default="")
    fee_rule: Mapped[dict] = mapped_column(JSON)  # catalogue.FeeRule.to_dict()
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Served by a nationally centralised solution: its dossiers may take the second code form
    # (counter_app.domain.code_rules, Thông tư 04/2025/TT-VPCP).
    centralised: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))

    documents: Mapped[list[ProcedureDocument]] = relationship(
        back_populates="procedure",
        order_by="ProcedureDocument.position",
        cascade="all, delete-orphan",
    )


class ProcedureDocument(Base):
    """One entry of a procedure's required-documents list (thành phần hồ sơ)."""

    __tablename__ = "procedure_document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure_code: Mapped[str] = mapped_column(ForeignKey("procedure.code", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(500))
    form: Mapped[str] = mapped_column(String(20))  # enums.DocumentForm
    count: Mapped[int] = mapped_column(Integer, default=1)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(String(300), default="")

    procedure: Mapped[Procedure] = relationship(back_populates="documents")


class Dossier(Base):
    """A dossier received at the counter (hồ sơ)."""

    __tablename__ = "dossier"
    __table_args__ = (
        UniqueConstraint("agency_id", "code_day", "code_seq"),
        Index("ix_dossier_received_at", "received_at"),
        Index("ix_dossier_status_due", "status", "due_at"),
        Index("ix_dossier_id_number", "id_number"),
        Index("ix_dossier_phone", "phone"),
        Index("ix_dossier_name_folded", "applicant_name_folded"),
        Index("ix_dossier_procedure", "procedure_code"),
        Index("ix_dossier_logbook_year_line", "workstation_no", "logbook_year", "logbook_line"),  # next line
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)  # UUIDv7
    code: Mapped[str] = mapped_column(String(40), unique=True)
    code_day: Mapped[date] = mapped_column(Date)
    code_seq: Mapped[int] = mapped_column(Integer)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agency.id"))
    workstation_no: Mapped[int] = mapped_column(Integer)
    procedure_code: Mapped[str] = mapped_column(ForeignKey("procedure.code"))
    procedure_name: Mapped[str] = mapped_column(String(300))  # as printed on the slip
    applicant_kind: Mapped[str] = mapped_column(String(10))   # enums.ApplicantKind
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_name_folded: Mapped[str] = mapped_column(String(200))  # text.fold(name)
    id_kind: Mapped[str] = mapped_column(String(10))          # enums.IdKind
    id_number: Mapped[str] = mapped_column(String(20))
    birth_date: Mapped[date | None] = mapped_column(Date)
    representative_name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(15))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(300))
    sets: Mapped[int] = mapped_column(Integer, default=1)
    fee_amount: Mapped[int] = mapped_column(Integer, default=0)
    fee_detail: Mapped[str] = mapped_column(String(300), default="")
    fee_paid: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str] = mapped_column(String(10), default="counter")
    result_delivery: Mapped[str] = mapped_column(String(10), default="counter")
    note: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    received_by: Mapped[str | None] = mapped_column(ForeignKey("officer.id"))
    due_at: Mapped[datetime] = mapped_column(DateTime)
    original_due_at: Mapped[datetime | None] = mapped_column(DateTime)  # before an apology
    status: Mapped[int] = mapped_column(Integer)  # enums.DossierStatus
    clock_stopped_at: Mapped[datetime | None] = mapped_column(DateTime)  # supplement awaited
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    result_timing: Mapped[str | None] = mapped_column(String(10))  # enums.ResultTiming
    logbook_volume: Mapped[int] = mapped_column(Integer, default=1)
    logbook_line: Mapped[int] = mapped_column(Integer)
    identity_check: Mapped[str | None] = mapped_column(String(12))  # enums.IdentityCheck
    # The year of the agency's book the line is in (lines partitioned by workstation, see
    # counter_app.logbook); None for a line numbered before yearly books (migration 0009).
    logbook_year: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The history's chain (counter_app.store.history_chain): its newest event's hash and its length,
    # and the seal over every column above, so an edit made outside the application shows.
    history_head: Mapped[str | None] = mapped_column(Digest())
    history_length: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    seal: Mapped[str | None] = mapped_column(Digest())

    documents: Mapped[list[DossierDocument]] = relationship(
        back_populates="dossier", order_by="DossierDocument.position", cascade="all, delete-orphan"
    )

@event.listens_for(Dossier, "before_insert")
def _seal_new(_mapper, _connection, target: Dossier) -> None:
    """Seal a dossier the ORM inserts; the defaults the INSERT would apply are applied first,
    so that the seal covers the values stored."""
    for column in Dossier.__table__.columns:
        default = column.default
        if getattr(target, column.key) is None and default is not None and default.is_scalar:
            setattr(target, column.key, default.arg)
    target.seal = history_chain.seal(target)


@event.listens_for(Dossier, "before_update")
def _reseal(_mapper, _connection, target: Dossier) -> None:
    """Every change the application makes to a dossier row renews its seal."""
    target.seal = history_chain.seal(target)


class DossierDocument(Base):
    """A document handed in with a dossier, the *position*-th of its checklist (1-based).

    Kept in the order of its key, the dossier and the position (``WITHOUT ROWID``, migration
    0014): a dossier's documents are read together, and no separate index on ``dossier_id``
    (as large as the rows' other columns but the name) is needed to find them.
    """

    __tablename__ = "dossier_document"
    __table_args__ = {"sqlite_with_rowid": False}

    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(500))
    form: Mapped[str] = mapped_column(String(20))
    count: Mapped[int] = mapped_column(Integer, default=1)
    handed_in: Mapped[bool] = mapped_column(Boolean, default=True)

    dossier: Mapped[Dossier] = relationship(back_populates="documents")


class DossierAttachment(Base):
    """The scan of one document of a dossier: a PDF/A file in the profile, named by its SHA-256.

    ``document_position`` is the document's 1-based place in the dossier's checklist
    (DossierDocument.position, 1-based as the CLI says it). A new scan of the same document replaces the current one
    (``replaced_at`` is set on the old row, which stays, with its file, for the history).
    """

    __tablename__ = "dossier_attachment"
    __table_args__ = (
        Index("ux_attachment_current", "dossier_id", "document_position", unique=True,
              sqlite_where=text("replaced_at IS NULL")),
        Index("ix_dossier_attachment_upload", "uploaded_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)  # UUIDv7
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    document_position: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(10))  # scanner | folder | file
    created_at: Mapped[datetime] = mapped_column(DateTime)
    officer_id: Mapped[str | None] = mapped_column(String(36))
    replaced_at: Mapped[datetime | None] = mapped_column(DateTime)
    uploaded_at: Mapped[datetime | None] = mapped_column(DateTime)  # the province verified its hash


class DossierEvent(Base):
    """Append-only history of a dossier (UPDATE and DELETE are refused by triggers)."""

    __tablename__ = "dossier_event"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(CompactId(), unique=True, default=new_id)  # UUIDv7
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossier.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # enums.EventKind
    at: Mapped[datetime] = mapped_column(DateTime)
    officer_id: Mapped[str | None] = mapped_column(CompactId())
    officer_name: Mapped[str | None] = mapped_column(String(100))
    from_status: Mapped[int | None] = mapped_column(Integer)
    to_status: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    origin: Mapped[str] = mapped_column(String(10), default="local")  # local | remote
    # Chained per dossier in the order written (counter_app.store.history_chain).
    prev_hash: Mapped[str | None] = mapped_column(Digest())
    hash: Mapped[str | None] = mapped_column(Digest())
    # Set once by the retention erasure (counter_app.services.pii_purge): the hash of the event as
    # redacted, attested by the dossier's chained ``pii_erased`` event; ``hash`` stays.
    redacted_hash: Mapped[str | None] = mapped_column(Digest())


class PiiAccess(Base):
    """Who viewed, printed, exported or erased a dossier's personal data (append-only:
    triggers refuse UPDATE and DELETE; counter_app.store.pii_access)."""

    __tablename__ = "pii_access"
    __table_args__ = (Index("ix_pii_access_dossier", "dossier_id", "seq"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    at: Mapped[datetime] = mapped_column(DateTime)  # Vietnam time
    officer_id: Mapped[str | None] = mapped_column(String(36))
    officer_name: Mapped[str | None] = mapped_column(String(100))
    workstation_no: Mapped[int | None] = mapped_column(Integer)
    dossier_id: Mapped[str | None] = mapped_column(String(36))
    dossier_code: Mapped[str | None] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(10))  # view | print | export | erase
    form: Mapped[str | None] = mapped_column(String(20))  # the slip's kind, "card", "json", "pdf"…


class OutboxItem(Base):
    """An event of the history waiting to reach the provincial server; written with the change.

    Thin: the item is the event's number in the append-only history (``seq`` is
    ``dossier_event.seq``) and the version the event produced; what is sent is built when it
    is sent (counter_app.store.outbox: the event as recorded plus the dossier as it stands
    then). Delivered items are deleted on the server's signed acknowledgement (the history is
    the permanent record). ``state``: pending, or ``rejected`` (set aside with the server's
    reason for a person). A sender claims an item for a while (``claimed_until``, a lease: a
    sender that dies leaves nothing stuck) and a failed item waits until ``next_attempt_at``.
    ``payload`` is set only on items queued before migration 0013 (their snapshot as then
    recorded, sent as it is so that the server recognises a re-send). Items of one dossier
    are delivered in ``seq`` order.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_set_aside", "seq", sqlite_where=text("state = 'rejected'")),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # dossier_event.seq
    version: Mapped[int] = mapped_column(Integer)  # the dossier's version this event made (counter_app.domain.merge)
    state: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    rejected_reason: Mapped[str | None] = mapped_column(Text)
    #: Only on items queued before migration 0013: the payload as then recorded, sent as it is.
    recorded_payload: Mapped[dict | None] = mapped_column("payload", JSON)

    event: Mapped[DossierEvent | None] = relationship(
        DossierEvent, primaryjoin="foreign(OutboxItem.seq) == DossierEvent.seq", lazy="joined")

    def _recorded(self, key: str) -> Any:
        payload = self.recorded_payload if isinstance(self.recorded_payload, dict) else {}
        return (payload.get("dossier") or {}).get("id") if key == "dossier_id" else payload.get(key)

    @hybrid_property
    def event_id(self) -> str | None:
        """The event's id (the idempotency key)."""
        return self.event.id if self.event is not None else self._recorded("event_id")

    @event_id.inplace.expression
    @classmethod
    def _event_id(cls):
        return select(DossierEvent.id).where(DossierEvent.seq == cls.seq).scalar_subquery()

    @hybrid_property
    def dossier_id(self) -> str | None:
        return self.event.dossier_id if self.event is not None else self._recorded("dossier_id")

    @dossier_id.inplace.expression
    @classmethod
    def _dossier_id(cls):
        return select(DossierEvent.dossier_id).where(DossierEvent.seq == cls.seq).scalar_subquery()

    @hybrid_property
    def kind(self) -> str | None:
        return self.event.kind if self.event is not None else self._recorded("kind")

    @kind.inplace.expression
    @classmethod
    def _kind(cls):
        return select(DossierEvent.kind).where(DossierEvent.seq == cls.seq).scalar_subquery()

    @property
    def payload(self) -> dict[str, Any] | None:
        """What would be sent now (counter_app.store.outbox.build_claims: a query, in the
        item's session): the recorded payload, or the event plus its dossier as it stands."""
        from sqlalchemy.orm import object_session

        from counter_app.store.outbox import build_claims

        session = object_session(self)
        if session is None:
            return self.recorded_payload
        with session.no_autoflush:
            return build_claims(session, [self.seq])[0].payload


class PrintJob(Base):
    """A slip to print; stays queued (not printed) until the printer accepted it."""

    __tablename__ = "print_job"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    dossier_id: Mapped[str | None] = mapped_column(ForeignKey("dossier.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # receipt, supplement, refusal, label, …
    created_at: Mapped[datetime] = mapped_column(DateTime)
    officer_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(12), default="queued")  # queued|printed|failed
    printed_at: Mapped[datetime | None] = mapped_column(DateTime)
    printer: Mapped[str | None] = mapped_column(String(200))
    is_reprint: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict] = mapped_column(JSON, default=dict)


class FormNumber(Base):
    """A number given to a printed form ("Số: 12/PYCBS"): one series per agency, kind of form
    and year, partitioned by workstation like the dossier codes (see counter_app.store.form_numbers)."""

    __tablename__ = "form_number"
    __table_args__ = (
        UniqueConstraint("agency_id", "kind", "year", "seq"),
        Index("ix_form_number_next", "agency_id", "kind", "year", "workstation_no", "seq"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    agency_id: Mapped[str] = mapped_column(String(13))
    kind: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    workstation_no: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(60))  # as printed
    dossier_id: Mapped[str | None] = mapped_column(String(36), index=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime)


class CalendarOverrideRow(Base):
    """A province's override of the working calendar (extra day off, swapped working day…)."""

    __tablename__ = "calendar_override"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # off | working | morning | afternoon
    note: Mapped[str] = mapped_column(String(200), default="")
    basis: Mapped[str] = mapped_column(String(300), default="", server_default="")  # the legal act; "" unconfirmed


class ReferenceState(Base):
    """One row whose token the triggers of migration 0004 renew at every write to the reference
    tables (settings, agency, procedures, calendar overrides): ``store.refcache`` compares it
    with its copy's. Written only by those triggers, read with plain SQL."""

    __tablename__ = "reference_state"
    __table_args__ = (CheckConstraint("id = 1"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """Append-only audit trail, each entry chained by hash to the one before."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    officer_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str | None] = mapped_column(String(100))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class SyncReceipt(Base):
    """A statement the provincial server signed for this workstation, kept as received
    (append-only): the acknowledgement of each pushed batch and each countersigned head of
    the audit chain. The signature is checked (sync.receipts) before the row is written."""

    __tablename__ = "sync_receipt"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)  # push_ack | audit_head
    received_at: Mapped[datetime] = mapped_column(DateTime)
    statement: Mapped[str] = mapped_column(Text)   # the server's canonical JSON, byte for byte
    signature: Mapped[str] = mapped_column(String(100))  # base64 Ed25519 of the server's key
