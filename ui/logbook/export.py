"""The logbook on paper and in a spreadsheet: Mẫu 06 columns, to XLSX (openpyxl) and to an
A4-landscape PDF (reportlab, Tinos). Plain functions that run on a worker thread."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from counter_app import settings
from counter_app.clock import now_vn
from counter_app.db import Store
from counter_app.ledger import Deadline, LedgerFilter, LedgerRow, fetch_page, lateness, progress_of, row_key
from counter_app.models import Agency
from ui.card.labels import late_text

#: Mẫu 06 columns (DOMAIN.md §2), as printed.
MAU06_HEADERS = (
    "Số TT", "Mã hồ sơ", "Tên TTHC", "Số lượng hồ sơ (bộ)", "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại", "Cơ quan chủ trì giải quyết", "Nhận hồ sơ", "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết", "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả cho cá nhân, tổ chức", "Ký nhận", "Ghi chú",
)
#: Excel's sheet holds 1,048,576 rows; printing is for a day or a month, not the whole book.
XLSX_MAX_ROWS = 1_048_575
PRINT_MAX_ROWS = 3_000
_BATCH = 500


class TooManyRows(Exception):
    """The filter matches more rows than the output can hold."""


def _when(value: datetime | None) -> str:
    return f"{value:%H:%M %d/%m/%Y}" if value else ""


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
class Mau06Line:
    """One printed line of the logbook."""

    cells: tuple[str, ...]
    deadline: Deadline


def mau06_lines(store: Store, flt: LedgerFilter, now: datetime, limit: int) -> Iterator[Mau06Line]:
    """The logbook lines for *flt*, read by keyset in batches; TooManyRows beyond *limit*."""
    after = None
    produced = 0
    while True:
        with store.read() as session:
            rows = fetch_page(session, flt, now=now, limit=_BATCH, after=after)
            progress = progress_of(session, [r.id for r in rows])
            late = lateness(session, rows, now)
        if not rows:
            return
        produced += len(rows)
        if produced > limit:
            raise TooManyRows(f"Có hơn {limit:,} hồ sơ khớp bộ lọc; hãy thu hẹp khoảng ngày.".replace(",", "."))
        for r in rows:
            p = progress[r.id]
            address = r.address + (f"; ĐT: {r.phone}" if r.phone else "")
            cells = (str(r.logbook_line), r.code, r.procedure_name, str(r.sets), r.applicant_name, address,
                     p.department, _when(r.received_at), _when(r.due_at), _when(p.handed_over_at),
                     _when(p.result_at), _when(p.returned_at), p.collector, _note(r, now, late))
            yield Mau06Line(cells, r.deadline(now))
        after = row_key(flt, rows[-1])


def export_xlsx(store: Store, flt: LedgerFilter, path: Path | str, now: datetime | None = None) -> int:
    """Write the logbook for *flt* to an XLSX file; returns the number of dossiers written."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    now = now or now_vn()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sổ theo dõi hồ sơ")
    ws.freeze_panes = "A2"
    for i, width in enumerate((7, 27, 30, 8, 24, 40, 22, 17, 17, 17, 17, 17, 14, 24)):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.append(list(MAU06_HEADERS))
    fills = {Deadline.LATE: PatternFill("solid", fgColor="F8D7DA"),
             Deadline.DUE_TODAY: PatternFill("solid", fgColor="FFF3CD")}
    from openpyxl.cell import WriteOnlyCell

    count = 0
    for line in mau06_lines(store, flt, now, XLSX_MAX_ROWS):
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


def _agency_names(store: Store) -> tuple[str, str]:
    with store.read() as session:
        agency_id = settings.get_setting(session, settings.WORKSTATION_AGENCY)
        agency = session.get(Agency, agency_id) if agency_id else None
        return (agency.parent_name or "", agency.name) if agency else ("", "")


def render_pdf(store: Store, flt: LedgerFilter, now: datetime | None = None, *,
               period: str = "") -> bytes:
    """The logbook for *flt* as an A4-landscape PDF (Mẫu 06), header row repeated on each page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    from counter_app.slips.fonts import BOLD, REGULAR, register_fonts

    register_fonts()
    now = now or now_vn()
    parent, name = _agency_names(store)
    cell = ParagraphStyle("cell", fontName=REGULAR, fontSize=7.5, leading=9)
    head = ParagraphStyle("head", parent=cell, fontName=BOLD, alignment=1)
    title = ParagraphStyle("title", fontName=BOLD, fontSize=13, leading=16, alignment=1)
    small = ParagraphStyle("small", fontName=REGULAR, fontSize=9, leading=11, alignment=1)
    data = [[Paragraph(h, head) for h in MAU06_HEADERS]]
    marks = []
    for line in mau06_lines(store, flt, now, PRINT_MAX_ROWS):
        data.append([Paragraph(_escape(c), cell) for c in line.cells])
        if line.deadline is not Deadline.NONE:
            marks.append((len(data) - 1, line.deadline))
    widths_mm = (10, 30, 30, 11, 24, 34, 22, 18, 18, 18, 18, 18, 16, 20)
    table = LongTable(data, colWidths=[w * mm for w in widths_mm], repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef"))]
    for index, state in marks:
        style.append(("BACKGROUND", (0, index), (-1, index),
                      colors.HexColor("#f8d7da" if state is Deadline.LATE else "#fff3cd")))
    table.setStyle(TableStyle(style))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=8 * mm, rightMargin=8 * mm,
                            topMargin=10 * mm, bottomMargin=10 * mm, title="Sổ theo dõi hồ sơ",
                            author=name)
    story = [Paragraph(_escape(parent.upper()), small), Paragraph(_escape(name.upper()), small),
             Paragraph("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", small), Spacer(1, 3 * mm),
             Paragraph("SỔ THEO DÕI HỒ SƠ", title)]
    if period:
        story.append(Paragraph(_escape(period), small))
    story += [Spacer(1, 3 * mm), table]
    doc.build(story)
    return out.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
