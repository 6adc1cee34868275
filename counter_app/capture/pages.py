"""Pages as images: read from scanned or chosen files, blank pages found, compressed to a budget.

Files are recognised by their content, not their name: JPEG, PNG, TIFF (every frame of a
multi-page TIFF) and PDF (a scanned PDF: each page one image, as network scanners write them).
A page is kept in gray (or colour) at its own resolution; the background is whitened (paper
grain is what makes a scan big) and the page is JPEG-compressed with the highest quality that
fits the size budget: 150 KB for an A4 page at 200 dpi, scaled by the page's pixel count.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from counter_app.capture import DEFAULT_DPI, CaptureError, CaptureProblem, ColorMode
from counter_app.domain.errors import Said, message

#: The size budget: bytes per A4 grayscale page at 200 dpi (1654 × 2339 pixels).
A4_PAGE_BUDGET = 150_000
A4_200DPI_PIXELS = 1654 * 2339
QUALITIES = (80, 70, 60, 50)  # JPEG below 50 rings around text: JPEG 2000 does better then
WHITE_FROM = 224        # gray levels at or above this become paper white (less on grainy paper)
PAPER_GRAIN = 24        # levels below the paper's own level still counted as paper
INK_LEVEL = 128          # a pixel darker than this is ink
INKED_BLOCK = 255 * 6 // 16  # a 4 × 4 block with at least 6 ink pixels is inked (a 2 × 2 speck has 4)
BLANK_MAX_INK = 0.00003  # fewer inked blocks than this fraction of the page (6 on A4 at 200 dpi): blank


@dataclass
class Page:
    """One page: its image (Pillow, mode L or RGB) and its resolution in dots per inch."""

    image: object  # PIL.Image.Image (Pillow is imported lazily: the window starts without it)
    dpi: int = DEFAULT_DPI
    origin: str = ""  # the file it came from (for messages)


def _bad(path: Path, why: Said) -> CaptureError:
    return CaptureError(CaptureProblem.BAD_FILE, message("capture.bad_file", name=path.name, why=why))


def _dpi_of(info: dict, default: int = DEFAULT_DPI) -> int:
    dpi = info.get("dpi")
    try:
        value = int(round(float(dpi[0] if isinstance(dpi, tuple | list) else dpi)))
    except (TypeError, ValueError):
        return default
    return value if 72 <= value <= 1200 else default


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    return None


def read_pages(paths: Iterable[Path | str]) -> list[Page]:
    """The pages of *paths*, in order; CaptureError (BAD_FILE) naming the first bad file."""
    pages: list[Page] = []
    for raw in paths:
        path = Path(raw)
        try:
            with path.open("rb") as fh:
                head = fh.read(8)
        except OSError as exc:
            raise _bad(path, exc.strerror or message("capture.unreadable")) from None
        kind = _sniff(head)
        if kind is None:
            raise _bad(path, message("capture.not_an_image"))
        pages.extend(_pdf_pages(path) if kind == "pdf" else _image_pages(path))
    return pages


def _image_pages(path: Path) -> list[Page]:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            out = []
            for frame in ImageSequence.Iterator(img):
                frame.load()
                out.append(Page(_normalised(frame.copy()), _dpi_of(frame.info or img.info), str(path)))
            return out
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise _bad(path, message("capture.image_damaged", detail=str(exc)[:80])) from None
    except Image.DecompressionBombError:
        raise _bad(path, message("capture.image_too_large")) from None


def _pdf_pages(path: Path) -> list[Page]:
    import pikepdf
    from pikepdf import PdfImage

    try:
        with pikepdf.open(path) as pdf:
            out = []
            for number, page in enumerate(pdf.pages, 1):
                images = list(page.get_images().values()) if hasattr(page, "get_images") else list(page.images.values())
                if len(images) != 1:
                    raise _bad(path, message("capture.pdf_page_not_a_scan", number=number))
                image = PdfImage(images[0]).as_pil_image()
                width_in = float(page.mediabox[2] - page.mediabox[0]) / 72.0
                dpi = int(round(image.width / width_in)) if width_in > 0 else DEFAULT_DPI
                out.append(Page(_normalised(image), dpi if 72 <= dpi <= 1200 else DEFAULT_DPI, str(path)))
            return out
    except CaptureError:
        raise
    except Exception as exc:  # noqa: BLE001 - pikepdf and Pillow raise many kinds for damaged files
        raise _bad(path, message("capture.pdf_damaged", detail=str(exc)[:80])) from None


def _normalised(image):
    """Mode L (gray) or RGB; 1-bit, palette and 16-bit images are converted."""
    if image.mode in ("L", "RGB"):
        return image
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        return image.point(lambda v: v / 256).convert("L")
    return image.convert("RGB" if "A" in image.mode or image.mode in ("P", "CMYK", "YCbCr") else "L")


def is_blank(page: Page) -> bool:
    """True when the page has (almost) no ink: margins ignored, lone specks of dust not counted.

    Ink is a pixel darker than mid-gray; the page is cut in 4 × 4 blocks and a block counts as
    inked when at least 6 of its 16 pixels are ink (a stroke of pen or print, not one speck).
    A page with fewer inked blocks than :data:`BLANK_MAX_INK` of its area is blank: one short
    handwritten word is well above that, a sheet's empty back is below.
    """
    gray = page.image.convert("L") if page.image.mode != "L" else page.image
    w, h = gray.size
    inner = gray.crop((w // 20, h // 20, w - w // 20, h - h // 20))
    ink = inner.point([255 if v < INK_LEVEL else 0 for v in range(256)])
    blocks = ink.reduce(4) if min(ink.size) >= 16 else ink
    hist = blocks.histogram()
    total = sum(hist) or 1
    return sum(hist[INKED_BLOCK:]) / total < BLANK_MAX_INK


def drop_blank(pages: list[Page]) -> tuple[list[Page], int]:
    """The pages that are not blank, and how many were dropped."""
    kept = [p for p in pages if not is_blank(p)]
    return kept, len(pages) - len(kept)


def budget_for(page: Page) -> int:
    """The size budget of *page*: the A4 budget scaled by its pixel count."""
    w, h = page.image.size
    return max(20_000, int(A4_PAGE_BUDGET * (w * h) / A4_200DPI_PIXELS))


def ink_and_paper_levels(image) -> tuple[int, int]:
    """(black, white): the gray levels at or below which a pixel is ink and at or above which
    it is paper. Paper is the commonest light level less the spread of its grain (never above
    :data:`WHITE_FROM`, nor below 160 so light content on gray paper stays); ink likewise is
    the commonest dark level plus that spread (never above 64). Grain on the paper and inside
    the strokes is what makes a scan big; the levels between are kept as scanned."""
    gray = image if image.mode == "L" else image.convert("L")
    hist = gray.reduce(4).histogram() if min(gray.size) >= 16 else gray.histogram()
    paper = max(range(128, 256), key=lambda v: hist[v])
    ink = max(range(0, 128), key=lambda v: hist[v])
    white = max(160, min(WHITE_FROM, paper - PAPER_GRAIN))
    black = min(64, ink + PAPER_GRAIN) if hist[ink] else -1
    return black, white


@dataclass(frozen=True)
class EncodedPage:
    """A compressed page ready for the PDF: JPEG or JPEG 2000 bytes and the page's dpi."""

    data: bytes
    dpi: int

    @property
    def is_jpeg2000(self) -> bool:
        return self.data[:12] == b"\x00\x00\x00\x0cjP  \r\n\x87\n"


def encode_page(page: Page, mode: ColorMode = ColorMode.GRAY, *, budget: int | None = None) -> EncodedPage:
    """The page compressed, background whitened and grain in the strokes blackened, at the
    best quality within its budget: JPEG from quality 80 down to :data:`MIN_JPEG_QUALITY`;
    a page that does not fit even then (dense small print, a grainy scan) is coded as JPEG
    2000 at exactly the budget's rate (PDF/A-2 allows it; it degrades text far more gently
    than JPEG at the same size)."""
    image = page.image
    if mode is ColorMode.GRAY and image.mode != "L":
        image = image.convert("L")
    black, white = ink_and_paper_levels(image)
    lut = [255 if v >= white else 0 if v <= black else v for v in range(256)]
    image = image.point(lut * (3 if image.mode == "RGB" else 1))
    limit = budget if budget is not None else budget_for(page)
    for quality in QUALITIES:
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality, dpi=(page.dpi, page.dpi), optimize=True,
                   subsampling=2 if image.mode == "RGB" else 0)
        if out.tell() <= limit:
            return EncodedPage(out.getvalue(), page.dpi)
    raw = image.size[0] * image.size[1] * (3 if image.mode == "RGB" else 1)
    out = io.BytesIO()
    # a little under the budget: the rate is met on the codestream, the JP2 boxes come on top
    image.save(out, "JPEG2000", quality_mode="rates", quality_layers=[raw / (limit * 0.97)], irreversible=True)
    return EncodedPage(out.getvalue(), page.dpi)


def rotated(page: Page, degrees: int) -> Page:
    """The page turned clockwise by a multiple of 90 degrees."""
    from PIL import Image

    turns = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}
    step = degrees % 360
    return page if step == 0 else Page(page.image.transpose(turns[step]), page.dpi, page.origin)
