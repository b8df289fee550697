"""The calendar follows the change hub: it re-reads just the visits and customers a change names.

Every committed change (this desk's writes, the calendar's own included, and
other desks' once the feed delivers them) arrives as an ``OpChanges``. The
visits it names are read again on a worker (``changed_visits``: those in the
range appear, move or disappear) and so are the customers it names (which of
them are due a visit: the unscheduled pane). Reads are batched: while one
runs, further ids wait for the next, so a burst of changes costs two reads.
A change whose ids are unknown (a bulk statement), or one to leave, asks for
the range again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from hvdesk.changes import OpChanges
from hvdesk.scheduling.calendar_query import DueCustomer
from ui.calendar.backend import CalendarBackend, Changed
from ui.hub import ChangeHub
from ui.workers import Op

#: Tables whose rows a change names without saying which visits (the range is read again).
RANGE_TABLES = ("visitor_leave",)
#: Broken promises (the pane's second tab) come from these.
FOLLOW_UP_TABLES = ("promise_to_pay", "repayment")


class ChangeFollower(QObject):
    """Hears the hub for the calendar page and reads what a change names on a worker."""

    #: (visits read again, customer ids asked about, those of them due a visit)
    sig_read = Signal(object, list, list)
    #: The whole range should be read again (ids unknown).
    sig_reload_wanted = Signal()
    #: The broken promises should be read again.
    sig_follow_ups_wanted = Signal()
    #: A report of these visits changed (frozenset of visit ids).
    sig_reports_changed = Signal(object)
    #: A read failed (the exception).
    sig_failed = Signal(object)

    def __init__(
        self, backend: CalendarBackend, quiet_days: Callable[[], int], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._quiet_days = quiet_days
        self._parent = parent
        self._visits: set[int] = set()
        self._customers: set[int] = set()
        self._reading = False
        #: Visits named while the range was being read (that read may predate them).
        self._during_load: set[int] | None = None
        ChangeHub.instance().sig_changed.connect(self.on_changes)

    @property
    def idle(self) -> bool:
        return (not self._reading and not self._visits and not self._customers
                and self._during_load is None)

    def on_changes(self, changes: OpChanges) -> None:
        if changes.all_of("visit") or changes.touches(*RANGE_TABLES):
            self.sig_reload_wanted.emit()
            return
        if changes.touches(*FOLLOW_UP_TABLES):
            self.sig_follow_ups_wanted.emit()
        self.follow(changes.visits, changes.customers)
        if changes.touches("visit_report") and changes.visits:
            self.sig_reports_changed.emit(changes.visits)

    # --- the range's own read ----------------------------------------------------------------
    def loading(self) -> None:
        """The range is being read: remember what changes meanwhile."""
        self._during_load = set()

    def loaded(self) -> None:
        """The range arrived: what changed while it was read is read again."""
        again, self._during_load = self._during_load, None
        if again:
            self.follow(again, ())

    # --- reading what a change names ---------------------------------------------------------
    def follow(self, visits: frozenset[int] | set[int] | list[int],
               customers: frozenset[int] | set[int] | tuple[int, ...]) -> None:
        if self._during_load is not None:
            self._during_load |= set(visits)
        self._visits |= set(visits)
        self._customers |= set(customers)
        if self._reading or not (self._visits or self._customers):
            return
        visit_ids, self._visits = sorted(self._visits), set()
        customer_ids, self._customers = sorted(self._customers), set()
        quiet = self._quiet_days()
        backend = self._backend

        def read(_state: object) -> tuple[Changed, list[DueCustomer]]:
            changed = backend.changed(visit_ids) if visit_ids else Changed()
            due = backend.due(quiet, customer_ids) if customer_ids else []
            return changed, due

        self._reading = True
        op: Op[tuple[Changed, list[DueCustomer]]] = Op(self._parent, read)
        op.success(lambda found: self.sig_read.emit(found[0], customer_ids, found[1]))
        op.failure(self.sig_failed.emit)
        op.finally_(self._done)
        op.run()

    def _done(self) -> None:
        self._reading = False
        if self._visits or self._customers:
            self.follow(set(), set())
