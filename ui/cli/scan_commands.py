"""Scan subcommands: lookup (raw scanner text to a dossier, as JSON)."""

from __future__ import annotations

from ui.cli.main import EXIT_BAD_INPUT, EXIT_OK, print_json, say
from ui.messages import error_text


def register(sub) -> None:
    p = sub.add_parser("lookup", help="tìm hồ sơ theo mã quét được hoặc gõ tay, in ra dạng JSON")
    p.add_argument("text", metavar="TEXT", help="mã hồ sơ như máy quét đọc (chấp nhận chữ thường, khoảng trắng, "
                                                "tiền tố/hậu tố đã cấu hình)")
    p.set_defaults(handler=cmd_lookup)


def cmd_lookup(args, ctx) -> int:
    """Print the dossier card (applicant, procedure, documents, due, history, allowed actions).

    Text that is not a dossier code is bad input (exit 2); a code no dossier here carries is
    not found (exit 1)."""
    from counter_app.store.lookup import LookupFailed, LookupProblem, lookup

    try:
        card = lookup(ctx.store, args.text)
    except LookupFailed as exc:
        if exc.problem is LookupProblem.MALFORMED:
            say(error_text(exc))
            return EXIT_BAD_INPUT
        raise  # UNKNOWN is a NotFound: exit 1 with its message
    from ui.messages import status_text

    print_json({**card.to_dict(), "status_label": status_text(card.status)})
    return EXIT_OK
