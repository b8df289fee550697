"""The customer file service: contents, masking, branch access, notes, do-not-visit, stale edits."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError

from hvdesk.database import Database
from hvdesk.errors import NotFound, PermissionDenied, StaleEdit, ValidationError
from hvdesk.idcard import check_character
from hvdesk.model import (
    AuditEvent,
    Branch,
    Customer,
    CustomerNote,
    Feedback,
    LoanAccount,
    Notice,
    NoticeStatus,
    ReportOutcome,
    ReportStatus,
    Visit,
    VisitMember,
    VisitPurpose,
    VisitReport,
    VisitStatus,
)
from hvdesk.security import pii
from hvdesk.security.roles import Role
from hvdesk.services import audit, customer_file, customers
from hvdesk.services.context import SYSTEM, Actor
from hvdesk.services.customers import CustomerInput
from tests.factories import Org, make_org

ID_NUMBER = "510107199003071236"  # 成都市武侯区, born 1990-03-07, male
PHONE = "13812345678"
TODAY = dt.date(2026, 3, 6)  # the day before the 36th birthday
SHANGHAI = dt.timezone(dt.timedelta(hours=8))

GOOD = CustomerInput(name="赵建国", id_number=ID_NUMBER, phone=PHONE,
                     registered_address="四川省成都市武侯区人民南路四段27号",
                     current_address="成都市高新区天府大道北段1700号")


@dataclass
class Built:
    org: Org
    customer_id: int
    visit_ids: list[int]


def build_customer_file(db: Database) -> Built:
    """A customer with two loans, two visits (team, report, notices) and feedback."""
    org = make_org(db)
    coord, visitor = org.actors["coord1"], org.actors["visitor1"]
    with db.begin() as s:
        view = customers.create_customer(s, db.cipher, coord, org.branch_id, GOOD)
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        s.add_all([
            LoanAccount(customer_id=view.id, contract_no="CD-2024-0001", product="消费贷",
                        principal=Decimal("50000.00"), outstanding_balance=Decimal("32000.50"),
                        overdue_amount=Decimal("2100.00"), days_past_due=45,
                        last_payment_date=dt.date(2026, 1, 15)),
            LoanAccount(customer_id=view.id, contract_no="CD-2025-0042", product="分期付",
                        principal=Decimal("8000.00"), outstanding_balance=Decimal("0.00")),
        ])
        older = Visit(branch_id=org.branch_id, customer_id=view.id,
                      purpose=VisitPurpose.OVERDUE, address=GOOD.registered_address,
                      planned_start=dt.datetime(2026, 2, 10, 2, 0, tzinfo=dt.UTC),
                      planned_end=dt.datetime(2026, 2, 10, 3, 0, tzinfo=dt.UTC),
                      status=VisitStatus.COMPLETED, created_by_id=coord.user_id)
        newer = Visit(branch_id=org.branch_id, customer_id=view.id,
                      purpose=VisitPurpose.CARE, address=GOOD.registered_address,
                      planned_start=dt.datetime(2026, 3, 20, 6, 30, tzinfo=dt.UTC),
                      planned_end=dt.datetime(2026, 3, 20, 7, 30, tzinfo=dt.UTC),
                      status=VisitStatus.NOTIFIED, created_by_id=coord.user_id)
        s.add_all([older, newer])
        s.flush()
        for visit in (older, newer):
            s.add_all([
                VisitMember(visit_id=visit.id, user_id=org.actors["coord2"].user_id,
                            is_lead=False, position=1),
                VisitMember(visit_id=visit.id, user_id=visitor.user_id, is_lead=True,
                            position=0),
            ])
        s.add(VisitReport(visit_id=older.id, author_id=visitor.user_id,
                          status=ReportStatus.SUBMITTED, outcome=ReportOutcome.MET_CUSTOMER))
        s.add_all([
            Notice(visit_id=newer.id, phone_enc=b"x", phone_last4="5678", template="visit",
                   text="…", status=NoticeStatus.FAILED),
            Notice(visit_id=newer.id, phone_enc=b"x", phone_last4="5678", template="visit",
                   text="…", status=NoticeStatus.DELIVERED),
        ])
        s.add(Feedback(visit_id=older.id, channel="phone", satisfaction=2,
                       felt_respected=False, is_complaint=True,
                       complaint_text="来访时间太早", follow_up="已致电道歉"))
        visit_ids = [newer.id, older.id]
    return Built(org, view.id, visit_ids)


def other_branch_actor(db: Database) -> Actor:
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        branch = Branch(code="CD02", name="成都锦江支行", address="成都市锦江区", hotline="028-1")
        s.add(branch)
        s.flush()
        branch_id = branch.id
    return Actor(user_id=None, login="coord9", role=Role.COORDINATOR, branch_id=branch_id)


def _load(db: Database, actor: Actor, customer_id: int) -> customer_file.CustomerFile:
    with db.session() as s:
        return customer_file.load_file(s, db.cipher, actor, customer_id, today=TODAY)


def test_file_has_personal_data_loans_visits_and_feedback(db):
    built = build_customer_file(db)
    f = _load(db, built.org.actors["coord1"], built.customer_id)
    p = f.personal
    assert p.name == "赵建国"
    assert p.id_number_masked == "510107********1236"
    assert p.phone_masked == "138****5678"
    assert p.region_code == "510107"
    assert p.region_name == "四川省成都市武侯区"
    assert (p.age, p.sex) == (35, "M")
    assert p.current_address == GOOD.current_address
    assert p.updated_by == "王芳"
    assert f.timezone == "Asia/Shanghai"

    assert [loan.contract_no for loan in f.loans] == ["CD-2024-0001", "CD-2025-0042"]
    first = f.loans[0]
    assert (first.principal, first.outstanding_balance, first.overdue_amount) == (
        Decimal("50000.00"), Decimal("32000.50"), Decimal("2100.00"))
    assert (first.days_past_due, first.last_payment_date) == (45, dt.date(2026, 1, 15))

    assert [v.id for v in f.visits] == built.visit_ids  # newest first
    newer, older = f.visits
    assert newer.planned_start == dt.datetime(2026, 3, 20, 14, 30, tzinfo=SHANGHAI)
    assert newer.planned_start.utcoffset() == dt.timedelta(hours=8)
    assert [(m.name, m.is_lead) for m in newer.team] == [("张伟", True), ("李静", False)]
    assert (newer.notice_status, newer.notice_count) == ("delivered", 2)
    assert newer.report_status is None
    assert (older.purpose, older.status) == ("overdue", "completed")
    assert (older.report_status, older.report_outcome) == ("submitted", "met_customer")
    assert older.notice_status is None

    (fb,) = f.feedback
    assert (fb.visit_id, fb.satisfaction, fb.is_complaint) == (older.id, 2, True)
    assert fb.complaint_text == "来访时间太早"


def test_age_counts_birthdays():
    born = dt.date(1990, 3, 7)
    assert customer_file.age_on(born, dt.date(2026, 3, 6)) == 35
    assert customer_file.age_on(born, dt.date(2026, 3, 7)) == 36


def test_unknown_region_is_none_not_an_error(sqlite_db):
    org = make_org(sqlite_db)
    first17 = "52999919800101002"  # Guizhou, no such prefecture; even sequence: female
    data = dataclasses.replace(GOOD, id_number=first17 + check_character(first17))
    with sqlite_db.begin() as s:
        view = customers.create_customer(s, sqlite_db.cipher, org.actors["coord1"],
                                         org.branch_id, data)
    f = _load(sqlite_db, org.actors["coord1"], view.id)
    assert f.personal.region_name is None
    assert f.personal.sex == "F"


@pytest.mark.parametrize("login", ["admin", "coord1", "visitor1", "reviewer1", "manager1"])
def test_every_role_sees_masked_numbers_only(sqlite_db, login):
    built = build_customer_file(sqlite_db)
    f = _load(sqlite_db, built.org.actors[login], built.customer_id)
    text = repr(f)
    assert ID_NUMBER not in text and PHONE not in text
    assert ID_NUMBER[6:14] not in text  # not even the birth date
    assert f.personal.id_number_masked.endswith("1236")
    needs_reason = login in {"visitor1", "reviewer1"}
    assert f.abilities.reveal_needs_reason is needs_reason
    assert f.abilities.edit is (login in {"admin", "coord1"})
    assert f.abilities.add_note


def test_reveal_is_audited_and_needs_a_reason_from_a_visitor(sqlite_db):
    built = build_customer_file(sqlite_db)
    cid = built.customer_id
    with sqlite_db.begin() as s:
        full = customer_file.reveal(s, sqlite_db.cipher, built.org.actors["coord1"], cid, "phone")
    assert full == PHONE
    with pytest.raises(ValidationError, match="say why"), sqlite_db.begin() as s:
        customer_file.reveal(s, sqlite_db.cipher, built.org.actors["visitor1"], cid,
                             "id_number", "  ")
    with sqlite_db.begin() as s:
        assert customer_file.reveal(s, sqlite_db.cipher, built.org.actors["visitor1"], cid,
                                    "id_number", "上门前核对身份") == ID_NUMBER
    with sqlite_db.session() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "view_full")).all()
    assert [(e.actor_login, e.detail["field"]) for e in events] == [
        ("coord1", "phone"), ("visitor1", "id_number")]


def test_another_branch_is_refused(db):
    built = build_customer_file(db)
    stranger = other_branch_actor(db)
    with pytest.raises(PermissionDenied, match="another branch"), db.session() as s:
        customer_file.load_file(s, db.cipher, stranger, built.customer_id)
    with pytest.raises(PermissionDenied), db.begin() as s:
        customer_file.reveal(s, db.cipher, stranger, built.customer_id, "phone")
    with pytest.raises(PermissionDenied), db.begin() as s:
        customer_file.add_note(s, stranger, built.customer_id, "看一眼")
    with pytest.raises(PermissionDenied), db.begin() as s:
        customer_file.update_customer(s, db.cipher, stranger, built.customer_id, 1,
                                      {"name": "某人"})
    with pytest.raises(PermissionDenied), db.begin() as s:
        customer_file.create_customer(s, db.cipher, built.org.actors["coord1"],
                                      dataclasses.replace(GOOD, id_number="11010519491231002X"),
                                      branch_id=stranger.branch_id)
    # The admin belongs to no branch and sees every one.
    assert _load(db, built.org.actors["admin"], built.customer_id).personal.name == "赵建国"
    with pytest.raises(NotFound), db.session() as s:
        customer_file.load_file(s, db.cipher, built.org.actors["admin"], 999_999)


def test_notes_are_author_stamped_and_in_order(db):
    built = build_customer_file(db)
    cid = built.customer_id
    for login, text in [("coord1", "客户说月底发工资"), ("reviewer1", "复核：收入材料齐全"),
                        ("visitor1", "  上门时家属在场  ")]:
        with db.begin() as s:
            row = customer_file.add_note(s, built.org.actors[login], cid, text)
        assert row.text == text.strip()
    notes = _load(db, built.org.actors["manager1"], cid).notes
    assert [(n.author_name, n.author_login, n.text) for n in notes] == [
        ("王芳", "coord1", "客户说月底发工资"),
        ("刘洋", "reviewer1", "复核：收入材料齐全"),
        ("张伟", "visitor1", "上门时家属在场"),
    ]
    assert notes[0].created_at.utcoffset() == dt.timedelta(hours=8)
    with db.session() as s:
        assert s.scalar(select(AuditEvent.actor_login).where(
            AuditEvent.entity == "customer_note").order_by(AuditEvent.id.desc())) == "visitor1"


@pytest.mark.parametrize(("text", "message"), [("   ", "empty"), ("字" * 2001, "2000")])
def test_note_text_is_checked(sqlite_db, text, message):
    built = build_customer_file(sqlite_db)
    with pytest.raises(ValidationError, match=message) as err, sqlite_db.begin() as s:
        customer_file.add_note(s, built.org.actors["coord1"], built.customer_id, text)
    assert err.value.field == "text"
    with sqlite_db.begin() as s:
        customer_file.add_note(s, built.org.actors["coord1"], built.customer_id, "字" * 2000)


def test_the_database_refuses_to_edit_or_delete_a_note(db):
    built = build_customer_file(db)
    with db.begin() as s:
        note_id = customer_file.add_note(s, built.org.actors["coord1"], built.customer_id,
                                         "原始记录").id
    with pytest.raises(DBAPIError, match="append-only"), db.begin() as s:
        s.execute(update(CustomerNote).where(CustomerNote.id == note_id).values(text="改过"))
    with pytest.raises(DBAPIError, match="append-only"), db.begin() as s:
        s.execute(delete(CustomerNote).where(CustomerNote.id == note_id))
    with db.session() as s:
        assert s.scalar(select(CustomerNote.text)) == "原始记录"


def test_do_not_visit_needs_a_reason_both_ways(db):
    built = build_customer_file(db)
    coord, cid = built.org.actors["coord1"], built.customer_id
    with pytest.raises(ValidationError) as err, db.begin() as s:
        customer_file.set_do_not_visit(s, db.cipher, coord, cid, 1, True, " ")
    assert err.value.field == "do_not_visit_reason"
    with db.begin() as s:
        view = customer_file.set_do_not_visit(s, db.cipher, coord, cid, 1, True, "客户投诉")
    assert (view.do_not_visit, view.do_not_visit_reason, view.version) == (True, "客户投诉", 2)
    with pytest.raises(ValidationError, match="clearing") as err, db.begin() as s:
        customer_file.set_do_not_visit(s, db.cipher, coord, cid, 2, False, "")
    with db.begin() as s:
        view = customer_file.set_do_not_visit(s, db.cipher, coord, cid, 2, False,
                                              "客户来电同意回访")
    assert (view.do_not_visit, view.do_not_visit_reason) == (False, None)
    with db.session() as s:
        changes = [e.detail["do_not_visit"] for e in s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "customer",
                                     AuditEvent.action == "update").order_by(AuditEvent.id))
            if "do_not_visit" in e.detail]
        cleared = s.scalar(select(AuditEvent).where(AuditEvent.action == "do_not_visit"))
    assert changes == [{"from": False, "to": True}, {"from": True, "to": False}]
    assert cleared is not None and cleared.detail["reason"] == "客户来电同意回访"
    with pytest.raises(PermissionDenied), db.begin() as s:
        customer_file.set_do_not_visit(s, db.cipher, built.org.actors["visitor1"], cid, 3,
                                       True, "x")


def test_stale_do_not_visit_is_refused_and_nothing_written(db):
    built = build_customer_file(db)
    cid = built.customer_id
    with db.begin() as s:
        customer_file.update_customer(s, db.cipher, built.org.actors["coord2"], cid, 1,
                                      {"current_address": "成都市锦江区春熙路1号"})
    with pytest.raises(StaleEdit, match="coord2") as err, db.begin() as s:
        customer_file.set_do_not_visit(s, db.cipher, built.org.actors["coord1"], cid, 1,
                                       True, "客户要求")
    assert "current_address" in str(err.value)
    with db.session() as s:
        customer = s.get(Customer, cid)
        assert customer is not None
        assert (customer.do_not_visit, customer.version) == (False, 2)
        assert customer.current_address == "成都市锦江区春熙路1号"


def test_create_in_the_actors_branch(sqlite_db):
    org = make_org(sqlite_db)
    with sqlite_db.begin() as s:
        view = customer_file.create_customer(s, sqlite_db.cipher, org.actors["coord1"], GOOD)
    with sqlite_db.session() as s:
        customer = s.get(Customer, view.id)
        assert customer is not None and customer.branch_id == org.branch_id
        binding = pii.CUSTOMER_ID.at(customer.id)
        assert sqlite_db.cipher.decrypt(binding, customer.id_enc) == ID_NUMBER
    with pytest.raises(ValidationError) as err, sqlite_db.begin() as s:
        customer_file.create_customer(s, sqlite_db.cipher, org.actors["admin"],
                                      dataclasses.replace(GOOD, id_number="11010519491231002X"))
    assert err.value.field == "branch"


def test_clearing_do_not_visit_in_an_edit_needs_a_reason_too(sqlite_db):
    built = build_customer_file(sqlite_db)
    coord, cid = built.org.actors["coord1"], built.customer_id
    with sqlite_db.begin() as s:
        customer_file.set_do_not_visit(s, sqlite_db.cipher, coord, cid, 1, True, "客户投诉")
    with pytest.raises(ValidationError, match="clearing") as err, sqlite_db.begin() as s:
        customer_file.update_customer(s, sqlite_db.cipher, coord, cid, 2,
                                      {"do_not_visit": False, "name": "赵建华"})
    assert err.value.field == "do_not_visit_reason"
    with sqlite_db.begin() as s:
        view = customer_file.update_customer(
            s, sqlite_db.cipher, coord, cid, 2,
            {"do_not_visit": False, "do_not_visit_reason": "已和解", "name": "赵建华"})
    assert (view.do_not_visit, view.name) == (False, "赵建华")
    with sqlite_db.session() as s:
        cleared = s.scalar(select(AuditEvent).where(AuditEvent.action == "do_not_visit"))
        assert cleared is not None and cleared.detail["reason"] == "已和解"
