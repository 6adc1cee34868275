"""The dossier code as a dated rule (issue 11, item 7): the form in force on the day of receipt,
chosen by the profile, the second form (Thông tư 04/2025/TT-VPCP) for centralised procedures."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

import pytest

from counter_app.domain import code_rules, dossier_codes
from counter_app.domain.errors import Message, ValidationFailed
from counter_app.services.receiving import receive
from counter_app.store import catalogue_tables, settings
from counter_app.store.lookup import normalise_code
from tests.said import raises_saying
from ui.messages import error_text, said_text

AGENCY = "000.00.14.H56"
CENTRAL = "H56.000.00"  # MX1X2.Y1Y2Y3.Z1Z2 (10 characters)
PLATFORM = "01"
CENTRALISED_PROCEDURE = "1.001193"


def make_centralised(store, code: str = CENTRALISED_PROCEDURE, *, central: str | None = CENTRAL,
                     platform: str | None = PLATFORM, selected: list[str] | None = None) -> None:
    """Flag *code* as served by a nationally centralised solution and set the second form's values."""
    with store.write() as session:
        spec = catalogue_tables.get_spec(session, code)
        catalogue_tables.upsert_specs(session, [replace(spec, centralised=True)])
        if central is not None:
            settings.set_setting(session, code_rules.CENTRALISED_AGENCY_ID, central)
        if platform is not None:
            settings.set_setting(session, code_rules.PLATFORM_OWNER, platform)
        if selected is not None:
            settings.set_setting(session, code_rules.SELECTED, selected)


def test_the_bundled_rules_are_the_two_forms_with_their_dates():
    rules = {r.id: r for r in code_rules.load_rules()}
    first, second = rules["tt01-2018"], rules["tt04-2025-centralised"]
    assert (first.valid_from, first.applies_to, first.max_seq) == (date(2019, 1, 6), "all", 9999)
    assert (second.valid_from, second.applies_to, second.max_seq) == (date(2026, 1, 25), "centralised", 999999)
    assert first.longest == 25 and second.longest == 29


@pytest.mark.parametrize(("day", "centralised", "expected"), [
    (date(2026, 1, 24), True, "tt01-2018"),      # the day before TT 04/2025 took effect
    (date(2026, 1, 25), True, "tt04-2025-centralised"),
    (date(2026, 1, 25), False, "tt01-2018"),     # the first form stays for the rest
    (date(2026, 12, 31), False, "tt01-2018"),
])
def test_the_rule_in_force_on_the_day_of_receipt(day, centralised, expected):
    assert code_rules.rule_in_force(code_rules.load_rules(), day, centralised).id == expected


def test_second_form_format_and_parse_round_trip():
    rule = code_rules.by_id("tt04-2025-centralised")
    assert rule.make(CENTRAL, date(2026, 3, 10), 21, PLATFORM) == "H56.000.00-260310-010021"
    assert rule.make(CENTRAL, date(2026, 3, 10), 123451, "99") == "H56.000.00-260310-99123451"  # variable length
    parsed = dossier_codes.parse_code("H56.000.00-260310-010021")
    assert parsed == dossier_codes.DossierCode(CENTRAL, date(2026, 3, 10), 21, "01", "tt04-2025-centralised")
    assert str(parsed) == "H56.000.00-260310-010021"
    assert str(dossier_codes.parse_code("H56.000.00-260310-0112345")) == "H56.000.00-260310-0112345"
    # The first form still parses as itself; the two forms never read as one another.
    assert dossier_codes.parse_code("000.00.14.H56-260310-0021").rule_id == "tt01-2018"


@pytest.mark.parametrize("bad", [
    "H56.000.00-260310-01021",      # 5 digits: neither form
    "H56.000.00-260310-0100021",    # a 5-digit number with a leading zero is not canonical
    "H56.000.00-260310-011234567",  # more digits than the rule allows
    "H56.000.00-260231-010021",     # no such day
    "-260310-010021",
])
def test_parse_refuses_what_is_not_a_code_of_either_form(bad):
    assert dossier_codes.parse_code(bad) is None


def test_a_scanned_second_form_code_is_read_in_any_case():
    assert normalise_code(" h56.000.00-260310-010021\r") == "H56.000.00-260310-010021"


def test_a_centralised_procedure_takes_the_second_form_from_25_january_2026(store, make_draft):
    make_centralised(store)
    before = receive(store, make_draft(received_at=datetime(2026, 1, 24, 9, 0)), now=datetime(2026, 1, 24, 9, 0))
    after = receive(store, make_draft(received_at=datetime(2026, 1, 26, 9, 0)), now=datetime(2026, 1, 26, 9, 0))
    other = receive(store, make_draft(procedure_code="1.000656", received_at=datetime(2026, 1, 26, 9, 1)),
                    now=datetime(2026, 1, 26, 9, 1))
    assert before.code == f"{AGENCY}-260124-0001"
    # One daily sequence for both forms: the centralised dossier took 1, the other one 11.
    assert after.code == f"{CENTRAL}-260126-{PLATFORM}0001"
    assert other.code == f"{AGENCY}-260126-0011"


def test_the_profile_selects_its_rules(store, make_draft):
    make_centralised(store, selected=["tt01-2018"])
    at = datetime(2026, 3, 10, 9, 0)
    assert receive(store, make_draft(received_at=at), now=at).code == f"{AGENCY}-260310-0001"


def test_codes_already_printed_never_change(store, make_draft, profile_dir):
    at = datetime(2026, 3, 10, 9, 0)
    old = receive(store, make_draft(received_at=at), now=at).code  # before the procedure was flagged
    make_centralised(store)
    new = receive(store, make_draft(received_at=at), now=at).code
    with store.write() as session:  # the agency later changes its second-form identifier
        settings.set_setting(session, code_rules.CENTRALISED_AGENCY_ID, "H56.001.00")
    from counter_app.store.lookup import lookup

    assert lookup(store, old.lower(), now=at).code == old == f"{AGENCY}-260310-0001"
    assert lookup(store, new.lower(), now=at).code == new == f"{CENTRAL}-260310-{PLATFORM}0011"


@pytest.mark.parametrize(("central", "platform", "words"), [
    (None, PLATFORM, "cài đặt codes.centralised_agency_id), hiện chưa có"),
    ("H56-000", PLATFORM, "hiện sai dạng: 'H56-000'"),
    (CENTRAL, None, "cài đặt codes.platform_owner), hiện chưa có"),
    (CENTRAL, "1", "hiện sai dạng: '1'"),
])
def test_a_second_form_without_its_settings_is_refused_with_a_message(store, make_draft, central, platform, words):
    make_centralised(store, central=central, platform=platform)
    at = datetime(2026, 3, 10, 9, 0)
    with pytest.raises(ValidationFailed) as err:
        receive(store, make_draft(received_at=at), now=at)
    assert words in error_text(err.value)
    assert "giải pháp tập trung toàn quốc" in error_text(err.value)
    from sqlalchemy import func, select

    from counter_app.store.models import Dossier

    with store.read() as session:  # nothing half written
        assert session.scalar(select(func.count()).select_from(Dossier)) == 0


def test_an_unknown_selected_rule_is_named(store, make_draft):
    make_centralised(store, selected=["tt99"])
    at = datetime(2026, 3, 10, 9, 0)
    with raises_saying(ValidationFailed, "Cấu hình mã hồ sơ \\(codes.rules\\): không có quy tắc 'tt99'\\."):
        receive(store, make_draft(received_at=at), now=at)


def test_the_catalogue_flag_travels_through_json_and_xlsx(tmp_path):
    from counter_app.domain.catalogue import import_catalogue_file, load_seed, write_catalogue_xlsx

    specs = [replace(s, centralised=(s.code == CENTRALISED_PROCEDURE)) for s in load_seed()]
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps({"version": 1, "procedures": [s.to_dict() for s in specs]}), encoding="utf-8")
    assert {s.code for s in import_catalogue_file(path) if s.centralised} == {CENTRALISED_PROCEDURE}
    xlsx = write_catalogue_xlsx(specs, tmp_path / "catalogue.xlsx")
    assert {s.code for s in import_catalogue_file(xlsx) if s.centralised} == {CENTRALISED_PROCEDURE}
    assert not any(s.centralised for s in load_seed())  # the seed flags none: a province marks its own


def test_a_bad_rules_file_is_named(tmp_path):
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"rules": [{"id": "x", "valid_from": "2026-01-25", "format": "{agency}-{seq}",
                                           "seq_digits": [4, 4]}]}), encoding="utf-8")
    with pytest.raises(code_rules.CodeRulesError) as refused:
        code_rules.load_rules(path)
    assert refused.value.message == Message("code_rules.format_token", {
        "where": Message("code_rules.where_rule_id", {"number": 1, "id": "x"}), "token": "{yymmdd}"})
    assert said_text(refused.value.message) == "quy tắc mã hồ sơ thứ 1 (x): 'format' phải có đúng một {yymmdd}"


def test_the_schema_pattern_accepts_both_forms_and_nothing_else():
    import re

    pattern = re.compile(code_rules.any_form_pattern())
    assert pattern.match("000.00.14.H56-260310-0001") and pattern.match("H56.000.00-260310-99123451")
    assert not pattern.match("H56.000.00-260310-01021") and not pattern.match("X-1")


def test_an_administrator_sets_the_rules_and_a_bad_value_is_refused_whole(store):
    from counter_app.domain.errors import NotAllowed
    from counter_app.services.admin import change_settings

    changed = change_settings(store, "admin", {code_rules.CENTRALISED_AGENCY_ID: " h56.000.00 ",
                                               code_rules.PLATFORM_OWNER: "01",
                                               code_rules.SELECTED: ["tt01-2018", "tt04-2025-centralised"]})
    assert changed[code_rules.CENTRALISED_AGENCY_ID] == [None, CENTRAL]
    for values, words in (({code_rules.PLATFORM_OWNER: "1A"}, "phải gồm đúng 2 chữ số"),
                          ({code_rules.CENTRALISED_AGENCY_ID: "H56-000"}, "không đúng dạng MX1X2.Y1Y2Y3.Z1Z2"),
                          ({code_rules.SELECTED: ["tt04-2025-centralised"]}, "áp dụng cho mọi thủ tục"),
                          ({code_rules.PLATFORM_OWNER: "02", code_rules.SELECTED: ["tt99"]}, "không có quy tắc 'tt99'")):
        with raises_saying(ValidationFailed, words):
            change_settings(store, "admin", values)
    with store.read() as session:
        assert settings.get_setting(session, code_rules.PLATFORM_OWNER) == "01"  # nothing half written
    with pytest.raises(NotAllowed):
        change_settings(store, "canbo1", {code_rules.PLATFORM_OWNER: "02"})


def test_search_finds_a_second_form_code_whole_in_any_case_or_by_its_tail(store, make_draft):
    from counter_app.store.search import search_dossiers

    at = datetime(2026, 3, 10, 9, 0)
    first = receive(store, make_draft(procedure_code="1.000656", received_at=at), now=at).code  # number 1
    make_centralised(store)
    second = receive(store, make_draft(received_at=at), now=at).code  # number 11, second form
    assert second == f"{CENTRAL}-260310-{PLATFORM}0011"
    with store.read() as session:
        for typed in (second, second.lower(), "260310-010011"):
            assert [h.code for h in search_dossiers(session, typed)] == [second], typed
        assert [h.code for h in search_dossiers(session, "260310-990011")] == []  # another platform's digits
        assert [h.code for h in search_dossiers(session, "260310-0001")] == [first]
