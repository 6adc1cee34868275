"""Plain input data of the slips: what a form prints, already read from the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from counter_app.enums import StrEnum


class SlipKind(StrEnum):
    """The printed forms (2018 numbering) and the folder label."""

    RECEIPT = "receipt"        # Mẫu 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả
    SUPPLEMENT = "supplement"  # Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
    REFUSAL = "refusal"        # Mẫu 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ
    APOLOGY = "apology"        # Mẫu 04 Phiếu xin lỗi và hẹn lại ngày trả kết quả
    HANDOVER = "handover"      # Mẫu 05 Phiếu kiểm soát quá trình giải quyết hồ sơ (A4)
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


@dataclass(frozen=True)
class SlipDocument:
    """A document handed in: its name, form (original/copy/shown, enums.DocumentForm) and count."""

    name: str
    form: str
    count: int = 1


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
    number: str | None = None  # "Số: …" of the slip; dots when None
    issued_at: datetime | None = None  # date of the slip when not the reception (Mẫu 02–04)
    missing_items: tuple[str, ...] = ()  # Mẫu 02: what to add or correct
    reason: str = ""  # Mẫu 02/03/04
    original_due_at: datetime | None = None  # Mẫu 04
    new_due_at: datetime | None = None  # Mẫu 04
    officer_phone: str = ""  # Mẫu 02: whom to call for guidance
    signer_title: str = ""  # Mẫu 04: the head of the agency's title (overrides the template)
    signer_name: str = ""


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
