import pytest
from sqlalchemy import select

from hvdesk.model import AuditEvent, Branch, Customer
from hvdesk.services import audit, customers
from hvdesk.services.customers import CustomerInput
from tests.factories import make_org

ID = "11010519491231002X"
PHONE = "13800138000"


def _events(db, entity=None):
    with db.session() as s:
        q = select(AuditEvent).order_by(AuditEvent.id)
        if entity:
            q = q.where(AuditEvent.entity == entity)
        return list(s.scalars(q))


def _new_customer(db, org):
    with db.begin() as s:
        return customers.create_customer(
            s, db.cipher, org.actors["coord1"], org.branch_id,
            CustomerInput(name="张三", id_number=ID, phone=PHONE,
                          registered_address="北京市朝阳区建国路1号"))


def test_create_update_and_view_full_are_audited_without_personal_data(db):
    org = make_org(db)
    view = _new_customer(db, org)
    with db.begin() as s:
        customers.update_customer(s, db.cipher, org.actors["coord2"], view.id, view.version,
                                  {"phone": "13900139000", "do_not_visit": True,
                                   "do_not_visit_reason": "客户投诉"})
    with db.begin() as s:
        customers.reveal(s, db.cipher, org.actors["manager1"], view.id, "id_number")
    events = _events(db, "customer")
    assert [(e.action, e.actor_login) for e in events] == [
        ("create", "coord1"), ("update", "coord2"), ("view_full", "manager1")]
    assert events[0].entity_id == str(view.id)
    update = events[1]
    assert sorted(update.detail["fields"]) == sorted(
        ["phone_enc", "phone_bidx", "phone_prefix", "phone_last4", "do_not_visit",
         "do_not_visit_reason", "updated_by_id"])
    assert update.detail["do_not_visit"] == {"from": False, "to": True}
    assert update.entity_id == str(view.id)
    assert update.desk
    text = repr([(e.detail, e.entity_id) for e in _events(db)])
    for secret in (ID, PHONE, "13900139000", "建国路"):
        assert secret not in text


def test_a_change_without_an_actor_is_refused(db):
    with pytest.raises(audit.MissingActor), db.begin() as s:
        s.add(Branch(code="X", name="x", address="x", hotline="1"))
    with db.session() as s:
        assert s.scalar(select(Branch.id)) is None


def test_sqlite_file_holds_no_clear_numbers(sqlite_db):
    org = make_org(sqlite_db)
    _new_customer(sqlite_db, org)
    sqlite_db.engine.dispose()
    path = sqlite_db.sqlite_path
    raw = path.read_bytes() + path.with_name(path.name + "-wal").read_bytes() \
        if path.with_name(path.name + "-wal").exists() else path.read_bytes()
    for secret in (ID, PHONE, ID[:17]):
        assert secret.encode() not in raw
    with sqlite_db.session() as s:
        c = s.scalar(select(Customer))
        assert c.id_last4 == "002X"
