"""``hvdesk [--db URL] [--as USER] COMMAND …`` — the same services as the GUI.

User errors print one line to stderr and exit 1; usage errors exit 2 (argparse).
With no command (or ``gui``) the ``hvdesk`` launcher (``ui/launch.py``, the
entry point above this package) starts the desktop application: the CLI itself
never imports the Qt shell.

Building the parser must stay cheap (``hvdesk --help`` well under a second):
the command modules import the core's services, Alembic, folium, reportlab …
inside their handlers, and this module imports SQLAlchemy and the CLI context
only once a command runs. tests/test_cli_startup.py checks it.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from hvdesk import __version__
from hvdesk.cli import (
    admin_cmds,
    backup_cmds,
    data_cmds,
    document_cmds,
    idcard_cmd,
    import_cmds,
    map_cmd,
    notices_cmds,
    priorities_cmds,
    report_cmds,
    rights_cmds,
    schedule_cmds,
    session_cmds,
)
from hvdesk.cli.options import ENV_USER, CommandParser, HelpFormatter, add_global_options
from hvdesk.errors import HvdeskError
from hvdesk.messages import msg

if TYPE_CHECKING:
    from hvdesk.cli.common import CliContext

__all__ = ["ENV_USER", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hvdesk",
        description="Plan and run home visits. With no command, start the desktop application.",
        epilog="'hvdesk COMMAND --help' describes a command's options.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"hvdesk {__version__}")
    add_global_options(parser, "database and user (also accepted after the command)", None)
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", title="commands", parser_class=CommandParser
    )
    gui = commands.add_parser("gui", help="start the desktop application (the default)")
    gui.set_defaults(handler=_no_gui_here)
    data_cmds.register(commands)
    admin_cmds.register(commands)
    import_cmds.register(commands)
    idcard_cmd.register(commands)
    schedule_cmds.register(commands)
    map_cmd.register(commands)
    notices_cmds.register(commands)
    priorities_cmds.register(commands)
    report_cmds.register(commands)
    document_cmds.register(commands)
    session_cmds.register(commands)
    rights_cmds.register(commands)
    backup_cmds.register(commands)
    return parser


def _no_gui_here(_ctx: CliContext, _args: argparse.Namespace) -> int:
    # Reached only through ``python -m hvdesk`` (the core alone): the application
    # starts from the ``hvdesk`` command, whose launcher lives with the Qt shell.
    raise HvdeskError(msg(
        "cli.gui_elsewhere", "the desktop application starts with the 'hvdesk' command "
        "(or 'python -m ui.launch'); 'python -m hvdesk' runs the other commands"))


def _database_error(exc: Exception) -> str | None:
    """The driver's first line for a database error, else None.

    Without SQLAlchemy loaded nothing raised can be one of its errors; looked
    up here rather than imported, so commands without a database stay light.
    """
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is None or not isinstance(exc, sa_exc.OperationalError | sa_exc.ProgrammingError):
        return None
    orig = getattr(exc, "orig", None)
    return str(orig).strip().splitlines()[0] if orig else type(exc).__name__


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=os.environ.get("HVDESK_LOG_LEVEL", "WARNING"))
    parser = build_parser()
    args = parser.parse_args(argv)
    # Imported once a command runs (--help, --version and usage errors stop
    # earlier); the context itself loads the database layer on first use, so a
    # command without a database (idcard) never loads SQLAlchemy.
    from hvdesk.cli.common import CliContext

    ctx = CliContext(db_url=args.db, as_user=args.as_user or os.environ.get(ENV_USER),
                     password_stdin=bool(getattr(args, "password_stdin", False)))
    handler = getattr(args, "handler", _no_gui_here)
    try:
        return int(handler(ctx, args))
    except HvdeskError as exc:
        from hvdesk.messages import cli_language, render

        print(f"hvdesk: error: {render(exc, cli_language())}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        from hvdesk.messages import cli_language, msg

        print(msg("cli.interrupted", "hvdesk: interrupted").render(cli_language()),
              file=sys.stderr)
        return 130
    except Exception as exc:
        first = _database_error(exc)
        if first is None:
            raise
        from hvdesk.messages import cli_language, msg

        # The driver's own words stay as they are: they name what the server said.
        print(msg("cli.database_error", "hvdesk: database error: {reason}",
                  reason=first).render(cli_language()), file=sys.stderr)
        return 1
    finally:
        ctx.close()
