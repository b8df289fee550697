"""``hvdesk``: a command of the CLI, or with none (or ``gui``) the desktop application.

The entry point above both layers (pyproject.toml's import contracts name it):
the core's CLI never imports the Qt shell, so the shell is started from here,
and every other command goes to :func:`hvdesk.cli.main` unchanged.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from hvdesk.cli import build_parser
from hvdesk.cli import main as cli_main


def main(argv: Sequence[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    if given[:1] == ["selftest"]:
        # Hidden (not in --help): the bundle test's check of an installed copy.
        from ui import selftest  # noqa: PLC0415

        return selftest.main(given[1:])
    # Parsed here only to tell the application from a command (and to answer
    # --help, --version and usage errors exactly as the CLI does).
    args = build_parser().parse_args(given)
    if getattr(args, "command", None) in (None, "gui"):
        from ui import app  # noqa: PLC0415 - PySide6 only when the application starts

        result: int = app.run(args.db, sys.argv[:1])
        return result
    return cli_main(given)


if __name__ == "__main__":
    sys.exit(main())
