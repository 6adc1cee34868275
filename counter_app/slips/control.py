"""Mẫu 06/2025 on A4 portrait: the control sheet of one dossier (Phiếu kiểm soát quá trình
giải quyết hồ sơ), one pair of rows per hand-over read from its history, blank rows to go on by hand."""

from __future__ import annotations

import io
import unicodedata
from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.slips.data import ControlData
from counter_app.slips.fonts import REGULAR
from counter_app.slips.layout import Pen, markup_runs
from counter_app.slips.templates import FormTemplate, format_time, slip_context

MARGINS_MM = (20.0, 12.0, 12.0, 12.0)  # left, right, top, bottom (A4 administrative margins)


def control_context(data: ControlData, template: FormTemplate, reprinted_at: datetime | None) -> dict[str, str]:
    ctx = slip_context(data.slip, template.common, reprinted_at=reprinted_at)
    ctx.update(lead_unit=data.lead_unit, to_unit=data.lead_unit, cooperating_units=", ".join(data.cooperating_units))
    return {k: unicodedata.normalize("NFC", v) for k, v in ctx.items()}


def render_control(template: FormTemplate, data: ControlData, *, reprinted_at: datetime | None) -> bytes:
    """The PDF of the sheet; the table continues on further pages with its heading."""
    from counter_app.slips.render import _BLOCKS, _geometry  # the A5 forms' blocks, shared

    ctx = control_context(data, template, reprinted_at)
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, invariant=1, pageCompression=1, initialFontName=REGULAR)
    canvas.setTitle(f"{template.spec.get('title_meta', 'Phiếu kiểm soát')} {data.slip.code}")
    canvas.setAuthor(data.slip.agency.name)
    left, right, top, bottom = MARGINS_MM
    width = A4[0] - (left + right) * mm

    def new_pen() -> Pen:
        return Pen(canvas, left * mm, A4[1] - top * mm, width, bottom * mm, size=11)

    pen = new_pen()
    geo = _geometry(template, data.slip.code, width / mm)
    if reprinted_at is not None:
        pen.runs(markup_runs(template.common["reprint"], ctx), align="center")
    for block in template.blocks:
        if block["type"] == "control_table":
            pen = _table(canvas, pen, block, data, ctx, template, new_pen)
        else:
            _BLOCKS[block["type"]](pen, block, template, data.slip, ctx, geo)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _cell_lines(pen: Pen, text: str, values: dict[str, str], size: float, width: float, bold: bool = False):
    """A cell's wrapped lines (measured as they are drawn: all bold in the heading); a line
    break in the template starts a new paragraph."""
    lines = []
    for part in text.split("\n"):
        runs = [(t, b or bold) for t, b in markup_runs(part, values)]
        lines.extend(pen.wrap(runs, size, width) or [[("", False)]])
    return lines


def _table(canvas, pen: Pen, block, data: ControlData, ctx, template: FormTemplate, new_pen) -> Pen:
    cols = block["columns"]
    total = sum(float(c["width"]) for c in cols)
    widths = [float(c["width"]) / total * pen.width for c in cols]
    size = float(block.get("font_size", 9.5))
    pad = 1.2 * mm
    row_min = float(block.get("row_min_mm", 0)) * mm
    timing_words = block.get("timing", {})
    notes = block.get("notes", {})
    unit = ctx["unit_name"]

    def height(cells, minimum=0.0):
        return max(max(len(lines) for lines in cells) * size * 1.2 + 2 * pad, minimum)

    def draw_row(cells, heading=False, minimum=0.0):
        nonlocal pen
        h = height(cells, minimum)
        if pen.y - h < pen.bottom:
            canvas.showPage()
            pen = new_pen()
            draw_row(head, True)
        y_top = pen.y
        x = pen.x
        canvas.setLineWidth(0.5)
        for lines, w in zip(cells, widths):
            canvas.rect(x, y_top - h, w, h, stroke=1, fill=0)
            cell = Pen(canvas, x + pad, y_top - pad, w - 2 * pad, 0, size=size, leading=1.2)
            for line in lines:
                cell.runs([(t, b or heading) for t, b in line], align="center" if heading else "left")
            x += w
        pen.y = y_top - h

    head = [_cell_lines(pen, c["title"], ctx, size, w - 2 * pad, bold=True) for c, w in zip(cols, widths)]
    draw_row(head, True)
    n = 0
    for n, step in enumerate(data.steps, start=1):
        note = " – ".join(t for t in (notes.get(step.kind, ""), step.note) if t)
        values = {**ctx, "n": str(n), "from_unit": step.from_unit or unit, "to_unit": step.to_unit or unit,
                  "step_at": format_time(step.at, template.common), "giver": step.giver, "receiver": step.receiver,
                  "timing": timing_words.get(step.timing or "", ""), "text": note}
        draw_row([_cell_lines(pen, c.get("value", ""), values, size, w - 2 * pad) for c, w in zip(cols, widths)],
                 minimum=row_min)
    blank_time = block.get("blank_time", "")
    for i in range(int(block.get("blank_steps", 0))):
        values = {**ctx, "n": str(n + i + 1)}
        cells = [_cell_lines(pen, block.get("blank", "{n}."), values, size, widths[0] - 2 * pad),
                 _cell_lines(pen, blank_time, values, size, widths[1] - 2 * pad)]
        cells += [[[("", False)]] for _ in widths[2:]]
        draw_row(cells, minimum=row_min)
    if pen.y - 3 * mm > pen.bottom:
        pen.take(3 * mm)
    return pen
