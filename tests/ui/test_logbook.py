"""The logbook page: a model that passes QAbstractItemModelTester, search, marks, export, print."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from counter_app.services.demo import create_demo
from counter_app.services.receiving import receive
from tests.ui.keys import type_text
from ui.context import AppContext
from ui.logbook.model import DUE_TODAY_BACKGROUND, LATE_BACKGROUND, PAGE_SIZE, LogbookTableModel
from ui.logbook.view import LogbookView
from ui.tasks import TaskRunner

NOW = datetime(2026, 3, 11, 10, 0)


@pytest.fixture
def ctx(store, qtbot):
    tasks = TaskRunner()
    context = AppContext(profile_dir=store.path.parent, store=store, tasks=tasks)
    yield context
    tasks.wait_all()


@pytest.fixture
def marked(store, make_draft):
    """A late dossier, one due later today and one not due yet."""
    late = receive(store, make_draft(applicant_name="Lê Văn Muộn", received_at=datetime(2026, 3, 10, 9, 0)), "canbo1")
    today = receive(store, make_draft(applicant_name="Đặng Văn Đức", received_at=datetime(2026, 3, 11, 8, 0)), "canbo1")
    later = receive(store, make_draft(applicant_name="Trần Thị Sau", procedure_code="1.004873",
                                      received_at=datetime(2026, 3, 11, 8, 30)), "canbo1")
    return late, today, later


def load_all(qtbot, model) -> None:
    """Touch every row and wait until each page has arrived."""
    for row in range(model.rowCount()):
        model.row_at(row)
    qtbot.waitUntil(lambda: all(model.is_loaded(r) for r in range(model.rowCount())), timeout=10_000)


def set_filter(qtbot, model, flt) -> None:
    with qtbot.waitSignal(model.count_changed, timeout=10_000):
        model.set_filter(flt)


def test_model_passes_the_tester_through_pages_and_filter_changes(qtbot, qtmodeltester, store, ctx):
    create_demo(store, 2 * PAGE_SIZE + 37, now=NOW)
    model = LogbookTableModel(store, ctx.tasks, lambda: NOW)
    with qtbot.waitSignal(model.count_changed, timeout=10_000):
        model.refresh()
    assert model.rowCount() == 2 * PAGE_SIZE + 37
    qtmodeltester.check(model)
    last = model.rowCount() - 1
    assert model.data(model.index(last, 0)) == "…"  # the last page is read in the background
    with qtbot.waitSignal(model.page_loaded, timeout=10_000):
        pass
    load_all(qtbot, model)
    qtmodeltester.check(model)
    lines = [model.row_at(r) for r in range(model.rowCount())]
    assert [r.received_at for r in lines] == sorted(r.received_at for r in lines)
    assert len({r.code for r in lines}) == len(lines)
    from counter_app.store.ledger import LedgerFilter

    set_filter(qtbot, model, LedgerFilter(search="duc"))
    qtmodeltester.check(model)
    load_all(qtbot, model)
    assert model.rowCount() > 0
    assert all("duc" in r.applicant_name.casefold().replace("đ", "d").replace("ứ", "u").split()
               for r in (model.row_at(i) for i in range(model.rowCount())))
    set_filter(qtbot, model, LedgerFilter(search="khong co ai ten nay"))
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_late_and_due_today_rows_are_marked_with_colour_and_text(qtbot, store, ctx, marked):
    late, today, later = marked
    model = LogbookTableModel(store, ctx.tasks, lambda: NOW)
    with qtbot.waitSignal(model.count_changed, timeout=10_000):
        model.refresh()
    load_all(qtbot, model)
    by_code = {model.data(model.index(r, 1)): r for r in range(model.rowCount())}
    deadline = model.COLUMNS.index("deadline")

    def cell(code, role=Qt.ItemDataRole.DisplayRole, column=deadline):
        return model.data(model.index(by_code[code], column), role)

    assert cell(late.code) == "Quá hạn 2 giờ làm việc"  # due Tue 17:00; Wed 07:30–10:00
    assert cell(late.code, Qt.ItemDataRole.BackgroundRole).color() == LATE_BACKGROUND
    assert cell(today.code) == "Đến hạn hôm nay"
    assert cell(today.code, Qt.ItemDataRole.BackgroundRole, 1).color() == DUE_TODAY_BACKGROUND
    assert cell(later.code) == ""
    assert cell(later.code, Qt.ItemDataRole.BackgroundRole) is None


def test_search_box_typed_without_diacritics_filters_the_table(qtbot, ctx, marked):
    view = LogbookView(ctx, clock=lambda: NOW)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=10_000)
    with qtbot.waitSignal(view.model.count_changed, timeout=10_000):
        type_text(view.search, "DANG VAN DUC")
    assert view.model.rowCount() == 1
    qtbot.waitUntil(lambda: view.model.row_at(0) is not None, timeout=10_000)
    assert view.model.data(view.model.index(0, 2)) == "Đặng Văn Đức"
    view.search.clear()
    with qtbot.waitSignal(view.model.count_changed, timeout=10_000):
        view.late.setChecked(True)
    assert view.model.rowCount() == 1


def test_export_to_xlsx_keeps_vietnamese_and_the_mau07_columns(qtbot, ctx, marked, tmp_path):
    from openpyxl import load_workbook

    from ui.logbook.export import logbook_headers, logbook_template

    view = LogbookView(ctx, clock=lambda: NOW)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=10_000)
    path = tmp_path / "sổ.xlsx"
    with qtbot.waitSignal(view.exported, timeout=20_000):
        view.export_to(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0] == logbook_headers(logbook_template(ctx.store, NOW))
    assert rows[0][:3] == ("Số TT", "Quầy tiếp nhận", "Mã hồ sơ")  # Mẫu 07 names the counter of each line
    assert [r[5] for r in rows[1:]] == ["Lê Văn Muộn", "Đặng Văn Đức", "Trần Thị Sau"]
    assert rows[1][1] == "1"  # the counter's number, as in its codes
    assert rows[1][2] == marked[0].code
    assert rows[1][3] == "Đăng ký khai sinh"
    assert rows[1][14] == "Quá hạn 2 giờ làm việc"
    assert rows[2][14] == "Đến hạn hôm nay"
    assert "0912345678" in rows[1][6]
    view.newest_first.setChecked(True)  # as chosen: newest first
    with qtbot.waitSignal(view.exported, timeout=20_000):
        view.export_to(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert [r[5] for r in rows[1:]] == ["Trần Thị Sau", "Đặng Văn Đức", "Lê Văn Muộn"]


def test_print_is_an_a4_landscape_pdf_with_the_vietnamese_text(qtbot, ctx, marked):
    import unicodedata

    import pypdfium2

    view = LogbookView(ctx, clock=lambda: NOW)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.pdf_ready, timeout=20_000) as blocker:
        view.render_print()
    pdf = pypdfium2.PdfDocument(blocker.args[0])
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (842, 595)
    page_text = unicodedata.normalize("NFC", pdf[0].get_textpage().get_text_range())
    assert "SỔ THEO DÕI HỒ SƠ" in page_text
    flat = " ".join(page_text.split())
    assert "Quầy tiếp nhận" in flat and "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG HẢI CHÂU" in flat
    assert "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" not in flat  # Mẫu 07/2025 names the unit as the agency sets it
    assert "Đặng Văn Đức" in page_text
    assert marked[1].code in page_text.replace("\r", "").replace("\n", "")


def test_printing_twice_while_rendering_opens_one_preview_whose_save_adds_pdf(qtbot, ctx, marked, tmp_path):
    from ui.printing.preview import PrintPreviewDialog

    view = LogbookView(ctx, clock=lambda: NOW)
    qtbot.addWidget(view)
    view.print_logbook()
    view.print_logbook()  # a second click before the first preview is there
    assert not view.print_button.isEnabled()
    qtbot.waitUntil(lambda: view.preview_dialog is not None, timeout=20_000)
    qtbot.waitUntil(lambda: ctx.tasks.pending() == 0, timeout=20_000)
    assert len(view.findChildren(PrintPreviewDialog)) == 1 and view.print_button.isEnabled()
    view.preview_dialog.save_requested.emit(str(tmp_path / "so-theo-doi"))
    assert (tmp_path / "so-theo-doi.pdf").read_bytes().startswith(b"%PDF")
    view.preview_dialog.reject()


def test_a_page_that_failed_to_load_is_asked_for_again(qtbot, ctx, store, marked):
    class FlakyStore:
        failing = False

        def read(self):
            if self.failing:
                raise OSError("ổ đĩa bận")
            return store.read()

    flaky = FlakyStore()
    model = LogbookTableModel(flaky, ctx.tasks, lambda: NOW)
    with qtbot.waitSignal(model.count_changed, timeout=10_000):
        model.refresh()
    flaky.failing = True
    with qtbot.waitSignal(model.load_failed, timeout=10_000) as failed:
        assert model.row_at(0) is None
    assert failed.args == ["ổ đĩa bận"]
    flaky.failing = False
    with qtbot.waitSignal(model.page_loaded, timeout=10_000) as loaded:
        assert model.row_at(0) is None  # asked again, not left waiting for the failed read
    assert loaded.args == [0] and model.row_at(0).code == marked[0].code


@pytest.mark.parametrize("now", [NOW, datetime(2026, 3, 13, 15, 45), datetime(2026, 3, 16, 8, 0)],
                         ids=["hours", "days-and-hours", "after-a-weekend"])
def test_lateness_is_worded_and_counted_the_same_on_the_card_in_the_logbook_and_its_export(qtbot, store, ctx, marked,
                                                                                           now):
    from counter_app.store.ledger import LedgerFilter
    from counter_app.store.lookup import lookup
    from ui.card.view import CardView
    from ui.logbook.export import logbook_lines, logbook_template

    late = marked[0]
    card_view = CardView(ctx, clock=lambda: now)
    qtbot.addWidget(card_view)
    card_view.show_card(lookup(store, late.code, now=now))
    model = LogbookTableModel(store, ctx.tasks, lambda: now)
    with qtbot.waitSignal(model.count_changed, timeout=10_000):
        model.refresh()
    load_all(qtbot, model)
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 1)) == late.code)
    in_logbook = model.data(model.index(row, model.COLUMNS.index("deadline")))
    lines = logbook_lines(store, LedgerFilter(), now, 100, logbook_template(store, now))
    exported = next(line.cells[14] for line in lines if line.cells[2] == late.code)  # Mẫu 07: Quầy is column 2
    assert in_logbook.startswith("Quá hạn ") and in_logbook.endswith(" làm việc")
    assert card_view.due.text() == in_logbook == exported


@pytest.mark.parametrize("code", ["WMW.WWW.WW.MW-261231-99999999", "000.00.00.W99-261231-99999999"],
                         ids=["widest-letters", "qcvn-structure"])
def test_the_printed_logbook_holds_the_longest_second_form_code_in_its_column(store, make_draft, code):
    """Mẫu 07/2025 with a second-form code (Thông tư 04/2025/TT-VPCP) of the most characters a
    rule accepts: no text crosses a column rule or prints over another, and a code too wide for
    its column breaks only after a hyphen, never inside a group of digits."""
    from dataclasses import replace

    from sqlalchemy import update

    from counter_app.store import catalogue_tables, settings
    from counter_app.domain import code_rules
    from counter_app.store.ledger import LedgerFilter
    from counter_app.store.models import Dossier
    from tests import pdfcheck
    from ui.logbook.export import render_pdf

    with store.write() as session:
        spec = catalogue_tables.get_spec(session, "1.001193")
        catalogue_tables.upsert_specs(session, [replace(spec, centralised=True)])
        settings.set_setting(session, code_rules.CENTRALISED_AGENCY_ID, code.split("-")[0])
        settings.set_setting(session, code_rules.PLATFORM_OWNER, "99")
    made = receive(store, make_draft(applicant_name="Lê Văn Muộn", received_at=datetime(2026, 3, 10, 9, 0)), "canbo1")
    assert made.code == code.split("-")[0] + "-260310-990001"
    with store.write() as session:  # the six-digit number a busy day would reach, for the layout
        session.execute(update(Dossier).where(Dossier.code == made.code).values(code=code))
    pdf = render_pdf(store, LedgerFilter(), NOW)
    runs = pdfcheck.text_runs(pdf, 0)
    rules = pdfcheck.vertical_rules(pdf, 0)
    assert len(rules) >= 10  # the table's column borders were found
    assert pdfcheck.runs_across_a_rule(runs, rules) == []
    assert pdfcheck.overlapping_runs(runs) == []
    # pdfium reports a hyphen ending a line as U+FFFE (a soft hyphen); the line and counter
    # numbers are not pieces of the code
    texts = [r.text.replace("\ufffe", "-") for r in runs]
    pieces = [t for t in texts if len(t) >= 3 and t in code]
    assert "".join(pieces) == code
    assert all(piece[-1] in "-." for piece in pieces[:-1]), pieces  # broken after a hyphen or a dot only
