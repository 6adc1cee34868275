"""The sync API's messages, typed once (pydantic): the server validates and documents with them.

The workstation's transport (sync.transport) sends and reads the same shapes as plain JSON:
the counter's frozen bundle leaves pydantic out (an import contract in pyproject.toml keeps
it so), and the contract between the two is tested end to end against the real server.

Every field has its bounds: an id fits its column, a number fits a 32-bit INTEGER, and no
string anywhere in a message (free-form snapshot fields and keys included) holds a NUL or a
lone surrogate, which neither PostgreSQL nor a UTF-8 encoder can store. The server answers a
request that breaks them with 422 (or, for one event of a batch, that event's rejection),
never 5xx.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from counter_app.domain import code_rules
from counter_app.domain.dossier_codes import parse_code

API_VERSION = "1"
MAX_BATCH = 1000                  # events per push
MAX_REQUEST_BYTES = 4 * 1024 * 1024  # a larger body is answered 413; the client then sends item by item
MAX_JSON_DEPTH = 32               # nesting of free-form JSON in an event
INT32_MAX = 2**31 - 1             # the server's INTEGER columns (status, version, seq)
INT64_MAX = 2**63 - 1             # cursors are 64-bit on the wire
MAX_WORKSTATION_NO = 9999         # a workstation's numbers W, W+S, … stay 4-digit
ENROLL_CODE_PATTERN = r"^[A-Za-z0-9-]{4,64}$"
ENROLL_NONCE_PATTERN = r"^[A-Za-z0-9_-]{16,128}$"
KIND_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
PUBLIC_KEY_PATTERN = r"^[A-Za-z0-9+/]{43}=$"   # base64 of a 32-byte Ed25519 public key
HASH_PATTERN = r"^[0-9a-f]{64}$"
#: A dossier code of either form (TT 01/2018 ``<agency>-YYMMDD-NNNN``; TT 04/2025
#: ``MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX``), from the bundled rules (counter_app.domain.code_rules).
DOSSIER_CODE_PATTERN = code_rules.any_form_pattern()
#: The agency's identifier as printed in a code (up to 13 characters, dot-separated groups).
CODE_PREFIX_PATTERN = r"^[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*$"


class UnsafeText(ValueError):
    """A string the database cannot store (NUL, lone surrogate) or JSON nested too deep."""


def text_problem(value: str) -> str | None:
    """Why *value* cannot be stored as text, or None."""
    if "\x00" in value:
        return "chứa ký tự NUL"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "chứa ký tự Unicode không hợp lệ (surrogate)"
    return None


def _safe(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _where(path: str) -> str:
    path = path or "/"
    return path if len(path) <= 60 else path[:57] + "…"


def check_json(value: Any, path: str = "", depth: int = 0) -> None:
    """Raise UnsafeText naming the first place in *value* that cannot be stored."""
    if depth > MAX_JSON_DEPTH:
        raise UnsafeText(f"'{_where(path)}': lồng nhau quá {MAX_JSON_DEPTH} tầng")
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            raise UnsafeText(f"'{_where(path)}' {problem}")
    elif isinstance(value, float) and not math.isfinite(value):
        raise UnsafeText(f"'{_where(path)}' không phải một số hữu hạn")
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = text_problem(str(key))
            if problem:
                raise UnsafeText(f"tên trường trong '{_where(path)}' {problem}")
            check_json(item, f"{path}.{key}" if path else str(key), depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_json(item, f"{path}[{index}]", depth + 1)


def _json_int(value: Any) -> Any:
    """An integer as JSON Schema means it: an int, or a number with no fraction (3.0); never a
    string or a boolean. The bounds are checked afterwards, so 1e300 fails on its maximum."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("cần một số nguyên")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("cần một số nguyên")
        return int(value)
    return value


#: Text a database can store: no NUL (said in the OpenAPI too) and no lone surrogate.
SafeStr = Annotated[str, Field(pattern=r"^[^\x00]*$"), AfterValidator(_safe)]


def json_int(ge: int, le: int) -> Any:
    """An integer in [ge, le] (bounds inside the validator, so the OpenAPI shows minimum/maximum)."""
    return Annotated[int, Field(ge=ge, le=le), BeforeValidator(_json_int)]


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- enrollment ----------------------------------------------------------------------------
class EnrollRequest(_Message):
    code: str = Field(pattern=ENROLL_CODE_PATTERN, description="One-time enrollment code issued by the province")
    workstation_no: json_int(1, MAX_WORKSTATION_NO) | None = Field(
        default=None, description="This counter's number in its agency (1–9999)")
    name: SafeStr = Field(default="", max_length=100, description="A label for the workstation")
    nonce: str | None = Field(
        default=None, pattern=ENROLL_NONCE_PATTERN,
        description="Random value made by the workstation for this enrollment and sent again, unchanged, "
        "when it retries: a retry of the same code and nonce within the retry window gets the same "
        "device and a fresh token instead of 403")
    public_key: str = Field(
        pattern=PUBLIC_KEY_PATTERN,
        description="Base64 of the workstation's Ed25519 public key (32 bytes): every push must be signed with it")


class EnrollResponse(BaseModel):
    token: str = Field(description="Bearer token; shown once, stored hashed on the server")
    device_id: str
    agency_id: str
    server_key: str = Field(description="Base64 of the server's Ed25519 public key: the workstation pins it "
                            "and checks every signed acknowledgement with it")
    certificate: str | None = Field(
        default=None, description="Base64 of the workstation's certificate (a COSE_Sign1 CWT the province signs: "
        "device id, agency, workstation number, public key, validity): the workstation puts it in every slip's "
        "QR so that anyone holding the province's key can verify the slip offline (docs/sync-api.md, \"Slip QR\")")


class KeyRequest(_Message):
    """A device enrolled before signatures registers its key (the request is signed with it)."""

    public_key: str = Field(pattern=PUBLIC_KEY_PATTERN, description="Base64 of the Ed25519 public key")


class KeyResponse(BaseModel):
    server_key: str = Field(description="Base64 of the server's Ed25519 public key, to pin")
    certificate: str | None = Field(default=None, description="Base64 of the workstation's certificate for "
                                    "the key just registered (as in EnrollResponse)")


class CertificateResponse(BaseModel):
    certificate: str = Field(description="Base64 of a fresh certificate of the device's registered key")
    not_after: str = Field(description="When the certificate expires (ISO 8601, UTC)")


class RevocationListResponse(BaseModel):
    revocations: str = Field(description="Base64 of the province's signed list of revoked workstations "
                                         "(COSE_Sign1, counter_app.domain.slip_qr.read_revocation_list)")
    issued_at: str = Field(description="When the list was signed (ISO 8601, UTC)")


class AuditHeadRequest(_Message):
    """The newest entry of the workstation's audit chain (counter_app.store.audit), to countersign."""

    seq: json_int(1, INT32_MAX) = Field(description="The entry's number (fits the server's INTEGER column)")
    hash: str = Field(pattern=HASH_PATTERN, description="The entry's chain hash (SHA-256, hex)")


class SignedStatement(BaseModel):
    """A statement of the server and its signature (docs/sync-api.md, Signatures)."""

    statement: str = Field(description="Canonical JSON (sorted keys, no spaces, UTF-8) of what the server states")
    signature: str = Field(description="Base64 Ed25519 signature of 'counter-sync-v1 ack\\n' + the statement's bytes")


# --- push ----------------------------------------------------------------------------------
class DossierSnapshot(BaseModel):
    """The dossier after the change; the fields the server reads are typed, the rest is kept as is."""

    model_config = ConfigDict(extra="allow")

    id: SafeStr = Field(min_length=1, max_length=36)
    code: SafeStr = Field(min_length=1, max_length=40, pattern=DOSSIER_CODE_PATTERN,
                          description="The dossier code, of either form (docs/sync-api.md, Dossier codes)")
    agency_id: SafeStr = Field(min_length=1, max_length=13)

    @field_validator("code")
    @classmethod
    def _a_real_day(cls, value: str) -> str:
        if parse_code(value) is None:
            raise ValueError("mã hồ sơ có ngày tiếp nhận không có thật")
        return value
    status: json_int(1, 10) = Field( description="National portal status code 1–10")
    version: json_int(1, INT32_MAX) = 1


class PushEvent(BaseModel):
    """One event of a workstation's outbox (`counter_app.store.history_write.record_event`)."""

    model_config = ConfigDict(extra="allow")

    event_id: SafeStr = Field(min_length=1, max_length=36, description="UUIDv7 made on the workstation; the idempotency key")
    kind: str = Field(pattern=KIND_PATTERN, description="What happened (received, handed_over, …)")
    dossier: DossierSnapshot
    version: json_int(0, INT32_MAX) | None = Field(
        default=None, description="The dossier's version this event makes (docs/sync-api.md, Convergence)")
    base_version: json_int(0, INT32_MAX) | None = Field(
        default=None, description="The version its author had seen: equal to version, or one less")

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        try:
            check_json(data)
        except UnsafeText as exc:
            raise ValueError(str(exc)) from None
        return data


class PushRequest(_Message):
    events: list[dict[str, Any]] = Field(
        max_length=MAX_BATCH,
        description="Events (objects of the PushEvent schema) in the order they happened. An event that "
        "does not fit PushEvent is answered in its own result (rejected, 422), not by refusing the batch")


class ItemResult(BaseModel):
    event_id: str
    status: str = Field(description="accepted | conflict | rejected")
    code: int = Field(description="HTTP-like code of this item: 200, 403, 409, 422")
    ack: int | None = Field(default=None, description="The server's sequence number of the event")
    received_at: str | None = None
    reason: str | None = Field(default=None, description="Why the item was not accepted (Vietnamese)")


class PushResponse(BaseModel):
    results: list[ItemResult]
    receipt: SignedStatement | None = Field(
        default=None, description="The server's signed acknowledgement of this batch: {type: 'push_ack', "
        "device_id, body_sha256, results, signed_at}")


# --- pull and reads ------------------------------------------------------------------------
class CodeMark(BaseModel):
    day: str = Field(description="The day of the codes (YYYY-MM-DD)")
    seq: int = Field(description="The highest number of that day in the workstation's sequence")


class CodeMarksResponse(BaseModel):
    marks: list[CodeMark]


class Change(BaseModel):
    seq: int
    kind: str = Field(description="dossier_status | catalogue | calendar")
    data: dict[str, Any]
    at: str


class ChangesResponse(BaseModel):
    changes: list[Change]
    cursor: int = Field(description="Pass as `after` next time")
    more: bool


class DossierCopy(BaseModel):
    id: str
    code: str
    status: int
    version: int
    snapshot: dict[str, Any]
    updated_at: str
    events: int = Field(description="How many events the server holds for this dossier")
    history: list[dict[str, Any]] = Field(
        default_factory=list, description="The dossier's shared history in the canonical order (Convergence)")


class Health(BaseModel):
    status: str
    api: str


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Where: body/query/path, then the field names")
    msg: str
    type: str


class ErrorResponse(BaseModel):
    """Every 4xx answer: `detail` is a message for a person (Vietnamese)."""

    detail: str
    errors: list[FieldError] | None = Field(default=None, description="For 422: each field that is wrong")


# --- helpers -------------------------------------------------------------------------------
_FIELD_NAMES = {
    "event_id": "mã sự kiện (event_id)",
    "kind": "loại sự kiện (kind)",
    "dossier": "dữ liệu hồ sơ (dossier)",
    "id": "mã định danh hồ sơ (id)",
    "code": "mã hồ sơ (code)",
    "agency_id": "mã cơ quan (agency_id)",
    "status": "trạng thái (status)",
    "version": "phiên bản (version)",
}


def _short(value: Any) -> str:
    text = repr(value)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= 40 else text[:37] + "…"


def describe_errors(exc: ValidationError) -> str:
    """A short Vietnamese sentence naming the first wrong field (the input is never echoed at length)."""
    first = exc.errors(include_url=False)[0]
    loc = [str(p) for p in first["loc"]]
    label = _FIELD_NAMES.get(loc[-1], f"'{'.'.join(loc)}'") if loc else ""
    error = str(first.get("ctx", {}).get("error", first["msg"]))
    if not loc:
        return f"Sự kiện không lưu được: {error}."
    if loc == ["dossier", "status"] and first["type"] in ("greater_than_equal", "less_than_equal"):
        return f"Trạng thái hồ sơ không hợp lệ: {_short(first.get('input'))}."
    if first["type"] == "missing":
        return f"Thiếu {label}."
    if first["type"] == "value_error":
        return f"Trường {label} không hợp lệ: {error}."
    return f"Trường {label} không hợp lệ ({first['type']}, giá trị {_short(first.get('input'))})."


def parse_event(item: Any) -> PushEvent:
    """The event as typed, or ValidationError."""
    return PushEvent.model_validate(item)
