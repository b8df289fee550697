"""Overview: the branch at a glance (customers, visits ahead, reports to review).

Counted on a worker; the figures follow the change hub (customers, visits
and reports written here or at another desk), debounced so a burst of
changes costs one count.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk import clock
from hvdesk.changes import OpChanges
from hvdesk.database import Database
from hvdesk.services import overview as queries
from hvdesk.services.context import Actor
from ui.hub import ChangeHub
from ui.icons import icon
from ui.workers import Op, OpState

#: Tables whose rows the figures count.
COUNTED_TABLES = ("customer", "visit", "visit_report")
#: A burst of changes (an import, a day planned) is counted once, this long after the last.
DEBOUNCE_MS = 500


class StatCard(QFrame):
    """One number with its caption."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.value_label = QLabel("–")
        self.value_label.setObjectName("cardValue")
        self.caption_label = QLabel()
        self.caption_label.setObjectName("cardCaption")
        self.caption_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 18)
        layout.setSpacing(4)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption_label)
        layout.addStretch(1)
        self.setMinimumWidth(140)

    def set_value(self, value: int) -> None:
        self.value_label.setText(f"{value:,}")


class OverviewPage(QWidget):
    #: New figures are shown.
    sig_refreshed = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self._db = db
        self._actor = actor
        self.data: queries.Overview | None = None
        self._op: Op[queries.Overview] | None = None
        self._again = False
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)

        self.title_label = QLabel()
        self.title_label.setObjectName("pageTitle")
        self.branch_label = QLabel()
        self.branch_label.setObjectName("pageSubtitle")
        self.refresh_button = QPushButton(icon("refresh"), "")
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.refresh)

        heading_text = QVBoxLayout()
        heading_text.setSpacing(2)
        heading_text.addWidget(self.title_label)
        heading_text.addWidget(self.branch_label)
        heading = QHBoxLayout()
        heading.addLayout(heading_text, 1)
        heading.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)

        self.customers_card = StatCard()
        self.visits_card = StatCard()
        self.reports_card = StatCard()
        cards = QGridLayout()
        cards.setHorizontalSpacing(16)
        cards.setVerticalSpacing(16)
        for column, card in enumerate((self.customers_card, self.visits_card, self.reports_card)):
            cards.addWidget(card, 0, column)
            cards.setColumnStretch(column, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(22)
        layout.addLayout(heading)
        layout.addLayout(cards)
        layout.addStretch(1)

        self.retranslateUi()
        self.refresh()
        ChangeHub.instance().sig_changed.connect(self._on_changes)

    def retranslateUi(self) -> None:
        self.title_label.setText(self.tr("Overview"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Count again (F5)"))
        self.customers_card.caption_label.setText(self.tr("Customers"))
        self.visits_card.caption_label.setText(self.tr("Visits planned in the next 14 days"))
        self.reports_card.caption_label.setText(self.tr("Visit reports awaiting review"))
        self._show_branch()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        # Colleagues change the numbers from other desks: count again on every visit.
        if not event.spontaneous() and self.data is not None:
            self.refresh()
        super().showEvent(event)

    def _on_changes(self, changes: OpChanges) -> None:
        if changes.touches(*COUNTED_TABLES):
            self._debounce.start()

    def refresh(self) -> None:
        """Count again on a worker (one count at a time; a request meanwhile counts once more)."""
        if self._op is not None:
            self._again = True
            return
        db, actor, now = self._db, self._actor, clock.now()

        def work(_state: OpState) -> queries.Overview:
            with db.session() as session:
                return queries.overview(session, actor, now)

        self._op = Op(self, work).success(self._show).finally_(self._counted).run()

    def _counted(self) -> None:
        self._op = None
        if self._again:
            self._again = False
            self.refresh()

    def _show(self, data: queries.Overview) -> None:
        self.data = data
        self.customers_card.set_value(data.customers)
        self.visits_card.set_value(data.visits_next_14_days)
        self.reports_card.set_value(data.reports_awaiting_review)
        self._show_branch()
        self.sig_refreshed.emit()

    def _show_branch(self) -> None:
        if self.data is None:
            return
        name = self.data.branch_name or self.tr("All branches")
        self.branch_label.setText(self.tr("Branch: {0}").format(name))
