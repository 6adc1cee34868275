"""A demo profile: an agency, officers, the seed catalogue and realistic dossiers.

Dossiers are written with bulk INSERTs (one transaction) so that 100,000 take seconds; each
goes through the same code scheme, calendar, fee rules and history as a real one, and every
event is queued in the outbox like any other change.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from itertools import accumulate

from sqlalchemy import select

from counter_app.store import catalogue_tables, code_sequences, settings
from counter_app.domain import dossier_codes
from counter_app.services.auth import hash_password
from counter_app.domain.due_dates import WorkCalendar
from counter_app.domain.clock import now_vn
from counter_app.store.db import Store
from counter_app.domain.enums import ApplicantKind, DossierStatus, EventKind, IdKind, ResultTiming, Role
from counter_app.domain.fees import compute_fee
from counter_app.store.history_write import event_rows
from counter_app.store.history_chain import id_bytes, seal_new
from counter_app.store.rawinsert import insert_rows
from counter_app.domain.ids import new_id
from counter_app.domain.drafts import FeeInputs
from counter_app.store.models import Dossier, DossierDocument, DossierEvent, Officer
from counter_app.services.receiving import next_logbook_line
from counter_app.services.setup import AgencyInfo, OfficerInfo, initialise_profile
from counter_app.domain.text import fold

DEMO_AGENCY = AgencyInfo(
    id="000.00.14.H56",
    name="UBND phường Hải Châu",
    parent_name="UBND THÀNH PHỐ ĐÀ NẴNG",
    place_name="Đà Nẵng",
    code_stride=10,
    unit_name="Trung tâm Phục vụ hành chính công phường Hải Châu",
    level="commune",
)
DEMO_OFFICERS = [
    OfficerInfo("admin", "Trần Thị Thu Hà", Role.ADMIN),
    OfficerInfo("giamsat", "Lê Văn Hùng", Role.SUPERVISOR),
    OfficerInfo("canbo1", "Nguyễn Thị Mai Anh", Role.OFFICER),
    OfficerInfo("canbo2", "Phạm Đức Thắng", Role.OFFICER),
]

#: Every demo account (admin, giamsat, canbo1, canbo2) signs in with this password.
DEMO_PASSWORD = "demo1234"


def demo_officers() -> list[OfficerInfo]:
    """The demo accounts with DEMO_PASSWORD, hashed once (Argon2id is slow on purpose)."""
    digest = hash_password(DEMO_PASSWORD)
    return [replace(o, password_hash=digest) for o in DEMO_OFFICERS]


#: Surnames with their share of the population in per cent (the commonly cited estimates: Nguyễn
#: 38.4, Trần 11, Lê 9.5, Phạm 7.1, Hoàng/Huỳnh 5.1, Phan 4.5, Vũ/Võ 3.9, Đặng 2.1, Bùi 2, Đỗ 1.4,
#: Hồ 1.3, Ngô 1.3, Dương 1, Lý 0.5; shared names split evenly; the rest share what is left), so
#: that a search for "nguyen" in the demo meets as many rows as at a real counter.
SURNAME_SHARES = {
    "Nguyễn": 38.4, "Trần": 11.0, "Lê": 9.5, "Phạm": 7.1, "Hoàng": 2.55, "Huỳnh": 2.55, "Phan": 4.5,
    "Vũ": 1.95, "Võ": 1.95, "Đặng": 2.1, "Bùi": 2.0, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1.0,
    "Lý": 0.5, "Đoàn": 1.3, "Trịnh": 1.3, "Đinh": 1.3, "Lương": 1.2, "Đào": 1.2, "Mai": 1.1, "Hà": 1.1,
    "Trương": 1.1, "Lâm": 1.0, "Tạ": 0.9,
}
SURNAMES = list(SURNAME_SHARES)
_SURNAME_CUM = list(accumulate(SURNAME_SHARES.values()))
MIDDLE_M = ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Công", "Thành", "Xuân", "Đình", "Quang"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Mỹ", "Kim", "Bảo", "Diệu", "Hồng", "Phương"]
#: "Văn" and "Thị", the customary middle names, are far commoner than the others.
_MIDDLE_CUM = list(accumulate([45.0] + [55.0 / 9] * 9))
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hiếu", "Hùng", "Khánh", "Long", "Nam",
           "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Toàn", "Trung", "Tuấn", "Việt"]
GIVEN_F = ["Anh", "Châu", "Diệp", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai",
           "Ngân", "Nhung", "Oanh", "Phượng", "Quyên", "Thảo", "Trang", "Uyên", "Yến"]
STREETS = ["Bạch Đằng", "Trần Phú", "Lê Duẩn", "Phan Châu Trinh", "Hùng Vương", "Nguyễn Văn Linh",
           "Hoàng Diệu", "Ông Ích Khiêm", "Lê Lợi", "Quang Trung", "Đống Đa", "Núi Thành"]
BUSINESSES = ["Hộ kinh doanh Tạp hoá Minh Châu", "Hộ kinh doanh Cà phê Sông Hàn",
              "Hộ kinh doanh Quán cơm Bà Tư", "Hộ kinh doanh Tiệm may Ngọc Diệp"]
#: What the demo's events record, so that every form of a dossier prints with its content.
IDENTITY_CHECKS = ["cccd_qr", "cccd_qr", "chip", "vneid", "documents"]
DEPARTMENTS = ["Công chức Tư pháp - Hộ tịch", "Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Văn hóa - Xã hội"]
EVENT_DATA: dict[EventKind, list[dict]] = {
    EventKind.SUPPLEMENT_REQUESTED: [
        {"missing": ["Bản sao giấy chứng sinh", "Chữ ký của người đi khai trên tờ khai"],
         "reason": "Hồ sơ chưa đủ thành phần theo quy định"},
        {"missing": ["Bản chính giấy tờ để đối chiếu"], "reason": "Bản sao không có chứng thực"}],
    EventKind.REFUSED: [{"reason": "Yêu cầu không thuộc thẩm quyền giải quyết của cơ quan"}],
    EventKind.WITHDRAWN: [{"reason": "Người nộp đề nghị rút hồ sơ bằng văn bản"}],
    EventKind.STOPPED: [
        {"reason": "Người yêu cầu đề nghị dừng giải quyết hồ sơ bằng văn bản",
         "decided_by": "Phó Chủ tịch UBND phường", "notice": "Ông/Bà nhận lại hồ sơ tại Bộ phận Một cửa."},
        {"reason": "Cơ quan có thẩm quyền yêu cầu tạm dừng để xác minh",
         "decided_by": "Chủ tịch UBND phường", "notice": "Phí, lệ phí đã nộp được hoàn trả theo quy định."}],
}
# At most this many demo dossiers per calendar day on average, so about 520 per working day:
# every demo dossier is this profile's own (its workstation number's sequence only, never
# another counter's numbers, which a second demo profile set up as that counter would give
# again), and a workstation has 999 numbers a day.
DOSSIERS_PER_DAY = 350
#: The demo ward "has been running" since the two-level local government began (1/7/2025):
#: a caller may date a dossier back to then, not before (see receiving.check_received_at).
DEMO_SET_UP_AT = datetime(2025, 7, 1, 7, 30)
# Reception times fall on this grid within the sessions.
STEP_SECONDS = 300
# Dossiers written per transaction.
CHUNK = 10_000


@dataclass(frozen=True)
class DemoResult:
    """What the demo wrote."""

    dossiers: int
    events: int
    seconds: float


def _person(rng: random.Random) -> tuple[str, str, int]:
    female = rng.random() < 0.5
    surname = rng.choices(SURNAMES, cum_weights=_SURNAME_CUM)[0]
    middle = rng.choices(MIDDLE_F if female else MIDDLE_M, cum_weights=_MIDDLE_CUM)[0]
    name = " ".join([surname, middle, rng.choice(GIVEN_F if female else GIVEN_M)])
    year = rng.randint(1950, 2006)
    century_sex = (0 if year < 2000 else 2) + (1 if female else 0)
    province = rng.choice(["048", "049", "001", "079", "046", "052"])
    id_number = f"{province}{century_sex}{year % 100:02d}{rng.randint(0, 999999):06d}"
    return name, id_number, year


def _path_for(status: DossierStatus) -> list[tuple[EventKind, DossierStatus]]:
    """The events that lead from reception to *status*."""
    s = DossierStatus
    base = [(EventKind.RECEIVED, s.RECEIVED)]
    paths = {
        s.NEW: [],
        s.RECEIVED: base,
        s.REFUSED: [(EventKind.REFUSED, s.REFUSED)],
        s.PROCESSING: base + [(EventKind.HANDED_OVER, s.PROCESSING)],
        s.SUPPLEMENT_REQUESTED: base + [(EventKind.SUPPLEMENT_REQUESTED, s.SUPPLEMENT_REQUESTED)],
        s.PAYMENT_REQUIRED: base + [(EventKind.HANDED_OVER, s.PROCESSING), (EventKind.PAYMENT_REQUIRED, s.PAYMENT_REQUIRED)],
        s.WITHDRAWN: base + [(EventKind.WITHDRAWN, s.WITHDRAWN)],
        s.STOPPED: base + [(EventKind.HANDED_OVER, s.PROCESSING), (EventKind.STOPPED, s.STOPPED)],
        s.RESULT_READY: base + [(EventKind.HANDED_OVER, s.PROCESSING), (EventKind.RESULT_READY, s.RESULT_READY)],
        s.RETURNED: base
        + [(EventKind.HANDED_OVER, s.PROCESSING), (EventKind.RESULT_READY, s.RESULT_READY), (EventKind.RETURNED, s.RETURNED)],
    }
    return paths[status]


def _reception_moments(
    calendar: WorkCalendar, rng: random.Random, count: int, now: datetime, span_days: int
) -> list[datetime]:
    """*count* moments in the counter's sessions over the last *span_days* days (none at
    lunch, on a day off or a holiday), in 5-minute steps, oldest first."""
    first = (now - timedelta(days=span_days)).date()
    starts: list[datetime] = []
    steps: list[int] = []
    for offset in range(span_days + 1):
        day = first + timedelta(days=offset)
        for session in calendar.sessions_on(day):
            start = datetime.combine(day, session.start)
            n = int((min(datetime.combine(day, session.end), now) - start).total_seconds() // STEP_SECONDS)
            if n > 0:
                starts.append(start)
                steps.append(n)
    if not starts:
        raise ValueError("no working session in the demo period")
    picks = rng.choices(range(len(starts)), cum_weights=list(accumulate(steps)), k=count)
    moments = [starts[k] + timedelta(seconds=STEP_SECONDS * rng.randrange(steps[k])) for k in picks]
    moments.sort()
    return moments


def _pick_status(rng: random.Random, age_days: float) -> DossierStatus:
    s = DossierStatus
    if age_days > 20:
        weights = {s.RETURNED: 80, s.RESULT_READY: 5, s.REFUSED: 3, s.WITHDRAWN: 3, s.STOPPED: 2,
                   s.PROCESSING: 3, s.SUPPLEMENT_REQUESTED: 2, s.PAYMENT_REQUIRED: 1, s.NEW: 1}
    else:
        weights = {s.RECEIVED: 20, s.PROCESSING: 25, s.RESULT_READY: 15, s.RETURNED: 25, s.SUPPLEMENT_REQUESTED: 5,
                   s.PAYMENT_REQUIRED: 2, s.REFUSED: 3, s.WITHDRAWN: 2, s.STOPPED: 1, s.NEW: 2}
    return rng.choices(list(weights), list(weights.values()))[0]


def create_demo(
    store: Store, dossiers: int, *, seed: int = 2026, now: datetime | None = None, chunk: int = CHUNK,
    workstation_no: int = 1,
) -> DemoResult:
    """Set the profile up as the demo agency (if needed, as counter *workstation_no*) and add
    *dossiers* demo dossiers, all numbered in this profile's own workstation sequence.

    Written in chunks of *chunk* dossiers, one transaction each, so memory stays flat.
    """
    started = now_vn()
    now = (now or now_vn()).replace(microsecond=0)
    with store.read() as session:
        configured = settings.get_setting(session, settings.WORKSTATION_AGENCY) is not None
    # Spread over the last 90 days (longer for big profiles, so that no day runs out of numbers).
    span_days = max(90, -(-dossiers // DOSSIERS_PER_DAY))
    if not configured:
        set_up_at = min(DEMO_SET_UP_AT, now - timedelta(days=span_days + 1))
        initialise_profile(store, DEMO_AGENCY, workstation_no, demo_officers(), set_up_at=set_up_at)
    rng = random.Random(seed)
    words = random.Random(seed + 1)  # what events record: its own stream, the dossiers stay as they were
    events_written = 0
    with store.write() as session:  # (a read session would expire the officers on rollback)
        ctx = settings.load_context(session)
        specs = catalogue_tables.list_specs(session)
        calendar = catalogue_tables.work_calendar(session)
        officers = [(o.id, o.full_name) for o in session.scalars(select(Officer).where(Officer.active.is_(True)))]
        volume = settings.logbook_volume(session)
        ws = ctx.workstation_no
        next_line: dict[int, int] = {}  # year -> next line of the year's book (this counter's part)
    moments = _reception_moments(calendar, rng, dossiers, now, span_days)
    seq_cache: dict[tuple, int] = {}
    due_cache: dict[tuple, datetime] = {}
    fee_cache: dict[tuple, tuple[int, str]] = {}
    d_rows: list[dict] = []
    doc_rows: list[dict] = []
    ev_rows: list[dict] = []
    ob_rows: list[dict] = []

    def flush() -> None:
        # One transaction per chunk, so that memory and the WAL stay bounded; the numbers'
        # high-water marks are raised before it commits, as a single receipt does.
        days: dict[tuple, int] = {}
        for r in d_rows:
            key = (r["agency_id"], r["workstation_no"], r["code_day"])
            days[key] = max(days.get(key, 0), r["code_seq"])
        with store.write() as session:
            store.code_marks.raise_to([(*key, seq) for key, seq in days.items()])
            insert_rows(session, Dossier.__table__, d_rows)
            insert_rows(session, DossierDocument.__table__, doc_rows)
            insert_rows(session, DossierEvent.__table__, ev_rows)
            # Thin items: each is its event's number in the history (counter_app.store.outbox).
            session.connection().connection.driver_connection.cursor().executemany(
                "INSERT INTO outbox (seq, version, state, attempts) SELECT seq, ?, 'pending', 0"
                " FROM dossier_event WHERE id = ?", [(r["version"], id_bytes(r["event_id"])) for r in ob_rows])
        for rows in (d_rows, doc_rows, ev_rows, ob_rows):
            rows.clear()

    for i, received_at in enumerate(moments):
        spec = specs[rng.randrange(len(specs))]
        key = (ctx.agency_id, received_at.date(), ws)
        if key not in seq_cache:
            with store.read() as session:
                seq_cache[key] = code_sequences.next_sequence(
                    session, ctx.agency_id, received_at.date(), ws, ctx.code_stride
                )
        else:
            seq_cache[key] += ctx.code_stride
        if received_at.year not in next_line:
            with store.read() as session:
                next_line[received_at.year] = next_logbook_line(session, ws, ctx.code_stride, received_at.year)
        line = next_line[received_at.year]
        seq = seq_cache[key]
        if seq > dossier_codes.MAX_SEQ:
            raise ValueError("too many demo dossiers per day; use fewer dossiers")
        dkey = (spec.code, received_at)
        if dkey not in due_cache:
            due_cache[dkey] = catalogue_tables.appointment(calendar, spec, received_at)
        due = due_cache[dkey]
        business = spec.code == "1.001612"
        name, id_number, _year = _person(rng)
        applicant = rng.choice(BUSINESSES) if business else name
        status = _pick_status(rng, (now - received_at).total_seconds() / 86400)
        if dossiers >= len(DossierStatus) and i >= dossiers - len(DossierStatus):
            status = list(DossierStatus)[dossiers - 1 - i]  # the latest few: every status at least once
        officer_id, officer_name = officers[rng.randrange(len(officers))]
        fkey = (spec.code, rng.randint(1, 5), rng.randint(1, 12))
        if fkey not in fee_cache:
            fee = compute_fee(spec.fee, FeeInputs(copies=fkey[1], pages=fkey[2]), 1)
            fee_cache[fkey] = (fee.amount, fee.detail)
        fee_amount, fee_detail = fee_cache[fkey]
        dossier_id = new_id()
        row = dict(
            id=dossier_id, code=dossier_codes.format_code(ctx.agency_id, received_at.date(), seq),
            code_day=received_at.date(), code_seq=seq, agency_id=ctx.agency_id, workstation_no=ws,
            procedure_code=spec.code, procedure_name=spec.name,
            applicant_kind=str(ApplicantKind.BUSINESS if business else ApplicantKind.PERSON),
            applicant_name=applicant, applicant_name_folded=fold(applicant),
            id_kind=str(IdKind.CCCD), id_number=id_number, birth_date=None,
            representative_name=name if business else None,
            phone=f"09{rng.randint(0, 99999999):08d}",
            email=f"congdan{i}@example.vn" if rng.random() < 0.3 else None,
            address=f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}, phường Hải Châu, thành phố Đà Nẵng",
            sets=1, fee_amount=fee_amount, fee_detail=fee_detail, fee_paid=fee_amount > 0,
            channel="online" if status == DossierStatus.NEW else "counter", result_delivery="counter",
            note=None, received_at=received_at, received_by=officer_id, due_at=due, original_due_at=None,
            status=int(status), clock_stopped_at=None, finished_at=None, result_timing=None,
            logbook_volume=volume, logbook_year=received_at.year, logbook_line=line, updated_at=now, version=1,
            identity_check=None if status is DossierStatus.NEW else words.choice(IDENTITY_CHECKS),
        )
        next_line[received_at.year] = line + ctx.code_stride
        docs = [dict(dossier_id=dossier_id, position=pos, name=doc.name, form=str(doc.form),
                     count=doc.count, handed_in=True) for pos, doc in enumerate(spec.documents, start=1)]
        path = _path_for(status)
        at = received_at
        prev = None
        events = []
        for kind, to in path:
            if kind != EventKind.RECEIVED:
                at = min(calendar.next_working_moment(at + timedelta(minutes=rng.randint(60, 3600))), now)
            if to == DossierStatus.SUPPLEMENT_REQUESTED:
                row["clock_stopped_at"] = at
            if to == DossierStatus.RESULT_READY or (to.is_finished and row["finished_at"] is None):
                row["finished_at"] = at
                row["result_timing"] = str(
                    ResultTiming.EARLY if at < due - timedelta(hours=4)
                    else ResultTiming.ON_TIME if at <= due else ResultTiming.LATE
                )
            events.append((kind, at, prev, int(to)))
            prev = int(to)
        # Each event is a new version (counter_app.domain.merge); the dossier ends on the last one.
        row["version"] = max(1, len(events))
        chained = []
        department = words.choice(DEPARTMENTS)
        for version, (kind, at, before, after) in enumerate(events, start=1):
            if kind is EventKind.HANDED_OVER:
                data = {"department": department, "note": ""}
            elif kind is EventKind.RESULT_READY:
                data = {"result_timing": row["result_timing"], "due_at": due.isoformat(), "note": ""}
            else:
                data = dict(words.choice(EVENT_DATA[kind])) if kind in EVENT_DATA else None
            event, _outbox = event_rows(dossier_id, kind, at=at, officer_id=officer_id,
                                        officer_name=officer_name, from_status=before, to_status=after,
                                        version=version, data=data)
            chained.append(event)
            ob_rows.append({"version": version, "event_id": event["id"]})
        seal_new(row, chained)  # the history chained, the row sealed (counter_app.store.history_chain)
        ev_rows.extend(chained)
        d_rows.append(row)
        doc_rows.extend(docs)
        events_written += len(events)
        if len(d_rows) >= chunk:
            flush()
    flush()
    return DemoResult(dossiers, events_written, (now_vn() - started).total_seconds())
