"""Search by a name typed without diacritics, by ID number, phone and dossier code."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text, update

from counter_app.services.demo import create_demo
from counter_app.store.models import Dossier
from counter_app.store.search import (
    SearchKind,
    SearchQuery,
    index_is_consistent,
    parse_search,
    rebuild_index,
    search_dossiers,
)
from counter_app.services.receiving import receive
from counter_app.domain.text import fold
from counter_app.domain.validation import clean_phone


@pytest.fixture
def people(store, make_draft):
    """Three dossiers whose applicants share words of their names."""
    specs = [
        ("Đặng Văn Đức", "001092012345", "0912345678"),
        ("Nguyễn Đức Anh", "079203004567", "0987654321"),
        ("Trần Thị Dung", "048185001122", "0905111222"),
    ]
    codes = {}
    for i, (name, id_number, phone) in enumerate(specs):
        receipt = receive(store, make_draft(applicant_name=name, id_number=id_number, phone=phone,
                                            received_at=datetime(2026, 3, 10, 9, i)), "canbo1")
        codes[name] = receipt.code
    return codes


def names(store, raw: str) -> list[str]:
    with store.read() as session:
        return sorted(hit.applicant_name for hit in search_dossiers(session, raw))


@pytest.mark.parametrize("raw, kind", [
    ("dang van duc", SearchKind.NAME),
    ("  Đặng  VĂN ", SearchKind.NAME),
    ("001092012345", SearchKind.NUMBER),
    ("0912 345 678", SearchKind.NUMBER),
    ("+84912345678", SearchKind.NUMBER),
    ("000.00.14.H56-260310-0001", SearchKind.CODE),
    ("260310-0001", SearchKind.CODE),
    ("   ", SearchKind.NONE),
    ("!!", SearchKind.NONE),
])
def test_typed_text_is_classified(raw, kind):
    assert parse_search(raw).kind is kind


@pytest.mark.parametrize("raw", ["0912345678", "+84 912 345 678", "84912345678", "0084912345678", "+84 (0) 912.345.678"])
def test_a_phone_is_searched_by_the_same_digits_clean_phone_stores(raw):
    assert parse_search(raw) == SearchQuery(SearchKind.NUMBER, "0912345678")
    assert clean_phone(raw) == "0912345678"


def test_name_typed_without_diacritics_finds_the_dossier(store, people):
    assert names(store, "dang van duc") == ["Đặng Văn Đức"]
    assert names(store, "DANG VAN DUC") == ["Đặng Văn Đức"]
    assert names(store, "Đặng Văn Đức") == ["Đặng Văn Đức"]


def test_d_stroke_is_folded_so_duc_finds_every_duc(store, people):
    assert names(store, "duc") == ["Nguyễn Đức Anh", "Đặng Văn Đức"]
    assert names(store, "DUC") == ["Nguyễn Đức Anh", "Đặng Văn Đức"]
    assert names(store, "đức") == ["Nguyễn Đức Anh", "Đặng Văn Đức"]


def test_words_may_come_in_any_order_and_the_last_may_be_unfinished(store, people):
    assert names(store, "duc dang") == ["Đặng Văn Đức"]
    assert names(store, "nguyen du") == ["Nguyễn Đức Anh"]
    assert names(store, "du") == ["Nguyễn Đức Anh", "Trần Thị Dung", "Đặng Văn Đức"]
    assert names(store, "van anh") == []


def test_id_number_phone_and_code_find_the_dossier(store, people):
    assert names(store, "079203004567") == ["Nguyễn Đức Anh"]
    assert names(store, "079203") == ["Nguyễn Đức Anh"]  # the start of the ID number
    assert names(store, "0905 111 222") == ["Trần Thị Dung"]
    assert names(store, "+84905111222") == ["Trần Thị Dung"]
    assert names(store, "84905111222") == ["Trần Thị Dung"]  # country code as clean_phone takes it
    assert names(store, "0084 905 111 222") == ["Trần Thị Dung"]
    assert names(store, "(+84) 905.111.222") == ["Trần Thị Dung"]
    code = people["Trần Thị Dung"]
    assert names(store, code) == ["Trần Thị Dung"]
    assert names(store, code.lower()) == ["Trần Thị Dung"]
    assert names(store, code.split("-", 1)[1]) == ["Trần Thị Dung"]  # "YYMMDD-NNNN"
    assert names(store, "0905") == []  # a short number must match whole


def test_index_follows_name_changes_and_deletes(store, people):
    with store.write() as session:
        session.execute(update(Dossier).where(Dossier.code == people["Trần Thị Dung"])
                        .values(applicant_name="Trần Thị Đào", applicant_name_folded=fold("Trần Thị Đào")))
    assert names(store, "dung") == []
    assert names(store, "dao") == ["Trần Thị Đào"]
    with store.write() as session:
        assert index_is_consistent(session)


def test_bulk_demo_inserts_are_indexed(store):
    create_demo(store, 200, now=datetime(2026, 3, 20, 10, 0))
    with store.read() as session:
        expected = session.execute(text(
            "SELECT count(*) FROM dossier WHERE ' ' || applicant_name_folded || ' ' LIKE '% duc %'")).scalar()
        hits = search_dossiers(session, "duc", limit=1000)
    assert expected > 0
    assert len(hits) == expected
    assert all("duc" in fold(h.applicant_name).split() for h in hits)
    with store.write() as session:
        rebuild_index(session)
        assert index_is_consistent(session)
