"""Auto-plan in the calendar: the date-range dialog and the panel of proposed visits.

A proposal is never saved silently: the proposed visits are drawn as dashed
"ghost" blocks and listed here with a check box each; the coordinator accepts
all of them, the checked ones, or discards the lot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk.scheduling.calendar_query import VisitBlock

GHOST_ROLE = Qt.ItemDataRole.UserRole + 1


def short_place(district: str) -> str:
    """``锦江区`` from ``成都市锦江区``: the list is narrow and the city is the branch's."""
    cut = district.rfind("市")
    return district[cut + 1 :] if 0 <= cut < len(district) - 1 else district


class AutoPlanDialog(QDialog):
    """Which days to plan the chosen customers into."""

    def __init__(
        self, customers: int, first: dt.date, last: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("autoPlanDialog")
        self.setMinimumWidth(380)
        self._customers = customers
        self.title_label = QLabel()
        self.title_label.setObjectName("dialogTitle")
        self.hint_label = QLabel()
        self.hint_label.setObjectName("dialogSubtitle")
        self.hint_label.setWordWrap(True)
        self.first_edit = QDateEdit(QDate(first.year, first.month, first.day))
        self.last_edit = QDateEdit(QDate(last.year, last.month, last.day))
        for edit in (self.first_edit, self.last_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.first_edit.dateChanged.connect(self._keep_order)
        #: The coordinator's choice: the visits worth most per hour first (the default),
        #: or the longest overdue first.
        self.value_check = QCheckBox()
        self.value_check.setChecked(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        # Labels of their own: a row added with "" gets no label to translate later.
        self.row_labels = [QLabel() for _ in range(3)]
        for label, field in zip(self.row_labels, (self.first_edit, self.last_edit,
                                                  self.value_check), strict=True):
            self.form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.hint_label)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Auto-plan"))
        self.title_label.setText(self.tr("Propose visits"))
        self.hint_label.setText(
            self.tr(
                "Visits for {0} customers are proposed per team, respecting every rule; nothing "
                "is saved until you accept the proposal."
            ).format(self._customers)
        )
        self.value_check.setText(self.tr("Best expected value per hour first"))
        self.value_check.setToolTip(self.tr(
            "Fill each team's day with the visits expected to change most, travel included "
            "(the reasons are in the unscheduled list); untick for the longest overdue first."))
        for label, text in zip(self.row_labels, (self.tr("From:"), self.tr("To:"),
                                                 self.tr("Order:")), strict=True):
            label.setText(text)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Propose"))

    def _keep_order(self, date: QDate) -> None:
        if self.last_edit.date() < date:
            self.last_edit.setDate(date)

    def by_value(self) -> bool:
        return self.value_check.isChecked()

    def span(self) -> tuple[dt.date, dt.date]:
        first, last = self.first_edit.date(), self.last_edit.date()
        return (
            dt.date(first.year(), first.month(), first.day()),
            dt.date(last.year(), last.month(), last.day()),
        )


class ProposalPanel(QWidget):
    """The proposed visits with check boxes; accept all, the checked ones, or discard."""

    sig_accept = Signal(list)
    sig_discard = Signal()
    sig_checked_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proposalPanel")
        self.blocks: list[VisitBlock] = []
        self.unplaced: list[str] = []
        self.title_label = QLabel()
        self.title_label.setObjectName("sectionTitle")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("hint")
        self.summary_label.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("proposalList")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.itemChanged.connect(lambda _item: self.sig_checked_changed.emit())
        self.unplaced_label = QLabel()
        self.unplaced_label.setObjectName("hint")
        self.unplaced_label.setWordWrap(True)
        self.accept_checked_button = QPushButton()
        self.accept_checked_button.clicked.connect(
            lambda: self.sig_accept.emit(sorted(self.checked_ids()))
        )
        self.accept_all_button = QPushButton()
        self.accept_all_button.setDefault(True)
        self.accept_all_button.clicked.connect(
            lambda: self.sig_accept.emit([b.id for b in self.blocks])
        )
        self.discard_button = QPushButton()
        self.discard_button.clicked.connect(self.sig_discard)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.accept_all_button)
        buttons.addWidget(self.accept_checked_button)
        buttons.addWidget(self.discard_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.title_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.unplaced_label)
        layout.addLayout(buttons)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.title_label.setText(self.tr("Proposed visits"))
        self.accept_all_button.setText(self.tr("Accept all"))
        self.accept_checked_button.setText(self.tr("Accept checked"))
        self.discard_button.setText(self.tr("Discard"))
        self._summarise()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def set_proposals(self, blocks: Sequence[VisitBlock], unplaced: Sequence[str]) -> None:
        self.blocks, self.unplaced = list(blocks), list(unplaced)
        self.list.blockSignals(True)
        self.list.clear()
        for b in self.blocks:
            text = f"{b.start:%m-%d %H:%M}  {b.customer}  ·  {short_place(b.district)}"
            item = QListWidgetItem(text)
            item.setToolTip(
                f"{b.start:%Y-%m-%d %H:%M}–{b.end:%H:%M}\n{b.district}\n"
                + " · ".join(b.member_names)
            )
            item.setData(GHOST_ROLE, b.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._summarise()

    def _summarise(self) -> None:
        self.summary_label.setText(self.tr("{0} visits proposed").format(len(self.blocks)))
        self.unplaced_label.setVisible(bool(self.unplaced))
        if self.unplaced:
            self.unplaced_label.setText(
                self.tr("Not placed:") + "\n" + "\n".join(f"• {u}" for u in self.unplaced)
            )
        has = bool(self.blocks)
        for button in (self.accept_all_button, self.accept_checked_button):
            button.setEnabled(has)

    def checked_ids(self) -> set[int]:
        return {
            self.list.item(r).data(GHOST_ROLE)
            for r in range(self.list.count())
            if self.list.item(r).checkState() is Qt.CheckState.Checked
        }

    def toggle(self, ghost_id: int) -> None:
        for r in range(self.list.count()):
            item = self.list.item(r)
            if item.data(GHOST_ROLE) == ghost_id:
                checked = item.checkState() is Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
                return
