"""A person's data for an access request (Nghị định 13/2023/NĐ-CP art. 9, 14; Law on Personal
Data Protection 2025): every dossier in which the ID number given is the applicant's, or the
authorised person's who collected the result, with its fields, its history and its access
log; as JSON and as a readable PDF (Vietnamese, the slips' Tinos fonts). An administrator only;
the export itself is written to the access log (one row per dossier and file kind).

The PDF's words are the paper's Vietnamese, kept as data in ``resources/papers/pii_export.json``
(the status names in ``statuses.json``, as the window's): a document handed to a citizen is
always in Vietnamese, whatever the window's language.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session

from counter_app.services import auth
from counter_app.domain.clock import now_vn
from counter_app.domain.enums import DossierStatus, EventKind, Role
from counter_app.domain.errors import FieldError, ValidationFailed, message
from counter_app.domain.words import status_names, words
from counter_app.store.history_write import dossier_snapshot
from counter_app.store.models import Dossier, DossierEvent
from counter_app.store.pii_access import AccessAction, access_rows, add_access, resolve_officer, row_dict

FORMAT = "counter-app/pii-export@1"
_ID = re.compile(r"[0-9A-Z]{6,20}")


def clean_subject_id(value: str | None) -> str:
    """The ID number searched for (CCCD, CMND, passport; spaces dropped, letters upper case)."""
    cleaned = re.sub(r"[\s.-]", "", value or "").upper()
    if not _ID.fullmatch(cleaned):
        raise ValidationFailed([FieldError("id_number", message("pii_export.bad_id_number"))])
    return cleaned


def _dossiers(session: Session, id_number: str) -> list[tuple[Dossier, str]]:
    collected = select(DossierEvent.dossier_id).where(
        DossierEvent.kind == str(EventKind.RETURNED),
        text("json_extract(dossier_event.data, '$.id_number') = :sid"))
    rows = session.scalars(select(Dossier).where(or_(Dossier.id_number == id_number, Dossier.id.in_(collected)))
                           .order_by(Dossier.received_at, Dossier.code), {"sid": id_number}).all()
    return [(d, "applicant" if d.id_number == id_number else "authorised_collector") for d in rows]


def _event(e: DossierEvent) -> dict[str, Any]:
    return {"seq": e.seq, "kind": e.kind, "at": e.at.isoformat(sep=" ", timespec="seconds"),
            "officer_name": e.officer_name, "from_status": e.from_status, "to_status": e.to_status,
            "data": e.data or {}, "origin": e.origin}


def collect(session: Session, id_number: str, *, now: datetime) -> dict[str, Any]:
    """The export's content (plain JSON-able data) for *id_number* (already cleaned)."""
    dossiers = []
    statuses = status_names()  # the JSON names the status in the paper's words too
    for dossier, role in _dossiers(session, id_number):
        events = session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id)
                                 .order_by(DossierEvent.seq)).all()
        snapshot = dossier_snapshot(dossier)
        dossiers.append({"code": dossier.code, "role": role, "status_label": statuses[DossierStatus(dossier.status)],
                         "fields": snapshot, "events": [_event(e) for e in events],
                         "access_log": [row_dict(r) for r in access_rows(session, dossier.id)]})
    return {"format": FORMAT, "id_number": id_number, "generated_at": now.isoformat(sep=" ", timespec="seconds"),
            "dossiers": dossiers}


def export_person(store, id_number: str, officer: Any, *, json_path: Path | str | None = None,
                  pdf_path: Path | str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Collect *id_number*'s dossiers, write the files asked for, and log the export (one row
    per dossier and file) in the same transaction as the read; the content. NotAllowed unless
    *officer* (an id, an Officer or a SignedIn) is an administrator."""
    id_number = clean_subject_id(id_number)
    at = (now or now_vn()).replace(microsecond=0)
    written: list[Path] = []
    try:
        with store.write() as session:
            who = resolve_officer(session, officer)
            auth.require_role(who, Role.ADMIN, message("label.pii_export"))
            content = collect(session, id_number, now=at)
            ids = [session.scalar(select(Dossier.id).where(Dossier.code == d["code"])) for d in content["dossiers"]]
            # The files are written inside the transaction that logs their export: a file whose
            # log did not commit is removed below, so no export leaves the counter unrecorded.
            if json_path is not None:
                written.append(write_json(content, json_path))
                add_access(session, ids, AccessAction.EXPORT, officer_id=who.id, form="json", at=at)
            if pdf_path is not None:
                written.append(write_pdf(content, pdf_path, officer_name=who.full_name))
                add_access(session, ids, AccessAction.EXPORT, officer_id=who.id, form="pdf", at=at)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return content


def write_json(content: dict[str, Any], path: Path | str) -> Path:
    """The export as UTF-8 JSON (diacritics kept)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(content, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


# --- the PDF -----------------------------------------------------------------------------

def _paper() -> dict[str, Any]:
    """The paper's words (``resources/papers/pii_export.json``): Vietnamese, as printed."""
    return words("papers", "pii_export")


_DATA_HIDDEN = {"job_id", "sha256", "redacted", "fields", "fee_collected_now", "slip_returned", "paused_at",
                "waited_working_hours", "handed_over_at", "dossier_ids", "codes", "fee_amount"}


def _data_text(data: dict[str, Any], words_: dict[str, Any]) -> str:
    """An event's inputs in words, for the reader of the PDF (the JSON keeps them all)."""
    labels, values, fields = words_["data_labels"], words_["data_values"], words_["fields"]
    parts = []
    for key, value in data.items():
        if key in _DATA_HIDDEN or value in (None, "", [], {}):
            continue
        if key == "changes" and isinstance(value, dict):  # a correction: {field: [old, new]}
            value = "; ".join(f"{fields.get(k, labels.get(k, k))}: " + (" → ".join(str(x or "—") for x in v) if isinstance(v, list) else str(v))
                              for k, v in value.items())
        elif isinstance(value, dict):
            value = "; ".join(f"{labels.get(k, k)}: {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = words_["yes"] if value else words_["no"]
        elif isinstance(value, str) and value in values:
            value = values[value]
        elif key.endswith("_at"):
            value = _when(value)
        parts.append(f"{labels.get(key, key)}: {value}")
    return " · ".join(parts)


def _when(value: Any) -> str:
    try:
        return datetime.fromisoformat(str(value)).strftime("%H:%M %d/%m/%Y")
    except ValueError:
        return str(value or "")


def write_pdf(content: dict[str, Any], path: Path | str, *, officer_name: str | None = None) -> Path:
    """The export as an A4 PDF in Vietnamese (Tinos, embedded)."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from counter_app.slips.fonts import BOLD, REGULAR, register_fonts

    register_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11)
    head = ParagraphStyle("head", parent=body, fontName=BOLD, fontSize=14, leading=18, alignment=1)
    sub = ParagraphStyle("sub", parent=body, fontName=BOLD, fontSize=11, leading=15, spaceBefore=8)

    def p(text_: Any, style=body) -> Paragraph:
        return Paragraph(escape(str(text_ if text_ is not None else "")), style)

    w = _paper()
    generated = w["generated_at"].format(at=_when(content["generated_at"]))
    if officer_name:
        generated += w["generated_by"].format(officer=officer_name)
    story: list[Any] = [p(w["title"], head), Spacer(1, 4 * mm),
                        p(w["id_number"].format(id_number=content["id_number"])), p(generated),
                        p(w["dossier_count"].format(count=len(content["dossiers"])))]
    if not content["dossiers"]:
        story.append(p(w["no_dossier"]))
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.4, "#444444"), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    for d in content["dossiers"]:
        f = d["fields"]
        role = w["roles"].get(d["role"], d["role"])
        story += [p(w["dossier_heading"].format(code=d["code"], status=d["status_label"], role=role), sub)]
        rows = [[p(label, small), p(_when(f.get(key)) if key.endswith("_at") else f.get(key), small)]
                for key, label in w["fields"].items() if f.get(key) not in (None, "")]
        story.append(Table(rows, colWidths=[40 * mm, 130 * mm], style=grid))
        story.append(p(w["history_heading"], sub))
        rows = [[p(column, small) for column in w["history_columns"]]]
        rows += [[p(_when(e["at"]), small), p(w["events"].get(e["kind"], e["kind"]), small), p(e["officer_name"], small),
                  p(_data_text(e["data"] or {}, w), small)] for e in d["events"]]
        story.append(Table(rows, colWidths=[28 * mm, 32 * mm, 35 * mm, 75 * mm], style=grid, repeatRows=1))
        story.append(p(w["access_heading"], sub))
        rows = [[p(column, small) for column in w["access_columns"]]]
        rows += [[p(_when(a["at"]), small), p(a["officer_name"], small), p(a["workstation_no"], small),
                  p(w["actions"].get(a["action"], a["action"]), small), p(a["form"], small)] for a in d["access_log"]]
        story.append(Table(rows, colWidths=[30 * mm, 50 * mm, 15 * mm, 35 * mm, 40 * mm], style=grid, repeatRows=1))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=15 * mm,
                      bottomMargin=15 * mm, title=w["pdf_title"], author="counter-app").build(story)
    tmp.replace(path)
    return path
