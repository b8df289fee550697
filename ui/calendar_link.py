"""What the calendar section gets from other features, wired where the main window builds it.

The calendar imports no other feature (issue 15): printing (File ▸ Print and
a visit report's PDF in a visit's details) comes from ``ui.documents``, the
broken-promises list and the feedback and cost dialogs from ``ui.feedback``.
"""

from __future__ import annotations

from hvdesk.database import Database
from hvdesk.services.context import Actor
from ui.calendar.page import CalendarPage
from ui.documents.actions import DocumentActions, can_print
from ui.feedback import calendar_hooks
from ui.settings import Settings


def wire_calendar(
    page: CalendarPage, db: Database, actor: Actor, settings: Settings
) -> DocumentActions | None:
    """Hand ``page`` its printing and feedback; the document commands, for File ▸ Print."""
    page.attach_after_visit(calendar_hooks)
    if not can_print(actor):
        return None
    documents = DocumentActions(
        db, actor, settings, page, lambda: page.day, page.team_members, page.show_message
    )
    page.attach_documents(documents)
    return documents
