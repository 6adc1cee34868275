"""Adds the "today" and logbook pages to the main window and connects them to the other pages."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.context import AppContext

#: Signals of other pages that announce a committed write to the store.
WRITE_SIGNALS = ("dossier_saved", "action_done", "edited", "batch_handed_over")
TODAY_PAGE, LOGBOOK_PAGE = "today", "logbook"


def install_logbook_pages(window, ctx: AppContext) -> None:
    """Add both pages (built on first use: ``window.page("today")``, ``window.page("logbook")``);
    refresh the built ones after any write announced by another page of *window* (built
    before or after them), open a logbook row on the page that shows dossiers (the card page,
    or one with ``open_code``), and let a "today" tile show its dossiers in the logbook."""

    def refresh(*_args) -> None:
        for key in (TODAY_PAGE, LOGBOOK_PAGE):
            page = window.built_page(key)
            if page is not None:
                page.refresh()

    def listen_to(page) -> None:
        for name in WRITE_SIGNALS:
            signal = getattr(page, name, None)
            if signal is not None:
                signal.connect(refresh)

    def open_dossier(code: str) -> None:
        if window.has_page("card"):
            opener = window.page("card")
        else:
            pages = [window.tabs.widget(i) for i in range(window.tabs.count())]
            opener = next((p for p in pages if hasattr(p, "open_code")), None)
            if opener is None:
                return
        window.show_page(opener)
        opener.open_code(code)

    def build_today():
        from ui.today import TodayView

        today = TodayView(ctx, parent=window)
        today.filter_requested.connect(show_in_logbook)
        return today

    def build_logbook():
        from ui.logbook.view import LogbookView

        logbook = LogbookView(ctx, parent=window)
        logbook.dossier_requested.connect(open_dossier)
        logbook.message_changed.connect(lambda text: window.statusBar().showMessage(text, 10_000))
        return logbook

    def show_in_logbook(flt) -> None:
        window.show_page(LOGBOOK_PAGE)
        window.page(LOGBOOK_PAGE).show_filter(flt)

    for i in range(window.tabs.count()):  # pages already built
        listen_to(window.tabs.widget(i))
    window.page_built.connect(lambda _key, page: listen_to(page))  # and those built later
    # Literal context: lupdate would file `window.tr` under "window", Qt looks in "MainWindow".
    window.add_lazy_page(TODAY_PAGE, QCoreApplication.translate("MainWindow", "Hôm nay"), build_today)
    window.add_lazy_page(LOGBOOK_PAGE, QCoreApplication.translate("MainWindow", "Sổ theo dõi hồ sơ"),
                         build_logbook)
