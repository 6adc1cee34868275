"""The logbook on paper and in a spreadsheet: the form set's columns (Mẫu 07/2025, Mẫu 06/2018)
to XLSX (openpyxl) and to an A4-landscape PDF (reportlab, Tinos). Plain functions that run on a
worker thread; the columns and their widths are data (resources/forms/<set>/logbook.json)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.domain.clock import now_vn
from counter_app.domain.errors import NotFound
from counter_app.store.ledger import Deadline, LedgerFilter, LedgerRow, row_key
from counter_app.store.queries import logbook_print_page, workstation_context
from counter_app.services.printing import AUTO, print_settings
from counter_app.slips.templates import FormTemplate, format_short, load_template, version_for
from ui.card.labels import late_text

if TYPE_CHECKING:
    from counter_app.store.db import Store

#: Excel's sheet holds 1,048,576 rows; printing is for a day or a month, not the whole book.
XLSX_MAX_ROWS = 1_048_575
PRINT_MAX_ROWS = 3_000
_BATCH = 500


class TooManyRows(Exception):
    """The filter matches more rows than the output can hold."""


def logbook_template(store: Store, now: datetime) -> FormTemplate:
    """The logbook form of the set in force today (or the set the profile forces)."""
    forced = print_settings(store).forms_version
    return load_template("logbook", version_for(now, "logbook") if forced == AUTO else forced)


def _table_block(template: FormTemplate) -> dict:
    return next(b for b in template.blocks if b["type"] == "logbook_table")


def logbook_headers(template: FormTemplate) -> tuple[str, ...]:
    return tuple(c["title"] for c in _table_block(template)["columns"])


def _note(row: LedgerRow, now: datetime, late: dict) -> str:
    state = row.deadline(now)
    parts = []
    if state is Deadline.LATE:
        parts.append(late_text(late[row.id], tr=str) if row.id in late else "Quá hạn")  # paper: Vietnamese
    elif state is Deadline.DUE_TODAY:
        parts.append("Đến hạn hôm nay")
    if row.note:
        parts.append(row.note)
    return "; ".join(parts)


@dataclass(frozen=True)
class LogbookLine:
    """One printed line of the logbook."""

    cells: tuple[str, ...]
    deadline: Deadline


def logbook_lines(store: Store, flt: LedgerFilter, now: datetime, limit: int, template: FormTemplate, *,
                  newest_first: bool = False) -> Iterator[LogbookLine]:
    """The logbook lines for *flt* in the template's columns, oldest or newest first, read by
    keyset in batches; TooManyRows beyond *limit*."""
    columns = _table_block(template)["columns"]
    after = before = None
    produced = 0
    while True:
        if newest_first:
            rows, progress, late = logbook_print_page(store, flt, now=now, limit=_BATCH, before=before,
                                                      from_end=before is None)
            rows = rows[::-1]
        else:
            rows, progress, late = logbook_print_page(store, flt, now=now, limit=_BATCH, after=after)
        if not rows:
            return
        produced += len(rows)
        if produced > limit:
            raise TooManyRows(f"Có hơn {limit:,} hồ sơ khớp bộ lọc; hãy thu hẹp khoảng ngày.".replace(",", "."))
        for r in rows:
            p = progress[r.id]
            values = {
                "logbook_line": str(r.logbook_line), "workstation": str(r.workstation_no),
                "code": r.code, "procedure_name": r.procedure_name, "sets": str(r.sets),
                "applicant_name": r.applicant_name, "address": r.address + (f"; ĐT: {r.phone}" if r.phone else ""),
                "lead_unit": p.department, "received_short": format_short(r.received_at),
                "due_short": format_short(r.due_at), "handed_over_at": format_short(p.handed_over_at),
                "result_at": format_short(p.result_at), "returned_at": format_short(p.returned_at),
                "collector": p.collector, "text": _note(r, now, late),
            }
            yield LogbookLine(tuple(c["value"].format_map(values) for c in columns), r.deadline(now))
        if newest_first:
            before = row_key(flt, rows[-1])
        else:
            after = row_key(flt, rows[-1])


def export_xlsx(store: Store, flt: LedgerFilter, path: Path | str, now: datetime | None = None, *,
                newest_first: bool = False) -> int:
    """Write the logbook for *flt* to an XLSX file; returns the number of dossiers written."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    now = now or now_vn()
    template = logbook_template(store, now)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sổ theo dõi hồ sơ")
    ws.freeze_panes = "A2"
    for i, col in enumerate(_table_block(template)["columns"]):
        ws.column_dimensions[chr(ord("A") + i)].width = float(col["width"])
    ws.append(list(logbook_headers(template)))
    fills = {Deadline.LATE: PatternFill("solid", fgColor="F8D7DA"),
             Deadline.DUE_TODAY: PatternFill("solid", fgColor="FFF3CD")}
    from openpyxl.cell import WriteOnlyCell

    count = 0
    for line in logbook_lines(store, flt, now, XLSX_MAX_ROWS, template, newest_first=newest_first):
        fill = fills.get(line.deadline)
        if fill is None:
            ws.append(list(line.cells))
        else:
            cells = []
            for value in line.cells:
                cell = WriteOnlyCell(ws, value=value)
                cell.fill = fill
                cell.font = Font(color="212529")
                cells.append(cell)
            ws.append(cells)
        count += 1
    path = Path(path)
    tmp = path.with_suffix(path.suffix + ".part")
    try:
        wb.save(tmp)
        tmp.replace(path)  # PermissionError while Excel has *path* open (Windows)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return count


def _header_lines(store: Store, template: FormTemplate) -> list[str]:
    """The issuing unit's lines above the title, as the form set names them."""
    try:
        ctx = workstation_context(store)
    except NotFound:  # a profile never set up: no issuing unit to name
        return []
    name, parent, unit_name = ctx.agency_name, ctx.parent_name or "", ctx.unit_name
    header = template.common.get("header", {})
    unit = unit_name or header.get("unit", "")
    ctx = {"agency_name_upper": name.upper(), "parent_name_upper": parent.upper(),
           "unit_name_upper": unit.upper(), "agency_name": name, "unit_name": unit}
    if header.get("lines"):
        return [t for t in (str(line["text"]).format_map(ctx) for line in header["lines"]) if t]
    return [t for t in (ctx["parent_name_upper"], ctx["agency_name_upper"], header.get("unit", "")) if t]


def render_pdf(store: Store, flt: LedgerFilter, now: datetime | None = None, *,
               period: str = "", newest_first: bool = False) -> bytes:
    """The logbook for *flt* as an A4-landscape PDF (Mẫu 07/2025), oldest or newest first,
    header row repeated on each page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    from counter_app.slips.fonts import BOLD, REGULAR, register_fonts

    register_fonts()
    now = now or now_vn()
    template = logbook_template(store, now)
    block = _table_block(template)
    heads = _header_lines(store, template)
    size = float(block.get("font_size", 7.5))
    cell = ParagraphStyle("cell", fontName=REGULAR, fontSize=size, leading=size * 1.2)
    head = ParagraphStyle("head", parent=cell, fontName=BOLD, alignment=1)
    title = ParagraphStyle("title", fontName=BOLD, fontSize=13, leading=16, alignment=1)
    small = ParagraphStyle("small", fontName=REGULAR, fontSize=9, leading=11, alignment=1)
    data = [[Paragraph(_escape(h), head) for h in logbook_headers(template)]]
    widths = [float(c["width"]) for c in block["columns"]]
    usable = (297 - 16) * mm  # A4 landscape less the 8 mm margins
    col_widths = [w / sum(widths) * usable for w in widths]
    code_columns = {i for i, c in enumerate(block["columns"]) if c.get("value") == "{code}"}
    marks = []
    for line in logbook_lines(store, flt, now, PRINT_MAX_ROWS, template, newest_first=newest_first):
        data.append([Paragraph(_code_markup(c, col_widths[i] - 2 * _CELL_PADDING, REGULAR, size)
                               if i in code_columns else _escape(c), cell) for i, c in enumerate(line.cells)])
        if line.deadline is not Deadline.NONE:
            marks.append((len(data) - 1, line.deadline))
    table = LongTable(data, colWidths=col_widths, repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef"))]
    for index, state in marks:
        style.append(("BACKGROUND", (0, index), (-1, index),
                      colors.HexColor("#f8d7da" if state is Deadline.LATE else "#fff3cd")))
    table.setStyle(TableStyle(style))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=8 * mm, rightMargin=8 * mm,
                            topMargin=10 * mm, bottomMargin=10 * mm, title="Sổ theo dõi hồ sơ",
                            author=heads[0] if heads else "")
    titles = next((b["lines"] for b in template.blocks if b["type"] == "title"), ["SỔ THEO DÕI HỒ SƠ"])
    story = [Paragraph(_escape(h), small) for h in heads]
    story += [Spacer(1, 3 * mm), *(Paragraph(_escape(t), title) for t in titles)]
    if period:
        story.append(Paragraph(_escape(period), small))
    story += [Spacer(1, 3 * mm), table]
    doc.build(story)
    return out.getvalue()


_CELL_PADDING = 6  # points: reportlab's default left and right padding of a table cell


def _code_markup(code: str, width: float, font: str, size: float) -> str:
    """A dossier code for a cell *width* points wide: whole when it fits, else broken only after
    its hyphens (``000.00.14.H56-`` / ``260310-0007``), and after the dots of an identifier too
    wide by itself: never inside a group of digits."""
    import re

    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(code, font, size) <= width:
        return _escape(code)
    pieces = []
    for part in re.findall(r"[^-]+-?", code):
        pieces += re.findall(r"[^.]+\.?", part) if stringWidth(part, font, size) > width else [part]
    lines = [""]
    for piece in pieces:
        if lines[-1] and stringWidth(lines[-1] + piece, font, size) > width:
            lines.append("")
        lines[-1] += piece
    return "<br/>".join(_escape(line) for line in lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
