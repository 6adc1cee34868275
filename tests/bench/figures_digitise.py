"""Digitising: bytes per A4 grayscale page at 200 dpi in the stored PDF/A-2b (budget 150 KB),
beside the same pages saved as plain JPEG (quality 85, no background clean-up), and the time to
make a document from a scanner's pages.

The pages are what a counter scans: a typed form (dense Vietnamese text, 11 pt), a sparse
printed letter, and a page with a photo (SANE test device's colour pattern in gray, as an ID
card copy), each on slightly gray paper with scanner grain (random ±12 levels). The grain is
synthetic; real scanners' noise differs, which is why the encoder picks its JPEG quality to
fit the budget page by page rather than trusting one setting.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from datetime import datetime
from pathlib import Path

from tests.bench.harness import Figure, Target, not_measured

SIZE = "bytes per A4 gray page at 200 dpi (PDF/A-2b, largest page)"
MAKE = "making a 10-page PDF/A document from scanned pages"
BUDGET_KB = 150.0
LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc",
    "TỜ KHAI ĐĂNG KÝ KHAI SINH",
    "Kính gửi: Ủy ban nhân dân phường Hải Châu, thành phố Đà Nẵng",
    "Họ, chữ đệm, tên người yêu cầu: Nguyễn Thị Mai Anh   Ngày, tháng, năm sinh: 15/08/1992",
    "Nơi cư trú: Số 1 Trần Phú, phường Hải Châu, Đà Nẵng   Số định danh cá nhân: 001092012345",
    "Quan hệ với người được khai sinh: mẹ. Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:",
]


def _paper(img, seed: int):
    from PIL import Image

    rnd = random.Random(seed)
    grain = Image.frombytes("L", img.size, rnd.randbytes(img.size[0] * img.size[1]))
    tinted = img.point(lambda v: min(v, 238))  # paper a little gray
    return Image.blend(tinted, grain, 24 / 255)  # ±12 levels of grain


def sample_pages(scan_dir: Path | None = None):
    """Three A4 gray pages at 200 dpi: dense form, sparse letter, page with a photo."""
    from tests.core.pages import text_page

    dense = text_page([LINES[i % len(LINES)] + f" ({i})" for i in range(60)], dpi=200)
    sparse = text_page(LINES[:4] + ["", "Xin trân trọng cảm ơn."], dpi=200)
    photo = text_page(LINES, dpi=200)
    if scan_dir is not None:
        from PIL import Image

        tif = next(iter(sorted(scan_dir.glob("*.tif"))), None)
        if tif is not None:
            with Image.open(tif) as pattern:
                photo.paste(pattern.convert("L").resize((700, 900)), (160, 900))
    return [_paper(p, i) for i, p in enumerate((dense, sparse, photo))]


def _sane_pattern(tmp: Path) -> Path | None:
    if shutil.which("scanimage") is None:
        return None
    conf = tmp / "sane.d"
    conf.mkdir()
    (conf / "dll.conf").write_text("test\n")
    out = tmp / "pattern"
    out.mkdir()
    subprocess.run(["scanimage", "-d", "test:0", "--mode", "Gray", "--resolution", "200", "--test-picture",
                    "Color pattern", "--format=tiff", f"--batch={out / 'p%d.tif'}", "--batch-count=1"],
                   env=dict(os.environ, SANE_CONFIG_DIR=str(conf)), capture_output=True, check=False, timeout=120)
    return out


def ink_kept(pdf: bytes) -> float:
    """Share of the clean dense form's ink pixels that are still dark in the stored page,
    rendered at 200 dpi (1.0: every stroke where it was)."""
    from PIL import ImageChops, ImageStat

    from tests.core.pages import text_page
    from tests.pdfcheck import rasterise

    clean = text_page([LINES[i % len(LINES)] + f" ({i})" for i in range(60)], dpi=200)
    shown = rasterise(pdf, 0, dpi=200).convert("L").resize(clean.size)
    ink = clean.point(lambda v: 255 if v < 100 else 0)
    dark = shown.point(lambda v: 255 if v < 160 else 0)
    return ImageStat.Stat(ImageChops.multiply(ink, dark)).sum[0] / ImageStat.Stat(ink).sum[0]


def run(cfg) -> list[Figure]:
    try:
        from counter_app.capture.pages import Page, encode_page
        from counter_app.capture.pdfa import build_pdfa
    except ImportError as exc:
        return [not_measured(SIZE, "KB", Target(max_value=BUDGET_KB), f"digitising is not installed ({exc})")]
    with tempfile.TemporaryDirectory() as tmp:
        pages = sample_pages(_sane_pattern(Path(tmp)))
    sizes, plain, made = [], [], []
    for img in pages:
        one = build_pdfa([encode_page(Page(img, 200))], title="bench", created=datetime(2026, 3, 10, 9, 0))
        sizes.append(len(one) / 1000)
        made.append(one)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=85, dpi=(200, 200))
        plain.append(len(buf.getvalue()) / 1000)
    size = Figure(SIZE, "KB", Target(max_value=BUDGET_KB), value=max(sizes), baseline=max(plain),
                  baseline_name="plain JPEG q85", runs=len(pages),
                  extra={"dense_form_kb": sizes[0], "sparse_letter_kb": sizes[1], "with_photo_kb": sizes[2],
                         "dense_form_ink_kept": ink_kept(made[0])})
    ten = [Page(pages[i % len(pages)], 200) for i in range(10)]
    samples = []
    for _ in range(max(1, min(cfg.slow_runs, 5))):
        t0 = time.perf_counter()
        build_pdfa([encode_page(p) for p in ten], title="bench", created=datetime(2026, 3, 10, 9, 0))
        samples.append(time.perf_counter() - t0)
    make = Figure(MAKE, "s", Target(), value=statistics.median(samples), runs=len(samples),
                  extra={"per_page_ms": statistics.median(samples) * 100})
    return [size, make]
