"""What the calendar reaches for after a visit, kept here so the calendar's edits stay small.

* :func:`follow_up_rows` — customers with a broken (or partly kept) promise to pay,
  as rows of the unscheduled pane (the unpaid part of the promise in the amount column);
* :func:`open_feedback`, :func:`open_costs` — the dialogs for a visit of the calendar.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QWidget

from hvdesk import visitreports as core
from hvdesk.database import Database
from hvdesk.model import VisitStatus
from hvdesk.scheduling.calendar_query import DueCustomer, VisitBlock
from hvdesk.services.context import Actor
from ui.feedback.costs_dialog import CostsDialog
from ui.feedback.feedback_dialog import FeedbackDialog

#: Visits whose feedback can be asked for, and whose costs can be entered.
FEEDBACK_STATUSES = frozenset({VisitStatus.COMPLETED})
COST_STATUSES = frozenset({VisitStatus.COMPLETED, VisitStatus.NO_SHOW})


def follow_up_rows(db: Database, actor: Actor) -> tuple[list[DueCustomer], dict[int, str]]:
    """The pane's rows and, per customer, what was promised (runs on a worker)."""
    with db.session() as session:
        items = core.customers_due_follow_up(session, actor)
    rows = [
        DueCustomer(
            id=item.customer_id,
            name=item.name,
            district=item.district,
            days_past_due=item.days_past_due,
            overdue_amount=max(item.promise_amount - item.paid, Decimal(0)),
            last_visit=None,
            latitude=item.latitude,
            longitude=item.longitude,
        )
        for item in items
    ]
    template = QCoreApplication.translate(
        "FollowUps", "Promised ¥{0} by {1}; ¥{2} paid. Due a follow-up visit."
    )
    tips = {
        item.customer_id: template.format(
            f"{item.promise_amount:,.2f}", item.promise_due.isoformat(), f"{item.paid:,.2f}"
        )
        for item in items
    }
    return rows, tips


def _when(block: VisitBlock) -> str:
    return f"{block.start:%Y-%m-%d %H:%M}–{block.end:%H:%M}"


def open_feedback(db: Database, actor: Actor, block: VisitBlock, parent: QWidget) -> QDialog:
    dialog = FeedbackDialog(db, actor, block.id, block.customer, _when(block), parent)
    dialog.open()
    return dialog


def open_costs(db: Database, actor: Actor, block: VisitBlock, parent: QWidget) -> QDialog:
    dialog = CostsDialog(db, actor, block.id, block.customer, _when(block), parent)
    dialog.open()
    return dialog
