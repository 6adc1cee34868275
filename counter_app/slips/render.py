"""Render a slip to PDF bytes with reportlab (no Qt): Mẫu 01–04 on A5, Mẫu 05 on A4, the label."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.domain.clock import now_vn
from counter_app.slips.data import ControlData, HandoverData, Paper, SlipData, SlipKind
from counter_app.slips.fonts import REGULAR, register_fonts
from counter_app.slips.handover import render_handover
from counter_app.slips.layout import (
    Code128Geometry,
    Overflow,
    Pen,
    code128_geometry,
    draw_code128,
    draw_qr,
    markup_runs,
    placeholders_empty,
    qr_cell_pt,
    qr_matrix,
    snap_down,
)
from counter_app.slips.templates import FormTemplate, TemplateError, load_template, qr_text, slip_context, version_for

A5_MARGINS_MM = (12.0, 10.0, 8.0, 8.0)  # left, right, top, bottom
MIN_SCALE = 0.62


def render(kind: SlipKind | str, data: SlipData | HandoverData | ControlData, *, paper: Paper | str = Paper.A4_TWO_A5,
           reprint: bool = False, forms_version: str | None = None, reprinted_at: datetime | None = None) -> bytes:
    """The PDF of slip *kind* for *data*.

    ``forms_version`` None: the set in force on the dossier's day of receipt (the hand-over
    list: on its own day), see :func:`counter_app.slips.templates.version_for`.

    ``paper`` lays A5 forms out two per A4 landscape sheet or one per A5 page; the label and
    the hand-over sheet have their own page size (from the template). With ``reprint`` each
    copy says "BẢN IN LẠI" with *reprinted_at* (default: now).
    """
    kind = SlipKind(kind)
    paper = Paper(paper)
    register_fonts()
    if forms_version is None:
        day = data.created_at if isinstance(data, HandoverData) else \
            data.slip.received_at if isinstance(data, ControlData) else data.received_at
        forms_version = version_for(day, kind)
    template = load_template(kind, forms_version)
    when = (reprinted_at or now_vn()).replace(microsecond=0) if reprint else None
    if kind is SlipKind.HANDOVER:
        if not isinstance(data, HandoverData):
            raise TypeError("the hand-over list (form 05) is drawn from HandoverData")
        return render_handover(template, data, reprinted_at=when)
    if kind is SlipKind.CONTROL:
        if not isinstance(data, ControlData):
            raise TypeError("the control sheet is drawn from ControlData")
        from counter_app.slips.control import render_control

        return render_control(template, data, reprinted_at=when)
    if not isinstance(data, SlipData):
        raise TypeError(f"the {kind} form is drawn from SlipData")
    ctx = slip_context(data, template.common, reprinted_at=when)
    if kind is SlipKind.LABEL:
        return _render_label(template, data, ctx)
    return _render_a5_form(template, data, ctx, paper, reprint=when is not None)


def barcode_geometry(kind: SlipKind | str, code: str, *, forms_version: str = "2025") -> Code128Geometry:
    """The Code 128 geometry :func:`render` uses for *code* on *kind* (for checks and previews)."""
    template = load_template(SlipKind(kind), forms_version)
    return _geometry(template, code, _content_width_mm(template))


def _content_width_mm(template: FormTemplate) -> float:
    if template.kind == SlipKind.LABEL:
        w, _ = template.spec["page_mm"]
        return w - 2 * float(template.spec.get("margin_mm", 5))
    left, right, _, _ = A5_MARGINS_MM
    return A5[0] / mm - left - right


def _geometry(template: FormTemplate, code: str, max_width_mm: float) -> Code128Geometry:
    bc = template.barcode()
    return code128_geometry(code, module_mm=float(bc.get("module_mm", 0.33)),
                            quiet_modules=int(bc.get("quiet_modules", 10)),
                            height_mm=float(bc.get("height_mm", 10)),
                            max_width_mm=max_width_mm if bc.get("shrink_to_fit") else None,
                            grid_dpi=float(bc["grid_dpi"]) if bc.get("grid_dpi") else None)


# -- A5 forms (Mẫu 01–04) ------------------------------------------------------------------

def _render_a5_form(template: FormTemplate, data: SlipData, ctx: dict[str, str], paper: Paper,
                    *, reprint: bool) -> bytes:
    buf = io.BytesIO()
    page = landscape(A4) if paper is Paper.A4_TWO_A5 else A5
    canvas = Canvas(buf, pagesize=page, invariant=1, pageCompression=1,
                    initialFontName=REGULAR)
    canvas.setTitle(f"{template.spec.get('title_meta', template.kind)} {data.code}")
    canvas.setAuthor(data.agency.name)
    copies = template.copies
    geo = _geometry(template, data.code, _content_width_mm(template))
    scale = _fit_scale(template, data, ctx, geo, reprint)
    per_page = 2 if paper is Paper.A4_TWO_A5 else 1
    # The body is the same on every copy: draw it once as a form XObject and place it per copy.
    canvas.beginForm("slip_body", 0, 0, A5[0], A5[1])
    _draw_copy(canvas, template, data, ctx, geo, "x", 0.0, scale, reprint, part="body")
    canvas.endForm()
    for i, label in enumerate(copies):
        slot = i % per_page
        if i and slot == 0:
            canvas.showPage()
        canvas.saveState()
        canvas.translate(slot * A5[0], 0)
        canvas.doForm("slip_body")
        canvas.restoreState()
        _draw_copy(canvas, template, data, ctx, geo, label, slot * A5[0], scale, reprint, part="label")
        if per_page == 2 and slot == 0:
            _cut_line(canvas)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _cut_line(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setDash(3, 3)
    canvas.setLineWidth(0.4)
    canvas.setStrokeGray(0.5)
    canvas.line(A5[0], 6 * mm, A5[0], A5[1] - 6 * mm)
    canvas.restoreState()


def _box(canvas, x0: float, scale: float) -> Pen:
    left, right, top, bottom = A5_MARGINS_MM
    return Pen(canvas, x0 + left * mm, A5[1] - top * mm, A5[0] - (left + right) * mm, bottom * mm,
               size=10.5 * scale)


def _fit_scale(template, data, ctx, geo, reprint: bool) -> float:
    scale = 1.0
    while True:
        try:
            _draw_copy(None, template, data, ctx, geo, template.copies[0], 0.0, scale, reprint)
            return scale
        except Overflow:
            if scale <= MIN_SCALE:
                return scale  # drawn anyway; the bottom lines may be cut
            scale = max(MIN_SCALE, scale * 0.93)


def _draw_copy(canvas, template: FormTemplate, data: SlipData, ctx: dict[str, str],
               geo: Code128Geometry, copy_label: str, x0: float, scale: float, reprint: bool,
               part: str = "all") -> None:
    """Draw one copy; *part* "body" leaves out the copy label (its line is kept), "label" draws only it."""
    pen = _box(canvas, x0, scale)
    common = template.common
    try:
        if reprint:
            pen.canvas = canvas if part != "label" else None
            pen.runs(markup_runs(common["reprint"], ctx), size=pen.size * 0.95, align="center")
        if copy_label:
            pen.canvas = canvas if part != "body" else None
            pen.text(copy_label, italic=True, align="right", size=pen.size * 0.9)
        if part == "label":
            return
        pen.canvas = canvas
        for block in template.blocks:
            if block["type"] not in _FLOWING:
                pen.clear_float()
            _BLOCKS[block["type"]](pen, block, template, data, ctx, geo)
        pen.clear_float()
    except Overflow:
        if canvas is None:
            raise


def _header(pen: Pen, block, template, data, ctx, geo) -> None:
    h = template.common["header"]
    size = pen.size * 0.92
    top = pen.y
    lw = pen.width * 0.44
    rw = pen.width - lw
    left = Pen(pen.canvas, pen.x, top, lw, pen.bottom, size=size)
    lines = block.get("lines") or h.get("lines")
    if lines:  # the set (or this form) says which lines name the issuing unit
        heads = [(str(line["text"]).format_map(ctx), bool(line.get("bold"))) for line in lines]
    else:  # the 2018 set: parent, agency, then the fixed unit
        heads = [(ctx["parent_name_upper"], False), (ctx["agency_name_upper"], True), (h["unit"], True)]
    for text, bold in heads:
        if text:  # shrunk to one line when that keeps it legible, else wrapped
            fitted = left.fit_size(text, size, lw, bold)
            left.text(text, bold=bold, align="center", size=fitted if fitted >= size * 0.8 else size * 0.85)
    left.rule(lw * 0.35, x_center=pen.x + lw / 2)
    number = markup_runs(h["number"], {**ctx, "number": ctx["number"] or "……"})
    left.runs(number, align="center", size=size)
    right = Pen(pen.canvas, pen.x + lw, top, rw, pen.bottom, size=size)
    for key in ("nation", "motto"):
        right.text(h[key], bold=True, align="center", size=right.fit_size(h[key], size, rw, True))
    right.rule(rw * 0.55, x_center=pen.x + lw + rw / 2)
    right.runs(markup_runs(h["place_date"], ctx), italic=True, align="center", size=size)
    pen.y = min(left.y, right.y)
    pen.take(2 * mm)


def _title(pen: Pen, block, template, data, ctx, geo) -> None:
    pen.take(float(block.get("space_before_mm", 1)) * mm)
    for line in block["lines"]:
        pen.runs([(line.format_map(ctx), True)], size=pen.size * float(block.get("scale", 1.2)), align="center")
    pen.take(float(block.get("space_after_mm", 1.5)) * mm)


def _codes(pen: Pen, block, template, data, ctx, geo) -> None:
    qr_mm = float(block.get("qr_mm", 20))
    url = qr_text(data)
    # on a printer grid the QR's modules are whole dots: its side may be a little under qr_mm
    qr_side = qr_cell_pt(url, qr_mm, grid_dpi=geo.grid_dpi) * (len(qr_matrix(url)) + 8)
    gap = 2 * mm
    side_by_side = geo.width_mm * mm + gap + qr_side <= pen.width
    top = pen.y
    bar_h = geo.height_mm * mm
    pen.take(bar_h)
    if pen.canvas is not None:
        draw_code128(pen.canvas, geo, pen.x, pen.y)
    caption = block.get("caption", "**{code}**")  # the forms name the code in their own words
    pen.runs(markup_runs(caption, ctx), x=pen.x, width=geo.width_mm * mm, align="center")
    if block.get("qr", True):
        if side_by_side:
            qr_y = top - qr_side
            pen.y = min(pen.y, qr_y)
            if pen.y < pen.bottom:
                raise Overflow()
        else:  # below the barcode at the right; the next lines flow beside it
            qr_y = pen.y - qr_side
            if qr_y < pen.bottom:
                raise Overflow()
            pen.float_right(qr_side + gap, qr_y)
        if pen.canvas is not None:
            draw_qr(pen.canvas, url, snap_down(pen.x + pen.width - qr_side, geo.grid_dpi), qr_y, qr_mm,
                    grid_dpi=geo.grid_dpi)
    pen.take(1.5 * mm)


def _line(pen: Pen, block, template, data, ctx, geo) -> None:
    text = block["text"]
    if block.get("optional") and placeholders_empty(text, ctx):
        return
    pen.runs(markup_runs(text, ctx), indent=float(block.get("indent_mm", 0)) * mm,
             align=block.get("align", "left"), italic=bool(block.get("italic")))


def _numbered(pen: Pen, block, entries: list[dict[str, str]], ctx) -> None:
    if block.get("heading"):
        pen.runs(markup_runs(block["heading"], ctx))
    if not entries and block.get("empty"):
        pen.runs(markup_runs(block["empty"], ctx), indent=4 * mm, x=pen.x + 4 * mm, width=pen.width - 4 * mm)
    for values in entries:
        pen.runs(markup_runs(values.get("item", block["item"]), {**ctx, **values}), x=pen.x + 4 * mm,
                 width=pen.width - 4 * mm, indent=0)


def _documents(pen: Pen, block, template, data, ctx, geo) -> None:
    forms = template.common.get("forms", {})
    by_form = block.get("item_by_form", {})  # e.g. data: "(khai thác dữ liệu)", no count
    digitised = block.get("digitised", "")  # e.g. "; đã số hóa", after a document whose scan is kept
    entries = [{"n": str(i), "name": d.name, "form": forms.get(d.form, d.form), "count": str(d.count),
                "digitised": digitised if d.scanned_pages else "",
                "item": by_form.get(d.form, block["item"])} for i, d in enumerate(data.documents, start=1)]
    _numbered(pen, block, entries, ctx)


def _items(pen: Pen, block, template, data, ctx, geo) -> None:
    source: Any = getattr(data, block.get("source", "missing_items"))
    entries = [{"n": str(i), "text": t} for i, t in enumerate(source, start=1)]
    _numbered(pen, block, entries, ctx)


def _signatures(pen: Pen, block, template, data, ctx, geo) -> None:
    pen.take(float(block.get("space_before_mm", 2)) * mm)
    cols = block["columns"]
    width = pen.width / len(cols)
    top = pen.y
    lowest = top
    for i, col in enumerate(cols):
        sub = Pen(pen.canvas, pen.x + i * width, top, width, pen.bottom, size=pen.size)
        if col.get("date"):
            sub.runs(markup_runs(col["date"], ctx), italic=True, align="center", size=pen.size * 0.92)
        sub.text(col["title"].format_map(ctx) or col.get("fallback", ""), bold=True, align="center")
        if col.get("note"):
            sub.text(col["note"], italic=True, align="center", size=pen.size * 0.9)
        sub.take(float(block.get("sign_space_mm", 14)) * mm * max(pen.size / 10.5, 0.7))
        name = col.get("name", "").format_map(ctx)
        if name:
            sub.text(name, bold=True, align="center")
        lowest = min(lowest, sub.y)
    pen.y = lowest
    if pen.y < pen.bottom - 0.5:
        raise Overflow()


def _space(pen: Pen, block, template, data, ctx, geo) -> None:
    pen.take(float(block.get("mm", 2)) * mm * max(pen.size / 10.5, 0.6))


#: Blocks whose lines flow beside a floated QR code (the others start below it).
_FLOWING = frozenset({"line", "paragraph", "documents", "items", "space"})

_BLOCKS = {
    "header": _header, "title": _title, "codes": _codes, "line": _line, "paragraph": _line,
    "documents": _documents, "items": _items, "signatures": _signatures, "space": _space,
}


# -- the folder label -----------------------------------------------------------------------

def _render_label(template: FormTemplate, data: SlipData, ctx: dict[str, str]) -> bytes:
    """The folder label: the Code 128 across the top on the label printer's dot grid (whole
    dots per module), the code in words, the QR code lower left, the dossier beside it."""
    w_mm, h_mm = template.spec["page_mm"]
    margin = float(template.spec.get("margin_mm", 5)) * mm
    width = w_mm * mm - 2 * margin
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(w_mm * mm, h_mm * mm), invariant=1, pageCompression=1,
                    initialFontName=REGULAR)
    canvas.setTitle(f"{data.code}")
    geo = _geometry(template, data.code, _content_width_mm(template))
    if geo.width_mm * mm > width + 0.01:
        raise TemplateError("slips.label_too_narrow", code=data.code, width=f"{geo.width_mm:.1f}",
                            label=f"{w_mm:g} × {h_mm:g}", room=f"{width / mm:.1f}")
    top = h_mm * mm - margin
    x = margin + (width - geo.width_mm * mm) / 2
    bar_x = draw_code128(canvas, geo, x, top - geo.height_mm * mm)
    size = float(template.spec.get("font_size", 8))
    pen = Pen(canvas, bar_x, top - geo.height_mm * mm, geo.width_mm * mm, margin, size=size + 1, leading=1.15)
    pen.runs(markup_runs(template.spec.get("caption", "**{code}**"), ctx), align="center")
    room = pen.y - 1 * mm - margin
    qr_mm = min(float(template.spec.get("qr_mm", 20)), room / mm)
    grid = geo.grid_dpi
    qr_side = draw_qr(canvas, qr_text(data), margin, margin, qr_mm, grid_dpi=grid,
                      max_dots=template.spec.get("qr_max_dots"))
    text_x = margin + qr_side + 2 * mm
    side = Pen(canvas, text_x, pen.y - 1 * mm, w_mm * mm - margin - text_x, margin, size=size, leading=1.15)
    for block in template.blocks:
        try:
            _line(side, block, template, data, ctx, geo)
        except Overflow:
            break  # the label keeps what fits; the code is always printed above
    canvas.showPage()
    canvas.save()
    return buf.getvalue()
