"""What every CLI command shares: the database and the acting user."""

from __future__ import annotations

from dataclasses import dataclass, field

from hvdesk import migrations
from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.services import auth
from hvdesk.services.context import Actor


@dataclass
class CliContext:
    db_url: str | None
    as_user: str | None
    _db: Database | None = field(default=None, init=False)

    def database(self, *, migrate: bool = False) -> Database:
        if self._db is None:
            db = Database.open(self.db_url)
            db.check_connection()
            self._db = db
        if migrate:
            migrations.upgrade_with_backup(self._db)
        elif migrations.needs_upgrade(self._db):
            raise HvdeskError(
                f"the database ({self._db.describe()}) is not at the current schema: "
                "run 'hvdesk db upgrade' first"
            )
        return self._db

    def actor(self, db: Database) -> Actor:
        if not self.as_user:
            raise HvdeskError("this command acts as a user: name one with --as USER or HVDESK_USER")
        with db.session() as s:
            return auth.actor_by_login(s, self.as_user)

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
