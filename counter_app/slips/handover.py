"""Mẫu 05 on A4 portrait: the control sheet of a stack of dossiers handed to a department."""

from __future__ import annotations

import io
import unicodedata
from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.slips.data import HandoverData
from counter_app.slips.fonts import REGULAR
from counter_app.slips.layout import Overflow, Pen, Table, markup_runs, placeholders_empty
from counter_app.slips.templates import FormTemplate, TemplateError, format_date, format_short, format_time

MARGINS_MM = (20.0, 12.0, 12.0, 12.0)  # left, right, top, bottom (A4 administrative margins)


def handover_context(data: HandoverData, template: FormTemplate, reprinted_at: datetime | None) -> dict[str, str]:
    common = template.common
    agency = data.agency
    ctx = {
        "agency_name": agency.name, "agency_name_upper": agency.name.upper(),
        "parent_name": agency.parent_name or "", "parent_name_upper": (agency.parent_name or "").upper(),
        "unit_name": agency.unit_name or common.get("header", {}).get("unit", ""),
        "place_name": agency.place_name, "officer_name": data.officer_name,
        "number": data.number or "", "issued_date": format_date(data.created_at, common),
        "received_at": format_time(data.created_at, common),
        "to_unit": data.to_unit, "cooperating_units": ", ".join(data.cooperating_units),
        "count_entries": str(len(data.entries)), "reprinted_at": format_time(reprinted_at, common),
    }
    ctx["unit_name_upper"] = ctx["unit_name"].upper()
    return {k: unicodedata.normalize("NFC", v) for k, v in ctx.items()}


def render_handover(template: FormTemplate, data: HandoverData, *, reprinted_at: datetime | None) -> bytes:
    """The PDF of the control sheet; the table continues on further pages with its heading."""
    from counter_app.slips.render import _header  # the common header, shared with Mẫu 01–04

    ctx = handover_context(data, template, reprinted_at)
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, invariant=1, pageCompression=1,
                    initialFontName=REGULAR)
    canvas.setTitle(template.spec.get("document_title", template.kind).format_map(ctx))
    left, right, top, bottom = MARGINS_MM
    width = A4[0] - (left + right) * mm

    def new_pen() -> Pen:
        return Pen(canvas, left * mm, A4[1] - top * mm, width, bottom * mm, size=11)

    pen = new_pen()
    if reprinted_at is not None:
        pen.runs(markup_runs(template.common["reprint"], ctx), align="center")
    table_block = None
    for block in template.blocks:
        kind = block["type"]
        if kind == "header":
            _header(pen, block, template, None, ctx, None)
        elif kind == "title":
            for line in block["lines"]:
                pen.runs([(line.format_map(ctx), True)], size=13, align="center")
            pen.take(2 * mm)
        elif kind in ("line", "paragraph"):
            if not (block.get("optional") and placeholders_empty(block["text"], ctx)):
                pen.runs(markup_runs(block["text"], ctx))
        elif kind == "space":
            pen.take(float(block.get("mm", 2)) * mm)
        elif kind == "handover_table":
            table_block = block
            pen = _table(canvas, pen, block, data, ctx, template, new_pen)
        elif kind == "signatures":
            pen = _signatures(canvas, pen, block, ctx, new_pen)
    if table_block is None:
        raise TemplateError("forms.block_missing", path=f"{template.version}/{template.kind}.json", block="handover_table")
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _table(canvas, pen: Pen, block, data: HandoverData, ctx, template, new_pen) -> Pen:
    cols = block["columns"]
    table = Table(canvas, pen, block, new_pen)
    table.head([c["title"] for c in cols], {})
    for n, entry in enumerate(data.entries, start=1):
        values = {**ctx, "n": str(n), "code": entry.code, "applicant": entry.applicant_name,
                  "procedure": entry.procedure_name, "received_short": format_short(entry.received_at),
                  "due_short": format_short(entry.due_at), "sets": str(entry.sets), "text": entry.note}
        table.row([table.cell(c.get("value", ""), values, i) for i, c in enumerate(cols)])
    table.pen.take(3 * mm)
    return table.pen


def _signatures(canvas, pen: Pen, block, ctx, new_pen) -> Pen:
    cols = block["columns"]
    needed = 40 * mm
    if pen.y - needed < pen.bottom:
        canvas.showPage()
        pen = new_pen()
    width = pen.width / len(cols)
    top, lowest = pen.y, pen.y
    for i, col in enumerate(cols):
        sub = Pen(canvas, pen.x + i * width, top, width, pen.bottom, size=pen.size)
        try:
            if col.get("date"):
                sub.runs(markup_runs(col["date"], ctx), italic=True, align="center")
            sub.text(col["title"].format_map(ctx), bold=True, align="center")
            if col.get("note"):
                sub.text(col["note"], italic=True, align="center", size=pen.size * 0.9)
            sub.take(float(block.get("sign_space_mm", 18)) * mm)
            name = col.get("name", "").format_map(ctx)
            if name:
                sub.text(name, bold=True, align="center")
        except Overflow:
            pass
        lowest = min(lowest, sub.y)
    pen.y = lowest
    return pen
