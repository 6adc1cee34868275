"""Puts the card page in the main window and routes scans from anywhere to it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QLabel

from counter_app.store.lookup import MODE_SERIAL, ScannerConfig
from ui.context import AppContext
from ui.scan_clock import application_key_clock
from ui.scanner import ScanFilter

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
    app = QApplication.instance()
    # On Windows the key-press time is the native message's (ui.scan_clock), not Qt's stamp.
    scanner = ScanFilter(clock=scan_clock or application_key_clock(app), scope=window, parent=window)
    scanner.install(app)
    store = ctx.store

    def read_config():
        from counter_app.store.queries import scanner_config

        return scanner_config(store)

    def configured(config: ScannerConfig) -> None:  # this counter's prefix, suffix, timing, port
        scanner.set_config(config)
        connect_scanner(window, scanner, config)

    ctx.tasks.run(read_config, on_done=configured)

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


SCANNER_STATUS = "scannerStatus"


def connect_scanner(window, scanner: ScanFilter, config: ScannerConfig) -> None:
    """Read the scanner as *config* says: as a keyboard (the filter watches the keys) or from
    a serial port (``window.serial_scanner``, a :class:`ui.serial_scanner.SerialScanReader`
    whose lines go to ``scanner.deliver_text``; its state is shown in the status bar). Called
    again when the settings change: an earlier port is closed first."""
    old = getattr(window, "serial_scanner", None)
    if old is not None:
        old.stop()
        old.deleteLater()
    window.serial_scanner = None
    serial = config.mode == MODE_SERIAL
    scanner.keyboard_wedge = not serial  # a serial scanner types nothing: keys are left alone
    label = window.statusBar().findChild(QLabel, SCANNER_STATUS)
    if not serial:
        if label is not None:
            label.hide()
        return
    from ui.serial_scanner import SerialScanReader

    if label is None:
        label = QLabel()
        label.setObjectName(SCANNER_STATUS)
        window.statusBar().addPermanentWidget(label)
    label.show()

    def show(message: str, connected: bool) -> None:
        label.setText(message)
        label.setStyleSheet("" if connected else "color: #b00020")

    reader = SerialScanReader(config.serial_port, config.serial_baud, config.serial_terminator, parent=window)
    reader.status_changed.connect(show)
    reader.text_scanned.connect(scanner.deliver_text)
    window.serial_scanner = reader
    reader.start()
