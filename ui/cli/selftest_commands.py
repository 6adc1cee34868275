"""`counter-app selftest`: prove a build works end to end, offscreen, on a throwaway profile.

Meant for the frozen bundle (CI runs it after PyInstaller) but runs the same from a checkout.
Each check reports {name, ok, detail, seconds}; the command prints them as JSON on stdout and
exits 0 when every check passed, 1 otherwise. Nothing touches the user's own profile.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from collections.abc import Callable

from ui.cli.main import EXIT_FAILED, EXIT_OK, json_text, print_json
from datetime import UTC

DEMO_DOSSIERS = 5
# Resources a build must carry: folder → at least one file matching the pattern (each pattern
# of a tuple).
REQUIRED_RESOURCES = {
    "fonts": "*.ttf",
    "catalogue": ("seed.json", "format.json"),
    "calendar": "overrides.json",
    "forms": "*/receipt.json",
    "papers": ("statuses.json", "pii_export.json", "slip_qr.json"),
    "icons": "counter-app*.png",
    "translations": "*.qm",
}
BARCODE_MODULES = ("code128", "code39", "qr", "common", "widgets")
CHECKS = ("resources", "imports", "migrate", "demo_data", "encryption", "calendar", "timezone", "pdf_stack", "scan_pdfa",
          "slip", "translations", "icu", "window")
# Every module of the application must import in the build (CLI modules and pages are found
# by name, so a missing one shows only when used); `sync.server` is the provincial server and
# `sync.protocol` its pydantic models (the counter sends and reads the same shapes as plain JSON).
APP_PACKAGES = ("counter_app", "ui", "sync")
SKIPPED_PACKAGES = ("sync.server", "sync.protocol", "counter_app.store.migrations")
# Dependencies some modules import only inside a function (XLSX export, password hashing…).
LAZY_DEPENDENCIES = ("openpyxl", "argon2", "requests", "uuid6", "PySide6.QtPrintSupport")


@dataclass
class Check:
    """One line of the report."""

    name: str
    ok: bool
    detail: Any
    seconds: float


class SelfTest:
    """Runs the checks in order, sharing the temporary profile between them."""

    def __init__(self, profile_dir: Path):
        self.profile_dir = profile_dir
        self.store = None
        self.checks: list[Check] = []

    def run(self, name: str, fn: Callable[[], Any]) -> None:
        started = time.monotonic()
        try:
            detail, ok = fn(), True
        except Exception as exc:  # a failed check is reported, not raised
            detail, ok = {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc(limit=4)}, False
        self.checks.append(Check(name, ok, detail, round(time.monotonic() - started, 3)))

    # -- the checks -------------------------------------------------------------------------

    def resources(self) -> dict:
        from counter_app.domain.paths import resource_root

        root = resource_root()
        found = {}
        for folder, patterns in REQUIRED_RESOURCES.items():
            files = []
            for pattern in (patterns,) if isinstance(patterns, str) else patterns:
                matched = sorted(p.name for p in (root / folder).glob(pattern))
                if not matched:
                    raise AssertionError(f"{root / folder}: no {pattern}")
                files += matched
            found[folder] = files
        return {"root": str(root), "found": found}

    def imports(self) -> dict:
        import pkgutil

        names = []
        for package in APP_PACKAGES:
            root = importlib.import_module(package)
            names.append(package)
            for info in pkgutil.walk_packages(root.__path__, prefix=package + "."):
                if not info.name.startswith(SKIPPED_PACKAGES):
                    names.append(info.name)
        failed = {}
        for name in [*names, *LAZY_DEPENDENCIES]:
            try:
                importlib.import_module(name)
            except Exception as exc:  # noqa: BLE001 - every failure is reported
                failed[name] = f"{type(exc).__name__}: {exc}"
        if failed:
            raise AssertionError(f"modules that do not import: {failed}")
        return {"modules": len(names), "dependencies": len(LAZY_DEPENDENCIES)}

    def migrate(self) -> dict:
        from counter_app.store import migrate
        from counter_app.store.db import open_store

        self.store = open_store(self.profile_dir)
        current, head = migrate.current_revision(self.store), migrate.head_revision()
        if head is None or current != head:
            raise AssertionError(f"database at {current}, build's head is {head}")
        return {"revision": current, "migrations_dir": str(migrate.MIGRATIONS_DIR)}

    def demo_data(self) -> dict:
        from counter_app.services.demo import DEMO_AGENCY, DEMO_OFFICERS, create_demo
        from counter_app.services.setup import initialise_profile
        from counter_app.store.queries import dossier_count

        initialise_profile(self.store, DEMO_AGENCY, 1, DEMO_OFFICERS)
        result = create_demo(self.store, DEMO_DOSSIERS, seed=7)
        count = dossier_count(self.store)
        if count != DEMO_DOSSIERS:
            raise AssertionError(f"{count} dossiers stored, {DEMO_DOSSIERS} expected")
        return {"dossiers": count, "events": result.events}

    def encryption(self) -> dict:
        """The bundled SQLCipher encrypts the profile (no plain header, no applicant's name in
        the file's bytes), and which key store holds the key (the OS's, or the fallback file)."""
        from counter_app.store import crypt
        from counter_app.store.queries import checkpoint, cipher_facts

        name, version = cipher_facts(self.store)
        checkpoint(self.store)  # the WAL's pages into the file (the pool stays for the window)
        wal = self.store.path.with_name(self.store.path.name + "-wal")
        data = self.store.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
        if crypt.is_plain(self.store.path) or (name and name.encode("utf-8") in data):
            raise AssertionError("the database file is not encrypted")
        keys = self.store.keys
        return {"cipher": version, "key_store": keys.name, "fallback": keys.fallback}

    def calendar(self) -> dict:
        from counter_app.domain.public_holidays import covered_years, holidays_of

        names = holidays_of(2026)
        tet = [name for name in names.values() if "Tết" in name]
        if not tet:
            raise AssertionError(f"no Vietnamese holiday names: {sorted(set(names.values()))[:3]}")
        return {"holidays_2026": len(names), "example": tet[0], "years": "–".join(map(str, covered_years()))}

    def timezone(self) -> dict:
        """Vietnam's zone loads through zoneinfo (the tzdata package where the OS has no
        database, as on Windows) and the counter's clock tells UTC+7 whatever the PC's zone."""
        from datetime import UTC, datetime, timedelta
        from zoneinfo import ZoneInfo

        from counter_app.domain.clock import VN_ZONE_NAME, ZONEINFO_FOUND, now_vn

        if not ZONEINFO_FOUND:
            raise AssertionError(f"zoneinfo cannot find {VN_ZONE_NAME}: install the tzdata package")
        offset = ZoneInfo(VN_ZONE_NAME).utcoffset(datetime(2026, 1, 1))
        skew = abs((now_vn() - datetime.now(UTC).replace(tzinfo=None)) - timedelta(hours=7))
        if offset != timedelta(hours=7) or skew > timedelta(seconds=5):
            raise AssertionError(f"{VN_ZONE_NAME} is {offset}, the counter's clock is off by {skew}")
        try:
            import tzdata

            tzdata_version = tzdata.IANA_VERSION
        except ImportError:
            tzdata_version = None
        return {"zone": VN_ZONE_NAME, "tzdata": tzdata_version, "now_vn": now_vn().isoformat(timespec="seconds")}

    def scan_pdfa(self) -> dict:
        """A scanned page made into a PDF/A-2b (img2pdf, pikepdf, the XMP written without lxml)
        and its page image read back unchanged."""
        import io
        from datetime import datetime

        from PIL import Image

        from counter_app.capture.pages import EncodedPage
        from counter_app.capture.pdfa import build_pdfa, pdf_page_images

        jpeg = io.BytesIO()
        Image.new("L", (160, 226), 245).save(jpeg, "JPEG")
        data = build_pdfa([EncodedPage(jpeg.getvalue(), 100)], title="Bản quét tự kiểm tra",
                          created=datetime(2026, 1, 2, 8, 0, tzinfo=UTC))
        (page,) = pdf_page_images(data)
        if page.data != jpeg.getvalue() or page.dpi != 100:
            raise AssertionError("the page image did not come back unchanged")
        if b"<pdfaid:part>2</pdfaid:part>" not in data:
            raise AssertionError("no PDF/A-2 identification in the XMP metadata")
        return {"bytes": len(data), "lxml_loaded": "lxml" in sys.modules}

    def pdf_stack(self) -> dict:
        """reportlab with the bundled font and a Code 128 barcode, read back by QtPdf."""
        import io

        from reportlab.graphics import renderPDF
        from reportlab.graphics.barcode import createBarcodeDrawing
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.pdfgen import canvas

        from counter_app.domain.paths import resource_path

        for name in BARCODE_MODULES:
            importlib.import_module(f"reportlab.graphics.barcode.{name}")
        pdfmetrics.registerFont(TTFont("SelftestTinos", str(resource_path("fonts", "Tinos-Regular.ttf"))))
        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer)
        pdf.setFont("SelftestTinos", 14)
        pdf.drawString(72, 760, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
        renderPDF.draw(createBarcodeDrawing("Code128", value="000.00.14.H56-260310-0001"), pdf, 72, 680)
        renderPDF.draw(createBarcodeDrawing("QR", value="https://example.invalid/tra-cuu"), pdf, 72, 560)
        pdf.showPage()
        pdf.save()
        return {"bytes": len(buffer.getvalue()), **self._pdf_pages(buffer.getvalue())}

    def slip(self) -> dict:
        """The receipt slip of the first demo dossier, rendered by the printing service (as a preview)."""
        from counter_app.services import printing
        from counter_app.store.queries import first_received_dossier_id

        dossier_id = first_received_dossier_id(self.store)
        data = printing.render_dossier_slip(self.store, dossier_id)
        return {"module": printing.__name__, "bytes": len(data), **self._pdf_pages(data)}

    def translations(self) -> dict:
        from PySide6.QtCore import QTranslator

        from ui.i18n import LANGUAGES, translation_file

        loaded = {}
        for language in LANGUAGES:
            if language == "vi":
                continue
            translator = QTranslator()
            if not translator.load(str(translation_file(language))):
                raise AssertionError(f"cannot load {translation_file(language)}")
            loaded[language] = translator.isEmpty() is False
        return loaded

    def icu(self) -> dict:
        """Qt's ICU data (trimmed to Vietnamese and English in the bundle) still has what the
        application's languages need: Vietnamese collation (ă is a letter after a: "az" before
        "ăn", where the root order puts "ăn" first), and both languages' month names."""
        from PySide6.QtCore import QCollator, QDate, QLocale

        collator = QCollator(QLocale("vi_VN"))
        order = sorted(["ăn", "az", "Đào", "Dung"], key=collator.sortKey)
        if order != ["az", "ăn", "Dung", "Đào"]:
            raise AssertionError(f"Vietnamese collation: {order}")
        months = {lang: QLocale(lang).toString(QDate(2026, 3, 10), "MMMM") for lang in ("vi", "en")}
        if months != {"vi": "tháng 3", "en": "March"}:
            raise AssertionError(f"month names: {months}")
        return {"order": order, "months": months}

    def window(self) -> dict:
        from ui.app import build_window, make_context

        from PySide6.QtCore import QEventLoop, QTimer

        ctx = make_context(self.profile_dir)
        try:
            window = build_window(ctx)
            window.show()  # the store opens after the first paint; the other pages follow it
            loop = QEventLoop()
            ctx.when_store_ready(lambda: QTimer.singleShot(0, loop.quit))
            QTimer.singleShot(60_000, loop.quit)
            loop.exec()
            _qapp().processEvents()
            if not ctx.store_ready:
                raise AssertionError("the store did not open within 60 s")
            image = window.grab().toImage()  # renders the whole window
            pages = [window.tabs.tabText(i) for i in range(window.tabs.count())]
            if len(pages) < 5:
                raise AssertionError(f"the window has only these pages: {pages}")
            title = window.windowTitle()
            window.close()
            window.deleteLater()
            _qapp().processEvents()
        finally:
            ctx.tasks.wait_all()
            ctx.store.dispose()
        if image.isNull() or image.width() < 200:
            raise AssertionError("the main window did not paint")
        return {"title": title, "pages": pages, "size": [image.width(), image.height()]}

    # -- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _pdf_pages(data: bytes) -> dict:
        """Page count and the first page's ink, read with QtPdf (the bundle has no decoder)."""
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
        from PySide6.QtPdf import QPdfDocument

        _qapp()
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        doc = QPdfDocument()
        doc.load(buffer)
        pages = doc.pageCount()
        if pages < 1:
            raise AssertionError(f"PDF has no pages (status {doc.status()}, error {doc.error()})")
        image = doc.render(0, QSize(300, 424))
        dark = sum(
            1 for y in range(0, image.height(), 4) for x in range(0, image.width(), 4)
            if image.pixelColor(x, y).alpha() > 0 and image.pixelColor(x, y).lightness() < 128
        )
        doc.close()
        if dark == 0:
            raise AssertionError("the first page renders blank")
        return {"pages": pages, "dark_samples": dark}


def _qapp():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def register(sub) -> None:
    p = sub.add_parser("selftest", help="tự kiểm tra bản cài đặt (chạy không cần màn hình)")
    p.add_argument("--keep", action="store_true", help="giữ lại thư mục dữ liệu tạm để xem")
    p.add_argument("-o", "--output", type=Path, metavar="TỆP",
                   help="ghi báo cáo JSON vào tệp (cho counter-app.exe, chương trình cửa sổ không có stdout)")
    p.set_defaults(handler=cmd_selftest)


def cmd_selftest(args, ctx) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the first QGuiApplication
    started = time.monotonic()
    _qapp()
    tmp = tempfile.mkdtemp(prefix="counter-selftest-")
    test = SelfTest(Path(tmp) / "profile")
    test.profile_dir.mkdir()
    try:
        for name in CHECKS:
            if name in ("demo_data", "encryption", "slip") and test.store is None:
                test.checks.append(Check(name, False, "no store (migration failed)", 0.0))
                continue
            test.run(name, getattr(test, name))
    finally:
        if test.store is not None:
            test.store.dispose()
        if not args.keep:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    ok = all(check.ok for check in test.checks)
    report = {
        "ok": ok,
        "frozen": bool(getattr(sys, "frozen", False)),
        "python": sys.version.split()[0],
        "seconds": round(time.monotonic() - started, 3),
        "profile": tmp if args.keep else None,
        "checks": [asdict(check) for check in test.checks],
    }
    if args.output is not None:
        from ui.cli.textio import write_output

        write_output(json_text(report).encode("utf-8"), args.output)
    else:
        print_json(report)
    return EXIT_OK if ok else EXIT_FAILED
