"""Puts the card page in the main window and routes scans from anywhere to it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from counter_app.lookup import load_scanner_config
from ui.context import AppContext
from ui.scanner import ScanFilter, event_clock

CARD_PAGE = "card"


def install_card_page(window, ctx: AppContext, *, scan_clock: Callable | None = None,
                      printing=None) -> ScanFilter:
    """Add the card page (built on first use: ``window.page("card")``), install the
    application-wide scanner filter (owned by *window*) and connect them: a scan anywhere
    builds the card page if needed, brings it to the front and opens the dossier. The card
    page's slips go to *printing* (the window's one :class:`PrintController`; a page of its own
    when None), whose failures the page shows."""
    def build():
        from ui.card.view import CardView

        page = CardView(ctx, parent=window)
        printer = printing
        if printer is None:
            from ui.printing.controller import PrintController

            printer = PrintController(ctx, parent=page)
        page.print_requested.connect(lambda job_id, kind: printer.print_job(job_id, kind))
        printer.job_failed.connect(page.print_failed)
        printer.job_printed.connect(lambda job_id, _printer: (page.print_jobs.discard(job_id), page.load_access()))
        return page

    # Literal context: lupdate would file `window.tr` under "window", Qt looks in "MainWindow".
    window.add_lazy_page(CARD_PAGE, QCoreApplication.translate("MainWindow", "Theo dõi hồ sơ"), build)
    scanner = ScanFilter(clock=scan_clock or event_clock, scope=window, parent=window)
    scanner.install(QApplication.instance())
    store = ctx.store

    def read_config():
        with store.read() as session:
            return load_scanner_config(session)

    ctx.tasks.run(read_config, on_done=scanner.set_config)  # this counter's prefix, suffix, timing

    def scanned(code: str) -> None:
        window.show_page(CARD_PAGE)
        window.page(CARD_PAGE).open_code(code)

    def rejected(message: str) -> None:
        window.show_page(CARD_PAGE)
        window.page(CARD_PAGE).show_rejected_scan(message)

    scanner.code_scanned.connect(scanned)
    scanner.scan_rejected.connect(rejected)
    window.scan_filter = scanner
    return scanner
