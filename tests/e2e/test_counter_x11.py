"""The counter as an officer uses it, on a 1366×768 X screen with a taskbar, real keys only."""

from __future__ import annotations

import time
import unicodedata

from counter_app.store import crypt
import pytest

from tests import pdfcheck
from tests.e2e.conftest import RunningApp
from tests.e2e.flows import RECEIVE, center, code_with_status, receive_keyboard_only
from tests.ui.cups_queue import CupsUnavailable, start_scheduler

pytestmark = [pytest.mark.x11, pytest.mark.slow]

CARD_CODE = "(window.built_page('card').card.code if window.built_page('card') and window.built_page('card').card else None)"
CARD_PAGE_SHOWN = "window.tabs.currentWidget() is window.built_page('card')"
QR = "001092012345||Nguyễn Văn Ấn|15031992|Nam|Số 1 Trần Phú, Hải Châu, Đà Nẵng|01012021"


def _db(profile):
    return crypt.connect(profile / "counter.sqlite3")


def _tab_to(app: RunningApp, widget_expr: str, limit: int = 20) -> int:
    """Press Tab until *widget_expr* has the focus; how many presses it took."""
    for n in range(1, limit + 1):
        before = app.eval("id(focus)")
        app.keys.key("Tab")
        app.wait(f"id(focus) != {before}")  # this Tab has been handled
        if app.eval(f"focus is {widget_expr}"):
            return n
    raise AssertionError(f"{widget_expr} is not reachable with {limit} Tabs")


def test_sign_in_puts_the_window_in_the_work_area_and_the_cursor_in_the_procedure_search(running, xserver, tmp_path):
    app = running()
    app.sign_in()
    app.wait(f"focus is {RECEIVE}.picker.search")
    avail = app.eval("app.primaryScreen().availableGeometry().getRect()")
    assert tuple(avail) == xserver.work_area  # Qt sees the taskbar the window manager announces
    x, y, w, h = app.eval("window.geometry().getRect()")  # the client area, inside any frame
    ax, ay, aw, ah = avail
    assert ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah, ((x, y, w, h), avail)
    bar_bottom = app.eval("window.statusBar().mapToGlobal(QtCore.QPoint(0, window.statusBar().height())).y()")
    assert app.eval("window.statusBar().isVisible()") and bar_bottom <= ay + ah
    app.grab(tmp_path / "signed-in.png")


def test_a_scanner_burst_with_shift_opens_the_card_and_a_person_typing_vietnamese_keeps_every_letter(
        running, profile):
    code = code_with_status(profile, 2)
    app = running()
    app.sign_in()
    name = f"{RECEIVE}.form.edits['applicant_name']"
    app.wait(f"focus is {RECEIVE}.picker.search")
    _tab_to(app, name)
    typed = "Đặng Văn Đức"
    app.keys.type(typed, delay_ms=150)  # a person, one letter at a time
    app.wait(f"{name}.text() == {typed!r}")
    app.keys.type(" Lê", delay_ms=40)  # a fast typist: 40 ms between keys
    app.wait(f"{name}.text() == {typed + ' Lê'!r}")
    assert app.eval(f"{name}.text()") == unicodedata.normalize("NFC", typed + " Lê")

    app.keys.scan(code)  # Shift pressed and released around every capital, 3 ms a key
    assert app.wait(f"{CARD_PAGE_SHOWN} and {CARD_CODE} == {code!r}") is True
    assert app.eval(f"{name}.text()") == typed + " Lê"  # nothing of the code leaked into the field
    assert app.eval("window.scan_filter.pending_text()") == ""


@pytest.mark.parametrize("where", ["procedure list", "checklist", "button"])
def test_a_cccd_qr_burst_fills_the_applicant_wherever_the_focus_is_on_the_receive_page(running, where):
    app = running()
    app.sign_in()
    app.wait(f"focus is {RECEIVE}.picker.search")
    app.keys.type("khai sinh", delay_ms=40)
    app.wait(f"{RECEIVE}.picker.matches.count() >= 1 and '1.001193' in {RECEIVE}.picker.matches.item(0).text()")
    app.keys.key("Return")
    app.wait(f"{RECEIVE}.checklist.rowCount() > 0")
    target = {
        "procedure list": f"{RECEIVE}.picker.matches",
        "checklist": f"{RECEIVE}.checklist",
        "button": f"{RECEIVE}.queue.findChildren(QtWidgets.QPushButton)[0]",
    }[where]
    # The checklist's own cell (a document's name), not whatever cell widget lies at its middle:
    # a click on a "Hình thức" box would open that box instead of focusing the list.
    rect = ("w.visualRect(w.model().index(0, 0)).translated(w.viewport().pos())" if where == "checklist"
            else "w.rect()")
    app.keys.click(*center(app, target, rect))
    focus_owner = {"procedure list": f"{RECEIVE}.picker.matches", "checklist": f"{RECEIVE}.checklist",
                   "button": target}[where]
    app.wait(f"focus is {focus_owner}")
    app.keys.scan(QR)
    form = f"{RECEIVE}.form"
    assert app.wait(f"{form}.text('id_number') == '001092012345'")
    assert app.eval(f"{form}.text('applicant_name')") == "Nguyễn Văn Ấn"
    assert app.eval(f"{form}.text('birth_date')") == "15/03/1992"
    assert app.eval(f"{form}.text('address')") == "Số 1 Trần Phú, Hải Châu, Đà Nẵng"
    assert app.eval(f"{RECEIVE}.picker.search.text()") == "khai sinh"  # nothing landed elsewhere


@pytest.fixture
def laser():
    """A private CUPS scheduler whose default printer is an A4 laser with hardware margins
    (CUPS-PDF: what it prints lands as a PDF file)."""
    try:
        scheduler = start_scheduler()
    except CupsUnavailable as exc:
        pytest.skip(f"CUPS cannot be started: {exc}")
    scheduler.run("lpadmin", "-d", "ct_laser")
    yield scheduler
    scheduler.stop()


def test_receiving_a_dossier_with_the_keyboard_only_to_the_printed_slip(running, profile, laser, capsys):
    with _db(profile) as db:
        before = db.execute("SELECT count(*) FROM dossier").fetchone()[0]
    app = running({"CUPS_SERVER": str(laser.socket)})
    app.sign_in()
    keys = app.keys
    keys.navigation = keys.typed = 0
    started = time.monotonic()
    receive_keyboard_only(app, delay_ms=60)
    elapsed = time.monotonic() - started
    with _db(profile) as db:
        after = db.execute("SELECT count(*) FROM dossier").fetchone()[0]
        code, name, id_number = db.execute(
            "SELECT code, applicant_name, id_number FROM dossier ORDER BY rowid DESC LIMIT 1").fetchone()
    assert after == before + 1
    assert (name, id_number) == ("Trần Thị Bích", "001190012345")
    assert keys.navigation <= 10, keys.navigation

    printed = laser.wait_for_output("ct_laser")  # the slip, as the printer received it (pixels)
    assert pdfcheck.texts_of(pdfcheck.decode_page(printed, dpi=203), "Code128") == [code, code]  # two copies
    app.wait(f"{RECEIVE}.queue.model.rowCount() == 0")  # nothing left unprinted
    with capsys.disabled():
        print(f"\nkeyboard-only receive: {keys.navigation} navigation keys, {keys.typed} typed characters, "
              f"{elapsed:.1f} s at 60 ms a key, slip printed on {printed.name}")


def test_a_lifecycle_step_from_the_card_with_the_keyboard(running, profile):
    code = code_with_status(profile, 2)
    app = running()
    app.sign_in()
    app.wait(f"focus is {RECEIVE}.picker.search")
    app.keys.scan(code)
    app.wait(f"{CARD_PAGE_SHOWN} and {CARD_CODE} == {code!r}")
    card = "window.built_page('card')"
    assert app.wait(f"focus is not None and focus in {card}.buttons.values()")
    app.keys.key("alt+1")                       # the first step offered: hand over to the department
    app.focused_window(f"{card}.dialog")
    app.keys.type("Phòng Tư pháp", delay_ms=40)
    app.keys.key("Return")
    app.wait(f"{card}.card is not None and {card}.card.status == 4", timeout_ms=5000)
    with _db(profile) as db:
        status, = db.execute("SELECT status FROM dossier WHERE code = ?", (code,)).fetchone()
    assert status == 4


def test_receiving_with_the_cccd_qr_scanned_first(running, profile, capsys):
    with _db(profile) as db:
        before = db.execute("SELECT count(*) FROM dossier").fetchone()[0]
    app = running()
    app.sign_in()
    keys = app.keys
    app.wait(f"focus is {RECEIVE}.picker.search")
    keys.navigation = keys.typed = 0
    started = time.monotonic()
    keys.scan(QR)                               # the citizen's card, before anything else
    app.wait(f"{RECEIVE}.form.text('id_number') == '001092012345'")
    keys.type("1193", delay_ms=60)
    keys.key("Return")                          # the first match of "1193", once it is listed
    app.wait(f"{RECEIVE}.picker.spec is not None and focus is {RECEIVE}.checklist")
    keys.key("ctrl+Return")
    app.wait(f"{RECEIVE}.last_outcome is not None", timeout_ms=30000)
    elapsed = time.monotonic() - started
    with _db(profile) as db:
        after = db.execute("SELECT count(*) FROM dossier").fetchone()[0]
        row = db.execute("SELECT applicant_name, id_number, procedure_code FROM dossier "
                         "ORDER BY rowid DESC LIMIT 1").fetchone()
    assert after == before + 1
    assert row == ("Nguyễn Văn Ấn", "001092012345", "1.001193")
    assert keys.navigation + keys.typed <= 11
    with capsys.disabled():
        print(f"\nreceive after a CCCD QR: {keys.navigation} navigation keys + {keys.typed} typed = "
              f"{keys.navigation + keys.typed} keystrokes, {elapsed:.1f} s")


def test_a_second_form_code_scanned_with_shift_opens_its_card(running, profile):
    """Thông tư 04/2025/TT-VPCP: a centralised procedure's dossier carries
    ``MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX``; real X key events, Shift around every capital."""
    from dataclasses import replace

    from counter_app.store import catalogue_tables, settings
    from counter_app.domain import code_rules
    from counter_app.store.db import open_store
    from counter_app.domain.drafts import DossierDraft
    from counter_app.services.receiving import receive

    store = open_store(profile)
    try:
        with store.write() as session:
            spec = catalogue_tables.get_spec(session, "1.001193")
            catalogue_tables.upsert_specs(session, [replace(spec, centralised=True)])
            settings.set_setting(session, code_rules.CENTRALISED_AGENCY_ID, "H56.000.00")
            settings.set_setting(session, code_rules.PLATFORM_OWNER, "01")
        draft = DossierDraft(procedure_code="1.001193", applicant_name="Nguyễn Văn An", id_number="001092012345",
                             address="Số 1 Trần Phú, Hải Châu, Đà Nẵng", phone="0912345678")
        code = receive(store, draft).code
    finally:
        store.dispose()
    assert code.startswith("H56.000.00-") and len(code.rsplit("-", 1)[1]) >= 6
    app = running()
    app.sign_in()
    app.wait(f"focus is {RECEIVE}.picker.search")
    app.keys.scan(code)
    assert app.wait(f"{CARD_PAGE_SHOWN} and {CARD_CODE} == {code!r}") is True
    assert app.eval("window.scan_filter.pending_text()") == ""
