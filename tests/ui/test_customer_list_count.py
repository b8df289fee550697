"""Issue 19: a search's rows come first, its count for the status line once they are painted."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from tests.factories import Org
from tests.ui.test_customer_list import crowd, make_page, names  # noqa: F401 (fixture)
from ui.settings import Settings


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.seen += 1
        return False


def test_the_count_follows_the_painted_rows(
    qtbot: QtBot, sqlite_db: Database, org: Org, crowd: list[int], settings: Settings,  # noqa: F811
) -> None:
    page = make_page(qtbot, sqlite_db, settings)
    qtbot.waitUntil(lambda: page.count == len(crowd))
    paints = _Paints()
    page.table.viewport().installEventFilter(paints)
    with qtbot.waitSignal(page.model.sig_reloaded):
        page.filter_bar.search_edit.setText("张三")
        page.filter_bar.flush()
    # The rows are in the model; the count waits for them to be painted.
    assert sorted(names(page)) == ["张三", "张三丰"]
    assert page.count is None
    assert page.status_label.text() == "Counting…"
    qtbot.waitUntil(lambda: page.count == 2)
    assert paints.seen > 0
    assert page.status_label.text() == "2 customers"


def test_a_hidden_list_counts_at_once(
    qtbot: QtBot, sqlite_db: Database, org: Org, crowd: list[int], settings: Settings,  # noqa: F811
) -> None:
    page = make_page(qtbot, sqlite_db, settings)
    page.hide()
    with qtbot.waitSignal(page.model.sig_reloaded):
        page.filter_bar.search_edit.setText("张三")
        page.filter_bar.flush()
    qtbot.waitUntil(lambda: page.count == 2)
