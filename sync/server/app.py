"""The reference server's HTTP/JSON API (FastAPI); its OpenAPI description is at /openapi.json.

Messages are the shared protocol models (`sync.protocol`). Bad input is answered with a 4xx
and a Vietnamese `detail`, never a 5xx: malformed JSON 400, a body over
``MAX_REQUEST_BYTES`` 413, a field out of its bounds 422 (one event of a batch: that event's
own rejection), too many failed enrollments from one address 429. Every status a route can
answer is in the OpenAPI description.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError

from counter_app.clock import today_vn
from sync.protocol import (
    CodeMark,
    CodeMarksResponse,
    API_VERSION,
    INT64_MAX,
    MAX_REQUEST_BYTES,
    ChangesResponse,
    DossierCopy,
    EnrollRequest,
    EnrollResponse,
    ErrorResponse,
    Health,
    ItemResult,
    PushEvent,
    PushRequest,
    PushResponse,
    SafeStr,
    describe_errors,
    parse_event,
    text_problem,
)
from sync.server.schema import MAX_SEQ, open_database
from sync.server.store import Device, Hooks, InvalidCode, ItemAnswer, ServerStore, WorkstationTaken

#: Failed enrollments one client address may make per minute before it is answered 429.
ENROLL_FAILURES_PER_MINUTE = 20


def _answers(*codes: int) -> dict[int | str, dict[str, Any]]:
    meaning = {
        400: "The body is not valid JSON",
        401: "No token, or the device's token is unknown or revoked: enroll again",
        403: "The enrollment code is unknown, already used, or its retry window has passed",
        404: "No such dossier in the device's agency",
        409: "The agency already has an active device with this workstation number",
        413: f"The body is larger than {MAX_REQUEST_BYTES} bytes: send fewer events at a time",
        422: "A field is missing, of the wrong type or out of its bounds (`errors` says which)",
        429: "Too many failed enrollments from this address; wait `Retry-After` seconds",
        503: "The database does not answer",
    }
    return {code: {"model": ErrorResponse, "description": meaning[code]} for code in codes}


class BodyLimit:
    """ASGI middleware: a request body over *limit* bytes is answered 413, before the app sees it.

    The body is read (and dropped past the limit) rather than left unread, so that a client
    still sending it gets the 413 instead of a reset connection, up to ``16 × limit``.
    """

    def __init__(self, app, limit: int = MAX_REQUEST_BYTES):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            body = message.get("body", b"")
            size += len(body)
            more = message.get("more_body", False)
            if size <= self.limit:
                chunks.append(body)
            elif size > 16 * self.limit:
                break
        if size > self.limit:
            response = JSONResponse({"detail": f"Yêu cầu quá lớn ({size} byte, tối đa {self.limit}); hãy gửi ít "
                                     "sự kiện hơn mỗi lần."}, status_code=413)
            await response(scope, receive, send)
            return
        buffered, replayed = b"".join(chunks), False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": buffered, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class FailureLimiter:
    """At most *limit* failures per *window* seconds for each client address (in memory)."""

    def __init__(self, limit: int, window: float = 60.0):
        self.limit = limit
        self.window = window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, who: str, now: float) -> deque[float]:
        times = self._seen.setdefault(who, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def retry_after(self, who: str) -> int | None:
        """Seconds to wait when *who* is over the limit, else None."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(who, now)
            if len(times) < self.limit:
                return None
            return max(1, int(self.window - (now - times[0])) + 1)

    def failed(self, who: str) -> None:
        with self._lock:
            self._recent(who, time.monotonic()).append(time.monotonic())


def _clip(value: Any) -> Any:
    """A location part or message made safe to echo: short and encodable."""
    if isinstance(value, int):
        return value
    text = str(value).encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")
    return text if len(text) <= 80 else text[:77] + "…"


def _validation_answer(_request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 naming each wrong field (never echoing the input); 400 when the body is not JSON."""
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return JSONResponse({"detail": "Nội dung yêu cầu không phải JSON hợp lệ."}, status_code=400)
    listed = [{"loc": [_clip(p) for p in e.get("loc", ())], "msg": _clip(e.get("msg", "")), "type": _clip(e.get("type", ""))}
              for e in errors[:20]]
    first = listed[0] if listed else {"loc": [], "msg": ""}
    where = ".".join(str(p) for p in first["loc"]) or "/"
    return JSONResponse({"detail": f"Yêu cầu không hợp lệ ở '{where}': {first['msg']}.", "errors": listed},
                        status_code=422)


def _single_query_values(request: Request) -> None:
    """A query parameter given twice is ambiguous (which one counts?): refuse it."""
    keys = [key for key, _ in request.query_params.multi_items()]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise HTTPException(422, f"Tham số '{_clip(repeated[0])}' được gửi nhiều lần.")


def _echo_id(item: dict[str, Any]) -> str:
    event_id = item.get("event_id")
    return event_id if isinstance(event_id, str) and text_problem(event_id) is None else ""


def _describe_push_event(app: FastAPI) -> None:
    """Put the PushEvent schema in the OpenAPI components (PushRequest's events are checked one by
    one, each answered in its own result, so the request body itself only asks for objects)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            event = PushEvent.model_json_schema(ref_template="#/components/schemas/{model}")
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(event.pop("$defs", {}))
            components["PushEvent"] = event
        return app.openapi_schema

    app.openapi = openapi


class FaultHooks:
    """Test-only faults, enabled with COUNTER_SERVER_FAULTS=1: hang mid-batch, ready to be killed."""

    def __init__(self) -> None:
        self.hang_after_items: int | None = None
        self.hanging = threading.Event()
        self._never = threading.Event()

    def after_item(self, conn, index: int) -> None:
        if self.hang_after_items is not None and index + 1 == self.hang_after_items:
            self.hang_after_items = None  # one shot
            conn.commit()           # what was written so far is durable,
            self.hanging.set()      # the test sees this through GET /_faults,
            self._never.wait()      # and kills the process while the batch is half done.


def create_app(db_url: str, *, faults: bool = False,
               enroll_failures_per_minute: int = ENROLL_FAILURES_PER_MINUTE) -> FastAPI:
    """Build the API on the database at *db_url* (its schema is migrated to the newest first)."""
    hooks = FaultHooks() if faults else None
    store = ServerStore(open_database(db_url), Hooks(after_item=hooks.after_item if hooks else None))
    limiter = FailureLimiter(enroll_failures_per_minute)
    app = FastAPI(
        title="Counter sync API",
        version=API_VERSION,
        description="Workstations of one-stop-shop counters enroll, push dossier events and pull "
        "what changed for their agency. See docs/sync-api.md. Every 4xx answer is a JSON object "
        "whose `detail` is a message for a person (Vietnamese).",
    )
    app.state.store = store
    app.add_middleware(BodyLimit, limit=MAX_REQUEST_BYTES)
    app.add_exception_handler(RequestValidationError, _validation_answer)
    bearer = HTTPBearer(auto_error=False)

    def current_device(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Device:
        dev = store.device_for_token(creds.credentials) if creds else None
        if dev is None:
            raise HTTPException(401, "Thiết bị chưa đăng ký hoặc đã bị thu hồi; cần đăng ký lại.",
                                headers={"WWW-Authenticate": "Bearer"})
        return dev

    @app.get("/health", response_model=Health, tags=["service"], responses=_answers(503))
    def health() -> Health:
        """Liveness and readiness (the database answered)."""
        try:
            store.ping()
        except Exception:  # noqa: BLE001 - any database failure means "not ready"
            raise HTTPException(503, "Cơ sở dữ liệu của máy chủ không trả lời.") from None
        return Health(status="ok", api=API_VERSION)

    @app.post("/v1/enroll", response_model=EnrollResponse, tags=["enrollment"],
              responses=_answers(400, 403, 409, 413, 422, 429))
    def enroll(body: EnrollRequest, request: Request) -> EnrollResponse | JSONResponse:
        """Trade a one-time enrollment code for a device token (retry-safe with `nonce`)."""
        who = request.client.host if request.client else "?"
        wait = limiter.retry_after(who)
        if wait is not None:
            return JSONResponse({"detail": f"Đăng ký sai quá nhiều lần; hãy thử lại sau {wait} giây."},
                                status_code=429, headers={"Retry-After": str(wait)})
        try:
            dev, token = store.enroll(body.code, body.workstation_no, body.name, body.nonce)
        except InvalidCode:
            limiter.failed(who)
            raise HTTPException(403, "Mã đăng ký không đúng hoặc đã được dùng.") from None
        except WorkstationTaken as taken:
            raise HTTPException(409, (
                f"Cơ quan {taken.agency_id} đã có một máy trạm đang hoạt động với số quầy {taken.workstation_no} "
                f"(thiết bị {taken.device_id}, đăng ký lúc {taken.since:%H:%M %d/%m/%Y}). Nếu máy này thay cho "
                f"máy cũ, hãy đề nghị quản trị tỉnh thu hồi máy cũ trước (counter-server revoke --device "
                f"{taken.device_id}) rồi đăng ký lại bằng chính mã này; nếu không, hãy đặt cho máy này một số "
                "quầy khác. Mã đăng ký chưa bị dùng.")) from None
        return EnrollResponse(token=token, device_id=dev.id, agency_id=dev.agency_id)

    @app.post("/v1/events", response_model=PushResponse, tags=["sync"], responses=_answers(400, 401, 413, 422))
    def push(body: PushRequest, dev: Device = Depends(current_device)) -> PushResponse:
        """Store a batch of events, idempotently by `event_id`; one result per event, in order."""
        answers: list[ItemAnswer | None] = []
        valid: list[dict[str, Any]] = []
        for item in body.events:
            try:
                parse_event(item)
            except ValidationError as exc:
                answers.append(ItemAnswer(_echo_id(item), "rejected", 422, reason=describe_errors(exc)))
                continue
            answers.append(None)
            valid.append(item)
        stored = iter(store.push(dev, valid) if valid else ())
        return PushResponse(results=[ItemResult(**(a or next(stored)).to_json()) for a in answers])

    @app.get("/v1/changes", response_model=ChangesResponse, tags=["sync"], responses=_answers(401, 422),
             dependencies=[Depends(_single_query_values)])
    def changes(after: int = Query(0, ge=0, le=INT64_MAX, description="The cursor of the last page (64-bit)"),
                limit: int = Query(500, ge=1, le=1000),
                dev: Device = Depends(current_device)) -> ChangesResponse:
        """What changed for the device's agency after cursor `after`."""
        rows, more = store.changes_after(dev, min(after, MAX_SEQ), limit)
        return ChangesResponse(changes=rows, cursor=rows[-1]["seq"] if rows else after, more=more)

    @app.get("/v1/codes/marks", response_model=CodeMarksResponse, tags=["sync"],
             responses=_answers(401, 422))
    def code_marks(since: date = Query(description="First day to report (at most 400 days back)"),
                   workstation_no: int = Query(ge=1, le=99), stride: int = Query(ge=1, le=99),
                   dev: Device = Depends(current_device)) -> CodeMarksResponse:
        """The highest dossier number per day that the province holds in a workstation's
        sequence of the device's agency (numbers ≡ workstation_no mod stride), from `since` on:
        a workstation restored from an old backup never gives those numbers again."""
        floor = today_vn() - timedelta(days=400)
        marks = store.code_marks(dev, max(since, floor), workstation_no, stride)
        return CodeMarksResponse(marks=[CodeMark(**m) for m in marks])

    @app.get("/v1/dossiers/{dossier_id}", response_model=DossierCopy, tags=["sync"],
             responses=_answers(401, 404, 422))
    def get_dossier(dossier_id: Annotated[SafeStr, Path(min_length=1, max_length=36)],
                    dev: Device = Depends(current_device)) -> DossierCopy:
        """The server's copy of one of the agency's dossiers (404 for any other agency's)."""
        found = store.dossier_of(dev, dossier_id)
        if found is None:
            raise HTTPException(404, "Không tìm thấy hồ sơ.")
        return DossierCopy(**found)

    _describe_push_event(app)
    if hooks is not None:
        @app.post("/_faults", include_in_schema=False)
        async def set_faults(request: Request) -> dict[str, Any]:
            body = await request.json()
            hooks.hang_after_items = body.get("hang_after_items")
            return {"ok": True}

        @app.get("/_faults", include_in_schema=False)
        def get_faults() -> dict[str, Any]:
            return {"hanging": hooks.hanging.is_set()}

    return app
