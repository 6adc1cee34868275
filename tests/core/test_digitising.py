"""Digitising: pages from files into one PDF/A-2b per document, stored by hash, linked in one
transaction with an event and its outbox row; receiving never waits for the scanner."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime, timedelta, timezone

import pikepdf
import pytest
from PIL import Image, ImageChops, ImageStat
from sqlalchemy import func, select

from counter_app.capture import CaptureError, CaptureProblem, ScanSettings
from counter_app.store.document_files import DocumentFiles
from counter_app.capture.folder import WatchedFolder
from counter_app.capture.pages import read_pages
from counter_app.capture.pdfa import pdf_page_images
from counter_app.domain.errors import Message, NotAllowed, NotFound, ValidationFailed
from counter_app.store.lookup import lookup
from counter_app.store.models import DossierAttachment, DossierEvent, OutboxItem
from counter_app.services.digitising import (
    AttachMode,
    attach_files,
    document_scans,
    scan_document,
)
from counter_app.services.receiving import receive
from tests.core.pages import save, text_page
from tests.pdfcheck import rasterise
from tests.said import raises_saying

AT = datetime(2026, 3, 10, 9, 0)
LATER = datetime(2026, 3, 10, 9, 20)


@pytest.fixture
def dossier(store, make_draft):
    """A dossier received (and its slip printable) before anything was scanned."""
    return receive(store, make_draft(received_at=AT), "canbo1", now=AT)


def _counts(store):
    with store.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (DossierAttachment, DossierEvent, OutboxItem))


def test_a_received_dossier_shows_every_document_not_digitised(store, dossier):
    scans = document_scans(store, dossier.code)
    assert scans and not any(s.digitised for s in scans)
    card = lookup(store, dossier.code, now=LATER)
    assert [d.digitised for d in card.documents] == [False] * len(scans)


def test_files_become_one_pdfa_2b_stored_by_hash_with_its_event_and_outbox_row(store, profile_dir, dossier, tmp_path):
    pages = [text_page([f"TỜ KHAI ĐĂNG KÝ KHAI SINH — trang {i}", "Họ, chữ đệm, tên: Nguyễn Văn An"]) for i in (1, 2)]
    jpg = save(pages[0], tmp_path / "p1.jpg", "JPEG")
    tif = save(pages[1], tmp_path / "p2.tif", "TIFF")
    before = _counts(store)
    result = attach_files(store, profile_dir, dossier.code, 1, [jpg, tif], officer="canbo1", now=LATER)
    assert result.pages == 2 and result.replaced is None
    # content-addressed and encrypted: <profile>/documents/ab/cdef….pdf.enc holds the PDF of
    # exactly that hash, and on disk neither the PDF nor any of its text
    path = profile_dir / "documents" / result.sha256[:2] / f"{result.sha256[2:]}.pdf.enc"
    assert result.path == str(path)
    on_disk = path.read_bytes()
    assert b"%PDF" not in on_disk and b"pdfaid" not in on_disk and dossier.code.encode() not in on_disk
    data = DocumentFiles(profile_dir, key=store.key).read(result.sha256)
    assert hashlib.sha256(data).hexdigest() == result.sha256 and len(data) == result.size_bytes
    with pikepdf.open(io.BytesIO(data)) as pdf:
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        assert dossier.code in meta["dc:title"]
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFA1 and int(intent.DestOutputProfile.N) == 3
        assert len(pdf.trailer.ID) == 2 and not pdf.is_encrypted
        assert str(pdf.docinfo.Title) == str(meta["dc:title"])
        # an A4 page at 200 dpi is an A4 page: 595 × 842 pt
        box = [float(v) for v in pdf.pages[0].mediabox]
        assert box[2] == pytest.approx(595.3, abs=1) and box[3] == pytest.approx(841.9, abs=1)
    # what was scanned is what the PDF shows (rasterised at the scan's resolution): the ink
    # where it was, the paper (gray 250 here) turned white
    for i, source in enumerate(pages):
        shown = rasterise(data, i, dpi=200).convert("L").resize(source.size)
        ink = source.point(lambda v: 255 if v < 128 else 0)
        dark = shown.point(lambda v: 255 if v < 160 else 0)
        inked = ImageStat.Stat(ink).sum[0]
        assert inked > 0 and ImageStat.Stat(ImageChops.multiply(ink, dark)).sum[0] / inked > 0.95
        assert ImageStat.Stat(shown.crop((0, 0, 100, 100))).mean[0] == pytest.approx(255, abs=1)
        assert ImageStat.Stat(ImageChops.difference(shown, source)).mean[0] < 8
    # one transaction: the link, one event, one outbox row carrying the hash to the province
    assert _counts(store) == (before[0] + 1, before[1] + 1, before[2] + 1)
    with store.read() as s:
        event = s.scalars(select(DossierEvent).order_by(DossierEvent.seq.desc())).first()
        item = s.scalars(select(OutboxItem).order_by(OutboxItem.seq.desc())).first()
        assert event.kind == "document_digitised" and event.data["sha256"] == result.sha256
        assert event.data["document"] == 1 and event.data["pages"] == 2
        assert item.event_id == event.id and item.payload["version"] == result.version == 2
        assert item.payload["dossier"]["scans"] == [{"document": 1, "sha256": result.sha256, "pages": 2,
                                                     "bytes": result.size_bytes}]
    card = lookup(store, dossier.code, now=LATER)
    assert card.documents[0].digitised and card.documents[0].scan_pages == 2
    assert not any(d.digitised for d in card.documents[1:])


def test_a_second_scan_needs_append_or_replace_and_nothing_is_lost(store, profile_dir, dossier, tmp_path):
    first = attach_files(store, profile_dir, dossier.code, 1, [save(text_page(["Trang một"]), tmp_path / "a.png", "PNG")],
                         now=LATER)
    counts = _counts(store)
    more = save(text_page(["Trang hai"]), tmp_path / "b.jpg", "JPEG")
    with raises_saying(NotAllowed, "Chọn thêm trang \\(--append\\) hoặc thay bản cũ \\(--replace\\)"):
        attach_files(store, profile_dir, dossier.code, 1, [more], now=LATER)
    assert _counts(store) == counts
    appended = attach_files(store, profile_dir, dossier.code, 1, [more], mode=AttachMode.APPEND, now=LATER)
    assert appended.pages == 2 and appended.replaced == first.sha256
    files = DocumentFiles(profile_dir)
    # the first page's JPEG is carried over byte for byte, not compressed again
    assert pdf_page_images(files.read(appended.sha256))[0] == pdf_page_images(files.read(first.sha256))[0]
    replaced = attach_files(store, profile_dir, dossier.code, 1, [more], mode=AttachMode.REPLACE, now=LATER)
    assert replaced.pages == 1
    with store.read() as s:
        rows = s.execute(select(DossierAttachment.replaced_at, DossierAttachment.sha256)
                         .order_by(DossierAttachment.id)).all()
    assert [r.replaced_at is None for r in rows] == [False, False, True]
    assert all(files.verify(r.sha256) for r in rows)  # the older files stay, for the history
    assert [s.pages for s in document_scans(store, dossier.code) if s.digitised] == [1]


def test_bad_input_stores_nothing(store, profile_dir, dossier, tmp_path):
    good = save(text_page(["Trang"]), tmp_path / "good.jpg", "JPEG")
    not_image = tmp_path / "ghi-chu.txt"
    not_image.write_text("không phải ảnh", encoding="utf-8")
    cut = tmp_path / "cut.pdf"
    whole = attach_files(store, profile_dir, dossier.code, 2, [good], now=LATER)
    cut.write_bytes(DocumentFiles(profile_dir, key=store.key).read(whole.sha256)[:2000])
    counts = _counts(store)
    stored = sorted((profile_dir / "documents").rglob("*.pdf.enc"))
    with raises_saying(CaptureError, "Tệp “ghi-chu.txt” không dùng được làm trang hồ sơ") as err:
        attach_files(store, profile_dir, dossier.code, 1, [good, not_image], now=LATER)
    assert err.value.problem is CaptureProblem.BAD_FILE
    with raises_saying(CaptureError, "cut.pdf"):
        attach_files(store, profile_dir, dossier.code, 1, [cut], now=LATER)
    with raises_saying(ValidationFailed, "không có thành phần số 9 \\(hồ sơ có 4 thành phần"):
        attach_files(store, profile_dir, dossier.code, 9, [good], now=LATER)
    with pytest.raises(NotFound):
        attach_files(store, profile_dir, "000.00.14.H56-260310-9999", 1, [good], now=LATER)
    assert _counts(store) == counts
    assert sorted((profile_dir / "documents").rglob("*.pdf.enc")) == stored


def test_a_pdf_from_a_network_scanner_is_read_page_by_page(store, profile_dir, dossier, tmp_path):
    made = attach_files(store, profile_dir, dossier.code, 1, [
        save(text_page([f"Trang {i}"]), tmp_path / f"{i}.jpg", "JPEG") for i in (1, 2, 3)], now=LATER)
    dropped = tmp_path / "scan0001.pdf"
    dropped.write_bytes(DocumentFiles(profile_dir, key=store.key).read(made.sha256))
    pages = read_pages([dropped])
    assert [p.dpi for p in pages] == [200, 200, 200]
    assert [p.image.size for p in pages] == [(1654, 2339)] * 3


def test_the_watched_folder_takes_only_whole_files_and_clears_them_once_stored(store, profile_dir, dossier, tmp_path):
    inbox = tmp_path / "may-quet"
    inbox.mkdir()
    folder = WatchedFolder(inbox)
    page = save(text_page(["Giấy xác nhận cư trú"]), tmp_path / "whole.jpg", "JPEG")
    growing = inbox / "scan-0001.jpg"
    growing.write_bytes(page.read_bytes()[:5000])  # the scanner is still writing it
    assert folder.ready() == []
    assert folder.ready() == []                     # same size, but it does not decode: not whole
    growing.write_bytes(page.read_bytes())
    assert folder.ready() == []                     # grew since the last look
    assert folder.ready() == [growing]
    result = scan_document(store, profile_dir, dossier.code, 2, folder, ScanSettings(), now=LATER)
    assert result.pages == 1
    assert not growing.exists() and (inbox / "da-nhap" / "scan-0001.jpg").exists()
    with pytest.raises(CaptureError) as err:
        folder.capture(ScanSettings(), tmp_path)
    assert err.value.problem is CaptureProblem.NO_PAPER


def test_blank_pages_are_dropped_when_the_settings_say_so(store, profile_dir, dossier, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    save(text_page(["Mặt trước"]), inbox / "1.jpg", "JPEG")
    save(text_page([]), inbox / "2.jpg", "JPEG")  # the empty back of a one-sided sheet
    save(text_page(["Có"]), inbox / "3.jpg", "JPEG")  # one short word is a page, not a blank
    folder = WatchedFolder(inbox)
    folder.ready()
    result = scan_document(store, profile_dir, dossier.code, 1, folder, ScanSettings(remove_blank=True), now=LATER)
    assert (result.pages, result.dropped_blank) == (2, 1)


def test_pages_open_as_images_of_the_right_mode(tmp_path):
    rgb = Image.new("RGB", (800, 1100), (250, 250, 250))
    path = save(rgb, tmp_path / "c.png", "PNG", dpi=100)
    (page,) = read_pages([path])
    assert page.image.mode == "RGB" and page.dpi == 100


def test_a_dense_grainy_page_stays_in_the_budget_and_readable(store, profile_dir, dossier, tmp_path):
    lines = [f"Dòng {i}: Họ và tên Nguyễn Thị Mai Anh, số định danh 001092012345, Hải Châu" for i in range(40)]
    clean = text_page(lines)
    grainy = text_page(lines, noise=24)
    result = attach_files(store, profile_dir, dossier.code, 1, [save(grainy, tmp_path / "dense.tif", "TIFF")],
                          now=LATER)
    data = DocumentFiles(profile_dir).read(result.sha256)
    (page,) = pdf_page_images(data)
    assert page.dpi == 200
    assert len(page.data) <= 150_000  # the budget of an A4 page at 200 dpi
    shown = rasterise(data, 0, dpi=200).convert("L").resize(clean.size)
    ink = clean.point(lambda v: 255 if v < 100 else 0)
    dark = shown.point(lambda v: 255 if v < 160 else 0)
    assert ImageStat.Stat(ImageChops.multiply(ink, dark)).sum[0] / ImageStat.Stat(ink).sum[0] > 0.9


def test_a_reprinted_receipt_says_which_documents_are_digitised(store, profile_dir, dossier, tmp_path, make_draft):
    """The slip printed at receipt says nothing (nothing scanned yet); a reprint after the
    first document's scan marks that document, and only it, "đã số hóa"."""
    from counter_app.services import printing
    from tests import pdfcheck

    def receipt_text() -> str:
        with store.write() as session:
            job = printing.queue_slip(session, "receipt", dossier.id, "canbo1", None, now=LATER)
        return pdfcheck.flat(pdfcheck.page_text(printing.render_job(store, job)))

    assert "đã số hóa" not in receipt_text()
    attach_files(store, profile_dir, dossier.code, 1, [save(text_page(["Tờ khai"]), tmp_path / "a.png", "PNG")],
                 officer="canbo1", now=LATER)
    text = receipt_text()
    names = [s.name for s in document_scans(store, dossier.code)]
    first, rest = names[0], names[1:]
    assert f"1. {pdfcheck.flat(first)} (" in text
    marked = text.split(f"1. {pdfcheck.flat(first)} (", 1)[1].split(")", 1)[0]
    assert marked.endswith("; đã số hóa"), marked
    assert text.count("đã số hóa") == 2  # once on each of the two copies: the citizen's and the agency's
    assert rest  # the seed procedure lists more documents, none of them scanned


def test_scans_are_encrypted_with_the_profiles_key_and_an_older_plain_scan_is_converted(store, profile_dir, dossier,
                                                                                        tmp_path):
    """A scan holds an ID card's picture: on disk it is AES-GCM under a key derived from the
    database key; another key, or a file renamed to another hash, does not decrypt; a plain
    file left by an older version is encrypted when the profile opens, and reads the same."""
    import os

    from counter_app.store.document_files import CONVERTED_MARK, DocumentFiles, DocumentUnreadable
    from counter_app.store.db import open_store

    made = attach_files(store, profile_dir, dossier.code, 1, [save(text_page(["CĂN CƯỚC"]), tmp_path / "c.png", "PNG")],
                        now=LATER)
    files = DocumentFiles(profile_dir, key=store.key)
    assert files.read(made.sha256).startswith(b"%PDF")
    with pytest.raises(DocumentUnreadable) as wrong_key:
        DocumentFiles(profile_dir, key=os.urandom(32)).read(made.sha256)
    assert wrong_key.value.message == Message("document_files.wrong_key", {"file": made.sha256[:12]})
    assert not DocumentFiles(profile_dir, key=os.urandom(32)).verify(made.sha256)
    other = "0" * 64  # the same bytes under another name: bound to its hash, refused
    files.path(other).parent.mkdir(parents=True, exist_ok=True)
    files.path(other).write_bytes(files.path(made.sha256).read_bytes())
    with pytest.raises(DocumentUnreadable):
        files.read(other)
    files.path(other).unlink()

    # An older version's plain file: read as it is, then encrypted when the profile opens.
    legacy_pdf = save(text_page(["GIẤY CHỨNG SINH"]), tmp_path / "g.png", "PNG").read_bytes()  # any bytes
    digest = hashlib.sha256(legacy_pdf).hexdigest()
    files.plain_path(digest).parent.mkdir(parents=True, exist_ok=True)
    files.plain_path(digest).write_bytes(legacy_pdf)
    assert files.read(digest) == legacy_pdf
    store.dispose()
    reopened = open_store(profile_dir)
    try:
        assert not files.plain_path(digest).exists() and files.path(digest).exists()
        assert legacy_pdf not in files.path(digest).read_bytes()
        assert DocumentFiles(profile_dir, key=reopened.key).read(digest) == legacy_pdf
        assert (profile_dir / "documents" / CONVERTED_MARK).exists()
    finally:
        reopened.dispose()


@pytest.mark.parametrize("offset", [timedelta(hours=7), timedelta(0), timedelta(hours=-5, minutes=-30)])
def test_the_pdfa_metadata_written_without_lxml_reads_as_pikepdfs_editor_writes_it(tmp_path, offset):
    """The XMP packet and the document info of build_pdfa (written from a template, so the
    bundle needs no lxml) say what pikepdf's metadata editor would have written, escaped."""
    from pikepdf.models.metadata import encode_pdf_date

    from counter_app.capture.pages import EncodedPage
    from counter_app.capture.pdfa import build_pdfa

    page = text_page(["Giấy khai sinh"])
    jpeg = io.BytesIO()
    page.save(jpeg, "JPEG")
    title = "Hồ sơ 000.00.01.H01-260101-0001 — <Bản sao> & \"trích lục\"\x07"
    created = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(offset))
    data = build_pdfa([EncodedPage(jpeg.getvalue(), 200)], title=title, created=created)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        stream = pdf.Root.Metadata
        assert stream.Type == pikepdf.Name.Metadata and stream.Subtype == pikepdf.Name.XML
        assert "/Filter" not in stream  # PDF/A: the metadata stream is not filtered
        meta = pdf.open_metadata()
        shown = title.replace("\x07", "")
        expected = {
            "pdfaid:part": "2", "pdfaid:conformance": "B", "dc:title": shown,
            "xmp:CreatorTool": "counter-app", "pdf:Producer": "counter-app",
            "xmp:CreateDate": created.isoformat(), "xmp:ModifyDate": created.isoformat(),
            "xmp:MetadataDate": created.isoformat(),
        }
        assert {name: meta[name] for name in expected} == expected and len(dict(meta)) == len(expected)
        assert {k: str(v) for k, v in pdf.docinfo.items()} == {
            "/Title": shown, "/Creator": "counter-app", "/Producer": "counter-app",
            "/CreationDate": encode_pdf_date(created), "/ModDate": encode_pdf_date(created)}


def test_making_a_pdfa_loads_no_lxml():
    import subprocess
    import sys

    code = ("import io, sys; from datetime import datetime, timezone; from PIL import Image\n"
            "from counter_app.capture.pages import EncodedPage; from counter_app.capture.pdfa import build_pdfa\n"
            "b = io.BytesIO(); Image.new('L', (50, 50), 200).save(b, 'JPEG')\n"
            "build_pdfa([EncodedPage(b.getvalue(), 100)], title='x', created=datetime.now(timezone.utc))\n"
            "print(sorted(m for m in sys.modules if m.startswith('lxml')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", check=True)
    assert out.stdout.strip() == "[]"
