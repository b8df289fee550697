from hvdesk.services import customers
from hvdesk.services.customers import CustomerInput
from tests.factories import make_org


def test_create_and_view_customer(db):
    org = make_org(db)
    coord = org.actors["coord1"]
    with db.begin() as s:
        view = customers.create_customer(
            s, db.cipher, coord, org.branch_id,
            CustomerInput(name="张三", id_number="11010519491231002X", phone="+86 138-0013-8000",
                          registered_address="北京市朝阳区建国路1号"),
        )
    assert view.id_number_masked == "110105********002X"
    assert view.phone_masked == "138****8000"
