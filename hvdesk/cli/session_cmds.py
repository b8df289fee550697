"""``hvdesk login`` / ``hvdesk logout``: a session instead of a password per command."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from hvdesk.errors import HvdeskError
from hvdesk.messages import msg
from hvdesk.security.signin_policy import POLICY

if TYPE_CHECKING:
    from hvdesk.cli.common import CliContext


def register(commands: Any) -> None:
    login = commands.add_parser(
        "login",
        help="sign in once for the commands that follow (an expiring session for this database)",
    )
    login.add_argument("user", nargs="?", metavar="USER",
                       help="the login name (default: --as or HVDESK_USER)")
    login.add_argument("--hours", type=_hours, default=POLICY.session_hours, metavar="N",
                       help=f"how long the session lasts (default: {POLICY.session_hours}, "
                       "at most 24)")
    login.set_defaults(handler=run_login)
    logout = commands.add_parser("logout", help="end this desk's session for the database")
    logout.set_defaults(handler=run_logout)


def _hours(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= 24:
        raise argparse.ArgumentTypeError("must be between 1 and 24")
    return value


def run_login(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.security import tokens
    from hvdesk.services import audit, sessions

    login = args.user or ctx.as_user
    if not login:
        raise HvdeskError(msg("cli.session_cmds.name_user_hvdesk",
                "name the user: hvdesk login USER"))
    db = ctx.database()
    db_id = db.database_id()
    if db_id is None:
        raise HvdeskError(msg("cli.session_cmds.database_set_up",
                "the database is not set up yet: run 'hvdesk db upgrade'"))
    actor = ctx.sign_in(db, login, via="login")
    with db.begin() as s:
        audit.bind_actor(s, actor)
        token, expires = sessions.start(s, actor, db_id, hours=args.hours)
    where = tokens.store(db_id, actor.login, token)
    print(f"signed in as {actor.login} until {expires.astimezone():%Y-%m-%d %H:%M} "
          f"(session kept in {where}); 'hvdesk logout' ends it")
    return 0


def run_logout(ctx: CliContext, _args: argparse.Namespace) -> int:
    from hvdesk.security import tokens
    from hvdesk.services import sessions

    db = ctx.database()
    db_id = db.database_id()
    stored = tokens.load(db_id) if db_id else None
    if db_id is None or stored is None:
        print("no login session for this database on this desk")
        return 0
    with db.begin() as s:
        sessions.end(s, stored.token)
    tokens.forget(db_id)
    print(f"signed out: the session of {stored.login} has ended")
    return 0
