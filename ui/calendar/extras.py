"""What the calendar may be given by other features, as small interfaces.

The calendar imports no other feature: the main window builds these and
hands them over (``CalendarPage.attach_documents``, ``attach_after_visit``).
Without them the page simply offers no printing, no broken-promises list and
no feedback or cost dialogs.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from hvdesk.database import Database
from hvdesk.scheduling.calendar_query import DueCustomer, VisitBlock
from hvdesk.services.context import Actor


class DetailsDialog(Protocol):
    """A visit's details dialog, as another feature may extend it."""

    @property
    def block(self) -> VisitBlock: ...

    def add_button(self, button: QPushButton) -> None: ...


class PrintCommands(Protocol):
    """File ▸ Print for the calendar's day (the documents feature)."""

    @property
    def button(self) -> QPushButton: ...

    def extend_details(self, dialog: DetailsDialog) -> QPushButton: ...


class AfterVisit(Protocol):
    """Broken promises to follow up, and a visit's feedback and costs (the feedback feature)."""

    def follow_up_rows(
        self, db: Database, actor: Actor
    ) -> tuple[list[DueCustomer], dict[int, str]]: ...

    def open_feedback(
        self, db: Database, actor: Actor, block: VisitBlock, parent: QWidget
    ) -> QDialog: ...

    def open_costs(
        self, db: Database, actor: Actor, block: VisitBlock, parent: QWidget
    ) -> QDialog: ...
