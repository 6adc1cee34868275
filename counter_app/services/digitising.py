"""Digitising a dossier's documents: pages in, one PDF/A per document, linked in one transaction.

Receiving never waits for the scanner: a dossier is saved and its slip printed first; its
documents are scanned (or their files attached) afterwards, one document at a time, and the
card shows which ones are still missing (:func:`document_scans`).

The heavy work (capture, compression, PDF/A assembly, the file write) happens before the
write transaction; the transaction only checks again and links: the attachment row, the old
scan marked replaced, the dossier's new version and its ``document_digitised`` event with its
outbox row (counter_app.store.history_write), so the change syncs like any other.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.capture import CaptureSource, ColorMode, ScanSettings
from counter_app.capture.pages import Page, drop_blank, encode_page, read_pages
from counter_app.capture.pdfa import add_text_layer, build_pdfa, pdf_page_images
from counter_app.domain.clock import now_vn
from counter_app.domain.enums import DossierStatus, EventKind, StrEnum
from counter_app.domain.errors import FieldError, NotAllowed, ValidationFailed, message
from counter_app.services.actions import find_dossier
from counter_app.store import settings
from counter_app.store.db import Store
from counter_app.store.document_files import DocumentFiles
from counter_app.store.history_write import record_event
from counter_app.store.models import Dossier, DossierAttachment, DossierDocument

MAX_PAGES = 500


class AttachMode(StrEnum):
    NEW = "new"          # the document has no scan yet (refused when it has one)
    REPLACE = "replace"  # the new pages replace the current scan
    APPEND = "append"    # the new pages are added after the current scan's


class Source(StrEnum):
    SCANNER = "scanner"
    FOLDER = "folder"
    FILE = "file"


@dataclass(frozen=True)
class AttachResult:
    """What was attached."""

    dossier_id: str
    code: str
    document: int
    document_name: str
    sha256: str
    pages: int
    size_bytes: int
    dropped_blank: int
    replaced: str | None
    event_id: str
    version: int
    path: str


@dataclass(frozen=True)
class DocumentScan:
    """One checklist document of a dossier and its current scan, if any."""

    position: int
    name: str
    handed_in: bool
    sha256: str | None
    pages: int | None
    size_bytes: int | None

    @property
    def digitised(self) -> bool:
        return self.sha256 is not None


def _document(session: Session, dossier: Dossier, position: int) -> DossierDocument:
    doc = next((d for d in dossier.documents if d.position == position), None)
    if doc is None:
        count = len(dossier.documents)
        raise ValidationFailed([FieldError("document", message("digitising.no_document", code=dossier.code,
                                                               position=position, count=count))])
    return doc


def current_scan(session: Session, dossier_id: str, position: int) -> DossierAttachment | None:
    return session.scalars(select(DossierAttachment).where(
        DossierAttachment.dossier_id == dossier_id, DossierAttachment.document_position == position,
        DossierAttachment.replaced_at.is_(None))).first()


def _check_mode(dossier: Dossier, doc: DossierDocument, existing: DossierAttachment | None, mode: AttachMode) -> None:
    if existing is not None and mode is AttachMode.NEW:
        raise NotAllowed("digitising.already_scanned", position=doc.position, code=dossier.code, name=doc.name,
                         pages=existing.pages)


def check_target(store: Store, ref: str, position: int, mode: AttachMode = AttachMode.NEW) -> tuple[str, str]:
    """Refuse before any page is scanned: the dossier, the document and the mode must fit.
    Returns (dossier id, the current scan's hash or "")."""
    with store.read() as session:
        dossier = find_dossier(session, ref)
        doc = _document(session, dossier, position)
        existing = current_scan(session, dossier.id, position)
        _check_mode(dossier, doc, existing, mode)
        return dossier.id, existing.sha256 if existing else ""


def document_scans(store: Store, ref: str) -> list[DocumentScan]:
    """Each checklist document of dossier *ref* with its current scan (None when not digitised)."""
    with store.read() as session:
        dossier = find_dossier(session, ref)
        scans = {a.document_position: a for a in session.scalars(select(DossierAttachment).where(
            DossierAttachment.dossier_id == dossier.id, DossierAttachment.replaced_at.is_(None)))}
        return [DocumentScan(d.position, d.name, bool(d.handed_in),
                             *((s.sha256, s.pages, s.size_bytes) if (s := scans.get(d.position)) else (None, None, None)))
                for d in dossier.documents]


def stored_pages(store: Store, profile_dir: Path | str, ref: str, position: int) -> list[Page]:
    """The pages of the document's current scan, as images (to edit them); [] when none."""
    _dossier_id, sha = check_target(store, ref, position, AttachMode.REPLACE)
    if not sha:
        return []
    with tempfile.TemporaryDirectory(prefix="counter-edit-") as tmp:
        path = Path(tmp) / "scan.pdf"
        path.write_bytes(DocumentFiles(profile_dir, key=store.key).read(sha))
        return read_pages([path])


def attach_pages(store: Store, profile_dir: Path | str, ref: str, position: int, pages: list[Page], *,
                 officer: str | None = None, mode: AttachMode = AttachMode.NEW, source: Source = Source.FILE,
                 color: ColorMode = ColorMode.GRAY, remove_blank: bool = False, ocr: bool = True,
                 now: datetime | None = None) -> AttachResult:
    """Make the document's PDF/A from *pages* and link it to dossier *ref*'s document *position*."""
    at = (now or now_vn()).replace(microsecond=0)
    mode = AttachMode(mode)
    dossier_id, base_hash = check_target(store, ref, position, mode)
    dropped = 0
    if remove_blank:
        pages, dropped = drop_blank(pages)
    if not pages:
        raise ValidationFailed([FieldError("pages", message("digitising.no_page_blank_dropped", dropped=dropped)
                                           if dropped else message("digitising.no_page"))])
    files = DocumentFiles(profile_dir, key=store.key)
    encoded = pdf_page_images(files.read(base_hash)) if mode is AttachMode.APPEND and base_hash else []
    encoded += [encode_page(p, color) for p in pages]
    if len(encoded) > MAX_PAGES:
        raise ValidationFailed([FieldError("pages", message("digitising.too_many_pages", limit=MAX_PAGES))])
    with store.read() as session:
        dossier = session.get(Dossier, dossier_id)
        title = f"{dossier.code} — {position}. {_document(session, dossier, position).name}"
    data = build_pdfa(encoded, title=title, created=at)
    if ocr:
        data = add_text_layer(data)
    digest = files.put(data)  # durable before the row that names it commits
    with store.write() as session:
        who = settings.find_officer(session, officer)
        dossier = session.get(Dossier, dossier_id)
        doc = _document(session, dossier, position)
        existing = current_scan(session, dossier_id, position)
        _check_mode(dossier, doc, existing, mode)
        if (existing.sha256 if existing else "") != base_hash and mode is AttachMode.APPEND:
            raise NotAllowed("digitising.changed_elsewhere", position=position)
        if existing is not None:
            existing.replaced_at = at
            session.flush()  # the partial unique index admits the new current row only after this
        row = DossierAttachment(dossier_id=dossier_id, document_position=position, sha256=digest,
                                pages=len(encoded), size_bytes=len(data), source=str(source), created_at=at,
                                officer_id=who.id)
        session.add(row)
        status = DossierStatus(dossier.status)
        dossier.version += 1
        dossier.updated_at = at
        event = record_event(session, dossier, EventKind.DOCUMENT_DIGITISED, at=at, officer=who,
                             from_status=status, to_status=status,
                             data={"document": position, "name": doc.name, "sha256": digest, "pages": len(encoded),
                                   "bytes": len(data), "source": str(source), "mode": str(mode),
                                   "replaced": existing.sha256 if existing else None, "dropped_blank": dropped})
        return AttachResult(dossier_id, dossier.code, position, doc.name, digest, len(encoded), len(data), dropped,
                            existing.sha256 if existing else None, event.id, dossier.version,
                            str(files.path(digest)))


def attach_files(store: Store, profile_dir: Path | str, ref: str, position: int, paths: list[Path | str], *,
                 source: Source = Source.FILE, **kwargs) -> AttachResult:
    """Attach the pages of chosen (or dropped) files: PDF, JPEG, PNG or TIFF, in the order given."""
    if not paths:
        raise ValidationFailed([FieldError("files", message("digitising.no_file"))])
    check_target(store, ref, position, AttachMode(kwargs.get("mode", AttachMode.NEW)))
    return attach_pages(store, profile_dir, ref, position, read_pages(paths), source=source, **kwargs)


def scan_document(store: Store, profile_dir: Path | str, ref: str, position: int, scanner: CaptureSource,
                  scan: ScanSettings, **kwargs) -> AttachResult:
    """Scan the document's pages with *scanner* and attach them (blank pages dropped when the
    workstation's settings say so). The dossier and document are checked before the scan."""
    check_target(store, ref, position, AttachMode(kwargs.get("mode", AttachMode.NEW)))
    with tempfile.TemporaryDirectory(prefix="counter-scan-") as tmp:
        files = scanner.capture(scan, Path(tmp))
        folder = getattr(scanner, "done", None)  # a watched folder: its files leave it once stored
        result = attach_pages(store, profile_dir, ref, position, read_pages(files),
                              source=Source.FOLDER if folder else Source.SCANNER, color=scan.mode,
                              remove_blank=scan.remove_blank, **kwargs)
        if folder is not None:
            folder(files)
        return result
