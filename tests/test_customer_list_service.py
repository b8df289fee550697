"""The customer list service on SQLite and PostgreSQL: search, filters, sort, paging."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from hvdesk.database import Database
from hvdesk.errors import NotFound, ValidationError
from hvdesk.model import (
    AuditEvent,
    Branch,
    Customer,
    LoanAccount,
    User,
    Visit,
    VisitMember,
    VisitStatus,
)
from hvdesk.model import search as search_index
from hvdesk.names import name_initials
from hvdesk.security import pii
from hvdesk.services import audit, saved_filters
from hvdesk.services import customer_list as cl
from hvdesk.services import customer_list_plan as planning
from hvdesk.services.context import SYSTEM, Actor
from hvdesk.services.customer_list import (
    CustomerQuery,
    DpdBucket,
    NextVisitState,
    SearchKind,
    SortKey,
)
from tests.factories import Org, make_org
from tests.scope_helpers import visit_with_report

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@dataclass
class Spec:
    name: str
    dpd: int = 0
    overdue: str = "0"
    adcode: str | None = "510107"  # 成都市武侯区
    phone: str = ""
    id_number: str = ""
    dnv: bool = False
    contract: str = ""
    visits: list[VisitStatus] = field(default_factory=list)


def seed_customers(db: Database, branch_id: int, specs: Sequence[Spec]) -> list[int]:
    """Bulk-insert customers (and a loan each) the way the importer does: Core, no ORM."""
    cipher = db.cipher
    with db.begin() as s:
        first = (s.scalar(select(Customer.id).order_by(Customer.id.desc()).limit(1)) or 0) + 1
        loan_first = (
            s.scalar(select(LoanAccount.id).order_by(LoanAccount.id.desc()).limit(1)) or 0
        ) + 1
        rows: list[dict[str, Any]] = []
        loans: list[dict[str, Any]] = []
        visits: list[dict[str, Any]] = []
        for n, spec in enumerate(specs):
            cid = first + n
            day, seq = cid % 28 + 1, cid % 1000
            id_number = spec.id_number or f"510107199001{day:02d}{seq:03d}{cid % 10}"
            phone = spec.phone or f"139{cid:08d}"
            rows.append(
                {
                    "id": cid,
                    "branch_id": branch_id,
                    "name": spec.name,
                    "name_initials": name_initials(spec.name),
                    **pii.id_columns(cipher, cid, id_number),
                    **pii.phone_columns(cipher, cid, phone),
                    "registered_address": "地址",
                    "registered_adcode": spec.adcode,
                    "days_past_due": spec.dpd,
                    "overdue_amount": Decimal(spec.overdue),
                    "do_not_visit": spec.dnv,
                    "do_not_visit_reason": "投诉" if spec.dnv else None,
                    "created_at": T0,
                    "updated_at": T0 + dt.timedelta(hours=cid % 7),
                    "version": 1,
                }
            )
            loans.append(
                {
                    "id": loan_first + n,
                    "customer_id": cid,
                    "contract_no": spec.contract or f"HT2026{loan_first + n:08d}",
                    "product": "p",
                    "principal": Decimal(1000),
                    "outstanding_balance": Decimal(500),
                    "overdue_amount": Decimal(spec.overdue),
                    "days_past_due": spec.dpd,
                    "version": 1,
                }
            )
            for k, status in enumerate(spec.visits):
                start = T0 + dt.timedelta(days=10 + k, hours=2)
                visits.append(
                    {
                        "branch_id": branch_id,
                        "customer_id": cid,
                        "purpose": "overdue",
                        "address": "地址",
                        "planned_start": start,
                        "planned_end": start + dt.timedelta(hours=1),
                        "status": status.value,
                        "customer_agreed_hours": False,
                        "created_at": T0,
                        "version": 1,
                    }
                )
        s.execute(insert(Customer), rows)
        search_index.index_rows(s.connection(), rows)  # as the importer does
        s.execute(insert(LoanAccount), loans)
        if visits:
            s.execute(insert(Visit), visits)
            # Two visitors each: the database refuses fewer at commit (migration 0013).
            staff = s.scalars(select(User.id).order_by(User.id).limit(2)).all()
            new = s.scalars(select(Visit.id).where(Visit.customer_id >= first)).all()
            s.execute(insert(VisitMember), [
                {"visit_id": v, "user_id": u, "is_lead": p == 0, "position": p}
                for v in new for p, u in enumerate(staff)
            ])
    return [first + n for n in range(len(specs))]


PEOPLE = [
    Spec(
        "张三",
        dpd=5,
        overdue="120.50",
        phone="13812340001",
        id_number="51010719900101002X",
        contract="HT202600000777",
        visits=[VisitStatus.PLANNED],
    ),
    Spec("张三丰", dpd=45, overdue="3000", adcode="510104", visits=[VisitStatus.NOTIFIED]),
    Spec("李张", dpd=0, adcode="110105", phone="13900005678"),
    Spec(
        "欧阳娜娜",
        dpd=95,
        overdue="88000",
        adcode="440305",
        dnv=True,
        visits=[VisitStatus.CONFIRMED, VisitStatus.PLANNED],
    ),
    Spec("王芳", dpd=30, overdue="10", id_number="110105198001015678"),
    Spec("王五", dpd=31, overdue="20", visits=[VisitStatus.COMPLETED]),
    Spec("曾小贤", dpd=60, overdue="30", adcode="510100"),
    Spec("赵六", dpd=61, overdue="40", adcode=None),
    Spec("钱七", dpd=90, overdue="50"),
    Spec("孙八", dpd=91, overdue="60"),
]


@pytest.fixture(params=["driven", "walked"])
def org(request: pytest.FixtureRequest, db: Database, monkeypatch: pytest.MonkeyPatch) -> Org:
    """Each test twice on SQLite: small sets driven by their term, or the sort index walked."""
    if request.param == "walked":
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the plan choice is SQLite's only")
        monkeypatch.setattr(planning, "DRIVE_LIMIT", -1)
    return make_org(db)


@pytest.fixture
def people(db: Database, org: Org) -> dict[str, int]:
    ids = seed_customers(db, org.branch_id, PEOPLE)
    return {spec.name: cid for spec, cid in zip(PEOPLE, ids, strict=True)}


def paged_ids(session: Session, actor: Actor, query: CustomerQuery, limit: int) -> list[int]:
    """Every row's id, page after page of ``limit`` through the cursors the pages give."""
    ids: list[int] = []
    cursor: cl.Cursor | None = None
    while True:
        page = cl.fetch_page(session, actor, query, cursor, limit=limit)
        ids += [r.id for r in page.rows]
        if page.next_cursor is None:
            return ids
        cursor = page.next_cursor


def names(db: Database, actor: Actor, query: CustomerQuery, limit: int = 100) -> list[str]:
    with db.session() as s:
        return [r.name for r in cl.fetch_page(s, actor, query, limit=limit).rows]


def coord(org: Org) -> Actor:
    return org.actors["coord1"]


# --- search -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("", SearchKind.NONE, ""),
        ("  ", SearchKind.NONE, ""),
        ("5678", SearchKind.LAST4, "5678"),
        ("002x", SearchKind.ID_LAST4, "002X"),
        ("ht2026", SearchKind.CONTRACT, "HT2026"),
        ("ZS", SearchKind.INITIALS, "zs"),
        ("张 三", SearchKind.NAME, "张三"),
        ("123", SearchKind.NAME, "123"),
    ],
)
def test_search_text_is_interpreted(text: str, kind: SearchKind, value: str) -> None:
    assert cl.interpret_search(text) == (kind, value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张", {"张三", "张三丰", "李张"}),  # a character anywhere in the name
        ("三", {"张三", "张三丰"}),
        ("张三", {"张三", "张三丰"}),
        ("三丰", {"张三丰"}),
        ("张三丰", {"张三丰"}),
        ("欧阳", {"欧阳娜娜"}),
        ("zs", {"张三", "张三丰"}),
        ("zsf", {"张三丰"}),
        ("zxx", {"曾小贤"}),  # 曾 as a surname reads zēng
        ("zengxiao", {"曾小贤"}),
        ("zhangsan", {"张三", "张三丰"}),
        ("sanfeng", {"张三丰"}),  # a given name in pinyin
        ("5678", {"李张", "王芳"}),  # phone of one, ID of the other
        ("002X", {"张三"}),
        ("002x", {"张三"}),
        ("HT202600000777", {"张三"}),
        ("ht20260000077", {"张三"}),  # a long prefix is enough
        ("HT20260000", {p.name for p in PEOPLE}),
        ("HT2026", set()),  # too short to be a prefix: exact only
        ("刘", set()),
    ],
)
def test_search_finds_by_each_kind(
    db: Database, org: Org, people: dict[str, int], text: str, expected: set[str]
) -> None:
    assert set(names(db, coord(org), CustomerQuery(search=text))) == expected


# --- filters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("51", {"张三", "张三丰", "王芳", "王五", "曾小贤", "钱七", "孙八"}),
        ("5101", {"张三", "张三丰", "王芳", "王五", "曾小贤", "钱七", "孙八"}),
        ("510107", {"张三", "王芳", "王五", "钱七", "孙八"}),
        ("110105", {"李张"}),
        ("44", {"欧阳娜娜"}),
    ],
)
def test_region_filter_uses_the_code_prefix(
    db: Database, org: Org, people: dict[str, int], region: str, expected: set[str]
) -> None:
    assert set(names(db, coord(org), CustomerQuery(region=region))) == expected


def test_region_must_be_a_code_prefix() -> None:
    with pytest.raises(ValidationError):
        CustomerQuery(region="51a")
    with pytest.raises(ValidationError):
        CustomerQuery(region="510")


@pytest.mark.parametrize(
    ("bucket", "expected"),
    [
        (DpdBucket.D1_30, {"张三", "王芳"}),
        (DpdBucket.D31_60, {"张三丰", "王五", "曾小贤"}),
        (DpdBucket.D61_90, {"赵六", "钱七"}),
        (DpdBucket.D90_PLUS, {"欧阳娜娜", "孙八"}),
    ],
)
def test_dpd_bucket_bounds(
    db: Database, org: Org, people: dict[str, int], bucket: DpdBucket, expected: set[str]
) -> None:
    assert set(names(db, coord(org), CustomerQuery(dpd_bucket=bucket))) == expected
    assert all(cl.dpd_bucket_of(p.dpd) == bucket for p in PEOPLE if p.name in expected)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (NextVisitState.PLANNED, {"张三", "欧阳娜娜"}),
        (NextVisitState.NOTIFIED, {"张三丰"}),
        (NextVisitState.CONFIRMED, {"欧阳娜娜"}),
        (NextVisitState.NONE, {"李张", "王芳", "王五", "曾小贤", "赵六", "钱七", "孙八"}),
    ],
)
def test_next_visit_filter(
    db: Database, org: Org, people: dict[str, int], state: NextVisitState, expected: set[str]
) -> None:
    assert set(names(db, coord(org), CustomerQuery(next_visit=state))) == expected


def test_do_not_visit_filter_and_combined_filters(
    db: Database, org: Org, people: dict[str, int]
) -> None:
    actor = coord(org)
    assert names(db, actor, CustomerQuery(do_not_visit=True)) == ["欧阳娜娜"]
    assert "欧阳娜娜" not in names(db, actor, CustomerQuery(do_not_visit=False))
    assert len(names(db, actor, CustomerQuery(do_not_visit=False))) == len(PEOPLE) - 1
    combined = CustomerQuery(
        search="w", region="5101", dpd_bucket=DpdBucket.D31_60, do_not_visit=False
    )
    assert names(db, actor, combined) == ["王五"]


def test_row_carries_next_visit_masked_numbers_and_district(
    db: Database, org: Org, people: dict[str, int]
) -> None:
    with db.session() as s:
        (row,) = cl.fetch_page(s, coord(org), CustomerQuery(search="欧阳")).rows
        (zs,) = cl.fetch_page(s, coord(org), CustomerQuery(search="002X")).rows
    # The earliest open visit is the next one, whatever its status.
    assert row.next_visit_status is VisitStatus.CONFIRMED
    assert row.next_visit_at == T0 + dt.timedelta(days=10, hours=2)
    assert row.district == "深圳市南山区"
    assert row.overdue_amount == Decimal("88000")
    assert row.do_not_visit
    assert zs.id_number_masked == "510107********002X"
    assert zs.phone_masked == "138****0001"
    assert zs.district == "成都市武侯区"


# --- sorting and paging --------------------------------------------------------------


def _key(spec: Spec, sort: SortKey) -> Any:
    return {
        SortKey.NAME: spec.name,
        SortKey.DAYS_PAST_DUE: spec.dpd,
        SortKey.OVERDUE_AMOUNT: Decimal(spec.overdue),
    }[sort]


@pytest.mark.parametrize("sort", [SortKey.NAME, SortKey.DAYS_PAST_DUE, SortKey.OVERDUE_AMOUNT])
@pytest.mark.parametrize("descending", [False, True])
def test_sort_both_directions(
    db: Database, org: Org, people: dict[str, int], sort: SortKey, descending: bool
) -> None:
    expected = sorted(PEOPLE, key=lambda p: (_key(p, sort), people[p.name]), reverse=descending)
    got = names(db, coord(org), CustomerQuery(sort=sort, descending=descending))
    assert got == [p.name for p in expected]


def test_sort_by_updated_at(db: Database, org: Org, people: dict[str, int]) -> None:
    with db.session() as s:
        rows = cl.fetch_page(
            s, coord(org), CustomerQuery(sort=SortKey.UPDATED_AT, descending=False)
        ).rows
    keys = [(r.updated_at, r.id) for r in rows]
    assert keys == sorted(keys)


@pytest.fixture
def crowd(db: Database, org: Org) -> list[int]:
    """137 customers with many equal sort values: ties are where paging goes wrong."""
    rng = random.Random(7)
    surnames = "王李张刘陈"
    specs = [
        Spec(
            rng.choice(surnames) + rng.choice("伟芳娜敏静"),
            dpd=rng.choice([0, 0, 0, 15, 45]),
            overdue=rng.choice(["0", "99.90", "1000"]),
        )
        for _ in range(137)
    ]
    return seed_customers(db, org.branch_id, specs)


@pytest.mark.parametrize("sort", list(SortKey))
@pytest.mark.parametrize("descending", [False, True])
def test_keyset_paging_returns_every_row_once(
    db: Database, org: Org, crowd: list[int], sort: SortKey, descending: bool
) -> None:
    query = CustomerQuery(sort=sort, descending=descending)
    actor = coord(org)
    seen: list[int] = []
    with db.session() as s:
        whole = [r.id for r in cl.fetch_page(s, actor, query, limit=cl.MAX_PAGE).rows]
        page = cl.fetch_page(s, actor, query, limit=10)
        pages = 1
        seen.extend(r.id for r in page.rows)
        while page.next_cursor is not None:
            page = cl.fetch_page(s, actor, query, page.next_cursor, limit=10)
            seen.extend(r.id for r in page.rows)
            pages += 1
        assert pages == 14
        assert seen == whole
        assert sorted(seen) == sorted(crowd)
        # Backwards from a cursor and at an offset give the same rows.
        back = cl.fetch_page(
            s, actor, query, before=cl.fetch_at(s, actor, query, 50, 1).rows[0].cursor, limit=20
        )
        assert [r.id for r in back.rows] == whole[30:50]
        at = cl.fetch_at(s, actor, query, 130, limit=10)
        assert [r.id for r in at.rows] == whole[130:]
        assert at.next_cursor is None
        # Where a customer sits in the list.
        for position in (0, 1, 77, 136):
            assert cl.row_index_of(s, actor, query, whole[position]) == position
        assert list(cl.matching_ids(s, actor, query, batch=25)) == whole


def test_row_index_of_a_customer_the_list_does_not_show(
    db: Database, org: Org, people: dict[str, int]
) -> None:
    with db.session() as s:
        query = CustomerQuery(search="张")
        assert cl.row_index_of(s, coord(org), query, people["王芳"]) is None
        assert cl.row_index_of(s, coord(org), query, 999_999) is None


def test_count_is_exact_or_capped(db: Database, org: Org, crowd: list[int]) -> None:
    with db.session() as s:
        assert cl.count(s, coord(org), CustomerQuery()) == 137
        assert cl.count(s, coord(org), CustomerQuery(), cap=100) == 101
        assert cl.count(s, coord(org), CustomerQuery(), cap=500) == 137
        assert cl.count(s, coord(org), CustomerQuery(search="ZZZZ")) == 0


def test_page_size_is_bounded(db: Database, org: Org) -> None:
    with db.session() as s, pytest.raises(ValidationError):
        cl.fetch_page(s, coord(org), CustomerQuery(), limit=cl.MAX_PAGE + 1)


# --- who sees what ----------------------------------------------------------------------


def test_branch_restriction_and_admin_sees_all(
    db: Database, org: Org, people: dict[str, int]
) -> None:
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        other = Branch(code="BJ01", name="北京朝阳", address="北京", hotline="010-1")
        s.add(other)
        s.flush()
        other_id = other.id
    seed_customers(db, other_id, [Spec("张北京", dpd=5)])
    assert set(names(db, coord(org), CustomerQuery(search="张"))) == {"张三", "张三丰", "李张"}
    assert set(names(db, org.actors["admin"], CustomerQuery(search="张"))) == {
        "张三",
        "张三丰",
        "李张",
        "张北京",
    }
    with db.session() as s:
        assert cl.count(s, org.actors["admin"], CustomerQuery()) == len(PEOPLE) + 1


@pytest.mark.parametrize(
    ("login", "own_only"),
    [
        ("visitor1", True),
        ("reviewer1", True),
        ("coord1", False),
        ("manager1", False),
        ("admin", False),
    ],
)
def test_names_in_full_for_the_customers_in_scope(
    db: Database, org: Org, people: dict[str, int], login: str, own_only: bool
) -> None:
    """domain.md "Who sees what": every role sees the names of the customers in its scope;
    visitors and reviewers list the customers of their visits or reports only."""
    assert names(db, org.actors["visitor1"], CustomerQuery()) == []
    assert names(db, org.actors["reviewer1"], CustomerQuery()) == []
    visit_with_report(db, people["欧阳娜娜"], [org.actors["visitor1"].user_id])
    got = names(db, org.actors[login], CustomerQuery(search="欧阳"))
    assert got == ["欧阳娜娜"]
    everyone = names(db, org.actors[login], CustomerQuery())
    assert len(everyone) == (1 if own_only else len(PEOPLE))


# --- saved filters ---------------------------------------------------------------------


def test_query_round_trips_through_a_dict() -> None:
    query = CustomerQuery(
        search="zs",
        region="5101",
        dpd_bucket=DpdBucket.D90_PLUS,
        next_visit=NextVisitState.NONE,
        do_not_visit=False,
        sort=SortKey.NAME,
        descending=False,
    )
    assert CustomerQuery.from_dict(query.to_dict()) == query
    assert CustomerQuery.from_dict({}) == CustomerQuery()
    odd = CustomerQuery.from_dict(
        {"dpd_bucket": "180+", "sort": "age", "region": "x", "do_not_visit": "yes", "search": "王"}
    )
    assert odd == CustomerQuery(search="王")


def test_saved_filters_round_trip_per_user(db: Database, org: Org) -> None:
    me, colleague = org.actors["coord1"], org.actors["coord2"]
    overdue = CustomerQuery(dpd_bucket=DpdBucket.D90_PLUS, next_visit=NextVisitState.NONE)
    with db.begin() as s:
        saved = saved_filters.save_filter(s, me, "  90+ 未排访 ", overdue)
        saved_filters.save_filter(s, me, "王", CustomerQuery(search="王"))
        saved_filters.save_filter(s, colleague, "mine", CustomerQuery())
    assert saved.name == "90+ 未排访"
    with db.session() as s:
        mine = saved_filters.list_filters(s, me)
    assert [(f.name, f.query) for f in mine] == [
        ("90+ 未排访", overdue),
        ("王", CustomerQuery(search="王")),
    ]
    # Same name again replaces the definition.
    with db.begin() as s:
        again = saved_filters.save_filter(
            s, me, "王", CustomerQuery(search="王", do_not_visit=False)
        )
    assert again.id == mine[1].id
    with db.begin() as s:
        with pytest.raises(NotFound):
            saved_filters.delete_filter(s, colleague, saved.id)
        saved_filters.delete_filter(s, me, saved.id)
    with db.session() as s:
        assert [f.query for f in saved_filters.list_filters(s, me)] == [
            CustomerQuery(search="王", do_not_visit=False)
        ]
        assert [f.name for f in saved_filters.list_filters(s, colleague)] == ["mine"]
        actions = s.execute(
            select(AuditEvent.action, AuditEvent.actor_login)
            .where(AuditEvent.entity == "saved_filter")
            .order_by(AuditEvent.id)
        ).all()
    assert [tuple(a) for a in actions] == [
        ("create", "coord1"),
        ("create", "coord1"),
        ("create", "coord2"),
        ("update", "coord1"),
        ("delete", "coord1"),
    ]


def test_saved_filter_needs_a_name_and_a_user(db: Database, org: Org) -> None:
    with db.begin() as s:
        with pytest.raises(ValidationError):
            saved_filters.save_filter(s, coord(org), "   ", CustomerQuery())
        with pytest.raises(ValidationError):
            saved_filters.save_filter(s, SYSTEM, "x", CustomerQuery())
