"""One desk of the two-process test (tests/ui/test_desks_follow.py), run as a program.

``python -m tests.ui.desk_process URL LOGIN SETTINGS_FILE SETUP_JSON`` signs in
through the application shell (sign-in dialog → main window → change feed,
exactly as ``hvdesk`` does), then reports on stdout, one JSON object per line
prefixed with ``@@``:

* ``ready`` once the change feed is connected;
* ``change``: every change the hub delivers (origin, visit ids, wall time);
* ``visible``: a visit a remote change named, read back on a worker through
  this desk's own connection (the rows the calendar queries come from);
* ``calendar``: the visits the calendar page shows, each time it has followed a
  change (the page opens on the booking day);
* ``state``: the feed's state and whether the banner is showing;
* ``booked`` / ``book_failed``: the outcome of a ``book N`` command.

Commands on stdin: ``book N`` (book a visit for the N-th customer through the
scheduling service, on a worker, as a page would) and ``quit``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from hvdesk.changefeed import connection_lost
from hvdesk.changes import OpChanges
from hvdesk.database import Database
from hvdesk.model import Visit, VisitPurpose
from hvdesk.scheduling import service as scheduling
from hvdesk.services.context import Actor
from tests.factories import PASSWORD
from ui import app as app_module
from ui.connection import ConnectionBanner
from ui.hub import ChangeHub
from ui.i18n import Translations
from ui.settings import Settings
from ui.workers import Op, OpState

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
#: The scheduling tests' "now" and first bookable day (tests.scheduling_helpers).
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI)
TUESDAY = dt.date(2026, 12, 1)


def emit(event: str, **values: Any) -> None:
    print("@@" + json.dumps({"ev": event, **values}), flush=True)


class Commands(QObject):
    """Lines from stdin, delivered on the GUI thread."""

    sig_line = Signal(str)

    def start(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in sys.stdin:
            self.sig_line.emit(line.strip())
        self.sig_line.emit("quit")


class Desk(QObject):
    def __init__(self, url: str, login: str, settings_file: Path, setup: dict[str, Any]) -> None:
        super().__init__()
        self.app = app_module.application([sys.argv[0]])
        self.translations = Translations(self.app)
        self.translations.apply("en")
        self.setup = setup
        self.db = Database.open(url)
        settings = Settings(settings_file)
        settings.store("calendar/date", TUESDAY.isoformat())  # the day the visits are booked on
        self.shell = app_module.Shell(self.db, settings, self.translations)
        self.actor: Actor | None = None
        self.commands = Commands()
        self.commands.sig_line.connect(self.command)
        ChangeHub.instance().sig_changed.connect(self.changed)
        self.shell.start()
        dialog = self.shell.sign_in_dialog
        assert dialog is not None
        dialog.sig_signed_in.connect(self.signed_in)
        dialog.login_edit.setText(login)
        dialog.password_edit.setText(PASSWORD)
        dialog.sign_in_button.click()

    @property
    def user_db(self) -> Database:
        return self.shell._user_db or self.db

    def signed_in(self, actor: Actor) -> None:
        self.actor = actor
        link = self.shell.link
        assert link is not None and self.shell.window is not None
        self.banner = self.shell.window.findChild(ConnectionBanner)
        link.sig_state.connect(self.state)
        # The calendar as a coordinator looks at it: what it draws after following a change.
        self.shell.window.show_section("calendar")
        calendar = self.shell.window.page("calendar")
        calendar.sig_updated.connect(lambda: self._calendar(calendar))  # type: ignore[attr-defined]
        self.commands.start()

    def state(self, state: str, _detail: str) -> None:
        if state == "connected" and not getattr(self, "_ready", False):
            self._ready = True
            emit("ready")
        emit("state", state=state, banner=self.banner is not None and self.banner.isVisible())

    def changed(self, value: OpChanges) -> None:
        emit("change", origin=value.origin, visits=sorted(value.visits), seq=value.seq,
             t=time.time())
        if value.origin == "remote" and value.touches("visit"):
            ids = sorted(value.visits)
            Op(self, lambda _s: self._visible(ids)).success(
                lambda found: emit("visible", visits=found, t=time.time())).run()

    def _calendar(self, page: Any) -> None:
        data = page.loaded.data if page.loaded is not None else None
        shown = sorted(b.id for b in data.blocks) if data is not None else []
        emit("calendar", visits=shown, t=time.time())

    def _visible(self, ids: list[int]) -> list[int]:
        with self.user_db.session() as s:
            return sorted(v.id for v in (s.get(Visit, i) for i in ids) if v is not None)

    def command(self, line: str) -> None:
        if line == "quit":
            self.shell.close()
            self.app.quit()
        elif line.startswith("book "):
            self.book(int(line.split()[1]))

    def book(self, n: int) -> None:
        Op(self, lambda state: self._book(state, n)).success(
            lambda done: emit("booked", visit=done[0], t=done[1])).failure(
            lambda exc: emit("book_failed", lost=connection_lost(exc),
                             banner=self.banner is not None and self.banner.isVisible())).run()

    def _book(self, _state: OpState, n: int) -> tuple[int, float]:
        """The visit's id and when its commit returned (wall clock, as the other desk's)."""
        assert self.actor is not None
        start = dt.datetime.combine(TUESDAY, dt.time(9 + n), tzinfo=SHANGHAI)
        with self.user_db.begin() as s:
            visit = scheduling.create_visit(
                s, self.actor, customer_id=self.setup["customers"][n], start=start,
                end=start + dt.timedelta(minutes=50), member_ids=self.setup["team"],
                purpose=VisitPurpose.OVERDUE, now=NOW)
        return visit.id, time.time()


def main(argv: list[str]) -> int:
    url, login, settings_file, setup = argv
    desk = Desk(url, login, Path(settings_file), json.loads(setup))
    code = desk.app.exec()
    desk.db.dispose()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
