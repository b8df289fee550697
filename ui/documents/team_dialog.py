"""Choosing the team a document is for (or every team): a short list, OK and Cancel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

LEAD_ROLE = Qt.ItemDataRole.UserRole + 1
# The "every team" row's lead id.
EVERY_TEAM = 0


@dataclass(frozen=True)
class TeamChoice:
    """One row: the team's lead (user id) and what the list shows."""

    lead_id: int
    label: str


class TeamDialog(QDialog):
    """Lists ``teams``; with ``allow_all`` an "All teams" row comes first and is the default."""

    def __init__(
        self,
        title: str,
        prompt: str,
        teams: Sequence[TeamChoice],
        allow_all: bool,
        preselect: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("teamDialog")
        self.setStyleSheet("QListWidget::item { padding: 5px 6px; }")
        self.setMinimumWidth(420)
        self._title = title
        self._allow_all = allow_all and bool(teams)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("dialogTitle")
        self.prompt_label = QLabel(prompt)
        self.prompt_label.setObjectName("dialogSubtitle")
        self.prompt_label.setWordWrap(True)
        self.list = QListWidget()
        self.list.setMinimumHeight(220)
        self.list.setAlternatingRowColors(True)
        self.all_item: QListWidgetItem | None = None
        if self._allow_all:
            self.all_item = QListWidgetItem()
            self.all_item.setData(LEAD_ROLE, EVERY_TEAM)
            font = self.all_item.font()
            font.setBold(True)
            self.all_item.setFont(font)
            self.list.addItem(self.all_item)
        for team in teams:
            item = QListWidgetItem(team.label)
            item.setData(LEAD_ROLE, team.lead_id)
            self.list.addItem(item)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("noticeMessage")
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(not teams)
        self.list.setVisible(bool(teams))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.currentItemChanged.connect(lambda *_: self._update())
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.buttons)
        self._select(preselect)
        self.retranslateUi()

    def _select(self, lead_id: int | None) -> None:
        for row in range(self.list.count()):
            if lead_id is not None and self.list.item(row).data(LEAD_ROLE) == lead_id:
                self.list.setCurrentRow(row)
                return
        if self.list.count():
            self.list.setCurrentRow(0)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self._title)
        if self.all_item is not None:
            self.all_item.setText(self.tr("All teams of the day"))
        self.empty_label.setText(self.tr("No team has a visit then: there is nothing to print."))
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _update(self) -> None:
        self.ok_button.setEnabled(self.list.currentItem() is not None)

    def chosen_lead(self) -> int | None:
        """The chosen team's lead id; None for "All teams" (or nothing chosen)."""
        item = self.list.currentItem()
        if item is None:
            return None
        lead = int(item.data(LEAD_ROLE))
        return None if lead == EVERY_TEAM else lead

    def accept(self) -> None:
        if self.list.currentItem() is not None:
            super().accept()
