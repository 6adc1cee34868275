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
from counter_app.slips.layout import Pen, Table, markup_runs
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
    canvas.setTitle(f"{template.spec.get('title_meta', template.kind)} {data.slip.code}")
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


def _table(canvas, pen: Pen, block, data: ControlData, ctx, template: FormTemplate, new_pen) -> Pen:
    cols = block["columns"]
    table = Table(canvas, pen, block, new_pen)
    row_min = float(block.get("row_min_mm", 0)) * mm
    timing_words = block.get("timing", {})
    notes = block.get("notes", {})
    unit = ctx["unit_name"]
    table.head([c["title"] for c in cols], ctx)
    n = 0
    for n, step in enumerate(data.steps, start=1):
        note = " – ".join(t for t in (notes.get(step.kind, ""), step.note) if t)
        values = {**ctx, "n": str(n), "from_unit": step.from_unit or unit, "to_unit": step.to_unit or unit,
                  "step_at": format_time(step.at, template.common), "giver": step.giver, "receiver": step.receiver,
                  "timing": timing_words.get(step.timing or "", ""), "text": note}
        table.row([table.cell(c.get("value", ""), values, i) for i, c in enumerate(cols)], minimum=row_min)
    blank_time = block.get("blank_time", "")
    for i in range(int(block.get("blank_steps", 0))):
        values = {**ctx, "n": str(n + i + 1)}
        cells = [table.cell(block.get("blank", "{n}."), values, 0), table.cell(blank_time, values, 1)]
        cells += [[[("", False)]] for _ in table.widths[2:]]
        table.row(cells, minimum=row_min)
    pen = table.pen
    if pen.y - 3 * mm > pen.bottom:
        pen.take(3 * mm)
    return pen
