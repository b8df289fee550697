"""The audit table model: Qt's model checks, branch time, filter and sort."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from hvdesk.services.overview import AuditRow
from ui.pages.audit_model import AuditFilterModel, AuditTableModel, Column

SHANGHAI = ZoneInfo("Asia/Shanghai")


def row(id_: int, at: dt.datetime, login: str = "coord1", action: str = "sign_in") -> AuditRow:
    name = "王芳" if login == "coord1" else ""
    return AuditRow(id=id_, at=at, actor_login=login, actor_name=name, action=action,
                    entity="customer", entity_id=str(id_), desk="desk-7",
                    detail={"fields": ["status"]})


ROWS = [
    row(1, dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)),
    row(2, dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC), login="system", action="create"),
    row(3, dt.datetime(2026, 2, 28, 9, 0, tzinfo=dt.UTC), action="frobnicate"),
]


def test_model_passes_qt_model_checks(qtmodeltester: ModelTester) -> None:
    model = AuditTableModel(SHANGHAI, ROWS)
    qtmodeltester.check(model)
    proxy = AuditFilterModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_times_are_in_branch_time_and_values_readable() -> None:
    model = AuditTableModel(SHANGHAI, ROWS)
    first = [model.index(0, c).data() for c in Column]
    # 23:30 UTC on 1 March is 07:30 on 2 March in Shanghai.
    assert first == ["2026-03-02 07:30:00", "王芳 (coord1)", "Signed in", "Customer #1", "desk-7"]
    assert model.index(1, Column.USER).data() == "System"  # the program itself, by name
    # An action the shell has no name for is shown as the core wrote it.
    assert model.index(2, Column.ACTION).data() == "frobnicate"
    assert model.index(0, Column.ACTION).data(Qt.ItemDataRole.ToolTipRole) == "fields: ['status']"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Time"


def test_filter_and_sort() -> None:
    model = AuditTableModel(SHANGHAI, ROWS)
    proxy = AuditFilterModel()
    proxy.setSourceModel(model)
    proxy.sort(Column.TIME, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, Column.TIME).data()[:10] for r in range(3)] == [
        "2026-03-02", "2026-03-02", "2026-02-28"]
    assert proxy.index(0, Column.USER).data() == "System"
    proxy.setFilterFixedString("CREATED")
    assert proxy.rowCount() == 1
    proxy.setFilterFixedString("desk-7")
    assert proxy.rowCount() == 3
