"""Plain input data of the slips: what a form prints, already read from the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from counter_app.domain.enums import StrEnum


class SlipKind(StrEnum):
    """The printed forms and the folder label (numbers: 2018 set / 2025 set)."""

    RECEIPT = "receipt"        # Mẫu 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả
    SUPPLEMENT = "supplement"  # Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
    REFUSAL = "refusal"        # Mẫu 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ
    APOLOGY = "apology"        # Mẫu 04 Phiếu xin lỗi (2018) / Văn bản xin lỗi và đề nghị gia hạn (2025)
    STOP = "stop"              # Mẫu 05/2025 Thông báo dừng giải quyết hồ sơ (no 2018 form)
    CONTROL = "control"        # Mẫu 06/2025 (05/2018) Phiếu kiểm soát quá trình giải quyết hồ sơ, per dossier (A4)
    HANDOVER = "handover"      # the batch hand-over list (A4); Mẫu 05 in the 2018 set
    LABEL = "label"            # 100 × 50 mm barcode label for the dossier folder (203 dpi printer)


class Paper(StrEnum):
    """How the A5 slips are laid out on paper."""

    A4_TWO_A5 = "a4_two_a5"  # A4 landscape, one copy on each A5 half, cut line between
    A5 = "a5"                # one A5 page per copy


@dataclass(frozen=True)
class SlipAgency:
    """The receiving agency as printed in the header."""

    name: str
    place_name: str
    parent_name: str | None = None
    lookup_url_template: str | None = None  # e.g. "https://dichvucong.x.gov.vn/tra-cuu?ma={code}"
    unit_name: str | None = None  # the one-stop unit as the agency names it (2025 header)
    level: str = "commune"  # province | commune (enums.AgencyLevel)


@dataclass(frozen=True)
class SlipDocument:
    """A document handed in: its name, form (original/copy/shown, or data: taken from the national
    databases and not collected; enums.DocumentForm) and count."""

    name: str
    form: str
    count: int = 1
    scanned_pages: int = 0  # pages of its current scan kept in the profile (0: not digitised)


@dataclass(frozen=True)
class SlipData:
    """One dossier as printed on Mẫu 01–04 and on the folder label.

    The kind-specific fields (``missing_items``, ``reason``, ``new_due_at``, ``signer_*``) are
    empty where a form does not use them.
    """

    agency: SlipAgency
    code: str
    applicant_name: str
    address: str
    procedure_name: str
    received_at: datetime
    due_at: datetime
    officer_name: str
    procedure_code: str = ""
    id_number: str = ""
    phone: str | None = None
    email: str | None = None
    representative_name: str | None = None
    documents: tuple[SlipDocument, ...] = ()
    sets: int = 1
    legal_time_text: str = ""
    result_delivery: str = "counter"  # enums.ResultDelivery
    fee_amount: int = 0
    fee_detail: str = ""
    logbook_volume: int = 1
    logbook_line: int = 0
    logbook_year: int | None = None  # the year's book the line is in (None: a line numbered before yearly books)
    applicant_kind: str = "person"  # enums.ApplicantKind: a business signs through its representative
    fee_paid: bool = False
    fee_configured: bool = True  # False: the province has not set the amount (never printed as 0 đ)
    workstation_no: int | None = None  # the counter that received the dossier
    identity_check: str = ""  # enums.IdentityCheck: how the applicant's identity was checked
    number: str | None = None  # "Số: …" of the slip; dots when None
    issued_at: datetime | None = None  # date of the slip when not the reception (Mẫu 02–04)
    missing_items: tuple[str, ...] = ()  # Mẫu 02: what to add or correct
    reason: str = ""  # Mẫu 02/03/04
    original_due_at: datetime | None = None  # Mẫu 04
    new_due_at: datetime | None = None  # Mẫu 04
    officer_phone: str = ""  # Mẫu 02: whom to call for guidance
    signer_title: str = ""  # Mẫu 04: the head of the agency's title (overrides the template)
    signer_name: str = ""
    issuer_name: str = ""  # Mẫu 04/2025: the agency that settles the dossier and apologises
    issuer_parent: str = ""
    decided_by: str = ""  # Mẫu 05/2025: who decided to stop
    notice: str = ""  # Mẫu 05/2025: what the applicant is told (documents returned, fees…)
    qr_text: str | None = None  # the receipt's and label's QR: the signed statement (counter_app.domain.slip_qr)


@dataclass(frozen=True)
class HandoverEntry:
    """One dossier on the hand-over control sheet."""

    code: str
    applicant_name: str
    procedure_name: str
    received_at: datetime
    due_at: datetime
    sets: int = 1
    note: str = ""


@dataclass(frozen=True)
class HandoverData:
    """Mẫu 05: a stack of dossiers handed from the counter to a department."""

    agency: SlipAgency
    officer_name: str  # who hands over
    created_at: datetime
    entries: tuple[HandoverEntry, ...]
    to_unit: str = ""  # the department receiving the stack (lead agency)
    cooperating_units: tuple[str, ...] = field(default_factory=tuple)
    number: str | None = None


@dataclass(frozen=True)
class ControlStep:
    """One hand-over of a dossier on its control sheet: who gave it to whom, when, and how it
    ended (``kind``: the event, e.g. "handed_over", "result_ready", "returned")."""

    kind: str
    at: datetime
    from_unit: str
    to_unit: str
    giver: str = ""
    receiver: str = ""
    timing: str | None = None  # enums.ResultTiming value, for a step that brings the result back
    note: str = ""


@dataclass(frozen=True)
class ControlData:
    """Mẫu 06/2025: the control sheet of one dossier, filled from its history."""

    slip: SlipData  # the dossier as printed on its receipt (code, applicant, request, times)
    steps: tuple[ControlStep, ...] = ()
    lead_unit: str = ""
    cooperating_units: tuple[str, ...] = ()
