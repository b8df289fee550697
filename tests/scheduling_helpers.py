"""A small branch to schedule in: visitors, customers with locations, a fixed "now".

Not the demo generator: tests need a handful of named people and customers
whose distances are known, on any backend.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from hvdesk.database import Database
from hvdesk.idcard import check_character
from hvdesk.model import Customer, LocationPrecision, User
from hvdesk.names import name_initials
from hvdesk.security import pii
from hvdesk.security.passwords import hash_password
from hvdesk.security.roles import Role
from hvdesk.services import audit
from hvdesk.services.auth import actor_for
from hvdesk.services.context import SYSTEM, Actor
from tests.factories import PASSWORD, Org, make_org

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Monday 30 November 2026, 09:00 in Chengdu: every test's "now".
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI)
#: Working days after NOW beyond the 24-hour SMS lead time.
TUESDAY = dt.date(2026, 12, 1)
WEDNESDAY = dt.date(2026, 12, 2)
THURSDAY = dt.date(2026, 12, 3)

#: (name, latitude, longitude, adcode): a few kilometres apart in Wuhou and
#: Jinjiang districts, and one far out in Shuangliu (~25 km).
CUSTOMERS = [
    ("张三", 30.640, 104.050, "510107"),
    ("李四", 30.645, 104.060, "510107"),
    ("王五", 30.650, 104.065, "510107"),
    ("赵六", 30.660, 104.090, "510104"),
    ("孙七", 30.662, 104.095, "510104"),
    ("周八", 30.655, 104.100, "510104"),
    ("欧阳娜娜", 30.420, 103.920, "510116"),
    ("吴九", 30.600, 104.040, "510107"),
]


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A Chengdu local time as an aware datetime."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


def id_number(seq: int) -> str:
    first17 = f"51010719900101{seq:03d}"
    return first17 + check_character(first17)


@dataclass
class World:
    db: Database
    org: Org
    #: Visitor user ids: visitor1 (from make_org), visitor2, visitor3, visitor4.
    visitors: list[int]
    customers: list[int]
    actors: dict[str, Actor] = field(default_factory=dict)

    @property
    def branch_id(self) -> int:
        return self.org.branch_id

    @property
    def coord(self) -> Actor:
        return self.actors["coord1"]

    @property
    def admin(self) -> Actor:
        return self.actors["admin"]

    def team(self, a: int = 0, b: int = 1) -> list[int]:
        return [self.visitors[a], self.visitors[b]]


def make_world(db: Database, *, do_not_visit: tuple[int, ...] = ()) -> World:
    """make_org's branch plus three more visitors and the CUSTOMERS above.

    ``do_not_visit`` lists indexes into CUSTOMERS to mark "do not visit".
    """
    org = make_org(db)
    cipher = db.cipher
    pw = hash_password(PASSWORD, demo=True)
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        extra = [
            User(
                login=f"visitor{n}",
                display_name=name,
                employee_no=f"V000{n}",
                role=Role.VISITOR,
                branch_id=org.branch_id,
                password_hash=pw,
            )
            for n, name in ((2, "刘强"), (3, "陈静"), (4, "杨帆"))
        ]
        s.add_all(extra)
        s.flush()
        actors = dict(org.actors)
        actors.update({u.login: actor_for(u) for u in extra})
        customers = []
        ids = pii.reserve_ids(s.connection(), "customer", len(CUSTOMERS))
        for k, (name, lat, lon, adcode) in enumerate(CUSTOMERS):
            dnv = k in do_not_visit
            cid = ids[k]
            c = Customer(
                id=cid,
                branch_id=org.branch_id,
                name=name,
                name_initials=name_initials(name),
                registered_address=f"四川省成都市测试路{k + 1}号",
                registered_adcode=adcode,
                latitude=lat,
                longitude=lon,
                location_precision=LocationPrecision.EXACT,
                do_not_visit=dnv,
                do_not_visit_reason="客户投诉后要求不再上门" if dnv else None,
                **pii.id_columns(cipher, cid, id_number(k + 1)),
                **pii.phone_columns(cipher, cid, f"1391234{k:04d}"),
            )
            s.add(c)
            customers.append(c)
        s.flush()
        visitors = [actors["visitor1"].user_id] + [u.id for u in extra]
        return World(
            db=db,
            org=org,
            visitors=[v for v in visitors if v is not None],
            customers=[c.id for c in customers],
            actors=actors,
        )
