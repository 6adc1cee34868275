"""The reference server's HTTP/JSON API (FastAPI); its OpenAPI description is at /openapi.json."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from sync.server.schema import open_database
from sync.server.store import MAX_BATCH, Device, Hooks, InvalidCode, ServerStore

API_VERSION = "1"


class EnrollRequest(BaseModel):
    code: str = Field(description="One-time enrollment code issued by the province")
    workstation_no: int | None = Field(default=None, description="This counter's number in its agency")
    name: str = Field(default="", description="A label for the workstation")


class EnrollResponse(BaseModel):
    token: str = Field(description="Bearer token; shown once, stored hashed on the server")
    device_id: str
    agency_id: str


class PushRequest(BaseModel):
    events: list[dict[str, Any]] = Field(
        description="Events in the order they happened; each carries `event_id`, `kind`, `at` and "
        "the dossier's snapshot in `dossier`", max_length=MAX_BATCH)


class ItemResult(BaseModel):
    event_id: str
    status: str = Field(description="accepted | conflict | rejected")
    code: int = Field(description="HTTP-like code of this item: 200, 403, 409, 422")
    ack: int | None = Field(default=None, description="The server's sequence number of the event")
    received_at: str | None = None
    reason: str | None = Field(default=None, description="Why the item was not accepted (Vietnamese)")


class PushResponse(BaseModel):
    results: list[ItemResult]


class ChangesResponse(BaseModel):
    changes: list[dict[str, Any]] = Field(
        description="Each: `seq`, `kind` (dossier_status | catalogue | calendar), `data`, `at`")
    cursor: int = Field(description="Pass as `after` next time")
    more: bool


class CodeMark(BaseModel):
    day: str = Field(description="The day of the codes (YYYY-MM-DD)")
    seq: int = Field(description="The highest number of that day in the workstation's sequence")


class CodeMarksResponse(BaseModel):
    marks: list[CodeMark]


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


def create_app(db_url: str, *, faults: bool = False) -> FastAPI:
    """Build the API on the database at *db_url*."""
    hooks = FaultHooks() if faults else None
    store = ServerStore(open_database(db_url), Hooks(after_item=hooks.after_item if hooks else None))
    app = FastAPI(
        title="Counter sync API",
        version=API_VERSION,
        description="Workstations of one-stop-shop counters enroll, push dossier events and pull "
        "what changed for their agency. See docs/sync-api.md.",
    )
    app.state.store = store
    bearer = HTTPBearer(auto_error=False)

    def current_device(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Device:
        dev = store.device_for_token(creds.credentials) if creds else None
        if dev is None:
            raise HTTPException(401, "Thiết bị chưa đăng ký hoặc đã bị thu hồi; cần đăng ký lại.",
                                headers={"WWW-Authenticate": "Bearer"})
        return dev

    @app.get("/health", tags=["service"])
    def health() -> dict[str, str]:
        """Liveness and readiness (the database answered)."""
        store.ping()
        return {"status": "ok", "api": API_VERSION}

    @app.post("/v1/enroll", response_model=EnrollResponse, tags=["enrollment"])
    def enroll(body: EnrollRequest) -> EnrollResponse:
        """Trade a one-time enrollment code for a device token."""
        try:
            dev, token = store.enroll(body.code, body.workstation_no, body.name)
        except InvalidCode:
            raise HTTPException(403, "Mã đăng ký không đúng hoặc đã được dùng.") from None
        return EnrollResponse(token=token, device_id=dev.id, agency_id=dev.agency_id)

    @app.post("/v1/events", response_model=PushResponse, tags=["sync"])
    def push(body: PushRequest, dev: Device = Depends(current_device)) -> PushResponse:
        """Store a batch of events, idempotently by `event_id`; one result per event, in order."""
        answers = store.push(dev, body.events)
        return PushResponse(results=[ItemResult(**a.to_json()) for a in answers])

    @app.get("/v1/changes", response_model=ChangesResponse, tags=["sync"])
    def changes(after: int = Query(0, ge=0), limit: int = Query(500, ge=1, le=1000),
                dev: Device = Depends(current_device)) -> ChangesResponse:
        """What changed for the device's agency after cursor `after`."""
        rows, more = store.changes_after(dev, after, limit)
        return ChangesResponse(changes=rows, cursor=rows[-1]["seq"] if rows else after, more=more)

    @app.get("/v1/codes/marks", response_model=CodeMarksResponse, tags=["sync"],
             responses={401: {"description": "Unknown or revoked token"}})
    def code_marks(since: date = Query(description="First day to report (at most 400 days back)"),
                   workstation_no: int = Query(ge=1, le=99), stride: int = Query(ge=1, le=99),
                   dev: Device = Depends(current_device)) -> CodeMarksResponse:
        """The highest dossier number per day that the province holds in a workstation's
        sequence of the device's agency (numbers ≡ workstation_no mod stride), from `since` on:
        a workstation restored from an old backup never gives those numbers again."""
        floor = date.today() - timedelta(days=400)
        marks = store.code_marks(dev, max(since, floor), workstation_no, stride)
        return CodeMarksResponse(marks=[CodeMark(**m) for m in marks])

    @app.get("/v1/dossiers/{dossier_id}", tags=["sync"])
    def get_dossier(dossier_id: str, dev: Device = Depends(current_device)) -> dict[str, Any]:
        """The server's copy of one of the agency's dossiers (404 for any other agency's)."""
        found = store.dossier_of(dev, dossier_id)
        if found is None:
            raise HTTPException(404, "Không tìm thấy hồ sơ.")
        return found

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
