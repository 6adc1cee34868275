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
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError

from counter_app.domain.clock import now_vn, today_vn
from sync import signing
from sync.protocol import (
    API_VERSION,
    CODE_PREFIX_PATTERN,
    INT64_MAX,
    MAX_REQUEST_BYTES,
    AuditHeadRequest,
    ChangesResponse,
    CodeMark,
    CodeMarksResponse,
    DossierCopy,
    EnrollRequest,
    EnrollResponse,
    ErrorResponse,
    Health,
    ItemResult,
    KeyRequest,
    KeyResponse,
    PushEvent,
    PushRequest,
    PushResponse,
    SafeStr,
    SignedStatement,
    describe_errors,
    parse_event,
    text_problem,
)
from sync.server import slips
from sync.server.files import MAX_FILE_BYTES, SHA256, FilesystemStorage, HashMismatch, OffsetMismatch
from sync.server.schema import MAX_SEQ, open_database
from sync.server.store import Device, Hooks, InvalidCode, ItemAnswer, KeyTaken, ServerStore, WorkstationTaken

#: Failed enrollments one client address may make per minute before it is answered 429.
ENROLL_FAILURES_PER_MINUTE = 20
FILES_ENV = "COUNTER_SERVER_FILES"
Sha256 = Annotated[str, Path(pattern=SHA256.pattern, description="The file's SHA-256, 64 lower-case hex digits")]


def _answers(*codes: int) -> dict[int | str, dict[str, Any]]:
    meaning = {
        400: "The body is not valid JSON",
        401: "No token, or the device's token is unknown or revoked: enroll again; or the request is not "
             "signed by the device's registered key (X-Device-Id, X-Signature): a token alone cannot push",
        403: "The enrollment code is unknown, already used, or its retry window has passed",
        404: "No such dossier in the device's agency",
        409: "A conflict with what the server holds: the agency's active device with this workstation "
             "number (enroll), another key of the device (key registration), or another offset of the "
             "file, which the answer's `offset` gives (files)",
        413: f"The body is larger than {MAX_REQUEST_BYTES} bytes: send fewer events at a time",
        415: "A file chunk must be sent as application/octet-stream",
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


#: pydantic's error types in words, for the person who reads a refusal at the counter.
_ERROR_WORDS = {
    "missing": "thiếu", "string_pattern_mismatch": "sai dạng", "string_too_long": "quá dài",
    "string_too_short": "quá ngắn", "string_type": "phải là chuỗi ký tự", "int_parsing": "không phải số nguyên",
    "int_type": "phải là số nguyên", "int_from_float": "phải là số nguyên", "greater_than_equal": "quá nhỏ",
    "less_than_equal": "quá lớn", "too_long": "quá nhiều phần tử", "dict_type": "phải là một đối tượng JSON",
    "list_type": "phải là một danh sách", "extra_forbidden": "không được phép có", "bool_type": "phải là true/false",
    "date_from_datetime_parsing": "không phải ngày", "date_parsing": "không phải ngày", "value_error": "không hợp lệ",
}


def _validation_answer(_request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 naming each wrong field (never echoing the input); 400 when the body is not JSON."""
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return JSONResponse({"detail": "Nội dung yêu cầu không phải JSON hợp lệ."}, status_code=400)
    listed = [{"loc": [_clip(p) for p in e.get("loc", ())], "msg": _clip(e.get("msg", "")), "type": _clip(e.get("type", ""))}
              for e in errors[:20]]
    first = listed[0] if listed else {"loc": [], "msg": ""}
    where = ".".join(str(p) for p in first["loc"]) or "/"
    words = _ERROR_WORDS.get(str(first.get("type", "")), "không hợp lệ")
    return JSONResponse({"detail": f"Yêu cầu không hợp lệ: '{where}' {words}.", "errors": listed},
                        status_code=422)


def _single_query_values(request: Request) -> None:
    """A query parameter given twice is ambiguous (which one counts?): refuse it."""
    keys = [key for key, _ in request.query_params.multi_items()]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise HTTPException(422, f"Tham số '{_clip(repeated[0])}' được gửi nhiều lần.")


def signature_headers(
    x_device_id: Annotated[str | None, Header(description="The device id given at enrollment")] = None,
    x_signature: Annotated[str | None, Header(
        description="Base64 Ed25519 signature of 'counter-sync-v1 <domain>\\n' + the exact body bytes "
        "(docs/sync-api.md, Signatures)")] = None,
) -> tuple[str | None, str | None]:
    """The signature headers, declared so that the OpenAPI description shows them."""
    return x_device_id, x_signature


async def raw_body(request: Request) -> bytes:
    """The request's body bytes exactly as they came (the signature covers them)."""
    return await request.body()


def _unsigned(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": 'Signature headers="X-Device-Id X-Signature"'})


def check_signature(dev: Device, domain: str, body: bytes, headers: tuple[str | None, str | None]) -> None:
    """Raise 401 unless *body* is signed by *dev*'s registered key (a device enrolled before
    signatures, flagged ``unsigned_legacy`` and still without a key, may send it unsigned)."""
    device_id, signature = headers
    if dev.public_key is None:
        if dev.unsigned_legacy:
            return
        raise _unsigned("Thiết bị chưa đăng ký khoá ký (Ed25519) nên không được gửi dữ liệu; cần đăng ký lại.")
    if not signature:
        raise _unsigned("Yêu cầu không có chữ ký của thiết bị (X-Signature): mã truy cập đơn thuần không đủ để "
                        "gửi dữ liệu.")
    if device_id != dev.id:
        raise _unsigned("Mã thiết bị (X-Device-Id) của yêu cầu không khớp với mã truy cập.")
    try:
        signing.verify(dev.public_key, domain, body, signature)
    except signing.BadSignature as exc:
        raise _unsigned(f"Chữ ký của yêu cầu không hợp lệ ({exc}): yêu cầu không được ký bằng khoá đã đăng ký "
                        "của thiết bị này; mã truy cập đơn thuần không đủ để gửi dữ liệu.") from None


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


def default_files_dir(db_url: str) -> FilePath:
    """Where uploaded files go unless told: $COUNTER_SERVER_FILES, beside an SQLite database,
    else ``counter-server-files`` in the working folder."""
    import os

    if os.environ.get(FILES_ENV):
        return FilePath(os.environ[FILES_ENV])
    if db_url.startswith("sqlite:///"):
        return FilePath(db_url[len("sqlite:///"):]).parent / "files"
    return FilePath("counter-server-files")


def create_app(db_url: str, *, faults: bool = False, files_dir: FilePath | str | None = None,
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

    server_private, server_public = store.signing_key()

    def countersign(statement: dict[str, Any]) -> SignedStatement:
        text = signing.canonical(statement)
        return SignedStatement(statement=text.decode("utf-8"), signature=signing.sign(server_private, signing.ACK, text))

    def current_device(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Device:
        dev = store.device_for_token(creds.credentials) if creds else None
        if dev is None:
            raise HTTPException(401, "Thiết bị chưa đăng ký hoặc đã bị thu hồi; cần đăng ký lại.",
                                headers={"WWW-Authenticate": "Bearer"})
        return dev

    files = FilesystemStorage(files_dir or default_files_dir(db_url))
    app.state.files = files

    @app.get("/v1/files/{sha256}/offset", tags=["files"], responses=_answers(401, 422))
    def file_state(sha256: Sha256, dev: Device = Depends(current_device)) -> dict[str, Any]:
        """How much of a file the server holds (resume an upload from `offset`)."""
        held, complete = files.state(sha256)
        return {"sha256": sha256, "offset": held, "complete": complete}

    @app.patch("/v1/files/{sha256}", tags=["files"], responses=_answers(401, 409, 413, 415, 422), openapi_extra={
        "requestBody": {"required": True, "content": {"application/octet-stream": {
            "schema": {"type": "string", "format": "binary"}}}}})
    async def file_chunk(sha256: Sha256, request: Request,
                         upload_offset: Annotated[int, Header(ge=0, le=MAX_FILE_BYTES, description="Where the chunk goes")],
                         upload_length: Annotated[int, Header(ge=1, le=MAX_FILE_BYTES, description="The whole file's bytes")],
                         signed: tuple[str | None, str | None] = Depends(signature_headers),
                         dev: Device = Depends(current_device)) -> JSONResponse:
        """Add a chunk (the raw body) at `Upload-Offset` to a file of `Upload-Length` bytes. The
        answer holds the bytes now held and, once complete, the hash the server verified. 409
        (with the `offset` held): another offset was expected, the chunk runs past the length,
        or the whole file had another hash (it is dropped: `offset` 0). The chunk is signed by
        the device's key (domain `file-chunk`, over the file, offset, length and the chunk's
        SHA-256): a token alone cannot store a file."""
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/octet-stream":
            raise HTTPException(415, "Thân yêu cầu phải là các byte của tệp (Content-Type: application/octet-stream).")
        data = await request.body()
        check_signature(dev, signing.FILE_CHUNK, signing.chunk_statement(sha256, upload_offset, upload_length, data),
                        signed)
        try:
            if upload_offset + len(data) > upload_length:
                raise OffsetMismatch(files.state(sha256)[0])
            held, complete = files.append(sha256, upload_offset, data, upload_length)
        except OffsetMismatch as exc:
            return JSONResponse({"detail": f"Đoạn tệp không khớp chỗ máy chủ đang giữ ({exc.offset} byte) hoặc vượt "
                                 "quá Upload-Length; hãy hỏi lại vị trí rồi gửi tiếp.", "offset": exc.offset},
                                status_code=409)
        except HashMismatch:
            return JSONResponse({"detail": "Tệp nhận đủ nhưng mã băm không khớp; hãy gửi lại từ đầu.", "offset": 0},
                                status_code=409)
        return JSONResponse({"sha256": sha256, "offset": held, "complete": complete,
                             "verified": sha256 if complete else None})

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
            dev, token = store.enroll(body.code, body.workstation_no, body.name, body.nonce, body.public_key)
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
        issued = slips.issue(server_private, dev)
        return EnrollResponse(token=token, device_id=dev.id, agency_id=dev.agency_id, server_key=server_public,
                              certificate=issued[0] if issued else None)

    @app.post("/v1/device/key", response_model=KeyResponse, tags=["enrollment"],
              responses=_answers(400, 401, 409, 413, 422))
    def register_key(body: KeyRequest, raw: bytes = Depends(raw_body),
                     signed: tuple[str | None, str | None] = Depends(signature_headers),
                     dev: Device = Depends(current_device)) -> KeyResponse:
        """A device enrolled before signatures registers its Ed25519 key, once (the request is
        signed with that key); from then on its pushes must be signed."""
        try:
            signing.verify(body.public_key, signing.KEY, raw, signed[1])
        except signing.BadSignature as exc:
            raise _unsigned(f"Yêu cầu đăng ký khoá không được ký bằng chính khoá đó ({exc}).") from None
        if dev.public_key is None and not dev.unsigned_legacy:
            raise _unsigned("Thiết bị này phải có khoá từ lúc đăng ký; cần đăng ký lại.")
        try:
            store.register_key(dev, body.public_key)
        except KeyTaken:
            raise HTTPException(409, "Thiết bị này đã có một khoá ký khác; mã truy cập đơn thuần không thay được "
                                "khoá. Nếu máy trạm mất khoá, hãy thu hồi thiết bị và đăng ký lại.") from None
        issued = slips.issue(server_private, replace(dev, public_key=body.public_key))
        return KeyResponse(server_key=server_public, certificate=issued[0] if issued else None)

    @app.post("/v1/audit/head", response_model=SignedStatement, tags=["sync"],
              responses=_answers(400, 401, 413, 422))
    def audit_head(body: AuditHeadRequest, raw: bytes = Depends(raw_body),
                   signed: tuple[str | None, str | None] = Depends(signature_headers),
                   dev: Device = Depends(current_device)) -> SignedStatement:
        """Countersign the head of the workstation's audit chain (signed by the device): the
        statement {type: 'audit_head', device_id, seq, hash, signed_at} lets `counter-app check`
        catch a local chain rewritten as a whole."""
        if dev.public_key is None:
            raise _unsigned("Thiết bị chưa đăng ký khoá ký (Ed25519); không thể xác nhận nhật ký.")
        check_signature(dev, signing.AUDIT_HEAD, raw, signed)
        at = store.anchor_audit(dev, body.seq, body.hash)
        return countersign({"type": "audit_head", "device_id": dev.id, "seq": body.seq, "hash": body.hash,
                            "signed_at": at.isoformat()})

    @app.post("/v1/events", response_model=PushResponse, tags=["sync"], responses=_answers(400, 401, 413, 422))
    def push(body: PushRequest, raw: bytes = Depends(raw_body),
             signed: tuple[str | None, str | None] = Depends(signature_headers),
             dev: Device = Depends(current_device)) -> PushResponse:
        """Store a batch of events, idempotently by `event_id`; one result per event, in order.
        The body must be signed by the device's key (`X-Device-Id`, `X-Signature`); the answer
        carries the server's signed acknowledgement (`receipt`)."""
        check_signature(dev, signing.PUSH, raw, signed)
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
        results = [ItemResult(**(a or next(stored)).to_json()) for a in answers]
        receipt = countersign({
            "type": "push_ack", "device_id": dev.id, "body_sha256": signing.sha256_hex(raw),
            "results": [r.model_dump(exclude_none=True) for r in results],
            "signed_at": now_vn().replace(microsecond=0).isoformat()})
        return PushResponse(results=results, receipt=receipt)

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
                   prefix: str | None = Query(
                       None, pattern=CODE_PREFIX_PATTERN,
                       description="The agency's identifier in the second code form (Thông tư 04/2025/TT-VPCP, "
                       "MX1X2.Y1Y2Y3.Z1Z2): its codes of the device's agency count too"),
                   dev: Device = Depends(current_device)) -> CodeMarksResponse:
        """The highest dossier number per day that the province holds in a workstation's
        sequence of the device's agency (numbers ≡ workstation_no mod stride), from `since` on,
        among its codes of either form: a workstation restored from an old backup never gives
        those numbers again."""
        floor = today_vn() - timedelta(days=400)
        marks = store.code_marks(dev, max(since, floor), workstation_no, stride, prefix)
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

    slips.add_routes(app, store, server_private, server_public, current_device)
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
