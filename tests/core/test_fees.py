"""Fee calculator: the schedules of the seed catalogue and how quantities count."""

from __future__ import annotations

import pytest

from counter_app.domain.drafts import FeeInputs
from counter_app.domain.errors import Message, ValidationFailed
from counter_app.domain.fees import FEE_KINDS, Fee, FeeRule, compute_fee, format_vnd

COPY_CERT = FeeRule("per_page_tiered", first_pages=2, first_page_amount=2000,
                    next_page_amount=1000, max_per_copy=200_000)
SIGNATURE = FeeRule("per_case", 10_000)
EXTRACT = FeeRule("per_copy", 8_000)


@pytest.mark.parametrize(("amount", "text"), [
    (0, "0 đ"), (999, "999 đ"), (7000, "7.000 đ"), (200_000, "200.000 đ"),
    (1_234_567, "1.234.567 đ"), (-14_000, "-14.000 đ"),
])
def test_format_vnd(amount, text):
    assert format_vnd(amount) == text


def test_copy_of_five_pages():
    fee = compute_fee(COPY_CERT, FeeInputs(copies=1, pages=5))
    assert fee == Fee(7000, "1 bản × (2 trang × 2.000 đ + 3 trang × 1.000 đ) = 7.000 đ")


def test_two_copies_of_five_pages():
    fee = compute_fee(COPY_CERT, FeeInputs(copies=2, pages=5))
    assert fee.amount == 14_000
    assert fee.detail == "2 bản × (2 trang × 2.000 đ + 3 trang × 1.000 đ) = 14.000 đ"


def test_short_copy_uses_only_the_first_tier():
    fee = compute_fee(COPY_CERT, FeeInputs(copies=1, pages=1))
    assert fee == Fee(2000, "1 bản × (1 trang × 2.000 đ) = 2.000 đ")


def test_long_copy_is_capped_per_copy():
    assert compute_fee(COPY_CERT, FeeInputs(copies=1, pages=300)).amount == 200_000
    fee = compute_fee(COPY_CERT, FeeInputs(copies=2, pages=300))
    assert fee.amount == 400_000
    assert "tối đa" in fee.detail and fee.detail.endswith("= 400.000 đ")


def test_signature_is_per_case_whatever_the_quantities():
    assert compute_fee(SIGNATURE, FeeInputs()) == Fee(10_000, "1 trường hợp × 10.000 đ = 10.000 đ")
    assert compute_fee(SIGNATURE, FeeInputs(copies=4, pages=9), sets=3).amount == 10_000


def test_extract_three_copies():
    fee = compute_fee(EXTRACT, FeeInputs(copies=3))
    assert fee == Fee(24_000, "3 bản × 8.000 đ = 24.000 đ")


def test_sets_multiply_copies():
    fee = compute_fee(EXTRACT, FeeInputs(copies=3), sets=2)
    assert fee == Fee(48_000, "2 bộ × 3 bản × 8.000 đ = 48.000 đ")
    assert compute_fee(COPY_CERT, FeeInputs(copies=1, pages=5), sets=2).amount == 14_000


def test_free():
    fee = compute_fee(FeeRule("free", note="Miễn lệ phí đăng ký khai sinh đúng hạn"), FeeInputs(copies=5))
    assert fee.amount == 0
    assert fee.detail.startswith("Miễn phí")


def test_set_by_province_not_configured_then_configured():
    assert compute_fee(FeeRule("set_by_province"), FeeInputs()).amount == 0
    assert "chưa cấu hình" in compute_fee(FeeRule("set_by_province"), FeeInputs()).detail
    fee = compute_fee(FeeRule("set_by_province", 50_000), FeeInputs(), sets=2)
    assert fee.amount == 50_000


@pytest.mark.parametrize(("rule", "inputs", "sets", "field"), [
    (EXTRACT, FeeInputs(copies=0), 1, "copies"),
    (COPY_CERT, FeeInputs(copies=1, pages=0), 1, "pages"),
    (SIGNATURE, FeeInputs(), 0, "sets"),
])
def test_bad_quantities_are_refused(rule, inputs, sets, field):
    with pytest.raises(ValidationFailed) as info:
        compute_fee(rule, inputs, sets)
    assert info.value.by_field()[field] == Message(f"fees.{field}_positive")


def test_rule_round_trips_through_dict():
    for kind in FEE_KINDS:
        rule = FeeRule(kind, 1000, note="ghi chú") if kind != "per_page_tiered" else COPY_CERT
        assert FeeRule.from_dict(rule.to_dict()) == rule


@pytest.mark.parametrize("kwargs", [{"kind": "per_minute"}, {"kind": "per_case", "amount": -1},
                                    {"kind": "per_page_tiered", "max_per_copy": -5}])
def test_rule_rejects_bad_values(kwargs):
    with pytest.raises(ValueError) as info:
        FeeRule(**kwargs)
    assert info.value.message.code in ("fees.bad_kind", "fees.not_a_count")
