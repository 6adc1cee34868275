"""Puts the card page in the main window and routes scans from anywhere to it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from counter_app.lookup import load_scanner_config
from ui.card.view import CardView
from ui.context import AppContext
from ui.scanner import ScanFilter, event_clock


def install_card_page(window, ctx: AppContext, *, scan_clock: Callable | None = None,
                      printing=None) -> CardView:
    """Add the card page, install the application-wide scanner filter (owned by *window*) and
    connect them: a scan anywhere brings the card page to the front and opens the dossier."""
    with ctx.store.read() as session:  # one small read at start-up
        config = load_scanner_config(session)
    page = CardView(ctx, parent=window)
    window.add_page(page, window.tr("Theo dõi hồ sơ"))
    scanner = ScanFilter(config, clock=scan_clock or event_clock, scope=window, parent=window)
    scanner.install(QApplication.instance())

    def scanned(code: str) -> None:
        window.show_page(page)
        page.open_code(code)

    def rejected(message: str) -> None:
        window.show_page(page)
        page.show_rejected_scan(message)

    scanner.code_scanned.connect(scanned)
    scanner.scan_rejected.connect(rejected)
    if printing is None:
        from ui.printing.controller import PrintController

        printing = PrintController(ctx, parent=page)
    page.print_requested.connect(lambda job_id, kind: printing.print_job(job_id, kind))
    window.card_page, window.scan_filter = page, scanner
    return page
