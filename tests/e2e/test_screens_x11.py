"""The window, every page and every dialog fit the screens counters have, with a taskbar."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import RunningApp
from tests.e2e.flows import CARD, RECEIVE, center, code_with_status, receive_keyboard_only

pytestmark = [pytest.mark.x11, pytest.mark.slow]



def _buttons_reachable(app: RunningApp, dialog_expr: str) -> list[str]:
    """The dialog's buttons whose centre is not on the screen's work area."""
    return app.eval(
        f"[b.text() for b in {dialog_expr}.findChildren(QtWidgets.QAbstractButton) if b.isVisible() "
        f"and not app.primaryScreen().availableGeometry().contains(b.mapToGlobal(b.rect().center()))]")


@pytest.mark.parametrize("xserver", ["1366x768", "1280x720"], indirect=True)
def test_every_page_and_dialog_fits_the_screen(running, xserver, profile, tmp_path):
    app = running()
    app.wait("modal is not None and modal.isVisible()")
    assert app.off_screen() == []                          # the sign-in dialog
    app.sign_in()
    assert app.off_screen() == [], app.eval(
        "[window.minimumSizeHint().toTuple(), [(w.metaObject().className(), getattr(w, 'text', lambda: '')(), "
        "w.minimumSizeHint().width()) for w in window.findChildren(QtWidgets.QWidget) "
        "if w.minimumSizeHint().width() > 600 and w.isVisible()]]")
    tabs = app.eval("window.tabs.count()")
    for index in range(tabs):                              # every page, by Ctrl+Tab
        if index:
            app.keys.key("ctrl+Tab")
        app.wait(f"window.tabs.currentIndex() == {index} and not window.tabs.currentWidget().isHidden()")
        assert app.off_screen() == [], app.eval(f"window.tabs.tabText({index})")
        assert app.clipped("window.tabs.currentWidget()") is None, app.eval(f"window.tabs.tabText({index})")
    app.keys.key("ctrl+Tab")
    app.wait("window.tabs.currentIndex() == 0")

    # A long validation message wraps: the page keeps its size and the window its place.
    width = app.eval("window.width()")
    app.wait(f"focus is {RECEIVE}.picker.search")
    app.keys.type("1193", delay_ms=40)
    app.wait(f"{RECEIVE}.picker.matches.count() >= 1")
    app.keys.key("Return")
    app.keys.click(*center(app, f"{RECEIVE}.form.edits['id_number']"))
    app.wait(f"focus is {RECEIVE}.form.edits['id_number']")
    app.keys.type("x" * 80 + "Đặng Văn Đức " * 6, delay_ms=5)
    app.keys.key("ctrl+Return")
    app.wait(f"{RECEIVE}.form.errors['id_number'].text() != ''")
    assert app.eval("window.width()") == width
    assert app.off_screen() == []
    assert app.clipped(RECEIVE) is None
    app.grab(tmp_path / f"long-message-{xserver.size[0]}.png")

    # The settings dialog, from the "Hệ thống" menu.
    app.keys.click(*app.eval("(lambda b, a: b.mapToGlobal(b.actionGeometry(a).center()).toTuple())"
                             "(window.menuBar(), window.menuBar().actions()[0])"))
    app.wait("app.activePopupWidget() is not None")
    popup = "app.activePopupWidget()"
    settings_action = f"[a for a in {popup}.actions() if a.text().startswith('Cài đặt')][0]"
    app.keys.click(*app.eval(f"(lambda m, a: m.mapToGlobal(m.actionGeometry(a).center()).toTuple())"
                             f"({popup}, {settings_action})"))
    app.wait("modal is not None and hasattr(modal, 'buttons')")
    app.focused_window("modal")
    assert app.off_screen() == []
    assert _buttons_reachable(app, "modal") == []
    app.keys.click(*center(app, "modal.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Cancel)"))
    app.wait("modal is None")
    app.focused_window("window")

    # The card, its action dialogs and the edit dialog.
    code = code_with_status(profile, 2)
    app.keys.scan(code)
    app.wait(f"window.tabs.currentWidget() is {CARD} and {CARD}.card is not None and {CARD}.card.code == {code!r}")
    assert app.off_screen() == [] and app.clipped(CARD) is None
    for number in range(1, app.eval(f"len({CARD}.buttons)") + 1):
        app.keys.key(f"alt+{number}")
        app.focused_window(f"{CARD}.dialog")
        assert app.off_screen() == [], app.eval(f"{CARD}.dialog.windowTitle()")
        assert _buttons_reachable(app, f"{CARD}.dialog") == []
        app.keys.key("Escape")
        app.wait(f"not {CARD}.dialog.isVisible()")
        app.focused_window("window")
    app.keys.click(*center(app, f"{CARD}.edit_button"))
    app.focused_window(f"{CARD}.edit_dialog")
    assert app.off_screen() == []
    assert _buttons_reachable(app, f"{CARD}.edit_dialog") == []
    app.keys.key("Escape")
    app.wait(f"{CARD}.edit_dialog is None or not {CARD}.edit_dialog.isVisible()")
    app.focused_window("window")
    assert app.eval(f"window.tabs.currentWidget() is {CARD}")

    # The print preview of a slip just received (Ctrl+Shift+P): its buttons on the screen.
    app.keys.key("ctrl+1")
    app.wait("window.tabs.currentIndex() == 0")
    app.keys.click(*center(app, f"{RECEIVE}.picker.search"))
    app.wait(f"focus is {RECEIVE}.picker.search")
    app.keys.key("Escape")  # clear the page for the next person: it asks, as something is typed
    app.wait("modal is not None and hasattr(modal, 'button')")
    app.focused_window("modal")  # placed by the window manager: its buttons are where they will stay
    app.keys.click(*center(app, "modal.button(QtWidgets.QMessageBox.StandardButton.Yes)"))
    app.wait(f"modal is None and {RECEIVE}.picker.search.text() == ''")
    app.focused_window("window")
    app.keys.click(*center(app, f"{RECEIVE}.picker.search"))
    receive_keyboard_only(app, delay_ms=60)  # a fast typist; faster is a scanner
    app.keys.key("ctrl+shift+p")
    app.wait("modal is not None and hasattr(modal, 'print_button')")
    app.focused_window("modal")
    assert app.off_screen() == []
    assert _buttons_reachable(app, "modal") == []
    app.grab(tmp_path / f"preview-{xserver.size[0]}.png")
    app.keys.key("Escape")
    app.wait("modal is None")
