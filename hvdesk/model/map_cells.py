"""Customers counted per map grid cell, kept by database triggers (migration 0023).

The map's counts of a dense area (half a million customers in view) cannot be
a GROUP BY over the customers at every pan: this table holds, per branch and
for a few zoom levels, how many located customers each grid cell has, split
by days-past-due bucket and the do-not-visit flag, with the sums of their
coordinates (for the cell's centre of mass). Triggers on ``customer`` keep it
exact on both databases whatever writes the customer (services, import, demo,
another desk, a migration); see :mod:`hvdesk.mapping.cellstore`.
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, SmallInteger
from sqlalchemy.orm import Mapped, mapped_column

from hvdesk.model.base import Base


class MapCell(Base):
    __tablename__ = "map_cell"
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), primary_key=True)
    #: The zoom level whose grid this is (hvdesk.mapping.cellstore.LEVELS).
    level: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    gy: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    gx: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    #: 0: not overdue, 1: 1–30 days, 2: 31–60, 3: 61–90, 4: more.
    bucket: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    dnv: Mapped[bool] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
    lat_sum: Mapped[float] = mapped_column(Float, default=0.0)
    lon_sum: Mapped[float] = mapped_column(Float, default=0.0)
