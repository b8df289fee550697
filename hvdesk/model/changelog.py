"""What each commit changed, kept briefly so other desks can follow (issue 15).

One row per committed unit of work: the desk that committed and the
``OpChanges`` JSON (table names and row ids; no names, numbers or addresses).
Rows are written inside the committing transaction (``hvdesk.changes``), so a
rolled-back change never appears; desks read them through
``hvdesk.changefeed`` and prune rows older than a day.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from hvdesk.model.base import Base

#: Rows older than this may be pruned (by any desk; row-level security on PostgreSQL
#: lets a desk delete nothing younger). A desk offline for longer reloads instead.
KEEP_HOURS = 24


class ChangeLog(Base):
    __tablename__ = "change_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    #: Set by the server (on PostgreSQL the statement's clock, not the transaction's start).
    at: Mapped[dt.datetime] = mapped_column(server_default=func.current_timestamp(), index=True)
    desk: Mapped[str] = mapped_column(String(64))
    changes: Mapped[str] = mapped_column(Text)
