"""Branches, users and the database's own metadata."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import Enum, ForeignKey, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from hvdesk.model.base import Base, utcnow
from hvdesk.security.roles import Role

if TYPE_CHECKING:
    from hvdesk.model.customers import Customer


def str_enum(enum_cls: type[enum.StrEnum], length: int = 20) -> Enum:
    """Store the enum's value as a checked VARCHAR (portable, readable in SQL)."""
    return Enum(
        enum_cls,
        native_enum=False,
        length=length,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
        create_constraint=True,
        name=enum_cls.__name__.lower(),
    )


class DbMeta(Base):
    """Key/value facts about the database: its id and the data-key fingerprint."""

    __tablename__ = "db_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(400))


class Branch(Base):
    __tablename__ = "branch"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(300))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    hotline: Mapped[str] = mapped_column(String(30))
    timezone: Mapped[str] = mapped_column(String(50), default="Asia/Shanghai")
    visit_window_start: Mapped[dt.time] = mapped_column(Time, default=dt.time(8, 0))
    visit_window_end: Mapped[dt.time] = mapped_column(Time, default=dt.time(20, 0))
    sms_window_start: Mapped[dt.time] = mapped_column(Time, default=dt.time(8, 0))
    sms_window_end: Mapped[dt.time] = mapped_column(Time, default=dt.time(21, 0))
    max_visits_per_30_days: Mapped[int] = mapped_column(Integer, default=2)
    sms_lead_hours: Mapped[int] = mapped_column(Integer, default=24)
    #: SMS a customer may get per local day (issue 18), counted under a per-customer lock.
    max_sms_per_day: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    #: Years after the last loan is settled before the customer is anonymised on command.
    retention_years: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    #: ``timezone``'s offset, for the SQLite quiet-hours trigger (SQLite has no zone
    #: database; China has no DST). Kept in step by :meth:`_zone_offset`.
    utc_offset_minutes: Mapped[int] = mapped_column(Integer, default=480, server_default="480")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    users: Mapped[list[User]] = relationship(back_populates="branch")
    customers: Mapped[list[Customer]] = relationship(back_populates="branch")

    __mapper_args__ = {"version_id_col": version}

    @validates("timezone")
    def _zone_offset(self, _key: str, zone: str) -> str:
        offset = dt.datetime.now(ZoneInfo(zone)).utcoffset() or dt.timedelta(0)
        self.utc_offset_minutes = int(offset.total_seconds() // 60)
        return zone


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    #: Shown to customers in notices and at the door.
    employee_no: Mapped[str] = mapped_column(String(20), unique=True)
    role: Mapped[Role] = mapped_column(str_enum(Role))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    #: Deferred: on a shared server no role may SELECT it (sign-in reads the
    #: user's own through ``hvdesk_own_password_hash``).
    password_hash: Mapped[str] = mapped_column(String(200), deferred=True)
    #: The user's own PostgreSQL login role (``hvdesk db init-server``); None on SQLite.
    db_role: Mapped[str | None] = mapped_column(String(63), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: Wrong passwords since the last good one or the last lock (see services.auth).
    failed_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    branch: Mapped[Branch | None] = relationship(back_populates="users")

    __mapper_args__ = {"version_id_col": version}


class CliSession(Base):
    """A ``hvdesk login`` session: only the token's SHA-256 is kept here.

    The token itself stays on the desk (keyring or an owner-only file); a copy
    of the database with its sessions is useless without it.
    """

    __tablename__ = "cli_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    #: The id in ``db_meta``: a token is good for the database it was issued by.
    database_id: Mapped[str] = mapped_column(String(64))
    #: A digest of the password hash at sign-in: changing the password ends the session.
    password_stamp: Mapped[str] = mapped_column(String(64))
    desk: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
