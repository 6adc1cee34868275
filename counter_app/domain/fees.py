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

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from counter_app.domain.drafts import FeeInputs
from counter_app.domain.errors import FieldError, Message, ValidationFailed, message
from counter_app.domain.paths import resource_path

FREE = "free"
PER_CASE = "per_case"
PER_COPY = "per_copy"
PER_PAGE_TIERED = "per_page_tiered"
SET_BY_PROVINCE = "set_by_province"

#: Every fee kind, in the order a form would list them.
FEE_KINDS = (FREE, PER_CASE, PER_COPY, PER_PAGE_TIERED, SET_BY_PROVINCE)

#: Vietnamese names of the fee kinds, as the national catalogue's file writes them (data: the
#: XLSX template's column and what an import accepts; the window says a kind through ui).
FEE_KIND_LABELS_VI = {
    FREE: "Miễn phí",
    PER_CASE: "Theo trường hợp",
    PER_COPY: "Theo bản",
    PER_PAGE_TIERED: "Theo trang (lũy tiến)",
    SET_BY_PROVINCE: "Do tỉnh quy định",
}


#: The sign of the đồng after an amount, as Vietnamese amounts are written (papers and window).
DONG_SIGN = " đ"


@lru_cache(maxsize=1)
def detail_words() -> dict[str, str]:
    """The wording of a fee's detail line (``resources/papers/fees.json``, NFC): the receipt's
    Vietnamese, recorded with the dossier, so a change of wording is a data edit."""
    data = json.loads(resource_path("papers", "fees.json").read_text(encoding="utf-8"))
    return {k: unicodedata.normalize("NFC", v) for k, v in data.items() if not k.startswith("_")}


def _detail(key: str, **values: Any) -> str:
    return detail_words()[key].format_map(values)


def fee_not_configured(amount: int, detail: str | None) -> bool:
    """True for a dossier received while its fee was not configured (its stored detail says so:
    the "not configured" line, never "0 đ")."""
    return amount == 0 and (detail or "").strip() == detail_words()["not_configured"]


def format_vnd(amount: int) -> str:
    """Format an amount of đồng the Vietnamese way: ``14000 -> "14.000 đ"``."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,}{DONG_SIGN}".replace(",", ".")


class FeeRuleError(ValueError):
    """A fee rule that cannot be: ``message`` says which value (a code with its parameters)."""

    def __init__(self, code: str, /, **params: Any):
        self.message: Message = message(code, **params)
        super().__init__(str(self.message))


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
            raise FeeRuleError("fees.bad_kind", kind=repr(self.kind))
        for name in ("amount", "first_pages", "first_page_amount", "next_page_amount"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise FeeRuleError("fees.not_a_count", name=name, value=repr(value))
        if self.max_per_copy is not None and (
            isinstance(self.max_per_copy, bool)
            or not isinstance(self.max_per_copy, int)
            or self.max_per_copy < 0
        ):
            raise FeeRuleError("fees.not_a_count", name="max_per_copy", value=repr(self.max_per_copy))

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
    """The fee of one dossier and the line explaining it, in the receipt's Vietnamese
    (``resources/papers/fees.json``: printed on the slip and recorded with the dossier)."""

    amount: int
    detail: str


def _positive(value: object, field: str, code: str, errors: list[FieldError]) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        errors.append(FieldError(field, message(code)))


def compute_fee(rule: FeeRule, inputs: FeeInputs | None = None, sets: int = 1) -> Fee:
    """Price one dossier; see the module docstring for how ``sets`` counts.

    Raises ``ValidationFailed`` when a quantity the rule needs is not a positive integer.
    """
    inputs = inputs or FeeInputs()
    errors: list[FieldError] = []
    _positive(sets, "sets", "fees.sets_positive", errors)
    if rule.kind in (PER_COPY, PER_PAGE_TIERED):
        _positive(inputs.copies, "copies", "fees.copies_positive", errors)
    if rule.kind == PER_PAGE_TIERED:
        _positive(inputs.pages, "pages", "fees.pages_positive", errors)
    if errors:
        raise ValidationFailed(errors)

    if rule.kind == FREE:
        return Fee(0, _detail("free_with_note", note=rule.note) if rule.note else _detail("free"))

    if rule.kind == PER_CASE:
        return Fee(rule.amount, _detail("per_case", amount=format_vnd(rule.amount), total=format_vnd(rule.amount)))

    if rule.kind == SET_BY_PROVINCE:
        if rule.amount == 0:
            return Fee(0, _detail("not_configured"))
        return Fee(rule.amount, _detail("set_by_province", amount=format_vnd(rule.amount),
                                        total=format_vnd(rule.amount)))

    copies = inputs.copies * sets
    copies_text = (_detail("sets_copies", sets=sets, copies=inputs.copies) if sets > 1
                   else _detail("copies", copies=copies))

    if rule.kind == PER_COPY:
        total = copies * rule.amount
        return Fee(total, _detail("per_copy", copies=copies_text, amount=format_vnd(rule.amount),
                                  total=format_vnd(total)))

    # per_page_tiered
    pages = inputs.pages
    first = min(pages, rule.first_pages)
    rest = pages - first
    per_copy = first * rule.first_page_amount + rest * rule.next_page_amount
    parts = []
    if first:
        parts.append(_detail("pages", pages=first, amount=format_vnd(rule.first_page_amount)))
    if rest:
        parts.append(_detail("pages", pages=rest, amount=format_vnd(rule.next_page_amount)))
    if rule.max_per_copy is not None and per_copy > rule.max_per_copy:
        total = copies * rule.max_per_copy
        return Fee(total, _detail("capped", copies=copies_text, max=format_vnd(rule.max_per_copy), pages=pages,
                                  total=format_vnd(total)))
    total = copies * per_copy
    return Fee(total, _detail("tiered", copies=copies_text, parts=" + ".join(parts), total=format_vnd(total)))
