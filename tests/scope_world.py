"""Two branches for the walk-everything scope tests (tests/test_scope_walk*.py).

Branch A is tests.documents_helpers' pack world (visits, reports, a notice,
feedback, a promise) plus an attachment, a complaint case, a leave, a saved
filter and a cost. Branch B has one user of each role and a customer and visit
of its own, so that B's lists are not trivially empty. Every name in A is
listed in ``markers``: none may appear in anything B is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from hvdesk.database import Database
from hvdesk.model import (
    Branch,
    ComplaintCase,
    Customer,
    Feedback,
    LocationPrecision,
    Notice,
    ReportAttachment,
    SavedFilter,
    User,
    Visit,
    VisitCost,
    VisitMember,
    VisitorLeave,
    VisitReport,
)
from hvdesk.names import name_initials
from hvdesk.security import masking, pii
from hvdesk.security.passwords import hash_password
from hvdesk.security.roles import Role
from hvdesk.services import audit
from hvdesk.services.auth import actor_for
from hvdesk.services.context import SYSTEM, Actor
from tests.documents_helpers import PackWorld, make_pack_world
from tests.factories import PASSWORD
from tests.scheduling_helpers import CUSTOMERS, TUESDAY, id_number
from tests.scope_helpers import visit_with_report

B_CODE = "XA01"
B_CUSTOMER = "钱多多"


@dataclass
class TwoBranches:
    db: Database
    pack: PackWorld
    branch_a: int
    branch_b: int
    code_a: str
    #: Branch B's users by role name: coordinator, visitor, visitor2, reviewer, manager.
    b: dict[str, Actor]
    b_customer: int
    b_visit: int
    #: One object of each kind in branch A.
    customer: int
    visit: int
    past_visit: int
    report: int
    notice: int
    attachment: int
    complaint: int
    leave: int
    saved_filter: int
    contract: str
    visitor_login: str
    visitor_id: int
    markers: list[str] = field(default_factory=list)

    def leaked(self, text: str) -> list[str]:
        return [m for m in self.markers if m in text]


def make_two_branches(db: Database) -> TwoBranches:
    pack = make_pack_world(db)
    world = pack.world
    pw = hash_password(PASSWORD, demo=True)
    cipher = db.cipher
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        branch_a = s.get(Branch, world.branch_id)
        assert branch_a is not None
        code_a = branch_a.code
        b = Branch(code=B_CODE, name="西安雁塔支行", address="陕西省西安市雁塔区长安南路2号",
                   latitude=34.22, longitude=108.95, hotline="029-87654321")
        s.add(b)
        s.flush()
        people = [("coordinator", "coordb", "郑红", Role.COORDINATOR),
                  ("visitor", "visitorb", "何亮", Role.VISITOR),
                  ("visitor2", "visitorb2", "罗兰", Role.VISITOR),
                  ("reviewer", "reviewerb", "梁冰", Role.REVIEWER),
                  ("manager", "managerb", "宋雨", Role.MANAGER)]
        users = {}
        for key, login, name, role in people:
            u = User(login=login, display_name=name, employee_no=f"B-{login}", role=role,
                     branch_id=b.id, password_hash=pw)
            s.add(u)
            users[key] = u
        # Ciphertexts are bound to their row: the id comes first (issue 14).
        cid = pii.reserve_ids(s.connection(), "customer", 1)[0]
        c = Customer(id=cid, branch_id=b.id, name=B_CUSTOMER,
                     name_initials=name_initials(B_CUSTOMER),
                     registered_address="陕西省西安市雁塔区小寨路9号", registered_adcode="610113",
                     latitude=34.22, longitude=108.94, location_precision=LocationPrecision.EXACT,
                     **pii.id_columns(cipher, cid, id_number(101)),
                     **pii.phone_columns(cipher, cid, "13700001111"))
        s.add(c)
        s.flush()
        b_actors = {k: actor_for(u) for k, u in users.items()}
        b_customer = c.id
        # A's odds and ends; team A (visitor1 leading visitor2) made the past visit.
        past = pack.past_visit
        for pos, uid in enumerate(world.team(0, 1)):
            s.add(VisitMember(visit_id=past, user_id=uid, is_lead=pos == 0, position=pos))
        report = s.query(VisitReport).filter_by(visit_id=past).one()
        s.add(ReportAttachment(report_id=report.id, filename="门牌.jpg", media_type="image/jpeg",
                               sha256="0" * 64, content=b"\xff\xd8photo", size=7))
        fb = s.query(Feedback).filter_by(visit_id=past).one()
        case = ComplaintCase(feedback_id=fb.id, visit_id=past, customer_id=world.customers[0],
                             text="来访时间太早", owner_id=world.coord.user_id,
                             due=TUESDAY, opened_by_id=world.coord.user_id)
        s.add(case)
        leave = VisitorLeave(user_id=world.visitors[0], start_date=TUESDAY,
                             end_date=TUESDAY, reason="年假")
        s.add(leave)
        saved = SavedFilter(user_id=world.coord.user_id, name="甲方筛选", definition={})
        s.add(saved)
        s.add(VisitCost(visit_id=past, distance_km=Decimal(12)))
        s.flush()
        notice = s.query(Notice).first()
        assert notice is not None
        notice.idem_key = "a-key-1"
        visit_a = s.get(Visit, pack.team_a[0])
        assert visit_a is not None
        ids = dict(report=report.id, notice=notice.id, case=case.id, leave=leave.id,
                   saved=saved.id, attachment=s.query(ReportAttachment).one().id,
                   customer=visit_a.customer_id)
    b_visit = visit_with_report(db, b_customer, [b_actors["visitor"].user_id or 0,
                                                 b_actors["visitor2"].user_id or 0])
    markers = [name for name, *_ in CUSTOMERS]
    markers += [masking.mask_name(name) for name, *_ in CUSTOMERS]
    markers += [a.display_name for a in world.actors.values() if a.display_name != "系统管理员"]
    markers += ["成都武侯支行", "028-12345678", "测试路", "沟通要点", "甲方筛选",
                "13912340000", *(id_number(k + 1) for k in range(8))]
    return TwoBranches(
        db=db, pack=pack, branch_a=world.branch_id, branch_b=b_actors["coordinator"].branch_id
        or 0, code_a=code_a, b=b_actors, b_customer=b_customer, b_visit=b_visit,
        customer=ids["customer"], visit=pack.team_a[0], past_visit=pack.past_visit,
        report=ids["report"], notice=ids["notice"], attachment=ids["attachment"],
        complaint=ids["case"], leave=ids["leave"], saved_filter=ids["saved"],
        contract="HT-TEST-1", visitor_login="visitor1", visitor_id=world.visitors[0],
        markers=markers,
    )
