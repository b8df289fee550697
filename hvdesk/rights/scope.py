"""Which customers an actor may act for, and the encrypted columns of the schema.

The scope rule is the core's one rule (:mod:`hvdesk.security.scope`).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from hvdesk.errors import NotFound
from hvdesk.messages import msg
from hvdesk.model import Customer
from hvdesk.security import pii, scope
from hvdesk.security.crypto import FieldCipher, SealedColumn
from hvdesk.services.context import Actor

#: (table, column) -> how its values are sealed. Every encrypted column in the schema:
#: the subject export decrypts them, retention overwrites them, the tests scan them.
#: A notice keeps a copy of its customer's number, bound to the customer's row.
ENCRYPTED: dict[tuple[str, str], SealedColumn] = {
    ("customer", "id_enc"): pii.CUSTOMER_ID,
    ("customer", "phone_enc"): pii.CUSTOMER_PHONE,
    ("notice", "phone_enc"): pii.CUSTOMER_PHONE,
}


def require_customer(session: Session, actor: Actor, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(msg("rights.scope.customer_id_customer",
                "no customer with id {customer_id}",
                customer_id=customer_id))
    scope.require_customer(session, actor, customer)
    return customer


def decrypt(cipher: FieldCipher, table: str, column: str, blob: bytes, customer_id: int) -> str:
    """A value of ``customer_id`` (the customer's row, or a notice to that customer)."""
    return cipher.decrypt(ENCRYPTED[(table, column)].at(customer_id), blob)
