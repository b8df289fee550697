import dataclasses

import pytest
from sqlalchemy import select

from hvdesk.errors import PermissionDenied, StaleEdit, ValidationError
from hvdesk.model import Customer
from hvdesk.services import customers
from hvdesk.services.customers import CustomerInput
from tests.factories import make_org
from tests.scope_helpers import visit_with_report

GOOD = CustomerInput(name="张三", id_number="11010519491231002X", phone="13800138000",
                     registered_address="北京市朝阳区建国路1号")


def _create(db, org, data=GOOD):
    with db.begin() as s:
        return customers.create_customer(s, db.cipher, org.actors["coord1"], org.branch_id, data)


def test_second_stale_edit_is_refused_and_first_is_kept(db):
    org = make_org(db)
    view = _create(db, org)
    # Two desks open the same customer at version 1.
    desk_a, desk_b = db.session(), db.session()
    with desk_a.begin():
        customers.update_customer(desk_a, db.cipher, org.actors["coord1"], view.id, view.version,
                                  {"current_address": "成都市武侯区天府大道100号"})
    with pytest.raises(StaleEdit) as err, desk_b.begin():
        customers.update_customer(desk_b, db.cipher, org.actors["coord2"], view.id, view.version,
                                  {"current_address": "成都市锦江区春熙路1号"})
    message = str(err.value)
    assert "coord1" in message
    assert "current_address" in message
    assert "reload" in message
    desk_a.close()
    desk_b.close()
    with db.session() as s:
        c = s.scalar(select(Customer))
        assert c.current_address == "成都市武侯区天府大道100号"
        assert c.version == 2


def test_concurrent_flush_race_is_caught_by_the_version_column(db):
    """Both desks pass the version check; the database refuses the later UPDATE."""
    org = make_org(db)
    view = _create(db, org)
    desk_a, desk_b = db.session(), db.session()
    a_cust = desk_a.get(Customer, view.id)
    b_cust = desk_b.get(Customer, view.id)
    assert a_cust.version == b_cust.version == 1
    customers.update_customer(desk_a, db.cipher, org.actors["coord1"], view.id, 1,
                              {"name": "张三丰"})
    desk_a.commit()
    with pytest.raises(StaleEdit, match="changed by someone else"):
        customers.update_customer(desk_b, db.cipher, org.actors["coord2"], view.id, 1,
                                  {"name": "张小三"})
    desk_b.rollback()
    desk_a.close()
    desk_b.close()
    with db.session() as s:
        assert s.scalar(select(Customer.name)) == "张三丰"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"id_number": "110105194912310021"}, "id_number", "check character should be X"),
        ({"id_number": "11010519990230002X"}, "id_number", "no such date 1999-02-30"),
        ({"phone": "12345"}, "phone", "11 digits"),
        ({"registered_address": "  "}, "registered_address", "registered address is empty"),
        ({"name": ""}, "name", "name is empty"),
        ({"do_not_visit": True}, "do_not_visit_reason", "reason"),
    ],
)
def test_invalid_input_names_the_field(sqlite_db, change, field, message):
    org = make_org(sqlite_db)
    data = dataclasses.replace(GOOD, **change)
    with pytest.raises(ValidationError, match=message) as err:
        _create(sqlite_db, org, data)
    assert err.value.field == field
    with sqlite_db.session() as s:
        assert s.scalar(select(Customer.id)) is None


def test_duplicate_id_number_is_refused(sqlite_db):
    org = make_org(sqlite_db)
    _create(sqlite_db, org)
    with pytest.raises(ValidationError, match="already exists"):
        _create(sqlite_db, org, dataclasses.replace(GOOD, id_number="11010519491231002x",
                                                    phone="13900000000"))


def test_full_view_depends_on_role(sqlite_db):
    org = make_org(sqlite_db)
    view = _create(sqlite_db, org)
    with sqlite_db.begin() as s:
        assert customers.reveal(s, sqlite_db.cipher, org.actors["coord1"], view.id,
                                "phone") == "13800138000"
    with pytest.raises(ValidationError, match="say why"), sqlite_db.begin() as s:
        customers.reveal(s, sqlite_db.cipher, org.actors["visitor1"], view.id, "phone")
    # A reviewer sees the customers of reports he may review (hvdesk.security.scope).
    with pytest.raises(PermissionDenied, match="reports to review"), sqlite_db.begin() as s:
        customers.reveal(s, sqlite_db.cipher, org.actors["reviewer1"], view.id,
                         "id_number", reason="核对身份")
    visit_with_report(sqlite_db, view.id, [org.actors["visitor1"].user_id])
    with sqlite_db.begin() as s:
        assert customers.reveal(s, sqlite_db.cipher, org.actors["reviewer1"], view.id,
                                "id_number", reason="核对身份") == "11010519491231002X"
    with pytest.raises(PermissionDenied), sqlite_db.begin() as s:
        customers.update_customer(s, sqlite_db.cipher, org.actors["visitor1"], view.id, 1,
                                  {"name": "x"})
