"""`counter-server`: run the reference server, issue enrollment codes, print counts."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from sync.server.schema import DEFAULT_DB_URL, open_database
from sync.server.store import ServerStore

FAULTS_ENV = "COUNTER_SERVER_FAULTS"  # "1": enable the test-only fault hooks


def _db(args) -> str:
    return args.db or os.environ.get("COUNTER_SERVER_DB") or DEFAULT_DB_URL


def _store(args) -> ServerStore:
    return ServerStore(open_database(_db(args)))


def _print(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def cmd_serve(args) -> int:
    import uvicorn

    from sync.server.app import create_app

    app = create_app(_db(args), faults=args.faults or os.environ.get(FAULTS_ENV) == "1")
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False)
    return 0


def cmd_enroll_code(args) -> int:
    code = _store(args).issue_code(args.agency)
    sys.stdout.write(code + "\n")
    return 0


def cmd_province_key(args) -> int:
    """The public key that verifies slips (base64 of its 32 bytes, or PEM), for verifiers'
    `counter-app verify --key FILE`."""
    from cryptography.hazmat.primitives import serialization

    private, public = _store(args).signing_key()
    if args.pem:
        sys.stdout.write(private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii"))
    else:
        sys.stdout.write(public + "\n")
    return 0


def cmd_stats(args) -> int:
    _print(_store(args).stats())
    return 0


def cmd_department_status(args) -> int:
    try:
        data = _store(args).department_status(args.dossier, args.status, args.note or "", args.by or "")
    except LookupError:
        sys.stderr.write(f"Không tìm thấy hồ sơ {args.dossier}.\n")
        return 1
    _print(data)
    return 0


def cmd_publish(args) -> int:
    """Publish a calendar (list of {date, kind, note, basis}, as resources/calendar/overrides.json) or a
    catalogue (list of procedures) file."""
    from counter_app.domain.due_dates import CalendarOverride
    from counter_app.domain.errors import message
    from counter_app.domain.catalogue import ProcedureSpec

    try:
        try:
            raw = json.loads(Path(args.file).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:  # said as the file's fault
            raise ValueError(f"không đọc được tệp JSON {args.file} ({exc})") from exc
        items = raw.get("overrides" if args.kind == "calendar" else "procedures", raw) if isinstance(raw, dict) else raw
        if not isinstance(items, list):
            raise ValueError("cần một danh sách các mục")
        if args.kind == "calendar":
            overrides = [CalendarOverride.from_dict(o, where=message("working_time.where_item", index=i))
                         for i, o in enumerate(items, start=1)]
            if len({o.day for o in overrides}) != len(overrides):
                raise ValueError("một ngày được điều chỉnh hai lần")
            data = {"overrides": [o.to_dict() for o in overrides]}
        else:
            for p in items:
                ProcedureSpec.from_dict(p)
            data = {"procedures": items}
    except (KeyError, TypeError, ValueError) as exc:
        sys.stderr.write(f"Tệp không hợp lệ: {args.describe(exc)}\n")
        return 2
    seq = _store(args).publish(args.kind, data, args.agency)
    _print({"seq": seq, "kind": args.kind, "items": len(items)})
    return 0


def cmd_devices(args) -> int:
    _print(_store(args).devices(args.agency))
    return 0


def cmd_migrate(args) -> int:
    """Bring the database's schema up to date (serve does it too, at every start)."""
    _store(args)
    sys.stdout.write("Cơ sở dữ liệu đã ở phiên bản lược đồ mới nhất.\n")
    return 0


def cmd_revocation_list(args) -> int:
    """The province's signed list of revoked workstations (base64), for verifiers without a
    network: `counter-app verify --revocations FILE`."""
    from sync.server.slips import revocation_list

    store = _store(args)
    private, _public = store.signing_key()
    signed, _at = revocation_list(private, store)
    sys.stdout.write(signed + "\n")
    return 0


def cmd_revoke(args) -> int:
    ok = _store(args).revoke(args.device)
    if not ok:
        sys.stderr.write(f"Không tìm thấy thiết bị {args.device}.\n")
    return 0 if ok else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="counter-server", description="Reference provincial sync server.")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_db(p):
        p.add_argument("--db", help=f"database URL (default: $COUNTER_SERVER_DB or {DEFAULT_DB_URL})")
        return p

    p = with_db(sub.add_parser("serve", help="run the HTTP API"))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--log-level", default="warning")
    p.add_argument("--faults", action="store_true", help=argparse.SUPPRESS)  # tests only
    p.set_defaults(fn=cmd_serve)

    p = with_db(sub.add_parser("enroll-code", help="print a one-time enrollment code"))
    p.add_argument("--agency", required=True, help="agency identifier, e.g. 000.00.14.H56")
    p.set_defaults(fn=cmd_enroll_code)

    p = with_db(sub.add_parser("province-key", help="print the public key that verifies slips' QR codes"))
    p.add_argument("--pem", action="store_true", help="as PEM (default: base64 of the 32 raw bytes)")
    p.set_defaults(fn=cmd_province_key)

    p = with_db(sub.add_parser("stats", help="print counts as JSON"))
    p.set_defaults(fn=cmd_stats)

    p = with_db(sub.add_parser("department-status", help="record a department's status change"))
    p.add_argument("--dossier", required=True, help="dossier id or code")
    p.add_argument("--status", type=int, required=True, choices=range(1, 11), metavar="1..10")
    p.add_argument("--note")
    p.add_argument("--by", help="department name")
    p.set_defaults(fn=cmd_department_status)

    p = with_db(sub.add_parser("publish", help="publish a calendar or catalogue update"))
    p.add_argument("kind", choices=["calendar", "catalogue"])
    p.add_argument("file", help="JSON file")
    p.add_argument("--agency", help="only for this agency (default: all)")
    p.set_defaults(fn=cmd_publish)

    p = with_db(sub.add_parser("devices", help="list enrolled devices as JSON (to find the one to revoke)"))
    p.add_argument("--agency", help="only this agency's")
    p.set_defaults(fn=cmd_devices)

    p = with_db(sub.add_parser("migrate", help="apply the schema migrations and exit"))
    p.set_defaults(fn=cmd_migrate)

    p = with_db(sub.add_parser("revoke", help="revoke a device's token"))
    p.add_argument("--device", required=True)
    p.set_defaults(fn=cmd_revoke)

    p = with_db(sub.add_parser("revocation-list",
                               help="print the signed list of revoked workstations (for verify --revocations)"))
    p.set_defaults(fn=cmd_revocation_list)
    return parser


def main(argv: list[str] | None = None, *, describe: Callable[[BaseException], str] = str) -> int:
    """Run a command. *describe* says a refusal of the core (its code and parameters by
    default): sync does not import ui, so the installed ``counter-server`` (ui.cli.server) passes
    ``ui.messages.error_text``, which says the codes in words."""
    args = build_parser().parse_args(argv)
    args.describe = describe
    return int(args.fn(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
