"""Plain enumerations of the domain; the UI turns them into translated words."""

from __future__ import annotations

import enum


class DossierStatus(enum.IntEnum):
    """National portal status codes (DOMAIN.md §5)."""

    NEW = 1
    RECEIVED = 2
    REFUSED = 3
    PROCESSING = 4
    SUPPLEMENT_REQUESTED = 5
    PAYMENT_REQUIRED = 6
    WITHDRAWN = 7
    STOPPED = 8
    RESULT_READY = 9
    RETURNED = 10

    @property
    def is_finished(self) -> bool:
        """True when the dossier left the processing pipeline for good."""
        return self in FINISHED_STATUSES


FINISHED_STATUSES = frozenset(
    {DossierStatus.REFUSED, DossierStatus.WITHDRAWN, DossierStatus.STOPPED, DossierStatus.RETURNED}
)

#: Statuses whose clock runs and whose result is not back yet: only these can be late or due
#: today (the card, the logbook and today's counts all ask this one set).
RUNNING_STATUSES = frozenset({DossierStatus.RECEIVED, DossierStatus.PROCESSING, DossierStatus.PAYMENT_REQUIRED})

class StrEnum(str, enum.Enum):
    """A string-valued enum whose str() is its value."""

    def __str__(self) -> str:
        return self.value


class ApplicantKind(StrEnum):
    PERSON = "person"
    BUSINESS = "business"


class AgencyLevel(StrEnum):
    """Levels of government since 01/07/2025 (Nghị định 118/2025): no district level."""

    PROVINCE = "province"  # tỉnh, thành phố trực thuộc trung ương
    COMMUNE = "commune"    # xã, phường, đặc khu



class IdKind(StrEnum):
    CCCD = "cccd"          # 12-digit personal ID number (số định danh cá nhân)
    CMND = "cmnd"          # old 9-digit identity card
    PASSPORT = "passport"
    TAX_CODE = "tax_code"  # business: mã số thuế / mã số doanh nghiệp


class Channel(StrEnum):
    COUNTER = "counter"
    ONLINE = "online"
    POST = "post"


class ResultDelivery(StrEnum):
    COUNTER = "counter"
    POST = "post"


class DocumentForm(StrEnum):
    ORIGINAL = "original"   # bản chính
    COPY = "copy"           # bản sao
    SHOWN = "shown"         # xuất trình (shown, not kept)
    DATA = "data"           # khai thác dữ liệu: not collected, taken from the national databases


class IdentityCheck(StrEnum):
    """How the officer checked who the applicant is (NĐ 69/2024: CCCD QR, chip, VNeID)."""

    CCCD_QR = "cccd_qr"      # the QR code of the chip-based card scanned
    CHIP = "chip"            # the card's chip read
    VNEID = "vneid"          # the VNeID electronic identity account
    DOCUMENTS = "documents"  # identity papers shown


class DurationUnit(StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"


class ResultTiming(StrEnum):
    EARLY = "early"       # trước hạn
    ON_TIME = "on_time"   # đúng hạn
    LATE = "late"         # quá hạn


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class EventKind(StrEnum):
    """What happened to a dossier; each is one row of the append-only history."""

    RECEIVED = "received"
    REFUSED = "refused"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    SUPPLEMENT_COMPLETED = "supplement_completed"
    HANDED_OVER = "handed_over"
    RESULT_READY = "result_ready"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"
    PAYMENT_REQUIRED = "payment_required"
    PAYMENT_DONE = "payment_done"
    APOLOGY_ISSUED = "apology_issued"
    EDITED = "edited"
    SLIP_PRINTED = "slip_printed"
    DOCUMENT_DIGITISED = "document_digitised"  # a document's scan attached (or replaced)
    REMOTE_STATUS = "remote_status"   # a change made elsewhere and pulled from the server
    PII_ERASED = "pii_erased"         # personal data erased after the retention period (local only)
