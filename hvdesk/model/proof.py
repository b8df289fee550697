"""Proof-of-visit flags: what the checks found in a submitted report (issue 20).

A flag never rejects anything: it is shown to the reviewer with its evidence.
Flags are made again each time the report is submitted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hvdesk.model.base import Base, utcnow


class VisitFlag(Base):
    __tablename__ = "visit_flag"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("visit_report.id"), index=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), index=True)
    #: photo_far, photo_time, arrival_time, travel_time, same_address, copied_text
    kind: Mapped[str] = mapped_column(String(30))
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
