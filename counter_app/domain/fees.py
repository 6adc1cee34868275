"""Fee schedules of procedures (phí, lệ phí) and the calculator that prices one dossier.

How ``sets`` (số bộ hồ sơ) interacts with each kind of rule:

* ``free``: always 0.
* ``per_case``: one case per dossier; ``sets`` and the inputs are ignored
  (e.g. chứng thực chữ ký, 10.000 đ/trường hợp).
* ``per_copy`` and ``per_page_tiered``: ``FeeInputs`` describe ONE set (``copies`` copies of
  ``pages`` pages each) and the fee is charged per copy, so the number of copies charged is
  ``copies × sets``. With the default ``sets=1`` the inputs are the totals.
* ``set_by_province``: the province configures ``amount`` (VND per dossier, charged once like
  ``per_case``); while it is 0 the fee is 0 and the detail says it is not configured yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from counter_app.domain.drafts import FeeInputs
from counter_app.domain.errors import FieldError, ValidationFailed

FREE = "free"
PER_CASE = "per_case"
PER_COPY = "per_copy"
PER_PAGE_TIERED = "per_page_tiered"
SET_BY_PROVINCE = "set_by_province"

#: Every fee kind, in the order a form would list them.
FEE_KINDS = (FREE, PER_CASE, PER_COPY, PER_PAGE_TIERED, SET_BY_PROVINCE)

#: Vietnamese names of the fee kinds (used in the XLSX template and accepted on import).
FEE_KIND_LABELS_VI = {
    FREE: "Miễn phí",
    PER_CASE: "Theo trường hợp",
    PER_COPY: "Theo bản",
    PER_PAGE_TIERED: "Theo trang (lũy tiến)",
    SET_BY_PROVINCE: "Do tỉnh quy định",
}


#: The detail stored with a dossier whose fee the province has not set yet (never "0 đ").
NOT_CONFIGURED_DETAIL = "Mức thu do tỉnh quy định: chưa cấu hình"


def fee_not_configured(amount: int, detail: str | None) -> bool:
    """True for a dossier received while its fee was not configured (its stored detail says so)."""
    return amount == 0 and (detail or "").strip() == NOT_CONFIGURED_DETAIL


def format_vnd(amount: int) -> str:
    """Format an amount of đồng the Vietnamese way: ``14000 -> "14.000 đ"``."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,} đ".replace(",", ".")


@dataclass(frozen=True)
class FeeRule:
    """How a procedure is priced; amounts are whole đồng (VND).

    ``amount`` is per case (``per_case``, ``set_by_province``) or per copy (``per_copy``).
    ``per_page_tiered`` charges ``first_page_amount`` for each of the first ``first_pages``
    pages and ``next_page_amount`` for each further page, at most ``max_per_copy`` per copy.
    """

    kind: str = FREE
    amount: int = 0
    first_pages: int = 0
    first_page_amount: int = 0
    next_page_amount: int = 0
    max_per_copy: int | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in FEE_KINDS:
            raise ValueError(f"Loại phí, lệ phí không hợp lệ: {self.kind!r}")
        for name in ("amount", "first_pages", "first_page_amount", "next_page_amount"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} phải là số nguyên không âm: {value!r}")
        if self.max_per_copy is not None and (
            isinstance(self.max_per_copy, bool)
            or not isinstance(self.max_per_copy, int)
            or self.max_per_copy < 0
        ):
            raise ValueError(f"max_per_copy phải là số nguyên không âm: {self.max_per_copy!r}")

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-able dict (the shape stored in the database and in seed.json)."""
        return {
            "kind": self.kind,
            "amount": self.amount,
            "first_pages": self.first_pages,
            "first_page_amount": self.first_page_amount,
            "next_page_amount": self.next_page_amount,
            "max_per_copy": self.max_per_copy,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeeRule:
        """Build a rule from :meth:`to_dict` output; missing keys take their defaults."""
        return cls(
            kind=str(data.get("kind", FREE)),
            amount=data.get("amount", 0) or 0,
            first_pages=data.get("first_pages", 0) or 0,
            first_page_amount=data.get("first_page_amount", 0) or 0,
            next_page_amount=data.get("next_page_amount", 0) or 0,
            max_per_copy=data.get("max_per_copy"),
            note=str(data.get("note") or ""),
        )


@dataclass(frozen=True)
class Fee:
    """The fee of one dossier and the Vietnamese line explaining it (printed on the slip)."""

    amount: int
    detail: str


def _positive(value: object, field: str, message: str, errors: list[FieldError]) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        errors.append(FieldError(field, message))


def compute_fee(rule: FeeRule, inputs: FeeInputs | None = None, sets: int = 1) -> Fee:
    """Price one dossier; see the module docstring for how ``sets`` counts.

    Raises ``ValidationFailed`` when a quantity the rule needs is not a positive integer.
    """
    inputs = inputs or FeeInputs()
    errors: list[FieldError] = []
    _positive(sets, "sets", "Số bộ hồ sơ phải là số nguyên dương.", errors)
    if rule.kind in (PER_COPY, PER_PAGE_TIERED):
        _positive(inputs.copies, "copies", "Số bản phải là số nguyên dương.", errors)
    if rule.kind == PER_PAGE_TIERED:
        _positive(inputs.pages, "pages", "Số trang mỗi bản phải là số nguyên dương.", errors)
    if errors:
        raise ValidationFailed(errors)

    if rule.kind == FREE:
        return Fee(0, "Miễn phí" + (f" ({rule.note})" if rule.note else ""))

    if rule.kind == PER_CASE:
        return Fee(rule.amount, f"1 trường hợp × {format_vnd(rule.amount)} = {format_vnd(rule.amount)}")

    if rule.kind == SET_BY_PROVINCE:
        if rule.amount == 0:
            return Fee(0, NOT_CONFIGURED_DETAIL)
        return Fee(
            rule.amount,
            f"Mức thu do tỉnh quy định: 1 hồ sơ × {format_vnd(rule.amount)} = {format_vnd(rule.amount)}",
        )

    copies = inputs.copies * sets
    copies_text = f"{sets} bộ × {inputs.copies} bản" if sets > 1 else f"{copies} bản"

    if rule.kind == PER_COPY:
        total = copies * rule.amount
        return Fee(total, f"{copies_text} × {format_vnd(rule.amount)} = {format_vnd(total)}")

    # per_page_tiered
    pages = inputs.pages
    first = min(pages, rule.first_pages)
    rest = pages - first
    per_copy = first * rule.first_page_amount + rest * rule.next_page_amount
    parts = []
    if first:
        parts.append(f"{first} trang × {format_vnd(rule.first_page_amount)}")
    if rest:
        parts.append(f"{rest} trang × {format_vnd(rule.next_page_amount)}")
    if rule.max_per_copy is not None and per_copy > rule.max_per_copy:
        total = copies * rule.max_per_copy
        return Fee(
            total,
            f"{copies_text} × {format_vnd(rule.max_per_copy)} "
            f"(mức tối đa một bản; {pages} trang) = {format_vnd(total)}",
        )
    total = copies * per_copy
    return Fee(total, f"{copies_text} × ({' + '.join(parts)}) = {format_vnd(total)}")
