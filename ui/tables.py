"""The look every read-only list in the app shares."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView

ROW_HEIGHT = 32


def setup_read_only_table(table: QTableView) -> QTableView:
    """Whole-row selection, no editing, no grid, alternating rows, no row numbers."""
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    table.horizontalHeader().setHighlightSections(False)
    return table
