"""Test pages that look like paper: text drawn with the bundled font on an A4 sheet at a dpi."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw, ImageFont

from counter_app.domain.paths import resource_path

A4_MM = (210, 297)


def text_page(lines: list[str], *, dpi: int = 200, noise: int = 0, seed: int = 1) -> Image.Image:
    """An A4 gray page with *lines* of 12 pt text (and scanner grain of ±*noise* levels)."""
    w, h = (round(mm / 25.4 * dpi) for mm in A4_MM)
    img = Image.new("L", (w, h), 250)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(resource_path("fonts", "Tinos-Regular.ttf")), size=round(12 / 72 * dpi))
    y = round(dpi * 0.8)
    for line in lines:
        draw.text((round(dpi * 0.8), y), line, fill=20, font=font)
        y += round(dpi * 0.25)
    if noise:
        rnd = random.Random(seed)
        grain = Image.frombytes("L", (w, h), rnd.randbytes(w * h))
        img = Image.blend(img, grain, noise / 255)
    return img


def save(img: Image.Image, path, fmt: str, dpi: int = 200):
    img.save(path, fmt, dpi=(dpi, dpi))
    return path
