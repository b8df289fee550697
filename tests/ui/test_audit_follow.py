"""The audit page adds what is written while it is shown, without a reload (issue 15)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from tests.factories import Org
from tests.ui.conftest import sign_in
from ui.pages.audit import AuditPage


def test_a_new_event_is_added_on_top_while_shown(
    qtbot: QtBot, sqlite_db: Database, org: Org
) -> None:
    page = AuditPage(sqlite_db, sign_in(sqlite_db, "admin"), ZoneInfo("Asia/Shanghai"))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    before = [page.model.row_at(r).id for r in range(page.model.rowCount())]

    with qtbot.waitSignal(page.sig_loaded, timeout=5000):
        sign_in(sqlite_db, "coord1")  # signing in is audited (a committed change)

    qtbot.waitUntil(lambda: page.model.rowCount() > len(before))
    rows = [page.model.row_at(r) for r in range(page.model.rowCount())]
    added = rows[: len(rows) - len(before)]
    assert [r.id for r in rows[len(added):]] == before  # the rows shown stay below
    assert all(r.id > max(before) for r in added)
    assert any(r.actor_login == "coord1" for r in added), [(r.actor_login, r.action) for r in added]
