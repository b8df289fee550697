"""Answers of online geocoders, kept so that an address is looked up once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hvdesk.model.base import Base, utcnow
from hvdesk.model.enums import LocationPrecision
from hvdesk.model.org import str_enum


class GeocodeCache(Base):
    """One provider's answer for one normalised address text.

    A row with no coordinates records that the provider found nothing, so the
    same address is not sent again. Coordinates are WGS-84 whatever the
    provider's datum. Rows are written with Core inserts by
    :mod:`hvdesk.geo.geocode` (a cache fill is bookkeeping, not a user's change,
    and stays out of the audit trail).
    """

    __tablename__ = "geocode_cache"
    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(30))
    query: Mapped[str] = mapped_column(String(300))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    precision: Mapped[LocationPrecision | None] = mapped_column(str_enum(LocationPrecision))
    adcode: Mapped[str | None] = mapped_column(String(12))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("provider", "query"),)
