"""Option plumbing shared by every command: where options may be typed, how help reads.

Kept free of the core's heavy modules: ``hvdesk --help`` imports this and the
command modules' ``register`` functions only (tests/test_cli_startup.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

ENV_USER = "HVDESK_USER"
ENV_DB = "HVDESK_DB_URL"

DB_HELP = (
    "database URL (sqlite:///FILE or postgresql+psycopg://USER@HOST/DB); "
    f"default: {ENV_DB}, else the local file in the user data directory"
)
AS_HELP = (
    f"act as this user; default: {ENV_USER}. Needed by every command that reads "
    "personal data or changes data, with the user's password or a 'hvdesk login' session"
)
PASSWORD_STDIN_HELP = (
    "read the user's password from the first line of standard input "
    "(else HVDESK_PASSWORD for automation, else a prompt on a terminal)"
)


class HelpFormatter(argparse.HelpFormatter):
    """Appends "(default: X)" to an option's help unless it says its default already.

    argparse's ArgumentDefaultsHelpFormatter also prints "(default: None)" and
    "(default: False)", which tell a user nothing.
    """

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (
            "default" in text
            or default is None
            or default is False
            or default is argparse.SUPPRESS
            or not action.option_strings
        ):
            return text
        return f"{text} (default: {default})"


class CommandParser(argparse.ArgumentParser):
    """A command's parser: also accepts the global options after the command name.

    Users type ``hvdesk demo --db URL`` as often as ``hvdesk --db URL demo``.
    The copies here default to SUPPRESS so that a command's parser never
    overwrites a value given before the command with its own default.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)
        add_global_options(
            self, "database and user (also accepted before the command)", argparse.SUPPRESS
        )


def add_global_options(parser: argparse.ArgumentParser, title: str, default: Any) -> None:
    """``--db``, ``--as``, ``--password-stdin``: on the main parser and on each command.

    A new global option belongs here, so that it is accepted after the command too.
    """
    group = parser.add_argument_group(title)
    group.add_argument("--db", metavar="URL", default=default, help=DB_HELP)
    group.add_argument("--as", dest="as_user", metavar="USER", default=default, help=AS_HELP)
    group.add_argument(
        "--password-stdin",
        action="store_true",
        default=False if default is None else default,
        help=PASSWORD_STDIN_HELP,
    )


def date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value
