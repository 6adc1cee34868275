"""Adds the "today" and logbook pages to the main window and connects them to the other pages."""

from __future__ import annotations

from ui.context import AppContext
from ui.logbook.view import LogbookView
from ui.today import TodayView

#: Signals of other pages that announce a committed write to the store.
WRITE_SIGNALS = ("dossier_saved", "action_done")


def install_logbook_pages(window, ctx: AppContext) -> tuple[TodayView, LogbookView]:
    """Add both pages; refresh them after any write announced by a page already in *window*,
    open a logbook row on the page that shows dossiers (one with ``open_code``), and let a
    "today" tile show its dossiers in the logbook."""
    others = [window.tabs.widget(i) for i in range(window.tabs.count())]
    today = TodayView(ctx, parent=window)
    logbook = LogbookView(ctx, parent=window)
    window.add_page(today, window.tr("Hôm nay"))
    window.add_page(logbook, window.tr("Sổ theo dõi hồ sơ"))
    for page in others:
        for name in WRITE_SIGNALS:
            signal = getattr(page, name, None)
            if signal is not None:
                signal.connect(today.refresh)
                signal.connect(logbook.refresh)
    opener = next((p for p in others if hasattr(p, "open_code")), None)
    if opener is not None:
        def open_dossier(code: str) -> None:
            window.show_page(opener)
            opener.open_code(code)

        logbook.dossier_requested.connect(open_dossier)
    logbook.message_changed.connect(lambda text: window.statusBar().showMessage(text, 10_000))

    def show_in_logbook(flt) -> None:
        window.show_page(logbook)
        logbook.show_filter(flt)

    today.filter_requested.connect(show_in_logbook)
    return today, logbook
