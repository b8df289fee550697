"""Export customers from the UI: ask where, write on a worker, say how it went.

The list page passes its selection (or every matching id); the service
checks the permission again, masks per role and writes the audit event.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from hvdesk import clock, safelog
from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from ui.workers import Op, OpState

log = logging.getLogger(__name__)


def can_export(actor: Actor) -> bool:
    return actor.can(Permission.DATA_EXPORT)


def can_export_full(actor: Actor) -> bool:
    return can_export(actor) and actor.can(Permission.PII_FULL_VIEW)


class CustomerExport(QObject):
    """``sig_exported(rows, path)`` on success, ``sig_failed(message)`` otherwise."""

    sig_exported = Signal(int, str)
    sig_failed = Signal(str)

    def __init__(self, parent: QWidget, db: Database, actor: Actor,
                 start_dir: Path | None = None) -> None:
        super().__init__(parent)
        self._widget = parent
        self._db = db
        self._actor = actor
        self.last_dir = start_dir or Path.home()
        self.op: Op[int] | None = None

    def ask_path(self) -> Path | None:
        today = clock.today(self._actor.timezone or None)
        default = self.last_dir / f"customers-{today:%Y%m%d}.xlsx"
        name, _ = QFileDialog.getSaveFileName(
            self._widget, self.tr("Export customers"), str(default),
            self.tr("Excel workbook (*.xlsx)"))
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")

    def start(self, customer_ids: Sequence[int], *, full: bool = False,
              path: Path | None = None) -> Op[int] | None:
        """Export on a worker; with no ``path`` the user is asked for one."""
        path = path or self.ask_path()
        if path is None:
            return None
        self.last_dir = path.parent
        db, actor, ids = self._db, self._actor, list(customer_ids)

        def work(_state: OpState) -> int:
            # The workbook writer (openpyxl) loads on the first export, not at start.
            from hvdesk import exporting  # noqa: PLC0415

            with db.begin() as s:
                return exporting.export_customers(s, db.cipher, actor, ids, path, full=full)

        self.op = Op(self._widget, work) \
            .success(lambda n: self.sig_exported.emit(n, str(path))) \
            .failure(self._failed).run()
        return self.op

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, HvdeskError):
            self.sig_failed.emit(str(exc))
            return
        safelog.failure(log, "export failed", exc)
        self.sig_failed.emit(self.tr("The export failed: {0}").format(type(exc).__name__))
