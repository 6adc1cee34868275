"""One PDF/A-2b per document: the pages' JPEGs put in a PDF unchanged (img2pdf), then the
archive's requirements added with pikepdf: XMP metadata naming PDF/A-2B, the same title and
dates in the document info, an sRGB output intent (for the DeviceGray/DeviceRGB images), and
a file identifier. The XMP packet is written here, from a fixed template with the values
escaped, not through pikepdf's metadata editor: that one needs lxml (about 10 MB of the
bundle) for a packet that never varies but in its title and dates. Where ``ocrmypdf`` and Tesseract's Vietnamese data are installed,
:func:`add_text_layer` adds the searchable text layer the 2025 guidance asks for; without them
the file is image-only PDF/A-2b (still valid; the text layer is optional here).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from counter_app.capture.pages import EncodedPage

PRODUCER = "counter-app"
SRGB_NAME = "sRGB IEC61966-2.1"


def _srgb_icc() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def build_pdfa(pages: Sequence[EncodedPage], *, title: str, created: datetime) -> bytes:
    """A PDF/A-2b file of *pages* (each page sized by its own dpi), the images not re-encoded."""
    import img2pdf
    import pikepdf

    if not pages:
        raise ValueError("a document needs at least one page")
    with pikepdf.new() as pdf:
        for page in pages:
            one = img2pdf.convert([page.data], layout_fun=img2pdf.get_fixed_dpi_layout_fun((page.dpi, page.dpi)),
                                  nodate=True)
            with pikepdf.open(io.BytesIO(one)) as single:
                pdf.pages.extend(single.pages)
        pdf.docinfo["/Title"] = title
        icc = pdf.make_stream(_srgb_icc())
        icc.N = 3
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
            OutputConditionIdentifier=SRGB_NAME, Info=SRGB_NAME, RegistryName="http://www.color.org",
            DestOutputProfile=icc,
        )
        pdf.Root.OutputIntents = pikepdf.Array([intent])
        # the document info says what the XMP says (PDF/A: the two must agree)
        from pikepdf.models.metadata import encode_pdf_date  # pikepdf's own form; it loads no lxml

        when, title = encode_pdf_date(created), title.translate(_NOT_XML)
        for key, value in (("/Title", title), ("/Creator", PRODUCER), ("/Producer", PRODUCER),
                           ("/CreationDate", when), ("/ModDate", when)):
            pdf.docinfo[key] = value
        metadata = pdf.make_stream(xmp_packet(title, created))
        metadata.Type, metadata.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
        pdf.Root.Metadata = metadata  # qpdf writes metadata streams unfiltered, as PDF/A wants
        out = io.BytesIO()
        pdf.save(out, fix_metadata_version=False, deterministic_id=True)  # True would read the XMP through lxml
    return out.getvalue()


#: Characters XML 1.0 does not allow (a title is ours, but a document's name is typed by a person).
_NOT_XML = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])


def xmp_packet(title: str, created: datetime) -> bytes:
    """The XMP metadata of a PDF/A-2b document: its identification, title, tool and dates."""
    text, when = escape(title.translate(_NOT_XML)), created.isoformat()
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreatorTool>{PRODUCER}</xmp:CreatorTool>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def ocr_available() -> bool:
    """True when ``ocrmypdf`` and Tesseract with Vietnamese ("vie") are installed."""
    if shutil.which("ocrmypdf") is None or shutil.which("tesseract") is None:
        return False
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, encoding="utf-8", timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "vie" in langs.stdout.split()


def add_text_layer(pdf_bytes: bytes, *, timeout_s: float = 300) -> bytes:
    """*pdf_bytes* with an OCR text layer (PDF/A-2b kept), or unchanged when OCR is not
    installed or fails: a missing text layer never stops a scan being kept."""
    if not ocr_available():
        return pdf_bytes
    with tempfile.TemporaryDirectory(prefix="counter-ocr-") as tmp:
        src, dst = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        src.write_bytes(pdf_bytes)
        try:
            done = subprocess.run(["ocrmypdf", "-l", "vie", "--output-type", "pdfa-2", "--optimize", "0",
                                   "--quiet", str(src), str(dst)], capture_output=True, timeout=timeout_s, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return pdf_bytes
        return dst.read_bytes() if done.returncode == 0 and dst.exists() else pdf_bytes


def pdf_page_images(pdf_bytes: bytes) -> list[EncodedPage]:
    """The compressed image of each page of a PDF this module made, with its dpi (for adding
    pages without compressing the old ones again)."""
    import pikepdf

    out = []
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            (image,) = (page.get_images() if hasattr(page, "get_images") else page.images).values()
            if image.Filter not in (pikepdf.Name.DCTDecode, pikepdf.Name.JPXDecode):
                raise ValueError("not a page made by counter_app.capture.pdfa")
            width_in = float(page.mediabox[2] - page.mediabox[0]) / 72.0
            out.append(EncodedPage(image.read_raw_bytes(), int(round(int(image.Width) / width_in))))
    return out
