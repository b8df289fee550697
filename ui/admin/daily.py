"""The daily backup of a local database, taken by the running app (issue 17.4).

Checked soon after sign-in and then every hour; the core takes one only when
the newest is a day old, so a desk left on takes one a day and a desk started
each morning takes it then. The copy runs on a worker.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from hvdesk.admin import backups
from hvdesk.database import Database
from ui.workers import Op

log = logging.getLogger(__name__)

FIRST_CHECK_MS = 60_000
EVERY_MS = 3_600_000


class DailyBackups(QObject):
    sig_written = Signal(object)  # Path | None

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.op: Op[Path | None] | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(EVERY_MS)
        self.timer.timeout.connect(self.check_now)

    def start(self) -> None:
        if not self._db.is_sqlite:
            return
        QTimer.singleShot(FIRST_CHECK_MS, self, self.check_now)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def check_now(self) -> None:
        if self.op is not None:
            return
        db = self._db

        def failed(exc: BaseException) -> None:
            # Not a reason to interrupt anyone's work; the admin page shows the last one.
            log.warning("daily backup failed: %s", type(exc).__name__)

        def done(path: Path | None) -> None:
            self.sig_written.emit(path)

        def clear() -> None:
            self.op = None

        self.op = Op(self, lambda _s: backups.daily_if_due(db)).success(done) \
            .failure(failed).finally_(clear).run()
