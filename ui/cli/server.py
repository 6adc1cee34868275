"""`counter-server`, the province's command line, with the core's refusals said in words.

sync does not import ui, so ``sync.server.cli`` says a refusal of the core (a bad calendar or
catalogue file) through the function it is given; here that is ``ui.messages.error_text``,
plain Python, the same words as the counter's command line."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from sync.server.cli import main as server_main  # not in the counter's bundle: asked for here only
    from ui.messages import error_text

    return server_main(argv, describe=error_text)


if __name__ == "__main__":
    sys.exit(main())
