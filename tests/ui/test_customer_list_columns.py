"""Issue 16.9: the customer list's columns take the width their content needs (region,
next visit and "updated" were cut while the window had room), and a width the user set
by hand is remembered and kept over the fitting."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont
from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from tests.factories import Org
from tests.ui.test_customer_list import crowd, make_page, settle  # noqa: F401 (fixture)
from ui.customers.list_model import Column
from ui.customers.list_page import DEFAULT_WIDTHS
from ui.i18n import Translations
from ui.settings import Settings

FITTED = (Column.DISTRICT, Column.NEXT_VISIT, Column.UPDATED, Column.ID_NUMBER)


def test_columns_fit_their_content_and_keep_the_users_width(
    qtbot: QtBot, sqlite_db: Database, org: Org, crowd: list[int], tmp_path: Path,  # noqa: F811
    translations: Translations,
) -> None:
    settings = Settings(tmp_path / "ui.ini")
    page = make_page(qtbot, sqlite_db, settings)
    page.resize(1366, 768)
    table, header = page.table, page.table.horizontalHeader()
    # A large screen font (the demo's CJK font at 125 %): the fixed widths would cut.
    font = QFont(table.font())
    font.setPixelSize(24)
    table.setFont(font)
    page.filter_bar.search_edit.setText("张")
    page.filter_bar.flush()
    settle(qtbot, page)
    assert table.sizeHintForColumn(Column.UPDATED) > DEFAULT_WIDTHS[Column.UPDATED]
    for column in FITTED:
        need = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        assert header.sectionSize(column) >= need, column.name  # nothing cut
    assert settings.raw("customers/column_widths") in (None, "")  # fitting is not a choice

    header.resizeSection(Column.DISTRICT, 90)  # the user narrows it on purpose
    page.close()
    again = make_page(qtbot, sqlite_db, Settings(tmp_path / "ui.ini"))
    again_header = again.table.horizontalHeader()
    assert again_header.sectionSize(Column.DISTRICT) == 90
    again.filter_bar.search_edit.setText("张")
    again.filter_bar.flush()
    settle(qtbot, again)
    assert again_header.sectionSize(Column.DISTRICT) == 90  # a reload does not refit it
