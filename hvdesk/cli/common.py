"""What every CLI command shares: the database and the signed-in user.

A command that acts as a user gets it from :meth:`CliContext.actor`, which
signs in with the user's password or resumes a ``hvdesk login`` session;
``--as USER`` alone proves nothing and is refused.

The database layer (SQLAlchemy, the model, password hashing) is imported by
the methods that need it: every command gets a context, not every command
opens a database (issue 19: each command imports what it uses).
"""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hvdesk.errors import AuthenticationFailed, HvdeskError
from hvdesk.messages import msg

if TYPE_CHECKING:
    from hvdesk.database import Database
    from hvdesk.services.context import Actor

#: The password for scripts and scheduled jobs (automation only: the environment
#: of a process can be read by its owner and, on some systems, by admins).
ENV_PASSWORD = "HVDESK_PASSWORD"


@dataclass
class CliContext:
    db_url: str | None
    as_user: str | None
    #: ``--password-stdin``: the first line of standard input is the password.
    password_stdin: bool = False
    _db: Database | None = field(default=None, init=False)
    _actor: Actor | None = field(default=None, init=False)
    _password: str | None = field(default=None, init=False, repr=False)

    def database(self, *, migrate: bool = False) -> Database:
        from hvdesk import migrations  # see the module docstring
        from hvdesk.database import Database
        from hvdesk.services import connect

        if self._db is None:
            if not migrate and connect.needs_user_credentials(self.db_url):
                # A shared server's desk URL names no account: the desk connects as
                # the user's own login role, and the server checks the password.
                if not self.as_user:
                    raise HvdeskError(
                        msg("cli.common.shared_database_takes",
                                "this shared database takes each user's own sign-in: name the "
                                "user with --as USER (or HVDESK_USER)")
                    )
                db = connect.open_for_user(
                    self.db_url, self.as_user, self.password_for(self.as_user)
                )
            else:
                db = Database.open(self.db_url)
            db.check_connection()
            self._db = db
        if migrate:
            migrations.upgrade_with_backup(self._db)
        elif migrations.needs_upgrade(self._db):
            raise HvdeskError(
                msg("cli.common.database_db_current",
                        "the database ({db}) is not at the current schema: run 'hvdesk db "
                        "upgrade' first",
                        db=self._db.describe())
            )
        return self._db

    def actor(self, db: Database) -> Actor:
        """The signed-in user: a ``login`` session for this database, else the password."""
        if self._actor is not None:
            return self._actor
        from hvdesk import migrations
        from hvdesk.security import tokens
        from hvdesk.services import auth, sessions

        if migrations.needs_upgrade(db):
            # Only 'db upgrade' gets here: the schema may predate sessions and lockout.
            if not self.as_user:
                raise HvdeskError(msg("cli.common.upgrading_database_needs",
                        "upgrading this database needs an admin: name one with --as USER"))
            password = self.password_for(self.as_user)
            with db.session() as s:
                self._actor = auth.verify_before_upgrade(s, self.as_user, password)
            return self._actor
        db_id = db.database_id()
        stored = tokens.load(db_id) if db_id else None
        if stored is not None and (not self.as_user or self.as_user == stored.login):
            try:
                with db.session() as s:
                    self._actor = sessions.resume(s, stored.token, db_id or "")
                return self._actor
            except AuthenticationFailed:
                # Named explicitly: the password may still do; else say the session is over.
                if not self.as_user:
                    raise
        if not self.as_user:
            raise HvdeskError(
                msg("cli.common.command_acts_user",
                        "this command acts as a user: name one with --as USER (or HVDESK_USER) "
                        "and give the password, or sign in first with 'hvdesk login'")
            )
        self._actor = self.sign_in(db, self.as_user, via="cli")
        return self._actor

    def sign_in(self, db: Database, login: str, *, via: str) -> Actor:
        """Check ``login``'s password (lockout and audit included) and return the user."""
        from hvdesk.services import auth

        password = self.password_for(login)
        with db.begin() as s:
            return auth.authenticate(s, login, password, via=via)

    def password_for(self, login: str) -> str:
        """The password of ``login`` from the one source given; asked once per process.

        Order: ``--password-stdin``, ``HVDESK_PASSWORD``, a prompt on a terminal.
        (A PostgreSQL desk that connects as the user can take the same value.)
        """
        if self._password is not None:
            return self._password
        if self.password_stdin:
            line = sys.stdin.readline()
            if not line:
                raise AuthenticationFailed(msg("cli.common.password_stdin_standard",
                        "--password-stdin: standard input is empty"))
            password = line.rstrip("\r\n")
        elif os.environ.get(ENV_PASSWORD):
            # An empty variable is a slip in a script, not a guess to count against the lock.
            password = os.environ[ENV_PASSWORD]
        elif sys.stdin.isatty():
            try:
                password = getpass.getpass(f"password for {login}: ")
            except EOFError:
                password = ""
        else:
            raise AuthenticationFailed(
                msg("cli.common.login_needs_login",
                        "--as {login} needs {login}'s password: type it at the prompt, pipe it "
                        "with --password-stdin, set {ENV_PASSWORD} (automation), or use "
                        "'hvdesk login'",
                        login=login, ENV_PASSWORD=ENV_PASSWORD)
            )
        self._password = password
        return password

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
