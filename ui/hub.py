"""The one place a screen hears what changed: local writes and other desks' alike.

``hvdesk.changes`` publishes each committed unit of work from whatever thread
committed it (usually an ``Op`` worker); the hub re-emits it on the GUI thread
as ``sig_changed(OpChanges)``. Pages connect to it (through the main window,
or ``ChangeHub.instance()``) and refresh only the rows they show of it::

    hub.sig_changed.connect(self._on_changes)

    def _on_changes(self, changes: OpChanges) -> None:
        if changes.touches("visit", "visit_report"):
            self._model.refresh_rows(changes.visits)
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from hvdesk import changes
from hvdesk.changes import OpChanges


class ChangeHub(QObject):
    #: One committed change (``OpChanges``), on the GUI thread.
    sig_changed = Signal(object)
    #: Internal: crosses from the committing thread to the GUI thread.
    _sig_from_any_thread = Signal(object)

    _instance: ChangeHub | None = None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sig_from_any_thread.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe: Callable[[], None] | None = changes.subscribe(self._from_bus)

    @classmethod
    def instance(cls) -> ChangeHub:
        """The application's hub (created on first use, lives until :meth:`close`)."""
        if cls._instance is None:
            cls._instance = ChangeHub()
        return cls._instance

    def _from_bus(self, value: OpChanges) -> None:
        try:
            self._sig_from_any_thread.emit(value)
        except RuntimeError:  # the hub was deleted: the application is closing
            self.close()

    def _deliver(self, value: OpChanges) -> None:
        self.sig_changed.emit(value)

    def announce(self, value: OpChanges) -> None:
        """Deliver a change that did not come through a tracked session (e.g. a remote desk)."""
        self._sig_from_any_thread.emit(value)

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if ChangeHub._instance is self:
            ChangeHub._instance = None
