"""Draw the application icon with QPainter: `python packaging/make_icon.py`.

Writes resources/icons/counter-app.png (256 px), counter-app.ico (16–256 px, for the Windows
executable and installer) and counter-app-<size>.png for the window icon.
A counter slip with a barcode on a red-and-gold rounded square.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
# Code 128-like bar widths (in units) for the slip's barcode: drawn, not decoded.
BARS = [2, 1, 1, 2, 3, 1, 1, 1, 2, 2, 1, 3, 1, 1, 2, 1, 3, 2, 1, 1, 2, 2]


def draw(size: int) -> QImage:
    """The icon at *size* × *size* pixels."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256.0
    p.scale(s, s)

    # Background: a rounded square in Vietnamese red with a gold rim.
    frame = QPainterPath()
    frame.addRoundedRect(QRectF(8, 8, 240, 240), 44, 44)
    p.fillPath(frame, QColor("#c8102e"))
    p.setPen(QPen(QColor("#ffcd00"), 10))
    p.drawPath(frame)

    # The slip: a white sheet, slightly tilted, with text lines and a barcode.
    p.save()
    p.translate(128, 132)
    p.rotate(-6)
    sheet = QRectF(-70, -88, 140, 176)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(0, 0, 0, 60))
    p.drawRoundedRect(sheet.translated(6, 6), 10, 10)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(sheet, 10, 10)
    p.setBrush(QColor("#c8102e"))
    p.drawRect(QRectF(-50, -70, 100, 12))          # the slip's title
    p.setBrush(QColor("#6b6b6b"))
    for i, width in enumerate((100, 84, 92, 64)):  # text lines
        p.drawRect(QRectF(-50, -46 + i * 16, width, 6))
    x = -50.0
    unit = 100.0 / sum(BARS)
    p.setBrush(QColor("#111111"))
    for i, bar in enumerate(BARS):
        if i % 2 == 0:
            p.drawRect(QRectF(x, 26, bar * unit, 44))
        x += bar * unit
    p.restore()
    p.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts, painter
    ICONS.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        draw(size).save(str(ICONS / f"counter-app-{size}.png"))
    draw(256).save(str(ICONS / "counter-app.png"))
    # Qt's ico writer stores one image; build a multi-size .ico by hand (PNG-compressed entries).
    _write_ico(ICONS / "counter-app.ico", [ICONS / f"counter-app-{n}.png" for n in (16, 32, 48, 256)])
    return 0


def _write_ico(path: Path, pngs: list[Path]) -> None:
    """An .ico holding each PNG as one entry (Windows Vista+ reads PNG entries)."""
    import struct

    blobs = [png.read_bytes() for png in pngs]
    header = struct.pack("<HHH", 0, 1, len(blobs))
    offset = 6 + 16 * len(blobs)
    entries, data = b"", b""
    for png, blob in zip(pngs, blobs):
        size = int(png.stem.rsplit("-", 1)[1])
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset + len(data))
        data += blob
    path.write_bytes(header + entries + data)


if __name__ == "__main__":
    raise SystemExit(main())
